package vbs

import (
	"strings"
	"testing"
)

func TestShowURLNeverShowsUserInfo(t *testing.T) {
	for in, want := range map[string]string{ //nolint:gosec // URLs with made-up user info, to prove it is never shown
		"https://user:pw@vbs.example.com/v2":   "https://%2A%2A%2A@vbs.example.com/v2",
		"https://vbs.example.com/v2?limit=1":   "https://vbs.example.com/v2?limit=1",
		"http://user:p w@host name/v3":         "http://***@host name/v3",
		"https://vbs.example.com/\x1b[2J/path": `https://vbs.example.com/\u001b[2J/path`,
	} {
		if got := ShowURL(in); got != want {
			t.Errorf("ShowURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestServerTextEscapesAndCaps(t *testing.T) {
	got := ServerText("\x1b[2J\x1b]0;t\x07\r\n\u202eok\u009b\x7f\xff", 100)
	if want := `\u001b[2J\u001b]0;t\u0007\u000d` + "\n" + `\u202eok\u009b\u007f` + "\uFFFD"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	long := ServerText(strings.Repeat("é", 3000), 4096)
	if !strings.HasSuffix(long, "… (cut: 1904 more bytes)") || len(long) > 4096+40 {
		t.Errorf("capped text ends %q (%d bytes)", long[len(long)-40:], len(long))
	}
}

func TestRedactorTakesOutEveryCredential(t *testing.T) {
	r := NewRedactor(
		Config{Password: "hunter22", AccessKey: "AKAKAKAK", SecretKey: "SKSKSKSK", SecurityToken: "sectok-1"},
		func() string { return "tok-current" },
	)
	in := `echo: X-Auth-Token: tok-current; X-Subject-Token: other-token; x-security-token: sectok-1; {"X-Auth-Token": "abc"} ` +
		`Authorization: SDK-HMAC-SHA256 Access=AKAKAKAK, SignedHeaders=host;x-sdk-date, Signature=0123abcd; password hunter22; secret SKSKSKSK`
	out := r.Redact(in)
	for _, secret := range []string{"tok-current", "other-token", "sectok-1", `"abc"`, "AKAKAKAK", "0123abcd", "hunter22", "SKSKSKSK"} {
		if strings.Contains(out, secret) {
			t.Errorf("%q survives: %s", secret, out)
		}
	}
	if !strings.Contains(out, "password ***") {
		t.Errorf("redacted text lost its shape: %s", out)
	}
}

// TestShowURLIsCapped: a server's Location or next link of megabytes (2 MB
// diagnostics before) is shown cut, with a note of how much.
func TestShowURLIsCapped(t *testing.T) {
	for _, in := range []string{
		"https://vbs.example.com/v2/p/os-vendor-backup-sharing?marker=" + strings.Repeat("a", 2<<20),
		"https://vbs.example.com/%zz" + strings.Repeat("\x1b[31m", 1<<20), // does not parse
	} {
		got := ShowURL(in)
		if len(got) > 8*MaxURLBytes || !strings.Contains(got, "more bytes") || strings.Contains(got, "\x1b") {
			t.Errorf("ShowURL of %d bytes: %d bytes, %.80q…", len(in), len(got), got)
		}
	}
}
