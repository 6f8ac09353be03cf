package provider

import (
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
