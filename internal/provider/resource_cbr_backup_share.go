package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
)

var (
	_ resource.Resource                = (*cbrBackupShareResource)(nil)
	_ resource.ResourceWithConfigure   = (*cbrBackupShareResource)(nil)
	_ resource.ResourceWithImportState = (*cbrBackupShareResource)(nil)
	_ resource.ResourceWithIdentity    = (*cbrBackupShareResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*cbrBackupShareResource)(nil)
)

func newCBRBackupShareResource() resource.Resource { return &cbrBackupShareResource{} }

// cbrBackupShareResource is one CBR backup of the provider's project
// shared with one other project: one member of the backup.
type cbrBackupShareResource struct {
	resourceClientHolder
}

// cbrShareIdentity is the resource identity (Terraform 1.12 and later).
type cbrShareIdentity struct {
	BackupID      types.String `tfsdk:"backup_id"`
	DestProjectID types.String `tfsdk:"dest_project_id"`
}

func (r *cbrBackupShareResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_cbr_backup_share"
}

func (r *cbrBackupShareResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceComputedAttributes(cbrShareAttributes(), "vbs_cbr_backup_share")
	// A share never changes in place (only its timeouts can): what was
	// read stays as it is in a plan; the next refresh reads what changed
	// (an accept, for instance).
	for name, a := range attrs {
		switch a := a.(type) {
		case schema.StringAttribute:
			a.PlanModifiers = []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
			attrs[name] = a
		case schema.Int64Attribute:
			a.PlanModifiers = []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
			attrs[name] = a
		case schema.ObjectAttribute:
			a.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
			attrs[name] = a
		}
	}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs["backup_id"] = schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: []validator.String{uuidValidator()},
		MarkdownDescription: "ID of the CBR backup to share: an `available` backup of the provider's project (on OTC a cloud-server backup). " +
			"Changing it replaces the share."}
	attrs["dest_project_id"] = schema.StringAttribute{Required: true, PlanModifiers: replace, Validators: []validator.String{projectIDValidator()},
		MarkdownDescription: "ID of the project to share the backup with, in the same region; not the provider's own project. Changing it replaces " +
			"the share."}
	addResourceScopeAttributes(attrs, "The project whose backup is shared (a project ID). Default: the provider's project.")
	resp.Schema = schema.Schema{
		MarkdownDescription: "Shares one Cloud Backup and Recovery (CBR) backup of a project (by default the provider's) with one other project of the same region: " +
			"one member of the backup, `pending` until the recipient accepts it (`vbs_cbr_backup_share_acceptance`). A backup is shared with at most " +
			"10 projects; share it with several through `for_each`. The share is done when a read shows it; destroying it deletes the member, done " +
			"when a read shows it gone. Import by `<backup_id>/<dest_project_id>`. Timeouts (`timeouts` block): `create`, `read` and `delete` " +
			"default to 5 minutes each.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true})},
	}
}

func (r *cbrBackupShareResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"backup_id":       identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the shared backup."},
		"dest_project_id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the project it is shared with."},
	}}
}

// ModifyPlan refuses at plan time what can be told wrong before anything is
// sent: a share with the sharing project itself, a new share of a backup
// that already has the most members a backup may have (10), and a
// recipient in another region. It also fills in the ID, which the
// arguments make.
func (r *cbrBackupShareResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	backupID, dest, scope, _, diags := cbrShareKey(ctx, req.Plan.GetAttribute)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() || backupID.IsUnknown() || dest.IsUnknown() || scope.ProjectID.IsUnknown() {
		return
	}
	if owner := orDefault(scope.ProjectID, r.client.ProjectID); dest.ValueString() == owner {
		resp.Diagnostics.AddAttributeError(path.Root("dest_project_id"), "A backup cannot be shared with its own project",
			fmt.Sprintf("dest_project_id is %s, the project whose backup is shared. Set it to the project that should receive the backup.", owner))
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("id"), cbrShareID(backupID.ValueString(), dest.ValueString()))...)
	if !req.State.Raw.IsNull() {
		return // an update of the timeouts: nothing is shared
	}
	client, sc, diags := cbrClientFor(ctx, r.scopes, scope)
	if diags.HasError() {
		return // Create says why
	}
	list, _, err := members.List(ctx, sc, backupID.ValueString(), members.ListOpts{})
	if err != nil {
		tflog.Debug(ctx, "the plan-time count of the backup's members failed; the service decides", map[string]any{"error": client.Redactor.Safe(err.Error())})
		return
	}
	if len(list) >= members.MaxMembersPerRequest {
		resp.Diagnostics.AddAttributeError(
			path.Root("backup_id"),
			"The backup is shared with 10 projects already",
			fmt.Sprintf(
				"Backup %s is shared with %d projects, the most CBR allows a backup: remove a share before adding one.",
				backupID.ValueString(),
				len(list),
			),
		)
	}
	resp.Diagnostics.Append(r.sameRegion(ctx, client, dest.ValueString())...)
}

// sameRegion refuses a recipient IAM places in another region than the
// backup's project: CBR shares within a region. Where either region is
// unknown (IAM cannot list the projects, a project of another account, a
// name that gives no region) the service decides.
func (r *cbrBackupShareResource) sameRegion(ctx context.Context, owner *vbs.Client, dest string) diag.Diagnostics {
	projects, err := r.projects.get(ctx, r.scopes)
	if err != nil {
		tflog.Debug(ctx, "the plan-time region check could not list projects; the service decides", map[string]any{"error": owner.Redactor.Safe(err.Error())})
		return nil
	}
	regionOf := func(id string) string {
		for _, p := range projects {
			if p.ID == id {
				return projectRegion(p.Name).ValueString()
			}
		}
		return ""
	}
	from, to := regionOf(owner.ProjectID), regionOf(dest)
	if from == "" || to == "" || from == to {
		return nil
	}
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("dest_project_id"), "CBR shares a backup only within its region",
		fmt.Sprintf("Project %s is in region %s, and the backup's project %s in %s: CBR shares a backup only with projects of its own region.",
			dest, to, owner.ProjectID, from))
	return diags
}

