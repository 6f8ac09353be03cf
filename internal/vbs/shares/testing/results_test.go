package testing

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/seeddocs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestListPageDecodesSeedDocumentFieldByField(t *testing.T) {
	fs, c := serve(t, http.StatusOK, seeddocs.ListBody)
	page, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.lastReq.URL.Path; got != "/v2/"+testProject+"/os-vendor-backup-sharing/detail" {
		t.Errorf("path = %s", got)
	}
	if got := fs.lastReq.Header.Get("X-Auth-Token"); got != "test-token" {
		t.Errorf("X-Auth-Token = %q", got)
	}
	if len(page.Shares) != 2 || page.Next != "" {
		t.Fatalf("got %d shares, next %q; want 2, none", len(page.Shares), page.Next)
	}
	s := page.Shares[0]
	if s.ID != "e842bf23-1e05-4c2c-b0f9-25222f4686da" || s.BackupID != "066b1e37-9305-4057-97e5-2e99b21fc71d" ||
		s.FromProjectID != "c13f5220dc1949b0b741ea81a7cd5554" || s.ToProjectID != "722513ed0a324dadaabe5b2d0fe848b9" {
		t.Errorf("ids = %+v", s)
	}
	wantTime(t, "created_at", s.CreatedAt, "2017-08-10T12:25:40.480424Z")
	wantTime(t, "updated_at", s.UpdatedAt, "2017-08-14T06:41:49.381069Z")
	b := deref(t, "backup", s.Backup)
	if deref(t, "availability_zone", b.AvailabilityZone) != "AZ1" ||
		deref(t, "fail_reason", b.FailReason) != "Invalid InitiatorConnector protocol specified DSWARE" ||
		deref(t, "id", b.ID) != "066b1e37-9305-4057-97e5-2e99b21fc71d" ||
		deref(t, "name", b.Name) != "lbf" ||
		deref(t, "size", b.Size) != 1 ||
		deref(t, "status", b.Status) != "available" ||
		deref(t, "volume_id", b.VolumeID) != "a7d7783f-02b7-4645-b0e3-61df63f0ba10" {
		t.Errorf("backup = %+v", b)
	}
	wantTime(t, "backup.created_at", b.CreatedAt, "2017-08-08T04:03:27.456859Z")
	wantTime(t, "backup.data_timestamp", b.DataTimestamp, "2017-08-08T04:03:27.456859Z")
	wantTime(t, "backup.updated_at", b.UpdatedAt, "2017-08-08T04:03:35.109308Z")
	wantNil(t, "container", b.Container)
	wantNil(t, "description", b.Description)
	wantNil(t, "has_dependent_backups", b.HasDependentBackups)
	wantNil(t, "is_incremental", b.IsIncremental)
	wantNil(t, "object_count", b.ObjectCount)
	wantNil(t, "snapshot_id", b.SnapshotID)
	wantNil(t, "service_metadata", b.ServiceMetadata)

	second := page.Shares[1]
	if second.ID != "f842bf23-1e05-4c2c-b0f9-25222f4686da" || second.ToProjectID != "722513ed0a324dadaabe5b2d0fe848a9" {
		t.Errorf("second share = %+v", second)
	}
	wantNil(t, "second updated_at", second.UpdatedAt)
}

func TestGetDecodesSeedDocument(t *testing.T) {
	fs, c := serve(t, http.StatusOK, seeddocs.GetBody)
	s, err := shares.Get(context.Background(), c.ServiceClient, "8332443e-9866-41d8-8a58-a898cf5db030")
	if err != nil {
		t.Fatal(err)
	}
	if got := fs.lastReq.URL.Path; got != "/v2/"+testProject+"/os-vendor-backup-sharing/8332443e-9866-41d8-8a58-a898cf5db030" {
		t.Errorf("path = %s", got)
	}
	if s.ID != "8332443e-9866-41d8-8a58-a898cf5db030" || s.ToProjectID != "722513ed0a324dadaabe5b2d0fe848c9" {
		t.Errorf("share = %+v", s)
	}
	wantNil(t, "updated_at", s.UpdatedAt)
	b := deref(t, "backup", s.Backup)
	// object_count is 0 here, not null: the zero value must survive.
	if got := deref(t, "object_count", b.ObjectCount); got != 0 {
		t.Errorf("object_count = %d", got)
	}
	// Zone-less with .000000 fraction.
	wantTime(t, "backup.created_at", b.CreatedAt, "2017-08-08T04:03:27Z")
}

