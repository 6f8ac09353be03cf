package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/identityschema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/objectplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// defaultWriteTimeout bounds a create or delete when timeouts does not.
const defaultWriteTimeout = 5 * time.Minute

var (
	_ resource.Resource                = (*backupShareResource)(nil)
	_ resource.ResourceWithConfigure   = (*backupShareResource)(nil)
	_ resource.ResourceWithImportState = (*backupShareResource)(nil)
	_ resource.ResourceWithIdentity    = (*backupShareResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*backupShareResource)(nil)
)

func newBackupShareResource() resource.Resource { return &backupShareResource{} }

// backupShareResource is one backup shared with one project.
type backupShareResource struct {
	resourceClientHolder
}

// backupShareResourceModel is the resource's state: a share, as the data
// sources show it, and its timeouts.
type backupShareResourceModel struct {
	shareModel
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// backupShareIdentity is the resource identity (Terraform 1.12 and later).
type backupShareIdentity struct {
	ID types.String `tfsdk:"id"`
}

func (r *backupShareResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_share"
}

func (r *backupShareResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := resourceComputedAttributes(shareAttributes(), "vbs_backup_share")
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	attrs["id"] = schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "ID of the share."}
	attrs["from_project_id"] = schema.StringAttribute{
		Computed:      true,
		PlanModifiers: keep,
		MarkdownDescription: "ID of the project that shares the backup: the " +
			"provider's project.",
	}
	attrs["created_at"] = schema.StringAttribute{Computed: true, PlanModifiers: keep, MarkdownDescription: "When the share was created, RFC 3339 in UTC."}
	// A share never changes in place (only its timeouts can), so the rest of
	// what was read stays as it is in a plan.
	if u, ok := attrs["updated_at"].(schema.StringAttribute); ok {
		u.PlanModifiers = keep
		attrs["updated_at"] = u
	}
	if b, ok := attrs["backup"].(schema.ObjectAttribute); ok {
		b.PlanModifiers = []planmodifier.Object{objectplanmodifier.UseStateForUnknown()}
		attrs["backup"] = b
	}
	attrs["backup_id"] = schema.StringAttribute{Required: true, PlanModifiers: replace,
		Validators:          []validator.String{uuidValidator()},
		MarkdownDescription: "ID of the backup to share. It must be an `available` backup of the provider's project. Changing it replaces the share."}
	attrs["to_project_id"] = schema.StringAttribute{Required: true, PlanModifiers: replace,
		Validators:          []validator.String{projectIDValidator()},
		MarkdownDescription: "ID of the project to share the backup with; not the provider's own project. Changing it replaces the share."}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Shares one backup of the provider's project with one other project. " +
			"Share a backup with several projects with `for_each`. The receiving project reads the share with the `vbs_backup_share` data source and `share_to_me = " +
			"true`. " +
			"Import by share id, or by `<backup_id>/<to_project_id>`. Timeouts (`timeouts` block): `create`, `read` and `delete` default to 5 minutes each.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx, timeouts.Opts{Create: true, Read: true, Delete: true})},
	}
}

func (r *backupShareResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = identityschema.Schema{Attributes: map[string]identityschema.Attribute{
		"id": identityschema.StringAttribute{RequiredForImport: true, Description: "ID of the share."},
	}}
}

// ModifyPlan refuses, at plan time, what only the provider's configuration
// can tell is wrong: sharing with the provider's own project.
func (r *backupShareResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	var to types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("to_project_id"), &to)...)
	if !to.IsUnknown() && to.ValueString() == r.client.ProjectID {
		resp.Diagnostics.AddAttributeError(path.Root("to_project_id"), "A backup cannot be shared with its own project",
			fmt.Sprintf("to_project_id is %s, the project the provider works in. Set it to the project that should receive the backup.", r.client.ProjectID))
	}
	// The sharer is the provider's project, known before anything is sent
	// (Create refuses a read-back that says otherwise). The backup's
	// attributes stay unknown on a replacement: they are read after the
	// share is made, and may have changed.
	var from types.String
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("from_project_id"), &from)...)
	if from.IsUnknown() {
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("from_project_id"), r.client.ProjectID)...)
	}
}

func (r *backupShareResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	// Only the arguments: the computed attributes are unknown in the plan.
	var args struct {
		BackupID    types.String
		ToProjectID types.String
		Timeouts    timeouts.Value
	}
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("backup_id"), &args.BackupID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("to_project_id"), &args.ToProjectID)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &args.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := args.Timeouts.Create(ctx, defaultWriteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	backupID, to := args.BackupID.ValueString(), args.ToProjectID.ValueString()
	defer r.refresh.BeginWrite()()
	created, err := shares.CreateOne(ctx, r.client.ServiceClient, r.client.ProjectID, backupID, to)
	if err != nil {
		resp.Diagnostics.Append(r.createError(ctx, backupID, to, err)...)
		return
	}
	id := created.ID
	tflog.Debug(ctx, "created backup share", map[string]any{"id": id, "backup_id": backupID, "to_project_id": to})
	// The create answer has no backup object: read the share back. Its id
	// goes into state first, so that a failed read leaves a share Terraform
	// knows about (tainted) rather than one it has lost.
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, backupShareIdentity{ID: types.StringValue(id)})...)
	share, err := shares.GetCreated(ctx, r.client.ServiceClient, id)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Share "+id+" was created but could not be read back", err, r.client))
		return
	}
	if share.NotOwnedBy(r.client.ProjectID) {
		resp.Diagnostics.Append(notOwnedDiagnostic(r.client, &shares.NotOwnerError{Share: *share, Project: r.client.ProjectID}))
		return
	}
	r.setState(ctx, share, args.Timeouts, &resp.State, &resp.Diagnostics)
}

