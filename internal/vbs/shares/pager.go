package shares

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sync"

	"github.com/gophercloud/gophercloud/v2"
)

// DefaultPageSize is what ListAll asks for per page: the service family's
// usual maximum (the sibling backups API pages at 1000).
const DefaultPageSize = 1000

// DefaultConcurrency bounds the page requests ListAll has in flight once it
// knows the total. 10,000 shares at 1,000 a page take 1 + ceil(9/4) = 4 round
// trips instead of 10.
const DefaultConcurrency = 4

// Lister lists every matching share across pages. Its zero value uses the
// defaults above.
type Lister struct {
	PageSize    int
	Concurrency int
}

// ListAll lists every share matching opts with the default Lister.
func ListAll(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	return Lister{}.ListAll(ctx, c, opts)
}

// ListAll returns every share matching the filters and sort of opts, each
// exactly once, in the service's order.
//
// The API documents no paging links and may return fewer items than asked
// for, so a short page proves nothing. ListAll therefore asks for the count
// and the first page at once. If the service sends "next" links it follows
// them; otherwise it takes the first page's length as the service's page size
// and fetches the remaining offsets concurrently. Gaps (a page shorter than
// promised) are filled, and if the count is still not reached it keeps
// reading until an empty page. A page that adds nothing new while not empty
// is an error, not a silent stop: it means the service ignores offset.
//
// A deployment that does not answer count (404, 405, 501) is read page
// after page until an empty page instead.
//
// When the shares read do not add up to the count (the data changed while
// it was read: a share added or removed shifts the offsets), the whole read
// is repeated, up to maxPasses in all, and then it is an error.
func (l Lister) ListAll(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	if opts.Limit != nil || opts.Offset != nil {
		return nil, &Error{Op: opList, Err: errors.New("ListAll pages by itself: use ListPage for an explicit limit or offset")}
	}
	if l.PageSize <= 0 {
		l.PageSize = DefaultPageSize
	}
	if l.Concurrency <= 0 {
		l.Concurrency = DefaultConcurrency
	}
	var got, total int
	for range maxPasses {
		acc, err := l.listOnce(ctx, c, opts)
		if err != nil {
			return nil, err
		}
		if acc.total == totalUnknown || len(acc.shares) == acc.total {
			return acc.shares, nil
		}
		got, total = len(acc.shares), acc.total
	}
	return nil, &Error{Op: opList, Err: fmt.Errorf("the shares kept changing while they were read: the count said %d, the pages held %d; try again", total, got)}
}

// maxPasses is how often ListAll reads a list that keeps changing.
const maxPasses = 3

func (l Lister) listOnce(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) (*accumulator, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var total int
	var countErr error
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		total, countErr = Count(ctx, c, opts.Filters)
	}()
	first, err := l.page(ctx, c, opts, 0, l.PageSize)
	if err != nil {
		cancel()
		<-counted
		return nil, err
	}
	<-counted
	if countErr != nil {
		if !countUnsupported(countErr) {
			return nil, countErr
		}
		// Without a count, read page after page until an empty one.
		total = totalUnknown
	}

	acc := newAccumulator(total)
	acc.add(first.Shares)
	pos := len(first.Shares) // offset of the next unread item

	if first.Next != "" {
		if pos, err = l.followLinks(ctx, c, acc, first.Next, pos); err != nil {
			return nil, err
		}
	} else if !acc.complete() && len(first.Shares) > 0 {
		if pos, err = l.fetchConcurrently(ctx, c, opts, acc, pos, len(first.Shares)); err != nil {
			return nil, err
		}
	}

	// Short of the count (short pages, or a links walk that ended early):
	// read on until it is reached or a page comes back empty.
	for !acc.complete() && len(first.Shares) > 0 {
		p, err := l.page(ctx, c, opts, pos, l.PageSize)
		if err != nil {
			return nil, err
		}
		if len(p.Shares) == 0 {
			break
		}
		if acc.add(p.Shares) == 0 {
			return nil, &Error{Op: opList, Err: fmt.Errorf("pagination did not advance at offset %d: the service returned only shares already seen", pos)}
		}
		pos += len(p.Shares)
	}
	return acc, nil
}

// totalUnknown marks a listing whose service does not answer count.
const totalUnknown = -1

// countUnsupported reports a deployment without the count operation.
func countUnsupported(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == 404 || e.StatusCode == 405 || e.StatusCode == 501)
}

func (l Lister) page(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, offset, limit int) (Page, error) {
	opts.Offset, opts.Limit = &offset, &limit
	return ListPage(ctx, c, opts)
}

