package vbs_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// The client against servers and gateways that differ from the emulator's
// defaults, each played by an emulator variation.

func listSeed(t *testing.T, c *vbs.Client) ([]shares.Share, error) {
	t.Helper()
	return shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
}

func TestRedirectsToAnotherHostAreNotFollowed(t *testing.T) {
	rec := emutest.StartRecorder(t)
	emu, srv := emutest.Start(t, emulator.Options{})
	configs := map[string]vbs.Config{
		"token": {Endpoint: srv.URL, ProjectID: project, Token: "placeholder"},
		"AK/SK": {Endpoint: srv.URL, ProjectID: project, AccessKey: emulator.SampleAccessKey, SecretKey: emulator.SampleSecretKey},
	}
	for name, cfg := range configs {
		t.Run(name, func(t *testing.T) {
			if name == "token" {
				cfg.Token = tokenFor(t, srv)
			}
			c, err := vbs.NewClient(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			emu.SetVariations(emulator.Variations{RedirectTo: rec.URL + emulator.RedirectedPrefix})
			defer emu.SetVariations(emulator.Variations{})
			_, err = listSeed(t, c)
			var e *shares.Error
			if !errors.As(err, &e) || e.StatusCode != 307 || !strings.Contains(err.Error(), "redirected to "+rec.URL) ||
				!strings.Contains(err.Error(), "not followed") {
				t.Fatalf("err = %v, want the 307 and its Location named", err)
			}
			if n := len(rec.Requests()); n != 0 {
				t.Errorf("the other host received %d requests (credentials: %v)", n, rec.CredentialHeaders())
			}
		})
	}
}

func TestRedirectsWithinTheEndpointAreFollowed(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := clientWith(t, srv, 0)
	emu.SetVariations(emulator.Variations{RedirectTo: srv.URL + emulator.RedirectedPrefix})
	got, err := listSeed(t, c)
	if err != nil || len(got) != 3 {
		t.Fatalf("%d shares, %v", len(got), err)
	}
}

func TestTLSFailuresAreNotRetried(t *testing.T) {
	var handshakes atomic.Int32
	srv := quietTLSServer(
		t,
		emulator.New(emulator.Options{}),
		&tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) { //nolint:gosec // a test server; the client's TLS is under test
			handshakes.Add(1)
			return nil, nil
		}},
	)
	cfg := fastRetries(vbs.Config{Endpoint: srv.URL, ProjectID: project, Token: "t"}, 5)
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := listSeed(t, c); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("err = %v, want a certificate error", err)
	}
	// The count and the first page: one handshake each, none repeated.
	if n := handshakes.Load(); n > 2 {
		t.Errorf("%d TLS handshakes: a certificate error was retried", n)
	}
}

func TestCompressedAndLabelledBodies(t *testing.T) {
	for _, v := range []emulator.Variations{
		{Encoding: emulator.EncodingGzip},
		{Encoding: emulator.EncodingGzipAlways},
		{Encoding: emulator.EncodingDeflateAlways},
		{Encoding: emulator.EncodingBrokenGzip}, // plain JSON labelled gzip: its meaning is plain
		{ContentType: emulator.ContentTypeNone},
		{ContentType: "text/plain"},
		{ContentType: "application/json; charset=utf-8; vbs=1"},
		{ContentType: emulator.ContentTypeNone, Encoding: emulator.EncodingGzipAlways},
	} {
		emu, srv := emutest.Start(t, emulator.Options{Vary: v})
		c := clientWith(t, srv, 0)
		got, err := listSeed(t, c)
		if err != nil || len(got) != 3 {
			t.Errorf("%+v: %d shares, %v", v, len(got), err)
		}
		if _, err := shares.Get(context.Background(), c.ServiceClient, got[0].ID); err != nil {
			t.Errorf("%+v: get: %v", v, err)
		}
		_ = emu
	}
}

func TestUndecodableBodiesAreNotRetried(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{Encoding: emulator.EncodingBrokenGzip}})
	c := clientWith(t, srv, 5)
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultHTML, Op: "count"}) // not JSON, labelled gzip
	emu.ResetStats()
	_, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{})
	var enc *vbs.EncodingError
	if !errors.As(err, &enc) || !strings.Contains(err.Error(), `Content-Encoding "gzip"`) {
		t.Fatalf("err = %v, want an encoding error", err)
	}
	if n := emu.Stats()["count"]; n != 1 {
		t.Errorf("%d count requests: a body that cannot be decoded was retried", n)
	}
}

func TestAStalledBodyGivesUpWithinTheWindow(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	// A retry budget far beyond what the window holds (1500 ms / 300 ms a
	// stall): the window, not the budget, must end the request.
	const budget = 50
	c := clientWith(t, srv, budget, func(cfg *vbs.Config) {
		cfg.StallTimeout = 300 * time.Millisecond
		cfg.RetryWindow = 1500 * time.Millisecond
	})
	for range budget + 1 {
		emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStall, Op: "count"})
	}
	_, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{})
	var stalled *vbs.StalledError
	if !errors.As(err, &stalled) || !strings.Contains(err.Error(), "the service stopped sending") {
		t.Fatalf("err = %v, want the stall named", err)
	}
	if n := emu.Stats()["count"]; n > 6 {
		t.Errorf("%d attempts, want the 1.5 s window to end the request after at most 5 stalls of 300 ms", n)
	}
	if n := emu.Stats()["count"]; n < 2 {
		t.Errorf("%d attempts: a stall is worth another try while the window lasts", n)
	}
}

func TestOddButUnambiguousEncodingsReadTheSame(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	want, err := listSeed(t, clientWith(t, srv, 0))
	if err != nil {
		t.Fatal(err)
	}
	_, odd := emutest.Start(t, emulator.Options{Vary: emulator.Variations{OddEncodings: true}})
	got, err := listSeed(t, clientWith(t, odd, 0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		w, g := want[i], got[i]
		if g.ID != w.ID || (g.UpdatedAt == nil) != (w.UpdatedAt == nil) || *g.Backup.Size != *w.Backup.Size ||
			(g.Backup.ObjectCount == nil) != (w.Backup.ObjectCount == nil) {
			t.Errorf("share %d read differently: %+v vs %+v", i, g, w)
		}
	}
	// An empty list written as null.
	c := clientWith(t, odd, 0)
	none, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{BackupID: "none"}})
	if err != nil || none == nil && len(none) != 0 {
		t.Errorf("empty list as null: %v, %v", none, err)
	}
}

func TestRequestIDFromTheBodyWhenNoHeaderCarriesIt(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{NoRequestIDHeader: true}})
	c, err := vbs.NewClient(context.Background(), vbs.Config{Endpoint: srv.URL, ProjectID: project, Token: "not-a-token"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = listSeed(t, c)
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 401 || !strings.HasPrefix(e.RequestID, "req-") {
		t.Fatalf("err = %v (request id %q), want the gateway body's request_id", err, e.RequestID)
	}
}

// tokenFor signs in as the sample user and returns the token.
func tokenFor(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	c := vbstest.Client(t, srv, project)
	return c.Token()
}
