package emulator_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/seeddocs"
)

const (
	sharer   = emulator.SampleSharerProject
	receiver = "722513ed0a324dadaabe5b2d0fe848c9"
)

type harness struct {
	t   *testing.T
	emu *emulator.Server
	srv *httptest.Server
	now time.Time
}

func start(t *testing.T, opts emulator.Options) *harness {
	h := &harness{t: t, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	opts.Now = func() time.Time { return h.now }
	h.emu = emulator.New(opts)
	h.srv = httptest.NewServer(h.emu)
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) do(method, path, token string, body string) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("X-Auth-Token", token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func passwordAuth(user, password, scope string) string {
	return fmt.Sprintf(
		`{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": %q, "password": %q, "domain": {"name": "demo-domain"}}}}, "scope": {"project": %s}}}`,
		user,
		password,
		scope,
	)
}

func (h *harness) token(project string) string {
	h.t.Helper()
	resp, body := h.do(http.MethodPost, "/v3/auth/tokens", "", passwordAuth(emulator.SampleUser, emulator.SamplePassword, `{"id": "`+project+`"}`))
	if resp.StatusCode != http.StatusCreated {
		h.t.Fatalf("auth: %d %s", resp.StatusCode, body)
	}
	return resp.Header.Get("X-Subject-Token")
}

func sharing(project, rest string) string {
	return "/v2/" + project + "/os-vendor-backup-sharing" + rest
}

func jsonEqual(t *testing.T, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("got invalid JSON %s: %v", got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatal(err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("JSON differs:\n got %s\nwant %s", gb, wb)
	}
}

func TestServesTheSeedDocumentsVerbatim(t *testing.T) {
	h := start(t, emulator.Options{})
	tok := h.token(sharer)
	_, body := h.do(http.MethodGet, sharing(sharer, "/8332443e-9866-41d8-8a58-a898cf5db030"), tok, "")
	jsonEqual(t, body, seeddocs.GetBody)

	// The list seed holds the two shares to b9 and a9, newest first.
	_, body = h.do(http.MethodGet, sharing(sharer, "/detail?backup_id=066b1e37-9305-4057-97e5-2e99b21fc71d&limit=2&offset=1"), tok, "")
	jsonEqual(t, body, seeddocs.ListBody)
	if !strings.Contains(body, `"updated_at":null`) || !strings.Contains(body, `"created_at":"2017-08-10T12:25:40.480424"`) {
		t.Errorf("nulls or zone-less timestamps not kept: %s", body)
	}
}

func TestAuthentication(t *testing.T) {
	h := start(t, emulator.Options{TokenLifetime: time.Hour})
	cases := []struct{ name, body string }{
		{"wrong password", passwordAuth(emulator.SampleUser, "nope", `{"id": "`+sharer+`"}`)},
		{"unknown user", passwordAuth("mallory", emulator.SamplePassword, `{"id": "`+sharer+`"}`)},
		{"project of another user", passwordAuth(emulator.SampleUser, emulator.SamplePassword, `{"id": "not-a-project"}`)},
	}
	for _, tc := range cases {
		if resp, body := h.do(http.MethodPost, "/v3/auth/tokens", "", tc.body); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s: %d %s, want 401", tc.name, resp.StatusCode, body)
		}
	}
	// Scope by name within the domain.
	resp, body := h.do(
		http.MethodPost,
		"/v3/auth/tokens",
		"",
		passwordAuth(emulator.SampleUser, emulator.SamplePassword, `{"name": "eu-de", "domain": {"name": "demo-domain"}}`),
	)
	if resp.StatusCode != http.StatusCreated || !strings.Contains(body, `"id":"`+sharer+`"`) || !strings.Contains(body, `"type":"vbsv2"`) ||
		!strings.Contains(body, h.srv.URL+"/v2/"+sharer) {
		t.Fatalf("scope by name: %d %s", resp.StatusCode, body)
	}
	tok := resp.Header.Get("X-Subject-Token")

	// The token method re-scopes an existing token.
	resp, _ = h.do(
		http.MethodPost,
		"/v3/auth/tokens",
		"",
		`{"auth": {"identity": {"methods": ["token"], "token": {"id": "`+tok+`"}}, "scope": {"project": {"id": "`+receiver+`"}}}}`,
	)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("token method: %d", resp.StatusCode)
	}

	for name, token := range map[string]string{"missing": "", "unknown": "forged"} {
		resp, body := h.do(http.MethodGet, sharing(sharer, "/detail"), token, "")
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, `"error_code":"APIGW.0301"`) || !strings.Contains(body, `"request_id":"req-`) {
			t.Errorf("%s token: %d %s", name, resp.StatusCode, body)
		}
	}
	h.now = h.now.Add(time.Hour)
	if resp, body := h.do(
		http.MethodGet,
		sharing(sharer, "/detail"),
		tok,
		"",
	); resp.StatusCode != http.StatusUnauthorized ||
		!strings.Contains(body, "expired") {
		t.Errorf("expired token: %d %s", resp.StatusCode, body)
	}
}

