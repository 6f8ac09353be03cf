package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// A share in Terraform state, as the data sources, the resource and the
// list resource hold it: the model, the constructor from the API's share,
// and the schema with each attribute's description, next to each other. A
// new field is added to the model (and its constructor), to the schema, and
// as one line of the encoder's table in internal/sharestate/encode.go,
// which writes the same attributes straight from the API's share for
// vbs_backup_shares' fast path; tests name a field the table lacks and compare its bytes with
// the framework's encoding of this model, on shares with every field null
// and set.
//
// JSON null (or an absent field) stays null, never "" or 0; timestamps are
// RFC 3339 in UTC.

// shareModel is one share.
type shareModel struct {
	ID            types.String `tfsdk:"id"`
	BackupID      types.String `tfsdk:"backup_id"`
	FromProjectID types.String `tfsdk:"from_project_id"`
	ToProjectID   types.String `tfsdk:"to_project_id"`
	CreatedAt     types.String `tfsdk:"created_at"`
	UpdatedAt     types.String `tfsdk:"updated_at"`
	// Backup is nil (null) when the service sends no backup object.
	Backup *backupModel `tfsdk:"backup"`
}

// toShare is the share's identifying part, for messages about it.
func (m shareModel) toShare() shares.Share {
	return shares.Share{ID: m.ID.ValueString(), BackupID: m.BackupID.ValueString(), FromProjectID: m.FromProjectID.ValueString(), ToProjectID: m.ToProjectID.ValueString()}
}

// backupModel is the shared backup nested in a share.
type backupModel struct {
	AvailabilityZone    types.String `tfsdk:"availability_zone"`
	Container           types.String `tfsdk:"container"`
	CreatedAt           types.String `tfsdk:"created_at"`
	DataTimestamp       types.String `tfsdk:"data_timestamp"`
	Description         types.String `tfsdk:"description"`
	FailReason          types.String `tfsdk:"fail_reason"`
	HasDependentBackups types.Bool   `tfsdk:"has_dependent_backups"`
	ID                  types.String `tfsdk:"id"`
	IsIncremental       types.Bool   `tfsdk:"is_incremental"`
	Name                types.String `tfsdk:"name"`
	ObjectCount         types.Int64  `tfsdk:"object_count"`
	ServiceMetadata     types.String `tfsdk:"service_metadata"`
	Size                types.Int64  `tfsdk:"size"`
	SnapshotID          types.String `tfsdk:"snapshot_id"`
	Status              types.String `tfsdk:"status"`
	UpdatedAt           types.String `tfsdk:"updated_at"`
	VolumeID            types.String `tfsdk:"volume_id"`
}

func newShareModel(s *shares.Share) shareModel {
	return shareModel{
		ID:            types.StringValue(s.ID),
		BackupID:      idValue(s.BackupID),
		FromProjectID: idValue(s.FromProjectID),
		ToProjectID:   idValue(s.ToProjectID),
		CreatedAt:     timeValue(s.CreatedAt),
		UpdatedAt:     timeValue(s.UpdatedAt),
		Backup:        newBackupModel(s.Backup),
	}
}

// idValue is an id of the share's: one the answer left out (null, or
// missing) is null in state, not "": unknown, for a policy check to see.
func idValue(id string) types.String {
	if id == "" {
		return types.StringNull()
	}
	return types.StringValue(id)
}

func newBackupModel(b *shares.Backup) *backupModel {
	if b == nil {
		return nil
	}
	return &backupModel{
		AvailabilityZone:    types.StringPointerValue(b.AvailabilityZone),
		Container:           types.StringPointerValue(b.Container),
		CreatedAt:           timeValue(b.CreatedAt),
		DataTimestamp:       timeValue(b.DataTimestamp),
		Description:         types.StringPointerValue(b.Description),
		FailReason:          types.StringPointerValue(b.FailReason),
		HasDependentBackups: types.BoolPointerValue(b.HasDependentBackups),
		ID:                  types.StringPointerValue(b.ID),
		IsIncremental:       types.BoolPointerValue(b.IsIncremental),
		Name:                types.StringPointerValue(b.Name),
		ObjectCount:         types.Int64PointerValue((*int64)(b.ObjectCount)),
		ServiceMetadata:     types.StringPointerValue(b.ServiceMetadata),
		Size:                types.Int64PointerValue((*int64)(b.Size)),
		SnapshotID:          types.StringPointerValue(b.SnapshotID),
		Status:              types.StringPointerValue(b.Status),
		UpdatedAt:           timeValue(b.UpdatedAt),
		VolumeID:            types.StringPointerValue(b.VolumeID),
	}
}

