package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

var (
	_ list.ListResource                   = (*backupShareList)(nil)
	_ list.ListResourceWithConfigure      = (*backupShareList)(nil)
	_ list.ListResourceWithValidateConfig = (*backupShareList)(nil)
)

func newBackupShareList() list.ListResource { return &backupShareList{} }

// backupShareList finds existing shares for `terraform query` (Terraform
// 1.14 and later), so that they can be imported as vbs_backup_share.
type backupShareList struct {
	resourceClientHolder
}

func (l *backupShareList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_share"
}

func (l *backupShareList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: description,
			Validators:          append([]validator.String{stringvalidator.LengthAtLeast(1)}, validators...),
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds backup shares to import as `vbs_backup_share`: by default the shares this project made. " +
			"Every argument is a filter of the service's list operation. Each result carries the share's identity and, with `include_resource`, its attributes.",
		Attributes: map[string]schema.Attribute{
			"share_to_me": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Only `false` (or unset): the list finds shares to import as `vbs_backup_share`, " +
					"which manages the shares this project made. Shares other projects made **to** this one cannot be managed here; read them with the " +
					"`vbs_backup_shares` data source and `share_to_me = true`.",
			},
			"backup_id":         filter(filterDescriptions["backup_id"], uuidValidator()),
			"to_project_id":     filter(filterDescriptions["to_project_id"], projectIDValidator()),
			"from_project_id":   filter(filterDescriptions["from_project_id"], projectIDValidator()),
			"volume_id":         filter(filterDescriptions["volume_id"], uuidValidator()),
			"name":              filter(filterDescriptions["name"]),
			"status":            filter(filterDescriptions["status"], stringvalidator.OneOf(shares.Statuses...)),
			"availability_zone": filter(filterDescriptions["availability_zone"]),
		},
	}
	for name, description := range scopeDescriptions {
		resp.Schema.Attributes[name] = schema.StringAttribute{
			Optional:   true,
			Validators: []validator.String{scopeValidators[name]()},
			MarkdownDescription: description + " `vbs_backup_share` imports only the shares of the provider's own project and region: import another project's " +
				"through a provider alias configured for it.",
		}
	}
}

// backupShareListModel is the list resource's configuration.
type backupShareListModel struct {
	shareFilters
	shareScope
}

// ValidateListResourceConfig refuses share_to_me = true: what it would find
// cannot be imported (only the project that shares a backup manages the
// share), and -generate-config-out would write import blocks that fail.
func (l *backupShareList) ValidateListResourceConfig(ctx context.Context, req list.ValidateConfigRequest, resp *list.ValidateConfigResponse) {
	var toMe types.Bool
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("share_to_me"), &toMe)...)
	if toMe.ValueBool() {
		resp.Diagnostics.AddAttributeError(path.Root("share_to_me"), "Shares made to this project cannot be imported",
			"The vbs_backup_share list resource finds shares to import as vbs_backup_share, which manages only the shares this project made: "+
				"a share another project made to this one is that project's to cancel. Read such shares with the vbs_backup_shares data source and share_to_me = true.")
	}
}

func (l *backupShareList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m backupShareListModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.scopes == nil {
		stream.Results = list.NoListResults
		return
	}
	client, diags := clientFor(ctx, l.scopes, m.shareScope)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	opts := shares.ListOpts{Filters: m.toFilters()}
	var found []shares.Share
	var err error
	if req.Limit > 0 && req.Limit <= shares.MaxListShares {
		// terraform query shows at most limit results (100 by default):
		// read that window, not the whole list.
		limit := int(req.Limit)
		opts.Limit = &limit
		found, err = shares.ListWindow(ctx, client.ServiceClient, opts)
	} else {
		found, err = shares.ListAll(ctx, client.ServiceClient, opts)
	}
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(diag.Diagnostics{m.inScope(l.scopes, apiErrorDiagnostic("Cannot list backup shares", err, client))})
		return
	}
	found, screenDiags := screenAnswer(found, opts.Filters, client, "the list of backup shares")
	if len(found) == 0 && len(screenDiags) > 0 {
		stream.Results = list.ListResultsStreamDiagnostics(screenDiags)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		pushed := int64(0)
		for i := range found {
			s := &found[i]
			if req.Limit > 0 && pushed >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			if i == 0 {
				// The warning travels with the first result: a stream has
				// no other place for it.
				result.Diagnostics.Append(screenDiags...)
			}
			result.DisplayName = shareDisplayName(s)
			result.Diagnostics.Append(result.Identity.Set(ctx, backupShareIdentity{ID: types.StringValue(s.ID)})...)
			if req.IncludeResource {
				result.Diagnostics.Append(result.Resource.Set(ctx, backupShareResourceModel{shareModel: newShareModel(s), Timeouts: nullResourceTimeouts()})...)
			}
			pushed++
			if !push(result) {
				return
			}
		}
	}
}

// shareDisplayName is what a person reads in query results: the backup by
// name (or id) and the project it goes to.
func shareDisplayName(s *shares.Share) string {
	backup := s.BackupID
	if s.Backup != nil && s.Backup.Name != nil && *s.Backup.Name != "" {
		backup = *s.Backup.Name
	}
	// Server text, shown on a terminal by terraform query.
	return vbs.EscapeControls(fmt.Sprintf("backup %s shared with project %s", backup, s.ToProjectID))
}

// nullResourceTimeouts is the resource's timeouts block, null, as a found
// share has none.
func nullResourceTimeouts() timeouts.Value {
	return timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{"create": types.StringType, "read": types.StringType, "delete": types.StringType})}
}
