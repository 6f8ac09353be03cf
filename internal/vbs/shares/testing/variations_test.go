package testing

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// The pager against servers that differ from ours in ways the documents
// allow, each played by an emulator variation. 2,400 generated shares plus
// the 3 seed shares: 2,403 in all, as in the report that found these.
const variedTotal = 2403

func variedList(t *testing.T, opts emulator.Options) (*emulator.Server, []shares.Share, error) {
	t.Helper()
	if opts.Data == nil {
		opts.Data = generated(variedTotal - 3)
	}
	emu, srv := emutest.Start(t, opts)
	c := vbstest.Client(t, srv, sharer)
	emu.ResetStats()
	got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	return emu, got, err
}

// reference is the list as a well-behaved emulator serves it.
func reference(t *testing.T) []shares.Share {
	t.Helper()
	_, want, err := variedList(t, emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, want, variedTotal)
	return want
}

func TestListAllWithACountSmallerThanTheTruth(t *testing.T) {
	want := reference(t)
	for _, page := range []int{1000, 300, 100} {
		_, got, err := variedList(t, emulator.Options{MaxPageSize: page, Vary: emulator.Variations{CountDelta: -1903}})
		if err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		if !sameOrder(got, want) {
			t.Fatalf("page %d: got %d shares, want all %d in order", page, len(got), len(want))
		}
	}
}

func TestListAllWithACountLargerThanTheTruth(t *testing.T) {
	want := reference(t)
	emu, got, err := variedList(t, emulator.Options{Vary: emulator.Variations{CountDelta: 600}})
	if err != nil {
		t.Fatalf("a count larger than the truth: %v", err)
	}
	if !sameOrder(got, want) {
		t.Fatalf("got %d shares, want %d", len(got), len(want))
	}
	// The count ends no read and confirms none: one anchored read, to the
	// empty page, is the list whatever the count says.
	if n := emu.Stats()["count"]; n != 1 {
		t.Errorf("%d reads, want 1", n)
	}
}

func TestListAllWithAnAbsurdCountIsBounded(t *testing.T) {
	// One real share, a count of four billion: no allocation from the count,
	// and a handful of requests rather than one per promised page.
	data := &emulator.Dataset{Projects: generated(0).Projects, Users: generated(0).Users, Shares: generated(0).Shares[:1]}
	emu, got, err := variedList(t, emulator.Options{Data: data, Vary: emulator.Variations{CountDelta: 4_000_000_000}})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %d shares, err %v; want the 1 share", len(got), err)
	}
	if n := emu.Stats()["list"]; n > 2*(1+shares.DefaultConcurrency) {
		t.Errorf("%d list requests for 1 share", n)
	}
	emu, got, err = variedList(t, emulator.Options{Data: data, Vary: emulator.Variations{CountDelta: 100_000}})
	if err != nil || len(got) != 1 || emu.Stats()["list"] > 2*(1+shares.DefaultConcurrency) {
		t.Fatalf("count 100,001 for 1 share: %d shares, %v, %d list requests", len(got), err, emu.Stats()["list"])
	}
}

func TestListAllWithAFailingCount(t *testing.T) {
	want := reference(t)
	for _, status := range []int{500, 403, 404} {
		_, got, err := variedList(t, emulator.Options{Vary: emulator.Variations{CountStatus: status}})
		if err != nil || !sameOrder(got, want) {
			t.Fatalf("count answering %d: %d shares, %v", status, len(got), err)
		}
	}
}

