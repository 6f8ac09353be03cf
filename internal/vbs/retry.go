package vbs

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// retryTransport sends one HTTP request, retrying with its own budget what
// another try can mend: 429, 502, 503, 504 and connection failures (a
// dropped connection, a body cut short, a body that stopped arriving) for
// idempotent methods and sign-ins; for a POST that shares a backup only
// what shows the service did not act on it (RetriableStatus: 429, and 503
// with Retry-After), and a connection that was never made. Requests to a
// host that answered 429 are paced (throttle.go). It never retries what cannot change on
// another try: a certificate the client does not trust, a plain-HTTP answer
// on a TLS port, a body that is not in the encoding it claims, a body over
// the size cap.
//
// Waits grow exponentially with jitter and follow Retry-After (seconds or an
// HTTP date). Time is bounded three ways: an attempt ends after
// attemptTimeout, a body that sends nothing for stallTimeout is given up,
// and no attempt runs past retryWindow from the first: a request gives up
// within the window whatever the server does.
//
// Why not hashicorp/go-retryablehttp (v0.7.8), which the http provider
// uses: its default policy retries every 5xx but 501 and every connection
// error whatever the method (a POST that reached the server would share a
// backup twice). A CheckRetry of our own would mend that, and a
// ResponseHandlerFunc can read the body inside its retry loop; but it still
// has no notion of a stalled or endless body, nor of a window that bounds
// all attempts. What remains to write is the policy, which is the part that
// matters, and it is small.
//
// It reads each response body in full (up to maxBody, decoded) so that a
// body cut short is seen, and retried, here; memory stays bounded by the cap.
type retryTransport struct {
	next       http.RoundTripper
	maxRetries int
	// attemptTimeout bounds one attempt, body included, so that a server
	// that never finishes a body cannot hold a read forever.
	attemptTimeout time.Duration
	// stallTimeout is how long a body may send nothing before the attempt
	// is given up.
	stallTimeout time.Duration
	// retryWindow bounds all attempts of one request together.
	retryWindow time.Duration
	baseDelay   time.Duration
	maxDelay    time.Duration
	maxBody     int64
}

// Defaults of the time bounds; Config overrides them.
const (
	defaultAttemptTimeout = 60 * time.Second
	defaultStallTimeout   = 30 * time.Second
	defaultRetryWindow    = 2 * time.Minute
)

func newRetryTransport(next http.RoundTripper, cfg Config) *retryTransport {
	t := &retryTransport{
		next:           next,
		maxRetries:     cfg.MaxRetries,
		attemptTimeout: orDefault(cfg.RequestTimeout, defaultAttemptTimeout),
		stallTimeout:   orDefault(cfg.StallTimeout, defaultStallTimeout),
		retryWindow:    orDefault(cfg.RetryWindow, defaultRetryWindow),
		baseDelay:      orDefault(cfg.RetryBaseDelay, 500*time.Millisecond),
		maxDelay:       30 * time.Second,
		maxBody:        MaxResponseBytes,
	}
	return t
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	windowEnd := start.Add(t.retryWindow)
	pace := throttleFor(req.URL.Host, idempotent(req.Method))
	for attempt := 0; ; attempt++ {
		if err := waitForPace(req, pace, windowEnd); err != nil {
			return nil, tried(err, attempt, start)
		}
		resp, err := t.attempt(req, attempt, windowEnd)
		if err == nil {
			t.tellPace(pace, resp, attempt)
		}
		retry, wait := t.shouldRetry(req, resp, err, attempt)
		if !retry {
			return resp, tried(err, attempt+1, start)
		}
		if deadline, ok := req.Context().Deadline(); ok && time.Until(deadline) < wait {
			return resp, tried(err, attempt+1, start) // waiting would outlast the read: report the last failure
		}
		if time.Until(windowEnd) < wait+time.Second {
			return resp, tried(err, attempt+1, start) // no time left in the window for another attempt
		}
		fields := map[string]any{"http_method": req.Method, "http_url": RedactURL(req.URL), "attempt": attempt + 1, "wait_ms": wait.Milliseconds()}
		if err != nil {
			fields["error"] = err.Error()
		} else {
			fields["http_status"] = resp.StatusCode
			_ = resp.Body.Close()
		}
		// INFO, so that TF_LOG=info shows why a read takes long.
		tflog.Info(req.Context(), "retrying VBS request", fields)
		select {
		case <-time.After(wait):
		case <-req.Context().Done():
			return nil, req.Context().Err()
		}
	}
}

