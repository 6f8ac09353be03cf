package shares

import "github.com/gophercloud/gophercloud/v2"

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

func resourceURL(c *gophercloud.ServiceClient, id string) string {
	return c.ServiceURL(resourcePath, escapeSegment(id))
}
