package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

var (
	_ list.ListResource              = (*cbrBackupShareList)(nil)
	_ list.ListResourceWithConfigure = (*cbrBackupShareList)(nil)
)

func newCBRBackupShareList() list.ListResource { return &cbrBackupShareList{} }

// cbrBackupShareList finds the members of the project's CBR backups for
// `terraform query` (Terraform 1.14 and later), to import as
// vbs_cbr_backup_share.
type cbrBackupShareList struct {
	resourceClientHolder
}

type cbrBackupShareListModel struct {
	shareScope
	BackupID      types.String `tfsdk:"backup_id"`
	DestProjectID types.String `tfsdk:"dest_project_id"`
	Status        types.String `tfsdk:"status"`
	VaultID       types.String `tfsdk:"vault_id"`
}

func (l *cbrBackupShareList) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_share"
}

func (l *cbrBackupShareList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	filter := func(description string, v validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: []validator.String{v}}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Finds the shares of the project's CBR backups (their members) to import as `vbs_cbr_backup_share`. CBR has no " +
			"project-wide member list: every backup's members are read (about two requests a backup), whatever `limit` says; `backup_id` " +
			"makes it 2 requests. Each result carries the share's identity and, with `include_resource`, its attributes.",
		Attributes: map[string]schema.Attribute{
			"backup_id":       filter("Only this backup's members (a UUID).", uuidValidator()),
			"dest_project_id": filter("Only the members for this project (a project ID).", projectIDValidator()),
			"status":          filter("Only members in this status: `pending`, `accepted` or `rejected`.", stringvalidator.OneOf(members.Statuses...)),
			"vault_id":        filter("Only members accepted into this vault of the recipient (a UUID).", uuidValidator()),
		},
	}
	for name, description := range scopeDescriptions {
		resp.Schema.Attributes[name] = schema.StringAttribute{Optional: true, Validators: []validator.String{scopeValidators[name]()},
			MarkdownDescription: description}
	}
}

func (l *cbrBackupShareList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var m cbrBackupShareListModel
	if diags := req.Config.Get(ctx, &m); diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	if l.scopes == nil {
		stream.Results = list.NoListResults
		return
	}
	client, sc, diags := cbrClientFor(ctx, l.scopes, m.shareScope)
	if diags.HasError() {
		stream.Results = list.ListResultsStreamDiagnostics(diags)
		return
	}
	audit, err := members.ListShares(ctx, sc, client.ProjectID, members.AuditOpts{
		BackupID: m.BackupID.ValueString(),
		ListOpts: members.ListOpts{DestProjectID: m.DestProjectID.ValueString(), Status: m.Status.ValueString(), VaultID: m.VaultID.ValueString()},
	})
	if err != nil {
		stream.Results = list.ListResultsStreamDiagnostics(
			diag.Diagnostics{m.inScope(l.scopes, apiErrorDiagnostic("Cannot list CBR backup shares", err, client))},
		)
		return
	}
	stream.Results = func(push func(list.ListResult) bool) {
		for i := range audit.Shares {
			s := &audit.Shares[i]
			if req.Limit > 0 && int64(i) >= req.Limit {
				return
			}
			result := req.NewListResult(ctx)
			result.DisplayName = cbrDisplayName(s)
			result.Diagnostics.Append(result.Identity.Set(ctx, cbrShareIdentity{
				BackupID: types.StringPointerValue(s.BackupID), DestProjectID: types.StringPointerValue(s.DestProjectID),
			})...)
			if req.IncludeResource {
				result.Diagnostics.Append(setCBRShare(ctx, result.Resource, s)...)
				result.Diagnostics.Append(result.Resource.SetAttribute(ctx, path.Root("timeouts"), nullResourceTimeouts())...)
			}
			if !push(result) {
				return
			}
		}
	}
}

// cbrDisplayName is what a person reads in query results.
func cbrDisplayName(s *members.Share) string {
	backup, to, status := "?", "?", "?"
	if s.BackupID != nil {
		backup = *s.BackupID
	}
	if s.Backup != nil && s.Backup.Name != nil && *s.Backup.Name != "" {
		backup = *s.Backup.Name
	}
	if s.DestProjectID != nil {
		to = *s.DestProjectID
	}
	if s.Status != nil {
		status = *s.Status
	}
	return vbs.EscapeControls(fmt.Sprintf("CBR backup %s shared with project %s (%s)", backup, to, status))
}
