package testing

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// Tests of what the client reports against servers whose answers could be
// taken for something they are not.

const (
	nightly = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11" // an unshared, available backup of sharer
	seedID  = "e842bf23-1e05-4c2c-b0f9-25222f4686da"
)

func TestAListThatNeverEndsIsStopped(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{EndlessList: true}})
	c := vbstest.Client(t, srv, sharer)
	emu.ResetStats()
	_, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), "the list does not end") || !strings.Contains(err.Error(), "counted 103") {
		t.Fatalf("err = %v, want the endless list stopped", err)
	}
	// 10 × 103 + 10 pages of 1000: bounded by the count, not by the read
	// timeout.
	if n := emu.Stats()["list"]; n > 16 {
		t.Errorf("%d list requests, want the read stopped within about 12", n)
	}
}

func TestAListThatNeverEndsWithoutACountStopsAtTheCeiling(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{EndlessList: true, CountStatus: 500}})
	emu.SetVariations(emulator.Variations{EndlessList: true})
	c := vbstest.Client(t, srv, sharer)
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 404, Op: "count"})
	_, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), "does not end within 100000 shares") {
		t.Fatalf("err = %v, want the ceiling named", err)
	}
}

func TestFilterContradictions(t *testing.T) {
	yes, no := true, false
	share := shares.Share{ID: "s", BackupID: "b", FromProjectID: sharer, ToProjectID: targetB9,
		Backup: &shares.Backup{VolumeID: ptr("v"), Status: ptr("available"), AvailabilityZone: ptr("az1")}}
	cases := map[string]struct {
		f       shares.Filters
		project string
		want    string
	}{
		"outgoing, made by the caller": {shares.Filters{}, sharer, ""},
		"outgoing, made by another":    {shares.Filters{ShareToMe: &no}, targetB9, "share_to_me"},
		"incoming, made to the caller": {shares.Filters{ShareToMe: &yes}, targetB9, ""},
		"incoming, made to another":    {shares.Filters{ShareToMe: &yes}, sharer, "share_to_me"},
		"another backup":               {shares.Filters{BackupID: "x"}, sharer, "backup_id"},
		"another target":               {shares.Filters{ToProjectID: targetC9}, sharer, "to_project_id"},
		"another sharer":               {shares.Filters{FromProjectID: targetC9}, sharer, "from_project_id"},
		"another volume":               {shares.Filters{VolumeID: "w"}, sharer, "volume_id"},
		"another status":               {shares.Filters{Status: "error"}, sharer, "status"},
		"another zone":                 {shares.Filters{AvailabilityZone: "az2"}, sharer, "availability_zone"},
		"every filter met": {
			shares.Filters{BackupID: "b", ToProjectID: targetB9, FromProjectID: sharer, VolumeID: "v", Status: "available", AvailabilityZone: "az1"},
			sharer,
			"",
		},
		"name is fuzzy, so not checked": {shares.Filters{Name: "anything"}, sharer, ""},
	}
	for name, tc := range cases {
		if got := tc.f.Contradiction(&share, tc.project); got != tc.want {
			t.Errorf("%s: Contradiction = %q, want %q", name, got, tc.want)
		}
	}
	// A field the answer leaves out is unknown: it contradicts nothing,
	// and Unknown names the filter it could not be checked against.
	unknowns := map[string]struct {
		s      shares.Share
		f      shares.Filters
		filter string
	}{
		"null backup, status filter":     {shares.Share{ID: "n", FromProjectID: sharer}, shares.Filters{Status: "available"}, "status"},
		"no from_project_id, outgoing":   {shares.Share{ID: "n"}, shares.Filters{}, "share_to_me"},
		"malformed from_project_id":      {shares.Share{ID: "n", FromProjectID: "(hidden)"}, shares.Filters{}, "share_to_me"},
		"no to_project_id, incoming":     {shares.Share{ID: "n"}, shares.Filters{ShareToMe: &yes}, "share_to_me"},
		"no to_project_id, to filter":    {shares.Share{ID: "n", FromProjectID: sharer}, shares.Filters{ToProjectID: targetB9}, "to_project_id"},
		"no backup_id, backup_id filter": {shares.Share{ID: "n", FromProjectID: sharer}, shares.Filters{BackupID: "b"}, "backup_id"},
		"null zone, availability_zone": {
			shares.Share{ID: "n", FromProjectID: sharer, Backup: &shares.Backup{}},
			shares.Filters{AvailabilityZone: "az1"},
			"availability_zone",
		},
		"upper-case owner is the project": {shares.Share{ID: "n", FromProjectID: strings.ToUpper(sharer)}, shares.Filters{}, ""},
	}
	for name, tc := range unknowns {
		if got := tc.f.Contradiction(&tc.s, sharer); got != "" {
			t.Errorf("%s: Contradiction = %q, want none: unknown is not no", name, got)
		}
		if got := tc.f.Unknown(&tc.s, sharer); got != tc.filter {
			t.Errorf("%s: Unknown = %q, want %q", name, got, tc.filter)
		}
	}
	upper := shares.Share{ID: "n", FromProjectID: strings.ToUpper(targetB9)}
	if got := (shares.Filters{}).Contradiction(&upper, sharer); got != "share_to_me" {
		t.Errorf("another project in upper case: Contradiction = %q, want share_to_me", got)
	}
}

