package vbs

import (
	"fmt"
	"net/http"
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
// DELETE that became a GET would look like a cancel that happened.
func newHTTPClient(rt http.RoundTripper) http.Client {
	return http.Client{Transport: rt, CheckRedirect: followRedirect}
}

func followRedirect(req *http.Request, via []*http.Request) error {
	origin := via[0].URL
	if req.URL.Scheme != origin.Scheme || req.URL.Host != origin.Host {
		return http.ErrUseLastResponse
	}
	if m := via[0].Method; m != http.MethodGet && m != http.MethodHead && (req.Method != m || !keepsMethod(req.Response)) {
		return http.ErrUseLastResponse
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects within %s://%s", maxRedirects, origin.Scheme, origin.Host)
	}
	return nil
}

// keepsMethod reports a redirect that must be followed with the same
// method and body.
func keepsMethod(resp *http.Response) bool {
	return resp != nil && (resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect)
}
