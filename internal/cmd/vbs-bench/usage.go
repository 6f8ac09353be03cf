package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// usage is what one provider process used, as its wrapper saw it when it
// ended.
type usage struct {
	peakRSSKiB int64
	user, sys  time.Duration
}

func (u usage) cpu() time.Duration { return u.user + u.sys }

func (u usage) line() string {
	return fmt.Sprintf("%d %d %d", u.peakRSSKiB, u.user.Microseconds(), u.sys.Microseconds())
}

// usageOf is the usage of a process that has ended.
func usageOf(ps *os.ProcessState) (usage, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return usage{}, false
	}
	return usage{peakRSSKiB: ru.Maxrss, user: ps.UserTime(), sys: ps.SystemTime()}, true
}

// takeUsage reads and removes the usage file of one terraform run: a line
// per provider process it started.
func takeUsage(path string) ([]usage, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the usage file this command had its wrapper write
	if err != nil {
		return nil, fmt.Errorf("no provider usage was recorded: %w", err)
	}
	if err := os.Remove(path); err != nil {
		return nil, err
	}
	var out []usage
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var u usage
		var user, sys int64
		if _, err := fmt.Sscan(line, &u.peakRSSKiB, &user, &sys); err != nil {
			return nil, fmt.Errorf("usage line %q: %w", line, err)
		}
		u.user, u.sys = time.Duration(user)*time.Microsecond, time.Duration(sys)*time.Microsecond
		out = append(out, u)
	}
	return out, nil
}

// reader is the process of a run that did the most work: the one that read
// the data source (the others only answered schema and validation calls).
func reader(us []usage) usage {
	var best usage
	for _, u := range us {
		if u.cpu() > best.cpu() {
			best = u
		}
	}
	return best
}
