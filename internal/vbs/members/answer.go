package members

import (
	"context"
	"fmt"
	"slices"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Answer is the recipient's answer to a backup another project shares
// with it (Update), done when the backup list shows the backup in the
// status asked for. A PUT whose answer was lost and whose retry the
// service refused (the member is already what was asked: "invalid update
// value") is done too where the backup list shows it so.
func Answer(ctx context.Context, c *gophercloud.ServiceClient, project, backupID string, opts UpdateOpts) (Share, error) {
	var share Share
	shows := func() (bool, error) {
		s, found, err := FindShared(ctx, c, project, backupID, opts.Status)
		if found && s.Status != nil && *s.Status == opts.Status {
			share = s
			return true, nil
		}
		return false, err
	}
	if _, err := Update(ctx, c, backupID, project, opts); err != nil {
		if done, readErr := shows(); done && readErr == nil {
			return share, nil
		}
		return Share{}, err
	}
	done, err := untilConfirmed(ctx, shows)
	switch {
	case err != nil:
		return Share{}, &vbs.Error{Op: opUpdate, Err: fmt.Errorf("the service took the answer, but reading it back failed: %w", err)}
	case !done:
		return Share{}, &vbs.Error{Op: opUpdate, Err: fmt.Errorf("the service took the answer %q to backup %s, but its backup list does not show "+
			"the backup %s for project %s after 3.5 seconds", opts.Status, backupID, opts.Status, project)}
	}
	return share, nil
}

// FindShared finds a backup shared with project, trying the status it
// probably has first: a read by status is a read of the backup list, and
// the backup list carries no status of its own.
func FindShared(ctx context.Context, c *gophercloud.ServiceClient, project, backupID, likely string) (Share, bool, error) {
	order := append([]string{likely}, slices.DeleteFunc(slices.Clone(Statuses), func(s string) bool { return s == likely })...)
	for _, status := range order {
		if status == "" {
			continue
		}
		got, err := ListSharedWithMe(ctx, c, project, status)
		if err != nil {
			return Share{}, false, err
		}
		for _, s := range got.Shares {
			if s.BackupID != nil && *s.BackupID == backupID {
				return s, true, nil
			}
		}
	}
	return Share{}, false, nil
}
