package emutest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// Recorder is a second host: it records every request it receives and
// answers each with an empty share list, as a login page or an internal
// gateway would answer something. Tests point redirects and links at it to
// prove that nothing, credentials least of all, reaches it.
type Recorder struct {
	URL string

	mu       sync.Mutex
	requests []*http.Request
}

// StartRecorder serves a Recorder on a loopback port until the test ends.
func StartRecorder(t testing.TB) *Recorder {
	t.Helper()
	rec := &Recorder{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.requests = append(rec.requests, r.Clone(r.Context()))
		rec.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"shared": []}`))
	}))
	t.Cleanup(srv.Close)
	rec.URL = srv.URL
	return rec
}

// Requests are the requests received so far.
func (r *Recorder) Requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.requests...)
}

// CredentialHeaders lists the credential headers any request carried.
func (r *Recorder) CredentialHeaders() []string {
	var found []string
	for _, req := range r.Requests() {
		for _, h := range []string{"X-Auth-Token", "Authorization", "X-Security-Token"} {
			if req.Header.Get(h) != "" {
				found = append(found, h)
			}
		}
	}
	return found
}