// tellPace tells the host's pace what an answer says of its rate limit.
func (t *retryTransport) tellPace(pace *hostThrottle, resp *http.Response, attempt int) {
	now := time.Now()
	if resp.StatusCode != http.StatusTooManyRequests {
		pace.admittedAt(now)
		return
	}
	wait, ok := retryAfter(resp.Header.Get("Retry-After"), now)
	if !ok {
		wait = t.backoff(attempt)
	}
	pace.throttled(now, min(wait, t.maxDelay))
}

// waitForPace waits for the request's turn under its host's pace. A turn
// past the retry window or the request's deadline is an error at once,
// rather than a wait that ends in one; a wait of more than a second is
// logged at INFO, so that TF_LOG=info shows why a read is slow.
func waitForPace(req *http.Request, pace *hostThrottle, windowEnd time.Time) error {
	now := time.Now()
	at := pace.reserve(now)
	wait := at.Sub(now)
	if wait <= 0 {
		return nil
	}
	if deadline, ok := req.Context().Deadline(); ok && at.After(deadline) || at.After(windowEnd) {
		return &RateLimitedError{Host: req.URL.Host, Wait: wait}
	}
	if wait > time.Second {
		tflog.Info(
			req.Context(),
			"waiting for the service's rate limit",
			map[string]any{"host": req.URL.Host, "wait_ms": wait.Milliseconds(), "http_method": req.Method},
		)
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-req.Context().Done():
		return req.Context().Err()
	}
}

// RateLimitedError is a request whose turn under the host's rate limit
// would come after its deadline.
type RateLimitedError struct {
	Host string
	Wait time.Duration
}

func (e *RateLimitedError) Error() string {
	return fmt.Sprintf("the service at %s is limiting the request rate (HTTP 429), and this request's turn would come in %s, after its deadline: try again "+
		"later, or with fewer requests at once (-parallelism)",
		e.Host, e.Wait.Round(100*time.Millisecond))
}

// TriedError is a failure that retries did not mend: it says how often and
// for how long the request was tried.
type TriedError struct {
	Attempts int
	Elapsed  time.Duration
	Err      error
}

func (e *TriedError) Error() string {
	return fmt.Sprintf("%v (tried %d times over %s)", e.Err, e.Attempts, e.Elapsed.Round(100*time.Millisecond))
}

func (e *TriedError) Unwrap() error { return e.Err }

func tried(err error, attempts int, start time.Time) error {
	if err == nil || attempts < 2 {
		return err
	}
	return &TriedError{Attempts: attempts, Elapsed: time.Since(start), Err: err}
}

// errAttemptTimeout and errStalled are the causes this transport cancels an
// attempt with, told apart from the caller's own deadline.
var (
	errAttemptTimeout = errors.New("attempt timed out")
	errStalled        = errors.New("body stalled")
)

// attempt sends the request once and buffers the decoded response body.
func (t *retryTransport) attempt(req *http.Request, n int, windowEnd time.Time) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(req.Context())
	defer cancel(nil)
	limit := min(t.attemptTimeout, time.Until(windowEnd))
	timer := time.AfterFunc(limit, func() { cancel(errAttemptTimeout) })
	defer timer.Stop()

	r := req.Clone(ctx)
	if n > 0 && req.Body != nil && req.Body != http.NoBody {
		if req.GetBody == nil {
			return nil, errors.New("cannot resend a request whose body cannot be rewound")
		}
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	// Asked for explicitly, so that net/http leaves the decoding to
	// decodeBody, which bounds it and tells a broken encoding apart.
	if r.Header.Get("Accept-Encoding") == "" {
		r.Header.Set("Accept-Encoding", "gzip")
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return nil, t.describe(ctx, err, 0, limit)
	}
	defer func() { _ = resp.Body.Close() }()
	// A body that announces more than the cap is refused before it is read:
	// reading 32 MiB only to drop them costs time a slow link may not have.
	if resp.ContentLength > t.maxBody {
		return nil, &BodyTooLargeError{Declared: resp.ContentLength}
	}

	// A body that sends nothing for stallTimeout is given up.
	stall := time.AfterFunc(t.stallTimeout, func() { cancel(errStalled) })
	defer stall.Stop()
	progress := &progressReader{r: resp.Body, onData: func() { stall.Reset(t.stallTimeout) }}
	raw, err := ReadAllSized(progress, resp.ContentLength, t.maxBody)
	if err != nil {
		return nil, t.describe(ctx, &bodyError{err: err}, progress.n.Load(), limit)
	}
	if int64(len(raw)) > t.maxBody {
		return nil, &BodyTooLargeError{}
	}
	body, err := decodeBody(resp.Header.Get("Content-Encoding"), raw, t.maxBody)
	if err != nil {
		return nil, err
	}
	resp.Header.Del("Content-Encoding")
	resp.Body = NewBufferedBody(body)
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// describe turns a cancellation of the attempt into what happened.
func (t *retryTransport) describe(ctx context.Context, err error, received int64, limit time.Duration) error {
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, errStalled):
		return &StalledError{After: t.stallTimeout, Received: received}
	case errors.Is(cause, errAttemptTimeout):
		return &AttemptTimeoutError{After: limit}
	}
	return err
}

