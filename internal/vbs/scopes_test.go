package vbs_test

import (
	"context"
	"errors"
	"fmt"
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

const (
	nlRegion    = emulator.SampleSecondRegion
	nlProject   = emulator.SampleSecondRegionProject
	nlRecipient = emulator.SampleSecondRegionRecipient
	receiverA9  = "722513ed0a324dadaabe5b2d0fe848a9"
)

func newScopes(t *testing.T, cfg vbs.Config) *vbs.Scopes {
	t.Helper()
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return vbs.NewScopes(cfg, c)
}

// countIn is the number of shares the project in the scope has made.
func countIn(t *testing.T, s *vbs.Scopes, project, region string) int {
	t.Helper()
	c, err := s.For(context.Background(), project, region)
	if err != nil {
		t.Fatalf("project %s, region %q: %v", project, region, err)
	}
	if c.ProjectID != project {
		t.Fatalf("asked for project %s, got a client of %s", project, c.ProjectID)
	}
	n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{})
	if err != nil {
		t.Fatalf("project %s, region %q: %v", project, region, err)
	}
	return n
}

// TestScopesSignInOncePerProject: many concurrent reads of two other
// projects (one in another region) make one sign-in each; the default scope
// makes none.
func TestScopesSignInOncePerProject(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	s := newScopes(t, vbstest.PasswordConfig(srv, project))
	emu.ResetStats()
	var wg sync.WaitGroup
	for range 20 {
		for _, p := range []string{project, receiverA9, nlProject} {
			wg.Go(func() {
				if _, err := s.For(context.Background(), p, ""); err != nil {
					t.Errorf("%s: %v", p, err)
				}
			})
		}
	}
	wg.Wait()
	if got := emu.Stats()["iam.token"]; got != 2 {
		t.Errorf("%d sign-ins for 60 reads of 3 projects (one the provider's), want 2", got)
	}
	if n := countIn(t, s, nlProject, ""); n != 1 {
		t.Errorf("the second region's project (its region from its catalog) made %d shares, want 1", n)
	}
	if n := countIn(t, s, nlProject, nlRegion); n != 1 {
		t.Errorf("in region %s: %d shares, want 1", nlRegion, n)
	}
	if c, _ := s.For(context.Background(), "", ""); c != s.Default() {
		t.Error("the empty scope is not the default client")
	}
}

// TestScopesAKSK: requests for another project are signed for it, with no
// sign-in; an endpoint with {region} reaches another region.
func TestScopesAKSK(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project,
		Region: "eu-de", Endpoint: srv.URL + emulator.RegionsPrefix + vbs.RegionPlaceholder}
	s := newScopes(t, cfg)
	if n := countIn(t, s, project, ""); n != 3 {
		t.Errorf("own project: %d shares, want 3", n)
	}
	if n := countIn(t, s, nlProject, nlRegion); n != 1 {
		t.Errorf("project %s in %s: %d shares, want 1", nlProject, nlRegion, n)
	}
	if got := emu.Stats()["iam.token"] + emu.Stats()["iam.projects"]; got != 0 {
		t.Errorf("%d IAM requests, want none", got)
	}
	// Without the placeholder the endpoint is the configured region's only:
	// another region's comes from IAM's service catalog, signed for its
	// project (GET /v3/auth/catalog), as with a token.
	cfg.Endpoint, cfg.AuthURL = srv.URL, srv.URL+"/v3"
	s = newScopes(t, cfg)
	emu.ResetStats()
	if n := countIn(t, s, nlProject, nlRegion); n != 1 {
		t.Errorf("project %s in %s through the catalog: %d shares, want 1", nlProject, nlRegion, n)
	}
	if got := emu.Stats()["iam.catalog"]; got != 1 {
		t.Errorf("%d catalog requests, want 1", got)
	}

	// A project the key's user has no role in is refused by the service.
	c, err := s.For(context.Background(), emulator.SampleRestrictedProject, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a project without a role: %v, want a 403", err)
	}
}

