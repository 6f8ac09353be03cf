package shares

// Paging by offset: slots of anchored pages read ahead concurrently, each
// filled across short pages, and what ends or stops a slot.

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gophercloud/gophercloud/v2"
)

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

// read reads slots from pos until one ends the read (settle). Without a
// count, it reads ahead as the list proves long: one slot at first (two
// after a full first page), twice as many after each full one, up to
// Concurrency. A list shorter than a page costs no extra request; a long
// one is read Concurrency slots at a time, as with a count, and at most
// Concurrency-1 requests past its end are wasted (and cancelled).
func (p *offsetPaging) read(ctx context.Context, c *gophercloud.ServiceClient, pos int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel() // stops slots read ahead past the end
	var inFlight []slot
	next, ahead := pos, 1
	if len(p.first) >= p.PageSize {
		ahead = 2 // a full first page already says the list goes on
	}
	for {
		for p.launchesAnother(len(inFlight), next, ahead) {
			inFlight = append(inFlight, p.launch(ctx, c, next, pos))
			next += p.step
		}
		s := inFlight[0]
		inFlight = inFlight[1:]
		if end, err := p.settle(s, <-s.done); end {
			return err
		}
		ahead = min(2*ahead, p.Concurrency)
	}
}

// launchesAnother reports whether another slot is read before the oldest
// one in flight is awaited.
func (p *offsetPaging) launchesAnother(inFlight, next, ahead int) bool {
	switch {
	case inFlight == 0:
		return true
	case inFlight >= p.Concurrency:
		return false
	case next <= p.count || next <= p.hint:
		return true // the count, or an earlier read, says the list goes on
	default:
		return p.count == countUnknown && inFlight < ahead
	}
}

// launch starts reading the slot at offset; firstSlot is the read's first.
func (p *offsetPaging) launch(ctx context.Context, c *gophercloud.ServiceClient, offset, firstSlot int) slot {
	s := slot{offset: offset, done: make(chan slotResult, 1)}
	// A short first page makes the first slot's request likely the end.
	endLikely := offset == firstSlot && len(p.first) < p.PageSize && (p.count == countUnknown || p.count <= offset)
	go func() {
		f, err := p.fillCounting(ctx, c, p.opts, fillRequest{offset: offset, want: p.step, anchored: p.anchored, endLikely: endLikely, count: p.count})
		s.done <- slotResult{f, err}
	}()
	return s
}

// settle takes a slot's result into the list and reports whether the read
// ends there, and with what: nil for a clean end (a short slot, the
// service's other ways of showing the end) or for a shift (another read
// follows), else the error.
func (p *offsetPaging) settle(s slot, res slotResult) (end bool, err error) {
	p.acc.repeats += res.repeats
	p.acc.unanchored = p.acc.unanchored || res.unanchored
	if p.anchored && res.err == nil && !p.meetAnchor(&res) {
		return true, nil // the list shifted: this read ends, another follows
	}
	var stuck *stuckError
	if res.err != nil && !errors.As(res.err, &stuck) {
		return true, p.failure(res)
	}
	if stuck == nil {
		if p.ignoresPaging(res.shares) {
			return true, nil // every request answers the same, whole list
		}
		if len(res.shares) > 0 && p.acc.add(res.shares) == 0 {
			stuck = &stuckError{offset: s.offset, firstID: res.shares[0].ID}
		}
	}
	if err := p.acc.overflow(); err != nil {
		return true, err
	}
	if stuck != nil {
		stuck.atStart = stuck.firstID == p.first[0].ID
		return true, stuck
	}
	return len(res.shares) < p.step, nil // a short slot: the service showed the end
}

// failure is what a slot whose request failed ends the read with: nil
// where the failure is the service's way of showing the end, else the
// request's own error (the *Error of a page).
func (p *offsetPaging) failure(res slotResult) error {
	var failed *pageError
	if !errors.As(res.err, &failed) {
		return res.err
	}
	if p.refusedPastTheEnd(failed.offset, failed.err) {
		p.acc.add(res.shares)
		return nil
	}
	return failed.err
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
		var page []Share
		var short bool
		if r.anchored && start > 0 {
			var end bool
			var err error
			if page, short, end, err = l.anchoredPage(ctx, c, opts, &f, start, asked, endLikely); end {
				return f, err
			}
		} else {
			p, err := l.page(ctx, c, opts, start, asked)
			if err != nil {
				return f, &pageError{offset: start, err: err}
			}
			page, short = p.Shares, len(p.Shares) < asked
		}
		if len(page) == 0 {
			break
		}
		endLikely = short && (r.count == countUnknown || r.count <= r.offset+len(f.shares)+len(page))
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

// anchoredPage reads the shares from start with the request starting one
// share early: the share there, the anchor, must be the one read last (f's
// last share; for a slot's first request it is the slot's lead, which the
// caller checks). It returns the new shares, whether the answer was short
// of what was asked, and end when the slot's read ends here: the list
// shifted (f.shifted), the service showed the end, or err.
func (l Lister) anchoredPage(
	ctx context.Context,
	c *gophercloud.ServiceClient,
	opts ListOpts,
	f *filled,
	start, asked int,
	endLikely bool,
) (page []Share, short, end bool, err error) {
	var plain <-chan pageAnswer
	if endLikely {
		// After a short answer the end is likely: the anchor alone, then an
		// empty page. Both are asked for at once, one round trip instead of
		// two; the empty page's answer is dropped when the anchored one
		// brings more.
		plain = l.pageAsync(ctx, c, opts, start, asked)
	}
	p, err := l.page(ctx, c, opts, start-1, asked+1)
	if err != nil {
		return nil, false, true, &pageError{offset: start - 1, err: err}
	}
	if len(p.Shares) == 0 || (len(f.shares) > 0 && p.Shares[0].ID != f.shares[len(f.shares)-1].ID) {
		f.shifted = true
		return nil, false, true, nil
	}
	if len(f.shares) == 0 {
		f.lead = &p.Shares[0]
	}
	if len(p.Shares) > 1 {
		return p.Shares[1:], len(p.Shares) < asked+1, false, nil
	}
	// Only the anchor: the end, or a page of one share. Only an empty page
	// tells, so the shares after the anchor are asked for without one;
	// what that brings is not anchored.
	if plain != nil {
		a := <-plain
		p, err = a.page, a.err
	} else {
		p, err = l.page(ctx, c, opts, start, asked)
	}
	if pastTheEnd(err) {
		return nil, false, true, nil // the service's other way of showing the end, right after it
	} else if err != nil {
		return nil, false, true, &pageError{offset: start, err: err}
	}
	f.unanchored = f.unanchored || len(p.Shares) > 0
	return p.Shares, len(p.Shares) < asked, false, nil
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
