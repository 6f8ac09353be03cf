package shares

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func response(body []byte) *http.Response {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(body)),
	}
}

// FuzzDecodeList feeds arbitrary bodies to the list, get and count
// decoders: they must return a result or an error, never panic, and a
// successful list never holds a nil slice.
func FuzzDecodeList(f *testing.F) {
	for _, seed := range []string{
		`{"shared": []}`,
		`{"shared": [{"id": "a", "backup": {"size": 1, "created_at": "2017-08-08T04:03:27.456859"}}], "shared_links": [{"rel": "next", "href": "/x"}]}`,
		`{"shared": {"id": "a", "updated_at": null}}`,
		`{"count": 3}`,
		`{"shared": [{"backup": {"size": "1"}}]}`,
		`{"shared": [`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		page, err := extractPage(response(body))
		if err == nil && page.Shares == nil {
			t.Fatal("a successful list has a nil slice")
		}
		if err != nil && err.Error() == "" {
			t.Fatal("empty error message")
		}
		_, _ = extractShare(response(body))
		if n, err := extractCount(response(body)); err == nil && n < 0 {
			t.Fatalf("negative count %d accepted", n)
		}
	})
}

// FuzzParseTime checks that whatever parses round-trips through RFC 3339.
func FuzzParseTime(f *testing.F) {
	for _, seed := range []string{"2017-08-08T04:03:27.456859", "2017-08-08T04:03:27", "2017-08-08T04:03:27.000000", "2017-08-08T06:03:27+02:00", "", "2017-13-45T99:99:99"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		parsed, err := ParseTime(s)
		if err != nil {
			if !strings.Contains(err.Error(), "timestamp") {
				t.Fatalf("error %q does not say what failed", err)
			}
			return
		}
		again, err := ParseTime(parsed.Format(time.RFC3339Nano))
		if err != nil || !again.Equal(parsed) {
			t.Fatalf("%q parsed to %v, which does not round-trip (%v)", s, parsed, err)
		}
	})
}
