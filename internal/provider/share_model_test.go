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

func TestNewShareModelKeepsNullsAndZeros(t *testing.T) {
	s := decodeShare(t, `{"id": "s", "backup_id": "b", "from_project_id": "f", "to_project_id": "t",
		"created_at": "2017-08-10T12:25:40.480424", "updated_at": null,
		"backup": {"id": "b", "name": "", "size": 0, "object_count": null, "is_incremental": false,
		"description": "{\"DESC\":\"x\",\"INC\":0}", "created_at": "2017-08-08T04:03:27"}}`)
	m := newShareModel(&s)
	if !m.CreatedAt.Equal(types.StringValue("2017-08-10T12:25:40.480424Z")) || !m.UpdatedAt.IsNull() {
		t.Errorf("created_at %s, updated_at %s", m.CreatedAt, m.UpdatedAt)
	}
	b := m.Backup
	checks := map[string][2]any{
		"name":           {b.Name, types.StringValue("")},
		"size":           {b.Size, types.Int64Value(0)},
		"is_incremental": {b.IsIncremental, types.BoolValue(false)},
		"object_count":   {b.ObjectCount, types.Int64Null()},
		"container":      {b.Container, types.StringNull()}, // absent from the JSON
		"description":    {b.Description, types.StringValue(`{"DESC":"x","INC":0}`)},
		"created_at":     {b.CreatedAt, types.StringValue("2017-08-08T04:03:27Z")},
	}
	for name, c := range checks {
		if c[0] != c[1] {
			t.Errorf("%s = %v, want %v", name, c[0], c[1])
		}
	}
}

func TestShareWithoutBackupHasNullBackup(t *testing.T) {
	s := decodeShare(t, `{"id": "s"}`)
	if m := newShareModel(&s); m.Backup != nil {
		t.Fatalf("backup = %+v", m.Backup)
	}
}
