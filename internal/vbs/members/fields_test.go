package members

import (
	"reflect"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// checkTable holds a field table to its struct: one line per json member,
// each pointing at the Go field with that tag, each with a description.
func checkTable[T any](t *testing.T, fields []Field[T]) {
	t.Helper()
	var obj T
	v := reflect.ValueOf(&obj).Elem()
	tags := map[string]int{}
	for i := range v.NumField() {
		if name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ","); name != "" {
			tags[name] = i
		}
	}
	for _, f := range fields {
		i, ok := tags[f.Name]
		if !ok {
			t.Errorf("%s has no json member %q, which its table maps", v.Type(), f.Name)
			continue
		}
		if reflect.ValueOf(f.Of(&obj)).Pointer() != v.Field(i).Addr().Pointer() {
			t.Errorf("%s: the line %q points at another field", v.Type(), f.Name)
		}
		if f.Doc == "" {
			t.Errorf("%s: %q has no description", v.Type(), f.Name)
		}
		delete(tags, f.Name)
	}
	for name := range tags {
		t.Errorf("%s has the json member %q, which its table lacks: add a line to fields.go", v.Type(), name)
	}
}

func TestFieldTablesMatchTheStructs(t *testing.T) {
	checkTable(t, MemberFields)
	checkTable(t, BackupFields)
	var s Share
	for _, f := range ShareFields {
		if f.Of(&s) == nil {
			t.Errorf("share line %q points nowhere", f.Name)
		}
	}
}

// TestNormalizeReadsEmptyAsNoValue: "" is nil like null and absent; both
// timestamp forms become RFC 3339 in UTC; an unknown form is kept.
func TestNormalizeReadsEmptyAsNoValue(t *testing.T) {
	empty, micro, offset, odd := "", "2020-02-05T10:38:34.209782", "2020-02-05T11:38:34.210+01:00", "yesterday"
	m := Member{VaultID: &empty, CreatedAt: &micro, UpdatedAt: &offset, ImageID: &odd}
	normalize(&m, MemberFields)
	if m.VaultID != nil || *m.CreatedAt != "2020-02-05T10:38:34.209782Z" || *m.UpdatedAt != "2020-02-05T10:38:34.21Z" || *m.ImageID != "yesterday" {
		t.Fatalf("%v %v %v %v", m.VaultID, *m.CreatedAt, *m.UpdatedAt, *m.ImageID)
	}
	spaced := "2020-02-05 10:38:34.210+00:00"
	m = Member{CreatedAt: &spaced}
	if normalize(&m, MemberFields); *m.CreatedAt != "2020-02-05T10:38:34.21Z" {
		t.Errorf("a space for the T: %s", *m.CreatedAt)
	}
}

// TestGone: 404 and the gateway's 401 "Malformed request url" are a member
// or backup that is not there; any other 401, a 403 or a 500 is not.
func TestGone(t *testing.T) {
	for _, c := range []struct {
		err  error
		gone bool
	}{
		{&vbs.Error{StatusCode: 404, Code: "BackupService.6705"}, true},
		{&vbs.Error{StatusCode: 401, Code: "401", Message: "Malformed request url"}, true},
		{&vbs.Error{StatusCode: 401, Code: "APIGW.0301", Message: "Incorrect IAM authentication information"}, false},
		{&vbs.Error{StatusCode: 403}, false},
		{&vbs.Error{StatusCode: 500}, false},
		{&vbs.Error{StatusCode: 200, Code: "BackupService.6705", Err: &vbs.AnsweredError{Code: "BackupService.6705"}}, true},
	} {
		if got := Gone(c.err); got != c.gone {
			t.Errorf("%v: gone %v, want %v", c.err, got, c.gone)
		}
	}
}

// TestStatusIsReadInLowercase: "Accepted" is accepted.
func TestStatusIsReadInLowercase(t *testing.T) {
	upper := "PENDING"
	m := Member{Status: &upper}
	if normalize(&m, MemberFields); *m.Status != "pending" {
		t.Fatalf("status %q", *m.Status)
	}
}
