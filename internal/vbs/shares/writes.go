package shares

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// Writes that say only what is true: a share is reported created when the
// service shows it, and cancelled when the service confirms that it is
// gone. Where an answer leaves the outcome open, the share is looked up.

// lookupTimeout bounds the look-up after a create whose outcome is unclear.
// It runs on a context of its own: a create that ran out of time leaves
// none, and an orphaned share is what the look-up is there to prevent.
const lookupTimeout = 2 * time.Minute

// createdLookups are the waits before each look-up of a share that the
// service answered a create for with success but without the share: it may
// take a moment to appear in the list.
var createdLookups = []time.Duration{0, 500 * time.Millisecond, time.Second, 2 * time.Second}

// ExistsError is a share that existed before the create was sent.
type ExistsError struct{ Share Share }

func (e *ExistsError) Error() string {
	return fmt.Sprintf("backup %s is already shared with project %s: share %s", e.Share.BackupID, e.Share.ToProjectID, e.Share.ID)
}

// UncertainError is a create whose outcome the service's answer left open
// and a look-up could not settle: the share may exist.
type UncertainError struct {
	BackupID, ToProjectID string
	// Err is the create's own failure, nil for a success answer that did
	// not hold the share.
	Err error
	// LookupErr is why the look-up failed.
	LookupErr error
}

func (e *UncertainError) Error() string {
	answer := "an answer without the share"
	if e.Err != nil {
		answer = e.Err.Error()
	}
	return fmt.Sprintf("sharing backup %s with project %s may have succeeded: the service gave %s, and looking the share up failed: %v",
		e.BackupID, e.ToProjectID, answer, e.LookupErr)
}

func (e *UncertainError) Unwrap() []error { return []error{e.Err, e.LookupErr} }

// NotOwnerError is a share made by another project than the caller's.
type NotOwnerError struct {
	Share   Share
	Project string
}

func (e *NotOwnerError) Error() string {
	owner := e.Share.FromProjectID
	if owner == "" {
		owner = "(the answer does not say)"
	}
	return fmt.Sprintf("share %s of backup %s was made by project %s, not by project %s: only the project that shares a backup manages the share",
		e.Share.ID, e.Share.BackupID, owner, e.Project)
}

// FindPair returns the share of backupID that project from made to
// project to, nil when there is none. The answer is checked: a service
// that ignores the filters does not make another share the one found, and
// only a share whose fields show the backup and the recipient is the pair
// (one that leaves them out cannot be told from another share). Its owner
// may be unknown (the list is of from's own shares), never another project.
func FindPair(ctx context.Context, c *gophercloud.ServiceClient, from, backupID, to string) (*Share, error) {
	f := Filters{BackupID: backupID, ToProjectID: to}
	list, err := ListAll(ctx, c, ListOpts{Filters: f})
	if err != nil {
		return nil, err
	}
	list, _ = Screen(list, f, from)
	for i := range list {
		if list[i].BackupID == backupID && list[i].SharedWith(to) == Yes {
			return &list[i], nil
		}
	}
	return nil, nil
}

// CreateOne shares backupID with project to on behalf of project from and
// returns the share the service confirmed. A share that already exists is
// an *ExistsError (with the share). After an answer that leaves the outcome
// open (a timeout or dropped connection after the request was sent, a 5xx,
// a body that cannot be read, a success that does not hold the share) the
// share is looked up and returned if it exists; if the look-up fails too,
// the error is an *UncertainError. Never a second share: the create is not
// repeated.
func CreateOne(ctx context.Context, c *gophercloud.ServiceClient, from, backupID, to string) (*Share, error) {
	existing, err := FindPair(ctx, c, from, backupID, to)
	if err != nil {
		return nil, err
	}
	if existing != nil {
		return nil, &ExistsError{Share: *existing}
	}
	created, err := Create(ctx, c, CreateOpts{BackupID: backupID, ToProjectIDs: []string{to}})
	if err == nil {
		if s := pairIn(created, from, backupID, to); s != nil {
			return s, nil
		}
	} else if !outcomeOpen(err) {
		return nil, err
	}
	lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lookupTimeout)
	defer cancel()
	waits := createdLookups
	if err != nil {
		waits = waits[:1] // a failure: whatever it did is done
	}
	found, lookupErr := lookUp(lctx, c, from, backupID, to, waits)
	switch {
	case lookupErr != nil:
		return nil, &UncertainError{BackupID: backupID, ToProjectID: to, Err: err, LookupErr: lookupErr}
	case found != nil:
		return found, nil
	case err != nil:
		return nil, err
	}
	return nil, &Error{Op: opCreate, Method: http.MethodPost, URL: rootURL(c),
		Err: fmt.Errorf("the service answered with success, but neither its answer (%d shares) nor a look-up shows a share of backup %s with project "+
			"%s", len(created), backupID, to)}
}

