package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// A share as terraform-plugin-go values, from the tables in share_model.go:
// vbs_backup_share converts it with the framework's ValueFromTerraform
// (vbs_backup_shares writes its state as msgpack, share_msgpack.go; its
// tests compare that with these values).
// JSON null (or an absent field) becomes null, never "" or 0; timestamps
// become RFC 3339 in UTC.

var (
	backupTFType = tfObjectType(backupAttrTypes)
	shareTFType  = tfObjectType(shareAttrTypes)
)

// tfObjectType is the terraform-plugin-go type of an object with attrs,
// built directly rather than asserted from the framework's type.
func tfObjectType(attrs map[string]attr.Type) tftypes.Object {
	m := make(map[string]tftypes.Type, len(attrs))
	for name, t := range attrs {
		m[name] = t.TerraformType(context.Background())
	}
	return tftypes.Object{AttributeTypes: m}
}

func tfString(p *string) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *p)
}

func tfTime(t *shares.Time) tftypes.Value {
	if t == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, t.RFC3339())
}

func (f backupField) tfValue(b *shares.Backup) tftypes.Value {
	switch {
	case f.text != nil:
		return tfString(f.text(b))
	case f.when != nil:
		return tfTime(f.when(b))
	case f.flag != nil:
		if v := f.flag(b); v != nil {
			return tftypes.NewValue(tftypes.Bool, *v)
		}
		return tftypes.NewValue(tftypes.Bool, nil)
	default:
		if v := f.number(b); v != nil {
			return tftypes.NewValue(tftypes.Number, *v)
		}
		return tftypes.NewValue(tftypes.Number, nil)
	}
}

// backupTFValue maps the nested backup; a missing backup object is null.
func backupTFValue(b *shares.Backup) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(backupTFType, nil)
	}
	vals := make(map[string]tftypes.Value, len(backupFields))
	for _, f := range backupFields {
		vals[f.name] = f.tfValue(b)
	}
	return tftypes.NewValue(backupTFType, vals)
}

// shareTFFields maps a share's fields and its backup, keyed like
// shareAttrTypes.
func shareTFFields(s shares.Share) map[string]tftypes.Value {
	vals := make(map[string]tftypes.Value, len(shareFields)+1)
	for _, f := range shareFields {
		if f.text != nil {
			vals[f.name] = tfString(f.text(&s))
		} else {
			vals[f.name] = tfTime(f.when(&s))
		}
	}
	vals["backup"] = backupTFValue(s.Backup)
	return vals
}
