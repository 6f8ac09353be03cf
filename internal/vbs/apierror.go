package vbs

import (
	"errors"
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"
)

// The error of every service package, in one place: what the provider
// turns into diagnostics (status, code, message, request id, redirects).

// ErrNotFound matches, through errors.Is, any *Error with HTTP status 404.
var ErrNotFound = errors.New("not found")

// Error is every failure of an operation of a service package (VBS
// sharing, CBR members): an HTTP error answer from the service or its
// gateway, a transport failure, or an unusable response.
type Error struct {
	// Op names the operation, e.g. "list backup shares".
	Op     string
	Method string
	URL    string
	// StatusCode is the HTTP status, 0 when no response was received.
	StatusCode int
	// Code is the service's error code ("VolumeBackup.0041", "APIGW.0301",
	// "404"), empty when the body carried none.
	Code string
	// Message is the service's error message, or the start of the raw body.
	Message string
	// RequestID is the X-Request-Id (or X-Openstack-Request-Id) header,
	// which support asks for.
	RequestID string
	// Retriable reports a status that the client tries again while its
	// retry budget lasts (RetriableStatus): more tries might have helped.
	Retriable bool
	// RedirectedTo is where a followed redirect led, when the answer came
	// from there.
	RedirectedTo string
	// Err is the underlying error for transport and decoding failures.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.StatusCode != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.StatusCode)
		if text := http.StatusText(e.StatusCode); text != "" {
			fmt.Fprintf(&b, " %s", text)
		}
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.RedirectedTo != "" {
		fmt.Fprintf(&b, " (after a redirect to %s)", e.RedirectedTo)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// With is a copy of e whose Err says what followed the answer (a read that
// contradicts it, retries that ran out).
func (e *Error) With(err error) *Error {
	c := *e
	c.Err = err
	return &c
}

// Is makes errors.Is(err, ErrNotFound) true for 404 answers, and for an
// error body sent under a success status whose own code is 404 (Cinder's
// itemNotFound): a gateway that answers every error with 200 leaves the
// meaning in the body, and there it is unambiguous.
func (e *Error) Is(target error) bool {
	if target != ErrNotFound {
		return false
	}
	var answered *AnsweredError
	return e.StatusCode == http.StatusNotFound || (errors.As(e.Err, &answered) && answered.Code == "404")
}

// WrapError turns whatever gophercloud or decoding returned into an *Error
// naming the operation. It returns nil for nil.
func WrapError(op, method, url string, resp *http.Response, err error) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	e := &Error{Op: op, Method: method, URL: url}
	if resp != nil {
		e.StatusCode = resp.StatusCode
		e.RequestID = RequestID(resp.Header)
		e.RedirectedTo = redirectedTo(url, resp)
	}
	var answered *AnsweredError
	if errors.As(err, &answered) {
		e.Code, e.Message, e.Err = answered.Code, answered.Message, answered
		if e.RequestID == "" {
			e.RequestID = answered.RequestID
		}
		return e
	}
	if code, ok := UnexpectedResponse(err); ok {
		e.StatusCode = code.Actual
		e.RequestID = RequestID(code.ResponseHeader)
		e.Retriable = RetriableStatus(method, code.Actual, code.ResponseHeader)
		if code.Actual >= 300 && code.Actual < 400 {
			e.Err = redirectNotFollowed(method, url, code.Actual, code.ResponseHeader.Get("Location"))
			return e
		}
		var bodyID string
		e.Code, e.Message, bodyID = ParseErrorBody(code.Body)
		if e.RequestID == "" {
			e.RequestID = bodyID
		}
		return e
	}
	e.Err = err
	return e
}

// redirectedTo is the URL a response came from when a redirect was
// followed to get it, "" otherwise.
func redirectedTo(requestURL string, resp *http.Response) string {
	if resp.Request == nil || resp.Request.URL == nil {
		return ""
	}
	final := resp.Request.URL.String()
	if final == requestURL {
		return ""
	}
	return ShowURL(final)
}

// redirectNotFollowed explains a redirect the client did not follow. It
// follows redirects only within the scheme and host of the request, so that
// credentials never leave the endpoint; and a write (POST, DELETE) only
// through 307 and 308, which keep its method and body: Go's client turns
// it into a GET after 301, 302 and 303, which would report a cancel or a
// share that never happened.
func redirectNotFollowed(method, requestURL string, status int, location string) error {
	if location == "" {
		return fmt.Errorf("the service answered with a redirect (HTTP %d) without a Location", status)
	}
	req, err := neturl.Parse(requestURL)
	if err != nil {
		return fmt.Errorf("the service redirected to %s, which was not followed", ShowURL(location))
	}
	to, err := req.Parse(location)
	if err != nil {
		return fmt.Errorf("the service redirected to %q, which is not a URL, and was not followed", ServerText(location, MaxCodeBytes))
	}
	shown := ShowURL(to.String())
	if to.Scheme == req.Scheme && to.Host == req.Host && method != http.MethodGet && method != http.MethodHead {
		return fmt.Errorf("the service answered %s with a redirect (HTTP %d) to %s, which was not followed: following it would send a GET, not the %s; "+
			"the provider follows a redirect of a write only with 307 or 308, which keep the method. If the service has moved, set endpoint to its new "+
			"address", method, status, shown, method)
	}
	return fmt.Errorf("the service redirected to %s, which was not followed: the provider sends credentials only to %s://%s; if the service has moved, set "+
		"endpoint to its new address", shown, req.Scheme, req.Host)
}

// AnsweredError is an error body the service sent with a success status.
type AnsweredError struct {
	Code, Message, RequestID string
}

func (e *AnsweredError) Error() string {
	return "the service answered with a success status but an error body"
}
