package provider

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// refreshAll reads ids through r, ten at a time as Terraform does, and
// fails on any error.
func refreshAll(t *testing.T, r *refresher, ids []string) {
	t.Helper()
	sem := make(chan struct{}, 10)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			s, err := r.Get(context.Background(), id)
			if err != nil || s.ID != id {
				t.Errorf("%s: %v, %v", id, s, err)
			}
		})
	}
	wg.Wait()
}

func generatedIDs(d *emulator.Dataset, n int) []string {
	var ids []string
	for _, s := range d.Shares {
		if s.FromProjectID == sharer && len(ids) < n {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// TestRefresherCountsRequests: the requests of each path, counted.
func TestRefresherCountsRequests(t *testing.T) {
	cases := []struct {
		name      string
		shares    int // generated besides the sample's
		reads     int
		vary      emulator.Variations
		maxGets   int
		wantLists int
		maxTotal  int // every request: GETs, counts and list pages
	}{
		// The list: ListAll's count, its one page, the page holding only
		// its anchor and the empty page that proves the end.
		{"100 resources: one list", 100, 100, emulator.Variations{}, refreshGETs, 1, 13},
		{"a few resources: a GET each", 100, refreshGETs, emulator.Variations{}, refreshGETs, 0, refreshGETs},
		{"no count: a GET each", 100, 100, emulator.Variations{CountStatus: 500}, 100, 0, 101},
		{"a large project, few resources: a GET each", 20000, 12, emulator.Variations{}, 12, 0, 13},
		{"a large project, many resources: one list", 3000, 60, emulator.Variations{}, refreshGETs, 1, 16},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := emulator.GeneratedDataset(c.shares)
			emu, srv := emutest.Start(t, emulator.Options{Data: data, Vary: c.vary})
			r := newRefresher(vbstest.Client(t, srv, sharer))
			emu.ResetStats()
			refreshAll(t, r, generatedIDs(data, c.reads))
			stats := emu.Stats()
			t.Logf("%d reads: %d GETs, %d counts, %d list requests", c.reads, stats["get"], stats["count"], stats["list"])
			if stats["get"] > c.maxGets || stats["list"] < c.wantLists || (c.wantLists == 0 && stats["list"] != 0) || stats["count"] > 2 ||
				stats["get"]+stats["count"]+stats["list"] > c.maxTotal {
				t.Errorf("%d reads: %d GETs (at most %d), %d list requests (want %d pages' worth), %d "+
					"counts", c.reads, stats["get"], c.maxGets, stats["list"], c.wantLists, stats["count"])
			}
		})
	}
}

// TestRefresherConfirmsMissingShares: a share the list does not hold is
// read by GET, so only the service's 404 for that id reports it gone; a
// write drops the list.
func TestRefresherConfirmsMissingShares(t *testing.T) {
	data := emulator.GeneratedDataset(50)
	emu, srv := emutest.Start(t, emulator.Options{Data: data})
	r := newRefresher(vbstest.Client(t, srv, sharer))
	ids := generatedIDs(data, 50)
	refreshAll(t, r, ids)
	emu.ResetStats()
	if _, err := r.Get(context.Background(), "00000000-0000-4000-8000-000000000000"); !errors.Is(err, shares.ErrNotFound) {
		t.Errorf("a share in neither the list nor the service: %v", err)
	}
	// A share made after the list was read is not in it, and is found.
	emu.AddShares(
		emulator.Share{ID: "11111111-0000-4000-8000-000000000000", BackupID: "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11", FromProjectID: sharer, ToProjectID: toB9},
	)
	if s, err := r.Get(context.Background(), "11111111-0000-4000-8000-000000000000"); err != nil || s.ToProjectID != toB9 {
		t.Errorf("a share made after the list: %v, %v", s, err)
	}
	if got := emu.Stats(); got["get"] != 2 || got["list"] != 0 {
		t.Errorf("two reads outside the list: %v, want two GETs and no list", got)
	}
	r.Invalidate()
	if r.byID != nil {
		t.Error("a write left the list in place")
	}
}

// TestAccRefreshFromOneList: a plan with 30 vbs_backup_share in state
// refreshes them with a few GETs and one list, not 30 GETs.
func TestAccRefreshFromOneList(t *testing.T) {
	h := newCLIHarness(t)
	h.write("main.tf", `
terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}
provider "vbs" {}
resource "vbs_backup_share" "many" {
  count         = 30
  backup_id     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  to_project_id = format("%032x", count.index + 4096)
}
`)
	h.run("apply", "-auto-approve", "-input=false", "-no-color")
	h.emu.ResetStats()
	out := h.run("plan", "-refresh-only", "-input=false", "-no-color")
	stats := h.emu.Stats()
	if total := stats["get"] + stats["count"] + stats["list"]; stats["get"] > refreshGETs || total > refreshGETs+5 {
		t.Errorf("refreshing 30 shares: %d GETs, %d counts, %d list requests; want at most %d GETs and %d requests in "+
			"all", stats["get"], stats["count"], stats["list"], refreshGETs, refreshGETs+5)
	}
	if !strings.Contains(out, "No changes") {
		t.Errorf("the refresh found changes:\n%s", out)
	}
}

// TestRefresherServesOnlyWhatAGetWould: list answers that leave out (or
// write otherwise) what a GET holds serve no refresh: the share is read by
// GET, so no false ownership error and no backup nulled in state.
func TestRefresherServesOnlyWhatAGetWould(t *testing.T) {
	for name, vary := range map[string]emulator.Variations{
		"no from_project_id":         {ListOwner: emulator.ListOwnerOmit},
		"null from_project_id":       {ListOwner: emulator.ListOwnerNull},
		"upper-case from_project_id": {ListOwner: emulator.ListOwnerUpper},
		"null backup":                {ListBackupNull: true},
	} {
		t.Run(name, func(t *testing.T) {
			data := emulator.GeneratedDataset(30)
			emu, srv := emutest.Start(t, emulator.Options{Data: data, Vary: vary})
			r := newRefresher(vbstest.Client(t, srv, sharer))
			ids := generatedIDs(data, 30)
			emu.ResetStats()
			for _, id := range ids {
				s, err := r.Get(context.Background(), id)
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if s.FromProjectID != sharer || s.Backup == nil {
					t.Fatalf("%s: from %q, backup %v: not what a GET answers", id, s.FromProjectID, s.Backup)
				}
			}
			if stats := emu.Stats(); stats["list"] == 0 || stats["get"] != len(ids) {
				t.Errorf("%v: want the list read and every share read by GET", stats)
			}
		})
	}
}

// TestRefresherDoesNotWaitLongForAList: a list that stalls costs each read
// a bounded wait and then its GET, never the read's own deadline (a
// 5-second read timeout failed reads whose GET was never sent).
func TestRefresherDoesNotWaitLongForAList(t *testing.T) {
	data := emulator.GeneratedDataset(30)
	emu, srv := emutest.Start(t, emulator.Options{Data: data})
	r := newRefresher(vbstest.Client(t, srv, sharer))
	stalled := make(chan struct{})
	t.Cleanup(func() { close(stalled) })
	r.list = func(ctx context.Context) ([]shares.Share, error) {
		select {
		case <-stalled:
		case <-ctx.Done():
		}
		return nil, errors.New("stalled")
	}
	ids := generatedIDs(data, 12)
	emu.ResetStats()
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if s, err := r.Get(ctx, id); err != nil || s.ID != id {
				t.Errorf("%s: %v", id, err)
			}
		})
	}
	wg.Wait()
	if got := emu.Stats()["get"]; got != len(ids) {
		t.Errorf("%d GETs for %d reads while the list stalled", got, len(ids))
	}
}

