package shares

import (
	"bytes"
	"encoding/binary"
	stdjson "encoding/json"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// decodeListBody decodes a list body of the usual shape without reflection:
// the read of 10,000 shares spent about 70 % of the provider's own time in
// the reflective decoder (PERFORMANCE.md), and the 50,000-share read held a
// pointer box, a heap object, per field.
//
// It is an exact fast path, not a second opinion: ok is false for anything
// it does not handle exactly as decodeResponse does (escaped member names,
// a value of an unexpected type, a number with a fraction, invalid UTF-8,
// a timestamp of an unusual form, malformed JSON, a missing "shared"), and
// the caller then decodes the body the reflective way, which gives the
// result or the error in the API's terms. FuzzPageDecoderAgrees checks that
// both decoders agree wherever this one answers.
//
// Its values are laid out to be lean: the pointer fields of a page's shares
// point into a few arrays per page instead of a heap object each, and the
// values that repeat across shares (project ids, zones, statuses, backup
// ids) are one string each.
func decodeListBody(raw []byte) (shares []Share, links []Link, ok bool) {
	d := pageDecoder{b: raw, intern: map[string]string{}}
	return d.top()
}

type pageDecoder struct {
	b []byte
	i int

	intern map[string]string
	// The line of the field tables the next member probably has (lookup).
	nextShareField, nextBackupField int
	// Arrays the pointer fields point into, refilled when full (never
	// appended past their capacity, so earlier pointers stay valid).
	strs    []string
	times   []Time
	ints    []Integer
	bools   []bool
	backups []Backup
}

const slabSize = 256

func (d *pageDecoder) newString(s string) *string {
	if len(d.strs) == cap(d.strs) {
		d.strs = make([]string, 0, slabSize*8)
	}
	d.strs = append(d.strs, s)
	return &d.strs[len(d.strs)-1]
}

func (d *pageDecoder) newTime(t Time) *Time {
	if len(d.times) == cap(d.times) {
		d.times = make([]Time, 0, slabSize*4)
	}
	d.times = append(d.times, t)
	return &d.times[len(d.times)-1]
}

func (d *pageDecoder) newInteger(n Integer) *Integer {
	if len(d.ints) == cap(d.ints) {
		d.ints = make([]Integer, 0, slabSize*2)
	}
	d.ints = append(d.ints, n)
	return &d.ints[len(d.ints)-1]
}

func (d *pageDecoder) newBool(v bool) *bool {
	if len(d.bools) == cap(d.bools) {
		d.bools = make([]bool, 0, slabSize*2)
	}
	d.bools = append(d.bools, v)
	return &d.bools[len(d.bools)-1]
}

func (d *pageDecoder) newBackup() *Backup {
	if len(d.backups) == cap(d.backups) {
		d.backups = make([]Backup, 0, slabSize)
	}
	d.backups = append(d.backups, Backup{})
	return &d.backups[len(d.backups)-1]
}

// top reads {"shared": [...], "shared_links": [...], ...} to the end of
// the body.
func (d *pageDecoder) top() (shares []Share, links []Link, ok bool) {
	sharedSeen := false
	ok = d.object(func(name []byte) (int, bool) {
		switch string(name) {
		case "shared":
			sharedSeen = true
			shares, ok = d.shareList()
			return 0, ok
		case "shared_links":
			links, ok = d.linkList()
			return 1, ok
		}
		return -1, d.skipValue()
	})
	d.space()
	if !ok || !sharedSeen || d.i != len(d.b) {
		return nil, nil, false
	}
	if shares == nil {
		shares = []Share{}
	}
	return shares, links, true
}

func (d *pageDecoder) shareList() ([]Share, bool) {
	if d.literal("null") {
		return nil, true
	}
	var list []Share
	start := d.i
	ok := d.array(func() bool {
		if len(list) == 1 && cap(list) == 1 {
			// The first share's length sizes the list: one allocation
			// instead of a dozen copies as it grows.
			per := max(d.i-start, 64)
			list = append(make([]Share, 0, min((len(d.b)-start)/per+1, 10_000)), list...)
		}
		list = append(list, Share{})
		return d.share(&list[len(list)-1])
	})
	return list, ok
}

func (d *pageDecoder) linkList() ([]Link, bool) {
	if d.literal("null") {
		return nil, true
	}
	var links []Link
	ok := d.array(func() bool {
		var l Link
		ok := d.object(func(name []byte) (int, bool) {
			switch string(name) {
			case "href":
				return 0, d.plainString(&l.Href, false)
			case "rel":
				return 1, d.plainString(&l.Rel, false)
			}
			return -1, d.skipValue()
		})
		links = append(links, l)
		return ok
	})
	return links, ok
}

// shareIndex and backupIndex find a member's line in the field tables.
var shareIndex, backupIndex = fieldIndex(ShareFields), fieldIndex(BackupFields)

// share reads a share's members by ShareFields.
func (d *pageDecoder) share(s *Share) bool {
	return d.object(func(name []byte) (int, bool) {
		i := lookup(ShareFields, shareIndex, name, &d.nextShareField)
		if i < 0 {
			return -1, d.skipValue()
		}
		f := &ShareFields[i]
		return i, d.member(f.Of(s), f.Repeats)
	})
}

// backup reads a backup's members by BackupFields.
func (d *pageDecoder) backup(b *Backup) bool {
	return d.object(func(name []byte) (int, bool) {
		i := lookup(BackupFields, backupIndex, name, &d.nextBackupField)
		if i < 0 {
			return -1, d.skipValue()
		}
		f := &BackupFields[i]
		return i, d.member(f.Of(b), f.Repeats)
	})
}

// lookup is the index of the member name in fields, or -1. A service
// writes every object's members in the same order, so the line after the
// last one found is tried before the index (a third of the decoder's time
// went to hashing names).
func lookup[T any](fields []Field[T], index map[string]int, name []byte, next *int) int {
	i := *next
	if i >= len(fields) || fields[i].Name != string(name) {
		var ok bool
		if i, ok = index[string(name)]; !ok {
			return -1
		}
	}
	*next = i + 1
	return i
}

// member reads a member's value into the Go field dst points at, by its
// type (Field.Of lists them). A type it does not know is false, as any
// value it does not read exactly: the reflective decoder then reads the
// page, and TestPageDecoderReadsEveryField names the field.
func (d *pageDecoder) member(dst any, repeats bool) bool {
	switch dst := dst.(type) {
	case *string:
		return d.plainString(dst, repeats)
	case **string:
		return d.optString(dst, repeats)
	case **Time:
		return d.time(dst)
	case **bool:
		return d.optBool(dst)
	case **Integer:
		return d.optInteger(dst)
	case *stdjson.RawMessage:
		start := d.i
		if !d.skipValue() {
			return false
		}
		*dst = bytes.Clone(d.b[start:d.i])
		return true
	case **Backup:
		if d.literal("null") {
			*dst = nil
			return true
		}
		*dst = d.newBackup()
		return d.backup(*dst)
	}
	return false
}

// fieldSet holds the member names an object has had, to refuse one that
// comes twice (the reflective decoder's error says so). The names an object
// of the API has are bits; any other name is kept in a list, which
// documented shapes never need.
type fieldSet struct {
	known   uint64
	unknown [][]byte
}

// add records a member, known by its index in the object's table (-1 for
// a name the API does not document), and reports whether it is new.
func (f *fieldSet) add(index int, name []byte) bool {
	if index >= 0 {
		bit := uint64(1) << index
		if f.known&bit != 0 {
			return false
		}
		f.known |= bit
		return true
	}
	if len(f.unknown) >= maxUnknownMembers {
		// Checking each new name against the list is quadratic in the
		// names: a page of 40,000 undocumented members took seconds. Such
		// a page is not the usual shape, so it goes to the reflective
		// decoder, which is linear in the page's bytes.
		return false
	}
	for _, n := range f.unknown {
		if bytes.Equal(n, name) {
			return false
		}
	}
	f.unknown = append(f.unknown, name)
	return true
}

// maxUnknownMembers is how many undocumented members one object may have
// before the fast decoder hands the page to the reflective one.
const maxUnknownMembers = 8

// object reads an object, calling member for each member's value with the
// decoder at that value; member decodes it and says which of the object's
// fields it was (its index in the object's table, -1 for another name).
func (d *pageDecoder) object(member func(name []byte) (index int, ok bool)) bool {
	var seen fieldSet
	d.space()
	if !d.consume('{') {
		return false
	}
	d.space()
	if d.consume('}') {
		return true
	}
	for {
		name, ok := d.name()
		if !ok {
			return false
		}
		d.space()
		if !d.consume(':') {
			return false
		}
		d.space()
		if index, ok := member(name); !ok || !seen.add(index, name) {
			return false
		}
		d.space()
		if d.consume('}') {
			return true
		}
		if !d.consume(',') {
			return false
		}
		d.space()
	}
}

// array reads an array, calling elem with the decoder at each element.
func (d *pageDecoder) array(elem func() bool) bool {
	if !d.consume('[') {
		return false
	}
	d.space()
	if d.consume(']') {
		return true
	}
	for {
		d.space()
		if !elem() {
			return false
		}
		d.space()
		if d.consume(']') {
			return true
		}
		if !d.consume(',') {
			return false
		}
	}
}

// name reads a member name: plain ASCII-or-UTF-8 text without escapes
// (an escaped name could spell a field another way; the reflective
// decoder unescapes it).
func (d *pageDecoder) name() ([]byte, bool) {
	raw, escaped, ok := d.stringToken()
	if !ok || escaped {
		return nil, false
	}
	return raw, true
}

// stringToken reads a JSON string and returns its content as it stands
// in the body (quotes removed), and whether it holds escapes. ok is false
// for a string that is not valid JSON or not valid UTF-8.
func (d *pageDecoder) stringToken() (content []byte, escaped bool, ok bool) {
	if !d.consume('"') {
		return nil, false, false
	}
	start := d.i
	d.i = plainRun(d.b, d.i)
	ascii := true
	for d.i < len(d.b) {
		c := d.b[d.i]
		switch {
		case c == '"':
			content = d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(content) {
				return nil, false, false
			}
			return content, escaped, true
		case c == '\\':
			escaped = true
			d.i += 2
			continue
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	return nil, false, false
}

// plainRun is the index of the first byte at or after i that ends a run of
// plain string bytes: printable ASCII other than '"' and '\\'. It tests
// eight bytes at a time, as one 64-bit word: the byte loop that follows
// does the rest, and was a fifth of the time a page took to decode.
func plainRun(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i+8 <= len(b) {
		w := binary.LittleEndian.Uint64(b[i:])
		quote, backslash := w^(ones*'"'), w^(ones*'\\')
		special := w | // a byte of 0x80 or more
			(w-ones*0x20) & ^w | // a byte below 0x20
			(quote-ones) & ^quote | // a '"'
			(backslash-ones) & ^backslash // a '\\'
		if special&highs != 0 {
			return i
		}
		i += 8
	}
	return i
}

// text reads a JSON string's value, one copy per distinct value when
// shared is set.
func (d *pageDecoder) text(shared bool) (string, bool) {
	start := d.i
	content, escaped, ok := d.stringToken()
	if !ok {
		return "", false
	}
	if escaped {
		v, err := jsontext.AppendUnquote(nil, d.b[start:d.i])
		if err != nil {
			return "", false
		}
		return string(v), true
	}
	if !shared {
		return string(content), true
	}
	if s, ok := d.intern[string(content)]; ok {
		return s, true
	}
	s := string(content)
	d.intern[s] = s
	return s, true
}

// plainString reads a string field that is not a pointer: null leaves "".
func (d *pageDecoder) plainString(dst *string, shared bool) bool {
	if d.literal("null") {
		*dst = ""
		return true
	}
	if d.peek() != '"' {
		return false
	}
	s, ok := d.text(shared)
	*dst = s
	return ok
}

func (d *pageDecoder) optString(dst **string, shared bool) bool {
	if d.literal("null") {
		*dst = nil
		return true
	}
	if d.peek() != '"' {
		return false
	}
	s, ok := d.text(shared)
	if ok {
		*dst = d.newString(s)
	}
	return ok
}

func (d *pageDecoder) optBool(dst **bool) bool {
	switch {
	case d.literal("null"):
		*dst = nil
	case d.literal("true"):
		*dst = d.newBool(true)
	case d.literal("false"):
		*dst = d.newBool(false)
	default:
		return false
	}
	return true
}

// optInteger reads an integer written as one: digits, an optional minus,
// no leading zero, at most 18 digits. Anything else (a fraction, an
// exponent, a string) is for the reflective decoder, which knows which
// of those the API's integers may be.
func (d *pageDecoder) optInteger(dst **Integer) bool {
	if d.literal("null") {
		*dst = nil
		return true
	}
	neg := d.consume('-')
	start := d.i
	var n int64
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' {
		n = n*10 + int64(d.b[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	if digits == 0 || digits > 18 || (digits > 1 && d.b[start] == '0') {
		return false
	}
	if d.i < len(d.b) && (d.b[d.i] == '.' || d.b[d.i] == 'e' || d.b[d.i] == 'E') {
		return false
	}
	if neg {
		n = -n
	}
	*dst = d.newInteger(Integer(n))
	return true
}

// time reads a timestamp: null, "" (null as some servers write it), or a
// string parseTimeFast reads; any other form goes to the reflective
// decoder.
func (d *pageDecoder) time(dst **Time) bool {
	if d.literal("null") {
		*dst = nil
		return true
	}
	content, escaped, ok := d.stringToken()
	if !ok || escaped {
		return false
	}
	if len(content) == 0 {
		*dst = nil // what normalize makes of ""
		return true
	}
	t, ok := parseTimeFast(content)
	if !ok {
		return false
	}
	*dst = d.newTime(Time{Time: t})
	return true
}

// skipValue steps over a value the API does not document, which must be
// valid JSON (with no member name twice) for the reflective decoder to
// accept the body.
func (d *pageDecoder) skipValue() bool {
	start := d.i
	depth := 0
	for d.i < len(d.b) {
		switch c := d.b[d.i]; c {
		case '"':
			if _, _, ok := d.stringToken(); !ok {
				return false
			}
			if depth == 0 {
				return jsontext.Value(d.b[start:d.i]).IsValid()
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 { // the end of the object or array holding a scalar
				return d.i > start && jsontext.Value(d.b[start:d.i]).IsValid()
			}
			depth--
			if depth == 0 {
				d.i++
				return jsontext.Value(d.b[start:d.i]).IsValid()
			}
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return d.i > start && jsontext.Value(d.b[start:d.i]).IsValid()
			}
		}
		d.i++
	}
	return false
}

func (d *pageDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *pageDecoder) peek() byte {
	if d.i < len(d.b) {
		return d.b[d.i]
	}
	return 0
}

func (d *pageDecoder) consume(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// literal consumes null, true or false when the body has it here.
func (d *pageDecoder) literal(word string) bool {
	if !bytes.HasPrefix(d.b[d.i:], []byte(word)) {
		return false
	}
	d.i += len(word)
	return true
}
