package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

var (
	_ datasource.DataSource                     = (*cbrBackupShareDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*cbrBackupShareDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*cbrBackupShareDataSource)(nil)
)

func newCBRBackupShareDataSource() datasource.DataSource { return &cbrBackupShareDataSource{} }

type cbrBackupShareDataSource struct {
	clientHolder
}

// cbrBackupShareArgs are the data source's arguments; its other
// attributes are set from the table (members.ShareFields).
type cbrBackupShareArgs struct {
	shareScope
	ID            types.String   `tfsdk:"id"`
	BackupID      types.String   `tfsdk:"backup_id"`
	DestProjectID types.String   `tfsdk:"dest_project_id"`
	Timeouts      timeouts.Value `tfsdk:"timeouts"`
}

func (d *cbrBackupShareDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_share"
}

func (d *cbrBackupShareDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := cbrShareAttributes()
	attrs["id"] = schema.StringAttribute{Optional: true, Computed: true,
		Validators: []validator.String{stringvalidator.RegexMatches(cbrShareIDPattern, "must be <backup_id>/<dest_project_id>")},
		MarkdownDescription: "The share to read, `<backup_id>/<dest_project_id>` (as `vbs_cbr_backup_shares` lists it in `ids`). Either this, or " +
			"`backup_id` and `dest_project_id`. Also computed."}
	attrs["backup_id"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{uuidValidator()},
		MarkdownDescription: "ID of the shared backup, one of this project's. With `dest_project_id`, instead of `share_id`."}
	attrs["dest_project_id"] = schema.StringAttribute{Optional: true, Computed: true, Validators: []validator.String{projectIDValidator()},
		MarkdownDescription: "ID of the project the backup is shared with. With `backup_id`, instead of `share_id`."}
	addScopeAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one share of a Cloud Backup and Recovery (CBR) backup of this project with another project (a member of the " +
			"backup), and the backup: 2 requests. A share that is not there is an error. The `timeouts` block's `read` defaults to 5 minutes.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

func (d *cbrBackupShareDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("backup_id")),
		datasourcevalidator.RequiredTogether(path.MatchRoot("backup_id"), path.MatchRoot("dest_project_id")),
	}
}

func (d *cbrBackupShareDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var args cbrBackupShareArgs
	for _, name := range []string{"id", "backup_id", "dest_project_id", "project_id", "region"} {
		var v types.String
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		switch name {
		case "id":
			args.ID = v
		case "backup_id":
			args.BackupID = v
		case "dest_project_id":
			args.DestProjectID = v
		case "project_id":
			args.ProjectID = v
		case "region":
			args.Region = v
		}
	}
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("timeouts"), &args.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	backupID, projectID := args.BackupID.ValueString(), args.DestProjectID.ValueString()
	if !args.ID.IsNull() {
		var err error
		if backupID, projectID, err = parseCBRShareID(args.ID.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid share ID", err.Error())
			return
		}
	}
	readTimeout, diags := args.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, d.scopes, args.shareScope)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	share, err := readCBRShare(ctx, sc, client.ProjectID, backupID, projectID)
	if members.Gone(err) {
		resp.Diagnostics.AddError("No such CBR backup share",
			"Backup "+backupID+" of project "+client.ProjectID+" is not shared with project "+projectID+": the backup is not this project's, "+
				"or it has no member for that project.")
		return
	}
	if err != nil {
		resp.Diagnostics.Append(args.inScope(d.scopes, apiErrorDiagnostic("Cannot read the CBR backup share "+cbrShareID(backupID, projectID), err, client)))
		return
	}
	resp.Diagnostics.Append(setCBRShare(ctx, &resp.State, share)...)
}
