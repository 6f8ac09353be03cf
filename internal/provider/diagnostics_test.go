package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestUnauthorizedHintFitsTheMethod(t *testing.T) {
	err := &shares.Error{Op: "list backup shares", StatusCode: 401, Code: "APIGW.0301", RequestID: "req-1"}
	want := map[vbs.Method][]string{
		vbs.MethodAKSK:     {"access_key and secret_key", "security_token", "clock"},
		vbs.MethodToken:    {"fresh token"},
		vbs.MethodPassword: {"user_name, password and domain_name"},
	}
	for method, parts := range want {
		detail := apiErrorDiagnostic("Cannot list backup shares", err, &vbs.Client{Method: method}).Detail()
		for _, p := range parts {
			if !strings.Contains(detail, p) {
				t.Errorf("%s: %q lacks %q", method, detail, p)
			}
		}
		if method == vbs.MethodAKSK && strings.Contains(detail, "token may have expired") {
			t.Errorf("AK/SK hint talks about tokens: %s", detail)
		}
	}
}

// TestDiagnosticsNameTheURLOnce: the operation's line names the URL; the
// error text of net/http (or gophercloud) that repeats it says "the address
// above" instead.
func TestDiagnosticsNameTheURLOnce(t *testing.T) {
	u := "https://vbs.example.com/v2/p/os-vendor-backup-sharing/detail"
	e := &shares.Error{Op: "list backup shares", Method: "GET", URL: u, Err: fmt.Errorf("Get %q: dial tcp: connection refused", u)}
	detail := apiErrorDiagnostic("Cannot list backup shares", e, nil).Detail()
	if n := strings.Count(detail, u); n != 1 {
		t.Errorf("the URL appears %d times:\n%s", n, detail)
	}
}

// TestHintsNameTheService: a refusal of a CBR call names CBR, of a VBS call
// VBS.
func TestHintsNameTheService(t *testing.T) {
	for u, want := range map[string]string{
		"https://cbr.eu-de.otc.t-systems.com/v3/p/backups/b/members/m":        "a CBR role",
		"https://vbs.eu-de.otc.t-systems.com/v2/p/os-vendor-backup-sharing/x": "a VBS role",
	} {
		if got := statusHint(&shares.Error{StatusCode: 403, URL: u}, nil); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q in it", u, got, want)
		}
	}
}
