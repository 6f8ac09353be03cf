package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// revokeTimeout bounds one invocation.
const revokeTimeout = 5 * time.Minute

var (
	_ action.Action              = (*revokeSharesAction)(nil)
	_ action.ActionWithConfigure = (*revokeSharesAction)(nil)
)

func newRevokeSharesAction() action.Action { return &revokeSharesAction{} }

// revokeSharesAction cancels a backup's shares: the day-two step a security
// team takes when a backup was shared by mistake (Terraform 1.14 and later).
type revokeSharesAction struct {
	client  *vbs.Client
	refresh *refresher
}

type revokeSharesModel struct {
	BackupID     types.String `tfsdk:"backup_id"`
	ToProjectIDs types.Set    `tfsdk:"to_project_ids"`
}

func (a *revokeSharesAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_shares_revoke"
}

func (a *revokeSharesAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Cancels the shares of a backup that the provider's project made: with every project, or with the projects in " +
			"`to_project_ids`. Run it with `terraform apply -invoke=action.vbs_backup_shares_revoke.NAME`, or from an `action_trigger`. " +
			"It reports each step, and succeeds only when a read-back finds none of those shares left; it says how many it cancelled. " +
			"A backup the project has no share of is not an error: nothing is sent. Only the project that owns a backup can revoke its shares. " +
			"Shares it cancels that a `vbs_backup_share` resource manages are created again by the next apply of that configuration. Terraform 1.14 and later.",
		Attributes: map[string]schema.Attribute{
			"backup_id": schema.StringAttribute{Required: true, Validators: []validator.String{uuidValidator()},
				MarkdownDescription: "ID of the backup whose shares to cancel (a UUID)."},
			"to_project_ids": schema.SetAttribute{
				Optional:    true,
				ElementType: types.StringType,
				Validators:  []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(projectIDValidator())},
				MarkdownDescription: "Cancel only the shares with these projects (project IDs), one request each. Unset: every share of the backup, in one request " +
					"(`is_backup_id=true`); shares a read-back still finds after it are cancelled one by one, each confirmed.",
			},
		},
	}
}

func (a *revokeSharesAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		a.client, a.refresh = pd.scopes.Default(), pd.refresh
	}
}

func (a *revokeSharesAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m revokeSharesModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if a.client == nil {
		resp.Diagnostics.AddError("Provider not configured", "The action ran before the provider was configured. This is a bug in the provider or Terraform; "+
			"please report it.")
		return
	}
	var to []string
	resp.Diagnostics.Append(m.ToProjectIDs.ElementsAs(ctx, &to, false)...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, revokeTimeout)
	defer cancel()
	backupID := m.BackupID.ValueString()
	progress := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: safeText(a.client, msg)}) }
	defer a.refresh.BeginWrite()()
	done, err := shares.RevokeBackup(ctx, a.client.ServiceClient, a.client.ProjectID, backupID, to, progress)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot revoke the shares of backup "+backupID, err, a.client))
		return
	}
	if len(done.Cancelled) == 0 {
		progress(fmt.Sprintf("project %s has no share of backup %s%s: nothing to cancel (only the project that owns a backup shares it)",
			a.client.ProjectID, backupID, withProjects(to)))
		return
	}
	projects := make([]string, len(done.Cancelled))
	for i, s := range done.Cancelled {
		projects[i] = s.ToProjectID
	}
	progress(fmt.Sprintf("cancelled %s of backup %s, confirmed by reading back: no longer shared with %s",
		shares.Plural(len(done.Cancelled), "share"), backupID, strings.Join(projects, ", ")))
}

func withProjects(to []string) string {
	if len(to) == 0 {
		return ""
	}
	return " with " + strings.Join(to, ", ")
}
