package provider

import (
	"context"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// refreshGETs is how many vbs_backup_share reads a provider process answers
// by GET before it considers one list of the project's outgoing shares:
// below it a configuration has few shares, and a GET each is cheapest.
const refreshGETs = 8

// refreshListTimeout bounds the one list read that serves many refreshes;
// it is not any one reader's deadline.
const refreshListTimeout = 5 * time.Minute

// A read waits for a list being read at most listWaitPerGET times the
// slowest GET seen so far, within [minListWait, maxListWait], and never
// more than half of what is left of its own deadline: a list that stalls
// costs each read that wait and then its GET, never the read itself.
const (
	listWaitPerGET = 8
	minListWait    = 500 * time.Millisecond
	maxListWait    = 5 * time.Second
)

// refresher answers the refresh of many vbs_backup_share resources from one
// list of the project's outgoing shares instead of a GET each: a plan with
// N shares in state costs about N/1000 list requests, not N GETs.
//
// It is exactly as correct as a GET per share:
//   - the list is read once per provider process, which serves one
//     Terraform operation, and dropped on any write the process makes;
//     nothing survives into the next operation;
//   - a share the list holds serves a refresh only when it says all that a
//     GET's answer says: its owner shown to be the project (a missing or
//     malformed from_project_id is unknown, not another project), its
//     backup and recipient present. Any other entry is read by GET, so a
//     list that leaves fields out never turns into false ownership errors
//     or null backups in state;
//   - a share the list does not hold is read by GET, so a share is reported
//     gone only when the service says so for that id;
//   - a read never waits long for the list: past a bound derived from the
//     GETs' own latency it reads by GET, so a stalled list page costs a
//     plan that bound, not its timeout;
//   - every write drops the list before it is sent and again after it is
//     answered, so a list read across a write is never used.
//
// A share the list holds is taken as it is there. A service whose list
// lags behind its GET (a share cancelled outside Terraform still listed
// for a while) shows that share one refresh longer than a GET would; the
// provider setting refresh_from_list = false reads every share by GET.
//
// The list is read only when it costs fewer requests than the GETs it
// replaces: after refreshGETs reads, and only when the count's pages are
// no more than the reads seen so far (else it asks again once the reads
// have caught up). A service without a working count keeps the GETs.
type refresher struct {
	client *vbs.Client
	// list reads the outgoing shares and count counts them (tests replace
	// them to count calls).
	list  func(ctx context.Context) ([]shares.Share, error)
	count func(ctx context.Context) (int, error)

	mu        sync.Mutex
	slowest   time.Duration // the slowest GET so far
	reads     int
	nextCheck int
	off       bool
	disabled  bool          // refresh_from_list = false
	loading   chan struct{} // closed when the current look finishes
	byID      map[string]shares.Share
	version   int // bumped by each write, so that a list read across one is dropped
}

func newRefresher(c *vbs.Client) *refresher {
	outgoing := shares.Filters{ShareToMe: new(false)}
	return &refresher{
		client:    c,
		nextCheck: refreshGETs,
		list: func(ctx context.Context) ([]shares.Share, error) {
			return shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{Filters: outgoing})
		},
		count: func(ctx context.Context) (int, error) { return shares.Count(ctx, c.ServiceClient, outgoing) },
	}
}

// Get reads share id for a refresh: from the list when there is one that
// holds it, else by GET.
func (r *refresher) Get(ctx context.Context, id string) (*shares.Share, error) {
	if byID := r.snapshot(ctx); byID != nil {
		if s, ok := byID[id]; ok {
			return &s, nil
		}
	}
	start := time.Now()
	s, err := shares.Get(ctx, r.client.ServiceClient, id)
	r.mu.Lock()
	r.slowest = max(r.slowest, time.Since(start))
	r.mu.Unlock()
	return s, err
}

