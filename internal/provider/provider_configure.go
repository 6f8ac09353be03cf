package provider

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// defaultMaxRetries is the retry budget of one request.
const defaultMaxRetries = 5

func (p *vbsProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var m providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg, diags := p.resolve(m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	cfg.UserAgent = "terraform-provider-vbs/" + p.version
	method, _ := cfg.AuthMethod()
	tflog.Debug(ctx, "configuring the VBS client", map[string]any{
		"auth_method": string(method), "auth_url": cfg.AuthURL, "endpoint": cfg.Endpoint,
		"project_id": cfg.ProjectID, "project_name": cfg.ProjectName, "region": cfg.Region,
	})
	client, err := vbs.NewClient(ctx, cfg)
	if err != nil {
		resp.Diagnostics.Append(configureError(err, method))
		return
	}
	data := &clientData{client: client}
	resp.DataSourceData = data
}

// resolve merges the configuration with the environment (configuration
// first) and checks that the result can authenticate, naming the attribute
// and variable to set when it cannot.
func (p *vbsProvider) resolve(m providerModel) (vbs.Config, diag.Diagnostics) {
	r := resolver{getenv: p.getenv}
	cfg := vbs.Config{
		Region:      r.str(settingRegion, m.Region),
		ProjectID:   r.str(settingProjectID, m.ProjectID),
		ProjectName: r.str(settingProjectName, m.ProjectName),
		AuthURL:     r.str(settingAuthURL, m.AuthURL),
		Endpoint:    r.str(settingEndpoint, m.Endpoint),
		UserName:    r.str(settingUserName, m.UserName),
		Password:    r.str(settingPassword, m.Password),
		DomainName:  r.str(settingDomainName, m.DomainName),
		Token:       r.str(settingToken, m.Token),
		Insecure:    r.boolean(settingInsecure, m.Insecure),
		CACertFile:  r.str(settingCACertFile, m.CACertFile),
		MaxRetries:  r.integer(settingMaxRetries, m.MaxRetries, defaultMaxRetries),
	}
	if r.diags.HasError() {
		return cfg, r.diags
	}
	r.checkURL(settingAuthURL, cfg.AuthURL)
	r.checkURL(settingEndpoint, cfg.Endpoint)

	switch {
	case cfg.Token != "":
		if cfg.UserName != "" && cfg.Password != "" {
			r.diags.AddAttributeWarning(path.Root(settingToken.attr), "Two authentication methods configured",
				"Both a token and a user name with password are configured; the provider uses the token. Remove one of them to silence this warning.")
		}
	case cfg.UserName != "" && cfg.Password == "":
		r.missing(settingPassword, "user_name is set, so password authentication needs a password")
	case cfg.Password != "" && cfg.UserName == "":
		r.missing(settingUserName, "password is set, so password authentication needs a user name")
	case cfg.UserName == "":
		r.diags.AddError("No credentials configured",
			"The provider needs a token or a user name and password. "+settingToken.hint()+", or "+settingUserName.hint()+" and "+settingPassword.hint()+".")
	}
	if cfg.Token == "" && cfg.UserName != "" && cfg.DomainName == "" {
		r.missing(settingDomainName, "password authentication needs the user's domain (on Huawei Cloud the account name)")
	}
	if cfg.ProjectID == "" && cfg.ProjectName == "" {
		r.missing(settingProjectID, "every VBS request is scoped to a project; "+settingProjectName.hint()+" instead to look it up by name")
	}
	if cfg.ProjectID == "" && cfg.ProjectName != "" && cfg.DomainName == "" {
		r.missing(settingDomainName, "project_name is only unique within a domain")
	}
	skipsIAM := cfg.Token != "" && cfg.Endpoint != "" && cfg.ProjectID != ""
	if cfg.AuthURL == "" && !skipsIAM {
		r.missing(settingAuthURL, "the provider needs IAM to obtain a token (only endpoint, project_id and token together skip IAM)")
	}
	return cfg, r.diags
}

// resolver reads one attribute at a time, collecting diagnostics.
type resolver struct {
	getenv func(string) string
	diags  diag.Diagnostics
}

func (r *resolver) str(s setting, v types.String) string {
	if v.IsUnknown() {
		r.unknown(s)
		return ""
	}
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	for _, e := range s.env {
		if x := r.getenv(e); x != "" {
			return x
		}
	}
	return ""
}

func (r *resolver) boolean(s setting, v types.Bool) bool {
	if v.IsUnknown() {
		r.unknown(s)
		return false
	}
	if !v.IsNull() {
		return v.ValueBool()
	}
	for _, e := range s.env {
		if x := r.getenv(e); x != "" {
			b, err := strconv.ParseBool(x)
			if err != nil {
				r.diags.AddAttributeError(path.Root(s.attr), "Invalid environment variable",
					fmt.Sprintf("%s=%q is not a boolean: use true or false.", e, x))
			}
			return b
		}
	}
	return false
}

func (r *resolver) integer(s setting, v types.Int64, def int) int {
	if v.IsUnknown() {
		r.unknown(s)
		return def
	}
	if !v.IsNull() {
		return int(v.ValueInt64())
	}
	for _, e := range s.env {
		if x := r.getenv(e); x != "" {
			n, err := strconv.Atoi(x)
			if err != nil || n < 0 || n > 100 {
				r.diags.AddAttributeError(path.Root(s.attr), "Invalid environment variable",
					fmt.Sprintf("%s=%q is not a whole number from 0 to 100.", e, x))
				return def
			}
			return n
		}
	}
	return def
}

func (r *resolver) checkURL(s setting, v string) {
	if v == "" {
		return
	}
	if err := checkHTTPURL(v); err != nil {
		r.diags.AddAttributeError(path.Root(s.attr), "Invalid URL", fmt.Sprintf("%s (from the configuration or %s): %v.", s.attr, s.envList(), err))
	}
}

func (r *resolver) unknown(s setting) {
	r.diags.AddAttributeError(path.Root(s.attr), "Provider attribute unknown at configuration",
		fmt.Sprintf("The value of %s is not known until apply, but the provider must sign in before it reads data sources. "+
			"Use a value known at plan time, or leave it out and set %s.", s.attr, s.envList()))
}

func (r *resolver) missing(s setting, why string) {
	r.diags.AddAttributeError(path.Root(s.attr), "Missing "+s.attr, "Missing "+s.attr+": "+why+". To fix it, "+s.hint()+".")
}

// configureError explains a failed sign-in in terms of what to fix.
func configureError(err error, method vbs.Method) diag.Diagnostic {
	var ae *vbs.AuthError
	if errors.As(err, &ae) {
		var hint string
		switch {
		case ae.StatusCode() == 401 && method == vbs.MethodToken:
			hint = "The token was refused: it is invalid, expired or not valid for the project. Set a fresh token (token, OS_TOKEN), or remove it to use a password."
		case ae.StatusCode() == 401:
			hint = "IAM refused the credentials. Check user_name, password and domain_name (OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME), and that the user has a role in the project."
		case ae.StatusCode() == 0:
			hint = "IAM could not be reached. Check auth_url (OS_AUTH_URL) and the network."
		default:
			hint = "Check auth_url (OS_AUTH_URL) and the project settings."
		}
		return diag.NewErrorDiagnostic("Authentication failed", fmt.Sprintf("%v\n\n%s", err, hint))
	}
	return diag.NewErrorDiagnostic("Cannot configure the VBS client", err.Error())
}
