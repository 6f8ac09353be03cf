package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
	fields := shareTFFields(s)
	if !fields["created_at"].Equal(tftypes.NewValue(tftypes.String, "2017-08-10T12:25:40.480424Z")) {
		t.Errorf("created_at = %s", fields["created_at"])
	}
	if !fields["updated_at"].IsNull() {
		t.Error("updated_at null became a value")
	}
	var b map[string]tftypes.Value
	if err := fields["backup"].As(&b); err != nil {
		t.Fatal(err)
	}
	checks := map[string]tftypes.Value{
		"name":           tftypes.NewValue(tftypes.String, ""),
		"size":           tftypes.NewValue(tftypes.Number, 0),
		"is_incremental": tftypes.NewValue(tftypes.Bool, false),
		"object_count":   tftypes.NewValue(tftypes.Number, nil),
		"container":      tftypes.NewValue(tftypes.String, nil), // absent from the JSON
		"description":    tftypes.NewValue(tftypes.String, `{"DESC":"x","INC":0}`),
		"created_at":     tftypes.NewValue(tftypes.String, "2017-08-08T04:03:27Z"),
	}
	for name, want := range checks {
		if !b[name].Equal(want) {
			t.Errorf("%s = %s, want %s", name, b[name], want)
		}
	}
	if len(b) != 17 {
		t.Errorf("backup has %d attributes, want 17", len(b))
	}
	// The value is usable by the framework (vbs_backup_share converts it).
	if _, err := shareObjectType.ValueFromTerraform(context.Background(), tftypes.NewValue(shareTFType, fields)); err != nil {
		t.Fatal(err)
	}
}

func TestShareWithoutBackupHasNullBackup(t *testing.T) {
	if fields := shareTFFields(decodeShare(t, `{"id": "s"}`)); !fields["backup"].IsNull() {
		t.Fatalf("backup = %v", fields["backup"])
	}
}

func TestShareListValuesKeepOrderAndEmptiness(t *testing.T) {
	list, ids := shareListTFValues(nil)
	var elems []tftypes.Value
	if list.IsNull() || ids.IsNull() || ids.As(&elems) != nil || len(elems) != 0 {
		t.Fatalf("empty input: %v %v", list, ids)
	}
	_, ids = shareListTFValues([]shares.Share{decodeShare(t, `{"id": "b"}`), decodeShare(t, `{"id": "a"}`)})
	if err := ids.As(&elems); err != nil || !elems[0].Equal(tftypes.NewValue(tftypes.String, "b")) || len(elems) != 2 {
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
