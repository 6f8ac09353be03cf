package provider

import (
	"cmp"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

var _ datasource.DataSourceWithConfigure = (*projectsDataSource)(nil)

func newProjectsDataSource() datasource.DataSource { return &projectsDataSource{} }

// projectsDataSource lists the IAM projects the provider's credentials
// reach, so that a configuration can for_each over every project of an
// account: a project added tomorrow is covered without an edit.
type projectsDataSource struct {
	clientHolder
}

type projectsModel struct {
	Region    types.String    `tfsdk:"region"`
	NameRegex types.String    `tfsdk:"name_regex"`
	Enabled   types.Bool      `tfsdk:"enabled"`
	VBSOnly   types.Bool      `tfsdk:"vbs_only"`
	IDs       []types.String  `tfsdk:"ids"`
	Projects  []projectModel  `tfsdk:"projects"`
	Excluded  []excludedModel `tfsdk:"excluded"`
	Timeouts  timeouts.Value  `tfsdk:"timeouts"`
}

// excludedModel is a project IAM listed that projects leaves out, and why.
type excludedModel struct {
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
	Reason types.String `tfsdk:"reason"`
}

type projectModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	DomainID types.String `tfsdk:"domain_id"`
	Enabled  types.Bool   `tfsdk:"enabled"`
	Region   types.String `tfsdk:"region"`
}

func (d *projectsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_projects"
}

func (d *projectsDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the IAM projects the provider's credentials can reach (IAM's `GET /v3/auth/projects`, for the user of a password or token, or " +
			"the owner of an access key), " +
			"sorted by name. With `for_each`, the data sources `vbs_backup_shares` and `vbs_backup_share` read every project of an account through their `project_id` " +
			"and `region`, " +
			"so that a project added later is checked without an edit. Needs IAM: `auth_url`, or a region whose IAM is known. The `timeouts` block's `read` defaults " +
			"to 5 minutes.",
		Attributes: map[string]schema.Attribute{
			"region": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{regionValidator()},
				MarkdownDescription: "Only the projects of this region, by the naming Huawei Cloud and Open Telekom Cloud use: the project named after the region " +
					"(`eu-de`) and its subprojects (`eu-de_<name>`).",
			},
			"name_regex": schema.StringAttribute{
				Optional:   true,
				Validators: []validator.String{regexValidator{}},
				MarkdownDescription: "Only the projects whose name matches this regular expression (Go's RE2 syntax; unanchored: use `^` and `$` to match the whole " +
					"name).",
			},
			"enabled": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Only the projects IAM lists with this `enabled` flag. Unset: all. A disabled project cannot be signed in to, so `true` is the " +
					"usual choice for audits.",
			},
			"ids": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "IDs of the projects, in the order of `projects`."},
			"vbs_only": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Only the projects where VBS can be reached: each project that passes the other filters is signed in to (or, with AK/SK, its " +
					"service catalog is read) in its region, " +
					"as a read of it would do, and a project whose catalog has no VBS endpoint is left out with the reason `vbs`. Projects whose name gives no region (such " +
					"as Huawei Cloud's `MOS`) are left out with the reason `region`. " +
					"A project that cannot be checked (a sign-in that fails) is an error, not left out. Costs one sign-in or catalog request per project, which the reads " +
					"of those projects then reuse.",
			},
			"excluded": schema.ListNestedAttribute{
				Computed: true,
				MarkdownDescription: "The projects IAM listed that `projects` leaves out, sorted by name, then ID, so that an audit can say what it did not read: " +
					"by `region`, `name_regex` or `enabled`, or because IAM gave an ID that is not a project ID. A warning names those left out for being disabled or for " +
					"their ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":   schema.StringAttribute{Computed: true, MarkdownDescription: "Project ID as IAM gave it (escaped)."},
					"name": schema.StringAttribute{Computed: true, MarkdownDescription: "Project name."},
					"reason": schema.StringAttribute{
						Computed: true,
						MarkdownDescription: "Why it is left out: `region`, `name_regex`, `enabled` (IAM lists it disabled, or " +
							"does not say), `vbs` (no VBS endpoint in its catalog, with `vbs_only`) or `id` (not a project ID).",
					},
				}},
			},
			"projects": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching projects, sorted by name, then ID.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":        schema.StringAttribute{Computed: true, MarkdownDescription: "Project ID: what `project_id` takes."},
					"name":      schema.StringAttribute{Computed: true, MarkdownDescription: "Project name."},
					"domain_id": schema.StringAttribute{Computed: true, MarkdownDescription: "ID of the domain (account) the project belongs to."},
					"enabled":   schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the project is enabled; null when IAM did not say."},
					"region": schema.StringAttribute{
						Computed: true,
						MarkdownDescription: "The region the name gives: the part before the first `_` (`eu-de` for " +
							"`eu-de_audit`), " +
							"what `region` takes. Null when the name is not of that form (such as Huawei Cloud's `MOS`).",
					},
				}}},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

