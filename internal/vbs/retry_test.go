package vbs_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
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

// fastRetries keeps backoff short so tests take milliseconds.
func fastRetries(cfg vbs.Config, retries int) vbs.Config {
	cfg.MaxRetries = retries
	cfg.RetryBaseDelay = time.Millisecond
	return cfg
}

func clientWith(t *testing.T, srv *httptest.Server, retries int, mutate ...func(*vbs.Config)) *vbs.Client {
	t.Helper()
	cfg := fastRetries(vbstest.PasswordConfig(srv, project), retries)
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRetriesTransientFailuresWithinTheBudget(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := clientWith(t, srv, 5)
	emu.InjectFaults(
		emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "0"},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 502},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 503},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 504},
		emulator.Fault{Kind: emulator.FaultDrop},
	)
	n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{})
	if err != nil || n != 3 {
		t.Fatalf("count after 5 transient failures = %d, %v", n, err)
	}
	if stats := emu.Stats(); stats["count"] != 6 {
		t.Errorf("%d count requests, want 6", stats["count"])
	}
}

func TestRetryBudgetIsPerRequest(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := clientWith(t, srv, 2)
	ctx := context.Background()
	for i := range 3 { // three requests, each failing twice: each has its own budget of 2
		emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 503}, emulator.Fault{Kind: emulator.FaultStatus, Status: 503})
		if _, err := shares.Count(ctx, c.ServiceClient, shares.Filters{}); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	// Three failures exceed a budget of two: the third answer is the error.
	emu.InjectFaults(
		emulator.Fault{Kind: emulator.FaultStatus, Status: 503},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 503},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 503},
	)
	_, err := shares.Count(ctx, c.ServiceClient, shares.Filters{})
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 503 || e.RequestID == "" {
		t.Fatalf("err = %v, want the final 503 with its request id", err)
	}
}

func TestNoRetriesForOtherStatusesOrPOST(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := clientWith(t, srv, 5)
	ctx := context.Background()
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 500})
	if _, err := shares.Count(ctx, c.ServiceClient, shares.Filters{}); err == nil {
		t.Error("500 was retried into success")
	}
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 503, Op: "create"})
	_, err := shares.Create(
		ctx,
		c.ServiceClient,
		shares.CreateOpts{BackupID: "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11", ToProjectIDs: []string{"722513ed0a324dadaabe5b2d0fe848b9"}},
	)
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 503 {
		t.Errorf("POST after 503: %v, want the 503 unretried", err)
	}
	if got := emu.Stats()["create"]; got != 1 {
		t.Errorf("%d create requests, want 1", got)
	}
}

func TestPOSTIsRetriedWhenTheConnectionWasNeverMade(t *testing.T) {
	// A listener that is closed: every dial is refused, so the server
	// provably never saw the request; the retries run out on the dial error.
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	var dials atomic.Int32
	cfg := fastRetries(vbs.Config{Token: "t", Endpoint: "http://" + addr, ProjectID: project}, 3)
	cfg.Transport = &http.Transport{DialContext: func(ctx context.Context, network, a string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, a)
	}}
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	_, err = shares.Create(context.Background(), c.ServiceClient, shares.CreateOpts{BackupID: "b", ToProjectIDs: []string{"p"}})
	if err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("err = %v", err)
	}
	if got := dials.Load(); got != 4 {
		t.Errorf("%d dials, want 4 (1 + 3 retries)", got)
	}
}

func TestRetryAfterIsHonouredButNotBeyondTheDeadline(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := clientWith(t, srv, 5)
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "1"})
	start := time.Now()
	if _, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 900*time.Millisecond {
		t.Errorf("waited %v, want Retry-After's 1s", waited)
	}
	// Retry-After as an HTTP date far ahead, with a context that ends sooner:
	// the 429 comes back at once instead of a wait past the deadline.
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: time.Now().Add(20 * time.Second).UTC().Format(http.TimeFormat)})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	emu.ResetStats()
	_, err := shares.Count(ctx, c.ServiceClient, shares.Filters{})
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 429 || ctx.Err() != nil {
		t.Errorf("err = %v (context: %v), want the 429 before the deadline", err, ctx.Err())
	}
	if n := emu.Stats()["count"]; n != 1 {
		t.Errorf("%d count requests, want 1: no wait and retry past the deadline", n)
	}
}