func TestAnswersThatIgnoreTheFiltersAreScreened(t *testing.T) {
	yes := true
	cases := []struct {
		ignored []string
		f       shares.Filters
		want    int // shares kept
	}{
		{[]string{"share_to_me"}, shares.Filters{ShareToMe: &yes}, 2},
		{[]string{"backup_id"}, shares.Filters{ShareToMe: &yes, BackupID: "066b1e37-9305-4057-97e5-2e99b21fc71d"}, 1},
		{[]string{"availability_zone"}, shares.Filters{ShareToMe: &yes, AvailabilityZone: "AZ1"}, 1},
	}
	for _, tc := range cases {
		// Besides the seed share to the recipient: one the other way round,
		// and one of another backup in another zone.
		data := emulator.SampleDataset()
		created := "2020-01-01T00:00:00.000000"
		data.Shares = append(data.Shares,
			emulator.Share{ID: "9f0e9f0e-0000-4000-8000-000000000001", BackupID: "066b1e37-9305-4057-97e5-2e99b21fc71d",
				FromProjectID: targetB9, ToProjectID: sharer, CreatedAt: &created, Backup: &emulator.Backup{AvailabilityZone: ptr("AZ1")}},
			emulator.Share{ID: "9f0e9f0e-0000-4000-8000-000000000002", BackupID: "9f0e9f0e-0000-4000-8000-0000000000b2",
				FromProjectID: sharer, ToProjectID: targetB9, CreatedAt: &created, Backup: &emulator.Backup{AvailabilityZone: ptr("AZ2")}})
		_, srv := emutest.Start(t, emulator.Options{Data: data, Vary: emulator.Variations{IgnoreFilters: tc.ignored}})
		c := vbstest.Client(t, srv, targetB9)
		list, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: tc.f})
		if err != nil {
			t.Fatal(err)
		}
		kept, dropped := shares.Screen(list, tc.f, targetB9)
		if len(kept) != tc.want {
			t.Errorf("ignoring %v: kept %d shares, want %d", tc.ignored, len(kept), tc.want)
		}
		for _, s := range kept {
			if s.ToProjectID != targetB9 {
				t.Errorf("ignoring %v: kept share %s made to %s", tc.ignored, s.ID, s.ToProjectID)
			}
		}
		if dropped.ByFilter[tc.ignored[0]] == 0 {
			t.Errorf("ignoring %v: nothing was dropped for it (%+v), so the variation tests nothing", tc.ignored, dropped)
		}
	}
}

func TestAGetAnsweredWithAnotherShareIsRefused(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{GetAnswersOther: true}})
	c := vbstest.Client(t, srv, sharer)
	if s, err := shares.Get(
		context.Background(),
		c.ServiceClient,
		seedID,
	); err == nil || s != nil ||
		!strings.Contains(err.Error(), "not the share "+seedID+" asked for") {
		t.Fatalf("share %v, err %v; want the other share refused", s, err)
	}
}

func TestMembersInAnotherCaseAreNotTheDocumentedOnes(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{CaseVariants: true}})
	c := vbstest.Client(t, srv, sharer)
	s, err := shares.Get(context.Background(), c.ServiceClient, seedID)
	if err != nil {
		t.Fatal(err)
	}
	if s.ToProjectID != targetB9 || s.Backup == nil || s.Backup.Size == nil || *s.Backup.Size != 1 {
		t.Errorf("to_project_id %s, backup %+v; want %s and size 1, To_Project_Id and Size ignored", s.ToProjectID, s.Backup, targetB9)
	}
}