// TestScopesFixedToken: a fixed token serves its own project only, and
// says what to configure instead.
func TestScopesFixedToken(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	tok := vbstest.Client(t, srv, project).TokenID
	s := newScopes(t, vbs.Config{Token: tok, Endpoint: srv.URL, ProjectID: project})
	_, err := s.For(context.Background(), receiverA9, "")
	var se *vbs.ScopeError
	if !errors.As(err, &se) || se.Scope.ProjectID != receiverA9 || !strings.Contains(err.Error(), "fixed token") || !strings.Contains(err.Error(), "password") {
		t.Errorf("another project with a fixed token: %v", err)
	}
	if n := countIn(t, s, project, ""); n != 3 {
		t.Errorf("own project: %d shares", n)
	}
}

// TestScopesUnreachableProject: a sign-in refused for a project names it,
// and is not repeated by the next read of the same project.
func TestScopesUnreachableProject(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	s := newScopes(t, vbstest.PasswordConfig(srv, project))
	emu.ResetStats()
	for range 3 {
		_, err := s.For(context.Background(), emulator.SampleRestrictedProject, "")
		if err == nil || !strings.Contains(err.Error(), "project "+emulator.SampleRestrictedProject) || !strings.Contains(err.Error(), "401") {
			t.Errorf("unreachable project: %v", err)
		}
	}
	if got := emu.Stats()["iam.token"]; got != 1 {
		t.Errorf("%d sign-ins for 3 reads of one unreachable project, want 1", got)
	}
}

// TestScopesCancelledReaderDoesNotFailOthers: the sign-in a reader started
// goes on when that reader gives up.
func TestScopesCancelledReaderDoesNotFailOthers(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	s := newScopes(t, vbstest.PasswordConfig(srv, project))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.For(ctx, receiverA9, ""); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled reader: %v", err)
	}
	if n := countIn(t, s, receiverA9, ""); n != 0 {
		t.Errorf("receiver a9 made %d shares, want 0", n)
	}
}

// TestScopesRefuseIDsThatLeaveThePath: a project or region that is not of
// its form never reaches a URL.
func TestScopesRefuseIDsThatLeaveThePath(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	s := newScopes(t, vbstest.PasswordConfig(srv, project))
	emu.ResetStats()
	for _, sc := range [][2]string{{"..", ""}, {project + "/..", ""}, {"detail", ""}, {receiverA9, "eu-de/../x"}, {receiverA9, "EU DE"}} {
		if _, err := s.For(context.Background(), sc[0], sc[1]); err == nil {
			t.Errorf("%q in %q: accepted", sc[0], sc[1])
		}
	}
	if n := len(emu.Stats()); n != 0 {
		t.Errorf("requests left: %v", emu.Stats())
	}
}

// TestProjects: IAM's list of the projects the credentials reach, by
// password and by access key.
func TestProjects(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	for name, cfg := range map[string]vbs.Config{
		"password": vbstest.PasswordConfig(srv, project),
		"AK/SK":    {AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, Endpoint: srv.URL, AuthURL: srv.URL + "/v3"},
	} {
		got, skipped, err := newScopes(t, cfg).Projects(context.Background())
		if err != nil || len(skipped) != 0 {
			t.Fatalf("%s: %v, skipped %v", name, err, skipped)
		}
		var names []string
		for _, p := range got {
			names = append(names, p.Name)
			if p.Enabled == nil || !*p.Enabled || p.DomainID != emulator.SampleDomain {
				t.Errorf("%s: %+v", name, p)
			}
		}
		if want := "eu-de eu-de_receiver-a9 eu-de_receiver-b9 eu-de_receiver-c9 eu-nl eu-nl_dr"; strings.Join(names, " ") != want {
			t.Errorf("%s: projects %v, want %s", name, names, want)
		}
	}
	_, _, err := newScopes(t, vbs.Config{Token: "t", Endpoint: srv.URL, ProjectID: project}).Projects(context.Background())
	if err == nil || !strings.Contains(err.Error(), "auth_url") {
		t.Errorf("without IAM: %v", err)
	}
	// It names regions whose IAM is known (la-south-2 has no VBS host), and
	// no empty "(GET )".
	if err == nil || !strings.Contains(err.Error(), "la-south-2") || strings.Contains(err.Error(), "(GET )") {
		t.Errorf("without IAM: %v", err)
	}
}