// TestRefresherDropsAListReadAcrossAWrite: a list that starts while a
// write is under way may hold the share as it was; the write's end drops
// it.
func TestRefresherDropsAListReadAcrossAWrite(t *testing.T) {
	data := emulator.GeneratedDataset(30)
	_, srv := emutest.Start(t, emulator.Options{Data: data})
	r := newRefresher(vbstest.Client(t, srv, sharer))
	r.nextCheck = 0
	r.count = func(context.Context) (int, error) { return 0, nil } // a list cheaper than one GET
	listing, release := make(chan struct{}), make(chan struct{})
	list := r.list
	r.list = func(ctx context.Context) ([]shares.Share, error) {
		close(listing)
		<-release
		return list(ctx)
	}
	done := r.BeginWrite()
	go func() { _, _ = r.Get(context.Background(), generatedIDs(data, 1)[0]) }()
	<-listing // the list is read while the write is under way
	done()
	close(release)
	r.mu.Lock()
	loading := r.loading
	r.mu.Unlock()
	if loading != nil {
		<-loading
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byID != nil {
		t.Error("a list read across a write serves refreshes")
	}
}

// TestScreenAnswerSaysOnlyWhatIsKnown: shares dropped for contradicting a
// filter are counted without claiming the result is right; shares kept
// unchecked are named as such.
func TestScreenAnswerSaysOnlyWhatIsKnown(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	list := []shares.Share{
		{ID: "a", FromProjectID: sharer},
		{ID: "b", FromProjectID: toB9},
		{ID: "c"},
	}
	kept, diags := screenAnswer(list, shares.Filters{}, c, "the list")
	if len(kept) != 2 || kept[0].ID != "a" || kept[1].ID != "c" {
		t.Fatalf("kept %v, want a and c", kept)
	}
	var text strings.Builder
	for _, d := range diags {
		text.WriteString(d.Summary() + "\n" + d.Detail() + "\n")
	}
	for _, want := range []string{"answered with 1 share that the filters exclude", "1 share could not be checked", "1 without a well-formed field for " +
		"share_to_me (for example share c)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("the warnings do not say %q:\n%s", want, text.String())
		}
	}
	if strings.Contains(text.String(), "is right") {
		t.Errorf("the warnings claim the result is right:\n%s", text.String())
	}
}