func TestProjectIsolation(t *testing.T) {
	h := start(t, emulator.Options{})
	tok := h.token(receiver)
	if resp, body := h.do(
		http.MethodGet,
		sharing(sharer, "/detail"),
		tok,
		"",
	); resp.StatusCode != http.StatusForbidden ||
		!strings.Contains(body, `"forbidden"`) {
		t.Errorf("URL project other than the token's: %d %s", resp.StatusCode, body)
	}
	_, body := h.do(http.MethodGet, sharing(receiver, "/detail"), tok, "")
	jsonEqual(t, body, `{"shared": []}`)
	_, body = h.do(http.MethodGet, sharing(receiver, "/count?share_to_me=true"), tok, "")
	jsonEqual(t, body, `{"count": 1}`)
	_, body = h.do(http.MethodGet, sharing(receiver, "/detail?share_to_me=1"), tok, "")
	if !strings.Contains(body, "8332443e-9866-41d8-8a58-a898cf5db030") || strings.Contains(body, "e842bf23") {
		t.Errorf("share_to_me list: %s", body)
	}
}

func TestValidationAndRouting(t *testing.T) {
	h := start(t, emulator.Options{})
	tok := h.token(sharer)
	for _, q := range []string{"sort_key=volume_id", "sort_dir=up", "limit=-1", "limit=ten", "offset=-3", "offset=1.5", "share_to_me=maybe"} {
		resp, body := h.do(http.MethodGet, sharing(sharer, "/detail?"+q), tok, "")
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, `"badRequest"`) {
			t.Errorf("%s: %d %s, want 400 badRequest", q, resp.StatusCode, body)
		}
	}
	for _, q := range []string{"sort_key=container_format", "sort_key=disk_format&sort_dir=asc", "limit=0", "offset=100", "bogus=1"} {
		if resp, body := h.do(http.MethodGet, sharing(sharer, "/detail?"+q), tok, ""); resp.StatusCode != http.StatusOK {
			t.Errorf("%s: %d %s, want 200", q, resp.StatusCode, body)
		}
	}
	// count and detail are not ids; an unknown id is a Cinder 404.
	if resp, body := h.do(http.MethodGet, sharing(sharer, "/count"), tok, ""); resp.StatusCode != 200 || !strings.Contains(body, `"count":3`) {
		t.Errorf("count: %d %s", resp.StatusCode, body)
	}
	resp, body := h.do(http.MethodGet, sharing(sharer, "/no-such-share"), tok, "")
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"itemNotFound"`) || resp.Header.Get("X-Request-Id") == "" {
		t.Errorf("unknown id: %d %s", resp.StatusCode, body)
	}
}

// TestRoutes: a path that exists answers 405 to the other methods, any
// other path 404, both in the Cinder shape with a request id; the literal
// "detail" and "count" are never taken for an {id}.
func TestRoutes(t *testing.T) {
	h := start(t, emulator.Options{})
	tok := h.token(sharer)
	for _, c := range []struct {
		method, path string
		status       int
		fault        string
	}{
		{http.MethodPut, sharing(sharer, "/detail"), 405, "methodNotAllowed"},
		{http.MethodDelete, sharing(sharer, "/detail"), 405, "methodNotAllowed"},
		{http.MethodDelete, sharing(sharer, "/count"), 405, "methodNotAllowed"},
		{http.MethodPost, sharing(sharer, "/count"), 405, "methodNotAllowed"},
		{http.MethodPut, sharing(sharer, "/e842bf23-1e05-4c2c-b0f9-25222f4686da"), 405, "methodNotAllowed"},
		{http.MethodGet, sharing(sharer, ""), 405, "methodNotAllowed"},
		{http.MethodGet, "/v3/auth/tokens", 405, "methodNotAllowed"},
		{http.MethodPost, "/v3/projects", 405, "methodNotAllowed"},
		{http.MethodGet, "/v2/" + sharer + "/elsewhere", 404, "itemNotFound"},
		{http.MethodGet, sharing(sharer, "/a/b"), 404, "itemNotFound"},
		{http.MethodGet, "/", 404, "itemNotFound"},
	} {
		resp, body := h.do(c.method, c.path, tok, "")
		if resp.StatusCode != c.status || !strings.Contains(body, `"`+c.fault+`"`) || resp.Header.Get("X-Request-Id") == "" {
			t.Errorf("%s %s: %d %s, want %d %s", c.method, c.path, resp.StatusCode, body, c.status, c.fault)
		}
	}
	if got := h.emu.Stats(); got["delete"] != 0 || got["get"] != 0 {
		t.Errorf("a refused method reached an operation: %v", got)
	}
}

func TestBothAvailabilityZoneSpellingsFilter(t *testing.T) {
	h := start(t, emulator.Options{Data: emulator.GeneratedDataset(9)})
	tok := h.token(sharer)
	for _, p := range []string{"availability_zone", "avalilability_zone"} {
		_, body := h.do(http.MethodGet, sharing(sharer, "/count?"+p+"=eu-de-02"), tok, "")
		jsonEqual(t, body, `{"count": 3}`)
	}
}

func TestSortingAndPaging(t *testing.T) {
	h := start(t, emulator.Options{Data: emulator.GeneratedDataset(10), MaxPageSize: 4, SendLinks: true})
	tok := h.token(sharer)
	var page struct {
		Shared []struct {
			ID     string `json:"id"`
			Backup struct {
				Size int `json:"size"`
			} `json:"backup"`
		} `json:"shared"`
		Links []struct{ Href, Rel string } `json:"shared_links"`
	}
	_, body := h.do(http.MethodGet, sharing(sharer, "/detail?sort_key=size&sort_dir=asc&limit=100"), tok, "")
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Shared) != 4 {
		t.Fatalf("limit 100 on a 4-item cap returned %d", len(page.Shared))
	}
	for i := 1; i < len(page.Shared); i++ {
		if page.Shared[i-1].Backup.Size > page.Shared[i].Backup.Size {
			t.Errorf("not sorted by size: %+v", page.Shared)
		}
	}
	if len(page.Links) != 1 || page.Links[0].Rel != "next" || !strings.Contains(page.Links[0].Href, "offset=4") ||
		!strings.HasPrefix(page.Links[0].Href, h.srv.URL) {
		t.Fatalf("links = %+v", page.Links)
	}
	_, body = h.do(http.MethodGet, strings.TrimPrefix(page.Links[0].Href, h.srv.URL), tok, "")
	if err := json.Unmarshal([]byte(body), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Shared) != 4 || len(page.Links) != 1 {
		t.Errorf("second page: %d shares, %d links", len(page.Shared), len(page.Links))
	}
	_, body = h.do(http.MethodGet, sharing(sharer, "/detail?offset=12"), tok, "")
	if strings.Contains(body, "shared_links") {
		t.Errorf("last page carries a link: %s", body)
	}
}

func TestFaults(t *testing.T) {
	h := start(t, emulator.Options{})
	tok := h.token(sharer)
	h.emu.InjectFaults(
		emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "2"},
		emulator.Fault{Kind: emulator.FaultMalformed},
		emulator.Fault{Kind: emulator.FaultHTML, Op: "get"},
	)
	resp, body := h.do(http.MethodGet, sharing(sharer, "/detail"), tok, "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "overLimit") {
		t.Errorf("429 fault: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	_, body = h.do(http.MethodGet, sharing(sharer, "/count"), tok, "")
	if json.Valid([]byte(body)) {
		t.Errorf("malformed fault sent valid JSON: %s", body)
	}
	// The HTML fault waits for a get; the list goes through.
	if resp, _ := h.do(http.MethodGet, sharing(sharer, "/detail"), tok, ""); resp.StatusCode != 200 {
		t.Errorf("list after faults: %d", resp.StatusCode)
	}
	resp, _ = h.do(http.MethodGet, sharing(sharer, "/x"), tok, "")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("html fault content type %q", ct)
	}
	if h.emu.PendingFaults() != 0 {
		t.Errorf("%d faults left", h.emu.PendingFaults())
	}

	// A fresh connection per request: net/http silently retries a GET once
	// when a reused keep-alive connection closes without an answer.
	fresh := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	h.emu.InjectFaults(emulator.Fault{Kind: emulator.FaultDrop})
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, h.srv.URL+sharing(sharer, "/detail"), nil)
	req.Header.Set("X-Auth-Token", tok)
	if resp, err := fresh.Do(req); err == nil {
		_ = resp.Body.Close()
		t.Error("dropped connection answered")
	}
	h.emu.InjectFaults(emulator.Fault{Kind: emulator.FaultTruncated})
	if resp, err := fresh.Do(req); err == nil {
		_, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		if err == nil {
			t.Error("truncated body read in full")
		}
	}
}

func TestDatasetValidation(t *testing.T) {
	for name, doc := range map[string]string{
		"unknown field":   `{"shares": [{"id": "a", "nickname": "x"}]}`,
		"duplicate id":    `{"shares": [{"id": "a"}, {"id": "a"}]}`,
		"bad timestamp":   `{"shares": [{"id": "a", "created_at": "2017-08-08 04:03"}]}`,
		"backup mismatch": `{"shares": [{"id": "a", "backup_id": "x", "backup": {"id": "y"}}]}`,
	} {
		if _, err := emulator.ParseDataset([]byte(doc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if d, sample := emulator.GeneratedDataset(100), emulator.SampleDataset(); len(d.Shares) != len(sample.Shares)+100 {
		t.Errorf("generated %d shares, want the sample's %d and 100", len(d.Shares), len(sample.Shares))
	}
}

// TestRegions: a project of the second region is served under its
// region's prefix, named by its token's catalog, and refused at another
// region's endpoint; IAM lists every project of the user.
func TestRegions(t *testing.T) {
	h := start(t, emulator.Options{})
	nl := emulator.SampleSecondRegionProject
	resp, body := h.do(http.MethodPost, "/v3/auth/tokens", "", passwordAuth(emulator.SampleUser, emulator.SamplePassword, `{"id": "`+nl+`"}`))
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("auth: %d %s", resp.StatusCode, body)
	}
	tok := resp.Header.Get("X-Subject-Token")
	if want := h.srv.URL + "/regions/eu-nl/v2/" + nl; !strings.Contains(body, `"url":"`+want+`"`) || !strings.Contains(body, `"region":"eu-nl"`) {
		t.Errorf("the catalog does not name %s in eu-nl: %s", want, body)
	}
	if resp, body := h.do(
		http.MethodGet,
		"/regions/eu-nl"+sharing(nl, "/detail"),
		tok,
		"",
	); resp.StatusCode != 200 ||
		!strings.Contains(body, emulator.SampleSecondRegionRecipient) {
		t.Errorf("list in eu-nl: %d %s", resp.StatusCode, body)
	}
	for _, p := range []string{sharing(nl, "/detail"), "/regions/eu-de" + sharing(nl, "/detail")} {
		if resp, body := h.do(http.MethodGet, p, tok, ""); resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "not in region eu-de") {
			t.Errorf("%s: %d %s, want 403 naming the region", p, resp.StatusCode, body)
		}
	}
	de := h.token(sharer)
	if resp, body := h.do(http.MethodGet, "/regions/eu-de"+sharing(sharer, "/count"), de, ""); resp.StatusCode != 200 || !strings.Contains(body, `"count":3`) {
		t.Errorf("the own region under its prefix: %d %s", resp.StatusCode, body)
	}
	_, body = h.do(http.MethodGet, "/v3/auth/projects", de, "")
	for _, id := range []string{sharer, nl, emulator.SampleSecondRegionRecipient} {
		if !strings.Contains(body, id) {
			t.Errorf("/v3/auth/projects lacks %s: %s", id, body)
		}
	}
	if strings.Contains(body, emulator.SampleRestrictedProject) {
		t.Errorf("/v3/auth/projects lists a project the user has no role in: %s", body)
	}
	if resp, _ := h.do(
		http.MethodPost,
		"/v3/auth/tokens",
		"",
		passwordAuth(emulator.SampleUser, emulator.SamplePassword, `{"id": "`+emulator.SampleRestrictedProject+`"}`),
	); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a token for a project without a role: %d, want 401", resp.StatusCode)
	}
}

// TestTheExampleDataFileLoads: the data file the README documents is one
// the emulator reads, field for field.
func TestTheExampleDataFileLoads(t *testing.T) {
	d, err := emulator.LoadDataset("../../examples/emulator/data.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Projects) != 4 || len(d.Users) != 1 || len(d.AccessKeys) != 1 || len(d.Backups) != 1 || len(d.Shares) != 1 {
		t.Errorf("the example holds %d projects, %d users, %d keys, %d backups, %d "+
			"shares", len(d.Projects), len(d.Users), len(d.AccessKeys), len(d.Backups), len(d.Shares))
	}
}
