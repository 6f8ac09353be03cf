package provider

import (
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func decodeShare(t *testing.T, doc string) shares.Share {
	t.Helper()
	var s shares.Share
	if err := json.Unmarshal([]byte(doc), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestShareFieldsKeepNullsAndZeros(t *testing.T) {
	s := decodeShare(t, `{"id": "s", "backup_id": "b", "from_project_id": "f", "to_project_id": "t",
		"created_at": "2017-08-10T12:25:40.480424", "updated_at": null,
		"backup": {"id": "b", "name": "", "size": 0, "object_count": null, "is_incremental": false,
		"description": "{\"DESC\":\"x\",\"INC\":0}", "created_at": "2017-08-08T04:03:27"}}`)
	fields, diags := shareFields(s)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if got := fields["created_at"].(types.String).ValueString(); got != "2017-08-10T12:25:40.480424Z" {
		t.Errorf("created_at = %s", got)
	}
	if !fields["updated_at"].IsNull() {
		t.Error("updated_at null became a value")
	}
	b := fields["backup"].(types.Object).Attributes()
	checks := map[string]struct {
		null bool
		want string
	}{
		"name":           {false, `""`},
		"size":           {false, "0"},
		"is_incremental": {false, "false"},
		"object_count":   {true, ""},
		"container":      {true, ""}, // absent from the JSON
		"description":    {false, `"{\"DESC\":\"x\",\"INC\":0}"`},
		"created_at":     {false, `"2017-08-08T04:03:27Z"`},
	}
	for name, c := range checks {
		v := b[name]
		if v.IsNull() != c.null {
			t.Errorf("%s null = %v, want %v", name, v.IsNull(), c.null)
		}
		if !c.null && v.String() != c.want {
			t.Errorf("%s = %s, want %s", name, v.String(), c.want)
		}
	}
	if len(b) != 17 {
		t.Errorf("backup has %d attributes, want 17", len(b))
	}
}

func TestShareWithoutBackupHasNullBackup(t *testing.T) {
	fields, diags := shareFields(decodeShare(t, `{"id": "s"}`))
	if diags.HasError() || !fields["backup"].IsNull() {
		t.Fatalf("backup = %v, %v", fields["backup"], diags)
	}
}

func TestShareListValueKeepsOrderAndEmptiness(t *testing.T) {
	list, ids, diags := shareListValue(nil)
	if diags.HasError() || list.IsNull() || len(list.Elements()) != 0 || ids.IsNull() || len(ids.Elements()) != 0 {
		t.Fatalf("empty input: %v %v %v", list, ids, diags)
	}
	list, ids, _ = shareListValue([]shares.Share{decodeShare(t, `{"id": "b"}`), decodeShare(t, `{"id": "a"}`)})
	if ids.Elements()[0].String() != `"b"` || len(list.Elements()) != 2 {
		t.Errorf("order not kept: %v", ids)
	}
}

func TestFilterByZone(t *testing.T) {
	in := []shares.Share{
		decodeShare(t, `{"id": "1", "backup": {"availability_zone": "az1"}}`),
		decodeShare(t, `{"id": "2", "backup": {"availability_zone": "az2"}}`),
		decodeShare(t, `{"id": "3", "backup": {"availability_zone": null}}`),
		decodeShare(t, `{"id": "4"}`),
	}
	if got := filterByZone(in, "az2"); len(got) != 1 || got[0].ID != "2" {
		t.Errorf("filterByZone = %+v", got)
	}
	if got := filterByZone(in, ""); len(got) != 4 {
		t.Errorf("no zone dropped shares")
	}
}
