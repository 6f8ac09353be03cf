package testing

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

const (
	owner = emulator.SampleSharerProject
	b9    = "722513ed0a324dadaabe5b2d0fe848b9"
	a9    = "722513ed0a324dadaabe5b2d0fe848a9"
	c9    = "722513ed0a324dadaabe5b2d0fe848c9"
)

// cbrFor is the CBR client of project, from the catalog of its token.
func cbrFor(t *testing.T, srv *httptest.Server, project string) *gophercloud.ServiceClient {
	t.Helper()
	c := vbstest.Client(t, srv, project)
	sc, err := c.CBR()
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func str(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestMemberLifecycle plays both sides: the owner shares, the recipient
// accepts into its vault, the owner sees the vault and ends the share.
func TestMemberLifecycle(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	ctx := context.Background()
	own, rcp := cbrFor(t, srv, owner), cbrFor(t, srv, c9)

	m, err := members.AddOne(ctx, own, emulator.SampleCBRPendingBackup, c9)
	if err != nil {
		t.Fatal(err)
	}
	if str(m.Status) != members.StatusPending || str(m.DestProjectID) != c9 || m.VaultID != nil {
		t.Fatalf("after the share: %+v", m)
	}
	if _, err := members.AddOne(ctx, own, emulator.SampleCBRPendingBackup, c9); err == nil || !strings.Contains(err.Error(), "already shared") {
		t.Fatalf("sharing twice: %v", err)
	}

	pending, err := members.ListSharedWithMe(ctx, rcp, c9, members.StatusPending)
	if err != nil || len(pending.Shares) != 1 || *pending.Shares[0].BackupID != emulator.SampleCBRPendingBackup ||
		str(pending.Shares[0].SourceProjectID) != owner {
		t.Fatalf("the recipient's pending invitations: %+v, %v", pending, err)
	}
	if _, err := members.Update(
		ctx,
		rcp,
		emulator.SampleCBRPendingBackup,
		c9,
		members.UpdateOpts{Status: members.StatusAccepted, VaultID: emulator.SampleCBRVaultC9},
	); err != nil {
		t.Fatal(err)
	}
	got, err := members.Get(ctx, own, emulator.SampleCBRPendingBackup, c9)
	if err != nil || str(got.Status) != members.StatusAccepted || str(got.VaultID) != emulator.SampleCBRVaultC9 {
		t.Fatalf("the owner's view after the accept: %+v, %v", got, err)
	}
	if err := members.Delete(ctx, own, emulator.SampleCBRPendingBackup, c9); err != nil {
		t.Fatal(err)
	}
	if _, err := members.Get(ctx, own, emulator.SampleCBRPendingBackup, c9); !members.Gone(err) {
		t.Fatalf("after the delete: %v", err)
	}
	// Deleting what is gone is done, once a read confirms it.
	if err := members.Delete(ctx, own, emulator.SampleCBRPendingBackup, c9); err != nil {
		t.Fatalf("deleting again: %v", err)
	}
}

// TestEmptyKeysAndBothTimeForms: absent, null and "" are no value; both
// documented timestamp forms become RFC 3339 in UTC.
func TestEmptyKeysAndBothTimeForms(t *testing.T) {
	for _, v := range []emulator.CBRVariations{{}, {NullKeys: true}, {TableTimes: true}} {
		_, srv := emutest.Start(t, emulator.Options{CBR: v})
		m, err := members.Get(context.Background(), cbrFor(t, srv, owner), emulator.SampleCBRPendingBackup, a9)
		if err != nil {
			t.Fatal(err)
		}
		if m.VaultID != nil || m.ImageID != nil || m.UpdatedAt != nil {
			t.Errorf("%+v: empty keys read as values: %+v", v, m)
		}
		if want := "2020-02-05T10:38:34.21Z"; str(m.CreatedAt) != want {
			t.Errorf("%+v: created_at %s, want %s", v, str(m.CreatedAt), want)
		}
	}
}

// TestListReadsEveryPage: a service that pages members is read to the
// empty page that ends the list.
func TestListReadsEveryPage(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{MemberPageSize: 1}})
	ctx := context.Background()
	own := cbrFor(t, srv, owner)
	ids := emu.AddCBRBackups(owner, 1, a9, b9, c9)
	emu.ResetStats()
	list, dropped, err := members.List(ctx, own, ids[0], members.ListOpts{})
	if err != nil || len(list) != 3 || dropped != 0 {
		t.Fatalf("%d members (%d dropped), %v", len(list), dropped, err)
	}
	if n := emu.Stats()["cbr.members"]; n != 4 {
		t.Errorf("%d requests for 3 members a page of 1, want 4 (3 pages and the empty one)", n)
	}
}