func (d *projectsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m projectsModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &m)...); resp.Diagnostics.HasError() {
		return
	}
	if d.scopes == nil {
		resp.Diagnostics.AddError("Provider not configured", "vbs_projects was read before the provider was configured. This is a bug in the provider or "+
			"Terraform; please report it.")
		return
	}
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	if resp.Diagnostics.Append(diags...); resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	found, skipped, err := d.scopes.Projects(ctx)
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot list the projects", err, d.client))
		return
	}
	if len(skipped) > 0 {
		resp.Diagnostics.AddWarning(
			"Projects left out",
			safeText(
				d.client,
				"IAM listed projects whose ID is not of the form of a project ID (32 lowercase hexadecimal characters), so they cannot be read and are "+
					"left out: "+strings.Join(skipped, ", ")+".",
			),
		)
	}
	var nameRE *regexp.Regexp
	if !m.NameRegex.IsNull() {
		// Checked at plan time too, unless it was unknown then.
		if nameRE, err = regexp.Compile(m.NameRegex.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", "name_regex: "+err.Error()+".")
			return
		}
	}
	m.Projects, m.IDs, m.Excluded = []projectModel{}, []types.String{}, []excludedModel{}
	for _, id := range skipped {
		m.Excluded = append(m.Excluded, excludedModel{ID: types.StringValue(id), Name: types.StringNull(), Reason: types.StringValue("id")})
	}
	var disabled []string
	for _, p := range found {
		pm := newProjectModel(p)
		reason := ""
		switch {
		case !m.Region.IsNull() && pm.Region.ValueString() != m.Region.ValueString():
			reason = "region"
		case nameRE != nil && !nameRE.MatchString(p.Name):
			reason = "name_regex"
		case !m.Enabled.IsNull() && (p.Enabled == nil || *p.Enabled != m.Enabled.ValueBool()):
			reason = "enabled"
			disabled = append(disabled, p.Name+" ("+p.ID+")")
		case m.VBSOnly.ValueBool() && pm.Region.IsNull():
			reason = "region"
		}
		if reason != "" {
			m.Excluded = append(m.Excluded, excludedModel{ID: pm.ID, Name: pm.Name, Reason: types.StringValue(reason)})
			continue
		}
		m.Projects = append(m.Projects, pm)
		m.IDs = append(m.IDs, pm.ID)
	}
	if m.VBSOnly.ValueBool() {
		if resp.Diagnostics.Append(d.keepVBSProjects(ctx, &m)...); resp.Diagnostics.HasError() {
			return
		}
		slices.SortStableFunc(m.Excluded, func(a, b excludedModel) int {
			return cmp.Or(cmp.Compare(a.Name.ValueString(), b.Name.ValueString()), cmp.Compare(a.ID.ValueString(), b.ID.ValueString()))
		})
	}
	if len(disabled) > 0 {
		resp.Diagnostics.AddWarning(
			shares.Plural(len(disabled), "project")+" left out by enabled",
			safeText(
				d.client,
				"IAM lists these projects with another enabled flag than the one asked for (or none), so they are not in projects, and an audit over "+
					"projects does not read them: "+
					strings.Join(disabled, ", ")+". They are in excluded, with the reason.",
			),
		)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
}

// projectRegion is the region a Huawei Cloud or OTC project name gives:
// "eu-de" and "eu-de_audit" are projects of eu-de.
func projectRegion(name string) types.String {
	region, _, _ := strings.Cut(name, "_")
	if vbs.CheckRegion(region) != nil || !strings.Contains(region, "-") {
		return types.StringNull()
	}
	return types.StringValue(region)
}

func newProjectModel(p vbs.Project) projectModel {
	return projectModel{
		ID:       types.StringValue(p.ID),
		Name:     types.StringValue(p.Name),
		DomainID: nullIfEmpty(p.DomainID),
		Enabled:  types.BoolPointerValue(p.Enabled),
		Region:   projectRegion(p.Name),
	}
}

func nullIfEmpty(s string) types.String {
	if s == "" {
		return types.StringNull()
	}
	return types.StringValue(s)
}

// regexValidator checks that a string is a regular expression Go accepts.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "value must be a regular expression (RE2 syntax)"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("name_regex"), "Invalid regular expression", "name_regex: "+err.Error()+".")
	}
}

// vbsCheckConcurrency bounds the sign-ins vbs_only makes at once.
const vbsCheckConcurrency = 8

// keepVBSProjects keeps the projects whose region's catalog has VBS: each is
// reached as a read of it would be (vbs.Scopes.For), and one whose catalog
// has no VBS endpoint moves to excluded. Any other failure is an error:
// a project that could not be checked is not known to lack VBS.
func (d *projectsDataSource) keepVBSProjects(ctx context.Context, m *projectsModel) diag.Diagnostics {
	noVBS := make([]bool, len(m.Projects))
	errs := make([]error, len(m.Projects))
	sem := make(chan struct{}, vbsCheckConcurrency)
	var wg sync.WaitGroup
	for i, p := range m.Projects {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			_, err := d.scopes.For(ctx, p.ID.ValueString(), p.Region.ValueString())
			var catalog *vbs.CatalogError
			switch {
			case errors.As(err, &catalog):
				noVBS[i] = true
			case err != nil:
				errs[i] = err
			}
		})
	}
	wg.Wait()
	var diags diag.Diagnostics
	kept, ids := m.Projects[:0], []types.String{}
	for i, p := range m.Projects {
		switch {
		case errs[i] != nil:
			diags.AddAttributeError(
				path.Root("vbs_only"),
				"Cannot tell whether project "+p.Name.ValueString()+" has VBS",
				safeText(
					d.client,
					errs[i].Error(),
				)+". A project that cannot be reached is not left out: fix the access, or leave it out by name_regex or region.",
			)
		case noVBS[i]:
			m.Excluded = append(m.Excluded, excludedModel{ID: p.ID, Name: p.Name, Reason: types.StringValue("vbs")})
		default:
			kept = append(kept, p)
			ids = append(ids, p.ID)
		}
	}
	m.Projects, m.IDs = kept, ids
	return diags
}
