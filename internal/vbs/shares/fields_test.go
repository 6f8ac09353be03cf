package shares

import (
	stdjson "encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// jsonMembers are the json tags of struct type t, in field order.
func jsonMembers(t reflect.Type) map[string]int {
	members := map[string]int{}
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			members[name] = i
		}
	}
	return members
}

// checkTable holds a field table to its struct: one line per json member,
// each pointing at the Go field with that tag.
func checkTable[T any](t *testing.T, fields []Field[T]) {
	t.Helper()
	var obj T
	v := reflect.ValueOf(&obj).Elem()
	members := jsonMembers(v.Type())
	if len(fields) > 64 {
		t.Errorf("%s: %d fields; the page decoder's fieldSet holds 64", v.Type(), len(fields))
	}
	seen := map[string]bool{}
	for _, f := range fields {
		if seen[f.Name] {
			t.Errorf("%s: %q has two lines in the table", v.Type(), f.Name)
		}
		seen[f.Name] = true
		i, ok := members[f.Name]
		if !ok {
			t.Errorf("%s has no field with the json tag %q, which its table maps", v.Type(), f.Name)
			continue
		}
		if got, want := reflect.ValueOf(f.Of(&obj)).Pointer(), v.Field(i).Addr().Pointer(); got != want {
			t.Errorf("%s: the table's line %q points at another field than %s", v.Type(), f.Name, v.Type().Field(i).Name)
		}
		if !f.CreateOnly && f.Doc == "" {
			t.Errorf("%s: %q has no Doc, the description its attribute needs", v.Type(), f.Name)
		}
	}
	for name := range members {
		if !seen[name] {
			t.Errorf("%s has the json member %q, which its table lacks: add a line to fields.go", v.Type(), name)
		}
	}
}

// TestFieldTablesMatchTheStructs: every json member of Share and Backup
// has exactly one line in its table, pointing at its own field.
func TestFieldTablesMatchTheStructs(t *testing.T) {
	checkTable(t, ShareFields)
	checkTable(t, BackupFields)
}

// setEvery sets every field of the table in obj to a value of its type
// that differs from the zero value, i marking which share it is.
func setEvery[T any](t *testing.T, obj *T, fields []Field[T], i int) {
	t.Helper()
	for n, f := range fields {
		switch p := f.Of(obj).(type) {
		case *string:
			*p = fmt.Sprintf("%s-%d", f.Name, i)
		case **string:
			s := fmt.Sprintf("%s \"%d\"", f.Name, i)
			*p = &s
		case **Time:
			*p = &Time{Time: time.Date(2024, 1, 1+i%28, n, 4, 5, 123456000, time.UTC)}
		case **bool:
			b := (i+n)%2 == 1
			*p = &b
		case **Integer:
			v := Integer(i*100 + n)
			*p = &v
		case *stdjson.RawMessage:
			*p = stdjson.RawMessage(fmt.Sprintf(`"%d"`, i))
		case **Backup:
			var b Backup
			setEvery(t, &b, BackupFields, i)
			*p = &b
		default:
			t.Fatalf("%q: the test has no value for a field of type %T; teach it, the page decoder and the state encoder", f.Name, p)
		}
	}
}

// TestPageDecoderReadsEveryField: the fast page decoder reads every line
// of the tables (it answers, and agrees with the reflective decoder), so
// that a new field cannot be null on list reads only.
func TestPageDecoderReadsEveryField(t *testing.T) {
	list := make([]Share, 3)
	for i := range list {
		setEvery(t, &list[i], ShareFields, i)
	}
	raw, err := stdjson.Marshal(map[string]any{"shared": list})
	if err != nil {
		t.Fatal(err)
	}
	if !decodeBoth(t, raw) {
		t.Fatalf("the fast decoder leaves a page with every field set to the reflective one:\n%.600s", raw)
	}
	fast, _, _ := decodeListBody(raw)
	for i := range fast {
		fast[i].normalize()
	}
	for i := range list {
		for _, f := range ShareFields {
			if f.Name == "backup" {
				continue
			}
			if got, want := reflect.ValueOf(f.Of(&fast[i])).Elem(), reflect.ValueOf(f.Of(&list[i])).Elem(); got.IsZero() && !want.IsZero() {
				t.Errorf("share %d: %s not read", i, f.Name)
			}
		}
		for _, f := range BackupFields {
			if reflect.ValueOf(f.Of(fast[i].Backup)).Elem().IsZero() {
				t.Errorf("share %d: backup.%s not read", i, f.Name)
			}
		}
	}
}

// TestStateFieldsAreSortedAndLeaveOutCreateOnly: the order Terraform's
// msgpack needs, without deleted and deleted_at.
func TestStateFieldsAreSortedAndLeaveOutCreateOnly(t *testing.T) {
	var names []string
	for _, f := range StateFields(ShareFields) {
		names = append(names, f.Name)
	}
	want := []string{"backup", "backup_id", "created_at", "from_project_id", "id", "to_project_id", "updated_at"}
	if !slices.Equal(names, want) {
		t.Fatalf("state fields %v, want %v", names, want)
	}
}
