package testing

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

const (
	sharer   = emulator.SampleSharerProject
	targetB9 = "722513ed0a324dadaabe5b2d0fe848b9"
	targetC9 = "722513ed0a324dadaabe5b2d0fe848c9"
)

// generated is a dataset with exactly n synthetic shares made by sharer
// (plus the 3 seed shares, also made by sharer).
func generated(n int) *emulator.Dataset { return emulator.GeneratedDataset(n) }

func TestListAllReturnsEveryShareExactlyOnce(t *testing.T) {
	cases := []struct {
		name      string
		maxPage   int
		links     bool
		wantLists int // list requests the emulator should see, or 0 to skip
	}{
		// Without links the pages after the first are anchored (999 and
		// 299 new shares each), and the end is shown by an empty page: past
		// the last short page, one that holds only its anchor and one
		// without an anchor that holds nothing.
		{"capped at 1000", 1000, false, 5},
		{"capped at 300 without links", 300, false, 11},
		{"capped at 300 with links", 300, true, 9},
	}
	const n = 2497 // + 3 seed shares = 2,500
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Data: generated(n), MaxPageSize: tc.maxPage, SendLinks: tc.links})
			c := vbstest.Client(t, srv, sharer)
			emu.ResetStats()
			got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
			if err != nil {
				t.Fatal(err)
			}
			assertUniqueAndComplete(t, got, 2500)
			// Server order is kept: created_at descending by default.
			for i := 1; i < len(got); i++ {
				if got[i-1].CreatedAt.Before(got[i].CreatedAt.Time) {
					t.Fatalf("share %d (%s) is older than share %d", i-1, got[i-1].CreatedAt, i)
				}
			}
			stats := emu.Stats()
			if stats["count"] != 1 || stats["list"] != tc.wantLists {
				t.Errorf("requests: %v; want 1 count and %d list", stats, tc.wantLists)
			}
		})
	}
}

func assertUniqueAndComplete(t *testing.T, got []shares.Share, want int) {
	t.Helper()
	seen := map[string]bool{}
	for _, s := range got {
		if seen[s.ID] {
			t.Fatalf("share %s appears twice", s.ID)
		}
		seen[s.ID] = true
	}
	if len(got) != want {
		t.Fatalf("got %d shares, want %d", len(got), want)
	}
}

func TestListAllWithSmallerClientPageSize(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: generated(997)})
	c := vbstest.Client(t, srv, sharer)
	got, err := shares.Lister{PageSize: 64, Concurrency: 3}.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{SortKey: "id", SortDir: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 1000)
	if !slices.IsSortedFunc(got, func(a, b shares.Share) int { return compareStrings(a.ID, b.ID) }) {
		t.Error("ascending id order was not kept")
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestListAllFailsWholeWhenAPageFails(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Data: generated(2497)})
	c := vbstest.Client(t, srv, sharer)
	// The count and first page succeed, the third page fails: no partial list.
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Op: "list", Status: 500, Skip: 2})
	got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 500 || e.Op != "list backup shares" || got != nil {
		t.Fatalf("got %d shares, err = %v; want none and the page's 500", len(got), err)
	}
	// A failing count is only a missing hint: the list is read to its end.
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Op: "count", Status: 500})
	got, err = shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatalf("with a failing count: %v", err)
	}
	assertUniqueAndComplete(t, got, 2500)
}

