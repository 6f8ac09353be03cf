package shares

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/gophercloud/gophercloud/v2"
)

// SortedKeys are the sort keys a share has a value for, so that a whole
// list can be put in their order by the client too: which keys the
// service honours is unverified (no SDK ever sends one), and an order in
// state that depends on it would change with the deployment.
var SortedKeys = []string{"name", "status", "size", "id", "created_at", "updated_at"}

// Sort orders list by key and dir ("asc" or "desc"; empty means the
// documented defaults, created_at and desc), as the service documents
// sorting: ties by id in the same direction, nulls first when ascending.
// It reports false, leaving list as it is, for a key shares have no value
// for (container_format, disk_format).
func Sort(list []Share, key, dir string) bool {
	key, dir = cmp.Or(key, "created_at"), cmp.Or(dir, "desc")
	if !slices.Contains(SortedKeys, key) {
		return false
	}
	sign := 1
	if dir == "desc" {
		sign = -1
	}
	slices.SortStableFunc(list, func(a, b Share) int {
		if c := compareBy(key, &a, &b); c != 0 {
			return sign * c
		}
		return sign * strings.Compare(a.ID, b.ID)
	})
	return true
}

func compareBy(key string, a, b *Share) int {
	switch key {
	case "id":
		return 0 // the tie-break is the id
	case "created_at":
		return compareNullable(timeOf(a.CreatedAt), timeOf(b.CreatedAt), func(x, y time.Time) int { return x.Compare(y) })
	case "updated_at":
		return compareNullable(timeOf(a.UpdatedAt), timeOf(b.UpdatedAt), func(x, y time.Time) int { return x.Compare(y) })
	case "size":
		return compareNullable(sizeOf(a), sizeOf(b), cmp.Compare[Integer])
	case "name":
		return compareNullable(
			backupText(a, func(b *Backup) *string { return b.Name }),
			backupText(b, func(b *Backup) *string { return b.Name }),
			strings.Compare,
		)
	case "status":
		return compareNullable(
			backupText(a, func(b *Backup) *string { return b.Status }),
			backupText(b, func(b *Backup) *string { return b.Status }),
			strings.Compare,
		)
	}
	return 0
}

func timeOf(t *Time) *time.Time {
	if t == nil {
		return nil
	}
	return &t.Time
}

func sizeOf(s *Share) *Integer {
	if s.Backup == nil {
		return nil
	}
	return s.Backup.Size
}

func backupText(s *Share, field func(*Backup) *string) *string {
	if s.Backup == nil {
		return nil
	}
	return field(s.Backup)
}

// compareNullable orders nulls first, then values by compare.
func compareNullable[T any](a, b *T, compare func(T, T) int) int {
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

// ListAllSorted is ListAll in the order of opts.SortKey and opts.SortDir.
// The list is read in the service's default order, created_at, which no
// change to a share moves, and sorted here: read under a key that moves
// (updated_at, status, name), a share updated during the read jumps from
// behind the read's position to before it, and one deletion in front at
// the same time keeps every anchor in place, so the share would be missed
// without a trace. Keys shares carry no value for (container_format,
// disk_format) cannot be sorted here and are sent as they are; the
// formats of a backup do not change.
func ListAllSorted(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) ([]Share, error) {
	key, dir := opts.SortKey, opts.SortDir
	sortable := key == "" || slices.Contains(SortedKeys, key)
	if sortable {
		opts.SortKey, opts.SortDir = "", ""
	}
	list, err := ListAll(ctx, c, opts)
	if err != nil || !sortable || (key == "" && dir == "") {
		return list, err
	}
	Sort(list, key, dir)
	return list, nil
}
