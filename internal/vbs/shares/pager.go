package shares

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
)

// DefaultPageSize is what ListAll asks for per page: the service family's
// usual maximum (the sibling backups API pages at 1000).
const DefaultPageSize = 1000

// DefaultConcurrency bounds the page requests ListAll has in flight. 10,000
// shares at 1,000 a page take 1 + ceil(10/4) = 4 round trips instead of 11.
const DefaultConcurrency = 4

// maxPasses is how often ListAll reads a list whose reads do not agree.
const maxPasses = 3

// MaxListShares bounds one read of a list, whatever the service sends: a
// list that grows past it (or well past its count, see limitTo) ends with
// an error, within bounded time and memory, instead of growing the
// provider until the read timeout. It is twice the largest list this
// provider is benchmarked with (50,000 shares, a provider peak RSS of
// about 100 MB; PERFORMANCE.md).
const MaxListShares = 100_000

// Lister lists shares across pages. Its zero value uses the defaults above.
type Lister struct {
	PageSize    int
	Concurrency int
}

// ListAll lists every share matching opts with the default Lister.
func ListAll(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	return Lister{}.ListAll(ctx, c, opts)
}

// ListWindow lists the window that opts.Limit and opts.Offset name, with the
// default Lister.
func ListWindow(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	return Lister{}.ListWindow(ctx, c, opts)
}

// ListAll returns every share matching the filters and sort of opts, each
// exactly once, in the service's order.
//
// What the documents promise is little: no paging links (though SDKs follow
// "shared_links" when present), pages that may be shorter than asked for,
// and a count operation. So:
//
//   - The list ends only where the service shows its end: an empty page, or
//     a page without a next link once the service sent links. A short page
//     is not an end (a service may cap or vary its pages), and neither is
//     reaching the count, nor a page that holds only its anchor (below).
//   - Each page after the first is asked for from one share earlier
//     (anchored): the share there must be the one read just before it. An
//     answer that holds only the anchor is the end or a page of one share,
//     and an empty page after it tells which; what such a page brings is
//     not anchored. A read whose every page met its anchor, to an empty
//     page, saw no shift anywhere: it is the list, with no second read. The
//     order must not move under the read: ListAll is read in the service's
//     default order (created_at, which never changes), and callers that
//     want another sort the whole list afterwards (Sort).
//   - Any other read (links, or pages that were not all anchored) is the
//     list when a second read agrees with it, share for share; over links,
//     the service's own cursor, a count that matches also does. Reads that
//     keep disagreeing are an error after maxPasses, never a partial list.
//   - The count is a hint otherwise. It decides how far ahead pages are
//     requested concurrently (never more than Concurrency at once, so a
//     count that is absurdly large costs nothing); it ends no read.
//   - A page that brings only shares already seen is read again in the next
//     pass (a share inserted in front shifts the offsets); if it happens in
//     every pass the service ignores offset, and that is an error.
//   - Next links to another scheme or host are not followed (credentials
//     would go there); the read carries on by offset against the endpoint.
func (l Lister) ListAll(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	if opts.Limit != nil || opts.Offset != nil {
		return nil, &Error{Op: opList, Err: errors.New("ListAll pages by itself: use ListWindow or ListPage for an explicit limit or offset")}
	}
	l = l.withDefaults()
	var reads []passResult
	for range maxPasses {
		// A read after one that got to the end reads ahead as far as that
		// one went, from its start: the confirming read costs the round
		// trips of a read with a count. The length is only a hint for
		// reading ahead; it confirms nothing.
		hint := countUnknown
		if len(reads) > 0 && reads[len(reads)-1].stuck == nil {
			hint = len(reads[len(reads)-1].shares)
		}
		r, err := l.readOnce(ctx, c, opts, hint)
		var stuck *stuckError
		switch {
		case errors.As(err, &stuck):
			r.stuck = stuck
		case err != nil:
			return nil, err
		case !r.clean():
		case r.anchored, r.linked && r.count == len(r.shares):
			return r.shares, nil
		case len(reads) > 0 && reads[len(reads)-1].clean() && sameIDs(reads[len(reads)-1].shares, r.shares):
			return r.shares, nil
		}
		reads = append(reads, r)
	}
	return nil, &Error{Op: opList, Err: disagreement(reads)}
}