// timeValue renders a timestamp as Terraform's functions (timecmp,
// timeadd) expect it; null stays null.
func timeValue(t *shares.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}

// shareAttributes is the schema of shareModel, all computed; data sources
// override the attributes that are also their arguments.
func shareAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id":              computedString("ID of the backup share."),
		"backup_id":       computedString("ID of the shared backup."),
		"from_project_id": computedString("ID of the project that shares the backup."),
		"to_project_id":   computedString("ID of the project the backup is shared with."),
		"created_at":      computedString("When the share was created, RFC 3339 in UTC (usable with `timecmp()` and `timeadd()`)."),
		"updated_at":      computedString("When the share was last updated, RFC 3339 in UTC; null if never."),
		"backup": schema.SingleNestedAttribute{Computed: true, Attributes: backupAttributes(),
			MarkdownDescription: "The shared backup, as the service reports it."},
	}
}

// backupAttributes is the schema of backupModel.
func backupAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"availability_zone": computedString("Availability zone of the backup; may be null."),
		"container":         computedString("Container of the backup; may be null."),
		"created_at":        computedString("When the backup was created, RFC 3339 in UTC."),
		"data_timestamp":    computedString("Point in time of the backed-up data, RFC 3339 in UTC."),
		"description": computedString("Description of the backup, as the raw string the service stores: VBS often keeps JSON here " +
			"(`{\"DESC\":\"...\",\"INC\":0}`), so use `jsondecode()` where needed. May be null."),
		"fail_reason":           computedString("Why the backup failed; may be null."),
		"has_dependent_backups": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether incremental backups depend on this one; often null (VBS does not fill it)."},
		"id":                    computedString("ID of the backup."),
		"is_incremental":        schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the backup is incremental; often null (VBS does not fill it)."},
		"name":                  computedString("Name of the backup; may be null."),
		"object_count":          schema.Int64Attribute{Computed: true, MarkdownDescription: "Number of objects in object storage that hold the backup's data; may be null."},
		"service_metadata":      computedString("Service metadata of the backup, as the raw JSON string the service returns; decode with `jsondecode()`. May be null."),
		"size":                  schema.Int64Attribute{Computed: true, MarkdownDescription: "Size of the backup in GB."},
		"snapshot_id":           computedString("ID of the snapshot the backup was made from; may be null."),
		"status":                computedString("Status of the backup: `available`, `creating`, `restoring`, `deleting`, `error` or `error_restoring`."),
		"updated_at":            computedString("When the backup was last updated, RFC 3339 in UTC."),
		"volume_id":             computedString("ID of the backed-up volume."),
	}
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// resourceComputedAttributes is attrs (computed data source attributes) as
// a resource's computed attributes: the resource shows the same backup
// object with the same descriptions, written once above.
func resourceComputedAttributes(attrs map[string]schema.Attribute) map[string]rschema.Attribute {
	out := make(map[string]rschema.Attribute, len(attrs))
	for name, a := range attrs {
		switch a := a.(type) {
		case schema.StringAttribute:
			out[name] = rschema.StringAttribute{Computed: true, MarkdownDescription: a.MarkdownDescription}
		case schema.BoolAttribute:
			out[name] = rschema.BoolAttribute{Computed: true, MarkdownDescription: a.MarkdownDescription}
		case schema.Int64Attribute:
			out[name] = rschema.Int64Attribute{Computed: true, MarkdownDescription: a.MarkdownDescription}
		case schema.SingleNestedAttribute:
			// An object attribute, not a nested one: Terraform 1.5 and
			// OpenTofu (1.10 at least) crash in plan -generate-config-out on
			// a resource with a computed nested attribute (configschema's
			// Filter drops the attribute, then sets its nested type). The
			// value, and the model, are the same.
			types := make(map[string]attr.Type, len(a.Attributes))
			for n, na := range a.Attributes {
				types[n] = na.GetType()
			}
			out[name] = rschema.ObjectAttribute{Computed: true, AttributeTypes: types,
				// The docs list an object's attributes with their types
				// below it; their descriptions are the data sources'.
				MarkdownDescription: a.MarkdownDescription + " Its attributes are described under `backup` on the `vbs_backup_share` data source's page."}
		}
	}
	return out
}
