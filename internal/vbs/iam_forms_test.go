package vbs_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// IAM and catalogs as other clouds answer them.

func TestIAMAndCatalogForms(t *testing.T) {
	cases := map[string]emulator.Options{
		"a token answered with 200":           {TokenStatus: 200},
		"catalog URL at the service root":     {CatalogURLForm: emulator.CatalogURLRoot},
		"catalog URL with /v2":                {CatalogURLForm: emulator.CatalogURLVersion},
		"catalog URL with $(tenant_id)s":      {CatalogURLForm: emulator.CatalogURLTenantTemplate},
		"catalog URL with %(project_id)s":     {CatalogURLForm: emulator.CatalogURLProjectTemplate},
		"EVS only, with %(project_id)s":       {CatalogWithoutVBS: true, CatalogURLForm: emulator.CatalogURLProjectTemplate},
		"catalog URL with the project's path": {},
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, opts)
			cfg := vbstest.PasswordConfig(srv, project)
			if opts.CatalogWithoutVBS {
				cfg.Transport = dialEverythingTo(srv)
			}
			c, err := vbs.NewClient(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(c.ResourceBase, "/v2/"+project+"/") {
				t.Errorf("resource base %s, want it to end in /v2/%s/", c.ResourceBase, project)
			}
			if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
				t.Errorf("count = %d, %v", n, err)
			}
			// CBR from the same catalog, in the same form with /v3.
			sc, err := c.CBR()
			if err != nil || !strings.HasSuffix(sc.ResourceBase, "/v3/"+project+"/") {
				t.Fatalf("CBR: %v, %v; want a resource base ending in /v3/%s/", sc, err, project)
			}
			if list, err := members.ListBackups(context.Background(), sc, members.BackupListOpts{}); err != nil || len(list) != 3 {
				t.Errorf("CBR backups: %d, %v", len(list), err)
			}
		})
	}
}

func TestACatalogWithOnlyInternalEndpointsSaysSo(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{CatalogInterface: "internal"})
	_, err := vbs.NewClient(context.Background(), vbstest.PasswordConfig(srv, project))
	var ce *vbs.CatalogError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "only with the interfaces internal, not public: set endpoint") {
		t.Fatalf("err = %v, want the interfaces named", err)
	}
}

// dialEverythingTo is a transport that reaches srv whatever the host, as
// DNS would for the hosts a catalog names (evs.…, vbs.…).
func dialEverythingTo(srv *httptest.Server) *http.Transport {
	return &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}}
}