// servesRefresh reports a list entry that says all a GET's answer says
// about what a refresh checks and stores.
func servesRefresh(s *shares.Share, project string) bool {
	// Exactly the provider's project id: one in another case is the same
	// project, but a GET would store it as it answers it, and the two must
	// not differ in state.
	return s.FromProjectID == project && s.Backup != nil && s.BackupID != "" && s.SharedWith(project) == shares.No
}

// listWait is how long a read waits for a list being read.
func (r *refresher) listWait(ctx context.Context) time.Duration {
	r.mu.Lock()
	wait := min(max(listWaitPerGET*r.slowest, minListWait), maxListWait)
	r.mu.Unlock()
	if deadline, ok := ctx.Deadline(); ok {
		wait = min(wait, time.Until(deadline)/2)
	}
	return wait
}

// BeginWrite drops the list before a write is sent, and the function it
// returns drops it again once the write is answered: a list read while
// the write was under way may hold the share as it was before it.
func (r *refresher) BeginWrite() (done func()) {
	r.Invalidate()
	return r.Invalidate
}

// Invalidate drops the list: the process has written, and the list may no
// longer be what a GET would return.
func (r *refresher) Invalidate() {
	if r == nil {
		return
	}
	r.mu.Lock()
	r.byID = nil
	r.version++
	r.mu.Unlock()
}

// snapshot is the list by id, nil while GETs are cheaper. The read that
// makes the list worth reading starts it; reads that come while it is read
// wait for it.
func (r *refresher) snapshot(ctx context.Context) map[string]shares.Share {
	r.mu.Lock()
	r.reads++
	if r.byID == nil && r.loading == nil && !r.off && !r.disabled && r.reads > r.nextCheck {
		r.loading = make(chan struct{})
		go r.load(context.WithoutCancel(ctx), r.loading, r.reads, r.version)
	}
	loading, byID := r.loading, r.byID
	r.mu.Unlock()
	if byID != nil || loading == nil {
		return byID
	}
	timer := time.NewTimer(r.listWait(ctx))
	defer timer.Stop()
	select {
	case <-loading:
	case <-timer.C:
		tflog.Debug(ctx, "refresh: the list is slow, so a GET")
		return nil
	case <-ctx.Done():
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.byID
}

// load counts the outgoing shares and, when their pages cost no more than
// the reads seen so far, lists them.
func (r *refresher) load(ctx context.Context, done chan struct{}, reads, version int) {
	ctx, cancel := context.WithTimeout(ctx, refreshListTimeout)
	defer cancel()
	defer func() {
		r.mu.Lock()
		r.loading = nil
		r.mu.Unlock()
		close(done)
	}()
	n, err := r.count(ctx)
	if err != nil {
		tflog.Debug(ctx, "refresh: no count, so a GET per share", map[string]any{"error": r.client.Redactor.Safe(err.Error())})
		r.mu.Lock()
		r.off = true
		r.mu.Unlock()
		return
	}
	// ListAll asks for the count again, then the pages.
	if cost := 1 + (n+shares.DefaultPageSize-1)/shares.DefaultPageSize; cost > reads {
		r.mu.Lock()
		r.nextCheck = max(r.nextCheck, cost)
		r.mu.Unlock()
		return
	}
	list, err := r.list(ctx)
	if err != nil {
		tflog.Debug(ctx, "refresh: the list failed, so a GET per share", map[string]any{"error": r.client.Redactor.Safe(err.Error())})
		r.mu.Lock()
		r.off = true
		r.mu.Unlock()
		return
	}
	byID := make(map[string]shares.Share, len(list))
	for _, s := range list {
		if servesRefresh(&s, r.client.ProjectID) {
			byID[s.ID] = s
		}
	}
	r.mu.Lock()
	if r.version == version {
		r.byID = byID
	}
	r.mu.Unlock()
	tflog.Debug(ctx, "refresh: one list serves the reads", map[string]any{"shares": len(list), "reads_so_far": reads})
}
