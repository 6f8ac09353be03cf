package emulator

import (
	"cmp"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

var (
	sortKeys = []string{"name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"}
	sortDirs = []string{"asc", "desc"}
)

// query is a parsed list or count request.
type query struct {
	shareToMe bool
	// eitherWay shows the shares made by and to the caller: a server that
	// ignores share_to_me (Vary.IgnoreFilters).
	eitherWay bool
	filters   map[string]string // parameter → value, only those given non-empty
	sortKey   string
	sortDir   string
	limit     int // -1: not given
	offset    int
}

// filterParams are the documented filters; both spellings of the zone
// parameter are honoured, as either may be what the service reads.
var filterParams = []string{"volume_id", "name", "status", "backup_id", "from_project_id", "to_project_id", "availability_zone", "avalilability_zone"}

// parseQuery validates the parameters as the service does: booleans in
// OpenStack's accepted spellings, integers for limit and offset, and the
// documented sort keys and directions. Unknown parameters are ignored.
func parseQuery(v url.Values) (query, string) {
	q := query{filters: map[string]string{}, sortKey: "created_at", sortDir: "desc", limit: -1}
	if raw, ok := v["share_to_me"]; ok {
		b, ok := parseBool(raw[0])
		if !ok {
			return q, "Invalid value '" + raw[0] + "' for share_to_me: it must be a boolean."
		}
		q.shareToMe = b
	}
	for _, p := range filterParams {
		if val := v.Get(p); val != "" {
			q.filters[p] = val
		}
	}
	if k := v.Get("sort_key"); k != "" {
		if !slices.Contains(sortKeys, k) {
			return q, "Invalid sort_key '" + k + "': it must be one of " + strings.Join(sortKeys, ", ") + "."
		}
		q.sortKey = k
	}
	if d := v.Get("sort_dir"); d != "" {
		if !slices.Contains(sortDirs, d) {
			return q, "Invalid sort_dir '" + d + "': it must be asc or desc."
		}
		q.sortDir = d
	}
	var msg string
	if q.limit, msg = parseNonNegative(v, "limit", -1); msg != "" {
		return q, msg
	}
	if q.offset, msg = parseNonNegative(v, "offset", 0); msg != "" {
		return q, msg
	}
	return q, ""
}

func parseNonNegative(v url.Values, name string, absent int) (int, string) {
	raw, ok := v[name]
	if !ok {
		return absent, ""
	}
	n, err := strconv.Atoi(raw[0])
	if err != nil || n < 0 {
		return 0, "Invalid " + name + " '" + raw[0] + "': it must be a non-negative integer."
	}
	return n, ""
}

// parseBool accepts what oslo's bool_from_string accepts.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "on", "y", "yes":
		return true, true
	case "0", "f", "false", "off", "n", "no":
		return false, true
	}
	return false, false
}

// visible is project isolation: a project sees the shares it made, or with
// share_to_me the shares made to it.
func (q query) visible(s *Share, project string) bool {
	if q.eitherWay {
		return s.ToProjectID == project || s.FromProjectID == project
	}
	if q.shareToMe {
		return s.ToProjectID == project
	}
	return s.FromProjectID == project
}

// matches applies the filters. The name filter is fuzzy: a case-insensitive
// substring, as a SQL LIKE '%name%' under the usual collation.
func (q query) matches(s *Share) bool {
	b := s.Backup
	for p, want := range q.filters {
		var got *string
		switch p {
		case "backup_id":
			got = &s.BackupID
		case "from_project_id":
			got = &s.FromProjectID
		case "to_project_id":
			got = &s.ToProjectID
		case "volume_id":
			got = backupField(b, func(b *Backup) *string { return b.VolumeID })
		case "status":
			got = backupField(b, func(b *Backup) *string { return b.Status })
		case "availability_zone", "avalilability_zone":
			got = backupField(b, func(b *Backup) *string { return b.AvailabilityZone })
		case "name":
			name := backupField(b, func(b *Backup) *string { return b.Name })
			if name == nil || !strings.Contains(strings.ToLower(*name), strings.ToLower(want)) {
				return false
			}
			continue
		}
		if got == nil || *got != want {
			return false
		}
	}
	return true
}

func backupField(b *Backup, f func(*Backup) *string) *string {
	if b == nil {
		return nil
	}
	return f(b)
}

// sort orders shares by the sort key, then by id in the same direction so
// that pages are stable. name, status and size are the backup's; id and the
// timestamps are the share's. The formats (container_format, disk_format)
// are valid keys the shares have no value for: they sort by id alone.
// Nulls sort first in ascending order, as in SQL with NULLS FIRST.
// Timestamps are parsed once per share, not once per comparison.
func (q query) sort(list []*Share) {
	dir := 1
	if q.sortDir == "desc" {
		dir = -1
	}
	type keyed struct {
		share *Share
		text  *string
		num   *int64
		time  *time.Time
	}
	items := make([]keyed, len(list))
	for i, sh := range list {
		k := keyed{share: sh}
		b := sh.Backup
		switch q.sortKey {
		case "created_at":
			k.time = parsedTime(sh.CreatedAt)
		case "updated_at":
			k.time = parsedTime(sh.UpdatedAt)
		case "name":
			k.text = backupField(b, func(b *Backup) *string { return b.Name })
		case "status":
			k.text = backupField(b, func(b *Backup) *string { return b.Status })
		case "size":
			if b != nil {
				k.num = b.Size
			}
		}
		items[i] = k
	}
	slices.SortStableFunc(items, func(a, b keyed) int {
		c := 0
		switch q.sortKey {
		case "id":
		case "created_at", "updated_at":
			c = compareNullableTime(a.time, b.time)
		case "size":
			c = compareNullable(a.num, b.num)
		default:
			c = compareNullable(a.text, b.text)
		}
		if c != 0 {
			return dir * c
		}
		return dir * cmp.Compare(a.share.ID, b.share.ID)
	})
	for i := range items {
		list[i] = items[i].share
	}
}

func parsedTime(s *string) *time.Time {
	if s == nil {
		return nil
	}
	t, err := parseWireTime(*s)
	if err != nil {
		return nil // validated on load; never reached for loaded data
	}
	return &t
}

func compareNullableTime(a, b *time.Time) int {
	return compareNullableFunc(a, b, func(x, y time.Time) int { return x.Compare(y) })
}

func compareNullable[T cmp.Ordered](a, b *T) int {
	return compareNullableFunc(a, b, cmp.Compare[T])
}

// compareNullableFunc orders nulls first, then values by compare.
func compareNullableFunc[T any](a, b *T, compare func(T, T) int) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return compare(*a, *b)
}
