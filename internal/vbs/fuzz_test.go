package vbs

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzCanonicalization checks the signer's canonical URI and query on
// arbitrary paths and query strings: no panic, only unreserved characters
// and upper-case escapes, a trailing slash, and order independence.
func FuzzCanonicalization(f *testing.F) {
	for _, seed := range [][2]string{
		{"/v2/p/os-vendor-backup-sharing/detail", "limit=2&marker=13551d6b"},
		{"/path", "key=value"},
		{"", ""},
		{"/a b/ü/%2F", "b=2&a=1&a=0&empty="},
	} {
		f.Add(seed[0], seed[1])
	}
	f.Fuzz(func(t *testing.T, path, rawQuery string) {
		uri := CanonicalURI(path)
		if !strings.HasSuffix(uri, "/") {
			t.Fatalf("CanonicalURI(%q) = %q lacks the trailing slash", path, uri)
		}
		checkEncoded(t, strings.ReplaceAll(uri, "/", ""))
		q, err := url.ParseQuery(rawQuery)
		if err != nil {
			return
		}
		canonical := CanonicalQuery(q)
		for _, pair := range strings.Split(canonical, "&") {
			if pair == "" {
				continue
			}
			k, v, ok := strings.Cut(pair, "=")
			if !ok {
				t.Fatalf("pair %q has no '='", pair)
			}
			checkEncoded(t, k)
			checkEncoded(t, v)
		}
		// Reversing the values of every key must not change the result.
		reversed := url.Values{}
		for k, vs := range q {
			for i := len(vs) - 1; i >= 0; i-- {
				reversed.Add(k, vs[i])
			}
		}
		if CanonicalQuery(reversed) != canonical {
			t.Fatalf("canonical query depends on value order: %q", rawQuery)
		}
	})
}

func checkEncoded(t *testing.T, s string) {
	t.Helper()
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
		case c == '%' && i+2 < len(s)+0 && isUpperHex(s[i+1]) && isUpperHex(s[i+2]):
			i += 2
		default:
			t.Fatalf("%q holds %q unencoded", s, c)
		}
	}
}

func isUpperHex(c byte) bool { return '0' <= c && c <= '9' || 'A' <= c && c <= 'F' }
