package members

import (
	"fmt"
	"net/url"

	"github.com/gophercloud/gophercloud/v2"
)

// segment escapes an id into a path segment of its own, refusing the ones
// that would change the path.
func segment(what, id string) (string, error) {
	switch id {
	case "", ".", "..":
		return "", fmt.Errorf("%q is not a %s", id, what)
	}
	return url.PathEscape(id), nil
}

func backupsURL(c *gophercloud.ServiceClient) string { return c.ServiceURL("backups") }

func backupURL(c *gophercloud.ServiceClient, backupID string) (string, error) {
	b, err := segment("backup ID", backupID)
	if err != nil {
		return "", err
	}
	return c.ServiceURL("backups", b), nil
}

func membersURL(c *gophercloud.ServiceClient, backupID string) (string, error) {
	b, err := segment("backup ID", backupID)
	if err != nil {
		return "", err
	}
	return c.ServiceURL("backups", b, "members"), nil
}

// memberURL is one member's URL: memberID is the recipient's project ID.
func memberURL(c *gophercloud.ServiceClient, backupID, memberID string) (string, error) {
	u, err := membersURL(c, backupID)
	if err != nil {
		return "", err
	}
	m, err := segment("project ID", memberID)
	if err != nil {
		return "", err
	}
	return u + "/" + m, nil
}
