package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

var (
	_ resource.Resource                = (*cbrAcceptanceResource)(nil)
	_ resource.ResourceWithConfigure   = (*cbrAcceptanceResource)(nil)
	_ resource.ResourceWithImportState = (*cbrAcceptanceResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*cbrAcceptanceResource)(nil)
)

func newCBRAcceptanceResource() resource.Resource { return &cbrAcceptanceResource{} }

// cbrAcceptanceResource is the recipient's answer to a CBR backup another
// project shares with the provider's project: accepted into one of its
// vaults, or rejected.
type cbrAcceptanceResource struct {
	resourceClientHolder
}

type cbrAcceptanceModel struct {
	shareScope
	ID              types.String   `tfsdk:"id"`
	BackupID        types.String   `tfsdk:"backup_id"`
	Status          types.String   `tfsdk:"status"`
	VaultID         types.String   `tfsdk:"vault_id"`
	SourceProjectID types.String   `tfsdk:"source_project_id"`
	Backup          types.Object   `tfsdk:"backup"`
	Timeouts        timeouts.Value `tfsdk:"timeouts"`
}

func (r *cbrAcceptanceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_share_acceptance"
}

// acceptanceDestroyWarning is what destroying the resource does, said in
// the plan and the docs.
const acceptanceDestroyWarning = "Destroying vbs_cbr_backup_share_acceptance changes nothing on the service: CBR documents no way back to " +
	"`pending`, so the backup stays as it is (an accepted backup stays in its vault). To give an accepted backup up, set `status = \"rejected\"` " +
	"and apply before removing the resource; the owner can also end the share."

func (r *cbrAcceptanceResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	backupType := cbrBackupType()
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "The backup's ID."},
		"backup_id": schema.StringAttribute{Required: true, Validators: []validator.String{uuidValidator()},
			PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			MarkdownDescription: "ID of the backup another project shares with the provider's project. Changing it answers another backup."},
		"status": schema.StringAttribute{Required: true,
			Validators:          []validator.String{stringvalidator.OneOf(members.StatusAccepted, members.StatusRejected)},
			MarkdownDescription: "`accepted` (with `vault_id`) or `rejected`."},
		"vault_id": schema.StringAttribute{Optional: true, Validators: []validator.String{uuidValidator()},
			MarkdownDescription: "The provider's project's vault to accept the backup into, of the backup's resource type with room for it. " +
				"Required with `status = \"accepted\"`; not used with `rejected`."},
		"source_project_id": schema.StringAttribute{Computed: true, PlanModifiers: keep,
			MarkdownDescription: "ID of the project that shares the backup."},
		"backup": schema.ObjectAttribute{Computed: true, AttributeTypes: backupType.AttrTypes,
			PlanModifiers: []planmodifier.Object{objectplanmodifier.UseStateForUnknown()},
			MarkdownDescription: "The shared backup, as the backup list reports it. Its attributes are described under `backup` on the " +
				"`vbs_cbr_backup_shares` data source's page."},
	}
	addResourceScopeAttributes(attrs, "The project that answers, the one the backup is shared with (a project ID). Default: the provider's project.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "A project (by default the provider's) answers a Cloud Backup and Recovery (CBR) backup another project shares with it: " +
			"`accepted` into one of its vaults, or `rejected`. The answer is done when the backup list shows the backup in that status. " +
			"Changing `status` or `vault_id` answers again in place (the service decides which changes it allows: the emulator, as the " +
			"reference, allows pending to accepted or rejected, rejected to accepted, and accepted to rejected). " + acceptanceDestroyWarning +
			" Import by the backup's ID.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Update: true})},
	}
}

// ModifyPlan checks what the arguments alone can tell, and warns what a
// destroy does.
func (r *cbrAcceptanceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		resp.Diagnostics.AddWarning("Destroying an answer to a shared backup changes nothing", acceptanceDestroyWarning)
		return
	}
	var m cbrAcceptanceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &m)...); resp.Diagnostics.HasError() || m.Status.IsUnknown() || m.VaultID.IsUnknown() {
		return
	}
	if m.Status.ValueString() == members.StatusAccepted && m.VaultID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("vault_id"), "vault_id is required to accept",
			"A backup is accepted into a vault of the provider's project: set vault_id to one of its vaults of the backup's resource type.")
	}
	if m.Status.ValueString() == members.StatusRejected && !m.VaultID.IsNull() {
		resp.Diagnostics.AddAttributeError(path.Root("vault_id"), "vault_id is for accepting", "A rejected backup goes into no vault: remove vault_id.")
	}
	if !m.BackupID.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), m.BackupID)...)
	}
}

