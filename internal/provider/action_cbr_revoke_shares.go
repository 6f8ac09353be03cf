package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

var (
	_ action.Action              = (*cbrRevokeAction)(nil)
	_ action.ActionWithConfigure = (*cbrRevokeAction)(nil)
)

func newCBRRevokeAction() action.Action { return &cbrRevokeAction{} }

// cbrRevokeAction ends a CBR backup's shares: every member of the backup,
// or those of some projects (Terraform 1.14 and later).
type cbrRevokeAction struct {
	scopes *vbs.Scopes
}

type cbrRevokeModel struct {
	shareScope
	BackupID       types.String `tfsdk:"backup_id"`
	DestProjectIDs types.Set    `tfsdk:"dest_project_ids"`
}

func (a *cbrRevokeAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_shares_revoke"
}

func (a *cbrRevokeAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Ends the shares of a CBR backup: every member of the backup, or those for the projects in `dest_project_ids`, one " +
			"DELETE each (CBR has no call for all of a backup's members). It succeeds only when a read of the backup's members finds none of " +
			"them left, and says how many it ended. A backup with no such member is not an error: nothing is sent. Shares that a " +
			"`vbs_cbr_backup_share` resource manages are made again by the next apply of that configuration. Run it with " +
			"`terraform apply -invoke=action.vbs_cbr_backup_shares_revoke.NAME`. Terraform 1.14 and later.",
		Attributes: map[string]schema.Attribute{
			"backup_id": schema.StringAttribute{Required: true, Validators: []validator.String{uuidValidator()},
				MarkdownDescription: "ID of the CBR backup whose shares to end (a UUID)."},
			"dest_project_ids": schema.SetAttribute{Optional: true, ElementType: types.StringType,
				Validators:          []validator.Set{setvalidator.SizeAtLeast(1), setvalidator.ValueStringsAre(projectIDValidator())},
				MarkdownDescription: "End only the shares with these projects (project IDs). Unset: every member of the backup."},
			"project_id": schema.StringAttribute{Optional: true, Validators: []validator.String{projectIDValidator()},
				MarkdownDescription: "The project that owns the backup. Default: the provider's project."},
			"region": schema.StringAttribute{Optional: true, Validators: []validator.String{regionValidator()},
				MarkdownDescription: "The region to work in. Default: the provider's region."},
		},
	}
}

func (a *cbrRevokeAction) Configure(_ context.Context, req action.ConfigureRequest, resp *action.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		a.scopes = pd.scopes
	}
}

func (a *cbrRevokeAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var m cbrRevokeModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	var only []string
	if resp.Diagnostics.Append(m.DestProjectIDs.ElementsAs(ctx, &only, false)...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, revokeTimeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, a.scopes, m.shareScope)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	progress := func(msg string) { resp.SendProgress(action.InvokeProgressEvent{Message: safeText(client, msg)}) }
	backupID := m.BackupID.ValueString()
	targets, err := a.members(ctx, sc, backupID, only)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot read the members of CBR backup "+backupID, err, client))
		return
	}
	if len(targets) == 0 {
		progress(fmt.Sprintf("CBR backup %s of project %s has no share%s: nothing to end", backupID, client.ProjectID, withProjects(only)))
		return
	}
	for _, p := range targets {
		progress(fmt.Sprintf("ending the share of CBR backup %s with project %s", backupID, p))
		if err := members.Delete(ctx, sc, backupID, p); err != nil {
			resp.Diagnostics.Append(apiErrorDiagnostic("Cannot end the share of CBR backup "+backupID+" with project "+p, err, client))
			return
		}
	}
	left, err := a.members(ctx, sc, backupID, targets)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("The shares were ended, but reading the backup's members back failed", err, client))
	case len(left) > 0:
		resp.Diagnostics.AddError(
			"Shares still there",
			fmt.Sprintf("After ending them, CBR backup %s is still shared with %s.", backupID, strings.Join(left, ", ")),
		)
	default:
		progress(fmt.Sprintf("ended %s of CBR backup %s, confirmed by reading back: no longer shared with %s",
			shares.Plural(len(targets), "share"), backupID, strings.Join(targets, ", ")))
	}
}

// members lists the projects a backup is shared with, those in only where
// it is set.
func (a *cbrRevokeAction) members(ctx context.Context, sc *gophercloud.ServiceClient, backupID string, only []string) ([]string, error) {
	list, _, err := members.List(ctx, sc, backupID, members.ListOpts{})
	if members.Gone(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range list {
		// Project IDs are hexadecimal: "ABC…" and "abc…" are one project.
		if m.DestProjectID != nil && (len(only) == 0 || slices.ContainsFunc(only, func(p string) bool { return strings.EqualFold(p, *m.DestProjectID) })) {
			out = append(out, *m.DestProjectID)
		}
	}
	slices.Sort(out)
	return out, nil
}
