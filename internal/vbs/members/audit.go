package members

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
)

// DefaultConcurrency is how many member lists an audit reads at once: a
// project with 1,000 backups at 50 ms a request takes 6.7 s with 16 and
// 13.1 s with 8 (BenchmarkListShares1000). The transport keeps 16
// connections a host, and a 429 paces every request to the host.
const DefaultConcurrency = 16

// AuditOpts select the members of a project's own backups.
type AuditOpts struct {
	// BackupID reads one backup's members (1 request for the backup, 1 for
	// its members) instead of every backup's.
	BackupID string
	ListOpts
	// Concurrency bounds the member lists read at once (default
	// DefaultConcurrency).
	Concurrency int
}

// Audit is what ListShares found.
type Audit struct {
	Shares []Share
	// Dropped counts members whose answer contradicted the filters.
	Dropped int
	// Backups is how many backups were read for members.
	Backups int
	// Foreign counts backups the list answered that another project owns:
	// left out.
	Foreign int
}

// ListShares reads every member of the project's own backups: the
// backup list (own_type=private), then each backup's members, Concurrency
// at a time. There is no project-wide member list on either cloud, so a
// project with B backups costs the list's pages and B member lists. A
// backup named by BackupID that is not the project's own is not read.
func ListShares(ctx context.Context, c *gophercloud.ServiceClient, project string, opts AuditOpts) (Audit, error) {
	var backups []Backup
	if opts.BackupID != "" {
		b, err := GetBackup(ctx, c, opts.BackupID)
		switch {
		case Gone(err):
			return Audit{Shares: []Share{}}, nil
		case err != nil:
			return Audit{}, err
		case b.ProjectID != nil && !strings.EqualFold(*b.ProjectID, project):
			return Audit{Shares: []Share{}}, nil // shared with this project, not by it
		}
		backups = []Backup{*b}
	} else {
		var err error
		if backups, err = ListBackups(ctx, c, BackupListOpts{OwnType: OwnPrivate}); err != nil {
			return Audit{}, err
		}
	}
	// The answer is checked against the question: a backup the list says
	// another project owns is not one of the project's own (a service that
	// ignores own_type lists those shared with it too). One whose owner the
	// answer leaves out is kept: unknown is not "another's".
	own, foreign := backups[:0:0], 0
	for _, b := range backups {
		if b.ProjectID != nil && !strings.EqualFold(*b.ProjectID, project) {
			foreign++
			continue
		}
		own = append(own, b)
	}
	backups = own
	per, dropped, err := readMembers(ctx, c, backups, opts)
	if err != nil {
		return Audit{}, err
	}
	audit := Audit{Shares: []Share{}, Dropped: dropped, Backups: len(backups), Foreign: foreign}
	for i := range backups {
		owner := backups[i].ProjectID
		if owner == nil {
			owner = &project
		}
		for _, m := range per[i] {
			audit.Shares = append(audit.Shares, NewShare(m, owner, &backups[i]))
		}
	}
	return audit, nil
}

// readMembers reads each backup's members, Concurrency at a time; the first
// error ends the read (the others are cancelled).
func readMembers(ctx context.Context, c *gophercloud.ServiceClient, backups []Backup, opts AuditOpts) ([][]Member, int, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := opts.Concurrency
	if workers <= 0 {
		workers = DefaultConcurrency
	}
	per := make([][]Member, len(backups))
	dropped := make([]int, len(backups))
	next := make(chan int)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	for range min(workers, len(backups)) {
		wg.Go(func() {
			for i := range next {
				list, d, err := List(ctx, c, *backups[i].ID, opts.ListOpts)
				if err != nil {
					once.Do(func() { firstErr = fmt.Errorf("backup %s: %w", *backups[i].ID, err); cancel() })
					continue
				}
				per[i], dropped[i] = list, d
			}
		})
	}
feed:
	for i := range backups {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if firstErr != nil {
		return nil, 0, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	total := 0
	for _, d := range dropped {
		total += d
	}
	return per, total, nil
}

// SharedWithMe is what the recipient side sees: the backups other projects
// share with the project, each with the project's member status. The
// backup list carries no status, so it is read once per status asked
// (member_status) and once without: a backup listed under two statuses
// (a service that ignores member_status) has an unknown status, counted in
// Ambiguous, never a guessed one.
type SharedWithMe struct {
	Shares    []Share
	Ambiguous int
	// Own counts the project's own backups the list answered (a service
	// that ignores own_type): left out.
	Own int
}

// ListSharedWithMe reads the backups shared with the project; status ""
// reads every status.
func ListSharedWithMe(ctx context.Context, c *gophercloud.ServiceClient, project, status string) (SharedWithMe, error) {
	statuses := Statuses
	if status != "" {
		statuses = []string{status}
	}
	statusOf := map[string]*string{}
	ambiguous := map[string]bool{}
	var all []Backup
	for _, s := range statuses {
		list, err := ListBackups(ctx, c, BackupListOpts{OwnType: OwnShared, MemberStatus: s})
		if err != nil {
			return SharedWithMe{}, err
		}
		all = list // with one status asked for, its list is the answer
		for _, b := range list {
			if _, twice := statusOf[*b.ID]; twice {
				ambiguous[*b.ID] = true
			}
			statusOf[*b.ID] = &s
		}
	}
	if status == "" {
		// Every backup shared with the project, whatever its status (one
		// in no status list keeps an unknown status).
		var err error
		if all, err = ListBackups(ctx, c, BackupListOpts{OwnType: OwnShared}); err != nil {
			return SharedWithMe{}, err
		}
	}
	out := SharedWithMe{Shares: []Share{}}
	for i := range all {
		b := &all[i]
		if b.ProjectID != nil && strings.EqualFold(*b.ProjectID, project) {
			out.Own++ // the project's own backup: not shared with it
			continue
		}
		s := statusOf[*b.ID]
		if ambiguous[*b.ID] {
			s = nil
			out.Ambiguous++
		}
		id, me := *b.ID, project
		out.Shares = append(out.Shares, NewShare(Member{Status: s, BackupID: &id, DestProjectID: &me}, b.ProjectID, b))
	}
	slices.SortStableFunc(out.Shares, func(a, b Share) int { return strings.Compare(*a.BackupID, *b.BackupID) })
	return out, nil
}
