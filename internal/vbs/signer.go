package vbs

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// AK/SK request signing, SDK-HMAC-SHA256 in its current ("Access=") form,
// as Huawei's API gateway signing guide describes it.

const (
	signAlgorithm = "SDK-HMAC-SHA256"
	// SdkDateFormat is the layout of the X-Sdk-Date header.
	SdkDateFormat = "20060102T150405Z"
)

// escape percent-encodes everything but A-Z a-z 0-9 - _ . ~, with
// upper-case hex, as the canonical request requires.
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// CanonicalURI encodes each segment of the (decoded) path and ends it with "/".
func CanonicalURI(path string) string {
	return canonicalSegments(strings.Split(path, "/"))
}

// canonicalURIOf is the canonical URI of the path as it goes onto the wire:
// split where the wire has a "/", so that a segment with an escaped slash
// ("a%2Fb") is signed as the one segment it is.
func canonicalURIOf(u *url.URL) string {
	segments := strings.Split(u.EscapedPath(), "/")
	for i, s := range segments {
		if d, err := url.PathUnescape(s); err == nil {
			segments[i] = d
		}
	}
	return canonicalSegments(segments)
}

func canonicalSegments(segments []string) string {
	for i, s := range segments {
		segments[i] = escape(s)
	}
	uri := strings.Join(segments, "/")
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri
}

// CanonicalQuery sorts parameters by key, then value, each encoded.
func CanonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), q[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// CanonicalRequest builds the canonical request from the request's parts.
// headerValues returns the values of a lower-case header name ("host"
// too). A header sent more than once is signed with every value, sorted,
// one line each, as Huawei's reference signer does.
func CanonicalRequest(method, path string, query url.Values, signed []string, headerValues func(string) []string, body []byte) string {
	return canonicalRequest(method, CanonicalURI(path), query, signed, headerValues, body)
}

func canonicalRequest(method, uri string, query url.Values, signed []string, headerValues func(string) []string, body []byte) string {
	var headers strings.Builder
	for _, name := range signed {
		values := append([]string(nil), headerValues(name)...)
		if len(values) == 0 {
			values = []string{""}
		}
		sort.Strings(values)
		for _, v := range values {
			headers.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	sum := sha256.Sum256(body)
	return strings.Join([]string{
		method,
		uri,
		CanonicalQuery(query),
		headers.String(),
		strings.Join(signed, ";"),
		hex.EncodeToString(sum[:]),
	}, "\n")
}

// StringToSign wraps the canonical request's hash with the algorithm and date.
func StringToSign(canonicalRequest, sdkDate string) string {
	sum := sha256.Sum256([]byte(canonicalRequest))
	return signAlgorithm + "\n" + sdkDate + "\n" + hex.EncodeToString(sum[:])
}

// Signature is hex(HMAC-SHA256(secret key, string to sign)).
func Signature(secretKey, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(secretKey))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// headersToSign is the signing policy: host, x-sdk-date, content-type when
// sent, and every x-* header, so that X-Project-Id and X-Security-Token are
// covered.
func headersToSign(h http.Header) []string {
	names := []string{"host"}
	for k := range h {
		lk := strings.ToLower(k)
		if lk == "content-type" || strings.HasPrefix(lk, "x-") {
			names = append(names, lk)
		}
	}
	sort.Strings(names)
	return names
}

// Signer signs requests with an access key pair.
type Signer struct {
	AccessKey string
	SecretKey string
	// SecurityToken, for temporary credentials, is sent as X-Security-Token.
	SecurityToken string
}

// Sign sets X-Sdk-Date (and X-Security-Token) and the Authorization header
// of req, whose body is body. It also rewrites the query string into its
// canonical form, so that the query sent is byte for byte the query signed
// (a space goes out as %20, never as "+", which a gateway may read either
// way).
func (s Signer) Sign(req *http.Request, body []byte, now time.Time) {
	req.Header.Set("X-Sdk-Date", now.UTC().Format(SdkDateFormat))
	if s.SecurityToken != "" {
		req.Header.Set("X-Security-Token", s.SecurityToken)
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	signed := headersToSign(req.Header)
	values := func(name string) []string {
		if name == "host" {
			return []string{host}
		}
		return req.Header.Values(name)
	}
	query := req.URL.Query()
	req.URL.RawQuery = CanonicalQuery(query)
	canonical := canonicalRequest(req.Method, canonicalURIOf(req.URL), query, signed, values, body)
	sig := Signature(s.SecretKey, StringToSign(canonical, req.Header.Get("X-Sdk-Date")))
	req.Header.Set("Authorization", fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s", signAlgorithm, s.AccessKey, strings.Join(signed, ";"), sig))
}

// signingTransport signs every request, IAM's included, and adds
// X-Project-Id once the project is known.
type signingTransport struct {
	next    http.RoundTripper
	signer  Signer
	project atomic.Pointer[string]
	now     func() time.Time
}

func (t *signingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil && req.Body != http.NoBody {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		_ = req.Body.Close()
	}
	r := req.Clone(req.Context())
	if body != nil {
		r.Body = io.NopCloser(bytes.NewReader(body))
		r.ContentLength = int64(len(body))
	}
	if p := t.project.Load(); p != nil && r.Header.Get("X-Project-Id") == "" {
		r.Header.Set("X-Project-Id", *p)
	}
	now := time.Now
	if t.now != nil {
		now = t.now
	}
	t.signer.Sign(r, body, now())
	return t.next.RoundTrip(r)
}
