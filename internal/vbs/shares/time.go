package shares

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Time is a timestamp as VBS writes it: ISO 8601 without a zone, meaning UTC,
// with or without fractional seconds ("2017-08-08T04:03:27.456859").
type Time struct {
	time.Time
	// empty marks "" as the service sent it: null, which normalize applies
	// (a pointer's UnmarshalJSON cannot set the pointer itself to nil).
	empty bool
}

// apiLayout parses the service's zone-less timestamps: the optional fraction
// (".999999") covers both "…:27" and "…:27.000000".
const apiLayout = "2006-01-02T15:04:05.999999999"

// wireLayout is what the service itself writes: always six fractional digits.
const wireLayout = "2006-01-02T15:04:05.000000"

// ParseTime parses a VBS timestamp. Zone-less values are UTC; a value that
// carries an explicit zone (RFC 3339) is accepted too and converted to UTC, so
// a gateway that normalises timestamps does not break decoding.
//
// A space in place of the "T" (as Python's str() of a datetime writes it)
// means the same and is read the same.
func ParseTime(s string) (time.Time, error) {
	if len(s) > 10 && s[10] == ' ' {
		s = s[:10] + "T" + s[11:]
	}
	if t, err := time.Parse(apiLayout, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("timestamp %q is neither YYYY-MM-DDTHH:MM:SS[.ffffff] (UTC) nor RFC 3339", s)
}

// UnmarshalJSON accepts a timestamp string. JSON null never reaches it: the
// fields are *Time, so null leaves the pointer nil.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: jsonValueKind(b), Type: reflect.TypeFor[Time]()}
	}
	if s == "" {
		t.empty = true
		return nil
	}
	parsed, err := ParseTime(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: fmt.Sprintf("string %q", vbs.Truncate(s, 40)), Type: reflect.TypeFor[Time]()}
	}
	t.Time = parsed
	return nil
}

// MarshalJSON writes the service's own zone-less format, so a value read and
// written again is byte-identical (the emulator relies on this).
func (t Time) MarshalJSON() ([]byte, error) {
	return json.Marshal(t.UTC().Format(wireLayout))
}

// RFC3339 renders the timestamp the way Terraform functions such as
// timecmp() and timeadd() expect it.
func (t Time) RFC3339() string {
	return t.UTC().Format(time.RFC3339Nano)
}
