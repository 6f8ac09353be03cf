package provider

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
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
	b := m.Backup.Attributes()
	checks := map[string]attr.Value{
		"name":           types.StringValue(""),
		"size":           types.Int64Value(0),
		"is_incremental": types.BoolValue(false),
		"object_count":   types.Int64Null(),
		"container":      types.StringNull(), // absent from the JSON
		"description":    types.StringValue(`{"DESC":"x","INC":0}`),
		"created_at":     types.StringValue("2017-08-08T04:03:27Z"),
	}
	for name, want := range checks {
		if got := b[name]; got == nil || !got.Equal(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
}

func TestShareWithoutBackupHasNullBackup(t *testing.T) {
	s := decodeShare(t, `{"id": "s"}`)
	if m := newShareModel(&s); !m.Backup.IsNull() {
		t.Fatalf("backup = %+v", m.Backup)
	}
}

// TestShareModelMatchesTheTable: shareModel has one field per attribute
// of a share in state (shares.ShareFields), by its tfsdk tag; newShareModel
// fills them, as the byte-for-byte comparison with the state encoder checks.
func TestShareModelMatchesTheTable(t *testing.T) {
	var tags []string
	typ := reflect.TypeFor[shareModel]()
	for i := range typ.NumField() {
		tags = append(tags, typ.Field(i).Tag.Get("tfsdk"))
	}
	var names []string
	for _, f := range shares.StateFields(shares.ShareFields) {
		names = append(names, f.Name)
	}
	slices.Sort(tags)
	if !slices.Equal(tags, names) {
		t.Fatalf("shareModel's attributes %v, the table's %v: add the field to shareModel and newShareModel", tags, names)
	}
}

// TestEveryFieldHasAStateType: each line of the tables has a schema
// attribute and a value in the framework's model (fieldValue knows its Go
// type), and the schema carries the table's description.
func TestEveryFieldHasAStateType(t *testing.T) {
	attrs := backupAttributes()
	var zero shares.Backup
	for _, f := range shares.StateFields(shares.BackupFields) {
		if fieldValue(f.Of(&zero)) == nil || attrs[f.Name] == nil {
			t.Errorf("backup.%s: fieldValue does not know a field of type %T: add it there and to the state encoder", f.Name, f.Of(&zero))
			continue
		}
		if got := attrs[f.Name].GetMarkdownDescription(); got != f.Doc {
			t.Errorf("backup.%s: description %q, the table's %q", f.Name, got, f.Doc)
		}
	}
	for name, a := range shareAttributes() {
		if a == nil || strings.TrimSpace(a.GetMarkdownDescription()) == "" {
			t.Errorf("share attribute %s has no schema attribute or description", name)
		}
	}
}

// TestEmulatorAnswersWithEveryFieldOfTheTable: the emulator, written from
// the API's documents, sends the members the tables map and no other, so
// that a member the documents add and the tables lack (or the other way
// round) shows here.
func TestEmulatorAnswersWithEveryFieldOfTheTable(t *testing.T) {
	members := func(typ reflect.Type) []string {
		var out []string
		for i := range typ.NumField() {
			out = append(out, strings.Split(typ.Field(i).Tag.Get("json"), ",")[0])
		}
		slices.Sort(out)
		return out
	}
	names := func(fields []string) []string { slices.Sort(fields); return fields }
	var share, backup []string
	for _, f := range shares.StateFields(shares.ShareFields) {
		share = append(share, f.Name)
	}
	for _, f := range shares.StateFields(shares.BackupFields) {
		backup = append(backup, f.Name)
	}
	if got := members(reflect.TypeFor[emulator.Share]()); !slices.Equal(got, names(share)) {
		t.Errorf("the emulator's share has %v, the table %v", got, share)
	}
	if got := members(reflect.TypeFor[emulator.Backup]()); !slices.Equal(got, names(backup)) {
		t.Errorf("the emulator's backup has %v, the table %v", got, backup)
	}
}

// TestCBRFieldsHaveStateTypes: each line of the CBR tables has a state
// type and a schema attribute (the share model's mapping of Go types knows
// its type), with the table's description.
func TestCBRFieldsHaveStateTypes(t *testing.T) {
	check := func(name string, p any, doc string, a schema.Attribute) {
		t.Helper()
		if cbrFieldType(p) == nil || a == nil {
			t.Errorf("%s: no state type for a field of type %T: add it to fieldValue", name, p)
			return
		}
		if a.GetMarkdownDescription() != doc {
			t.Errorf("%s: description %q, the table's %q", name, a.GetMarkdownDescription(), doc)
		}
	}
	var share members.Share
	shareAttrs := cbrShareAttributes()
	for _, f := range members.ShareFields {
		check(f.Name, f.Of(&share), f.Doc, shareAttrs[f.Name])
	}
	var backup members.Backup
	backupAttrs := cbrAttributes(members.BackupFields)
	for _, f := range members.BackupFields {
		check("backup."+f.Name, f.Of(&backup), f.Doc, backupAttrs[f.Name])
	}
}
