package vbs

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrEndpointForAnotherProject is an endpoint copied with the path of
// another project than the one the client works in.
var ErrEndpointForAnotherProject = errors.New("the endpoint names another project")

// ServiceRoot returns the VBS service root of an endpoint as users copy it:
// the root itself ("https://vbs.eu-de.otc.t-systems.com"), or with the API
// version ("…/v2") or the project's path ("…/v2/{project_id}") at its end,
// as the catalog and the API reference show it. A project path for another
// project than projectID is an error, since every request would be refused.
func ServiceRoot(endpoint, projectID string) (string, error) {
	return serviceRoot(endpoint, projectID, "v2")
}

// serviceRoot is ServiceRoot for a service whose paths start with version.
func serviceRoot(endpoint, projectID, version string) (string, error) {
	if err := CheckHTTPURL(endpoint); err != nil {
		return "", fmt.Errorf("endpoint: %w", err)
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return "", fmt.Errorf("endpoint %s is not a URL", ShowURL(endpoint))
	}
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	n := len(segs)
	switch {
	case n >= 1 && segs[n-1] == version:
		segs = segs[:n-1]
	case n >= 2 && segs[n-2] == version:
		if projectID != "" && segs[n-1] != projectID {
			return "", fmt.Errorf("%w: endpoint %s ends in the path of project %s, but the provider works in project %s: set endpoint to the service root, "+
				"%s://%s", ErrEndpointForAnotherProject, ShowURL(endpoint), EscapeControls(segs[n-1]), projectID, u.Scheme, u.Host)
		}
		segs = segs[:n-2]
	}
	u.Path = strings.Join(segs, "/")
	u.RawPath = ""
	return strings.TrimSuffix(u.String(), "/") + "/", nil
}

// InClear reports whether a URL sends credentials unencrypted over the
// network: http:// to a host that is not loopback.
func InClear(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil || u.Scheme != "http" {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return false
	}
	ip := net.ParseIP(host)
	return ip == nil || !ip.IsLoopback()
}
