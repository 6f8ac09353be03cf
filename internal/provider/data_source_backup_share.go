package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/boolvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

var (
	_ datasource.DataSource                     = (*backupShareDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*backupShareDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*backupShareDataSource)(nil)
)

func newBackupShareDataSource() datasource.DataSource { return &backupShareDataSource{} }

type backupShareDataSource struct {
	clientHolder
}

// backupShareModel is the data source's configuration and state: a share
// (shareModel, whose id, backup_id and to_project_id are also arguments)
// and the arguments of its own.
type backupShareModel struct {
	shareModel
	shareScope
	ShareToMe types.Bool     `tfsdk:"share_to_me"`
	Timeouts  timeouts.Value `tfsdk:"timeouts"`
}

func (d *backupShareDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_share"
}

func (d *backupShareDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := shareAttributes()
	// id and backup_id together are refused once, by ExactlyOneOf below.
	attrs["id"] = schema.StringAttribute{
		Optional:            true,
		Computed:            true,
		Validators:          []validator.String{uuidValidator()},
		MarkdownDescription: "ID of the share to read. Exactly one of `id` and `backup_id`. Also computed: after a read by `backup_id` it holds the share's ID.",
	}
	attrs["backup_id"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{uuidValidator()},
		MarkdownDescription: "Find the share of this backup instead of giving its `id`; it is an error unless exactly one share matches (narrow it with " +
			"`to_project_id` or `share_to_me`). Exactly one of `id` and `backup_id`. Also computed: after a read by `id` it holds the share's backup ID."}
	attrs["to_project_id"] = schema.StringAttribute{
		Optional:   true,
		Computed:   true,
		Validators: []validator.String{projectIDValidator(), stringvalidator.ConflictsWith(path.MatchRoot("id"))},
		MarkdownDescription: "ID of the project the backup is shared with. As an argument, with `backup_id`: only the share to this project. Also computed: after " +
			"every read it holds the share's target project.",
	}
	attrs["share_to_me"] = schema.BoolAttribute{
		Optional:            true,
		Validators:          []validator.Bool{boolvalidator.ConflictsWith(path.MatchRoot("id"))},
		MarkdownDescription: "With `backup_id`: `true` looks among the backups shared **with** this project, `false` or unset among those it shares with others.",
	}
	addScopeAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one backup share: by its `id`, or by `backup_id` when exactly one share of that backup matches. " +
			"A share made to this project by another can be read by `id`, or by `backup_id` with `share_to_me = true`. The `timeouts` block's `read` defaults to 5 " +
			"minutes.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

func (d *backupShareDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("backup_id")),
	}
}

func (d *backupShareDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m backupShareModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	readTimeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	client, diags := clientFor(ctx, d.scopes, m.shareScope)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	var share *shares.Share
	var readDiags diag.Diagnostics
	if !m.ID.IsNull() {
		share, readDiags = byID(ctx, client, m.ID.ValueString())
	} else {
		share, readDiags = byBackup(ctx, client, m)
	}
	for _, rd := range readDiags {
		resp.Diagnostics.Append(m.inScope(d.scopes, rd))
	}
	if share == nil {
		return
	}
	m.shareModel = newShareModel(share)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// byID reads a share by id.
func byID(ctx context.Context, client *vbs.Client, id string) (*shares.Share, diag.Diagnostics) {
	var diags diag.Diagnostics
	share, err := shares.Get(ctx, client.ServiceClient, id)
	if errors.Is(err, shares.ErrNotFound) {
		diags.AddAttributeError(
			path.Root("id"),
			"Backup share not found",
			fmt.Sprintf(
				"No backup share with id %q is visible in project %s: it does not exist, was cancelled, or involves neither this project as sharer nor as "+
					"recipient.\n\n%s",
				id,
				client.ProjectID,
				apiErrorDiagnostic("", err, client).Detail(),
			),
		)
		return nil, diags
	}
	if err != nil {
		diags.Append(apiErrorDiagnostic("Cannot read backup share "+id, err, client))
		return nil, diags
	}
	return share, diags
}

// byBackup finds the one share of a backup the arguments select.
func byBackup(ctx context.Context, client *vbs.Client, m backupShareModel) (*shares.Share, diag.Diagnostics) {
	f := shares.Filters{
		BackupID:    m.BackupID.ValueString(),
		ToProjectID: m.ToProjectID.ValueString(),
		ShareToMe:   m.ShareToMe.ValueBoolPointer(),
	}
	matches, err := shares.ListAll(ctx, client.ServiceClient, shares.ListOpts{Filters: f})
	if err != nil {
		return nil, diag.Diagnostics{apiErrorDiagnostic("Cannot look up the shares of backup "+f.BackupID, err, client)}
	}
	matches, diags := screenAnswer(matches, f, client, "the look-up of the shares of backup "+f.BackupID)
	where := fmt.Sprintf("backup %s", f.BackupID)
	if f.ToProjectID != "" {
		where += " to project " + f.ToProjectID
	}
	direction := "shared by project " + client.ProjectID
	if f.ShareToMe != nil && *f.ShareToMe {
		direction = "shared with project " + client.ProjectID
	}
	switch len(matches) {
	case 1:
		return &matches[0], diags
	case 0:
		other := "To read a backup another project shares with this one, set share_to_me = true."
		if f.ShareToMe != nil && *f.ShareToMe {
			other = "To read a share this project made, leave share_to_me unset (or false)."
		}
		diags.AddAttributeError(path.Root("backup_id"), "No backup share found",
			fmt.Sprintf("No share of %s is %s. %s", where, direction, other))
	default:
		lines := make([]string, len(matches))
		for i, s := range matches {
			lines[i] = fmt.Sprintf("  - id %s, to project %s", s.ID, s.ToProjectID)
		}
		diags.AddAttributeError(path.Root("backup_id"), "Several backup shares match",
			safeText(client, fmt.Sprintf("%d shares of %s are %s:\n%s\nSet to_project_id to pick one, or use id; vbs_backup_shares lists them all.",
				len(matches), where, direction, strings.Join(lines, "\n"))))
	}
	return nil, diags
}