func lookUp(ctx context.Context, c *gophercloud.ServiceClient, from, backupID, to string, waits []time.Duration) (*Share, error) {
	for _, wait := range waits {
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
		found, err := FindPair(ctx, c, from, backupID, to)
		if found != nil || err != nil {
			return found, err
		}
	}
	return nil, nil
}

// pairIn finds the share asked for in a create's answer.
func pairIn(created []Share, from, backupID, to string) *Share {
	for i := range created {
		s := &created[i]
		if s.ID != "" && s.SharedWith(to) == Yes && (s.BackupID == "" || s.BackupID == backupID) && !s.NotOwnedBy(from) {
			return s
		}
	}
	return nil
}

// outcomeOpen reports a failed write whose effect is unknown: no answer
// after the request may have been sent, a 5xx, or a success answer that
// could not be read. A 3xx or 4xx is the service refusing.
func outcomeOpen(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return true
	}
	return e.StatusCode == 0 || e.StatusCode >= 500 || (e.StatusCode >= 200 && e.StatusCode < 300)
}

// GetCreated reads back a share the service just confirmed created. A 404
// may be a read that lags behind the write: it is asked again after the
// waits of createdLookups (3.5 s in all) before it stands.
func GetCreated(ctx context.Context, c *gophercloud.ServiceClient, id string) (*Share, error) {
	var err error
	for _, wait := range createdLookups {
		if werr := sleep(ctx, wait); werr != nil {
			return nil, err
		}
		var s *Share
		if s, err = Get(ctx, c, id); !errors.Is(err, ErrNotFound) {
			return s, err
		}
	}
	return nil, err
}

// Cancel cancels share id, made by project from, and returns nil only when
// the service confirmed it: a 2xx answer after which a read finds the
// share gone (a redirect or a gateway may have sent the DELETE elsewhere),
// or a 404 after which a read finds it gone. A share the read finds made
// by another project is a *NotOwnerError (the service answers a
// recipient's cancel with 404 or 403). A 409 (the share is busy) is tried
// again until ctx ends.
func Cancel(ctx context.Context, c *gophercloud.ServiceClient, from, id string) error {
	for attempt := 0; ; attempt++ {
		err := Delete(ctx, c, id)
		var e *Error
		switch {
		case err == nil:
			return confirmCancelled(ctx, c, from, id)
		case errors.Is(err, ErrNotFound):
			return confirmGone(ctx, c, from, id, err)
		case errors.As(err, &e) && e.StatusCode == http.StatusForbidden:
			if s, gerr := Get(ctx, c, id); gerr == nil && s.NotOwnedBy(from) {
				return &NotOwnerError{Share: *s, Project: from}
			}
			return err
		case errors.As(err, &e) && e.StatusCode == http.StatusConflict:
			if werr := sleep(ctx, conflictWait(attempt)); werr != nil {
				return e.With(fmt.Errorf("the service kept answering 409 Conflict for %d tries, until the delete timeout", attempt+1))
			}
		default:
			return err
		}
	}
}

// confirmGone reads a share whose cancel was answered with 404: gone is
// what the cancel wanted; still there, it was not cancelled.
func confirmGone(ctx context.Context, c *gophercloud.ServiceClient, from, id string, cancelErr error) error {
	var e *Error
	if !errors.As(cancelErr, &e) {
		return cancelErr
	}
	s, err := Get(ctx, c, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil
	case err != nil:
		return e.With(fmt.Errorf("the cancel was answered with 404, and the read to confirm that the share is gone failed: %w", err))
	case s.NotOwnedBy(from):
		return &NotOwnerError{Share: *s, Project: from}
	}
	return e.With(fmt.Errorf("the cancel was answered with 404, yet a read finds share %s still there, so it was not cancelled", id))
}

// confirmCancelled reads a share whose cancel the service answered with
// success: gone is confirmed; still there after the waits of
// createdLookups (a read that lags behind the write), it was not
// cancelled, whatever the answer said.
func confirmCancelled(ctx context.Context, c *gophercloud.ServiceClient, from, id string) error {
	for _, wait := range createdLookups {
		if err := sleep(ctx, wait); err != nil {
			return fmt.Errorf("the cancel of share %s was answered with success, and confirming it by reading the share ran out of time: %w", id, err)
		}
		s, err := Get(ctx, c, id)
		switch {
		case errors.Is(err, ErrNotFound):
			return nil
		case err != nil:
			return fmt.Errorf("the cancel of share %s was answered with success, but the read to confirm it failed: %w", id, err)
		case s.NotOwnedBy(from):
			return &NotOwnerError{Share: *s, Project: from}
		}
	}
	u, _ := resourceURL(c, id) // the DELETE was sent to it
	return &Error{Op: opDelete, Method: http.MethodDelete, URL: u,
		Err: fmt.Errorf("the service answered the cancel with success, yet share %s is still there when read back: it was not cancelled", id)}
}