// ListWindow returns the shares at positions [offset, offset+limit) of the
// whole list: fewer only where the list ends first. The service's own page
// size does not matter (limit 2000 against pages of 1000 takes two
// requests), nor does a service that ignores limit (its extra shares are
// not returned).
func (l Lister) ListWindow(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	if opts.Limit == nil || *opts.Limit < 1 || *opts.Limit > MaxListShares || (opts.Offset != nil && *opts.Offset < 0) {
		return nil, &Error{Op: opList, Err: fmt.Errorf("ListWindow needs 1 <= limit <= %d and offset >= 0", MaxListShares)}
	}
	l = l.withDefaults()
	offset, limit := 0, *opts.Limit
	if opts.Offset != nil {
		offset = *opts.Offset
	}
	if offset == 0 {
		got, err := l.fill(ctx, c, opts, 0, limit)
		return got, ignoredOffset(unwrapPage(err))
	}
	// A service that ignores offset would answer with the list's start. A
	// one-share probe of the start, sent alongside, tells.
	var probe Page
	var probeErr error
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		probe, probeErr = l.page(ctx, c, opts, 0, 1)
	}()
	got, err := l.fill(ctx, c, opts, offset, limit)
	<-probed
	if err != nil {
		return nil, ignoredOffset(unwrapPage(err))
	}
	if probeErr != nil {
		return nil, probeErr
	}
	if len(got) == 0 || len(probe.Shares) == 0 || got[0].ID != probe.Shares[0].ID {
		return got, nil
	}
	// The window starts with the list's first share: offset is ignored.
	// Read from the start and cut the window out, if one answer holds it.
	all, err := l.fill(ctx, c, opts, 0, offset+limit)
	if err != nil || len(all) < offset+limit { // a pageError or stuck: either way not the window
		return nil, &Error{Op: opList, Err: fmt.Errorf("the service ignores offset: the page at offset %d starts with the list's first share, and the window ends beyond what one page from the start holds", offset)}
	}
	return all[offset:], nil
}

func ignoredOffset(err error) error {
	var stuck *stuckError
	if errors.As(err, &stuck) {
		return &Error{Op: opList, Err: fmt.Errorf("%w: the service appears to ignore offset", stuck)}
	}
	return err
}

func (l Lister) withDefaults() Lister {
	if l.PageSize <= 0 {
		l.PageSize = DefaultPageSize
	}
	if l.Concurrency <= 0 {
		l.Concurrency = DefaultConcurrency
	}
	return l
}

// passResult is one read of the whole list.
type passResult struct {
	shares []Share
	count  int // the count answer, countUnknown when there was none
	stuck  *stuckError
	// repeats is how many shares came a second time: the offsets shifted
	// under the read, so another share may have been skipped.
	repeats int
	// shifted: a page did not begin with its anchor, so the list moved
	// under the read (anchored reads only).
	shifted bool
	// anchored: every page after the first met its anchor, to the end.
	anchored bool
	// linked: the read followed the service's next links to the end.
	linked bool
	// unanchored: pages that held only their anchor were followed by pages
	// read without one (a service that answers one share at a time).
	unanchored bool
}

// clean reports a read that can be trusted: it got to the end and no share
// came twice.
func (r passResult) clean() bool { return r.stuck == nil && r.repeats == 0 && !r.shifted }

const countUnknown = -1

// readOnce reads the list once: the count and the first page at once, then
// next links if the service sends them, else offsets.
func (l Lister) readOnce(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, hint int) (passResult, error) {
	acc := newAccumulator()
	r, err := l.readInto(ctx, c, opts, acc, hint)
	r.shares, r.repeats, r.shifted, r.unanchored = acc.shares, acc.repeats, acc.shifted, acc.unanchored
	r.anchored = r.anchored && err == nil && !acc.shifted && !acc.unanchored
	return r, err
}

