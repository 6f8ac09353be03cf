package provider

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gophercloud/gophercloud/v2/openstack/config/clouds"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

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
		"auth_method": string(method), "auth_url": vbs.ShowURL(cfg.AuthURL), "endpoint": vbs.ShowURL(cfg.Endpoint),
		"project_id": cfg.ProjectID, "project_name": cfg.ProjectName, "region": cfg.Region,
	})
	client, err := vbs.NewClient(ctx, cfg)
	if err != nil {
		resp.Diagnostics.Append(configureError(err, cfg))
		return
	}
	if cfg.Endpoint == "" && vbs.InClear(client.ResourceBase) {
		resp.Diagnostics.AddWarning(
			"VBS endpoint from the catalog uses http://",
			fmt.Sprintf(
				"The service catalog gives VBS as %s: tokens and signed requests to it travel unencrypted. Set endpoint (VBS_ENDPOINT) to its https:// "+
					"address.",
				vbs.ShowURL(client.ResourceBase),
			),
		)
	}
	scopes := vbs.NewScopes(cfg, client)
	p.mu.Lock()
	p.scopes = scopes
	p.mu.Unlock()
	refresh := newRefresher(client)
	refresh.disabled = !cfg.RefreshFromList
	data := &providerData{scopes: scopes, refresh: refresh, projects: &projectCache{}}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ListResourceData = data
	resp.ActionData = data
}

// resolve merges the configuration, the environment and clouds.yaml (in
// that order of precedence, one setting at a time from the settings
// table), fills what a known region implies, and checks the result with
// vbs.Config.Validate, naming the attribute and variable to set for each
// problem. Methods rank token, then AK/SK, then password.
func (p *vbsProvider) resolve(m providerModel) (vbs.Config, diag.Diagnostics) {
	r := resolver{getenv: p.getenv}
	var cfg vbs.Config
	if name, _ := r.value(settingCloud, &m); name != "" {
		r.cloud, cfg.TLSConfig = r.readCloudsYAML(name)
	}
	for _, s := range settings {
		r.apply(s, &m, &cfg)
	}
	if r.diags.HasError() {
		return cfg, r.diags
	}
	cfg = cfg.WithRegionDefaults()
	r.warnInClear(settingAuthURL, cfg.AuthURL)
	r.warnInClear(settingEndpoint, cfg.Endpoint)
	r.warnInClear(settingCBREndpoint, cfg.CBREndpoint)
	r.warnInsecure(cfg, &m)
	r.report(cfg.Validate())
	r.warnSeveralMethods(cfg)
	return cfg, r.diags
}

// report turns Validate's errors into attribute diagnostics.
func (r *resolver) report(err error) {
	errs, ok := vbs.AsConfigErrors(err)
	if !ok {
		return
	}
	for _, e := range errs {
		s, _ := settingFor(e.Field)
		switch {
		case e.Kind == vbs.NoCredentials:
			r.diags.AddError("No credentials configured",
				"The provider needs one of: a token ("+settingToken.hint()+"); an access key pair ("+settingAccessKey.hint()+" and "+settingSecretKey.hint()+
					"); or a user name and password ("+settingUserName.hint()+" and "+settingPassword.hint()+"). A clouds.yaml entry named by cloud (OS_CLOUD) can supply "+
					"them too.")
		case e.Kind == vbs.Missing:
			r.missing(s, e.Why)
		case errors.Is(e, vbs.ErrEndpointForAnotherProject):
			r.diags.AddAttributeError(path.Root(s.attr), "Endpoint for another project", e.Why+".")
		default:
			r.diags.AddAttributeError(path.Root(s.attr), "Invalid URL", fmt.Sprintf("%s (from the configuration or %s): %s.", s.attr, s.envList(), e.Why))
		}
	}
}

// warnSeveralMethods names the method used when more than one is complete.
func (r *resolver) warnSeveralMethods(cfg vbs.Config) {
	methods := cfg.CompleteMethods()
	if len(methods) < 2 {
		return
	}
	described := map[vbs.Method]string{
		vbs.MethodToken:    "token",
		vbs.MethodAKSK:     "AK/SK (access_key, secret_key)",
		vbs.MethodPassword: "password (user_name, password)",
	}
	names := make([]string, len(methods))
	for i, m := range methods {
		names[i] = described[m]
	}
	r.diags.AddWarning(
		"Several authentication methods configured",
		fmt.Sprintf(
			"Complete credentials are configured for %s; the provider uses %s (precedence: token, then AK/SK, then password). Remove the others to silence "+
				"this warning.",
			strings.Join(names, " and "),
			methods[0],
		),
	)
}