// StalledError is a response body that stopped arriving.
type StalledError struct {
	After    time.Duration
	Received int64
}

func (e *StalledError) Error() string {
	return fmt.Sprintf("the service stopped sending: the response body brought nothing for %s after %d bytes", e.After, e.Received)
}

// AttemptTimeoutError is one attempt that took longer than its bound.
type AttemptTimeoutError struct{ After time.Duration }

func (e *AttemptTimeoutError) Error() string {
	return fmt.Sprintf("the service did not finish its answer within %s", e.After.Round(time.Millisecond))
}

// progressReader reports every read that brought data.
type progressReader struct {
	r      io.Reader
	n      atomic.Int64
	onData func()
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.n.Add(int64(n))
		p.onData()
	}
	return n, err
}

// bodyError is a response whose body could not be read in full.
type bodyError struct{ err error }

func (e *bodyError) Error() string { return fmt.Sprintf("reading the response body: %v", e.err) }
func (e *bodyError) Unwrap() error { return e.err }

func (t *retryTransport) shouldRetry(req *http.Request, resp *http.Response, err error, attempt int) (bool, time.Duration) {
	if attempt >= t.maxRetries || req.Context().Err() != nil {
		return false, 0
	}
	if err != nil {
		if permanent(err) {
			return false, 0
		}
		if repeatable(req) || neverSent(err) {
			return true, t.backoff(attempt)
		}
		return false, 0
	}
	method := req.Method
	if repeatable(req) {
		method = http.MethodGet // retried as a read
	}
	if !RetriableStatus(method, resp.StatusCode, resp.Header) {
		return false, 0
	}
	if wait, ok := retryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		return true, min(wait, t.maxDelay)
	}
	return true, t.backoff(attempt)
}

// repeatable reports a request that another try cannot make do anything
// twice: an idempotent method, or a sign-in (POST …/auth/tokens), which
// only issues a token, so a second is as good as the first.
func repeatable(req *http.Request) bool {
	return idempotent(req.Method) || (req.Method == http.MethodPost && strings.HasSuffix(req.URL.Path, "/auth/tokens"))
}

func idempotent(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodDelete
}

// RetriableStatus reports whether an answer with this status is tried
// again (while the retry budget lasts). 429, 502, 503 and 504 are, for
// reads and deletes. A POST (a share) only where the service says it did
// not process the request: 429, and 503 with Retry-After; a 502, 504 or bare
// 503 may come from a gateway after the service created the share, and a
// second POST could share twice.
func RetriableStatus(method string, status int, h http.Header) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusServiceUnavailable:
		return idempotent(method) || h.Get("Retry-After") != ""
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		return idempotent(method)
	}
	return false
}

// permanent reports failures that another try cannot mend: certificates,
// encodings, sizes, and a host name that does not exist (a region without
// VBS), which would otherwise be asked for again and again.
func permanent(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) && dns.IsNotFound {
		return true
	}
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalid          x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
		recordHeader     tls.RecordHeaderError
		encoding         *EncodingError
	)
	return errors.Is(err, ErrBodyTooLarge) ||
		errors.As(err, &unknownAuthority) || errors.As(err, &hostname) || errors.As(err, &invalid) ||
		errors.As(err, &verification) || errors.As(err, &recordHeader) || errors.As(err, &encoding)
}

// backoff is exponential with full jitter in [d/2, d).
func (t *retryTransport) backoff(attempt int) time.Duration {
	d := t.baseDelay << min(attempt, 16)
	if d <= 0 || d > t.maxDelay {
		d = t.maxDelay
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter needs no cryptographic randomness
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