func TestListAllWhileSharesAreInsertedAndDeleted(t *testing.T) {
	for name, move := range map[string]func(int, *emulator.Dataset){
		"inserted": emulator.InsertFirst(sharer),
		"deleted":  emulator.DeleteFirst(sharer),
	} {
		// With a count, and without one (anchored pages).
		for _, countStatus := range []int{0, 500} {
			t.Run(fmt.Sprintf("%s, count status %d", name, countStatus), func(t *testing.T) {
				// The data moves after each of the first three list requests of
				// small pages, then holds still.
				moves := 0
				opts := emulator.Options{
					MaxPageSize: 7,
					Data:        generated(40),
					Vary: emulator.Variations{CountStatus: countStatus, AfterList: func(n int, d *emulator.Dataset) {
						if n <= 3 {
							moves++
							move(n, d)
						}
					}},
				}
				emu, srv := emutest.Start(t, opts)
				c := vbstest.Client(t, srv, sharer)
				got, err := shares.Lister{PageSize: 7}.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
				if err != nil {
					t.Fatalf("%v (after %d moves)", err, moves)
				}
				emu.ResetStats()
				again, err := shares.Lister{PageSize: 7}.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
				if err != nil || !sameOrder(got, again) {
					t.Fatalf("the list read while it moved (%d) is not the list at rest (%d): %v", len(got), len(again), err)
				}
			})
		}
	}
}

func TestListAllWhenTheDataNeverStopsMoving(t *testing.T) {
	_, _, err := variedList(t, emulator.Options{MaxPageSize: 100, Vary: emulator.Variations{AfterList: emulator.InsertFirst(sharer)}})
	var e *shares.Error
	if !errors.As(err, &e) || !strings.Contains(err.Error(), "could not be read completely") {
		t.Fatalf("err = %v, want the list-changed error", err)
	}
}

