package vbs

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gophercloud/gophercloud/v2"
)

// What every service package of this client reads from a response, written
// once here in the core (as gophercloud's root package serves its service
// packages): the body's size bound, the request id, and the error shapes.

// MaxResponseBytes bounds how much of a response body is read. A page of
// 1,000 shares is under 1 MiB; the cap protects memory from a runaway body.
const MaxResponseBytes = 32 << 20

// ErrBodyTooLarge matches, through errors.Is, every response refused for
// exceeding MaxResponseBytes.
var ErrBodyTooLarge = fmt.Errorf("response body exceeds %d bytes", MaxResponseBytes)

// BodyTooLargeError is a response refused for its size: one whose
// Content-Length announced more than MaxResponseBytes (refused unread), or
// one that sent more.
type BodyTooLargeError struct {
	// Declared is the Content-Length, 0 when the body was cut off while read.
	Declared int64
}

func (e *BodyTooLargeError) Error() string {
	if e.Declared > 0 {
		return fmt.Sprintf("%v: its Content-Length is %d, so it was not read", ErrBodyTooLarge, e.Declared)
	}
	return ErrBodyTooLarge.Error()
}

func (e *BodyTooLargeError) Is(target error) bool { return target == ErrBodyTooLarge }

// requestIDHeaders are the headers, in order of preference, that carry the id
// users quote to support.
var requestIDHeaders = []string{"X-Request-Id", "X-Openstack-Request-Id", "X-Compute-Request-Id"}

// RequestID returns the request id of a response header, if any, fit to
// print.
func RequestID(h http.Header) string {
	for _, name := range requestIDHeaders {
		if v := h.Get(name); v != "" {
			return ServerText(v, MaxCodeBytes)
		}
	}
	return ""
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
// a header). All three are server text made fit to print (ServerText).
func ParseErrorBody(body []byte) (code, message, requestID string) {
	code, message, requestID = parseErrorBody(body)
	return ServerText(code, MaxCodeBytes), ServerText(message, MaxMessageBytes), ServerText(requestID, MaxCodeBytes)
}

func parseErrorBody(body []byte) (code, message, requestID string) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || len(top) == 0 {
		return "", Truncate(string(body), 200), ""
	}
	requestID = JSONString(top["request_id"])
	if raw, ok := top["error_msg"]; ok {
		return JSONString(top["error_code"]), JSONString(raw), requestID
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
				requestID = JSONString(fault.RequestID)
			}
			return JSONString(fault.Code), JSONString(fault.Message), requestID
		}
	}
	return "", Truncate(string(body), 200), requestID
}

// JSONString renders a JSON string or number as text; other values as JSON.
func JSONString(raw json.RawMessage) string {
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
	return Truncate(string(raw), 200)
}

// Truncate shortens s to at most n bytes without cutting a character.
func Truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