func TestADuplicateMemberIsAnError(t *testing.T) {
	_, c := serve(t, http.StatusOK, `{"shared": [{"id": "a", "to_project_id": "x", "to_project_id": "y"}]}`)
	_, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), `share a: the share object has the member "to_project_id" twice`) {
		t.Fatalf("err = %v, want the duplicate named", err)
	}
}

func TestAnErrorBodyUnderStatus200ShowsItsCodeAndMessage(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{ErrorsAs200: true}})
	c := vbstest.Client(t, srv, sharer)
	_, err := shares.Get(context.Background(), c.ServiceClient, "00000000-0000-0000-0000-000000000000")
	var e *shares.Error
	if !errors.As(err, &e) || e.Code != "404" || !strings.Contains(e.Message, "could not be found") || e.RequestID == "" {
		t.Fatalf("err = %v, want the service's code, message and request id", err)
	}
}

func TestARedirectToASignInPageIsNamed(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{SignInRedirect: true}})
	c := vbstest.Client(t, srv, sharer)
	_, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), "(after a redirect to "+srv.URL+emulator.SignInPath) || !strings.Contains(err.Error(), "text/html") {
		t.Fatalf("err = %v, want the redirect and the page's type named", err)
	}
}

func TestCreateOneFindsTheShareWhateverTheAnswer(t *testing.T) {
	cases := map[string]emulator.Variations{
		"documented":            {},
		"201":                   {CreateStatus: 201},
		"202 without a body":    {CreateStatus: 202, CreateShape: emulator.CreateShapeNone},
		"an object":             {CreateShape: emulator.CreateShapeObject},
		"a list without it":     {CreateShape: emulator.CreateShapeOther},
		"created, then 504":     {CreateCommitThen: 504},
		"created, then dropped": {CreateCommitThen: -1},
		"throttled":             {WritesPerSecond: 1},
	}
	for name, v := range cases {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Vary: v})
			cfg := vbstest.PasswordConfig(srv, sharer)
			cfg.MaxRetries = 3
			c, err := vbs.NewClient(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if v.WritesPerSecond > 0 {
				// Use up this second's write: the create meets a 429.
				_, _ = shares.Create(
					context.Background(),
					c.ServiceClient,
					shares.CreateOpts{BackupID: "00000000-0000-0000-0000-000000000000", ToProjectIDs: []string{targetC9}},
				)
			}
			s, err := shares.CreateOne(context.Background(), c.ServiceClient, sharer, nightly, targetB9)
			if err != nil {
				t.Fatal(err)
			}
			found, err := shares.FindPair(context.Background(), c.ServiceClient, sharer, nightly, targetB9)
			if err != nil || found == nil || found.ID != s.ID {
				t.Fatalf("CreateOne gave %s; the server holds %v (%v)", s.ID, found, err)
			}
			if n := emu.Stats()["create"]; v.WritesPerSecond == 0 && n != 1 {
				t.Errorf("%d create requests, want 1: a create is never repeated", n)
			}
		})
	}
}

func TestCreateOneRefusesAnExistingShareWithoutSendingACreate(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	_, err := shares.CreateOne(context.Background(), c.ServiceClient, sharer, "066b1e37-9305-4057-97e5-2e99b21fc71d", targetB9)
	var exists *shares.ExistsError
	if !errors.As(err, &exists) || exists.Share.ID != seedID {
		t.Fatalf("err = %v, want the existing seed share", err)
	}
	if n := emu.Stats()["create"]; n != 0 {
		t.Errorf("%d create requests, want none", n)
	}
}

func TestCreateOneSaysWhenTheOutcomeIsUnknown(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{CreateCommitThen: 502}})
	c := vbstest.Client(t, srv, sharer)
	// The look-up before the create passes; the one after it fails.
	emu.InjectFaults(
		emulator.Fault{Kind: emulator.FaultStatus, Status: 500, Op: "list", Skip: 1},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 500, Op: "list"},
	)
	_, err := shares.CreateOne(context.Background(), c.ServiceClient, sharer, nightly, targetB9)
	var uncertain *shares.UncertainError
	if !errors.As(err, &uncertain) || !strings.Contains(err.Error(), "may have succeeded") {
		t.Fatalf("err = %v, want the outcome called unknown", err)
	}
}

