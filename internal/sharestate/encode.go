// Package sharestate writes the state of vbs_backup_shares as the msgpack
// Terraform reads, straight from the API's shares: byte for byte what the
// framework writes for the provider's models of them (the provider's tests
// compare the two), at a fraction of the cost (PERFORMANCE.md). It knows
// the API's shares and Terraform's wire format, nothing of the framework.
package sharestate

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// Encode writes the state of vbs_backup_shares as the msgpack Terraform
// reads: byte for byte what the framework writes for the models of the
// same shares (the provider's share_state_test.go checks that), but without the
// framework's reflection and value walks over 10,000 shares, and without
// the models themselves (PERFORMANCE.md). Objects are maps with sorted
// keys, whole numbers integers, null nil. The arguments are echoed from the
// configuration through tftypes; the two large lists are written straight
// from the API's shares.
func Encode(typ tftypes.Object, config map[string]tftypes.Value, list []shares.Share) ([]byte, error) {
	// One buffer of the size the lists need: growing it by doubling cost
	// more than the encoding (each step allocates, clears and copies up to
	// 50 MB at 50,000 shares). The size comes from a first pass over the
	// same tables that only adds up (stateWriter.measure).
	size := &stateWriter{measure: true}
	size.shares(list)
	size.ids(list)
	// (vbs.NewSizedBuffer says why not bytes.Buffer.Grow.)
	buf := vbs.NewSizedBuffer(size.size + 64<<10) // the arguments echoed are a few hundred bytes
	w := newStateWriter(buf)
	names := make([]string, 0, len(typ.AttributeTypes))
	for name := range typ.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	w.mapLen(len(names))
	for _, name := range names {
		w.key(name)
		switch name {
		case "shares":
			w.shares(list)
		case "ids":
			w.ids(list)
		default:
			dv, err := tfprotov6.NewDynamicValue(typ.AttributeTypes[name], config[name])
			if err != nil {
				return nil, fmt.Errorf("encoding %s: %w", name, err)
			}
			buf.Write(dv.MsgPack)
		}
		if w.err != nil {
			return nil, fmt.Errorf("encoding %s: %w", name, w.err)
		}
	}
	return buf.Bytes(), nil
}

// stateWriter writes msgpack and keeps the first error, so that each field
// is one line below. With measure set it writes nothing and adds up in size
// the most each value can take.
type stateWriter struct {
	buf *bytes.Buffer // what enc writes to (it does not buffer)
	enc *msgpack.Encoder
	err error

	measure bool
	size    int

	stamp []byte // the timestamp being written
}

func newStateWriter(buf *bytes.Buffer) *stateWriter {
	return &stateWriter{buf: buf, enc: msgpack.NewEncoder(buf)}
}

// maxHeader is the longest msgpack header of a string, map or array (a
// marker and a 32-bit length), and the longest integer (a marker and 8
// bytes) is 9. A timestamp in RFC 3339 is at most as long as the layout.
const maxHeader, maxInteger, maxTimestamp = 5, 9, len(time.RFC3339Nano)

func (w *stateWriter) keep(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *stateWriter) mapLen(n int) {
	if w.measure {
		w.size += maxHeader
		return
	}
	w.keep(w.enc.EncodeMapLen(n))
}

func (w *stateWriter) key(k string) {
	if w.measure {
		w.size += maxHeader + len(k)
		return
	}
	w.keep(w.enc.EncodeString(k))
}

// text is a string the API always has (an id: "" if it sent none).
func (w *stateWriter) text(v string) {
	if w.measure {
		w.size += maxHeader + len(v)
		return
	}
	w.keep(w.enc.EncodeString(v))
}

// id is one of the share's ids: empty (left out by the answer) is null,
// as the provider's idValue has it.
func (w *stateWriter) id(v string) {
	if v == "" {
		w.optText(nil)
		return
	}
	w.text(v)
}