func TestCancellationStopsPromptly(t *testing.T) {
	// An answer that would take an hour: only the cancellation can end the
	// read, and the test's own timeout would catch one that does not.
	_, srv := emutest.Start(t, emulator.Options{Latency: time.Hour})
	// Authenticate through a fast emulator first is not possible here: use
	// the no-IAM path so the only request is the slow one.
	c, err := vbs.NewClient(context.Background(), vbs.Config{Token: "t", Endpoint: srv.URL, ProjectID: project})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the cancellation", err)
	}
}

func TestHostileBodies(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	// Only the endless body needs the attempt bound to end it; the others
	// are refused by what they are, whatever the machine's speed.
	endless := clientWith(t, srv, 0, func(cfg *vbs.Config) { cfg.RequestTimeout = 500 * time.Millisecond })
	c := clientWith(t, srv, 0)
	cases := []struct {
		fault  emulator.FaultKind
		client *vbs.Client
		want   string
	}{
		{emulator.FaultHuge, c, "response body exceeds"},
		{emulator.FaultHugeDeclared, c, "its Content-Length is 41943069, so it was not read"},
		{emulator.FaultEndless, endless, "the service did not finish its answer within"},
		{emulator.FaultTruncated, c, "unexpected EOF"},
		{emulator.FaultMalformed, c, "malformed JSON response"},
		{emulator.FaultWrongType, c, `share e842bf23-1e05-4c2c-b0f9-25222f4686da: field "backup.size" has a JSON string`},
		{emulator.FaultHTML, c, `(the response's Content-Type is "text/html`},
	}
	for _, tc := range cases {
		t.Run(string(tc.fault), func(t *testing.T) {
			emu.InjectFaults(emulator.Fault{Kind: tc.fault})
			_, err := shares.ListPage(context.Background(), tc.client.ServiceClient, shares.ListOpts{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "list backup shares") {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// The body read past the cap stops there: the server never got rid of
	// all 40 MiB of either huge answer.
	if mib := emu.Stats()["fault.huge.mib"]; mib >= 2*40 {
		t.Errorf("%d MiB of the huge bodies left the server, want the reads stopped at the cap", mib)
	}
}

// TestReadAllSized: a declared length sizes the buffer once; a wrong or
// missing one changes nothing read, and the bound holds whatever it says.
func TestReadAllSized(t *testing.T) {
	body := strings.Repeat("x", 5000)
	for _, hint := range []int64{-1, 0, 10, 5000, 1 << 40} {
		got, err := vbs.ReadAllSized(strings.NewReader(body), hint, 1<<20)
		if err != nil || string(got) != body {
			t.Fatalf("hint %d: %d bytes, %v", hint, len(got), err)
		}
	}
	// Sized once from the hint: room for the body and the read that finds
	// its end, not a buffer grown by doubling.
	if got, _ := vbs.ReadAllSized(strings.NewReader(body), 5000, 1<<20); cap(got) < 5000 || cap(got) > 5000+2*bytes.MinRead {
		t.Fatalf("hint 5000: a buffer of %d bytes", cap(got))
	}
	if b := vbs.NewSizedBuffer(3 << 20); b.Len() != 0 || b.Cap() < 3<<20 {
		t.Fatalf("NewSizedBuffer(3 MiB): length %d, room for %d", b.Len(), b.Cap())
	}
	if got, _ := vbs.ReadAllSized(strings.NewReader(body), 5000, 100); len(got) != 101 {
		t.Fatalf("bound 100: read %d bytes, want 101 (one past the bound, to tell it was exceeded)", len(got))
	}
	b := vbs.NewBufferedBody([]byte(body))
	if _, err := b.Read(make([]byte, 10)); err != nil || len(b.Bytes()) != 4990 {
		t.Fatalf("after reading 10 bytes, Bytes has %d", len(b.Bytes()))
	}
}