func TestCancelConfirms(t *testing.T) {
	t.Run("a recipient's cancel", func(t *testing.T) {
		for _, status := range []int{0, 403} {
			_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{RecipientCancelStatus: status}})
			c := vbstest.Client(t, srv, targetB9)
			err := shares.Cancel(context.Background(), c.ServiceClient, targetB9, seedID)
			var notOwner *shares.NotOwnerError
			if !errors.As(err, &notOwner) || notOwner.Share.FromProjectID != sharer {
				t.Errorf("refused with %d: err = %v, want the owner named", status, err)
			}
		}
	})
	for _, status := range []int{202, 204} {
		_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{DeleteStatus: status}})
		c := vbstest.Client(t, srv, sharer)
		if err := shares.Cancel(context.Background(), c.ServiceClient, sharer, seedID); err != nil {
			t.Errorf("cancel answered %d: %v", status, err)
		}
	}
	t.Run("gone already", func(t *testing.T) {
		_, srv := emutest.Start(t, emulator.Options{})
		c := vbstest.Client(t, srv, sharer)
		if err := shares.Cancel(context.Background(), c.ServiceClient, sharer, "00000000-0000-0000-0000-000000000000"); err != nil {
			t.Errorf("a share that is gone: %v", err)
		}
	})
}

func TestVBSShapedAuthErrorsAreRead(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{VBSAuthErrors: true}})
	c, err := vbs.NewClient(context.Background(), vbs.Config{Token: "not-a-token", Endpoint: srv.URL, ProjectID: sharer})
	if err != nil {
		t.Fatal(err)
	}
	_, err = shares.Get(context.Background(), c.ServiceClient, seedID)
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 401 || e.Code != "VolumeBackup.0041" || !strings.Contains(e.Message, "verify token failed") {
		t.Fatalf("err = %v, want VBS's 401 code and message", err)
	}
	other := vbstest.Client(t, srv, targetB9)
	other.ResourceBase = strings.Replace(other.ResourceBase, targetB9, sharer, 1) // a token of one project used in another's path
	_, err = shares.Get(context.Background(), other.ServiceClient, seedID)
	if !errors.As(err, &e) || e.StatusCode != 403 || e.Code != "VolumeBackup.0042" {
		t.Fatalf("err = %v, want VBS's 403 code", err)
	}
}

func TestRevokeBackupConfirmsByReadingBack(t *testing.T) {
	const backup = "066b1e37-9305-4057-97e5-2e99b21fc71d" // the seed shares' backup: 3 shares
	cases := []struct {
		name  string
		vary  emulator.Variations
		to    []string
		left  int
		calls string // the cancel requests expected
	}{
		{"every project, in one request", emulator.Variations{DeleteStatus: 204}, nil, 0, "1"},
		{"one project", emulator.Variations{}, []string{targetB9}, 2, "1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Vary: tc.vary})
			c := vbstest.Client(t, srv, sharer)
			var steps []string
			done, err := shares.RevokeBackup(context.Background(), c.ServiceClient, sharer, backup, tc.to, func(s string) { steps = append(steps, s) })
			if err != nil {
				t.Fatal(err)
			}
			if len(done.Cancelled) != 3-tc.left || len(steps) == 0 {
				t.Errorf("cancelled %d, steps %v", len(done.Cancelled), steps)
			}
			left, _ := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{BackupID: backup}})
			if len(left) != tc.left {
				t.Errorf("%d shares left, want %d", len(left), tc.left)
			}
			if got := fmt.Sprint(emu.Stats()["delete"]); got != tc.calls {
				t.Errorf("%s cancel requests, want %s", got, tc.calls)
			}
		})
	}
	t.Run("a backup the project has no share of", func(t *testing.T) {
		emu, srv := emutest.Start(t, emulator.Options{})
		c := vbstest.Client(t, srv, targetB9) // the recipient of the seed shares
		done, err := shares.RevokeBackup(context.Background(), c.ServiceClient, targetB9, backup, nil, func(string) {})
		if err != nil || len(done.Cancelled) != 0 || emu.Stats()["delete"] != 0 {
			t.Errorf("cancelled %d, err %v, %d cancel requests; want nothing sent", len(done.Cancelled), err, emu.Stats()["delete"])
		}
	})
	// The one-request form is documented only in a parameter table: where
	// it cancels nothing (ignored, or answered 404), the shares it left are
	// cancelled one by one, each confirmed.
	for name, setup := range map[string]func(*emulator.Server){
		"the one-request form ignored": func(e *emulator.Server) { e.SetVariations(emulator.Variations{IgnoreByBackup: true}) },
		"the one-request form says 404": func(e *emulator.Server) {
			e.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 404, Op: "delete"})
		},
	} {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{})
			c := vbstest.Client(t, srv, sharer)
			setup(emu)
			done, err := shares.RevokeBackup(context.Background(), c.ServiceClient, sharer, backup, nil, func(string) {})
			if err != nil || len(done.Cancelled) != 3 {
				t.Fatalf("cancelled %d, err %v; want the 3 shares cancelled one by one", len(done.Cancelled), err)
			}
			if left, _ := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{BackupID: backup}}); len(left) != 0 {
				t.Errorf("%d shares left", len(left))
			}
			if n := emu.Stats()["delete"]; n != 4 {
				t.Errorf("%d cancel requests, want 1 for the backup and 3 for its shares", n)
			}
		})
	}
	t.Run("cancels that did nothing", func(t *testing.T) {
		emu, srv := emutest.Start(t, emulator.Options{})
		c := vbstest.Client(t, srv, sharer)
		for range 4 {
			emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 404, Op: "delete"})
		}
		_, err := shares.RevokeBackup(context.Background(), c.ServiceClient, sharer, backup, nil, func(string) {})
		if err == nil || !strings.Contains(err.Error(), "still there") {
			t.Errorf("err = %v, want the share still there named", err)
		}
	})
}

