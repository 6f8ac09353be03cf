package members

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Owner types of the backup list.
const (
	OwnPrivate = "private" // the project's own backups
	OwnShared  = "shared"  // backups other projects share with it
)

// BackupListOpts select backups; empty ones are not sent.
type BackupListOpts struct {
	OwnType      string
	MemberStatus string
}

// backupPageSize is the list's documented maximum (and default) limit.
const backupPageSize = 1000

// maxBackups bounds a read of the backup list: a list that never ends is an
// error, not an unbounded allocation.
const maxBackups = 200_000

// maxReads is how many times a read that found the list moving starts over.
const maxReads = 3

// ListBackups reads every backup the options select. A read ends only at
// an empty page. Every page after the first is asked for from the last
// backup read, its anchor: a page that does not begin with it means the
// list moved under the read (a backup removed or added in front), and the
// read starts over, at most maxReads times. A page that brings only its
// anchor is followed by one without: only an empty page says the list
// ended, since the service may cap pages below the limit asked for.
func ListBackups(ctx context.Context, c *gophercloud.ServiceClient, opts BackupListOpts) ([]Backup, error) {
	return listBackups(ctx, c, opts, backupPageSize)
}

func listBackups(ctx context.Context, c *gophercloud.ServiceClient, opts BackupListOpts, pageSize int) ([]Backup, error) {
	for range maxReads {
		list, moved, err := readBackups(ctx, c, opts, pageSize)
		if err != nil || !moved {
			return list, err
		}
	}
	return nil, &vbs.Error{Op: opBackups, Err: fmt.Errorf("in %d reads the list moved under the read (a page asked for from the last backup read "+
		"did not begin with it): backups are being made or deleted faster than the list can be read; try again", maxReads)}
}

func readBackups(ctx context.Context, c *gophercloud.ServiceClient, opts BackupListOpts, pageSize int) (list []Backup, moved bool, err error) {
	seen := map[string]bool{}
	for {
		offset := len(list)
		var page []Backup
		if offset == 0 {
			if page, err = backupsPage(ctx, c, opts, 0, pageSize); err != nil || len(page) == 0 {
				return list, false, err
			}
		} else {
			// The limit stays at most the documented 1000: the anchor takes
			// one of its places.
			if page, err = backupsPage(ctx, c, opts, offset-1, pageSize); err != nil {
				return nil, false, err
			}
			if len(page) == 0 || page[0].ID == nil || *page[0].ID != *list[offset-1].ID {
				if len(page) > 0 && page[0].ID != nil && *page[0].ID == *list[0].ID {
					return nil, false, &vbs.Error{Op: opBackups, Err: fmt.Errorf("the page asked for from offset %d began with the list's first backup: "+
						"the service appears to ignore offset", offset-1)}
				}
				return nil, true, nil // the list moved: this read starts over
			}
			if page = page[1:]; len(page) == 0 {
				if page, err = backupsPage(ctx, c, opts, offset, pageSize); err != nil || len(page) == 0 {
					return list, false, err
				}
			}
		}
		added := 0
		for _, b := range page {
			if b.ID == nil {
				return nil, false, &vbs.Error{Op: opBackups, Err: errors.New("the list holds a backup without an id")}
			}
			if !seen[*b.ID] {
				seen[*b.ID] = true
				list = append(list, b)
				added++
			}
		}
		switch {
		case added == 0:
			return nil, false, &vbs.Error{Op: opBackups, Err: fmt.Errorf("the page at offset %d brought only backups already read: the service "+
				"appears to ignore offset", offset)}
		case len(list) > maxBackups:
			return nil, false, &vbs.Error{Op: opBackups, Err: fmt.Errorf("the list goes on past %d backups", maxBackups)}
		}
	}
}

func backupsPage(ctx context.Context, c *gophercloud.ServiceClient, opts BackupListOpts, offset, limit int) ([]Backup, error) {
	q := url.Values{}
	if opts.OwnType != "" {
		q.Set("own_type", opts.OwnType)
	}
	if opts.MemberStatus != "" {
		q.Set("member_status", opts.MemberStatus)
	}
	q.Set("limit", strconv.Itoa(limit))
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	u := backupsURL(c) + "?" + q.Encode()
	resp, err := c.Get(ctx, u, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: []int{http.StatusOK}})
	if err != nil {
		return nil, vbs.WrapError(opBackups, http.MethodGet, u, resp, err)
	}
	var page []Backup
	if err := decode(resp, "backups", &page); err != nil {
		return nil, vbs.WrapError(opBackups, http.MethodGet, u, resp, err)
	}
	for i := range page {
		normalize(&page[i], BackupFields)
	}
	return page, nil
}

// GetBackup reads one backup: the caller's own, or one shared with it.
func GetBackup(ctx context.Context, c *gophercloud.ServiceClient, backupID string) (*Backup, error) {
	u, err := backupURL(c, backupID)
	if err != nil {
		return nil, &vbs.Error{Op: opBackup, Err: err}
	}
	resp, err := c.Get(ctx, u, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: []int{http.StatusOK}})
	if err != nil {
		return nil, vbs.WrapError(opBackup, http.MethodGet, u, resp, err)
	}
	var b Backup
	if err := decode(resp, "backup", &b); err != nil {
		return nil, vbs.WrapError(opBackup, http.MethodGet, u, resp, err)
	}
	normalize(&b, BackupFields)
	if b.ID != nil && *b.ID != backupID {
		return nil, vbs.WrapError(opBackup, http.MethodGet, u, resp, fmt.Errorf("asked for backup %s, the service answered with backup %s", backupID, *b.ID))
	}
	return &b, nil
}