// TestAddAnswerIsNeverTheState: an answer that lists every member (not
// only the new one) changes nothing: the member is read back.
func TestAddAnswerIsNeverTheState(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{AddEchoesAll: true}})
	m, err := members.AddOne(context.Background(), cbrFor(t, srv, owner), emulator.SampleCBRPendingBackup, b9)
	if err != nil || str(m.DestProjectID) != b9 {
		t.Fatalf("%+v, %v", m, err)
	}
}

// TestRefusalsNameTheServiceCode: a disk backup (6700 where only server
// backups are shared) and 11 projects are the service's errors, with code.
func TestRefusalsNameTheServiceCode(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	own := cbrFor(t, srv, owner)
	err := members.Add(context.Background(), own, emulator.SampleCBRDiskBackup, []string{c9})
	var e *vbs.Error
	if !errors.As(err, &e) || e.Code != "BackupService.6700" || e.StatusCode != 400 {
		t.Fatalf("sharing a disk backup: %v", err)
	}
	if err := members.Add(context.Background(), own, emulator.SampleCBRPendingBackup, slices.Repeat([]string{c9}, 11)); err == nil {
		t.Fatal("11 projects in one request: accepted")
	}
}

// TestListSharesCountsRequests: every member of a project's 1,000
// backups costs the backup list's pages and one member list a backup.
func TestListSharesCountsRequests(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Data: &emulator.Dataset{Projects: emulator.SampleDataset().Projects, Users: emulator.SampleDataset().Users}})
	own := cbrFor(t, srv, owner)
	emu.AddCBRBackups(owner, 1000, b9)
	emu.ResetStats()
	start := time.Now()
	audit, err := members.ListShares(context.Background(), own, owner, members.AuditOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if len(audit.Shares) != 1000 || audit.Backups != 1000 {
		t.Fatalf("%d shares of %d backups", len(audit.Shares), audit.Backups)
	}
	stats := emu.Stats()
	// The list: one full page, the anchor alone after it, and the empty
	// page that proves the end; each backup's members: a page and the
	// empty page that proves its end (a count does not end a list).
	if stats["cbr.backups"] != 3 || stats["cbr.members"] != 2000 {
		t.Errorf("requests: %d backup-list pages, %d member requests; want 3 and 2000", stats["cbr.backups"], stats["cbr.members"])
	}
	t.Logf("1,000 backups: %d requests in %v", stats["cbr.backups"]+stats["cbr.members"], time.Since(start))
}

// TestSharedWithMeNeverGuessesAStatus: a service that ignores
// member_status lists every backup under every status: the status is then
// unknown, not the first one tried.
func TestSharedWithMeNeverGuessesAStatus(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	rcp := cbrFor(t, srv, b9)
	got, err := members.ListSharedWithMe(context.Background(), rcp, b9, "")
	if err != nil || len(got.Shares) != 1 || str(got.Shares[0].Status) != members.StatusAccepted || got.Ambiguous != 0 {
		t.Fatalf("%+v, %v", got, err)
	}
}

// TestBackupListStartsOverWhenItMoves: a backup made in front of what was
// read shifts every page; the anchor sees it, and the read starts over and
// finds every backup, the new one too.
func TestBackupListStartsOverWhenItMoves(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{BackupMadeDuringList: true}})
	own := cbrFor(t, srv, owner)
	emu.AddCBRBackups(owner, 1500)
	list, err := members.ListBackups(context.Background(), own, members.BackupListOpts{OwnType: members.OwnPrivate})
	if err != nil {
		t.Fatal(err)
	}
	// 3 sample backups, 1,500 added, 1 made during the read.
	if len(list) != 1504 {
		t.Fatalf("%d backups, want 1504", len(list))
	}
}