func (l Lister) readInto(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, acc *accumulator, hint int) (passResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	r := passResult{count: countUnknown}
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		// Count is only a hint: a deployment without it, or one that fails
		// it, is read to the end all the same.
		if n, err := Count(ctx, c, opts.Filters); err == nil {
			r.count = n
		}
	}()
	first, err := l.page(ctx, c, opts, 0, l.PageSize)
	if err != nil {
		cancel()
		<-counted
		return r, err
	}
	<-counted

	acc.limitTo(r.count, len(first.Shares))
	acc.add(first.Shares)
	if len(first.Shares) == 0 {
		// One answer is the whole list: nothing can have moved within it.
		r.anchored = true
		return r, nil // the service shows the end
	}
	pos := len(first.Shares)
	if first.Next != "" {
		ended, p, err := l.followLinks(ctx, c, acc, first.Next, pos)
		if err != nil || ended {
			r.linked = err == nil
			return r, err
		}
		pos = p // a link the client would not follow: go on by offset
	}
	pg := offsetPaging{Lister: l, opts: opts, acc: acc, step: len(first.Shares), count: r.count, hint: hint,
		// A service that ignores both limit and offset answers every request
		// with the whole list, which is then simply the first page.
		wholeListFirst: len(first.Shares) > l.PageSize, first: first.Shares,
		// Links were not anchored; every read by offset is.
		anchored: first.Next == ""}
	if pg.anchored {
		// Each slot asks for a page of the service's length from one share
		// before it: step-1 new shares and the anchor.
		pg.step = max(pg.step, 2) - 1
	}
	r.anchored = pg.anchored
	return r, pg.read(ctx, c, pos)
}

// pageAnswer is a page asked for in the background.
type pageAnswer struct {
	page Page
	err  error
}

// pageAsync asks for a page in the background; the channel holds its
// answer, and an answer no one takes is dropped with the channel.
func (l Lister) pageAsync(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, offset, limit int) <-chan pageAnswer {
	ch := make(chan pageAnswer, 1)
	go func() {
		p, err := l.page(ctx, c, opts, offset, limit)
		ch <- pageAnswer{p, err}
	}()
	return ch
}

func (l Lister) page(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, offset, limit int) (Page, error) {
	opts.Offset, opts.Limit = &offset, &limit
	return ListPage(ctx, c, opts)
}

// followLinks reads pages by their "next" links. ended reports that the
// service showed the end of the list (a page without a next link, or an
// empty page); otherwise a link led elsewhere and the read goes on by
// offset from the returned position.
func (l Lister) followLinks(ctx context.Context, c *gophercloud.ServiceClient, acc *accumulator, next string, pos int) (ended bool, _ int, _ error) {
	// A link that cannot serve (another host, unparsable, a loop, a path the
	// service does not know) ends the walk, not the read: it goes on by
	// offset from where the links left it.
	visited := map[string]bool{}
	for next != "" {
		u, ok := usableLink(c, next)
		if !ok || visited[u] {
			return false, pos, nil
		}
		visited[u] = true
		p, err := listURLPage(ctx, c, u)
		if brokenLink(err) {
			return false, pos, nil
		}
		if err != nil {
			return false, pos, err
		}
		if len(p.Shares) == 0 {
			return true, pos, nil
		}
		if acc.add(p.Shares) == 0 {
			return false, pos, &stuckError{offset: pos, firstID: p.Shares[0].ID, atStart: p.Shares[0].ID == acc.shares[0].ID}
		}
		if err := acc.overflow(); err != nil {
			return false, pos, err
		}
		pos += len(p.Shares)
		next = p.Next
	}
	return true, pos, nil
}