func (r *cbrBackupShareResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	backupID, dest, scope, t, diags := cbrShareKey(ctx, req.Plan.GetAttribute)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := t.Create(ctx, defaultWriteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, r.scopes, scope)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	id := cbrShareID(backupID.ValueString(), dest.ValueString())
	if _, err := members.AddOne(ctx, sc, backupID.ValueString(), dest.ValueString()); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot share CBR backup "+backupID.ValueString()+" with project "+dest.ValueString(), err, client))
		return
	}
	share, err := readCBRShare(ctx, sc, client.ProjectID, backupID.ValueString(), dest.ValueString())
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("The CBR backup share "+id+" was made, but reading it back failed", err, client))
		resp.Diagnostics.AddError("The share exists", "Backup "+backupID.ValueString()+" is shared with project "+dest.ValueString()+
			" on the service; import it ("+id+") or delete it.")
		return
	}
	r.setState(ctx, share, t, &resp.State, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, cbrShareIdentity{BackupID: backupID, DestProjectID: dest})...)
}

// cbrShareKey reads what identifies a share in a plan or state (through
// get), its scope and its timeouts.
func cbrShareKey(ctx context.Context, get func(context.Context, path.Path, any) diag.Diagnostics) (
	backupID, dest types.String, scope shareScope, t timeouts.Value, diags diag.Diagnostics,
) {
	diags.Append(get(ctx, path.Root("backup_id"), &backupID)...)
	diags.Append(get(ctx, path.Root("dest_project_id"), &dest)...)
	diags.Append(get(ctx, path.Root("project_id"), &scope.ProjectID)...)
	diags.Append(get(ctx, path.Root("region"), &scope.Region)...)
	diags.Append(get(ctx, path.Root("timeouts"), &t)...)
	return backupID, dest, scope, t, diags
}

func (r *cbrBackupShareResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	b, d, scope, t, diags := cbrShareKey(ctx, req.State.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	backupID, dest := b.ValueString(), d.ValueString()
	timeout, diags := t.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp.Diagnostics.Append(resp.Identity.Set(ctx, cbrShareIdentity{BackupID: b, DestProjectID: d})...)
	client, sc, diags := cbrClientFor(ctx, r.scopes, scope)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	share, err := readCBRShare(ctx, sc, client.ProjectID, backupID, dest)
	if members.Gone(err) {
		// Gone outside Terraform (or the backup deleted): the next plan
		// shares it again.
		tflog.Info(ctx, "CBR backup share no longer exists; removing it from state", map[string]any{"id": cbrShareID(backupID, dest)})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot read CBR backup share "+cbrShareID(backupID, dest), err, client))
		return
	}
	// Project IDs are hexadecimal: "ABC…" and "abc…" are one project.
	if owner := share.SourceProjectID; owner != nil && !strings.EqualFold(*owner, client.ProjectID) {
		resp.Diagnostics.AddError("CBR backup "+backupID+" is not this project's to share",
			"The backup belongs to project "+*owner+", not to "+client.ProjectID+": vbs_cbr_backup_share manages the shares of the backups of "+
				"its project_id (default: the provider's project).")
		return
	}
	r.setState(ctx, share, t, &resp.State, &resp.Diagnostics)
}

// Update only takes new timeouts: every other argument replaces the share.
func (r *cbrBackupShareResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.State.Raw.Copy()
	var t timeouts.Value
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &t)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("timeouts"), t)...)
	backupID, dest, _, _, diags := cbrShareKey(ctx, req.State.GetAttribute)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, cbrShareIdentity{BackupID: backupID, DestProjectID: dest})...)
}

func (r *cbrBackupShareResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	b, d, scope, t, diags := cbrShareKey(ctx, req.State.GetAttribute)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	backupID, dest := b.ValueString(), d.ValueString()
	timeout, diags := t.Delete(ctx, defaultWriteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client, sc, diags := cbrClientFor(ctx, r.scopes, scope)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	// Done only when the service confirmed it: a read shows the member gone.
	if err := members.Delete(ctx, sc, backupID, dest); err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot delete CBR backup share "+cbrShareID(backupID, dest), err, client))
	}
}

// ImportState takes <backup_id>/<dest_project_id>, from `terraform import`,
// an import block's id, or the identity; Read then checks the share is
// there and the provider's project owns the backup.
func (r *cbrBackupShareResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id := req.ID
	if id == "" {
		var identity cbrShareIdentity
		if resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...); resp.Diagnostics.HasError() {
			return
		}
		id = cbrShareID(identity.BackupID.ValueString(), identity.DestProjectID.ValueString())
	}
	backupID, dest, err := parseCBRShareID(id)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", vbs.EscapeControls(err.Error())+".")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("backup_id"), backupID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("dest_project_id"), dest)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, cbrShareIdentity{BackupID: types.StringValue(backupID), DestProjectID: types.StringValue(dest)})...)
}

// setState writes a share read from the service, keeping the timeouts.
func (r *cbrBackupShareResource) setState(ctx context.Context, share *members.Share, t timeouts.Value, state *tfsdk.State, diags *diag.Diagnostics) {
	diags.Append(setCBRShare(ctx, state, share)...)
	diags.Append(state.SetAttribute(ctx, path.Root("timeouts"), t)...)
}
