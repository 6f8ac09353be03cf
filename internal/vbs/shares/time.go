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

// parseTimeFast reads the form the service writes, YYYY-MM-DDTHH:MM:SS
// with an optional fraction of one to nine digits (or a space for the T),
// without time.Parse's layout walk: a 10,000-share list holds 50,000
// timestamps. ok is false for any other form, and for a date or time out
// of range; ParseTime then decides. FuzzParseTimeFast checks that both
// agree wherever this one answers.
func parseTimeFast(b []byte) (time.Time, bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := decimal(b[0:4])
	month, ok2 := decimal(b[5:7])
	day, ok3 := decimal(b[8:10])
	hour, ok4 := decimal(b[11:13])
	minute, ok5 := decimal(b[14:16])
	sec, ok6 := decimal(b[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	nsec := 0
	if len(b) > 19 {
		frac := b[20:]
		n, ok := decimal(frac)
		if b[19] != '.' || len(frac) == 0 || len(frac) > 9 || !ok {
			return time.Time{}, false
		}
		for range 9 - len(frac) {
			n *= 10
		}
		nsec = n
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC)
	if t.Day() != day { // 31 April: time.Date moves it on, time.Parse refuses it
		return time.Time{}, false
	}
	return t, true
}

// decimal reads digits only, no sign.
func decimal(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
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
	return string(t.AppendRFC3339(nil))
}

// AppendRFC3339 appends what RFC3339 returns to b.
func (t Time) AppendRFC3339(b []byte) []byte {
	return t.UTC().AppendFormat(b, time.RFC3339Nano)
}
