package shares

import (
	"context"
	"errors"
	"fmt"
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
		return nil, &Error{
			Op: opList,
			Err: fmt.Errorf("the service ignores offset: the page at offset %d starts with the list's first share, and the window ends "+
				"beyond what one page from the start holds", offset),
		}
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
		return fmt.Errorf("in each of %d reads the page at offset %d repeated the start of the list: the service appears to ignore "+
			"offset", len(reads), reads[len(reads)-1].stuck.offset)
	}
	var seen []string
	if shifted > 0 {
		seen = append(seen, fmt.Sprintf("in %d of %d reads a page asked for from the last share read did not begin with the share read before "+
			"it", shifted, len(reads)))
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