// TestCancelIsConfirmedByReadingTheShare: a DELETE answered with success
// that did not cancel the share (a gateway that sent it elsewhere, or
// acknowledged it without passing it on) is not reported as a cancel.
func TestCancelIsConfirmedByReadingTheShare(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 200, Op: "delete"})
	if err := shares.Cancel(context.Background(), c.ServiceClient, sharer, seedID); err == nil || !strings.Contains(err.Error(), "still there") {
		t.Fatalf("err = %v, want the cancel refused as unconfirmed", err)
	}
	if err := shares.Cancel(context.Background(), c.ServiceClient, sharer, seedID); err != nil {
		t.Fatalf("a real cancel: %v", err)
	}
	if _, err := shares.Get(context.Background(), c.ServiceClient, seedID); !errors.Is(err, shares.ErrNotFound) {
		t.Fatalf("after the cancel: %v", err)
	}
}

// TestGetCreatedWaitsForAReadThatLags: a GET that answers 404 for a share
// just created is asked again, so the share is not reported missing.
func TestGetCreatedWaitsForAReadThatLags(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{GetLagsCreate: 2}})
	c := vbstest.Client(t, srv, sharer)
	created, err := shares.CreateOne(context.Background(), c.ServiceClient, sharer, "066b1e37-9305-4057-97e5-2e99b21fc71d", "aaaabbbbccccddddeeeeffff00001111")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := shares.Get(context.Background(), c.ServiceClient, created.ID); !errors.Is(err, shares.ErrNotFound) {
		t.Fatalf("the variation plays no lag: %v", err)
	}
	if s, err := shares.GetCreated(context.Background(), c.ServiceClient, created.ID); err != nil || s.ID != created.ID {
		t.Fatalf("read back: %v, %v", s, err)
	}
}

// TestAWriteIsNotRedirectedElsewhere: a cancel redirected (307, same host)
// to another path is not sent there, and is not reported done.
func TestAWriteIsNotRedirectedElsewhere(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	emu.SetVariations(emulator.Variations{RedirectTo: srv.URL + emulator.RedirectedPrefix, RedirectStatus: 307})
	emu.ResetStats()
	if err := shares.Cancel(context.Background(), c.ServiceClient, sharer, seedID); err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Fatalf("err = %v, want the redirect named", err)
	}
	if n := emu.Stats()["delete"]; n != 0 {
		t.Errorf("%d cancels reached the service through the redirect", n)
	}
	emu.SetVariations(emulator.Variations{})
	if _, err := shares.Get(context.Background(), c.ServiceClient, seedID); err != nil {
		t.Errorf("the share is gone: %v", err)
	}
}

