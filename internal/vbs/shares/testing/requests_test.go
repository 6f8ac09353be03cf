package testing

import (
	"context"
	"net/http"
	"net/url"
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
	_, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{ShareToMe: ptr(true), Name: "a&b"}, Limit: ptr(5), Offset: ptr(10)})
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
	if _, err := shares.Get(context.Background(), c.ServiceClient, "a/../detail"); err != nil {
		t.Fatal(err)
	}
	if got := fs.lastReq.URL.EscapedPath(); got != "/v2/"+testProject+"/os-vendor-backup-sharing/a%2F..%2Fdetail" {
		t.Errorf("escaped path = %s", got)
	}
	if _, err := shares.Get(context.Background(), c.ServiceClient, ""); err == nil {
		t.Error("Get with an empty id succeeded")
	}
}

func TestListAllRefusesLimitAndOffset(t *testing.T) {
	_, c := serve(t, http.StatusOK, `{"shared": []}`)
	if _, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Limit: ptr(1)}); err == nil {
		t.Error("ListAll with a limit succeeded")
	}
}
