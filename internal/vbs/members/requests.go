package members

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// The operations, as errors name them.
const (
	opAdd     = "share a CBR backup (POST members)"
	opList    = "list the members of a CBR backup"
	opGet     = "read a CBR backup member"
	opUpdate  = "update a CBR backup member's status (PUT)"
	opDelete  = "delete a CBR backup member"
	opBackups = "list CBR backups"
	opBackup  = "read a CBR backup"
)

// Member statuses.
const (
	StatusPending  = "pending"
	StatusAccepted = "accepted"
	StatusRejected = "rejected"
)

// Statuses are the documented member statuses.
var Statuses = []string{StatusPending, StatusAccepted, StatusRejected}

// MaxMembersPerRequest is how many projects one POST may name (1-10), and
// at most how many projects one backup is shared with in all (OTC).
const MaxMembersPerRequest = 10

// successCodes: the API documents 200 for POST, GET and PUT and 204 for
// DELETE; any 2xx is success.
var successCodes = []int{http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNoContent}

// ErrNotFound matches every error of a member or backup that is not there.
var ErrNotFound = vbs.ErrNotFound

// Gone reports an answer that says the member or backup is not there: 404,
// the code BackupService.6705 under any status, or the gateway's 401
// "Malformed request url" that Huawei's provider reads as a backup not
// found.
func Gone(err error) bool {
	if errors.Is(err, vbs.ErrNotFound) {
		return true
	}
	var e *vbs.Error
	if !errors.As(err, &e) {
		return false
	}
	// CBR's own code for a member that is not there, whatever the status
	// (a gateway that answers errors with 200 leaves it in the body).
	return e.Code == codeMemberNotFound || (e.StatusCode == http.StatusUnauthorized && strings.Contains(e.Message, "Malformed request url"))
}

// codeMemberNotFound is CBR's error code for a member that does not exist.
const codeMemberNotFound = "BackupService.6705"

// ListOpts are the filters of the member list; empty ones are not sent.
type ListOpts struct {
	DestProjectID string
	Status        string
	VaultID       string
	ImageID       string
}