func wantTime(t *testing.T, name string, got *shares.Time, want string) {
	t.Helper()
	if got == nil {
		t.Errorf("%s is nil, want %s", name, want)
		return
	}
	if got.RFC3339() != want {
		t.Errorf("%s = %s, want %s", name, got.RFC3339(), want)
	}
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]string{
		"2017-08-08T04:03:27.456859":       "2017-08-08T04:03:27.456859Z",
		"2017-08-08T04:03:27.000000":       "2017-08-08T04:03:27Z",
		"2017-08-08T04:03:27":              "2017-08-08T04:03:27Z",
		"2017-08-08T04:03:27.5":            "2017-08-08T04:03:27.5Z",
		"2017-08-08T06:03:27+02:00":        "2017-08-08T04:03:27Z",
		"2017-08-08T04:03:27.456859Z":      "2017-08-08T04:03:27.456859Z",
		"2017-08-08T04:03:27.456859+00:00": "2017-08-08T04:03:27.456859Z",
		// RFC 3339, 5.6, allows a space in place of the T.
		"2017-08-08 04:03:27":        "2017-08-08T04:03:27Z",
		"2017-08-08 04:03:27.456859": "2017-08-08T04:03:27.456859Z",
	} {
		got, err := shares.ParseTime(in)
		if err != nil {
			t.Errorf("ParseTime(%q): %v", in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != want {
			t.Errorf("ParseTime(%q) = %s, want %s", in, s, want)
		}
	}
	for _, bad := range []string{"", "yesterday", "2017-08-08", "2017-08-08  04:03:27", "2017-08-08x04:03:27", "2017-13-08T04:03:27"} {
		if _, err := shares.ParseTime(bad); err == nil {
			t.Errorf("ParseTime(%q) succeeded, want an error", bad)
		}
	}
}

func TestErrorShapes(t *testing.T) {
	cases := []struct {
		name, body, header string
		status             int
		code, message      string
	}{
		{
			"cinder numeric code",
			`{"itemNotFound": {"message": "Backup sharing x could not be found.", "code": 404}}`,
			"X-Request-Id",
			404,
			"404",
			"Backup sharing x could not be found.",
		},
		{
			"cinder string code",
			`{"badRequest": {"message": "Invalid sort_key", "code": "VBS.400"}}`,
			"X-Openstack-Request-Id",
			400,
			"VBS.400",
			"Invalid sort_key",
		},
		{
			"vbs",
			`{"error": {"message": "Backup does not exist.", "code": "VolumeBackup.0041"}}`,
			"X-Request-Id",
			404,
			"VolumeBackup.0041",
			"Backup does not exist.",
		},
		{
			"gateway",
			`{"error_msg": "Incorrect IAM authentication information", "error_code": "APIGW.0301", "request_id": "abc"}`,
			"X-Request-Id",
			401,
			"APIGW.0301",
			"Incorrect IAM authentication information",
		},
		{"not json", `<html>Bad Gateway</html>`, "X-Request-Id", 502, "", "<html>Bad Gateway</html>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := serve(t, tc.status, tc.body, tc.header, "req-123")
			_, err := shares.Get(context.Background(), c.ServiceClient, "x")
			var e *shares.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *shares.Error", err, err)
			}
			if e.StatusCode != tc.status || e.Code != tc.code || e.Message != tc.message || e.RequestID != "req-123" || e.Op != "get backup share" {
				t.Errorf("got %+v", e)
			}
			if got := errors.Is(err, shares.ErrNotFound); got != (tc.status == 404) {
				t.Errorf("errors.Is(err, ErrNotFound) = %v", got)
			}
			for _, part := range []string{"get backup share", "req-123", tc.message} {
				if !strings.Contains(err.Error(), part) {
					t.Errorf("message %q lacks %q", err.Error(), part)
				}
			}
		})
	}
}

