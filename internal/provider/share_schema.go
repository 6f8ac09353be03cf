package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Descriptions of every share and backup attribute, written once for both
// data sources.
var shareDescriptions = map[string]string{
	"id":              "ID of the backup share.",
	"backup_id":       "ID of the shared backup.",
	"from_project_id": "ID of the project that shares the backup.",
	"to_project_id":   "ID of the project the backup is shared with.",
	"created_at":      "When the share was created, RFC 3339 in UTC (usable with `timecmp()` and `timeadd()`).",
	"updated_at":      "When the share was last updated, RFC 3339 in UTC; null if never.",
	"backup":          "The shared backup, as the service reports it.",
}

var backupDescriptions = map[string]string{
	"availability_zone":     "Availability zone of the backup; may be null.",
	"container":             "Container of the backup; may be null.",
	"created_at":            "When the backup was created, RFC 3339 in UTC.",
	"data_timestamp":        "Point in time of the backed-up data, RFC 3339 in UTC.",
	"description":           "Description of the backup, as the raw string the service stores: VBS often keeps JSON here (`{\"DESC\":\"...\",\"INC\":0}`), so use `jsondecode()` where needed. May be null.",
	"fail_reason":           "Why the backup failed; may be null.",
	"has_dependent_backups": "Whether incremental backups depend on this one; often null (VBS does not fill it).",
	"id":                    "ID of the backup.",
	"is_incremental":        "Whether the backup is incremental; often null (VBS does not fill it).",
	"name":                  "Name of the backup; may be null.",
	"object_count":          "Number of objects in object storage that hold the backup's data; may be null.",
	"size":                  "Size of the backup in GB.",
	"snapshot_id":           "ID of the snapshot the backup was made from; may be null.",
	"status":                "Status of the backup: `available`, `creating`, `restoring`, `deleting`, `error` or `error_restoring`.",
	"updated_at":            "When the backup was last updated, RFC 3339 in UTC.",
	"volume_id":             "ID of the backed-up volume.",
	"service_metadata":      "Service metadata of the backup, as the raw JSON string the service returns; decode with `jsondecode()`. May be null.",
}

// backupSchemaAttribute is the computed nested backup object.
func backupSchemaAttribute() schema.SingleNestedAttribute {
	attrs := map[string]schema.Attribute{}
	for name, t := range backupAttrTypes {
		attrs[name] = computedAttribute(t, backupDescriptions[name])
	}
	return schema.SingleNestedAttribute{Computed: true, MarkdownDescription: shareDescriptions["backup"], Attributes: attrs}
}

// shareSchemaAttributes are a share's attributes, all computed; data
// sources override the ones that are also arguments.
func shareSchemaAttributes() map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for name, t := range shareAttrTypes {
		if name == "backup" {
			attrs[name] = backupSchemaAttribute()
			continue
		}
		attrs[name] = computedAttribute(t, shareDescriptions[name])
	}
	return attrs
}

// computedAttribute is the schema attribute for a primitive state type.
func computedAttribute(t attr.Type, description string) schema.Attribute {
	switch {
	case t.Equal(types.BoolType):
		return schema.BoolAttribute{Computed: true, MarkdownDescription: description}
	case t.Equal(types.Int64Type):
		return schema.Int64Attribute{Computed: true, MarkdownDescription: description}
	default:
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
}