// TestProjectsLeaveOutIDsThatAreNotIDs: a project id of another form (it
// would leave its path segment in a URL) is left out and reported.
func TestProjectsLeaveOutIDsThatAreNotIDs(t *testing.T) {
	data := emulator.SampleDataset()
	data.Projects = append(data.Projects, emulator.Project{ID: "../../v3/\x1b[31mx", Name: "eu-de_hostile", Domain: emulator.SampleDomain})
	data.Users[0].Projects = append(data.Users[0].Projects, "../../v3/\x1b[31mx")
	_, srv := emutest.Start(t, emulator.Options{Data: data})
	got, skipped, err := newScopes(t, vbstest.PasswordConfig(srv, project)).Projects(context.Background())
	if err != nil || len(got) != 6 || len(skipped) != 1 || strings.ContainsRune(skipped[0], '\x1b') {
		t.Errorf("projects %d, skipped %q, %v; want the 6 well-formed ones and the other escaped", len(got), skipped, err)
	}
}

// TestScopesRouteEveryRegionOrSayWhyNot: a region asked for is never
// dropped. With no region configured, the provider's own project in
// another region is that region's (or an error), not the default client's
// answer; and with AK/SK and an endpoint, another project is read at that
// endpoint, not at a public default host.
func TestScopesRouteEveryRegionOrSayWhyNot(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	s := newScopes(t, vbstest.PasswordConfig(srv, project)) // no region: the catalog's
	for _, region := range []string{nlRegion, "la-south-2"} {
		c, err := s.For(context.Background(), project, region)
		if err == nil && c == s.Default() {
			t.Errorf("region %s: the default client, whose endpoint is another region's", region)
		}
		if err == nil && !strings.Contains(c.ResourceBase, "/regions/"+region+"/") {
			t.Errorf("region %s: a client for %s", region, c.ResourceBase)
		}
	}
	aksk := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, Endpoint: srv.URL}
	s = newScopes(t, aksk)
	c, err := s.For(context.Background(), receiverA9, "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ResourceBase, srv.URL+"/") {
		t.Errorf("another project with AK/SK and an endpoint: %s, want it under %s", c.ResourceBase, srv.URL)
	}
	// A region named for it: the endpoint's own region is unknown, and the
	// public default host is not what the user configured.
	_, err = s.For(context.Background(), receiverA9, "eu-de")
	if err == nil || !strings.Contains(err.Error(), "set region in the provider block") {
		t.Errorf("AK/SK, an endpoint without {region}, no provider region, region eu-de: %v", err)
	}
}

// TestScopesRetryASignInLikeARead: a sign-in has no side effect, so a
// gateway's passing 502 or 503 on it is retried as a read's would be,
// rather than failing every read of that project for the run.
func TestScopesRetryASignInLikeARead(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cfg := vbstest.PasswordConfig(srv, project)
	cfg.MaxRetries, cfg.RetryBaseDelay = 3, time.Millisecond
	s := newScopes(t, cfg)
	emu.ResetStats()
	emu.FailSignIns(502, 503)
	if n := countIn(t, s, receiverA9, ""); n != 0 {
		t.Errorf("%d shares", n)
	}
	if got := emu.Stats()["iam.token"]; got != 3 {
		t.Errorf("%d sign-in requests, want 3: two failed, one retried", got)
	}
}