func TestHostileResponses(t *testing.T) {
	cases := []struct {
		name, body, contentType, want string
	}{
		{"malformed", `{"shared": [{"id": `, "application/json", "truncated"},
		{"syntax", `{"shared": [}`, "application/json", "malformed JSON response at byte"},
		{
			"size as string",
			`{"shared": [{"id": "a", "backup": {"size": "1"}}]}`,
			"application/json",
			`share a: field "backup.size" has a JSON string where the API documents an integer`,
		},
		{
			"size as float",
			`{"shared": [{"id": "a", "backup": {"size": 1.5}}]}`,
			"application/json",
			`share a: field "backup.size" has a JSON number 1.5 where the API documents an integer`,
		},
		{
			"timestamp as number",
			`{"shared": [{"id": "a", "created_at": 5}]}`,
			"application/json",
			`share a: field "created_at" has a JSON number 5 where the API documents a timestamp string`,
		},
		{
			"bad timestamp",
			`{"shared": [{"id": "ok"}, {"id": "b", "created_at": "last week"}]}`,
			"application/json",
			`share b: field "created_at" has a JSON string "last week" where the API documents a timestamp string`,
		},
		{"missing shared", `{"shares": []}`, "application/json", `no "shared" key in the body`},
		{"shared is an object", `{"shared": {"id": "a"}}`, "application/json", `field "shared" has a JSON object where the API documents a list of shares`},
		{
			"top level is a list",
			`[{"id": "a"}]`,
			"application/json",
			`the body is a JSON array where the API documents an object with a "shared" list of shares`,
		},
		{"empty body", ``, "application/json", `the service answered with an empty body`},
		{"html", `<html></html>`, "text/html", `(the response's Content-Type is "text/html")`},
		{"trailing data", `{"shared": []} {"shared": []}`, "application/json", "after top-level value"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := serve(t, http.StatusOK, tc.body, "Content-Type", tc.contentType)
			_, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "list backup shares") {
				t.Errorf("error %q does not contain %q and the operation", err, tc.want)
			}
		})
	}
}

func TestEmptyListIsNotAnError(t *testing.T) {
	for _, body := range []string{`{"shared": []}`, `{"shared": null}`} {
		_, c := serve(t, http.StatusOK, body)
		page, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
		if err != nil || page.Shares == nil || len(page.Shares) != 0 {
			t.Fatalf("%s: page %+v, err %v; want an empty non-nil list", body, page, err)
		}
	}
}

func TestLooseButUnambiguousBodiesAreRead(t *testing.T) {
	body := `{"shared": [{"id": "a", "created_at": "", "updated_at": "2017-08-14T06:41:49.381069", "deleted": false, "deleted_at": "",
		"backup": {"size": 1.0, "object_count": 2e0, "created_at": "", "name": "x"}, "extra": {"nested": [1, 2]}}]}`
	for _, ct := range []string{"", "text/plain", "application/json; charset=utf-8; profile=vbs", "application/vnd.vbs+json"} {
		_, c := serve(t, http.StatusOK, body, "Content-Type", ct)
		page, err := shares.ListPage(context.Background(), c.ServiceClient, shares.ListOpts{})
		if err != nil {
			t.Fatalf("Content-Type %q: %v", ct, err)
		}
		s := page.Shares[0]
		wantNil(t, "created_at", s.CreatedAt)
		wantNil(t, "deleted_at", s.DeletedAt)
		wantNil(t, "backup.created_at", s.Backup.CreatedAt)
		if s.UpdatedAt == nil || deref(t, "size", s.Backup.Size) != 1 || deref(t, "object_count", s.Backup.ObjectCount) != 2 {
			t.Errorf("Content-Type %q: share %+v, backup %+v", ct, s, *s.Backup)
		}
	}
	_, c := serve(t, http.StatusOK, `{"count": 3.0}`, "Content-Type", "")
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Errorf("count 3.0: %d, %v", n, err)
	}
}

func TestCountRejectsMissingAndNegative(t *testing.T) {
	for body, want := range map[string]string{`{}`: `no "count"`, `{"count": -1}`: "negative count", `{"count": "3"}`: "string"} {
		_, c := serve(t, http.StatusOK, body)
		if _, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Count(%s) error = %v, want %q", body, err, want)
		}
	}
}
