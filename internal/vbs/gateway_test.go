package vbs_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// The client's signer against the emulator's gateway verifier: two
// canonicalisers written apart from each other, each checked by the other
// (the client's also by the published test vectors). The test lives on the
// client's side because the emulator imports none of the client.

// gateway is an emulator on a fixed clock, for signatures with known dates.
type gateway struct {
	t   *testing.T
	srv *httptest.Server
	now time.Time
}

func startGateway(t *testing.T) *gateway {
	h := &gateway{t: t, now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	h.srv = httptest.NewServer(emulator.New(emulator.Options{Now: func() time.Time { return h.now }}))
	t.Cleanup(h.srv.Close)
	return h
}

// sharing is a path of the sharing API in the sample sharer's project.
func sharing(rest string) string {
	return "/v2/" + project + "/os-vendor-backup-sharing" + rest
}

// signed builds a request signed by the client's signer, then lets
// tamper change it after signing.
func (h *gateway) signed(method, path, body string, signer vbs.Signer, at time.Time, tamper func(*http.Request)) (int, string) {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("X-Trace", "first") // an x-* header, signed like any other
	signer.Sign(req, []byte(body), at)
	if tamper != nil {
		tamper(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// signWithout re-signs r the way a client that leaves header out of
// SignedHeaders does, using the client's canonical-request functions.
func signWithout(r *http.Request, s vbs.Signer, header string) {
	var signed []string
	for k := range r.Header {
		if lk := strings.ToLower(k); (lk == "x-sdk-date" || lk == "x-trace") && lk != header {
			signed = append(signed, lk)
		}
	}
	slices.Sort(signed)
	canonical := vbs.CanonicalRequest(r.Method, r.URL.Path, r.URL.Query(), signed, func(n string) []string { return r.Header.Values(n) }, nil)
	sig := vbs.Signature(s.SecretKey, vbs.StringToSign(canonical, r.Header.Get("X-Sdk-Date")))
	r.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+s.AccessKey+", SignedHeaders="+strings.Join(signed, ";")+", Signature="+sig)
}

func TestGatewayVerifiesTheSigner(t *testing.T) {
	h := startGateway(t)
	const sharer, receiver = project, "722513ed0a324dadaabe5b2d0fe848c9"
	good := vbs.Signer{AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey}
	temp := vbs.Signer{AccessKey: emulator.SampleTempAccessKey, SecretKey: emulator.SampleTempSecretKey, SecurityToken: emulator.SampleSecurityToken}
	list := sharing("/detail?limit=5")

	if status, body := h.signed("GET", list, "", good, h.now, nil); status != 200 || !strings.Contains(body, "e842bf23") {
		t.Fatalf("valid signature: %d %s", status, body)
	}
	if status, body := h.signed("GET", list, "", temp, h.now, nil); status != 200 {
		t.Fatalf("valid temporary credentials: %d %s", status, body)
	}
	if status, body := h.signed("GET", "/v3/projects?name=eu-de", "", good, h.now, nil); status != 200 || !strings.Contains(body, sharer) {
		t.Fatalf("signed project lookup: %d %s", status, body)
	}
	create := `{"shared": {"backup_id": "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11", "to_project_ids": ["722513ed0a324dadaabe5b2d0fe848b9"]}}`

	rejections := []struct {
		name, method, path, body string
		signer                   vbs.Signer
		at                       time.Time
		tamper                   func(*http.Request)
		want                     string
	}{
		{"unknown key", "GET", list, "", vbs.Signer{AccessKey: "NOSUCHKEY", SecretKey: "x"}, h.now, nil, "access key NOSUCHKEY does not exist"},
		{"wrong secret", "GET", list, "", vbs.Signer{AccessKey: emulator.SampleAccessKey, SecretKey: "wrong"}, h.now, nil, "verify aksk signature fail"},
		{"tampered query", "GET", list, "", good, h.now, func(r *http.Request) { r.URL.RawQuery = "limit=500" }, "verify aksk signature fail"},
		{"tampered body", "POST", sharing(""), create, good, h.now, func(r *http.Request) {
			tampered := strings.Replace(create, "848b9", "848a9", 1)
			r.Body, r.ContentLength = io.NopCloser(strings.NewReader(tampered)), int64(len(tampered))
		}, "verify aksk signature fail"},
		{"a repeated header signed with its first value only", "GET", list, "", good, h.now, func(r *http.Request) {
			r.Header.Add("X-Trace", "second") // after signing: the signature covers only "first"
		}, "verify aksk signature fail"},
		{"a space signed as %20, sent as +", "GET", sharing("/detail?name=nightly%20db"), "", good, h.now, func(r *http.Request) {
			r.URL.RawQuery = strings.ReplaceAll(r.URL.RawQuery, "%20", "+")
		}, "verify aksk signature fail"},
		{"unsigned date", "GET", list, "", good, h.now, func(r *http.Request) {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), "x-sdk-date;", "", 1))
		}, "header x-sdk-date is not signed"},
		{"date 16 minutes old", "GET", list, "", good, h.now.Add(-16 * time.Minute), nil, "more than 15 minutes off"},
		{"date 16 minutes ahead", "GET", list, "", good, h.now.Add(16 * time.Minute), nil, "more than 15 minutes off"},
		{
			"temporary key without token",
			"GET",
			list,
			"",
			vbs.Signer{AccessKey: temp.AccessKey, SecretKey: temp.SecretKey},
			h.now,
			nil,
			"needs its security token",
		},
		{
			"swapped security token",
			"GET",
			list,
			"",
			temp,
			h.now,
			func(r *http.Request) { r.Header.Set("X-Security-Token", "stolen") },
			"needs its security token",
		},
	}
	for _, tc := range rejections {
		t.Run(tc.name, func(t *testing.T) {
			status, body := h.signed(tc.method, tc.path, tc.body, tc.signer, tc.at, tc.tamper)
			if status != http.StatusUnauthorized || !strings.Contains(body, tc.want) || !strings.Contains(body, `"error_code":"APIGW.0301"`) ||
				!strings.Contains(body, `"request_id"`) {
				t.Errorf("%d %s; want 401 APIGW.0301 with %q", status, body, tc.want)
			}
		})
	}
	// Only X-Sdk-Date must be signed: Huawei's v3 SDK does not sign host.
	if status, body := h.signed("GET", list, "", good, h.now, func(r *http.Request) { signWithout(r, good, "host") }); status != 200 {
		t.Errorf("host not signed: %d %s", status, body)
	}
	// A header sent twice, signed with both values.
	if status, body := h.signed("GET", list, "", good, h.now, func(r *http.Request) {
		r.Header.Add("X-Trace", "second")
		good.Sign(r, nil, h.now)
	}); status != 200 {
		t.Errorf("a header sent twice, signed with both values: %d %s", status, body)
	}
	// A space in a filter, on the wire as the signer sent it.
	if status, body := h.signed("GET", sharing("/detail?name=nightly%20db"), "", good, h.now, nil); status != 200 {
		t.Errorf("a space in the query: %d %s", status, body)
	}
	// 14 minutes off is still accepted.
	if status, _ := h.signed("GET", list, "", good, h.now.Add(-14*time.Minute), nil); status != 200 {
		t.Errorf("14 minutes off: %d", status)
	}
	// The signed X-Project-Id must match the URL's project.
	status, _ := h.signed("GET", list, "", good, h.now, nil)
	if status != 200 {
		t.Fatal(status)
	}
	req, _ := http.NewRequestWithContext(context.Background(), "GET", h.srv.URL+list, nil)
	req.Header.Set("X-Project-Id", receiver)
	good.Sign(req, nil, h.now)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("X-Project-Id of another project: %d, want 403", resp.StatusCode)
	}
}
