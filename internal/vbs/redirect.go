package vbs

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// maxRedirects bounds same-origin redirects (a loop is an error, not a hang).
const maxRedirects = 5

// newHTTPClient is the one HTTP client of a provider instance, for IAM and
// VBS alike.
//
// Redirects are followed only within the scheme and host the request was
// sent to: net/http would carry X-Auth-Token to any host, and the signing
// transport would sign the redirected request afresh for it, so a redirect
// elsewhere (another host, or https to http) would hand the credentials
// over. Such a redirect is not followed; its 3xx answer comes back to the
// caller, whose error names the status and the Location.
//
// A write is followed only through 307 and 308, which repeat the same
// method and body: after 301, 302 and 303 net/http would send a GET, and a
// DELETE that became a GET would look like a cancel that happened. And
// only to the same path (a trailing slash aside) and query: a redirect
// of DELETE …/X to …/Y?is_backup_id=true would cancel other shares than
// the caller asked to, under its own signature.
func newHTTPClient(rt http.RoundTripper) http.Client {
	return http.Client{Transport: rt, CheckRedirect: followRedirect}
}

func followRedirect(req *http.Request, via []*http.Request) error {
	origin := via[0].URL
	if req.URL.Scheme != origin.Scheme || req.URL.Host != origin.Host {
		return http.ErrUseLastResponse
	}
	if m := via[0].Method; m != http.MethodGet && m != http.MethodHead && (req.Method != m || !keepsMethod(req.Response) || !samePlace(req.URL, origin)) {
		return http.ErrUseLastResponse
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects within %s://%s", maxRedirects, origin.Scheme, origin.Host)
	}
	return nil
}

// samePlace reports a URL with the same path as origin, but for a trailing
// slash, and the same query.
func samePlace(u, origin *url.URL) bool {
	return strings.TrimSuffix(u.EscapedPath(), "/") == strings.TrimSuffix(origin.EscapedPath(), "/") && u.RawQuery == origin.RawQuery
}

// keepsMethod reports a redirect that must be followed with the same
// method and body.
func keepsMethod(resp *http.Response) bool {
	return resp != nil && (resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect)
}