func TestShareToMeAndIsolation(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	ctx := context.Background()
	byMe := vbstest.Client(t, srv, sharer)
	mine, err := shares.ListAll(ctx, byMe.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) != 3 {
		t.Fatalf("the sharer sees %d shares, want its 3", len(mine))
	}
	toMe, err := shares.ListAll(ctx, byMe.ServiceClient, shares.ListOpts{Filters: shares.Filters{ShareToMe: ptr(true)}})
	if err != nil || len(toMe) != 0 {
		t.Fatalf("shares to the sharer: %v, %v; want none", toMe, err)
	}

	receiver := vbstest.Client(t, srv, targetB9)
	own, err := shares.ListAll(ctx, receiver.ServiceClient, shares.ListOpts{Filters: shares.Filters{ShareToMe: ptr(false)}})
	if err != nil || len(own) != 0 {
		t.Fatalf("receiver's own shares: %v, %v; want none", own, err)
	}
	received, err := shares.ListAll(ctx, receiver.ServiceClient, shares.ListOpts{Filters: shares.Filters{ShareToMe: ptr(true)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(received) != 1 || received[0].ID != "e842bf23-1e05-4c2c-b0f9-25222f4686da" {
		t.Fatalf("receiver got %+v, want the one share to it", received)
	}
	// The receiver can get the share made to it; a third project cannot.
	if _, err := shares.Get(ctx, receiver.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da"); err != nil {
		t.Errorf("receiver get: %v", err)
	}
	other := vbstest.Client(t, srv, targetC9)
	if _, err := shares.Get(ctx, other.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da"); !errors.Is(err, shares.ErrNotFound) {
		t.Errorf("third project get: %v, want not found", err)
	}
}

func TestFiltersAgainstEmulator(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: generated(60)})
	c := vbstest.Client(t, srv, sharer)
	ctx := context.Background()
	all, err := shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		f    shares.Filters
		keep func(s shares.Share) bool
	}{
		"volume_id": {
			shares.Filters{VolumeID: *all[5].Backup.VolumeID},
			func(s shares.Share) bool { return *s.Backup.VolumeID == *all[5].Backup.VolumeID },
		},
		"status":            {shares.Filters{Status: "error"}, func(s shares.Share) bool { return *s.Backup.Status == "error" }},
		"backup_id":         {shares.Filters{BackupID: all[7].BackupID}, func(s shares.Share) bool { return s.BackupID == all[7].BackupID }},
		"to_project_id":     {shares.Filters{ToProjectID: targetC9}, func(s shares.Share) bool { return s.ToProjectID == targetC9 }},
		"from_project_id":   {shares.Filters{FromProjectID: sharer}, func(s shares.Share) bool { return true }},
		"availability_zone": {shares.Filters{AvailabilityZone: "eu-de-02"}, func(s shares.Share) bool { return s.InAvailabilityZone("eu-de-02") }},
		"fuzzy name": {
			shares.Filters{Name: "BACKUP-00001"},
			func(s shares.Share) bool { return len(*s.Backup.Name) > 12 && (*s.Backup.Name)[:12] == "backup-00001" },
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var want []string
			for _, s := range all {
				if tc.keep(s) {
					want = append(want, s.ID)
				}
			}
			if len(want) == 0 {
				t.Fatal("the case selects nothing: a useless test")
			}
			got, err := shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{Filters: tc.f})
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, s := range got {
				ids = append(ids, s.ID)
			}
			if !slices.Equal(ids, want) {
				t.Errorf("got %d shares %v\nwant %d %v", len(ids), ids, len(want), want)
			}
			n, err := shares.Count(ctx, c.ServiceClient, tc.f)
			if err != nil || n != len(want) {
				t.Errorf("count = %d, %v; want %d", n, err, len(want))
			}
		})
	}
}

