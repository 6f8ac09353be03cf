package emulator

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// The API gateway's side of SDK-HMAC-SHA256, written from the signing guide
// on its own (not shared with the client's signer): rebuild the canonical
// request from the SignedHeaders the request names, and compare signatures
// in constant time.

const (
	akskAlgorithm = "SDK-HMAC-SHA256"
	akskMaxSkew   = 15 * time.Minute
)

type signedAuth struct {
	access    string
	signed    []string
	signature string
}

// parseSignedAuth reads "SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex".
func parseSignedAuth(h string) (signedAuth, bool) {
	rest, ok := strings.CutPrefix(h, akskAlgorithm+" ")
	if !ok {
		return signedAuth{}, false
	}
	var a signedAuth
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return signedAuth{}, false
		}
		switch k {
		case "Access":
			a.access = v
		case "SignedHeaders":
			a.signed = strings.Split(v, ";")
		case "Signature":
			a.signature = v
		}
	}
	return a, a.access != "" && len(a.signed) > 0 && a.signature != ""
}

// verifySigned authenticates an AK/SK request. It answers 401 in the
// gateway's shape itself and reports false when the request is refused.
func (s *Server) verifySigned(w http.ResponseWriter, r *http.Request, urlProject string) (caller, bool) {
	refuse := func(msg string) (caller, bool) {
		writeGatewayUnauthorized(w, "Incorrect IAM authentication information: "+msg)
		return caller{}, false
	}
	a, ok := parseSignedAuth(r.Header.Get("Authorization"))
	if !ok {
		return refuse("malformed Authorization header")
	}
	s.mu.Lock()
	var key *AccessKey
	for i := range s.opts.Data.AccessKeys {
		if s.opts.Data.AccessKeys[i].AccessKey == a.access {
			k := s.opts.Data.AccessKeys[i]
			key = &k
		}
	}
	now := s.opts.Now()
	s.mu.Unlock()
	if key == nil {
		return refuse("access key " + a.access + " does not exist")
	}
	// The gateway requires only X-Sdk-Date to be signed; Huawei's v3 SDKs
	// do not sign host.
	if !slices.Contains(a.signed, "x-sdk-date") {
		return refuse("header x-sdk-date is not signed")
	}
	date, err := time.Parse("20060102T150405Z", r.Header.Get("X-Sdk-Date"))
	if err != nil {
		return refuse("X-Sdk-Date is missing or not in the format YYYYMMDDTHHMMSSZ")
	}
	if skew := now.Sub(date); skew > akskMaxSkew || skew < -akskMaxSkew {
		return refuse(fmt.Sprintf("X-Sdk-Date %s is more than 15 minutes off the server time", date.Format(time.RFC3339)))
	}
	if key.SecurityToken != "" {
		if r.Header.Get("X-Security-Token") != key.SecurityToken {
			return refuse("temporary access key " + a.access + " needs its security token in X-Security-Token")
		}
		if !slices.Contains(a.signed, "x-security-token") {
			return refuse("header x-security-token is not signed")
		}
	}

	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		return refuse("unreadable body")
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	want := gatewaySignature(key.SecretKey, r, a.signed, body)
	if !hmac.Equal([]byte(want), []byte(a.signature)) {
		return refuse("verify aksk signature fail")
	}

	project := r.Header.Get("X-Project-Id")
	if project == "" {
		project = urlProject
	}
	s.mu.Lock()
	user := s.findUser(key.User, key.Domain)
	s.mu.Unlock()
	if user == nil {
		return refuse("the access key's user no longer exists")
	}
	if project != "" && !slices.Contains(user.Projects, project) {
		writeCinderError(w, http.StatusForbidden, "forbidden", "The access key's user has no role in project "+project+".")
		return caller{}, false
	}
	return caller{user: user.Name, project: project}, true
}

func gatewaySignature(secret string, r *http.Request, signed []string, body []byte) string {
	// A header sent more than once is signed with every value, sorted, one
	// line each, as Huawei's reference signer does.
	var headers strings.Builder
	for _, name := range signed {
		values := slices.Clone(r.Header.Values(name))
		if name == "host" {
			values = []string{r.Host}
		}
		sort.Strings(values)
		if len(values) == 0 {
			values = []string{""}
		}
		for _, v := range values {
			headers.WriteString(name + ":" + strings.TrimSpace(v) + "\n")
		}
	}
	bodySum := sha256.Sum256(body)
	canonical := r.Method + "\n" + canonicalPath(wirePath(r)) + "\n" + canonicalQuery(rawQueryValues(r.URL.RawQuery)) + "\n" +
		headers.String() + "\n" + strings.Join(signed, ";") + "\n" + hex.EncodeToString(bodySum[:])
	reqSum := sha256.Sum256([]byte(canonical))
	toSign := akskAlgorithm + "\n" + r.Header.Get("X-Sdk-Date") + "\n" + hex.EncodeToString(reqSum[:])
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(toSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// wirePath is the path as the client sent it, which it signed: the
// emulator's routing takes prefixes off r.URL (regions, redirects).
func wirePath(r *http.Request) string {
	if r.RequestURI == "" {
		return r.URL.EscapedPath()
	}
	path, _, _ := strings.Cut(r.RequestURI, "?")
	return path
}

// canonicalPath splits the path where the wire has a "/" (an escaped
// slash stays inside its segment), then encodes each decoded segment.
func canonicalPath(escaped string) string {
	parts := strings.Split(escaped, "/")
	for i := range parts {
		if d, err := url.PathUnescape(parts[i]); err == nil {
			parts[i] = d
		}
		parts[i] = uriEncode(parts[i])
	}
	out := strings.Join(parts, "/")
	if !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out
}

// rawQueryValues splits the query exactly as it came over the wire. Unlike
// url.ParseQuery it keeps "+" a plus sign: only percent-escapes are
// decoded, as in the canonical form, so a client that signs a space as %20
// but sends "+" is refused instead of being read charitably.
func rawQueryValues(raw string) url.Values {
	q := url.Values{}
	for _, pair := range strings.Split(raw, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		if dk, err := url.PathUnescape(k); err == nil {
			k = dk
		}
		if dv, err := url.PathUnescape(v); err == nil {
			v = dv
		}
		q[k] = append(q[k], v)
	}
	return q
}

func canonicalQuery(q url.Values) string {
	var pairs []string
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vs := slices.Clone(q[k])
		sort.Strings(vs)
		for _, v := range vs {
			pairs = append(pairs, uriEncode(k)+"="+uriEncode(v))
		}
	}
	return strings.Join(pairs, "&")
}

// uriEncode keeps the unreserved characters and escapes every other byte.
func uriEncode(s string) string {
	const unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if strings.IndexByte(unreserved, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
