package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// The state of shares is built here, once, as terraform-plugin-go values:
// both data sources use it (vbs_backup_share through the framework's
// ValueFromTerraform), and vbs_backup_shares hands it to Terraform without
// the framework's walks over 10,000-element lists (see fast_server.go).
// Every API field has its own attribute; JSON null (or an absent field)
// becomes null, never "" or 0. Timestamps become RFC 3339 in UTC.

var (
	backupTFType    = backupObjectType.TerraformType(context.Background()).(tftypes.Object)
	shareTFType     = shareObjectType.TerraformType(context.Background()).(tftypes.Object)
	shareListTFType = tftypes.List{ElementType: shareTFType}
	idListTFType    = tftypes.List{ElementType: tftypes.String}
)

func tfString(p *string) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, *p)
}

func tfBool(p *bool) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.Bool, nil)
	}
	return tftypes.NewValue(tftypes.Bool, *p)
}

func tfInt(p *int64) tftypes.Value {
	if p == nil {
		return tftypes.NewValue(tftypes.Number, nil)
	}
	return tftypes.NewValue(tftypes.Number, *p)
}

func tfTime(t *shares.Time) tftypes.Value {
	if t == nil {
		return tftypes.NewValue(tftypes.String, nil)
	}
	return tftypes.NewValue(tftypes.String, t.RFC3339())
}

// backupTFValue maps the nested backup; a missing backup object is null.
func backupTFValue(b *shares.Backup) tftypes.Value {
	if b == nil {
		return tftypes.NewValue(backupTFType, nil)
	}
	return tftypes.NewValue(backupTFType, map[string]tftypes.Value{
		"availability_zone":     tfString(b.AvailabilityZone),
		"container":             tfString(b.Container),
		"created_at":            tfTime(b.CreatedAt),
		"data_timestamp":        tfTime(b.DataTimestamp),
		"description":           tfString(b.Description),
		"fail_reason":           tfString(b.FailReason),
		"has_dependent_backups": tfBool(b.HasDependentBackups),
		"id":                    tfString(b.ID),
		"is_incremental":        tfBool(b.IsIncremental),
		"name":                  tfString(b.Name),
		"object_count":          tfInt(b.ObjectCount),
		"size":                  tfInt(b.Size),
		"snapshot_id":           tfString(b.SnapshotID),
		"status":                tfString(b.Status),
		"updated_at":            tfTime(b.UpdatedAt),
		"volume_id":             tfString(b.VolumeID),
		"service_metadata":      tfString(b.ServiceMetadata),
	})
}

// shareTFFields maps a share's own fields and its backup, keyed like
// shareAttrTypes.
func shareTFFields(s shares.Share) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"id":              tftypes.NewValue(tftypes.String, s.ID),
		"backup_id":       tftypes.NewValue(tftypes.String, s.BackupID),
		"from_project_id": tftypes.NewValue(tftypes.String, s.FromProjectID),
		"to_project_id":   tftypes.NewValue(tftypes.String, s.ToProjectID),
		"created_at":      tfTime(s.CreatedAt),
		"updated_at":      tfTime(s.UpdatedAt),
		"backup":          backupTFValue(s.Backup),
	}
}

// shareListTFValues maps shares to the "shares" list and the "ids" list,
// in the same order.
func shareListTFValues(list []shares.Share) (sharesList, idList tftypes.Value) {
	objects := make([]tftypes.Value, len(list))
	ids := make([]tftypes.Value, len(list))
	for i, s := range list {
		objects[i] = tftypes.NewValue(shareTFType, shareTFFields(s))
		ids[i] = tftypes.NewValue(tftypes.String, s.ID)
	}
	return tftypes.NewValue(shareListTFType, objects), tftypes.NewValue(idListTFType, ids)
}
