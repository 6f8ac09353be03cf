package shares

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	neturl "net/url"
	"strconv"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
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

// requestIDHeaders are the headers, in order of preference, that carry the id
// users quote to support.
var requestIDHeaders = []string{"X-Request-Id", "X-Openstack-Request-Id", "X-Compute-Request-Id"}

// RequestID returns the request id of a response header, if any.
func RequestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
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
		e.RequestID = RequestID(resp.Header)
	}
	if code, ok := UnexpectedResponse(err); ok {
		e.StatusCode = code.Actual
		e.RequestID = RequestID(code.ResponseHeader)
		if code.Actual >= 300 && code.Actual < 400 {
			e.Err = redirectNotFollowed(url, code.ResponseHeader.Get("Location"))
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

// UnexpectedResponse finds gophercloud's HTTP status error, which it returns
// as a value on the first attempt and as a pointer after re-authentication.
func UnexpectedResponse(err error) (gophercloud.ErrUnexpectedResponseCode, bool) {
	var v gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &v) {
		return v, true
	}
	var p *gophercloud.ErrUnexpectedResponseCode
	if errors.As(err, &p) && p != nil {
		return *p, true
	}
	var reauth *gophercloud.ErrUnableToReauthenticate
	if errors.As(err, &reauth) && reauth.ErrOriginal != nil {
		return UnexpectedResponse(reauth.ErrOriginal)
	}
	return v, false
}

// ParseErrorBody extracts the code and message from the three error shapes
// the service family uses:
//
//	{"itemNotFound": {"message": "...", "code": 404}}          Cinder
//	{"error": {"message": "...", "code": "VolumeBackup.0041"}} VBS
//	{"error_msg": "...", "error_code": "APIGW.0301", ...}      API gateway
//
// Anything else yields the start of the body as the message. requestID is
// a "request_id" the body carries (gateways put it there, and not always in
// a header).
func ParseErrorBody(body []byte) (code, message, requestID string) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || len(top) == 0 {
		return "", truncate(string(body), 200), ""
	}
	requestID = jsonString(top["request_id"])
	if raw, ok := top["error_msg"]; ok {
		return jsonString(top["error_code"]), jsonString(raw), requestID
	}
	// Cinder and VBS: one object, keyed by the fault name or "error".
	for _, raw := range top {
		var fault struct {
			Message   json.RawMessage `json:"message"`
			Code      json.RawMessage `json:"code"`
			RequestID json.RawMessage `json:"request_id"`
		}
		if json.Unmarshal(raw, &fault) == nil && fault.Message != nil {
			if requestID == "" {
				requestID = jsonString(fault.RequestID)
			}
			return jsonString(fault.Code), jsonString(fault.Message), requestID
		}
	}
	return "", truncate(string(body), 200), requestID
}

// jsonString renders a JSON string or number as text; other values as JSON.
func jsonString(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		if i, err := strconv.ParseInt(n.String(), 10, 64); err == nil {
			return strconv.FormatInt(i, 10)
		}
		if f, err := strconv.ParseFloat(n.String(), 64); err == nil && f == math.Trunc(f) && math.Abs(f) < 1<<53 {
			return strconv.FormatInt(int64(f), 10) // 404.0 is 404
		}
		return n.String()
	}
	return truncate(string(raw), 200)
}
