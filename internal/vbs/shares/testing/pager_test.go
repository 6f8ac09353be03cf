package testing

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// awkwardServer serves total shares with paging quirks the API allows.
type awkwardServer struct {
	total int
	// pageLen decides how many items a page at offset returns (at most
	// what was asked for).
	pageLen func(offset, limit int) int
	// ignoreOffset serves every page from 0, as a broken service would.
	ignoreOffset bool
	// noCount answers count with 404, as a deployment without it would.
	noCount bool
	// repeatAt makes a page asked for at this offset, or one before it (an
	// anchored request), start one item early, as if a share had been added
	// in front while paging; repeatPasses is for how many passes over the
	// list (count requests) it does so.
	repeatAt, repeatPasses int

	mu     sync.Mutex
	lists  int
	counts int
}

func (a *awkwardServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	a.mu.Lock()
	if strings.HasSuffix(r.URL.Path, "/count") {
		a.counts++
		a.mu.Unlock()
		if a.noCount {
			w.WriteHeader(http.StatusNotFound)
			_, _ = fmt.Fprint(w, `{"itemNotFound": {"message": "The resource could not be found.", "code": 404}}`)
			return
		}
		_, _ = fmt.Fprintf(w, `{"count": %d}`, a.total)
		return
	}
	a.lists++
	shifting := a.counts <= a.repeatPasses
	a.mu.Unlock()
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
	n := min(a.pageLen(offset, limit), limit)
	start := offset
	if a.ignoreOffset {
		start = 0
	}
	if shifting && a.repeatAt > 0 && (offset == a.repeatAt || offset == a.repeatAt-1) {
		start--
	}
	items := []map[string]string{}
	for i := start; i < min(start+n, a.total); i++ {
		items = append(items, map[string]string{"id": fmt.Sprintf("share-%05d", i)})
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"shared": items})
}

func awkwardClient(t *testing.T, h http.Handler) *vbs.Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := vbs.NewClient(context.Background(), vbs.Config{Endpoint: srv.URL, ProjectID: testProject, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestListAllFillsShortPagesAnywhere(t *testing.T) {
	// Pages are 100 long, but every page at an offset divisible by 300 is cut
	// to 37 items: a client that trusts page length alone loses shares.
	srv := &awkwardServer{total: 1234, pageLen: func(offset, limit int) int {
		if offset%300 == 0 && offset > 0 {
			return 37
		}
		return 100
	}}
	c := awkwardClient(t, srv)
	got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 1234)
	for i, s := range got {
		if want := fmt.Sprintf("share-%05d", i); s.ID != want {
			t.Fatalf("position %d holds %s, want %s: order not kept", i, s.ID, want)
		}
	}
}

func TestListAllRereadsWhenTheDataShifts(t *testing.T) {
	// The first pass sees a duplicate and misses a share; the second pass is
	// clean and is what ListAll returns.
	srv := &awkwardServer{total: 250, repeatAt: 100, repeatPasses: 1, pageLen: func(int, int) int { return 100 }}
	c := awkwardClient(t, srv)
	got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 250)
	if srv.counts != 2 {
		t.Errorf("%d passes, want 2", srv.counts)
	}
}

func TestListAllFailsWhenThePagesAlwaysOverlap(t *testing.T) {
	// Every read finds the page after the first shifted by one: none is
	// clean, so none is the list, and the error says what was seen.
	srv := &awkwardServer{total: 250, repeatAt: 100, repeatPasses: 99, pageLen: func(int, int) int { return 100 }}
	c := awkwardClient(t, srv)
	got, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), "did not begin with the share read before it") {
		t.Fatalf("%d shares, err = %v, want an error rather than 249 of 250 shares", len(got), err)
	}
}

func TestListAllDetectsAServiceThatIgnoresOffset(t *testing.T) {
	srv := &awkwardServer{total: 250, ignoreOffset: true, pageLen: func(int, int) int { return 100 }}
	c := awkwardClient(t, srv)
	_, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err == nil || !strings.Contains(err.Error(), "ignore offset") {
		t.Fatalf("err = %v, want a pagination error rather than a silently short list", err)
	}
}

func TestListAllWithoutCountReadsUntilAnEmptyPage(t *testing.T) {
	srv := &awkwardServer{total: 1234, noCount: true, pageLen: func(offset, limit int) int {
		if offset == 300 {
			return 37 // a short page in the middle is not the end
		}
		return 100
	}}
	c := awkwardClient(t, srv)
	got, err := shares.Lister{PageSize: 100}.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	assertUniqueAndComplete(t, got, 1234)
	// A count that fails otherwise (403) still fails the read.
	srv403 := awkwardClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		_, _ = fmt.Fprint(w, `{"forbidden": {"message": "no", "code": 403}}`)
	}))
	if _, err := shares.ListAll(context.Background(), srv403.ServiceClient, shares.ListOpts{}); err == nil {
		t.Error("a 403 from count was ignored")
	}
}

// Without a count, shares deleted in front of the read's position shift the
// rest back, and one read alone would skip a share that existed throughout
// without seeing any share twice. The anchor of the next page shows the
// shift, and the read is done again. The emulator deletes the newest
// shares right after the first list request.
func TestListAllWithoutCountSeesSharesDeletedInFront(t *testing.T) {
	for _, c := range []struct {
		name           string
		total, deleted int
	}{
		{"one deleted, the next page starts a share late", 250, 1},
		{"two deleted, the anchor is past the new end", 101, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			deleteFirst := emulator.DeleteFirst(sharer)
			emu, srv := emutest.Start(t, emulator.Options{MaxPageSize: 100, Data: generated(c.total - 3), Vary: emulator.Variations{
				CountStatus: 500,
				AfterList: func(n int, d *emulator.Dataset) {
					if n != 1 {
						return // after the first list request only
					}
					for range c.deleted {
						deleteFirst(n, d)
					}
				},
			}})
			client := vbstest.Client(t, srv, sharer)
			lister := shares.Lister{PageSize: 100}
			got, err := lister.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
			if err != nil {
				t.Fatal(err)
			}
			if reads := emu.Stats()["count"]; reads != 2 {
				t.Errorf("%d reads, want 2: the first saw the shift", reads)
			}
			atRest, err := lister.ListAll(context.Background(), client.ServiceClient, shares.ListOpts{})
			if err != nil || len(atRest) != c.total-c.deleted || !sameOrder(got, atRest) {
				t.Fatalf("read while shares were deleted: %d shares, at rest: %d (%v); want the same %d", len(got), len(atRest), err, c.total-c.deleted)
			}
		})
	}
}
