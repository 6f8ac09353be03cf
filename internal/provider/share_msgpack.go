package provider

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"
)

// encodeSharesState writes the state of vbs_backup_shares as the msgpack
// Terraform reads: byte for byte what the framework writes for the same
// typed model (share_msgpack_test.go checks that), but without the
// framework's reflection and value walks over 10,000 shares (PERFORMANCE.md).
// Objects are maps with sorted keys, whole numbers integers, null nil. The
// arguments are echoed from the configuration through tftypes; the two
// large lists are written straight from the models.
func encodeSharesState(typ tftypes.Object, config map[string]tftypes.Value, list []shareModel) ([]byte, error) {
	// One buffer of the size the lists need: growing it by doubling cost
	// more than the encoding (each step allocates, clears and copies up to
	// 50 MB at 50,000 shares). The size comes from a first pass over the
	// same tables that only adds up (stateWriter.measure).
	size := &stateWriter{measure: true}
	size.shares(list)
	size.ids(list)
	var buf bytes.Buffer
	buf.Grow(size.size + 64<<10) // the arguments echoed are a few hundred bytes
	w := &stateWriter{enc: msgpack.NewEncoder(&buf)}
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
	enc *msgpack.Encoder
	err error

	measure bool
	size    int
}

// maxHeader is the longest msgpack header of a string, map or array (a
// marker and a 32-bit length), and the longest integer (a marker and 8
// bytes) is 9.
const maxHeader, maxInteger = 5, 9

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

func (w *stateWriter) str(v types.String) {
	if w.measure {
		w.size += maxHeader + len(v.ValueString())
		return
	}
	if v.IsNull() {
		w.null()
		return
	}
	w.keep(w.enc.EncodeString(v.ValueString()))
}

func (w *stateWriter) boolean(v types.Bool) {
	if w.measure {
		w.size++
		return
	}
	if v.IsNull() {
		w.null()
		return
	}
	w.keep(w.enc.EncodeBool(v.ValueBool()))
}

func (w *stateWriter) integer(v types.Int64) {
	if w.measure {
		w.size += maxInteger
		return
	}
	if v.IsNull() {
		w.null()
		return
	}
	w.keep(w.enc.EncodeInt(v.ValueInt64()))
}

func (w *stateWriter) ids(list []shareModel) {
	w.arrayLen(len(list))
	for i := range list {
		w.str(list[i].ID)
	}
}

func (w *stateWriter) arrayLen(n int) {
	if w.measure {
		w.size += maxHeader
		return
	}
	w.keep(w.enc.EncodeArrayLen(n))
}

func (w *stateWriter) shares(list []shareModel) {
	w.arrayLen(len(list))
	for i := range list {
		w.share(&list[i])
	}
}

// shareFields and backupFields are the state encoder's one table per
// object: an attribute's name and how to write it, in sorted order (the
// order Terraform's msgpack has). A new attribute is a line here, besides
// the model and the schema; TestStateEncoderCoversTheSchema names any
// attribute of the schema the table lacks, or any it has that the schema
// does not.
var shareFields = []struct {
	name  string
	write func(*stateWriter, *shareModel)
}{
	{"backup", func(w *stateWriter, m *shareModel) { w.backup(m.Backup) }},
	{"backup_id", func(w *stateWriter, m *shareModel) { w.str(m.BackupID) }},
	{"created_at", func(w *stateWriter, m *shareModel) { w.str(m.CreatedAt) }},
	{"from_project_id", func(w *stateWriter, m *shareModel) { w.str(m.FromProjectID) }},
	{"id", func(w *stateWriter, m *shareModel) { w.str(m.ID) }},
	{"to_project_id", func(w *stateWriter, m *shareModel) { w.str(m.ToProjectID) }},
	{"updated_at", func(w *stateWriter, m *shareModel) { w.str(m.UpdatedAt) }},
}

var backupFields = []struct {
	name  string
	write func(*stateWriter, *backupModel)
}{
	{"availability_zone", func(w *stateWriter, b *backupModel) { w.str(b.AvailabilityZone) }},
	{"container", func(w *stateWriter, b *backupModel) { w.str(b.Container) }},
	{"created_at", func(w *stateWriter, b *backupModel) { w.str(b.CreatedAt) }},
	{"data_timestamp", func(w *stateWriter, b *backupModel) { w.str(b.DataTimestamp) }},
	{"description", func(w *stateWriter, b *backupModel) { w.str(b.Description) }},
	{"fail_reason", func(w *stateWriter, b *backupModel) { w.str(b.FailReason) }},
	{"has_dependent_backups", func(w *stateWriter, b *backupModel) { w.boolean(b.HasDependentBackups) }},
	{"id", func(w *stateWriter, b *backupModel) { w.str(b.ID) }},
	{"is_incremental", func(w *stateWriter, b *backupModel) { w.boolean(b.IsIncremental) }},
	{"name", func(w *stateWriter, b *backupModel) { w.str(b.Name) }},
	{"object_count", func(w *stateWriter, b *backupModel) { w.integer(b.ObjectCount) }},
	{"service_metadata", func(w *stateWriter, b *backupModel) { w.str(b.ServiceMetadata) }},
	{"size", func(w *stateWriter, b *backupModel) { w.integer(b.Size) }},
	{"snapshot_id", func(w *stateWriter, b *backupModel) { w.str(b.SnapshotID) }},
	{"status", func(w *stateWriter, b *backupModel) { w.str(b.Status) }},
	{"updated_at", func(w *stateWriter, b *backupModel) { w.str(b.UpdatedAt) }},
	{"volume_id", func(w *stateWriter, b *backupModel) { w.str(b.VolumeID) }},
}

func (w *stateWriter) null() {
	if w.measure {
		w.size++
		return
	}
	w.keep(w.enc.EncodeNil())
}

// share writes shareModel's attributes from shareFields.
func (w *stateWriter) share(m *shareModel) {
	w.mapLen(len(shareFields))
	for _, f := range shareFields {
		w.key(f.name)
		f.write(w, m)
	}
}

// backup writes backupModel's attributes from backupFields.
func (w *stateWriter) backup(b *backupModel) {
	if b == nil {
		w.null()
		return
	}
	w.mapLen(len(backupFields))
	for _, f := range backupFields {
		w.key(f.name)
		f.write(w, b)
	}
}
