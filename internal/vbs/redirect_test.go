package vbs

import (
	"context"
	"errors"
	"net/http"
	"testing"
)

func TestRedirectPolicyKeepsCredentialsOnTheEndpoint(t *testing.T) {
	req := func(u string) *http.Request {
		r, err := http.NewRequestWithContext(context.Background(), http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	origin := req("https://vbs.example.com/v2/p/os-vendor-backup-sharing/detail")
	cases := []struct {
		to   string
		want error // nil: follow
	}{
		{"https://vbs.example.com/moved/v2/p/os-vendor-backup-sharing/detail", nil},
		{"http://vbs.example.com/v2/p/os-vendor-backup-sharing/detail", http.ErrUseLastResponse},       // https to http
		{"https://vbs.example.com:8443/v2/p/os-vendor-backup-sharing/detail", http.ErrUseLastResponse}, // another port
		{"https://login.example.com/?next=/v2", http.ErrUseLastResponse},                               // another host
	}
	for _, tc := range cases {
		if err := followRedirect(req(tc.to), []*http.Request{origin}); !errors.Is(err, tc.want) {
			t.Errorf("redirect to %s: %v, want %v", tc.to, err, tc.want)
		}
	}
	via := make([]*http.Request, maxRedirects)
	for i := range via {
		via[i] = origin
	}
	if err := followRedirect(req("https://vbs.example.com/again"), via); err == nil {
		t.Error("a redirect loop within the endpoint was followed without end")
	}
}

func TestRedirectPolicyNeverChangesAWrite(t *testing.T) {
	const from = "https://vbs.example.com/v2/p/os-vendor-backup-sharing/e842bf23"
	const to = "https://vbs.example.com/v2/p/os-vendor-backup-sharing/e842bf23/"
	for _, method := range []string{http.MethodPost, http.MethodDelete} {
		// A write is followed only to its own path (a trailing slash aside)
		// and query: never to another share, nor to every share of a backup.
		for _, elsewhere := range []string{
			"https://vbs.example.com/moved/v2/p/os-vendor-backup-sharing/e842bf23",
			"https://vbs.example.com/v2/p/os-vendor-backup-sharing/0b1ce2a8?is_backup_id=true",
			"https://vbs.example.com/v2/p/os-vendor-backup-sharing/e842bf23?is_backup_id=true",
		} {
			origin, _ := http.NewRequestWithContext(context.Background(), method, from, nil)
			r, _ := http.NewRequestWithContext(context.Background(), method, elsewhere, nil)
			r.Response = &http.Response{StatusCode: http.StatusTemporaryRedirect}
			if err := followRedirect(r, []*http.Request{origin}); !errors.Is(err, http.ErrUseLastResponse) {
				t.Errorf("%s redirected by 307 to %s: err = %v, want not followed", method, elsewhere, err)
			}
		}
		for status, follow := range map[int]bool{301: false, 302: false, 303: false, 307: true, 308: true} {
			origin, _ := http.NewRequestWithContext(context.Background(), method, from, nil)
			// net/http's own choice of method for the next request.
			next := method
			if status <= 303 {
				next = http.MethodGet
			}
			r, _ := http.NewRequestWithContext(context.Background(), next, to, nil)
			r.Response = &http.Response{StatusCode: status}
			err := followRedirect(r, []*http.Request{origin})
			if follow && err != nil || !follow && !errors.Is(err, http.ErrUseLastResponse) {
				t.Errorf("%s answered %d: err = %v, want followed %v", method, status, err, follow)
			}
		}
	}
}
