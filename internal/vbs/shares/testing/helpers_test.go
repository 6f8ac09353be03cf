package testing

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

const testProject = "c13f5220dc1949b0b741ea81a7cd5554"

// fixedServer answers every request with status, headers and body, and
// records the last request.
type fixedServer struct {
	status  int
	header  http.Header
	body    string
	lastReq *http.Request
}

func serve(t *testing.T, status int, body string, header ...string) (*fixedServer, *vbs.Client) {
	t.Helper()
	fs := &fixedServer{status: status, body: body, header: http.Header{"Content-Type": {"application/json"}}}
	for i := 0; i+1 < len(header); i += 2 {
		fs.header.Set(header[i], header[i+1])
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.lastReq = r
		for k, v := range fs.header {
			w.Header()[k] = v
		}
		w.WriteHeader(fs.status)
		_, _ = w.Write([]byte(fs.body))
	}))
	t.Cleanup(srv.Close)
	c, err := vbs.NewClient(context.Background(), vbs.Config{Endpoint: srv.URL, ProjectID: testProject, Token: "test-token"})
	if err != nil {
		t.Fatal(err)
	}
	return fs, c
}

func deref[T any](t *testing.T, name string, p *T) T {
	t.Helper()
	if p == nil {
		t.Fatalf("%s is nil, want a value", name)
	}
	return *p
}

func wantNil[T any](t *testing.T, name string, p *T) {
	t.Helper()
	if p != nil {
		t.Errorf("%s = %v, want nil (JSON null)", name, *p)
	}
}
