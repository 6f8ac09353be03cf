package shares

import (
	"fmt"
	"net/url"

	"github.com/gophercloud/gophercloud/v2"
)

const resourcePath = "os-vendor-backup-sharing"

func rootURL(c *gophercloud.ServiceClient) string {
	return c.ServiceURL(resourcePath)
}

func listURL(c *gophercloud.ServiceClient) string {
	return c.ServiceURL(resourcePath, "detail")
}

func countURL(c *gophercloud.ServiceClient) string {
	return c.ServiceURL(resourcePath, "count")
}

// resourceURL is the URL of one share (or, for DeleteByBackup, one backup).
// The id must stay one path segment of its own: escaped, so that "/" and
// "?" cannot change the path; and never empty, ".", "..", or one of the
// literal segments "detail" and "count", which name other operations (a
// gateway that normalises paths would take ".." to the project's root).
func resourceURL(c *gophercloud.ServiceClient, id string) (string, error) {
	switch id {
	case "", ".", "..", "detail", "count":
		return "", fmt.Errorf("%q is not a share or backup id", id)
	}
	return c.ServiceURL(resourcePath, url.PathEscape(id)), nil
}