// TestProjectsReadEveryPage: IAM that pages its list (Keystone's
// list_limit) is read to the end by its next links; one that marks its
// list truncated without a next link is an error, never a partial list (3
// of 6 projects before).
func TestProjectsReadEveryPage(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{ProjectsPageSize: 2})
	got, _, err := newScopes(t, vbstest.PasswordConfig(srv, project)).Projects(context.Background())
	if err != nil || len(got) != 6 {
		t.Fatalf("paged by 2: %d projects, %v; want all 6", len(got), err)
	}
	_, srv = emutest.Start(t, emulator.Options{ProjectsPageSize: 3, ProjectsTruncatedOnly: true})
	got, _, err = newScopes(t, vbstest.PasswordConfig(srv, project)).Projects(context.Background())
	if err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("truncated without a next link: %d projects, %v; want an error", len(got), err)
	}
}

// refuseAll is a transport that fails every request: a test that uses it
// proves nothing was sent.
type refuseAll struct{ t *testing.T }

func (r refuseAll) RoundTrip(req *http.Request) (*http.Response, error) {
	r.t.Errorf("a request was sent to %s", req.URL.Host)
	return nil, errors.New("refused by the test")
}

// TestScopesKeepCredentialsInTheirCloud: OTC credentials are never signed
// for, or sent to, a Huawei Cloud region's host (and the other way round):
// such a region is an error before any request.
func TestScopesKeepCredentialsInTheirCloud(t *testing.T) {
	for _, c := range []struct {
		auth, region, other string
	}{
		{"https://iam.eu-de.otc.t-systems.com/v3", "eu-de", "cn-north-4"},
		{"https://iam.cn-north-4.myhuaweicloud.com/v3", "cn-north-4", "eu-de"},
	} {
		endpoint, _, _ := vbs.RegionEndpoints(c.region) // the default client's, so that making it sends nothing
		cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, SecurityToken: emulator.SampleSecurityToken,
			ProjectID: project, AuthURL: c.auth, Region: c.region, Endpoint: endpoint, Transport: refuseAll{t}}
		s := newScopes(t, cfg.WithRegionDefaults())
		_, err := s.For(context.Background(), receiverA9, c.other)
		if err == nil || !strings.Contains(err.Error(), "not sent to the other cloud") {
			t.Errorf("credentials of %s, region %s: %v", c.auth, c.other, err)
		}
	}
}

// TestScopesShareOneConnectionPool: reading many projects opens
// connections by the reads in flight, not by the projects (a transport per
// project opened one pool each, and left them open).
func TestScopesShareOneConnectionPool(t *testing.T) {
	var mu sync.Mutex
	conns := 0
	srv := httptest.NewUnstartedServer(emulator.New(emulator.Options{}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			mu.Lock()
			conns++
			mu.Unlock()
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project, Endpoint: srv.URL}
	s := newScopes(t, cfg)
	const projects, parallel = 60, 10
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for i := range projects {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := s.For(context.Background(), fmt.Sprintf("%032x", i+1), "")
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = shares.Count(context.Background(), c.ServiceClient, shares.Filters{}) // 403 for most: a request all the same
		})
	}
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if conns > 2*parallel {
		t.Errorf("%d connections for %d projects read %d at a time, want at most %d", conns, projects, parallel, 2*parallel)
	}
	t.Logf("%d connections for %d projects", conns, projects)
}

// TestScopesWarnOfPlainHTTPOncePerScope: a scope whose endpoint is http://
// (off loopback) is reported once, for a warning; the default client's is
// Configure's to warn of.
func TestScopesWarnOfPlainHTTPOncePerScope(t *testing.T) {
	cfg := vbs.Config{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey, ProjectID: project,
		Endpoint: "http://vbs.internal.example", Transport: refuseAll{t}}
	s := newScopes(t, cfg)
	c, err := s.For(context.Background(), receiverA9, "")
	if err != nil {
		t.Fatal(err)
	}
	if !s.FirstInClear(c) || s.FirstInClear(c) {
		t.Error("want one report for the scope, then none")
	}
	if s.FirstInClear(s.Default()) {
		t.Error("the default client reported")
	}
}
