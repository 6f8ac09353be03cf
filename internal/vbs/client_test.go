package vbs_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

const project = emulator.SampleSharerProject

func TestPasswordAuthFindsVBSInTheCatalog(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, project)
	if want := srv.URL + "/v2/" + project + "/"; c.ResourceBaseURL() != want {
		t.Errorf("resource base %s, want %s", c.ResourceBaseURL(), want)
	}
	if c.ProjectID != project || c.Method != vbs.MethodPassword {
		t.Errorf("client = %+v", c)
	}
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Errorf("count = %d, %v", n, err)
	}
	if got := emu.Stats()["iam.token"]; got != 1 {
		t.Errorf("%d token requests, want 1", got)
	}
}

func TestScopeByProjectName(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	cfg := vbstest.PasswordConfig(srv, "")
	cfg.ProjectName = "eu-de"
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if c.ProjectID != project {
		t.Errorf("project %s, want %s", c.ProjectID, project)
	}
}

func TestTokenEndpointAndProjectMakeNoIAMCall(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, project).TokenID
	emu.ResetStats()
	c, err := vbs.NewClient(context.Background(), vbs.Config{Token: token, Endpoint: srv.URL, ProjectID: project})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shares.Get(context.Background(), c.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da"); err != nil {
		t.Fatal(err)
	}
	if stats := emu.Stats(); stats["iam.token"] != 0 || stats["get"] != 1 {
		t.Errorf("stats %v: want no IAM call and one get", stats)
	}
}

func TestTokenWithoutEndpointRescopesThroughIAM(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, project).TokenID
	c, err := vbs.NewClient(context.Background(), vbs.Config{Token: token, AuthURL: srv.URL + "/v3", ProjectID: "722513ed0a324dadaabe5b2d0fe848b9"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != vbs.MethodToken || !strings.HasSuffix(c.ResourceBaseURL(), "/v2/722513ed0a324dadaabe5b2d0fe848b9/") {
		t.Errorf("client %+v at %s", c, c.ResourceBaseURL())
	}
}

func TestReauthenticatesWhenTheTokenExpires(t *testing.T) {
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	emu := emulator.New(emulator.Options{TokenLifetime: time.Minute, Now: clock})
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	c := vbstest.Client(t, srv, project)
	mu.Lock()
	now = now.Add(2 * time.Minute)
	mu.Unlock()
	if _, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	if got := emu.Stats()["iam.token"]; got != 2 {
		t.Errorf("%d token requests, want 2 (one re-authentication)", got)
	}
}

func TestAuthFailuresNameTheMethod(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	cfg := vbstest.PasswordConfig(srv, project)
	cfg.Password = "wrong"
	_, err := vbs.NewClient(context.Background(), cfg)
	var ae *vbs.AuthError
	if !errors.As(err, &ae) || ae.StatusCode() != 401 || !strings.Contains(err.Error(), "password authentication") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("err = %v", err)
	}
	if _, err := vbs.NewClient(context.Background(), vbs.Config{AuthURL: srv.URL + "/v3"}); !errors.Is(err, vbs.ErrNoCredentials) {
		t.Errorf("no credentials: %v", err)
	}
}

func TestEVSToVBS(t *testing.T) {
	for in, want := range map[string]string{
		"https://evs.eu-de.otc.t-systems.com/v2/p":        "https://vbs.eu-de.otc.t-systems.com/v2/p/",
		"https://evs.cn-north-4.myhuaweicloud.com:443/v2": "https://vbs.cn-north-4.myhuaweicloud.com:443/v2/",
	} {
		if got, err := vbs.EVSToVBS(in); err != nil || got != want {
			t.Errorf("EVSToVBS(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := vbs.EVSToVBS("https://volume.example.com/v2/p"); err == nil {
		t.Error("a host without evs was accepted")
	}
}

func TestCatalogWithoutVBSFallsBackToEVS(t *testing.T) {
	// The catalog has only volumev2 at http://evs.127.0.0.1:PORT/...; the
	// client must derive http://vbs.127.0.0.1:PORT/... from it. The base
	// transport dials every host to the emulator, as DNS would.
	var hosts []string
	_, srv := emutest.Start(t, emulator.Options{CatalogWithoutVBS: true})
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		hosts = append(hosts, addr)
		return (&net.Dialer{}).DialContext(ctx, network, srv.Listener.Addr().String())
	}
	cfg := vbstest.PasswordConfig(srv, project)
	cfg.Transport = &http.Transport{DialContext: dial}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ResourceBase, "http://vbs.127.0.0.1:") {
		t.Fatalf("VBS at %s, want the EVS host with evs replaced by vbs", c.ResourceBase)
	}
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Fatalf("count through the derived endpoint: %d, %v", n, err)
	}
	if last := hosts[len(hosts)-1]; !strings.HasPrefix(last, "vbs.127.0.0.1:") {
		t.Errorf("last request went to %s", last)
	}
}

func TestARegionTheCatalogLacksListsTheRegionsItHas(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Region: "eu-de"})
	cfg := vbstest.PasswordConfig(srv, project)
	cfg.Region = "eu-nl"
	_, err := vbs.NewClient(context.Background(), cfg)
	var ce *vbs.CatalogError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), `in region "eu-nl"; it has them in eu-de`) {
		t.Fatalf("err = %v", err)
	}
}

func TestAnUnreachableEndpointSaysHowOftenAndHowLong(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there now
	cfg := vbs.Config{Endpoint: url, ProjectID: project, Token: "t", MaxRetries: 2, RetryBaseDelay: time.Millisecond}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = shares.Count(context.Background(), c.ServiceClient, shares.Filters{})
	if err == nil || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), "(tried 3 times over ") {
		t.Fatalf("err = %v", err)
	}
}
