package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// The state shape of a share, shared by both data sources. Every API field
// has its own attribute; JSON null (or an absent field) becomes null, never
// "" or 0. Timestamps become RFC 3339 in UTC.

var backupAttrTypes = map[string]attr.Type{
	"availability_zone":     types.StringType,
	"container":             types.StringType,
	"created_at":            types.StringType,
	"data_timestamp":        types.StringType,
	"description":           types.StringType,
	"fail_reason":           types.StringType,
	"has_dependent_backups": types.BoolType,
	"id":                    types.StringType,
	"is_incremental":        types.BoolType,
	"name":                  types.StringType,
	"object_count":          types.Int64Type,
	"size":                  types.Int64Type,
	"snapshot_id":           types.StringType,
	"status":                types.StringType,
	"updated_at":            types.StringType,
	"volume_id":             types.StringType,
	"service_metadata":      types.StringType,
}

var backupObjectType = types.ObjectType{AttrTypes: backupAttrTypes}

var shareAttrTypes = map[string]attr.Type{
	"id":              types.StringType,
	"backup_id":       types.StringType,
	"from_project_id": types.StringType,
	"to_project_id":   types.StringType,
	"created_at":      types.StringType,
	"updated_at":      types.StringType,
	"backup":          backupObjectType,
}

var shareObjectType = types.ObjectType{AttrTypes: shareAttrTypes}

// backupValue maps the nested backup; a missing backup object is null.
func backupValue(b *shares.Backup) (types.Object, diag.Diagnostics) {
	if b == nil {
		return types.ObjectNull(backupAttrTypes), nil
	}
	return types.ObjectValue(backupAttrTypes, map[string]attr.Value{
		"availability_zone":     stringValue(b.AvailabilityZone),
		"container":             stringValue(b.Container),
		"created_at":            timeValue(b.CreatedAt),
		"data_timestamp":        timeValue(b.DataTimestamp),
		"description":           stringValue(b.Description),
		"fail_reason":           stringValue(b.FailReason),
		"has_dependent_backups": types.BoolPointerValue(b.HasDependentBackups),
		"id":                    stringValue(b.ID),
		"is_incremental":        types.BoolPointerValue(b.IsIncremental),
		"name":                  stringValue(b.Name),
		"object_count":          types.Int64PointerValue(b.ObjectCount),
		"size":                  types.Int64PointerValue(b.Size),
		"snapshot_id":           stringValue(b.SnapshotID),
		"status":                stringValue(b.Status),
		"updated_at":            timeValue(b.UpdatedAt),
		"volume_id":             stringValue(b.VolumeID),
		"service_metadata":      stringValue(b.ServiceMetadata),
	})
}

// shareFields maps a share's own fields and its backup, as attribute values
// keyed like shareAttrTypes.
func shareFields(s shares.Share) (map[string]attr.Value, diag.Diagnostics) {
	backup, diags := backupValue(s.Backup)
	return map[string]attr.Value{
		"id":              types.StringValue(s.ID),
		"backup_id":       types.StringValue(s.BackupID),
		"from_project_id": types.StringValue(s.FromProjectID),
		"to_project_id":   types.StringValue(s.ToProjectID),
		"created_at":      timeValue(s.CreatedAt),
		"updated_at":      timeValue(s.UpdatedAt),
		"backup":          backup,
	}, diags
}

// shareListValue maps shares to a list of share objects and the list of
// their ids, in the same order.
func shareListValue(list []shares.Share) (sharesList, idList types.List, diags diag.Diagnostics) {
	objects := make([]attr.Value, 0, len(list))
	ids := make([]attr.Value, 0, len(list))
	for _, s := range list {
		fields, d := shareFields(s)
		diags.Append(d...)
		obj, d := types.ObjectValue(shareAttrTypes, fields)
		diags.Append(d...)
		if diags.HasError() {
			return sharesList, idList, diags
		}
		objects = append(objects, obj)
		ids = append(ids, types.StringValue(s.ID))
	}
	sharesList, d := types.ListValue(shareObjectType, objects)
	diags.Append(d...)
	idList, d = types.ListValue(types.StringType, ids)
	diags.Append(d...)
	return sharesList, idList, diags
}

func stringValue(p *string) types.String { return types.StringPointerValue(p) }

func timeValue(t *shares.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}