// offsetPaging reads the list by offset in slots of step shares: with up to
// Concurrency slots in flight while the count says more is there, one at a
// time beyond it, each slot in order, until a slot comes back short (the
// service showed the end). Memory grows with what was read, never with
// what the count claims.
type offsetPaging struct {
	Lister
	opts  ListOpts
	acc   *accumulator
	step  int
	count int
	// hint is how long an earlier read found the list (countUnknown for
	// none): slots up to it are read Concurrency at a time, as up to a
	// count, but unlike a count it never says where the list ends.
	hint int

	wholeListFirst bool
	first          []Share
	// anchored: each slot's requests start one share early (fillCounting).
	anchored bool
}

type slot struct {
	offset int
	done   chan slotResult
}

type slotResult struct {
	filled
	err error
}

func (p *offsetPaging) read(ctx context.Context, c *gophercloud.ServiceClient, pos int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops slots read ahead past the end
	var inFlight []slot
	next := pos
	// Without a count, read ahead as the list proves long: one slot at
	// first (two after a full first page), twice as many after each full
	// one, up to Concurrency. A list shorter than a page costs no extra
	// request; a long one is read Concurrency slots at
	// a time, as with a count, and at most Concurrency-1 requests past its
	// end are wasted (and cancelled).
	ahead := 1
	if len(p.first) >= p.PageSize {
		ahead = 2 // a full first page already says the list goes on
	}
	firstSlot := next
	launch := func() {
		s := slot{offset: next, done: make(chan slotResult, 1)}
		// A short first page makes the first slot's request likely the end.
		endLikely := s.offset == firstSlot && len(p.first) < p.PageSize && (p.count == countUnknown || p.count <= s.offset)
		go func() {
			f, err := p.fillCounting(ctx, c, p.opts, fillRequest{offset: s.offset, want: p.step, anchored: p.anchored, endLikely: endLikely, count: p.count})
			s.done <- slotResult{f, err}
		}()
		inFlight = append(inFlight, s)
		next += p.step
	}
	for {
		for len(inFlight) == 0 || (len(inFlight) < p.Concurrency && (next <= p.count || next <= p.hint || (p.count == countUnknown && len(inFlight) < ahead))) {
			launch()
		}
		s := inFlight[0]
		inFlight = inFlight[1:]
		res := <-s.done
		p.acc.repeats += res.repeats
		p.acc.unanchored = p.acc.unanchored || res.unanchored
		if p.anchored && res.err == nil && !p.meetAnchor(&res) {
			return nil // the list shifted: this read ends, another follows
		}
		var failed *pageError
		if errors.As(res.err, &failed) && p.refusedPastTheEnd(failed.offset, failed.err) {
			p.acc.add(res.shares)
			return nil // the service's way of showing the end
		}
		var stuck *stuckError
		if res.err != nil && !errors.As(res.err, &stuck) {
			if failed != nil {
				return failed.err // the *Error itself
			}
			return res.err
		}
		if stuck == nil && p.ignoresPaging(res.shares) {
			return nil // every request answers the same, whole list
		}
		if stuck == nil && len(res.shares) > 0 && p.acc.add(res.shares) == 0 {
			stuck = &stuckError{offset: s.offset, firstID: res.shares[0].ID}
		}
		if err := p.acc.overflow(); err != nil {
			return err
		}
		if stuck != nil {
			stuck.atStart = stuck.firstID == p.first[0].ID
			return stuck
		}
		if len(res.shares) < p.step {
			return nil // the service showed the end
		}
		ahead = min(2*ahead, p.Concurrency)
	}
}

