package vbs

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The three published test vectors (shared/api/vbs-backup-sharing.md).

func TestSignerVector1SigningGuide(t *testing.T) {
	u, _ := url.Parse("https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0")
	headers := map[string]string{"content-type": "application/json", "host": "service.region.example.com", "x-sdk-date": "20191115T033655Z"}
	signed := []string{"content-type", "host", "x-sdk-date"}
	canonical := CanonicalRequest("GET", u.Path, u.Query(), signed, func(n string) []string { return []string{headers[n]} }, nil)
	sum := sha256.Sum256([]byte(canonical))
	if got := hex.EncodeToString(sum[:]); got != "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a" {
		t.Errorf("canonical request hash = %s\n%s", got, canonical)
	}
	sig := Signature("MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc", StringToSign(canonical, "20191115T033655Z"))
	if sig != "7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe" {
		t.Errorf("signature = %s", sig)
	}

	// The same request through Signer.Sign, which picks the headers itself.
	req, _ := http.NewRequestWithContext(context.Background(), "GET", u.String(), nil)
	req.Header.Set("Content-Type", "application/json")
	at, _ := time.Parse(SdkDateFormat, "20191115T033655Z")
	//nolint:gosec // the published test vector's keys
	Signer{
		AccessKey: "QTWAOYTTINDUT2QVKYUC",
		SecretKey: "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
	}.Sign(
		req,
		nil,
		at,
	)
	want := "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, " +
		"Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
	if got := req.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization = %s\nwant            %s", got, want)
	}
}

func vectorSignature(method, target, body string) string {
	u, _ := url.Parse(target)
	canonical := CanonicalRequest(
		method,
		u.Path,
		u.Query(),
		[]string{"x-sdk-date"},
		func(string) []string { return []string{"20060102T150405Z"} },
		[]byte(body),
	)
	return Signature("SecretKey", StringToSign(canonical, "20060102T150405Z"))
}

func TestSignerVector2GetWithQuery(t *testing.T) {
	if got := vectorSignature("GET", "/path?limit=1", ""); got != "5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624" {
		t.Errorf("signature = %s", got)
	}
}

func TestSignerVector3PostWithBody(t *testing.T) {
	if got := vectorSignature(
		"POST",
		"/path?key=value",
		"{\"Name\":\"test\",\"Id\":1}\n",
	); got != "cecc2af119b18ab70b4d094c0750f3b42c02f254903179a0fc2cc72fc9db4f59" {
		t.Errorf("signature = %s", got)
	}
}

func TestCanonicalParts(t *testing.T) {
	if got := CanonicalURI("/v2/p/os-vendor-backup-sharing/a b"); got != "/v2/p/os-vendor-backup-sharing/a%20b/" {
		t.Errorf("uri = %s", got)
	}
	if got := CanonicalURI(""); got != "/" {
		t.Errorf("empty uri = %s", got)
	}
	q := url.Values{"name": {"b", "a"}, "avalilability_zone": {"eu-de/01"}, "empty": {""}}
	if got := CanonicalQuery(q); got != "avalilability_zone=eu-de%2F01&empty=&name=a&name=b" {
		t.Errorf("query = %s", got)
	}
}

func TestSignCoversProjectAndSecurityToken(t *testing.T) {
	req, _ := http.NewRequestWithContext(context.Background(), "GET", "http://127.0.0.1:1/v2/p/os-vendor-backup-sharing/detail", nil)
	req.Header.Set("X-Project-Id", "p")
	Signer{AccessKey: "ak", SecretKey: "sk", SecurityToken: "st"}.Sign(req, nil, time.Now())
	auth := req.Header.Get("Authorization")
	if !strings.Contains(auth, "SignedHeaders=host;x-project-id;x-sdk-date;x-security-token,") || req.Header.Get("X-Security-Token") != "st" {
		t.Errorf("Authorization = %s", auth)
	}
}