// readCloudsYAML reads the named cloud through gophercloud's clouds.yaml
// parser (secure.yaml merged in; OS_CLIENT_CONFIG_FILE names the file).
func (r *resolver) readCloudsYAML(name string) (map[string]string, *tls.Config) {
	opts := []clouds.ParseOption{clouds.WithCloudName(name)}
	if file := r.getenv("OS_CLIENT_CONFIG_FILE"); file != "" {
		opts = append(opts, clouds.WithLocations(file))
	}
	if region := r.getenv("OS_REGION_NAME"); region != "" {
		opts = append(opts, clouds.WithRegion(region))
	}
	ao, eo, tlsConfig, err := clouds.Parse(opts...)
	if err != nil {
		r.diags.AddAttributeError(path.Root(settingCloud.attr), "Cannot read clouds.yaml",
			fmt.Sprintf("Reading cloud %q: %v. Check the cloud's name (cloud, OS_CLOUD) and the file (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, "+
				"~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).", name, err))
		return nil, nil
	}
	values := map[string]string{
		settingAuthURL.attr:     ao.IdentityEndpoint,
		settingUserName.attr:    ao.Username,
		settingPassword.attr:    ao.Password,
		settingDomainName.attr:  ao.DomainName,
		settingProjectID.attr:   ao.TenantID,
		settingProjectName.attr: ao.TenantName,
		settingToken.attr:       ao.TokenID,
		settingRegion.attr:      eo.Region,
	}
	if tlsConfig != nil && tlsConfig.InsecureSkipVerify {
		values[settingInsecure.attr] = "true" // verify: false
	}
	return values, tlsConfig
}

// resolver reads one attribute at a time, collecting diagnostics.
type resolver struct {
	getenv func(string) string
	// cloud holds the values of the clouds.yaml entry, by attribute name.
	cloud map[string]string
	diags diag.Diagnostics
}

// value is a setting's value from the first source that sets it: the
// configuration, the environment variables in order, clouds.yaml, the
// default. source names the environment variable it came from, if one did.
func (r *resolver) value(s setting, m *providerModel) (value, source string) {
	switch v := s.model(m).(type) {
	case types.String:
		if v.IsUnknown() {
			r.unknown(s)
			return "", ""
		}
		if v.ValueString() != "" {
			return v.ValueString(), ""
		}
	case types.Bool:
		if v.IsUnknown() {
			r.unknown(s)
			return "", ""
		}
		if !v.IsNull() {
			return strconv.FormatBool(v.ValueBool()), ""
		}
	case types.Int64:
		if v.IsUnknown() {
			r.unknown(s)
			return "", ""
		}
		if !v.IsNull() {
			return strconv.FormatInt(v.ValueInt64(), 10), ""
		}
	}
	for _, e := range s.env {
		if x := r.getenv(e); x != "" {
			return x, e
		}
	}
	if x := r.cloud[s.attr]; x != "" {
		return x, ""
	}
	return s.def, ""
}

// apply sets the setting's vbs.Config field from its merged value.
func (r *resolver) apply(s setting, m *providerModel, cfg *vbs.Config) {
	value, source := r.value(s, m)
	if value == "" {
		return
	}
	switch field := s.target(cfg).(type) {
	case *string:
		*field = value
	case *bool:
		b, err := strconv.ParseBool(value)
		if err != nil {
			r.diags.AddAttributeError(path.Root(s.attr), "Invalid environment variable",
				fmt.Sprintf("%s=%q is not a boolean: use true or false.", source, value))
		}
		*field = b
	case *int:
		n, err := strconv.Atoi(value)
		if err != nil || n < 0 || n > 100 {
			r.diags.AddAttributeError(path.Root(s.attr), "Invalid environment variable",
				fmt.Sprintf("%s=%q is not a whole number from 0 to 100.", source, value))
			return
		}
		*field = n
	}
}