// followLinks reads pages by their "next" links until there is none, the
// count is reached, or a page comes back empty.
func (l Lister) followLinks(ctx context.Context, c *gophercloud.ServiceClient, acc *accumulator, next string, pos int) (int, error) {
	visited := map[string]bool{}
	for next != "" && !acc.complete() {
		u, err := resolveLink(c, next)
		if err != nil {
			return pos, err
		}
		if visited[u] {
			return pos, &Error{Op: opList, Err: fmt.Errorf("pagination loops: link %s was already followed", u)}
		}
		visited[u] = true
		p, err := listURLPage(ctx, c, u)
		if err != nil {
			return pos, err
		}
		if len(p.Shares) == 0 {
			break
		}
		if acc.add(p.Shares) == 0 {
			return pos, &Error{Op: opList, Err: fmt.Errorf("pagination did not advance: link %s returned only shares already seen", u)}
		}
		pos += len(p.Shares)
		next = p.Next
	}
	return pos, nil
}

// fetchConcurrently reads the offsets pos, pos+step, … below the total with
// bounded concurrency, fills any gap a short page leaves, and adds the pages
// in order. It returns the offset after the last item read.
func (l Lister) fetchConcurrently(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, acc *accumulator, pos, step int) (int, error) {
	var offsets []int
	for off := pos; off < acc.total; off += step {
		offsets = append(offsets, off)
	}
	pages := make([][]Share, len(offsets))
	errs := make([]error, len(offsets))
	sem := make(chan struct{}, l.Concurrency)
	var wg sync.WaitGroup
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i, off := range offsets {
		want := min(step, acc.total-off)
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				errs[i] = ctx.Err()
				return
			}
			defer func() { <-sem }()
			pages[i], errs[i] = l.fill(ctx, c, opts, off, want)
			if errs[i] != nil {
				cancel() // one failed page fails the read: stop the others
			}
		}()
	}
	wg.Wait()
	if err := firstError(errs); err != nil {
		return pos, err
	}
	for i, p := range pages {
		acc.add(p)
		pos = offsets[i] + len(p)
	}
	return pos, nil
}

// fill reads want items from offset, asking again after a short page, and
// stops early at an empty page (the data shrank since the count).
func (l Lister) fill(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts, offset, want int) ([]Share, error) {
	var got []Share
	for len(got) < want {
		p, err := l.page(ctx, c, opts, offset+len(got), want-len(got))
		if err != nil {
			return nil, err
		}
		if len(p.Shares) == 0 {
			break
		}
		got = append(got, p.Shares...)
	}
	return got, nil
}

// firstError prefers a real failure over the cancellations it caused.
func firstError(errs []error) error {
	var cancelled error
	for _, err := range errs {
		switch {
		case err == nil:
		case errors.Is(err, context.Canceled) && cancelled == nil:
			cancelled = err
		case !errors.Is(err, context.Canceled):
			return err
		}
	}
	return cancelled
}

// resolveLink resolves a "next" href against the list URL and refuses links
// to another host: following one would send the credentials elsewhere.
func resolveLink(c *gophercloud.ServiceClient, href string) (string, error) {
	base, err := url.Parse(listURL(c))
	if err != nil {
		return "", &Error{Op: opList, Err: err}
	}
	ref, err := url.Parse(href)
	if err != nil {
		return "", &Error{Op: opList, Err: fmt.Errorf("unusable next link %q: %w", href, err)}
	}
	u := base.ResolveReference(ref)
	if u.Host != base.Host || u.Scheme != base.Scheme {
		return "", &Error{Op: opList, Err: fmt.Errorf("next link %q points away from the service endpoint %s://%s", href, base.Scheme, base.Host)}
	}
	return u.String(), nil
}

// accumulator keeps shares in order and drops repeated ids, which appear when
// data shifts between page requests.
type accumulator struct {
	total  int
	shares []Share
	seen   map[string]struct{}
}

func newAccumulator(total int) *accumulator {
	size := max(total, 0)
	return &accumulator{total: total, shares: make([]Share, 0, size), seen: make(map[string]struct{}, size)}
}

// add appends the shares not seen before and returns how many it appended.
func (a *accumulator) add(page []Share) int {
	n := 0
	for _, s := range page {
		if _, dup := a.seen[s.ID]; dup {
			continue
		}
		a.seen[s.ID] = struct{}{}
		a.shares = append(a.shares, s)
		n++
	}
	return n
}

func (a *accumulator) complete() bool {
	return a.total != totalUnknown && len(a.shares) >= a.total
}
