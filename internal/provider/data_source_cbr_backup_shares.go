package provider

import (
	"context"
	"fmt"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

var (
	_ datasource.DataSource                   = (*cbrBackupSharesDataSource)(nil)
	_ datasource.DataSourceWithConfigure      = (*cbrBackupSharesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*cbrBackupSharesDataSource)(nil)
)

func newCBRBackupSharesDataSource() datasource.DataSource { return &cbrBackupSharesDataSource{} }

type cbrBackupSharesDataSource struct {
	clientHolder
}

type cbrBackupSharesModel struct {
	shareScope
	OwnType       types.String   `tfsdk:"own_type"`
	BackupID      types.String   `tfsdk:"backup_id"`
	DestProjectID types.String   `tfsdk:"dest_project_id"`
	Status        types.String   `tfsdk:"status"`
	VaultID       types.String   `tfsdk:"vault_id"`
	MemberStatus  types.String   `tfsdk:"member_status"`
	Shares        types.List     `tfsdk:"shares"`
	IDs           types.List     `tfsdk:"ids"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (d *cbrBackupSharesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_shares"
}

func (d *cbrBackupSharesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	optional := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: validators}
	}
	attrs := map[string]schema.Attribute{
		"own_type": optional("Which side to read: `private` (default), the members of this project's own backups, about two requests a backup; or "+
			"`shared`, the backups other projects share with this project, with this project's status for each.",
			stringvalidator.OneOf(members.OwnPrivate, members.OwnShared)),
		"backup_id": optional("Only this backup (a UUID). With `own_type = \"private\"` only its members are read (2 requests instead of one a "+
			"backup).", uuidValidator()),
		"dest_project_id": optional("Only the member for this project (a project ID). `own_type = \"private\"` only.", projectIDValidator()),
		"status": optional("Only members in this status: `pending`, `accepted` or `rejected`. `own_type = \"private\"` only; use `member_status` "+
			"for `shared`.", stringvalidator.OneOf(members.Statuses...)),
		"vault_id": optional("Only members accepted into this vault of the recipient (a UUID). `own_type = \"private\"` only.", uuidValidator()),
		"member_status": optional("Only backups whose share with this project is in this status: `pending` (open invitations), `accepted` or "+
			"`rejected`. `own_type = \"shared\"` only.", stringvalidator.OneOf(members.Statuses...)),
		"ids": schema.ListAttribute{Computed: true, ElementType: types.StringType,
			MarkdownDescription: "IDs of the shares, `<backup_id>/<dest_project_id>` (the import ID of `vbs_cbr_backup_share`), in the order of `shares`."},
		"shares": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The shares, by backup.",
			NestedObject: schema.NestedAttributeObject{Attributes: cbrShareAttributes()}},
	}
	addScopeAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the Cloud Backup and Recovery (CBR) backup shares of a project: the members of its own backups (every project " +
			"each backup is shared with, with the share's status and the recipient's vault), or with `own_type = \"shared\"` the backups other " +
			"projects share with it. CBR has no project-wide member list: the private side reads the backup list, then each backup's members, " +
			"16 at a time (a project with 1,000 backups costs about 2,003 requests: each backup's members and the empty page that proves their end). No match gives empty lists, not an error. " +
			"The `timeouts` block's `read` defaults to 5 minutes.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

// ValidateConfig refuses filters of the other side.
func (d *cbrBackupSharesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var m cbrBackupSharesModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() || m.OwnType.IsUnknown() {
		return
	}
	shared := m.OwnType.ValueString() == members.OwnShared
	for name, v := range map[string]types.String{"dest_project_id": m.DestProjectID, "status": m.Status, "vault_id": m.VaultID} {
		if shared && !v.IsNull() {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Filter of the other side",
				name+" filters the members of this project's own backups: remove it, or set own_type = \"private\".")
		}
	}
	if !shared && !m.MemberStatus.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("member_status"), "Filter of the other side",
			"member_status filters the backups shared with this project: set own_type = \"shared\", or filter this project's members with status.")
	}
}

func (d *cbrBackupSharesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m cbrBackupSharesModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	readTimeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, d.scopes, m.shareScope)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	list, diags := readCBRShares(ctx, client, sc, m)
	for _, diagnostic := range diags {
		resp.Diagnostics.Append(m.inScope(d.scopes, diagnostic))
	}
	if resp.Diagnostics.HasError() {
		return
	}
	values := make([]attr.Value, len(list))
	ids := make([]attr.Value, len(list))
	for i := range list {
		values[i] = cbrShareValue(&list[i])
		ids[i] = types.StringPointerValue(list[i].ID)
	}
	m.Shares, diags = types.ListValue(cbrShareType(), values)
	resp.Diagnostics.Append(diags...)
	m.IDs, diags = types.ListValue(types.StringType, ids)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// readCBRShares reads the side the configuration asks for.
func readCBRShares(ctx context.Context, client *vbs.Client, sc *gophercloud.ServiceClient, m cbrBackupSharesModel) ([]members.Share, diag.Diagnostics) {
	var diags diag.Diagnostics
	if m.OwnType.ValueString() == members.OwnShared {
		got, err := members.ListSharedWithMe(ctx, sc, client.ProjectID, m.MemberStatus.ValueString())
		if err != nil {
			return nil, diag.Diagnostics{apiErrorDiagnostic("Cannot list the CBR backups shared with project "+client.ProjectID, err, client)}
		}
		if got.Own > 0 {
			diags.AddWarning("Answers that contradict the question", fmt.Sprintf("The list of backups shared with project %s held %d of the "+
				"project's own backups (the service appears to ignore own_type); they were left out.", client.ProjectID, got.Own))
		}
		if got.Ambiguous > 0 {
			diags.AddWarning("Share status unknown", fmt.Sprintf("%d backups shared with project %s were listed under more than one member_status: "+
				"the service appears to ignore that filter, so their status is null (unknown), not guessed.", got.Ambiguous, client.ProjectID))
		}
		list := got.Shares[:0]
		for _, s := range got.Shares {
			if m.BackupID.IsNull() || *s.BackupID == m.BackupID.ValueString() {
				list = append(list, s)
			}
		}
		return list, diags
	}
	audit, err := members.ListShares(ctx, sc, client.ProjectID, members.AuditOpts{
		BackupID: m.BackupID.ValueString(),
		ListOpts: members.ListOpts{DestProjectID: m.DestProjectID.ValueString(), Status: m.Status.ValueString(), VaultID: m.VaultID.ValueString()},
	})
	if err != nil {
		return nil, diag.Diagnostics{apiErrorDiagnostic("Cannot list the CBR backup shares of project "+client.ProjectID, err, client)}
	}
	if audit.Foreign > 0 {
		diags.AddWarning("Answers that contradict the question", fmt.Sprintf("The list of project %s's own backups held %d backups of other "+
			"projects (the service appears to ignore own_type); they were left out.", client.ProjectID, audit.Foreign))
	}
	if audit.Dropped > 0 {
		diags.AddWarning("Answers that contradict the filters", fmt.Sprintf("The service answered %d members that contradict the filters asked "+
			"for; they were left out.", audit.Dropped))
	}
	return audit.Shares, diags
}
