package shares

// The shares one read has gathered, in order, each once, within bounds.

import (
	"fmt"
)

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
		return &Error{
			Op: opList,
			Err: fmt.Errorf("the list does not end: %d shares were read where the service counted %d, and the pages keep bringing new ones; "+
				"the read was stopped", len(a.shares), a.count),
		}
	}
	return &Error{
		Op: opList,
		Err: fmt.Errorf("the list does not end within %d shares, the most the provider reads in one list; the read was stopped. Narrow it "+
			"with filters, or read a window with limit and offset", MaxListShares),
	}
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