func TestExplicitPage(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: generated(20)})
	c := vbstest.Client(t, srv, sharer)
	ctx := context.Background()
	all, err := shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{SortKey: "id", SortDir: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	page, err := shares.ListPage(ctx, c.ServiceClient, shares.ListOpts{SortKey: "id", SortDir: "asc", Limit: ptr(5), Offset: ptr(7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Shares) != 5 || page.Shares[0].ID != all[7].ID || page.Shares[4].ID != all[11].ID {
		t.Errorf("page = %d shares from %s", len(page.Shares), page.Shares[0].ID)
	}
}

func TestCreateAndDelete(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	ctx := context.Background()
	const backup = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
	created, err := shares.Create(ctx, c.ServiceClient, shares.CreateOpts{BackupID: backup, ToProjectIDs: []string{targetB9, targetC9}})
	if err != nil {
		t.Fatal(err)
	}
	// As the published create example: no backup, and created_at null.
	if len(created) != 2 || created[0].Backup != nil || created[0].BackupID != backup || created[0].CreatedAt != nil {
		t.Fatalf("created = %+v", created)
	}
	got, err := shares.Get(ctx, c.ServiceClient, created[0].ID)
	if err != nil || *got.Backup.Name != "nightly-db" {
		t.Fatalf("get created: %+v, %v", got, err)
	}
	if _, err := shares.Create(ctx, c.ServiceClient, shares.CreateOpts{BackupID: backup, ToProjectIDs: []string{targetB9}}); err == nil {
		t.Error("sharing twice succeeded")
	}
	var e *shares.Error
	if _, err := shares.Create(
		ctx,
		c.ServiceClient,
		shares.CreateOpts{BackupID: "nope", ToProjectIDs: []string{targetB9}},
	); !errors.As(err, &e) || !errors.Is(err, shares.ErrNotFound) ||
		e.Code == "VolumeBackup.0041" {
		t.Errorf("create with an unknown backup: %v", err)
	}
	if err := shares.Delete(ctx, c.ServiceClient, created[0].ID); err != nil {
		t.Fatal(err)
	}
	if _, err := shares.Get(ctx, c.ServiceClient, created[0].ID); !errors.Is(err, shares.ErrNotFound) {
		t.Errorf("deleted share still there: %v", err)
	}
	if err := shares.DeleteByBackup(ctx, c.ServiceClient, backup); err != nil {
		t.Fatal(err)
	}
	if n, _ := shares.Count(ctx, c.ServiceClient, shares.Filters{BackupID: backup}); n != 0 {
		t.Errorf("%d shares of the backup remain", n)
	}
	if err := shares.DeleteByBackup(ctx, c.ServiceClient, backup); !errors.Is(err, shares.ErrNotFound) {
		t.Errorf("second delete by backup: %v, want not found", err)
	}
}

func TestCreateFollowsTheReference(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	ctx := context.Background()
	const available, creating = "9a4e6c2d-3b1f-4d8e-a7c5-1e2f3a4b5c60", "c7e8f9a0-1b2c-4d3e-8f4a-5b6c7d8e9f01"
	cases := []struct {
		name   string
		opts   shares.CreateOpts
		status int
	}{
		{"a backup that is not available", shares.CreateOpts{BackupID: creating, ToProjectIDs: []string{targetB9}}, 400},
		{"a malformed project id", shares.CreateOpts{BackupID: available, ToProjectIDs: []string{"project-b9"}}, 400},
		{"the caller's own project", shares.CreateOpts{BackupID: available, ToProjectIDs: []string{sharer}}, 400},
		{"another project's backup", shares.CreateOpts{BackupID: "066b1e37-9305-4057-97e5-2e99b21fc71d-x", ToProjectIDs: []string{targetB9}}, 404},
	}
	for _, tc := range cases {
		_, err := shares.Create(ctx, c.ServiceClient, tc.opts)
		var e *shares.Error
		if !errors.As(err, &e) || e.StatusCode != tc.status {
			t.Errorf("%s: %v, want HTTP %d", tc.name, err, tc.status)
		}
	}
	if _, err := shares.Create(ctx, c.ServiceClient, shares.CreateOpts{BackupID: available, ToProjectIDs: []string{targetB9}}); err != nil {
		t.Fatal(err)
	}
	_, err := shares.Create(ctx, c.ServiceClient, shares.CreateOpts{BackupID: available, ToProjectIDs: []string{targetB9}})
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 409 {
		t.Errorf("sharing twice: %v, want HTTP 409", err)
	}
	// A receiving project does not own the backup, so cannot share it on.
	receiver := vbstest.Client(t, srv, targetB9)
	if _, err := shares.Create(
		ctx,
		receiver.ServiceClient,
		shares.CreateOpts{BackupID: available, ToProjectIDs: []string{targetC9}},
	); !errors.Is(
		err,
		shares.ErrNotFound,
	) {
		t.Errorf("re-sharing by the receiver: %v, want not found", err)
	}
}

// TestListAllEndsOnlyAtAnEmptyPage: a short page that ends the list where
// the count says is no end (a service may cap its pages, and a count may be
// wrong), so every read goes on to the empty page: for a short list, the
// page holding only its anchor and an empty one after it. The count, right
// or wrong, changes nothing: it ends no read and forces no second one.
func TestListAllEndsOnlyAtAnEmptyPage(t *testing.T) {
	for _, c := range []struct {
		name          string
		n             int // shares besides the 3 seed shares
		vary          emulator.Variations
		lists, counts int
	}{
		{"one short page", 0, emulator.Variations{}, 3, 1},
		{"three pages, the last short", 2497, emulator.Variations{}, 5, 1},
		{"count one too low", 2497, emulator.Variations{CountDelta: -1}, 5, 1},
		{"count one too high", 2497, emulator.Variations{CountDelta: 1}, 5, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Data: generated(c.n), Vary: c.vary})
			client := vbstest.Client(t, srv, sharer)
			emu.ResetStats()
			got, err := shares.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
			if err != nil {
				t.Fatal(err)
			}
			assertUniqueAndComplete(t, got, c.n+3)
			if stats := emu.Stats(); stats["list"] != c.lists || stats["count"] != c.counts {
				t.Errorf("%d list requests and %d counts, want %d and %d", stats["list"], stats["count"], c.lists, c.counts)
			}
		})
	}
}

// TestListAllRequestsWithoutCount counts the requests of a 10,000-share
// read with and without a count: one anchored read either way (pages of
// 999 new shares after the first, then the anchor alone and the empty
// page), with at most Concurrency-1 requests read ahead past the end when
// no count says where it is.
func TestListAllRequestsWithoutCount(t *testing.T) {
	for _, c := range []struct {
		name     string
		vary     emulator.Variations
		maxLists int
		counts   int // one a read
	}{
		{"count", emulator.Variations{}, 13, 1},
		// One read, anchored: pages of 999 new shares (11 for 10,000),
		// the page holding only its anchor, the empty page, and at most
		// Concurrency-1 read ahead past the end.
		{"no count", emulator.Variations{CountStatus: 500}, 13 + shares.DefaultConcurrency - 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Data: generated(9997), Vary: c.vary})
			client := vbstest.Client(t, srv, sharer)
			emu.ResetStats()
			got, err := shares.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
			if err != nil || len(got) != 10000 {
				t.Fatalf("%d shares, %v", len(got), err)
			}
			if stats := emu.Stats(); stats["list"] > c.maxLists || stats["count"] != c.counts {
				t.Errorf("%d list requests and %d counts, want at most %d and %d", stats["list"], stats["count"], c.maxLists, c.counts)
			}
		})
	}
}