func (o ListOpts) query(offset int) string {
	q := url.Values{}
	for k, v := range map[string]string{"dest_project_id": o.DestProjectID, "status": o.Status, "vault_id": o.VaultID, "image_id": o.ImageID} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if offset > 0 {
		q.Set("offset", strconv.Itoa(offset))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// matches reports whether m contradicts none of the filters (a key the
// answer left out contradicts nothing).
func (o ListOpts) matches(m Member) bool {
	ok := func(want string, got *string) bool { return want == "" || got == nil || *got == want }
	return ok(o.DestProjectID, m.DestProjectID) && ok(o.Status, m.Status) && ok(o.VaultID, m.VaultID) && ok(o.ImageID, m.ImageID)
}

// List reads every member of a backup of the caller's project that the
// filters select. No limit is sent (a backup has at most 10 members). The
// list ends only at an empty page: the answer's count is not trusted to
// end it (the documented example counts 50 beside one member, and a count
// can be wrong either way). A page that repeats the first one exactly is a
// service that ignores offset: no limit was sent, so its first answer was
// the whole list. Any other page that brings only members already read is
// an error, as is a list longer than maxMemberPages pages. Members of
// another backup are an error; members that contradict the filters are
// dropped and counted.
func List(ctx context.Context, c *gophercloud.ServiceClient, backupID string, opts ListOpts) (list []Member, dropped int, err error) {
	base, err := membersURL(c, backupID)
	if err != nil {
		return nil, 0, &vbs.Error{Op: opList, Err: err}
	}
	seen := map[string]bool{}
	var first []string
	given := 0 // members the service has answered: the next offset
	for page := range maxMemberPages {
		u := base + opts.query(given)
		members, err := listPage(ctx, c, u)
		if err != nil {
			return nil, 0, err
		}
		keys := make([]string, len(members))
		for i, m := range members {
			keys[i] = memberKey(m)
		}
		switch {
		case len(members) == 0:
			return list, dropped, nil
		case page == 0:
			first = keys
		case slices.Equal(keys, first):
			return list, dropped, nil // offset ignored: the first page was the whole list
		}
		given += len(members)
		added := 0
		for i, m := range members {
			switch {
			case m.BackupID != nil && *m.BackupID != backupID:
				return nil, 0, &vbs.Error{Op: opList, Method: http.MethodGet, URL: vbs.ShowURL(u),
					Err: fmt.Errorf("the answer for backup %s holds a member of backup %s", backupID, *m.BackupID)}
			case seen[keys[i]]:
				continue
			}
			seen[keys[i]] = true
			added++
			if !opts.matches(m) {
				dropped++
				continue
			}
			list = append(list, m)
		}
		if added == 0 {
			return nil, 0, &vbs.Error{Op: opList, Method: http.MethodGet, URL: vbs.ShowURL(u),
				Err: fmt.Errorf("the page at offset %d of backup %s's members brought only members already read: the list moved or its pages "+
					"overlap", given-len(members), backupID)}
		}
	}
	return nil, 0, &vbs.Error{Op: opList, Err: fmt.Errorf("backup %s's members go on past %d pages", backupID, maxMemberPages)}
}

// maxMemberPages bounds a read of one backup's members.
const maxMemberPages = 100

// memberKey identifies a member within one backup: its project, else its
// record's ID, else its place in the answer.
func memberKey(m Member) string {
	switch {
	case m.DestProjectID != nil:
		return "p:" + *m.DestProjectID
	case m.ID != nil:
		return "i:" + *m.ID
	}
	return "?" + str(m.Status) + "/" + str(m.CreatedAt)
}

func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func listPage(ctx context.Context, c *gophercloud.ServiceClient, u string) ([]Member, error) {
	resp, err := c.Get(ctx, u, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: []int{http.StatusOK}})
	if err != nil {
		return nil, vbs.WrapError(opList, http.MethodGet, u, resp, err)
	}
	var list []Member
	if err := decode(resp, "members", &list); err != nil {
		return nil, vbs.WrapError(opList, http.MethodGet, u, resp, err)
	}
	for i := range list {
		normalize(&list[i], MemberFields)
	}
	return list, nil
}

// Get reads the member of a backup of the caller's project for one
// project. An answer for another backup or project is an error.
func Get(ctx context.Context, c *gophercloud.ServiceClient, backupID, projectID string) (*Member, error) {
	u, err := memberURL(c, backupID, projectID)
	if err != nil {
		return nil, &vbs.Error{Op: opGet, Err: err}
	}
	resp, err := c.Get(ctx, u, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: []int{http.StatusOK}})
	if err != nil {
		return nil, vbs.WrapError(opGet, http.MethodGet, u, resp, err)
	}
	var m *Member
	if err := decode(resp, "member", &m); err != nil {
		return nil, vbs.WrapError(opGet, http.MethodGet, u, resp, err)
	}
	if m == nil {
		// Not "no member": an answer that says nothing, under 200.
		return nil, vbs.WrapError(opGet, http.MethodGet, u, resp, errors.New(`malformed response: "member" is null`))
	}
	normalize(m, MemberFields)
	if err := answers(*m, backupID, projectID); err != nil {
		return nil, vbs.WrapError(opGet, http.MethodGet, u, resp, err)
	}
	return m, nil
}

// answers checks a member against the backup and project asked for.
func answers(m Member, backupID, projectID string) error {
	switch {
	case m.BackupID != nil && *m.BackupID != backupID:
		return fmt.Errorf("asked for the member of backup %s, the service answered with one of backup %s", backupID, *m.BackupID)
	case m.DestProjectID != nil && !strings.EqualFold(*m.DestProjectID, projectID):
		return fmt.Errorf("asked for the member for project %s, the service answered with the one for project %s", projectID, *m.DestProjectID)
	}
	return nil
}

// Add shares a backup with projects (1-10) in one request. Its answer is
// not read as the state of anything: whether it lists the new members or
// all of them is unverified. AddOne reads the member back.
func Add(ctx context.Context, c *gophercloud.ServiceClient, backupID string, projectIDs []string) error {
	if len(projectIDs) < 1 || len(projectIDs) > MaxMembersPerRequest {
		return &vbs.Error{Op: opAdd, Err: fmt.Errorf("1 to %d project IDs a request, not %d", MaxMembersPerRequest, len(projectIDs))}
	}
	u, err := membersURL(c, backupID)
	if err != nil {
		return &vbs.Error{Op: opAdd, Err: err}
	}
	resp, err := c.Post(ctx, u, map[string]any{"members": projectIDs}, nil, &gophercloud.RequestOpts{OkCodes: successCodes})
	return vbs.WrapError(opAdd, http.MethodPost, u, resp, err)
}