// meetAnchor checks an anchored slot's first share against the share read
// last, and reports whether the read goes on. A slot that met its anchor
// goes on with its new shares. One that did not is first judged as a page
// read without an anchor (a service that ignores offset repeats the list's
// start, which the checks below name); anything else is a shift, which
// ends the read unclean: an empty answer where the anchor should be, too,
// since shares may have moved in front of it.
func (p *offsetPaging) meetAnchor(res *slotResult) bool {
	last := p.acc.shares[len(p.acc.shares)-1].ID
	switch {
	case res.lead == nil:
	case res.lead.ID == last:
		if !res.shifted {
			return true
		}
	default:
		page := append([]Share{*res.lead}, res.shares...)
		if p.ignoresPaging(page) || p.acc.seenAll(page) {
			res.shares = page
			return true
		}
	}
	p.acc.shifted = true
	return false
}

// refusedPastTheEnd reports a service that answers an offset past the end
// with an error (400, 404, 416) rather than an empty page. Only where the
// count says the offset is past the end is that unambiguous; anywhere else
// the error stands.
func (p *offsetPaging) refusedPastTheEnd(offset int, err error) bool {
	if p.count == countUnknown || offset < p.count || offset == 0 {
		return false
	}
	return pastTheEnd(err)
}

// pastTheEnd reports the statuses a service may answer an offset past the
// end with. Alone they are errors; only where something else says the
// offset is past the end (a count, or the page before holding only its
// anchor) are they the end.
func pastTheEnd(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusRequestedRangeNotSatisfiable
}

// ignoresPaging reports a page that repeats the first page of a service that
// ignores offset and whose whole list the first page therefore already is:
// it answered more than was asked for (limit ignored too). A first page
// that holds exactly the count is not enough: it may be a capped page of a
// longer list whose count is wrong.
func (p *offsetPaging) ignoresPaging(page []Share) bool {
	repeatsFirst := len(page) > 0 && len(page) <= len(p.first) && sameIDs(page, p.first[:len(page)])
	return repeatsFirst && p.wholeListFirst
}

// fill reads want shares from offset, asking again after a short page, and
// stops early at an empty page: the end of the list. A page longer than
// asked for (a service that ignores limit) contributes only what was asked.
func (l Lister) fill(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, offset, want int) ([]Share, error) {
	f, err := l.fillCounting(ctx, c, opts, fillRequest{offset: offset, want: want, count: countUnknown})
	return f.shares, err
}

// fillRequest is what fillCounting reads: want shares from offset.
// Anchored, each request starts one share early and asks for one more: the
// share there is the anchor.
type fillRequest struct {
	offset, want int
	anchored     bool
	// endLikely: the answer before this slot was short, so the slot's
	// first request is likely the end (see fillCounting).
	endLikely bool
	// count is the service's count, countUnknown without one: only a hint
	// of where the end is likely, never an end.
	count int
}

// filled is what fillCounting read: the new shares, how many came twice,
// and for an anchored read the first request's anchor (nil when it
// answered nothing; the caller knows what it must be) and whether a later
// request's anchor was not the share read before it.
type filled struct {
	shares  []Share
	repeats int
	lead    *Share
	shifted bool
	// unanchored: shares came from a request without an anchor, after one
	// that held only its anchor.
	unanchored bool
}

