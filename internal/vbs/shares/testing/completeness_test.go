package testing

import (
	"context"
	"slices"
	"testing"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// Completeness is proven, never inferred: each test here plays a case
// where one of the pager's weak signals (a short page, a page holding only
// its anchor, a count) points at an end that is not there.

// TestListAllWhenThePageSizeVaries: a service whose own page size changes
// from answer to answer. A page that holds only its anchor is then often a
// page of one share, not the end; the read goes on to an empty page.
func TestListAllWhenThePageSizeVaries(t *testing.T) {
	for _, c := range []struct {
		name  string
		total int
		sizes []int
		count bool
	}{
		{"pages of 1 to 6 shares, no count", 53, []int{1, 2, 3, 4, 5, 6}, false},
		{"pages of 1 to 6 shares, with a count", 53, []int{3, 1, 6, 2, 1, 5, 4}, true},
		{"one share a page, no count", 23, []int{1}, false},
		{"one share a page, with a count", 23, []int{1}, true},
		{"pages of 1 or 1000", 503, []int{1000, 1, 1000, 1}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			vary := emulator.Variations{PageSizes: c.sizes}
			if !c.count {
				vary.CountStatus = 500
			}
			emu, srv := emutest.Start(t, emulator.Options{Data: generated(c.total - 3), Vary: vary})
			client := vbstest.Client(t, srv, sharer)
			got, err := shares.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
			if err != nil {
				t.Fatal(err)
			}
			assertUniqueAndComplete(t, got, c.total)
			_, plain := emutest.Start(t, emulator.Options{Data: generated(c.total - 3)})
			atRest, err := shares.ListAll(context.Background(), vbstest.Client(t, plain, sharer).ServiceClient, shares.ListOpts{})
			if err != nil || !sameOrder(got, atRest) {
				t.Fatalf("order differs from the plain emulator's (%v)", err)
			}
			t.Logf("%d shares in %d list requests", len(got), emu.Stats()["list"])
		})
	}
}

// TestListAllWhenTheCountEqualsACappedFirstPage: 1,500 shares in pages of
// 500 and a count of 500. A short first page that holds exactly the count
// looks like the whole list; it is the first third of it.
func TestListAllWhenTheCountEqualsACappedFirstPage(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: generated(1497), MaxPageSize: 500, Vary: emulator.Variations{CountDelta: -1000}})
	client := vbstest.Client(t, srv, sharer)
	got, err := shares.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 1500)
}

// TestListAllWhenTheListIgnoresAFilterTheCountApplies: the list ignores
// status while the count applies it, so the count is far below the
// list's length: the read is not cut at the count, and what comes back
// holds every share of the requested status (the caller screens the rest).
func TestListAllWhenTheListIgnoresAFilterTheCountApplies(t *testing.T) {
	data := generated(200)
	errStatus := "error"
	want := 0
	for i := range data.Shares {
		if i%6 == 0 && data.Shares[i].Backup != nil {
			data.Shares[i].Backup.Status = &errStatus
		}
		if b := data.Shares[i].Backup; b != nil && b.Status != nil && *b.Status == errStatus {
			want++
		}
	}
	_, srv := emutest.Start(t, emulator.Options{Data: data, Vary: emulator.Variations{PageSizes: []int{7, 2, 5}, ListIgnoresFilters: []string{"status"}}})
	client := vbstest.Client(t, srv, sharer)
	f := shares.Filters{Status: errStatus}
	got, err := shares.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 203)
	kept, dropped := shares.Screen(got, f, sharer)
	if len(kept) != want || dropped.ByFilter["status"] != 203-want {
		t.Fatalf("kept %d (want %d), dropped %v", len(kept), want, dropped.ByFilter)
	}
}

// TestListAllSortedSeesAShareUpdatedWhileItIsRead: under sort_key =
// updated_at, one share cancelled in front of the read and one updated
// (from the end of the list to its front) cancel out: the count and every
// anchor hold, and the updated share, which existed throughout, is never
// read. ListAllSorted reads in an order no update moves and sorts after.
func TestListAllSortedSeesAShareUpdatedWhileItIsRead(t *testing.T) {
	moveAfterSecondPage := func(n int, d *emulator.Dataset) {
		if n != 2 {
			return
		}
		newest := -1 // the front under updated_at, already read
		for i, sh := range d.Shares {
			if sh.FromProjectID == sharer && sh.UpdatedAt != nil && (newest < 0 || *sh.UpdatedAt > *d.Shares[newest].UpdatedAt) {
				newest = i
			}
		}
		d.Shares = append(d.Shares[:newest], d.Shares[newest+1:]...)
		emulator.UpdateLast(sharer)(n, d)
	}
	read := func(list func(context.Context, *gophercloud.ServiceClient, shares.ListOpts) ([]shares.Share, error)) (got []shares.Share, moved string) {
		data := generated(30)
		for i := range data.Shares { // every share updated once, in creation order
			data.Shares[i].UpdatedAt = data.Shares[i].CreatedAt
		}
		// No count: the first pages are read one at a time, so the move
		// comes after the second page whatever the scheduling.
		emu, srv := emutest.Start(t, emulator.Options{Data: data, MaxPageSize: 10, Vary: emulator.Variations{AfterList: moveAfterSecondPage, CountStatus: 500}})
		client := vbstest.Client(t, srv, sharer)
		got, err := list(context.Background(), client.ServiceClient, shares.ListOpts{SortKey: "updated_at"})
		if err != nil {
			t.Fatal(err)
		}
		newest := ""
		for _, sh := range emu.Shares() {
			if sh.UpdatedAt != nil && *sh.UpdatedAt > newest {
				newest, moved = *sh.UpdatedAt, sh.ID
			}
		}
		return got, moved
	}
	has := func(list []shares.Share, id string) bool {
		return slices.ContainsFunc(list, func(s shares.Share) bool { return s.ID == id })
	}
	// The premise: read in the moving order, the share is lost.
	if got, moved := read(shares.ListAll); has(got, moved) {
		t.Fatalf("read under updated_at, the moved share %s was found: the test no longer plays the case", moved)
	}
	got, moved := read(shares.ListAllSorted)
	if !has(got, moved) {
		t.Fatalf("%d shares without %s, which existed throughout the read", len(got), moved)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].UpdatedAt.Before(got[i].UpdatedAt.Time) {
			t.Fatalf("not in updated_at order at %d", i)
		}
	}
}
