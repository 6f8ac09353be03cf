package testing

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/seeddocs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func ptr[T any](v T) *T { return &v }

func TestListOptsQueryMapsEveryParameter(t *testing.T) {
	opts := shares.ListOpts{
		Filters: shares.Filters{
			ShareToMe: ptr(false), VolumeID: "vol", Name: "na me", Status: "available", BackupID: "bk",
			FromProjectID: "from", ToProjectID: "to", AvailabilityZone: "eu-de-01",
		},
		SortKey: "size", SortDir: "asc", Limit: ptr(0), Offset: ptr(0),
	}
	want := url.Values{
		"share_to_me": {"false"}, "volume_id": {"vol"}, "name": {"na me"}, "status": {"available"},
		"backup_id": {"bk"}, "from_project_id": {"from"}, "to_project_id": {"to"}, "availability_zone": {"eu-de-01"},
		"sort_key": {"size"}, "sort_dir": {"asc"}, "limit": {"0"}, "offset": {"0"},
	}
	if got := opts.ToQuery(); got.Encode() != want.Encode() {
		t.Errorf("query = %s\nwant    %s", got.Encode(), want.Encode())
	}
	if got := (shares.ListOpts{}).ToQuery(); len(got) != 0 {
		t.Errorf("empty opts send %s", got.Encode())
	}
	count := opts.Filters.ToQuery()
	for _, listOnly := range []string{"sort_key", "sort_dir", "limit", "offset"} {
		if count.Has(listOnly) {
			t.Errorf("count query carries %s", listOnly)
		}
	}
}

func TestListPageSendsTheQuery(t *testing.T) {
	fs, c := serve(t, http.StatusOK, `{"shared": []}`)
	_, err := shares.ListPage(
		context.Background(),
		c.ServiceClient,
		shares.ListOpts{Filters: shares.Filters{ShareToMe: ptr(true), Name: "a&b"}, Limit: ptr(5), Offset: ptr(10)},
	)
	if err != nil {
		t.Fatal(err)
	}
	q := fs.lastReq.URL.Query()
	if q.Get("share_to_me") != "true" || q.Get("name") != "a&b" || q.Get("limit") != "5" || q.Get("offset") != "10" {
		t.Errorf("query = %s", fs.lastReq.URL.RawQuery)
	}
}

func TestGetEscapesTheID(t *testing.T) {
	fs, c := serve(t, http.StatusOK, seeddocs.GetBody)
	// The answer is another share than the one asked for: refused.
	if _, err := shares.Get(
		context.Background(),
		c.ServiceClient,
		"a/../detail",
	); err == nil ||
		!strings.Contains(err.Error(), "not the share a/../detail asked for") {
		t.Fatalf("err = %v, want the other share refused", err)
	}
	if got := fs.lastReq.URL.EscapedPath(); got != "/v2/"+testProject+"/os-vendor-backup-sharing/a%2F..%2Fdetail" {
		t.Errorf("escaped path = %s", got)
	}
	fs.lastReq = nil
	for _, id := range []string{"", ".", "..", "detail", "count"} {
		if _, err := shares.Get(context.Background(), c.ServiceClient, id); err == nil {
			t.Errorf("Get(%q) succeeded", id)
		}
		if err := shares.Delete(context.Background(), c.ServiceClient, id); err == nil {
			t.Errorf("Delete(%q) succeeded", id)
		}
	}
	if fs.lastReq != nil {
		t.Errorf("a request left for %s", fs.lastReq.URL)
	}
}

func TestGetRefusesAnotherSharesAnswer(t *testing.T) {
	_, c := serve(t, http.StatusOK, seeddocs.GetBody)
	s, err := shares.Get(context.Background(), c.ServiceClient, "e842bf23-1e05-4c2c-b0f9-25222f4686da")
	if err == nil || s != nil || !strings.Contains(err.Error(), `answered with share "8332443e-9866-41d8-8a58-a898cf5db030"`) {
		t.Fatalf("share %v, err %v; want the other share refused", s, err)
	}
}

func TestListAllRefusesLimitAndOffset(t *testing.T) {
	_, c := serve(t, http.StatusOK, `{"shared": []}`)
	if _, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Limit: ptr(1)}); err == nil {
		t.Error("ListAll with a limit succeeded")
	}
}
