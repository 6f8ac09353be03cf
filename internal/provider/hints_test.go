package provider

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// TestARegionWithoutVBSSaysSo: AK/SK in a region whose default VBS host
// does not resolve is told that VBS may not be offered there and what to
// set, after one attempt rather than six.
func TestARegionWithoutVBSSaysSo(t *testing.T) {
	var dials atomic.Int32
	cfg := vbs.Config{Region: "eu-west-0", AccessKey: "AKAKAKAK", SecretKey: "SKSKSKSK", ProjectID: sharer, MaxRetries: 5,
		Transport: &http.Transport{DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
			if strings.HasPrefix(addr, "vbs.") { // IAM's catalog is asked first, and fails alike
				dials.Add(1)
			}
			return nil, &net.DNSError{Err: "no such host", Name: strings.Split(addr, ":")[0], IsNotFound: true}
		}}}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
	detail := apiErrorDiagnostic("Cannot list backup shares", err, c).Detail()
	for _, want := range []string{"vbs.eu-west-0.myhuaweicloud.com", "the default of region eu-west-0", "does not resolve", "may not be offered in region eu-west-0", "Set endpoint (VBS_ENDPOINT)"} {
		if !strings.Contains(detail, want) {
			t.Errorf("the diagnostic lacks %q:\n%s", want, detail)
		}
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("%d attempts, want 1: a host that does not exist does not start to", n)
	}
}

func TestNotFoundHintsNameTheEndpointOnlyWhenItWasSet(t *testing.T) {
	e := &shares.Error{Op: "get backup share", StatusCode: 404}
	for source, wantEndpoint := range map[vbs.EndpointSource]bool{vbs.EndpointFromSetting: true, vbs.EndpointFromCatalog: false, vbs.EndpointFromRegion: false} {
		detail := apiErrorDiagnostic("x", e, &vbs.Client{EndpointSource: source}).Detail()
		if strings.Contains(detail, "VBS_ENDPOINT") != wantEndpoint {
			t.Errorf("endpoint %s: %q", source, detail)
		}
	}
}