// TestBackupListRefusesAServiceThatIgnoresOffset: the same page for every
// offset is an error that says so, never a short or looping list.
func TestBackupListRefusesAServiceThatIgnoresOffset(t *testing.T) {
	for _, n := range []int{0, 1500} {
		emu, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{BackupsIgnoreOffset: true}})
		emu.AddCBRBackups(owner, n)
		_, err := members.ListBackups(context.Background(), cbrFor(t, srv, owner), members.BackupListOpts{})
		if err == nil || !strings.Contains(err.Error(), "ignore offset") {
			t.Errorf("%d backups: %v", n+3, err)
		}
	}
}

// TestListSharesBoundsConcurrency: the member lists run Concurrency at a
// time, never more (and more than one: they are concurrent).
func TestListSharesBoundsConcurrency(t *testing.T) {
	emu := emulator.New(emulator.Options{Latency: 20 * time.Millisecond})
	var current, peak atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/members") {
			n := current.Add(1)
			defer current.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
		}
		emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	emu.AddCBRBackups(owner, 40, b9)
	audit, err := members.ListShares(context.Background(), cbrFor(t, srv, owner), owner, members.AuditOpts{Concurrency: 4})
	if err != nil || audit.Backups != 43 {
		t.Fatalf("%d backups, %v", audit.Backups, err)
	}
	if p := peak.Load(); p > 4 || p < 2 {
		t.Errorf("%d member lists at once, want 2 to 4", p)
	}
}

// TestAddWhoseAnswerWasLost: the POST is done but its answer lost (503
// with Retry-After); the client's retry is refused as already shared. The
// member did not exist before the POST, so it is this share's, and no
// member is orphaned.
func TestAddWhoseAnswerWasLost(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultLostAnswer, Op: "cbr.add", Status: 503, RetryAfter: "0"})
	m, err := members.AddOne(context.Background(), cbrFor(t, srv, owner), emulator.SampleCBRPendingBackup, c9)
	if err != nil || str(m.DestProjectID) != c9 {
		t.Fatalf("%+v, %v", m, err)
	}
	if n := emu.Stats()["cbr.add"]; n < 2 {
		t.Errorf("%d POSTs: the premise (a retry meeting the member) did not hold", n)
	}
}

// TestListsThatIgnoreOwnTypeAreScreened: a backup list that answers both
// sides whatever own_type asks never makes another project's backup one of
// ours (its members would be read as our shares), nor our own backup one
// shared with us.
func TestListsThatIgnoreOwnTypeAreScreened(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{BackupsIgnoreOwnType: true}})
	theirs := emu.AddCBRBackups(b9, 1, owner)[0]
	audit, err := members.ListShares(context.Background(), cbrFor(t, srv, owner), owner, members.AuditOpts{})
	if err != nil || audit.Foreign != 1 || audit.Backups != 3 || len(audit.Shares) != 2 {
		t.Fatalf("the owner's audit: %d backups, %d foreign, %d shares, %v", audit.Backups, audit.Foreign, len(audit.Shares), err)
	}
	shared, err := members.ListSharedWithMe(context.Background(), cbrFor(t, srv, owner), owner, "")
	if err != nil || len(shared.Shares) != 1 || *shared.Shares[0].BackupID != theirs || shared.Own != 3 {
		t.Fatalf("shared with the owner: %+v, %v", shared, err)
	}
}

// TestMemberListsEndOnlyAtAnEmptyPage: a count that is too small does not
// end a paged list early (3 of 3 members, not 2), a count that is too large
// does not make a list that ignores offset an error (the first page
// repeated is the whole list, since no limit was sent).
func TestMemberListsEndOnlyAtAnEmptyPage(t *testing.T) {
	for name, v := range map[string]emulator.CBRVariations{
		"count too small, pages of 2":            {MemberPageSize: 2, MemberCount: 2},
		"count of 50, as the documents' example": {MemberCount: 50},
		"count of 50, offset ignored":            {MemberCount: 50, MembersIgnoreOffset: true},
	} {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{CBR: v})
			ids := emu.AddCBRBackups(owner, 1, a9, b9, c9)
			list, _, err := members.List(context.Background(), cbrFor(t, srv, owner), ids[0], members.ListOpts{})
			if err != nil || len(list) != 3 {
				t.Fatalf("%d members, %v; want 3", len(list), err)
			}
		})
	}
}