// fillCounting is fill, also reporting how many shares came twice, and the
// anchors of an anchored read.
func (l Lister) fillCounting(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, r fillRequest) (f filled, _ error) {
	seen := make(map[string]struct{}, min(r.want, 10_000))
	f.shares = make([]Share, 0, min(r.want, 10_000))
	endLikely := r.endLikely
	for len(f.shares) < r.want {
		start, asked := r.offset+len(f.shares), r.want-len(f.shares)
		anchor := r.anchored && start > 0
		var plain <-chan pageAnswer
		if anchor {
			if endLikely {
				// After a short answer the end is likely: the anchor alone,
				// then an empty page. Both are asked for at once, one round
				// trip instead of two; the empty page's answer is dropped
				// when the anchored one brings more.
				plain = l.pageAsync(ctx, c, opts, start, asked)
			}
			start, asked = start-1, asked+1
		}
		p, err := l.page(ctx, c, opts, start, asked)
		if err != nil {
			return f, &pageError{offset: start, err: err}
		}
		page := p.Shares
		if anchor {
			if len(page) == 0 || (len(f.shares) > 0 && page[0].ID != f.shares[len(f.shares)-1].ID) {
				f.shifted = true
				return f, nil
			}
			if len(f.shares) == 0 {
				f.lead = &page[0]
			}
			page = page[1:]
			if len(page) == 0 {
				// Only the anchor: the end, or a page of one share. Only an
				// empty page tells, so the shares after the anchor are asked
				// for without one; what that brings is not anchored.
				start, asked = start+1, asked-1
				if plain != nil {
					a := <-plain
					p, err = a.page, a.err
				} else {
					p, err = l.page(ctx, c, opts, start, asked)
				}
				if pastTheEnd(err) {
					break // the service's other way of showing the end, right after it
				} else if err != nil {
					return f, &pageError{offset: start, err: err}
				}
				page = p.Shares
				f.unanchored = f.unanchored || len(page) > 0
			}
		}
		if len(page) == 0 {
			break
		}
		endLikely = len(p.Shares) < asked && (r.count == countUnknown || r.count <= r.offset+len(f.shares)+len(page))
		added := 0
		for _, s := range page[:min(len(page), r.want-len(f.shares))] {
			if _, dup := seen[s.ID]; dup {
				f.repeats++
				continue
			}
			seen[s.ID] = struct{}{}
			f.shares = append(f.shares, s)
			added++
		}
		if added == 0 {
			return f, &stuckError{offset: r.offset + len(f.shares), firstID: page[0].ID}
		}
	}
	return f, nil
}

// brokenLink reports a link the service itself does not serve (404, 400,
// 405): the link is wrong, not the service, whose offsets may still work.
func brokenLink(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusMethodNotAllowed)
}

// pageError is a page request that failed, with the offset it asked for.
type pageError struct {
	offset int
	err    error
}

func (e *pageError) Error() string { return e.err.Error() }
func (e *pageError) Unwrap() error { return e.err }

// unwrapPage returns the request's own error for a pageError.
func unwrapPage(err error) error {
	var pe *pageError
	if errors.As(err, &pe) {
		return pe.err
	}
	return err
}

// stuckError is a page that brought only shares already read. If it
// starts with the list's first share the service ignores offset; otherwise
// the data moved under the read.
type stuckError struct {
	offset  int
	firstID string // of the page that brought nothing new
	// atStart: the page repeats the start of the list.
	atStart bool
}

func (e *stuckError) Error() string {
	return fmt.Sprintf("the page at offset %d brought only shares already read", e.offset)
}

// disagreement explains reads that never agreed, by what they saw: a
// service whose paging is broken and data that moves look alike from here,
// so the message says what was seen and names both.
func disagreement(reads []passResult) error {
	var stuck, shifted, repeated int
	lens := make([]string, len(reads))
	for i, r := range reads {
		lens[i] = fmt.Sprint(len(r.shares))
		if r.stuck != nil && r.stuck.atStart {
			stuck++
		}
		if r.shifted {
			shifted++
		}
		if r.repeats > 0 {
			repeated++
		}
	}
	if stuck == len(reads) {
		return fmt.Errorf("in each of %d reads the page at offset %d repeated the start of the list: the service appears to ignore offset", len(reads), reads[len(reads)-1].stuck.offset)
	}
	var seen []string
	if shifted > 0 {
		seen = append(seen, fmt.Sprintf("in %d of %d reads a page asked for from the last share read did not begin with the share read before it", shifted, len(reads)))
	}
	if repeated > 0 {
		seen = append(seen, fmt.Sprintf("in %d of %d reads shares came twice", repeated, len(reads)))
	}
	if stuck > 0 {
		seen = append(seen, fmt.Sprintf("in %d of %d reads a page brought only shares already read", stuck, len(reads)))
	}
	count := "no count"
	if n := reads[len(reads)-1].count; n != countUnknown {
		count = fmt.Sprintf("count %d", n)
	}
	seen = append(seen, fmt.Sprintf("the reads gave %v shares (%s) and no two were the same list", strings.Join(lens, ", "), count))
	return fmt.Errorf("the list could not be read completely: %s. Either shares were being shared or cancelled during the read "+
		"(read again once that stops), or the service's paging is inconsistent (offsets that skip or repeat, or an order "+
		"that changes between requests among shares created at the same time): report it to the service's support with the request ids", strings.Join(seen, "; "))
}

