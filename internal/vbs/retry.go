package vbs

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// retryTransport retries one HTTP request, with its own budget, on answers
// and failures that say "try again": 429, 502, 503, 504 and connection
// errors (a dropped connection, a body cut short) for idempotent methods;
// for POST only when the connection was never made, so the server provably
// never saw it. Waits grow exponentially with jitter, follow Retry-After
// when the server sends one, and never outlast the request's context.
//
// It reads each response body in full (up to shares.MaxResponseBytes) so
// that a body cut short is seen, and retried, here; memory stays bounded by
// the cap.
type retryTransport struct {
	next       http.RoundTripper
	maxRetries int
	// attemptTimeout bounds one attempt, body included, so that a server
	// that never finishes a body cannot hold a read forever.
	attemptTimeout time.Duration
	baseDelay      time.Duration
	maxDelay       time.Duration
	maxBody        int64
}

func newRetryTransport(next http.RoundTripper, cfg Config) *retryTransport {
	t := &retryTransport{
		next:           next,
		maxRetries:     cfg.MaxRetries,
		attemptTimeout: cfg.RequestTimeout,
		baseDelay:      cfg.RetryBaseDelay,
		maxDelay:       30 * time.Second,
		maxBody:        shares.MaxResponseBytes,
	}
	if t.attemptTimeout <= 0 {
		t.attemptTimeout = 60 * time.Second
	}
	if t.baseDelay <= 0 {
		t.baseDelay = 500 * time.Millisecond
	}
	return t
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	for attempt := 0; ; attempt++ {
		resp, err := t.attempt(req, attempt)
		retry, wait := t.shouldRetry(req, resp, err, attempt)
		if !retry {
			return resp, err
		}
		if deadline, ok := req.Context().Deadline(); ok && time.Until(deadline) < wait {
			return resp, err // waiting would outlast the read: report the last failure
		}
		fields := map[string]any{"http_method": req.Method, "http_url": redactURL(req), "attempt": attempt + 1, "wait_ms": wait.Milliseconds()}
		if err != nil {
			fields["error"] = err.Error()
		} else {
			fields["http_status"] = resp.StatusCode
			resp.Body.Close()
		}
		tflog.Debug(req.Context(), "retrying VBS request", fields)
		select {
		case <-time.After(wait):
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
}

// attempt sends the request once and buffers the response body.
func (t *retryTransport) attempt(req *http.Request, n int) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(req.Context(), t.attemptTimeout)
	r := req.Clone(ctx)
	if n > 0 && req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			cancel()
			return nil, errors.New("cannot resend a request whose body cannot be rewound")
		}
		body, err := req.GetBody()
		if err != nil {
			cancel()
			return nil, err
		}
		r.Body = body
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		cancel()
		return nil, err
	}
	defer cancel()
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, t.maxBody+1))
	if err != nil {
		return nil, &bodyError{err: err}
	}
	if int64(len(body)) > t.maxBody {
		return nil, shares.ErrBodyTooLarge
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// bodyError is a response whose body could not be read in full.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return fmt.Sprintf("reading the response body: %v", e.err) }
func (e *bodyError) Unwrap() error { return e.err }

func (t *retryTransport) shouldRetry(req *http.Request, resp *http.Response, err error, attempt int) (bool, time.Duration) {
	if attempt >= t.maxRetries || req.Context().Err() != nil {
		return false, 0
	}
	idempotent := req.Method == http.MethodGet || req.Method == http.MethodHead || req.Method == http.MethodDelete
	if err != nil {
		if errors.Is(err, shares.ErrBodyTooLarge) {
			return false, 0
		}
		if idempotent || neverSent(err) {
			return true, t.backoff(attempt)
		}
		return false, 0
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if !idempotent {
			return false, 0
		}
		if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return true, min(wait, t.maxDelay)
		}
		return true, t.backoff(attempt)
	}
	return false, 0
}

// backoff is exponential with full jitter in [d/2, d).
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.baseDelay << min(attempt, 16)
	if d <= 0 || d > t.maxDelay {
		d = t.maxDelay
	}
	return d/2 + rand.N(d/2+1)
}

// retryAfter parses Retry-After as seconds or as an HTTP date.
func retryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// neverSent reports whether the request failed before a connection existed
// (dial or DNS failure), so even a POST can be repeated safely.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}