// createError explains a failed share in terms of what to fix: a share that
// exists (with its id and how to import it), one that may exist, or the
// service's refusal with its own code and text and what it may mean.
func (r *backupShareResource) createError(ctx context.Context, backupID, to string, err error) diag.Diagnostics {
	var e *shares.Error
	var exists *shares.ExistsError
	var uncertain *shares.UncertainError
	errors.As(err, &e)
	switch {
	case errors.As(err, &exists):
		return diag.Diagnostics{
			diag.NewAttributeErrorDiagnostic(
				path.Root("to_project_id"),
				"Backup already shared with this project",
				safeText(
					r.client,
					fmt.Sprintf("Backup %s is already shared with project %s. The existing share is %s. To manage it with Terraform, import it:\n\n%s",
						backupID, to, exists.Share.ID, importHint(exists.Share.ID)),
				),
			),
		}
	case errors.As(err, &uncertain):
		return diag.Diagnostics{
			diag.NewErrorDiagnostic(
				"The share of backup "+backupID+" with project "+to+" may exist",
				safeText(
					r.client,
					fmt.Sprintf("%v\n\nTerraform did not record a share. Check with the vbs_backup_share data source (backup_id = %q, to_project_id = %q); "+
						"if the share exists, import it:\n\n%s",
						err, backupID, to, importHint(backupID+"/"+to)),
				),
			),
		}
	case e != nil && e.StatusCode == http.StatusConflict:
		// The look-up before the create found none; one may have been made
		// since. Only a read-back makes "already shared" the diagnosis.
		if existing, lookupErr := shares.FindPair(ctx, r.client.ServiceClient, r.client.ProjectID, backupID, to); lookupErr == nil && existing != nil {
			return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(path.Root("to_project_id"), "Backup already shared with this project",
				safeText(r.client, fmt.Sprintf("Backup %s is already shared with project %s: the share is %s. To manage it with Terraform, import it:\n\n%s",
					backupID, to, existing.ID, importHint(existing.ID)))+"\n\n"+apiErrorDiagnostic("", err, r.client).Detail())}
		}
	case e != nil && e.StatusCode >= 400 && e.StatusCode < 500:
	default:
		return diag.Diagnostics{apiErrorDiagnostic("Cannot share backup "+backupID+" with project "+to, err, r.client)}
	}
	// The service refused. Its code and message say why; what they mean is
	// not documented, so the provider's reading is offered as possibilities.
	detail := safeText(r.client, apiErrorDetail(err, r.client, false))
	return diag.Diagnostics{diag.NewErrorDiagnostic(fmt.Sprintf("The service refused to share backup %s with project %s (HTTP %d)", backupID, to, e.StatusCode),
		detail+"\n\nPossible causes, most likely first (the service's message above says which):\n"+refusalCauses(e.StatusCode, r.client.ProjectID))}
}

// refusalCauses lists what a refused share usually means, by status.
func refusalCauses(status int, project string) string {
	causes := map[int][]string{
		http.StatusNotFound: {"the backup does not exist, or belongs to another project than " + project + " (only the project that owns a backup can share it): " +
			"check backup_id"},
		http.StatusConflict: {"the backup is already shared with that project (a look-up found no such share now), or a share of it is being changed: try again"},
		http.StatusBadRequest: {"the backup is not `available` (still being created, or in error): wait for it, or check its status",
			"to_project_id is not a project the service knows, or is the provider's own project",
			"the service limits how many projects a backup is shared with"},
		http.StatusForbidden: {"the credentials may not share backups in project " + project + ": the user needs a VBS role there"},
	}[status]
	if len(causes) == 0 {
		causes = []string{"the request does not meet a rule of the service: its message above says which"}
	}
	return "  - " + strings.Join(causes, "\n  - ")
}

// importHint shows both ways to import a share by an import id.
func importHint(id string) string {
	return fmt.Sprintf("  import {\n    to = vbs_backup_share.NAME\n    id = %q\n  }\n\nor run: terraform import vbs_backup_share.NAME %s", id, id)
}