// AddOne shares a backup with one project and returns the member as a
// read shows it: the share is done when the service shows it. A member
// that already existed before the POST is an error (it is never adopted:
// another configuration may own it); one that a failed POST made (its
// answer lost, a retry refused as "already shared") is this request's. A
// read that lags behind the POST is asked again for a few seconds.
func AddOne(ctx context.Context, c *gophercloud.ServiceClient, backupID, projectID string) (*Member, error) {
	if _, err := Get(ctx, c, backupID, projectID); err == nil {
		return nil, &vbs.Error{Op: opAdd, Err: fmt.Errorf("backup %s is already shared with project %s: import it instead of creating it", backupID, projectID)}
	} else if !Gone(err) {
		return nil, err
	}
	if err := Add(ctx, c, backupID, []string{projectID}); err != nil {
		// The outcome is unclear where the answer was lost and a retry
		// met the member the first try made ("already shared"), or the
		// connection broke: the member was not there before the POST, so
		// one there now is this request's. One read tells.
		if m, getErr := Get(ctx, c, backupID, projectID); getErr == nil {
			return m, nil
		}
		return nil, err
	}
	return readBack(ctx, func() (*Member, error) { return Get(ctx, c, backupID, projectID) })
}

// readBack reads until the read finds the member, for at most about 3.5 s.
func readBack(ctx context.Context, read func() (*Member, error)) (*Member, error) {
	var m *Member
	var lastErr error
	found, err := untilConfirmed(ctx, func() (bool, error) {
		m, lastErr = read()
		if lastErr != nil && Gone(lastErr) {
			return false, nil // not there yet
		}
		return true, lastErr
	})
	switch {
	case err != nil:
		return nil, err
	case !found:
		return nil, fmt.Errorf("the service accepted the share, but its member is not there when read back: %w", lastErr)
	}
	return m, nil
}

// confirmWaits are when a read confirms a write: at once, then after 0.5,
// 1 and 2 s (3.5 s in all), for a service whose reads lag behind its
// writes.
var confirmWaits = []time.Duration{0, 500 * time.Millisecond, time.Second, 2 * time.Second}

// untilConfirmed calls check after each of confirmWaits until it reports
// done or an error; false, nil when it never did.
func untilConfirmed(ctx context.Context, check func() (done bool, err error)) (bool, error) {
	for _, wait := range confirmWaits {
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return false, ctx.Err()
		}
		if done, err := check(); done || err != nil {
			return done, err
		}
	}
	return false, nil
}

// Delete ends a backup's share with a project, and is done when a read
// confirms the member is gone: a 404 to the DELETE counts only then.
func Delete(ctx context.Context, c *gophercloud.ServiceClient, backupID, projectID string) error {
	u, err := memberURL(c, backupID, projectID)
	if err != nil {
		return &vbs.Error{Op: opDelete, Err: err}
	}
	resp, err := c.Delete(ctx, u, &gophercloud.RequestOpts{OkCodes: successCodes})
	if err = vbs.WrapError(opDelete, http.MethodDelete, u, resp, err); err != nil && !Gone(err) {
		return err
	}
	gone, err := untilConfirmed(ctx, func() (bool, error) {
		_, err := Get(ctx, c, backupID, projectID)
		if Gone(err) {
			return true, nil
		}
		return false, err
	})
	if gone || err != nil {
		return err
	}
	return &vbs.Error{Op: opDelete, Method: http.MethodDelete, URL: vbs.ShowURL(u),
		Err: fmt.Errorf("the service answered the DELETE, but the member for project %s is still there when read back", projectID)}
}

// UpdateOpts are a recipient's answer to a share: accepted (into VaultID,
// one of its vaults) or rejected.
type UpdateOpts struct {
	Status  string `json:"status"`
	VaultID string `json:"vault_id,omitempty"`
}

// Update is the recipient's PUT of its own member of a backup another
// project shares with it (memberID is its own project ID). The answer is
// returned; callers confirm it with a read of their own (SharedWithMe).
func Update(ctx context.Context, c *gophercloud.ServiceClient, backupID, projectID string, opts UpdateOpts) (*Member, error) {
	u, err := memberURL(c, backupID, projectID)
	if err != nil {
		return nil, &vbs.Error{Op: opUpdate, Err: err}
	}
	resp, err := c.Put(ctx, u, opts, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: successCodes})
	if err != nil {
		return nil, vbs.WrapError(opUpdate, http.MethodPut, u, resp, err)
	}
	var m Member
	if resp.StatusCode == http.StatusNoContent {
		_ = resp.Body.Close()
		return &m, nil
	}
	if err := decode(resp, "member", &m); err != nil {
		return nil, vbs.WrapError(opUpdate, http.MethodPut, u, resp, err)
	}
	normalize(&m, MemberFields)
	return &m, vbs.WrapError(opUpdate, http.MethodPut, u, resp, answers(m, backupID, projectID))
}
