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
func newHTTPClient(rt http.RoundTripper) http.Client {
	return http.Client{Transport: rt, CheckRedirect: keepCredentialsHome}
}

func keepCredentialsHome(req *http.Request, via []*http.Request) error {
	origin := via[0].URL
	if req.URL.Scheme != origin.Scheme || req.URL.Host != origin.Host {
		return http.ErrUseLastResponse
	}
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects within %s://%s", maxRedirects, origin.Scheme, origin.Host)
	}
	return nil
}