// warnInsecure warns when TLS certificates are not verified, naming where
// that was set: anyone on the path can then read and change what is sent.
func (r *resolver) warnInsecure(cfg vbs.Config, m *providerModel) {
	if !cfg.Insecure {
		return
	}
	_, env := r.value(settingInsecure, m)
	from := "the cloud's verify: false in clouds.yaml"
	switch {
	case env != "":
		from = env + "=" + r.getenv(env)
	case !m.Insecure.IsNull():
		from = "insecure = true in the provider configuration"
	}
	r.diags.AddAttributeWarning(path.Root(settingInsecure.attr), "TLS certificate verification is off",
		fmt.Sprintf("Set by %s: the provider accepts any certificate from IAM and VBS, so anyone on the network path can read the credentials and change the "+
			"answers. "+
			"Use it only against a test endpoint; to trust a private CA, set cacert_file (OS_CACERT) instead.", from))
}

// warnInClear warns when credentials would cross the network unencrypted.
func (r *resolver) warnInClear(s setting, v string) {
	if vbs.InClear(v) {
		r.diags.AddAttributeWarning(path.Root(s.attr), "Credentials sent in clear",
			fmt.Sprintf("%s %s uses http:// to a host that is not loopback: tokens, passwords and signed requests travel unencrypted. Use "+
				"https://.", s.attr, vbs.ShowURL(v)))
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

// projectUsed names the project a sign-in asked for.
func projectUsed(cfg vbs.Config) string {
	if cfg.ProjectID != "" {
		return "project_id " + cfg.ProjectID
	}
	return "project_name " + cfg.ProjectName + " in domain " + cfg.DomainName
}

// configureError explains a failed sign-in in terms of what to fix.
func configureError(err error, cfg vbs.Config) diag.Diagnostic {
	method, _ := cfg.AuthMethod()
	redact := vbs.NewRedactor(cfg, nil)
	var ae *vbs.AuthError
	if errors.As(err, &ae) {
		var hint string
		switch {
		case ae.StatusCode() == 401 && strings.Contains(strings.ToLower(err.Error()), "project"):
			hint = fmt.Sprintf(
				"IAM refused the project the token was to be scoped to: %s. Check project_id (OS_PROJECT_ID) or project_name (OS_PROJECT_NAME): "+
					"the user needs a role in that project, and the id must be the project's (32 hexadecimal characters, as the console shows it).",
				projectUsed(cfg),
			)
		case ae.StatusCode() == 401 && method == vbs.MethodAKSK:
			hint = "The signed request was refused. Check access_key and secret_key (OS_ACCESS_KEY, OS_SECRET_KEY), security_token for temporary credentials " +
				"(OS_SECURITY_TOKEN), and the machine's clock (signatures more than 15 minutes off are refused)."
		case ae.StatusCode() == 401 && method == vbs.MethodToken:
			hint = "The token was refused: it is invalid, expired or not valid for the project. Set a fresh token (token, OS_TOKEN), or remove it to use a password."
		case ae.StatusCode() == 401:
			hint = "IAM refused the credentials. Check user_name, password and domain_name (OS_USERNAME, OS_PASSWORD, OS_DOMAIN_NAME), and that the user has a role " +
				"in the project."
		case ae.StatusCode() == 0:
			hint = "IAM could not be reached. Check auth_url (OS_AUTH_URL) and the network."
		default:
			hint = "Check auth_url (OS_AUTH_URL) and the project settings."
		}
		return diag.NewErrorDiagnostic("Authentication failed", redact.Safe(fmt.Sprintf("%v\n\n%s", err, hint)))
	}
	var ce *vbs.CatalogError
	if errors.As(err, &ce) {
		fix := "Set region (" + settingRegion.envList() + ") to a region that has VBS"
		if len(ce.Regions) > 0 {
			fix += ": " + strings.Join(ce.Regions, ", ")
		}
		fix += ", or set endpoint (VBS_ENDPOINT) to the VBS service root."
		return diag.NewAttributeErrorDiagnostic(
			path.Root(settingRegion.attr),
			"VBS not found in the service catalog",
			redact.Safe(fmt.Sprintf("%v.\n\n%s", err, strings.ReplaceAll(fix, "`", ""))),
		)
	}
	return diag.NewErrorDiagnostic("Cannot configure the VBS client", redact.Safe(err.Error()))
}