func (r *cbrAcceptanceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.apply(ctx, req.Plan, (*cbrAcceptanceModel).createTimeout, &resp.State, &resp.Diagnostics)
}

// Update answers again: a new status or vault.
func (r *cbrAcceptanceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.apply(ctx, req.Plan, (*cbrAcceptanceModel).updateTimeout, &resp.State, &resp.Diagnostics)
}

func (m *cbrAcceptanceModel) createTimeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Create(ctx, defaultWriteTimeout)
}

func (m *cbrAcceptanceModel) updateTimeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Update(ctx, defaultWriteTimeout)
}

// apply sends the planned answer within its timeout and, confirmed,
// writes the state.
func (r *cbrAcceptanceResource) apply(
	ctx context.Context,
	plan tfsdk.Plan,
	timeoutOf func(*cbrAcceptanceModel, context.Context) (time.Duration, diag.Diagnostics),
	state *tfsdk.State,
	diags *diag.Diagnostics,
) {
	var m cbrAcceptanceModel
	if diags.Append(plan.Get(ctx, &m)...); diags.HasError() {
		return
	}
	timeout, d := timeoutOf(&m, ctx)
	if diags.Append(d...); d.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	r.answer(ctx, &m, diags.Append)
	if !diags.HasError() {
		diags.Append(state.Set(ctx, &m)...)
	}
}

// answer sends the recipient's answer, done when the backup list shows it
// (members.Answer).
func (r *cbrAcceptanceResource) answer(ctx context.Context, m *cbrAcceptanceModel, report func(...diag.Diagnostic)) {
	client, sc, diags := cbrClientFor(ctx, r.scopes, m.shareScope)
	if report(diags...); diags.HasError() {
		return
	}
	backupID := m.BackupID.ValueString()
	share, err := members.Answer(ctx, sc, client.ProjectID, backupID, members.UpdateOpts{Status: m.Status.ValueString(), VaultID: m.VaultID.ValueString()})
	if err != nil {
		report(apiErrorDiagnostic("Cannot answer the CBR backup "+backupID+" shared with project "+client.ProjectID, err, client))
		return
	}
	m.setFrom(share)
}

func (r *cbrAcceptanceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var m cbrAcceptanceModel
	if resp.Diagnostics.Append(req.State.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, r.scopes, m.shareScope)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	backupID := m.BackupID.ValueString()
	share, found, err := members.FindShared(ctx, sc, client.ProjectID, backupID, m.Status.ValueString())
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot read the CBR backup "+backupID+" shared with project "+client.ProjectID, err, client))
		return
	case !found:
		tflog.Info(ctx, "the backup is no longer shared with the project; removing the answer from state", map[string]any{"backup_id": backupID})
		resp.State.RemoveResource(ctx)
		return
	}
	m.setFrom(share)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// Delete changes nothing on the service (acceptanceDestroyWarning).
func (r *cbrAcceptanceResource) Delete(ctx context.Context, _ resource.DeleteRequest, _ *resource.DeleteResponse) {
	tflog.Info(ctx, "vbs_cbr_backup_share_acceptance removed from state; nothing changed on the service")
}

func (r *cbrAcceptanceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !uuidPattern.MatchString(req.ID) {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("The import ID %q is not a backup ID (a UUID).", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), req.ID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("backup_id"), req.ID)...)
}

// setFrom takes what the backup list showed; vault_id stays as configured
// (the recipient's list does not say which vault holds it).
func (m *cbrAcceptanceModel) setFrom(s members.Share) {
	m.ID = types.StringPointerValue(s.BackupID)
	m.Status = types.StringPointerValue(s.Status)
	m.SourceProjectID = types.StringPointerValue(s.SourceProjectID)
	m.Backup = cbrObject(s.Backup, members.BackupFields, cbrBackupType())
	if m.Status.ValueString() != members.StatusAccepted {
		m.VaultID = types.StringNull()
	}
}
