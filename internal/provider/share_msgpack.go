package provider

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/vmihailenco/msgpack/v5"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// encodeSharesState writes the state of vbs_backup_shares as the msgpack
// Terraform reads, byte for byte what tftypes would write for the same
// value built from shareTFFields (share_msgpack_test.go checks that): objects as
// maps with sorted keys, whole numbers as integers, null as nil. The
// arguments are echoed from the configuration through tftypes; the two
// large lists are written straight from the shares, without building
// 10,000 tftypes objects first.
func encodeSharesState(typ tftypes.Object, config map[string]tftypes.Value, list []shares.Share) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(512 * (len(list) + 1))
	enc := msgpack.NewEncoder(&buf)
	names := make([]string, 0, len(typ.AttributeTypes))
	for name := range typ.AttributeTypes {
		names = append(names, name)
	}
	slices.Sort(names)
	if err := enc.EncodeMapLen(len(names)); err != nil {
		return nil, err
	}
	for _, name := range names {
		if err := enc.EncodeString(name); err != nil {
			return nil, err
		}
		var err error
		switch name {
		case "shares":
			err = encodeShareList(enc, list)
		case "ids":
			err = encodeIDList(enc, list)
		default:
			var dv tfprotov6.DynamicValue
			if dv, err = tfprotov6.NewDynamicValue(typ.AttributeTypes[name], config[name]); err == nil {
				buf.Write(dv.MsgPack)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("encoding %s: %w", name, err)
		}
	}
	return buf.Bytes(), nil
}

func encodeIDList(enc *msgpack.Encoder, list []shares.Share) error {
	if err := enc.EncodeArrayLen(len(list)); err != nil {
		return err
	}
	for i := range list {
		if err := enc.EncodeString(list[i].ID); err != nil {
			return err
		}
	}
	return nil
}

func encodeShareList(enc *msgpack.Encoder, list []shares.Share) error {
	if err := enc.EncodeArrayLen(len(list)); err != nil {
		return err
	}
	for i := range list {
		if err := encodeShare(enc, &list[i]); err != nil {
			return err
		}
	}
	return nil
}

// encodeShare writes one share object; "backup" sorts first among its keys.
func encodeShare(enc *msgpack.Encoder, s *shares.Share) error {
	if err := enc.EncodeMapLen(len(shareFields) + 1); err != nil {
		return err
	}
	if err := enc.EncodeString("backup"); err != nil {
		return err
	}
	if err := encodeBackup(enc, s.Backup); err != nil {
		return err
	}
	for _, f := range shareFields {
		if err := enc.EncodeString(f.name); err != nil {
			return err
		}
		var err error
		if f.text != nil {
			err = encodeText(enc, f.text(s))
		} else {
			err = encodeTime(enc, f.when(s))
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func encodeBackup(enc *msgpack.Encoder, b *shares.Backup) error {
	if b == nil {
		return enc.EncodeNil()
	}
	if err := enc.EncodeMapLen(len(backupFields)); err != nil {
		return err
	}
	for _, f := range backupFields {
		if err := enc.EncodeString(f.name); err != nil {
			return err
		}
		var err error
		switch {
		case f.text != nil:
			err = encodeText(enc, f.text(b))
		case f.when != nil:
			err = encodeTime(enc, f.when(b))
		case f.flag != nil:
			if v := f.flag(b); v != nil {
				err = enc.EncodeBool(*v)
			} else {
				err = enc.EncodeNil()
			}
		default:
			if v := f.number(b); v != nil {
				err = enc.EncodeInt(*v)
			} else {
				err = enc.EncodeNil()
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func encodeText(enc *msgpack.Encoder, p *string) error {
	if p == nil {
		return enc.EncodeNil()
	}
	return enc.EncodeString(*p)
}

func encodeTime(enc *msgpack.Encoder, t *shares.Time) error {
	if t == nil {
		return enc.EncodeNil()
	}
	return enc.EncodeString(t.RFC3339())
}
