package vbs

import (
	"sync"
	"time"
)

// A 429 slows the whole provider process down, not only the request that
// got it: every request to the host waits for the Retry-After that one was
// given, and requests are then paced at the rate the host was seen to
// admit, as the AWS SDKs' adaptive retry mode does. Without it, 20 creates
// against a gateway that admits 2 POSTs a second sent 87 POSTs, and one ran
// out of retries.
//
// At a 429 (once a second at most) the pace becomes the rate of the
// answers the host admitted in the second before, never faster than it
// was; each answer that is not a 429 shortens the interval by a twentieth
// (a quarter once two seconds passed without a 429), until requests are
// no longer paced.

// hostThrottle paces the requests to one host.
type hostThrottle struct {
	mu sync.Mutex
	// interval between two sends; 0 when the host is not paced.
	interval time.Duration
	// next is the earliest time the next request may be sent.
	next time.Time
	// lastDecrease is when the pace was last slowed.
	lastDecrease time.Time
	// admitted are the times of recent answers that were not 429.
	admitted []time.Time
}

// maxPaceInterval bounds how slow the pace gets: one request in 10 s.
const maxPaceInterval = 10 * time.Second

// throttles holds a hostThrottle per host and kind of request, for the
// process.
var throttles sync.Map

// throttleFor is the pace of reads (idempotent requests) or of writes to a
// host: gateways limit writes apart from reads, and a rate measured on
// reads would pace writes far too fast.
func throttleFor(host string, read bool) *hostThrottle {
	key := "write " + host
	if read {
		key = "read " + host
	}
	t, _ := throttles.LoadOrStore(key, &hostThrottle{})
	return t.(*hostThrottle) //nolint:forcetypeassert // only *hostThrottle is stored
}

// reserve returns when a request may be sent, and books that slot.
func (h *hostThrottle) reserve(now time.Time) time.Time {
	h.mu.Lock()
	defer h.mu.Unlock()
	at := now
	if h.next.After(at) {
		at = h.next
	}
	if h.interval > 0 {
		h.next = at.Add(h.interval)
	}
	return at
}

// throttled records a 429: every request waits until now+wait, and the
// pace becomes the rate the host admitted over the last second (a 429
// says more was sent than it admits), never faster than it was.
func (h *hostThrottle) throttled(now time.Time, wait time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if until := now.Add(wait); until.After(h.next) {
		h.next = until
	}
	if now.Sub(h.lastDecrease) < time.Second {
		return // one burst of 429s sets the pace once
	}
	h.lastDecrease = now
	recent := 0
	for _, t := range h.admitted {
		if now.Sub(t) <= time.Second {
			recent++
		}
	}
	// recent answers in the last second: an interval of 1s/recent. With
	// none and no pace yet, nothing was measured (a lone 429, or a burst
	// whose admitted answers come after it): the shared wait alone applies.
	// Under a pace, twice the interval.
	var measured time.Duration
	switch {
	case recent > 0:
		measured = time.Second / time.Duration(recent)
	case h.interval > 0:
		measured = 2 * h.interval
	}
	h.interval = min(max(h.interval, measured), maxPaceInterval)
}

// admittedAt records an answer that was not a 429: the pace quickens.
func (h *hostThrottle) admittedAt(now time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.interval > 0 {
		// A twentieth with each answer; a quarter once two seconds have
		// passed without a 429, so that a pace outlives the limit briefly.
		if now.Sub(h.lastDecrease) > 2*time.Second {
			h.interval -= h.interval / 4
		} else {
			h.interval -= h.interval / 20
		}
		if h.interval < 5*time.Millisecond {
			h.interval = 0
		}
	}
	// Only the last second's answers are needed, to measure the rate at a
	// 429.
	keep := h.admitted[:0]
	for _, t := range h.admitted {
		if now.Sub(t) <= time.Second {
			keep = append(keep, t)
		}
	}
	h.admitted = append(keep, now)
	if len(h.admitted) > 1000 {
		h.admitted = h.admitted[len(h.admitted)-1000:]
	}
}