// TestHostileIDsAreEscapedBeforeTheyAreStored: an id in an answer that is
// not of the documented form (here an escape sequence that clears the
// screen, and a megabyte) is escaped and capped before it reaches state or
// a message; documented ids are untouched.
func TestHostileIDsAreEscapedBeforeTheyAreStored(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	created := "2020-01-01T00:00:00.000000"
	emu.AddShares(
		emulator.Share{
			ID:            "\x1b[2J\x1b]0;pwned\x07" + strings.Repeat("x", 1<<20),
			BackupID:      "b\u202e1",
			FromProjectID: sharer,
			ToProjectID:   targetB9,
			CreatedAt:     &created,
		},
	)
	c := vbstest.Client(t, srv, sharer)
	list, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	hostile := 0
	for _, s := range list {
		for _, id := range []string{s.ID, s.BackupID, s.FromProjectID, s.ToProjectID} {
			if strings.ContainsAny(id, "\x1b\x07\u202e") || len(id) > 256 {
				t.Errorf("an id reached the caller as sent: %.60q (%d bytes)", id, len(id))
			}
		}
		if strings.Contains(s.ID, `\x1b`) || strings.Contains(s.ID, `\u001b`) {
			hostile++
		}
		if s.ID == seedID && s.BackupID != "066b1e37-9305-4057-97e5-2e99b21fc71d" {
			t.Errorf("a documented id changed: %+v", s)
		}
	}
	if hostile != 1 {
		t.Errorf("%d escaped hostile ids, want 1 (the test proves nothing otherwise)", hostile)
	}
}

// TestThrottlingSlowsEveryRequest: 20 creates at once (Terraform's default
// parallelism is 10; two provider resources' worth) against a gateway that
// admits 2 writes a second. One 429 slows every request to the host: all
// 20 succeed with the provider's default retry budget, without hammering
// the gateway (87 POSTs, and one create out of retries, when each request
// backed off alone).
func TestThrottlingSlowsEveryRequest(t *testing.T) {
	t.Parallel() // about 10 s of waiting, by design
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{WritesPerSecond: 2}})
	cfg := vbstest.PasswordConfig(srv, sharer)
	cfg.MaxRetries = 5 // the provider's default
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			to := fmt.Sprintf("%032x", 0xabc000+i)
			if _, err := shares.CreateOne(ctx, c.ServiceClient, sharer, nightly, to); err != nil {
				t.Errorf("create %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	posts := emu.Stats()["create"]
	t.Logf("20 creates: %d POSTs", posts)
	if posts > 60 {
		t.Errorf("%d POSTs for 20 creates: the 429s did not slow the other requests", posts)
	}
	if !strings.Contains(logs.String(), "waiting for the service's rate limit") {
		t.Error("the waits were not logged at INFO")
	}
}

// cancelOnAnswer answers every request with one page of a share, and
// cancels the request's context as it does: the deadline passed while the
// body arrived.
type cancelOnAnswer struct{ cancel context.CancelFunc }

func (c cancelOnAnswer) RoundTrip(*http.Request) (*http.Response, error) {
	c.cancel()
	body := `{"shared": [{"id": "s-1", "backup_id": "b", "from_project_id": "` + sharer + `", "to_project_id": "` + targetB9 + `"}]}`
	return &http.Response{
		StatusCode:    200,
		Header:        http.Header{"Content-Type": {"application/json"}},
		Body:          io.NopCloser(strings.NewReader(body)),
		ContentLength: int64(len(body)),
	}, nil
}

// TestAPageIsNotDecodedPastTheDeadline: a read whose context ended while
// the page arrived stops there, with the context's error, rather than
// decoding a body of up to 32 MiB after its deadline.
func TestAPageIsNotDecodedPastTheDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	c, err := vbs.NewClient(
		context.Background(),
		vbs.Config{Token: "t", ProjectID: sharer, Endpoint: "https://vbs.example.com", Transport: cancelOnAnswer{cancel}},
	)
	if err != nil {
		t.Fatal(err)
	}
	page, err := shares.ListPage(ctx, c.ServiceClient, shares.ListOpts{})
	if !errors.Is(err, context.Canceled) || len(page.Shares) != 0 {
		t.Fatalf("page %v, err %v; want the cancellation", page.Shares, err)
	}
}
