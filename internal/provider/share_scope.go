package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// shareScope is the project and region a read works in, as the data
// sources and the list resource take them: one model, one pair of
// attributes, one way to the client.
type shareScope struct {
	ProjectID types.String `tfsdk:"project_id"`
	Region    types.String `tfsdk:"region"`
}

// scopeDescriptions describe the two arguments in every schema that has them.
var scopeDescriptions = map[string]string{
	"project_id": "The project to read in (a project ID: 32 lowercase hexadecimal characters). Default: the provider's project. " +
		"The provider's credentials serve every project they reach: with a password it signs in to each project once and reuses the token, " +
		"with an access key it signs the requests for the project; a fixed `token` serves only its own project. " +
		"With `data.vbs_projects`, `for_each` covers every project of the account.",
	"region": "The region to read in, e.g. `eu-de` or `cn-north-4`. Default: the provider's region. " +
		"Its VBS endpoint is the provider's `endpoint` where that holds `{region}`, else the service catalog's (password or token) or the known region's (access " +
		"key).",
}

func regionValidator() validator.String {
	return stringvalidator.RegexMatches(vbs.RegionPattern, "must be a region name: lowercase letters and digits in parts joined by hyphens, as eu-de or "+
		"cn-north-4")
}

// scopeValidators are the checks of each scope argument.
var scopeValidators = map[string]func() validator.String{
	"project_id": projectIDValidator,
	"region":     regionValidator,
}

// clientFor is the client of the scope's project and region, or an error
// on the argument that asked for a project or region the provider's
// credentials cannot serve.
func clientFor(ctx context.Context, scopes *vbs.Scopes, sc shareScope) (*vbs.Client, diag.Diagnostics) {
	var diags diag.Diagnostics
	if scopes == nil {
		diags.AddError(
			"Provider not configured",
			"The provider was asked to read before it was configured. This is a bug in the provider or Terraform; please "+
				"report it.",
		)
		return nil, diags
	}
	c, err := scopes.For(ctx, sc.ProjectID.ValueString(), sc.Region.ValueString())
	if err != nil {
		at := path.Root("project_id")
		if sc.ProjectID.IsNull() {
			at = path.Root("region")
		}
		diags.AddAttributeError(at, "Cannot read in "+scopeName(scopes, sc), safeText(scopes.Default(), strings.TrimSuffix(err.Error(), "."))+".")
		return c, diags
	}
	if scopes.FirstInClear(c) {
		// Configure warns of the default endpoint; every other scope's is
		// warned of once, by the first read of it.
		diags.AddWarning("VBS endpoint of "+scopeName(scopes, sc)+" uses http://",
			fmt.Sprintf("Requests for %s go to %s: tokens and signed requests to it travel unencrypted. Use an https:// "+
				"endpoint.", scopeName(scopes, sc), vbs.ShowURL(c.ResourceBase)))
	}
	return c, diags
}

// scopeName names a scope for diagnostics: "project P in region R".
func scopeName(scopes *vbs.Scopes, sc shareScope) string {
	def := scopes.DefaultScope()
	name := "project " + orDefault(sc.ProjectID, def.ProjectID)
	if r := orDefault(sc.Region, def.Region); r != "" {
		name += " in region " + r
	}
	return name
}

func orDefault(v types.String, def string) string {
	if v.IsNull() || v.IsUnknown() || v.ValueString() == "" {
		return def
	}
	return v.ValueString()
}

// scoped reports whether a read names a project or region of its own, so
// that its diagnostics say which.
func (sc shareScope) scoped() bool {
	return !sc.ProjectID.IsNull() || !sc.Region.IsNull()
}

// inScope names the scope in the summary of a diagnostic of a read that
// named one, so that a failure among the reads of many projects says which.
func (sc shareScope) inScope(scopes *vbs.Scopes, d diag.Diagnostic) diag.Diagnostic {
	if !sc.scoped() || scopes == nil {
		return d
	}
	summary := d.Summary() + " (" + scopeName(scopes, sc) + ")"
	if dp, ok := d.(diag.DiagnosticWithPath); ok {
		if d.Severity() == diag.SeverityWarning {
			return diag.NewAttributeWarningDiagnostic(dp.Path(), summary, d.Detail())
		}
		return diag.NewAttributeErrorDiagnostic(dp.Path(), summary, d.Detail())
	}
	if d.Severity() == diag.SeverityWarning {
		return diag.NewWarningDiagnostic(summary, d.Detail())
	}
	return diag.NewErrorDiagnostic(summary, d.Detail())
}

// addScopeAttributes adds project_id and region to a data source's schema.
func addScopeAttributes(attrs map[string]dsschema.Attribute) {
	for name, description := range scopeDescriptions {
		attrs[name] = dsschema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: []validator.String{scopeValidators[name]()}}
	}
}