// optText is an optional string: nil is null.
func (w *stateWriter) optText(v *string) {
	if v == nil {
		w.null()
		return
	}
	w.text(*v)
}

// time is a timestamp in RFC 3339, as timeValue renders it; nil is null.
// It is formatted into a reused buffer: a string per timestamp was five
// allocations a share.
func (w *stateWriter) time(t *shares.Time) {
	switch {
	case t == nil:
		w.null()
	case w.measure:
		w.size += maxHeader + maxTimestamp
	default:
		w.stamp = t.AppendRFC3339(w.stamp[:0])
		if n := len(w.stamp); n < 32 {
			// A msgpack fixstr, as EncodeString writes a string this
			// short: its length in the one header byte.
			w.buf.WriteByte(0xa0 | byte(n))
			w.buf.Write(w.stamp)
			return
		}
		w.text(string(w.stamp))
	}
}

func (w *stateWriter) optBool(v *bool) {
	switch {
	case v == nil:
		w.null()
	case w.measure:
		w.size++
	default:
		w.keep(w.enc.EncodeBool(*v))
	}
}

func (w *stateWriter) optInt(v *shares.Integer) {
	switch {
	case v == nil:
		w.null()
	case w.measure:
		w.size += maxInteger
	default:
		w.keep(w.enc.EncodeInt(int64(*v)))
	}
}

func (w *stateWriter) null() {
	if w.measure {
		w.size++
		return
	}
	w.keep(w.enc.EncodeNil())
}

func (w *stateWriter) arrayLen(n int) {
	if w.measure {
		w.size += maxHeader
		return
	}
	w.keep(w.enc.EncodeArrayLen(n))
}

// ids writes the list of share ids; a share the answer gave without one
// is null there too.
func (w *stateWriter) ids(list []shares.Share) {
	w.arrayLen(len(list))
	for i := range list {
		w.id(list[i].ID)
	}
}

func (w *stateWriter) shares(list []shares.Share) {
	w.arrayLen(len(list))
	for i := range list {
		w.share(&list[i])
	}
}

// shareState and backupState are the attributes of a share and of its
// backup in state, from the API's field tables (shares.ShareFields and
// shares.BackupFields), in the order Terraform's msgpack has them. The
// provider's schema and model come from the same tables; a test there
// compares this encoding with the framework's byte for byte, on shares
// with every field null and set.
var (
	shareState  = shares.StateFields(shares.ShareFields)
	backupState = shares.StateFields(shares.BackupFields)
)

// share writes a share's attributes.
func (w *stateWriter) share(s *shares.Share) {
	w.mapLen(len(shareState))
	for _, f := range shareState {
		w.key(f.Name)
		w.value(f.Of(s))
	}
}

// backup writes the backup's attributes; no backup is null.
func (w *stateWriter) backup(b *shares.Backup) {
	if b == nil {
		w.null()
		return
	}
	w.mapLen(len(backupState))
	for _, f := range backupState {
		w.key(f.Name)
		w.value(f.Of(b))
	}
}

// value writes the Go field p points at, by its type (shares.Field.Of
// lists them); a type it does not know is an error naming it, which
// TestEncoderWritesEveryField would show first.
func (w *stateWriter) value(p any) {
	switch p := p.(type) {
	case *string:
		w.id(*p)
	case **string:
		w.optText(*p)
	case **shares.Time:
		w.time(*p)
	case **bool:
		w.optBool(*p)
	case **shares.Integer:
		w.optInt(*p)
	case **shares.Backup:
		w.backup(*p)
	default:
		w.keep(fmt.Errorf("no state encoding for a field of type %T", p))
	}
}

// ShareAttributes are the names of a share's attributes in state, in order.
func ShareAttributes() []string {
	return names(shareState)
}

// BackupAttributes are the names of a backup's attributes in state, in order.
func BackupAttributes() []string {
	return names(backupState)
}

func names[T any](fields []shares.Field[T]) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}