// conflictWait grows from 1 s to 10 s.
func conflictWait(attempt int) time.Duration {
	return min(time.Second<<min(attempt, 4), 10*time.Second)
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Revoked is what RevokeBackup did.
type Revoked struct {
	// Cancelled are the shares the service confirmed gone.
	Cancelled []Share
}

// RevokeBackup cancels the shares of backupID that project from made: to
// the projects in to, or to every project when to is empty (one call,
// is_backup_id=true). progress is told of each step. It returns only what
// a read-back confirms: a share still there afterwards is an error naming
// it. A backup of which from has no share is not an error; nothing is sent.
func RevokeBackup(ctx context.Context, c *gophercloud.ServiceClient, from, backupID string, to []string, progress func(string)) (Revoked, error) {
	targets, err := revocable(ctx, c, from, backupID, to)
	if err != nil || len(targets) == 0 {
		return Revoked{}, err
	}
	if len(to) == 0 {
		progress(fmt.Sprintf("cancelling all %s of backup %s in one request", Plural(len(targets), "share"), backupID))
		if err := cancelAllOf(ctx, c, backupID); err != nil {
			return Revoked{}, err
		}
		// The one-request form is documented only in a parameter table:
		// where the read-back still finds shares, they are cancelled one by
		// one, each confirmed, before the revoke gives up.
		left, err := revocable(ctx, c, from, backupID, to)
		if err != nil {
			return Revoked{}, fmt.Errorf("the cancel was answered, but reading back what is left failed: %w", err)
		}
		if len(left) > 0 {
			progress(fmt.Sprintf("the request left %s of backup %s; cancelling them one by one", Plural(len(left), "share"), backupID))
		}
		if err := cancelEach(ctx, c, from, left, progress); err != nil {
			return Revoked{}, err
		}
	} else if err := cancelEach(ctx, c, from, targets, progress); err != nil {
		return Revoked{}, err
	}
	left, err := revocable(ctx, c, from, backupID, to)
	if err != nil {
		return Revoked{}, fmt.Errorf("the cancel was answered, but reading back what is left failed: %w", err)
	}
	if len(left) > 0 {
		ids := make([]string, len(left))
		for i, s := range left {
			ids[i] = s.ID + " (to " + s.ToProjectID + ")"
		}
		return Revoked{}, fmt.Errorf("the service answered the cancel, yet a read-back still finds %d shares of backup %s: "+
			"%s", len(left), backupID, strings.Join(ids, ", "))
	}
	return Revoked{Cancelled: targets}, nil
}

// cancelEach cancels shares one by one, each confirmed.
func cancelEach(ctx context.Context, c *gophercloud.ServiceClient, from string, list []Share, progress func(string)) error {
	for _, s := range list {
		progress(fmt.Sprintf("cancelling share %s (to project %s)", s.ID, s.ToProjectID))
		if err := Cancel(ctx, c, from, s.ID); err != nil {
			return err
		}
	}
	return nil
}

// Plural is "1 share", "2 shares".
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// revocable lists the shares of backupID that from made, to the projects
// in to (all when empty). The list is of from's own shares, so a share
// whose answer leaves its owner out is from's as far as anyone can tell:
// it is revocable (the service decides on the cancel), never "another
// project's". A share of another backup, or one shown made by another
// project, is not. With to, only shares shown made to one of them count.
func revocable(ctx context.Context, c *gophercloud.ServiceClient, from, backupID string, to []string) ([]Share, error) {
	f := Filters{BackupID: backupID}
	list, err := ListAll(ctx, c, ListOpts{Filters: f})
	if err != nil {
		return nil, err
	}
	list, _ = Screen(list, f, from)
	kept := list[:0]
	for _, s := range list {
		if s.BackupID != backupID {
			continue // unknown backup: not shown to be this backup's share
		}
		if len(to) == 0 || slices.ContainsFunc(to, func(p string) bool { return s.SharedWith(p) == Yes }) {
			kept = append(kept, s)
		}
	}
	return kept, nil
}

// cancelAllOf cancels every share of a backup in one request. A 404 is
// left to the read-back to judge; a 409 is tried again until ctx ends.
func cancelAllOf(ctx context.Context, c *gophercloud.ServiceClient, backupID string) error {
	for attempt := 0; ; attempt++ {
		err := DeleteByBackup(ctx, c, backupID)
		var e *Error
		switch {
		case err == nil, errors.Is(err, ErrNotFound):
			return nil
		case errors.As(err, &e) && e.StatusCode == http.StatusConflict:
			if werr := sleep(ctx, conflictWait(attempt)); werr != nil {
				return e.With(fmt.Errorf("the service kept answering 409 Conflict for %d tries, until the timeout", attempt+1))
			}
		default:
			return err
		}
	}
}
