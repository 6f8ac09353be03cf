package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The attribute types of a share, shared by both data sources' schemas and
// by the state builder in share_state.go.

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
