package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	rschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

// A CBR share (a backup's member, with the backup) in Terraform state, as
// the vbs_cbr_* data sources and resources hold it: its attributes, their
// descriptions and values come from the members package's field tables
// (members.ShareFields, members.BackupFields); a new field is a line there.
// Null (absent, or "") stays null; timestamps are RFC 3339 in UTC.

// cbrBackupType and cbrShareType are the object types of the tables.
func cbrBackupType() types.ObjectType { return cbrObjectType(members.BackupFields) }
func cbrShareType() types.ObjectType  { return cbrObjectType(members.ShareFields) }

// cbrFieldValue is the Go field p points at as a Terraform value: the
// share model's mapping of Go types (fieldValue), and the nested backup.
func cbrFieldValue(p any) attr.Value {
	if b, ok := p.(**members.Backup); ok {
		return cbrObject(*b, members.BackupFields, cbrBackupType())
	}
	return fieldValue(p) // nil for a type it does not know: TestCBRFieldsHaveStateTypes names the field
}

func cbrFieldType(p any) attr.Type {
	if _, ok := p.(**members.Backup); ok {
		return cbrBackupType()
	}
	return fieldType(p)
}

func cbrObjectType[T any](fields []members.Field[T]) types.ObjectType {
	var zero T
	attrTypes := make(map[string]attr.Type, len(fields))
	for _, f := range fields {
		attrTypes[f.Name] = cbrFieldType(f.Of(&zero))
	}
	return types.ObjectType{AttrTypes: attrTypes}
}

// cbrObject is obj's object value by its table; nil is null.
func cbrObject[T any](obj *T, fields []members.Field[T], typ types.ObjectType) types.Object {
	if obj == nil {
		return types.ObjectNull(typ.AttrTypes)
	}
	values := make(map[string]attr.Value, len(fields))
	for _, f := range fields {
		values[f.Name] = cbrFieldValue(f.Of(obj))
	}
	v, diags := types.ObjectValue(typ.AttrTypes, values)
	if diags.HasError() {
		return types.ObjectUnknown(typ.AttrTypes) // Terraform names it as a provider bug
	}
	return v
}

// cbrShareValue is a share as the data sources list it.
func cbrShareValue(s *members.Share) types.Object {
	return cbrObject(s, members.ShareFields, cbrShareType())
}

// cbrShareAttributes is the schema of a share, all computed, from the
// tables; data sources override the attributes that are also arguments.
func cbrShareAttributes() map[string]schema.Attribute {
	return cbrAttributes(members.ShareFields)
}

func cbrAttributes[T any](fields []members.Field[T]) map[string]schema.Attribute {
	var zero T
	attrs := make(map[string]schema.Attribute, len(fields))
	for _, f := range fields {
		if _, nested := f.Of(&zero).(**members.Backup); nested {
			attrs[f.Name] = schema.SingleNestedAttribute{Computed: true, Attributes: cbrAttributes(members.BackupFields), MarkdownDescription: f.Doc}
			continue
		}
		attrs[f.Name] = fieldAttribute(f.Of(&zero), f.Doc) // the share model's mapping, as for VBS
	}
	return attrs
}

// cbrShareID is the import and state ID of a member:
// <backup_id>/<dest_project_id>.
func cbrShareID(backupID, projectID string) string { return backupID + "/" + projectID }

// parseCBRShareID splits a <backup_id>/<dest_project_id> ID.
func parseCBRShareID(id string) (backupID, projectID string, err error) {
	backupID, projectID, ok := strings.Cut(id, "/")
	if !ok || !uuidPattern.MatchString(backupID) || !projectIDPattern.MatchString(projectID) {
		return "", "", fmt.Errorf("%q is not <backup_id>/<dest_project_id>: a backup ID (a UUID), a slash, and a project ID (32 lowercase hexadecimal "+
			"characters)", id)
	}
	return backupID, projectID, nil
}

// cbrClientFor is the scope's client and its CBR service client.
func cbrClientFor(ctx context.Context, scopes *vbs.Scopes, sc shareScope) (*vbs.Client, *gophercloud.ServiceClient, diag.Diagnostics) {
	client, diags := clientFor(ctx, scopes, sc)
	if diags.HasError() {
		return nil, nil, diags
	}
	cbr, err := client.CBR()
	if err != nil {
		diags.AddError("No CBR endpoint for "+scopeName(scopes, sc), safeText(client, err.Error())+".")
		return nil, nil, diags
	}
	if client.FirstCBRInClear() {
		diags.AddWarning("CBR endpoint of "+scopeName(scopes, sc)+" uses http://",
			fmt.Sprintf("Requests for CBR go to %s: tokens and signed requests to it travel unencrypted. Use an https:// endpoint "+
				"(cbr_endpoint).", vbs.ShowURL(cbr.ResourceBase)))
	}
	return client, cbr, diags
}

// cbrShareIDPattern is the form of a CBR share's ID.
var cbrShareIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/[0-9a-f]{32}$`)

// readCBRShare reads the member of a backup of project for projectID, and
// the backup: 2 requests. The member's backup and project are those asked
// for (members.Get checks the answer against them), so they are known
// even where the answer leaves them out.
func readCBRShare(ctx context.Context, sc *gophercloud.ServiceClient, project, backupID, projectID string) (*members.Share, error) {
	m, err := members.Get(ctx, sc, backupID, projectID)
	if err != nil {
		return nil, err
	}
	b, err := members.GetBackup(ctx, sc, backupID)
	if err != nil {
		return nil, err
	}
	if m.BackupID == nil {
		m.BackupID = &backupID
	}
	if m.DestProjectID == nil {
		m.DestProjectID = &projectID
	}
	owner := b.ProjectID
	if owner == nil {
		owner = &project
	}
	s := members.NewShare(*m, owner, b)
	return &s, nil
}

// attributeSetter is a state, or a list result's resource.
type attributeSetter interface {
	SetAttribute(ctx context.Context, p path.Path, v any) diag.Diagnostics
}

// setCBRShare sets a share's attributes, from the table.
func setCBRShare(ctx context.Context, state attributeSetter, s *members.Share) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range members.ShareFields {
		diags.Append(state.SetAttribute(ctx, path.Root(f.Name), cbrFieldValue(f.Of(s)))...)
	}
	return diags
}

// addResourceScopeAttributes adds project_id and region to a CBR
// resource: the project (and region) it works in, the provider's by
// default; changing either replaces the resource.
func addResourceScopeAttributes(attrs map[string]rschema.Attribute, projectDescription string) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs["project_id"] = rschema.StringAttribute{Optional: true, PlanModifiers: replace, Validators: []validator.String{projectIDValidator()},
		MarkdownDescription: projectDescription + " The provider's credentials serve every project they reach, as for the data sources."}
	attrs["region"] = rschema.StringAttribute{Optional: true, PlanModifiers: replace, Validators: []validator.String{regionValidator()},
		MarkdownDescription: "The region to work in. Default: the provider's region."}
}
