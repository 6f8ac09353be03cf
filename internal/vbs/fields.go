package vbs

import (
	"slices"
	"strings"
)

// Field is one member of an API object T of a service package (a VBS
// share or backup, a CBR member), in the package's one table per object:
// the decoder, the state encoder and the provider's schema read a member
// from its line.
type Field[T any] struct {
	// Name is the JSON member, and the Terraform attribute that holds it.
	Name string
	// Of points at the Go field of an object that holds the member. Its
	// type says how the member is read and written: *string (an id the
	// object always has; "" when the answer left it out, null in state),
	// **string, a pointer to a pointer of the package's time and integer
	// types, **bool, *json.RawMessage (kept as sent) or a pointer to a
	// nested object's pointer. The decoder and encoder of each package
	// name a type they do not know.
	Of func(*T) any
	// ID marks an identifier: made safe to store and print.
	ID bool
	// Repeats marks values shared by many objects of a page (project ids,
	// zones, statuses): a decoder may keep one copy of each.
	Repeats bool
	// CreateOnly marks members only create responses have: not in state.
	CreateOnly bool
	// Doc is the attribute's description in the schema and the docs.
	Doc string
}

// StateFields are the fields of fields that Terraform state holds (all
// but the create-only ones), sorted by name: the order of an object's
// attributes in Terraform's msgpack.
func StateFields[T any](fields []Field[T]) []Field[T] {
	var out []Field[T]
	for _, f := range fields {
		if !f.CreateOnly {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b Field[T]) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// FieldIndex maps each member name of fields to its index, for a decoder.
func FieldIndex[T any](fields []Field[T]) map[string]int {
	m := make(map[string]int, len(fields))
	for i, f := range fields {
		m[f.Name] = i
	}
	return m
}
