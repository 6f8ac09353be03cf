package vbs

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// Integer is an integer field of a service's API (VBS, CBR). It also reads an integral number
// written with a fraction or exponent ("1.0", "1e3"), as some servers
// encode every number as a float; its meaning is not in doubt. A fraction
// that is not zero, or a number out of range, is an error.
type Integer int64

func (n *Integer) UnmarshalJSON(b []byte) error {
	s := string(b)
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		*n = Integer(i)
		return nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return &json.UnmarshalTypeError{Value: JSONValueKind(b), Type: reflect.TypeFor[Integer]()}
	}
	*n = Integer(f)
	return nil
}

// JSONValueKind names a JSON value's kind the way encoding/json does in
// its type errors ("number 1.5", "string", "bool", …).
func JSONValueKind(b []byte) string {
	if len(b) == 0 {
		return "value"
	}
	if kind := KindOf(b[0]); kind != "number" {
		return kind
	}
	return "number " + Truncate(string(b), 40)
}

// KindOf names the kind of JSON value that starts with c (jsontext's Kind
// is that byte too, with '0' for every number).
func KindOf(c byte) string {
	switch c {
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case '{':
		return "object"
	case '[':
		return "array"
	case 'n':
		return "null"
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return "number"
	}
	return "value"
}