// sameIDs reports whether two reads hold the same shares in the same order.
func sameIDs(a, b []Share) bool {
	return slices.EqualFunc(a, b, func(x, y Share) bool { return x.ID == y.ID })
}

// usableLink resolves a "next" href against the list URL. ok is false for
// a link that is not a URL, that points at another scheme or host
// (following it would send the credentials there), or at another path than
// the list's own.
func usableLink(c *gophercloud.ServiceClient, href string) (string, bool) {
	base, err := url.Parse(listURL(c))
	if err != nil {
		return "", false
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	u := base.ResolveReference(ref)
	// Another scheme or host would get the credentials; another path would
	// be another operation (a link is a page of the same list, nothing else).
	if u.Host != base.Host || u.Scheme != base.Scheme || u.EscapedPath() != base.EscapedPath() {
		return "", false
	}
	return u.String(), true
}

// accumulator keeps shares in order and drops repeated ids, which appear when
// data shifts between page requests.
type accumulator struct {
	shares  []Share
	seen    map[string]struct{}
	repeats int
	// shifted: an anchored page did not begin with its anchor.
	shifted bool
	// unanchored: some shares came from pages read without an anchor.
	unanchored bool
	// limit is how many shares the read may hold; count is the service's
	// count it was derived from, countUnknown without one.
	limit, count int
}

func newAccumulator() *accumulator {
	return &accumulator{seen: map[string]struct{}{}, limit: MaxListShares, count: countUnknown}
}

// limitTo bounds the read by the count. A count is only a hint (some
// services get it wrong, and shares added while the list is read make it
// stale), so the bound is generous: ten times the count and ten pages
// more. A list that goes on past that is not a wrong count but a list
// that does not end.
func (a *accumulator) limitTo(count, page int) {
	a.count = count
	if count != countUnknown {
		a.limit = min(MaxListShares, 10*count+10*max(page, 100))
		// Room for what the count says, up to a bound: the count is a hint,
		// and a wrong one costs at most this much memory up front.
		if n := min(count, 50_000); n > cap(a.shares) {
			a.shares = append(make([]Share, 0, n), a.shares...)
			a.seen = make(map[string]struct{}, n)
			for _, s := range a.shares {
				a.seen[s.ID] = struct{}{}
			}
		}
	}
}

// overflow is the error for a read that went past its limit.
func (a *accumulator) overflow() error {
	if len(a.shares) <= a.limit {
		return nil
	}
	if a.count != countUnknown && a.limit < MaxListShares {
		return &Error{Op: opList, Err: fmt.Errorf("the list does not end: %d shares were read where the service counted %d, and the pages keep bringing new ones; the read was stopped", len(a.shares), a.count)}
	}
	return &Error{Op: opList, Err: fmt.Errorf("the list does not end within %d shares, the most the provider reads in one list; the read was stopped. Narrow it with filters, or read a window with limit and offset", MaxListShares)}
}

// seenAll reports a page that holds only shares read before.
func (a *accumulator) seenAll(page []Share) bool {
	for _, s := range page {
		if _, ok := a.seen[s.ID]; !ok {
			return false
		}
	}
	return true
}

// add appends the shares not seen before and returns how many it appended.
func (a *accumulator) add(page []Share) int {
	n := 0
	for _, s := range page {
		if _, dup := a.seen[s.ID]; dup {
			a.repeats++
			continue
		}
		a.seen[s.ID] = struct{}{}
		a.shares = append(a.shares, s)
		n++
	}
	return n
}
