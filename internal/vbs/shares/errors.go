package shares

import (
	"errors"
	"fmt"
	"net/http"
	neturl "net/url"
	"strings"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// ErrNotFound matches, through errors.Is, any *Error with HTTP status 404.
var ErrNotFound = errors.New("not found")

// Error is every failure of a sharing operation: an HTTP error answer from
// the service or its gateway, a transport failure, or an unusable response.
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
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrNotFound) true for 404 answers.
func (e *Error) Is(target error) bool {
	return target == ErrNotFound && e.StatusCode == http.StatusNotFound
}

// wrapError turns whatever gophercloud or decoding returned into an *Error
// naming the operation. It returns nil for nil.
func wrapError(op, method, url string, resp *http.Response, err error) error {
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
		e.RequestID = vbs.RequestID(resp.Header)
	}
	if code, ok := vbs.UnexpectedResponse(err); ok {
		e.StatusCode = code.Actual
		e.RequestID = vbs.RequestID(code.ResponseHeader)
		if code.Actual >= 300 && code.Actual < 400 {
			e.Err = redirectNotFollowed(url, code.ResponseHeader.Get("Location"))
			return e
		}
		var bodyID string
		e.Code, e.Message, bodyID = vbs.ParseErrorBody(code.Body)
		if e.RequestID == "" {
			e.RequestID = bodyID
		}
		return e
	}
	e.Err = err
	return e
}

// redirectNotFollowed explains a redirect the client did not follow: it
// follows redirects only within the scheme and host of the request, so
// that credentials never leave the endpoint.
func redirectNotFollowed(requestURL, location string) error {
	origin := requestURL
	if u, err := neturl.Parse(requestURL); err == nil {
		origin = u.Scheme + "://" + u.Host
	}
	if location == "" {
		return fmt.Errorf("the service answered with a redirect without a Location")
	}
	return fmt.Errorf("the service redirected to %s, which was not followed: the provider sends credentials only to %s; if the service has moved, set endpoint to its new address", location, origin)
}