func (r *backupShareResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state backupShareResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	id := state.ID.ValueString()
	// The framework wants an identity from every Read without error, the
	// one that removes the resource included.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, backupShareIdentity{ID: state.ID})...)
	share, err := r.refresh.Get(ctx, id)
	if errors.Is(err, shares.ErrNotFound) {
		// Gone outside Terraform: the next plan creates it again.
		tflog.Info(ctx, "backup share no longer exists; removing it from state", map[string]any{"id": id})
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot read backup share "+id, err, r.client))
		return
	}
	if share.NotOwnedBy(r.client.ProjectID) {
		resp.Diagnostics.Append(notOwnedDiagnostic(r.client, &shares.NotOwnerError{Share: *share, Project: r.client.ProjectID}))
		return
	}
	r.setState(ctx, share, state.Timeouts, &resp.State, &resp.Diagnostics)
}

// notOwnedDiagnostic refuses to manage a share of another project (an
// import by a recipient, or a refresh that finds the share changed hands):
// its destroy would cancel a share this configuration does not own, or
// report cancelled one that stays.
func notOwnedDiagnostic(c *vbs.Client, e *shares.NotOwnerError) diag.Diagnostic {
	return diag.NewErrorDiagnostic(
		safeText(c, "Backup share "+e.Share.ID+" is not this project's to manage"),
		safeText(
			c,
			fmt.Sprintf("%v.\n\nvbs_backup_share manages the shares the provider's project (%s) made. To refer to a share another project made to this "+
				"one, read it with the data source instead:\n\n"+
				"  data \"vbs_backup_share\" \"NAME\" {\n    id = %q\n  }\n\nand remove the resource from the configuration (or from state with terraform state rm).",
				e, e.Project, e.Share.ID),
		),
	)
}

// Update only takes new timeouts: every other argument replaces the share,
// and the computed attributes keep their state.
func (r *backupShareResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var state backupShareResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("timeouts"), &state.Timeouts)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
	// Terraform before 1.12 sends no identity, and the framework then wants
	// one from the update: the share's, which an update never changes.
	resp.Diagnostics.Append(resp.Identity.Set(ctx, backupShareIdentity{ID: state.ID})...)
}

func (r *backupShareResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state backupShareResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	timeout, diags := state.Timeouts.Delete(ctx, defaultWriteTimeout)
	if resp.Diagnostics.Append(diags...); diags.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	id := state.ID.ValueString()
	if shares.SameProject(state.FromProjectID.ValueString(), r.client.ProjectID) == shares.No {
		resp.Diagnostics.Append(notOwnedDiagnostic(r.client, &shares.NotOwnerError{Share: state.toShare(), Project: r.client.ProjectID}))
		return
	}
	// Done only when the service confirmed it: a 404 is checked by a read.
	defer r.refresh.BeginWrite()()
	err := shares.Cancel(ctx, r.client.ServiceClient, r.client.ProjectID, id)
	var notOwner *shares.NotOwnerError
	switch {
	case errors.As(err, &notOwner):
		resp.Diagnostics.Append(notOwnedDiagnostic(r.client, notOwner))
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot cancel backup share "+id, err, r.client))
	}
}

// ImportState takes a share id, or "<backup_id>/<to_project_id>" as the
// OTC share resource's users know their shares, from
// `terraform import`, an import block's id, or the identity.
func (r *backupShareResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if req.ID == "" {
		var identity backupShareIdentity
		if resp.Diagnostics.Append(req.Identity.Get(ctx, &identity)...); resp.Diagnostics.HasError() {
			return
		}
		if !uuidPattern.MatchString(identity.ID.ValueString()) {
			resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid identity",
				fmt.Sprintf("The identity's id %q %s.", vbs.EscapeControls(identity.ID.ValueString()), uuidForm))
			return
		}
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	}
	backupID, to, isPair := strings.Cut(req.ID, "/")
	switch {
	case !isPair && uuidPattern.MatchString(req.ID):
		resource.ImportStatePassthroughWithIdentity(ctx, path.Root("id"), path.Root("id"), req, resp)
		return
	case !isPair || !uuidPattern.MatchString(backupID) || !projectIDPattern.MatchString(to):
		resp.Diagnostics.AddError("Invalid import id",
			fmt.Sprintf("The import id %q is neither a share id (a UUID) nor <backup_id>/<to_project_id> (a UUID, a slash, and a project id of 32 lowercase "+
				"hexadecimal characters).", vbs.EscapeControls(req.ID)))
		return
	}
	share, err := shares.FindPair(ctx, r.client.ServiceClient, r.client.ProjectID, backupID, to)
	switch {
	case err != nil:
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot look up the share of backup "+backupID+" with project "+to, err, r.client))
		return
	case share == nil:
		resp.Diagnostics.AddError("No such backup share",
			fmt.Sprintf("Project %s has not shared backup %s with project %s: there is nothing to import.", r.client.ProjectID, backupID, to))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), share.ID)...)
	resp.Diagnostics.Append(resp.Identity.Set(ctx, backupShareIdentity{ID: types.StringValue(share.ID)})...)
}

// setState writes a share read from the service, keeping the timeouts.
func (r *backupShareResource) setState(ctx context.Context, share *shares.Share, t timeouts.Value, state *tfsdk.State, diags *diag.Diagnostics) {
	m := backupShareResourceModel{shareModel: newShareModel(share), Timeouts: t}
	diags.Append(state.Set(ctx, &m)...)
}
