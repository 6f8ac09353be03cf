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
	var buf bytes.Buffer
	buf.Grow(512 * (len(list) + 1))
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
// is one line below.
type stateWriter struct {
	enc *msgpack.Encoder
	err error
}

func (w *stateWriter) keep(err error) {
	if w.err == nil {
		w.err = err
	}
}

func (w *stateWriter) mapLen(n int) { w.keep(w.enc.EncodeMapLen(n)) }
func (w *stateWriter) key(k string) { w.keep(w.enc.EncodeString(k)) }

func (w *stateWriter) str(v types.String) {
	if v.IsNull() {
		w.keep(w.enc.EncodeNil())
		return
	}
	w.keep(w.enc.EncodeString(v.ValueString()))
}

func (w *stateWriter) boolean(v types.Bool) {
	if v.IsNull() {
		w.keep(w.enc.EncodeNil())
		return
	}
	w.keep(w.enc.EncodeBool(v.ValueBool()))
}

func (w *stateWriter) integer(v types.Int64) {
	if v.IsNull() {
		w.keep(w.enc.EncodeNil())
		return
	}
	w.keep(w.enc.EncodeInt(v.ValueInt64()))
}

func (w *stateWriter) ids(list []shareModel) {
	w.keep(w.enc.EncodeArrayLen(len(list)))
	for i := range list {
		w.str(list[i].ID)
	}
}

func (w *stateWriter) shares(list []shareModel) {
	w.keep(w.enc.EncodeArrayLen(len(list)))
	for i := range list {
		w.share(&list[i])
	}
}

// share writes shareModel's attributes in sorted order.
func (w *stateWriter) share(m *shareModel) {
	w.mapLen(7)
	w.key("backup")
	w.backup(m.Backup)
	w.key("backup_id")
	w.str(m.BackupID)
	w.key("created_at")
	w.str(m.CreatedAt)
	w.key("from_project_id")
	w.str(m.FromProjectID)
	w.key("id")
	w.str(m.ID)
	w.key("to_project_id")
	w.str(m.ToProjectID)
	w.key("updated_at")
	w.str(m.UpdatedAt)
}

// backup writes backupModel's attributes in sorted order.
func (w *stateWriter) backup(b *backupModel) {
	if b == nil {
		w.keep(w.enc.EncodeNil())
		return
	}
	w.mapLen(17)
	w.key("availability_zone")
	w.str(b.AvailabilityZone)
	w.key("container")
	w.str(b.Container)
	w.key("created_at")
	w.str(b.CreatedAt)
	w.key("data_timestamp")
	w.str(b.DataTimestamp)
	w.key("description")
	w.str(b.Description)
	w.key("fail_reason")
	w.str(b.FailReason)
	w.key("has_dependent_backups")
	w.boolean(b.HasDependentBackups)
	w.key("id")
	w.str(b.ID)
	w.key("is_incremental")
	w.boolean(b.IsIncremental)
	w.key("name")
	w.str(b.Name)
	w.key("object_count")
	w.integer(b.ObjectCount)
	w.key("service_metadata")
	w.str(b.ServiceMetadata)
	w.key("size")
	w.integer(b.Size)
	w.key("snapshot_id")
	w.str(b.SnapshotID)
	w.key("status")
	w.str(b.Status)
	w.key("updated_at")
	w.str(b.UpdatedAt)
	w.key("volume_id")
	w.str(b.VolumeID)
}
