package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// A share in Terraform state, as the data sources, the resource and the
// list resource hold it. Its attributes come from the API's field tables
// (shares.ShareFields, shares.BackupFields): the schema, with each
// attribute's description, and the backup object are built from them, as
// the state encoder in internal/sharestate writes from them for
// vbs_backup_shares' fast path. A new backup field is a struct field and a
// line in its table; a new share field also a field of shareModel and a
// line of newShareModel, which TestShareModelMatchesTheTable and the
// byte-for-byte comparison with the encoder (share_state_test.go) hold to
// the table.
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
	// Backup is null when the service sends no backup object; its
	// attributes are BackupFields'.
	Backup types.Object `tfsdk:"backup"`
}

// toShare is the share's identifying part, for messages about it.
func (m shareModel) toShare() shares.Share {
	return shares.Share{
		ID:            m.ID.ValueString(),
		BackupID:      m.BackupID.ValueString(),
		FromProjectID: m.FromProjectID.ValueString(),
		ToProjectID:   m.ToProjectID.ValueString(),
	}
}

func newShareModel(s *shares.Share) shareModel {
	return shareModel{
		ID:            idValue(s.ID),
		BackupID:      idValue(s.BackupID),
		FromProjectID: idValue(s.FromProjectID),
		ToProjectID:   idValue(s.ToProjectID),
		CreatedAt:     timeValue(s.CreatedAt),
		UpdatedAt:     timeValue(s.UpdatedAt),
		Backup:        backupValue(s.Backup),
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

// backupFields are the backup's attributes in state, and backupType their
// object type.
var (
	backupFields = shares.StateFields(shares.BackupFields)
	backupType   = objectType(backupFields)
)

// backupValue is the backup object from BackupFields; no backup is null.
func backupValue(b *shares.Backup) types.Object {
	if b == nil {
		return types.ObjectNull(backupType.AttrTypes)
	}
	values := make(map[string]attr.Value, len(backupFields))
	for _, f := range backupFields {
		values[f.Name] = fieldValue(f.Of(b))
	}
	// Types and values come from the same switch: they always agree.
	v, diags := types.ObjectValue(backupType.AttrTypes, values)
	if diags.HasError() {
		return types.ObjectUnknown(backupType.AttrTypes) // Terraform names it as a provider bug
	}
	return v
}

// fieldValue is the Go field p points at (shares.Field.Of lists the
// types) as a Terraform value; fieldType is its type, and fieldAttribute
// its schema attribute.
func fieldValue(p any) attr.Value {
	switch p := p.(type) {
	case *string:
		return idValue(*p)
	case **string:
		return types.StringPointerValue(*p)
	case **shares.Time:
		return timeValue(*p)
	case **bool:
		return types.BoolPointerValue(*p)
	case **shares.Integer:
		return types.Int64PointerValue((*int64)(*p))
	}
	return nil // TestEveryFieldHasAStateType names the field
}

func fieldType(p any) attr.Type {
	if v := fieldValue(p); v != nil {
		return v.Type(context.Background())
	}
	return nil
}

func fieldAttribute(p any, doc string) schema.Attribute {
	switch fieldType(p) {
	case types.StringType:
		return computedString(doc)
	case types.BoolType:
		return schema.BoolAttribute{Computed: true, MarkdownDescription: doc}
	case types.Int64Type:
		return schema.Int64Attribute{Computed: true, MarkdownDescription: doc}
	}
	return nil
}

func objectType[T any](fields []shares.Field[T]) types.ObjectType {
	var zero T
	attrTypes := make(map[string]attr.Type, len(fields))
	for _, f := range fields {
		attrTypes[f.Name] = fieldType(f.Of(&zero))
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// timeValue renders a timestamp as Terraform's functions (timecmp,
// timeadd) expect it; null stays null.
func timeValue(t *shares.Time) types.String {
	if t == nil {
		return types.StringNull()
	}
	return types.StringValue(t.RFC3339())
}

// shareAttributes is the schema of shareModel, all computed, from
// ShareFields; data sources override the attributes that are also their
// arguments.
func shareAttributes() map[string]schema.Attribute {
	var zero shares.Share
	attrs := map[string]schema.Attribute{}
	for _, f := range shares.StateFields(shares.ShareFields) {
		if _, nested := f.Of(&zero).(**shares.Backup); nested {
			attrs[f.Name] = schema.SingleNestedAttribute{Computed: true, Attributes: backupAttributes(), MarkdownDescription: f.Doc}
			continue
		}
		attrs[f.Name] = fieldAttribute(f.Of(&zero), f.Doc)
	}
	return attrs
}

// backupAttributes is the schema of the backup object, from BackupFields.
func backupAttributes() map[string]schema.Attribute {
	var zero shares.Backup
	attrs := make(map[string]schema.Attribute, len(backupFields))
	for _, f := range backupFields {
		attrs[f.Name] = fieldAttribute(f.Of(&zero), f.Doc)
	}
	return attrs
}

func computedString(description string) schema.StringAttribute {
	return schema.StringAttribute{Computed: true, MarkdownDescription: description}
}

// resourceComputedAttributes is attrs (computed data source attributes) as
// a resource's computed attributes: the resource shows the same backup
// object with the same descriptions, written once in the field tables;
// describedOn names the data source whose page describes the object's
// attributes.
func resourceComputedAttributes(attrs map[string]schema.Attribute, describedOn string) map[string]rschema.Attribute {
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
				MarkdownDescription: a.MarkdownDescription + " Its attributes are described under `" + name + "` on the `" + describedOn +
					"` data source's page."}
		}
	}
	return out
}
