package vbs

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"
)

// What the provider shows of URLs, of server text and of errors goes
// through here: user info never printed, control characters never
// reaching a terminal, secrets never echoed.

// Caps on server text in diagnostics: a code or request id is short, a
// message a few KiB at the most.
const (
	MaxCodeBytes    = 256
	MaxMessageBytes = 4 << 10
	// MaxURLBytes caps a URL shown in a message or log.
	MaxURLBytes = 1 << 10
)

// RedactURL is how every URL is shown, in errors and in logs: user info
// (a password in it would otherwise be printed) as "***". Query strings of
// this API carry filters only, never credentials.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	if c.User != nil {
		c.User = url.User("***")
	}
	return c.String()
}

// userInfo matches what could be user info in a string that does not parse
// as a URL: everything between "//" and "@" before the path.
var userInfo = regexp.MustCompile(`//[^/?#]*@`)

// ShowURL is RedactURL for a URL given as text, from a setting or a
// server; text that does not parse has anything that could be user info
// cut out.
// It is capped at MaxURLBytes: a server's next link or Location can be
// megabytes long.
func ShowURL(s string) string {
	if u, err := url.Parse(s); err == nil {
		return ServerText(RedactURL(u), MaxURLBytes)
	}
	return ServerText(userInfo.ReplaceAllString(s, "//***@"), MaxURLBytes)
}

// ServerText makes text a server sent fit to print: control characters
// escaped (EscapeControls), surrounding space trimmed, and at most limit
// bytes, with a note of how much was cut.
func ServerText(s string, limit int) string {
	s = strings.TrimSpace(s)
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + fmt.Sprintf("… (cut: %d more bytes)", len(s)-cut)
	}
	return EscapeControls(s)
}

// EscapeControls escapes what a terminal would act on rather than print:
// C0 controls but the newline (escape sequences start with ESC, a carriage
// return overwrites the line), DEL, C1 controls, and the bidirectional
// controls that reorder what is shown; invalid UTF-8 as U+FFFD. The rest
// is left as it is.
func EscapeControls(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			b.WriteRune(utf8.RuneError)
		case escaped(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needsEscape(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if escaped(r) {
			return true
		}
	}
	return false
}

func escaped(r rune) bool {
	switch {
	case r == '\n':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Redactor replaces the credentials a client uses with "***" in text a
// gateway may have echoed them in (an error body that repeats the request's
// headers).
type Redactor struct {
	secrets []string
	// token returns the current token (it changes when the client signs in
	// again), "" when there is none.
	token func() string
}

// credentialHeaders matches a credential header and its value as a gateway
// echoes them, in a header dump or in JSON.
var credentialHeaders = regexp.MustCompile(
	`(?i)((?:x-auth-token|x-subject-token|x-security-token)["']?\s*[:=]\s*["']?)([^\s"',;}]+)|(authorization["']?\s*[:=]\s*["']?)([^\r\n"';}]+)`,
)

// signatureParam is the signature of an SDK-HMAC-SHA256 Authorization header.
var signatureParam = regexp.MustCompile(`(?i)(signature=)[0-9a-f]+`)

// NewRedactor redacts the credentials of cfg and the token token returns.
func NewRedactor(cfg Config, token func() string) *Redactor {
	var secrets []string
	for _, s := range []string{cfg.Token, cfg.Password, cfg.SecretKey, cfg.AccessKey, cfg.SecurityToken} {
		if len(s) >= 4 { // shorter values would redact ordinary words
			secrets = append(secrets, s)
		}
	}
	return &Redactor{secrets: secrets, token: token}
}

// Redact returns s with every credential replaced by "***".
func (r *Redactor) Redact(s string) string {
	if r == nil {
		return s
	}
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, "***")
	}
	if r.token != nil {
		if t := r.token(); len(t) >= 4 {
			s = strings.ReplaceAll(s, t, "***")
		}
	}
	s = credentialHeaders.ReplaceAllString(s, "${1}${3}***")
	return signatureParam.ReplaceAllString(s, "${1}***")
}

// Safe is text fit for a diagnostic or a log line: credentials redacted and
// control characters escaped.
func (r *Redactor) Safe(s string) string {
	return EscapeControls(r.Redact(s))
}