func TestListAllWhenTheServiceIgnoresLimit(t *testing.T) {
	want := reference(t)
	_, got, err := variedList(t, emulator.Options{Vary: emulator.Variations{IgnoreLimit: true}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("%d shares, %v", len(got), err)
	}
}

func TestListAllWhenTheServiceIgnoresOffset(t *testing.T) {
	_, got, err := variedList(t, emulator.Options{Vary: emulator.Variations{IgnoreOffset: true}})
	if err == nil || !strings.Contains(err.Error(), "ignore offset") {
		t.Fatalf("got %d shares, err = %v; want an error naming the ignored offset", len(got), err)
	}
	// Ignoring both, every answer is the whole list: that is the list.
	want := reference(t)
	_, got, err = variedList(t, emulator.Options{Vary: emulator.Variations{IgnoreOffset: true, IgnoreLimit: true}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("ignoring limit and offset: %d shares, %v", len(got), err)
	}
	// A short list and a count that agrees with it: the first page may be
	// the list, or a capped page of a longer one whose count is wrong. The
	// count does not decide; the service that ignores offset is named.
	_, got, err = variedList(t, emulator.Options{Data: emulator.SampleDataset(), Vary: emulator.Variations{IgnoreOffset: true}})
	if err == nil || !strings.Contains(err.Error(), "ignore offset") {
		t.Fatalf("3 shares ignoring offset, count 3: got %d shares, err = %v; want an error naming the ignored offset", len(got), err)
	}
	// Without a count the pages are anchored; an answer that repeats the
	// list's start is still named for what it is, and the whole list in
	// every answer is still the list.
	_, got, err = variedList(t, emulator.Options{Vary: emulator.Variations{IgnoreOffset: true, CountStatus: 500}})
	if err == nil || !strings.Contains(err.Error(), "ignore offset") {
		t.Fatalf("no count: got %d shares, err = %v; want an error naming the ignored offset", len(got), err)
	}
	_, got, err = variedList(t, emulator.Options{Vary: emulator.Variations{IgnoreOffset: true, IgnoreLimit: true, CountStatus: 500}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("no count, ignoring limit and offset: %d shares, %v", len(got), err)
	}
	// A short first page and no count: whether it is the list or the first
	// of capped pages cannot be told when the next page repeats it, so the
	// error stands, as it did before the pages were anchored.
	_, got, err = variedList(t, emulator.Options{Data: emulator.SampleDataset(), Vary: emulator.Variations{IgnoreOffset: true, CountStatus: 500}})
	if err == nil || !strings.Contains(err.Error(), "ignore offset") {
		t.Fatalf("no count, 3 shares ignoring offset: got %d shares, err = %v; want an error naming the ignored offset", len(got), err)
	}
}

func TestListAllCarriesOnByOffsetPastForeignLinks(t *testing.T) {
	want := reference(t)
	rec := emutest.StartRecorder(t)
	_, got, err := variedList(t, emulator.Options{MaxPageSize: 300, SendLinks: true, Vary: emulator.Variations{LinkBase: rec.URL}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("%d shares, %v", len(got), err)
	}
	if n := len(rec.Requests()); n != 0 {
		t.Errorf("the link's host received %d requests", n)
	}
}

func TestListAllCarriesOnByOffsetPastLinksTheServiceDoesNotServe(t *testing.T) {
	// Gateways that rewrite paths hand out next links with a prefix the
	// service does not know (404): a broken link, not a broken list.
	want := reference(t)
	emu, got, err := variedList(t, emulator.Options{MaxPageSize: 300, SendLinks: true, Vary: emulator.Variations{LinkPathPrefix: "/internal"}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("%d shares, %v", len(got), err)
	}
	if n := emu.Stats()["list"]; n > 2*len(want)/300+4 {
		t.Errorf("%d list requests for %d shares in pages of 300", n, len(want))
	}
}

func TestListAllWhenAnOffsetPastTheEndIsAnError(t *testing.T) {
	want := reference(t)
	for _, status := range []int{400, 404} {
		for _, page := range []int{1000, 300} {
			_, got, err := variedList(t, emulator.Options{MaxPageSize: page, Vary: emulator.Variations{OffsetPastEndStatus: status}})
			if err != nil || !sameOrder(got, want) {
				t.Fatalf("HTTP %d past the end, pages of %d: %d shares, %v", status, page, len(got), err)
			}
		}
	}
	// Without a count, the end is the page that holds only its anchor, the
	// last share: nothing past the end is asked for, so the error is never
	// met.
	emu, got, err := variedList(t, emulator.Options{Vary: emulator.Variations{OffsetPastEndStatus: 400, CountStatus: 500}})
	if err != nil || !sameOrder(got, want) {
		t.Fatalf("no count, 400 past the end: %d shares, %v", len(got), err)
	}
	if n := emu.Stats()["count"]; n != 1 {
		t.Errorf("%d reads of the list, want 1", n)
	}
}

func TestListWindowIsExactlyTheWindow(t *testing.T) {
	want := reference(t)
	cases := []struct {
		name          string
		opts          emulator.Options
		offset, limit int
	}{
		{"limit ignored", emulator.Options{Vary: emulator.Variations{IgnoreLimit: true}}, 100, 50},
		{"limit ignored, offset 0", emulator.Options{Vary: emulator.Variations{IgnoreLimit: true}}, 0, 50},
		{"window across the service's pages", emulator.Options{MaxPageSize: 1000}, 10, 2000},
		{"offset ignored", emulator.Options{Vary: emulator.Variations{IgnoreOffset: true}}, 20, 30},
		{"window past the end", emulator.Options{}, variedTotal - 5, 50},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.Data = generated(variedTotal - 3)
			_, srv := emutest.Start(t, tc.opts)
			c := vbstest.Client(t, srv, sharer)
			got, err := shares.ListWindow(context.Background(), c.ServiceClient, shares.ListOpts{Limit: ptr(tc.limit), Offset: ptr(tc.offset)})
			if err != nil {
				t.Fatal(err)
			}
			end := min(tc.offset+tc.limit, len(want))
			if !sameOrder(got, want[tc.offset:end]) {
				t.Fatalf("got %d shares, want positions %d to %d", len(got), tc.offset, end)
			}
		})
	}
}

func sameOrder(a, b []shares.Share) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID {
			return false
		}
	}
	return true
}
