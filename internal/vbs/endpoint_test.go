package vbs_test

import (
	"context"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestEndpointCopiedWithItsPath(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	for _, endpoint := range []string{srv.URL, srv.URL + "/", srv.URL + "/v2", srv.URL + "/v2/", srv.URL + "/v2/" + project} {
		c, err := vbs.NewClient(context.Background(), vbs.Config{Endpoint: endpoint, ProjectID: project, Token: tokenFor(t, srv)})
		if err != nil {
			t.Fatalf("%s: %v", endpoint, err)
		}
		if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
			t.Errorf("endpoint %s: count %d, %v", endpoint, n, err)
		}
	}
	_, err := vbs.ServiceRoot(srv.URL+"/v2/someone-else", project)
	if err == nil || !strings.Contains(err.Error(), "set endpoint to the service root, "+srv.URL) {
		t.Errorf("another project's path: %v", err)
	}
}

func TestInClear(t *testing.T) {
	for u, want := range map[string]bool{
		"http://vbs.example.com": true, "http://10.1.2.3:8080": true, "https://vbs.example.com": false,
		"http://127.0.0.1:8790": false, "http://localhost:8790": false, "http://[::1]:8790": false,
	} {
		if got := vbs.InClear(u); got != want {
			t.Errorf("InClear(%s) = %v", u, got)
		}
	}
}
