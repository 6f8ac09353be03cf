package vbs

import "net/url"

// CanonicalURIOfPath is canonicalURIOf for an escaped path, for tests.
func CanonicalURIOfPath(escaped string) string {
	decoded, err := url.PathUnescape(escaped)
	if err != nil {
		decoded = escaped
	}
	return canonicalURIOf(&url.URL{Path: decoded, RawPath: escaped})
}