// TestAccRefreshFromListOff: refresh_from_list = false reads every share by
// GET, for services whose list lags behind their GET.
func TestAccRefreshFromListOff(t *testing.T) {
	h := newCLIHarness(t)
	h.write("main.tf", `
terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}
provider "vbs" {
  refresh_from_list = false
}
resource "vbs_backup_share" "many" {
  count         = 12
  backup_id     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  to_project_id = format("%032x", count.index + 4096)
}
`)
	h.run("apply", "-auto-approve", "-input=false", "-no-color")
	h.emu.ResetStats()
	h.run("plan", "-refresh-only", "-input=false", "-no-color")
	if stats := h.emu.Stats(); stats["get"] != 12 || stats["list"]+stats["count"] != 0 {
		t.Errorf("refreshing 12 shares with the list off: %v, want 12 GETs and no list", stats)
	}
}

// TestRefresherLogsNoSecrets: the refresher logs why it falls back to GETs;
// behind a gateway that echoes request headers into its error bodies, that
// text held the token. It goes through the same redaction as diagnostics.
func TestRefresherLogsNoSecrets(t *testing.T) {
	for _, failing := range []string{"count", "list"} {
		t.Run(failing, func(t *testing.T) {
			var logs bytes.Buffer
			ctx := tflogtest.RootLogger(context.Background(), &logs)
			data := emulator.GeneratedDataset(30)
			emu, srv := emutest.Start(t, emulator.Options{Data: data})
			c := vbstest.Client(t, srv, sharer)
			r := newRefresher(c)
			emu.SetVariations(emulator.Variations{EchoCredentials: true})
			if failing == "count" {
				emu.SetVariations(emulator.Variations{EchoCredentials: true, CountStatus: 500})
			} else {
				r.list = func(ctx context.Context) ([]shares.Share, error) {
					emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Op: "list", Status: 400})
					return shares.ListAll(ctx, c.ServiceClient, shares.ListOpts{Filters: shares.Filters{ShareToMe: new(false)}})
				}
			}
			for _, id := range generatedIDs(data, 12) {
				if _, err := r.Get(ctx, id); err != nil {
					t.Fatal(err)
				}
			}
			if !strings.Contains(logs.String(), "so a GET per share") || !strings.Contains(logs.String(), "Request headers") {
				t.Fatalf("the fallback with the echoed headers was not logged: the scan proves nothing:\n%s", logs.String())
			}
			if strings.Contains(logs.String(), c.TokenID) {
				t.Errorf("the token reached the log:\n%s", logs.String())
			}
		})
	}
}

// TestRefresherWithAListThatLagsBehindGet plays the trade-off the
// refresher documents: a service whose list still holds shares cancelled a
// moment ago shows them to a refresh from the list, until the list catches
// up; refresh_from_list = false reads each by GET, which says they are
// gone at once.
func TestRefresherWithAListThatLagsBehindGet(t *testing.T) {
	for _, fromList := range []bool{true, false} {
		data := emulator.GeneratedDataset(20)
		emu, srv := emutest.Start(t, emulator.Options{Data: data, Vary: emulator.Variations{ListLagsCancel: 100}})
		c := vbstest.Client(t, srv, sharer)
		ids := generatedIDs(data, 12)
		for _, id := range ids[8:] { // cancelled outside Terraform
			if err := shares.Delete(context.Background(), c.ServiceClient, id); err != nil {
				t.Fatal(err)
			}
		}
		r := newRefresher(c)
		r.disabled = !fromList
		gone := 0
		for _, id := range ids {
			if _, err := r.Get(context.Background(), id); errors.Is(err, shares.ErrNotFound) {
				gone++
			} else if err != nil {
				t.Fatal(err)
			}
		}
		// Read after the first refreshGETs, the 4 cancelled shares come
		// from the lagging list (the documented trade-off), or each from a
		// GET that says it is gone.
		want := 4
		if fromList {
			want = 0
		}
		if gone != want {
			t.Errorf("from list %v: %d of 4 cancelled shares reported gone, want %d (stats %v)", fromList, gone, want, emu.Stats())
		}
	}
}
