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
	p.mu.Lock()
	p.client = client
	p.mu.Unlock()
	resp.DataSourceData = client
}

// resolve merges the configuration, the environment and clouds.yaml (in
// that order of precedence) and checks that the result can authenticate,
// naming the attribute and variable to set when it cannot. Methods rank
// token, then AK/SK, then password.
func (p *vbsProvider) resolve(m providerModel) (vbs.Config, diag.Diagnostics) {
	r := resolver{getenv: p.getenv}
	var cloudTLS *tls.Config
	if name := r.str(settingCloud, m.Cloud); name != "" {
		r.cloud, cloudTLS = r.readCloudsYAML(name)
	}
	cfg := vbs.Config{
		Region:        r.str(settingRegion, m.Region),
		ProjectID:     r.str(settingProjectID, m.ProjectID),
		ProjectName:   r.str(settingProjectName, m.ProjectName),
		AuthURL:       r.str(settingAuthURL, m.AuthURL),
		Endpoint:      r.str(settingEndpoint, m.Endpoint),
		UserName:      r.str(settingUserName, m.UserName),
		Password:      r.str(settingPassword, m.Password),
		DomainName:    r.str(settingDomainName, m.DomainName),
		Token:         r.str(settingToken, m.Token),
		AccessKey:     r.str(settingAccessKey, m.AccessKey),
		SecretKey:     r.str(settingSecretKey, m.SecretKey),
		SecurityToken: r.str(settingSecurityTok, m.SecurityTok),
		Insecure:      r.insecure(m.Insecure, cloudTLS),
		CACertFile:    r.str(settingCACertFile, m.CACertFile),
		TLSConfig:     cloudTLS,
		MaxRetries:    r.integer(settingMaxRetries, m.MaxRetries, defaultMaxRetries),
	}
	if r.diags.HasError() {
		return cfg, r.diags
	}
	r.checkURL(settingAuthURL, cfg.AuthURL)
	r.checkURL(settingEndpoint, cfg.Endpoint)
	r.checkEndpointPath(cfg)
	r.warnInClear(settingAuthURL, cfg.AuthURL)
	r.warnInClear(settingEndpoint, cfg.Endpoint)
	r.checkMethods(cfg)
	method, _ := cfg.AuthMethod()

	// Endpoints a known region implies, where none is configured.
	regionEndpoint, regionAuthURL, knownRegion := vbs.RegionEndpoints(cfg.Region)
	if cfg.AuthURL == "" && knownRegion {
		cfg.AuthURL = regionAuthURL
	}
	if method == vbs.MethodAKSK && cfg.Endpoint == "" {
		if knownRegion {
			cfg.Endpoint = regionEndpoint
		} else {
			r.diags.AddAttributeError(path.Root(settingEndpoint.attr), "Missing endpoint",
				fmt.Sprintf("AK/SK authentication has no service catalog, so the provider needs the VBS endpoint: %s, or set region to a known region (%s).",
					settingEndpoint.hint(), vbs.KnownRegions()))
		}
	}

	if method == vbs.MethodPassword && cfg.DomainName == "" {
		r.missing(settingDomainName, "password authentication needs the user's domain (on Huawei Cloud the account name)")
	}
	switch {
	case cfg.ProjectID != "":
	case method == vbs.MethodAKSK && cfg.ProjectName == "" && cfg.Region == "":
		r.missing(settingProjectID, "AK/SK requests are scoped to a project; or set project_name or region to look it up by name")
	case method == vbs.MethodAKSK:
		// looked up by project_name, else by the region's name
	case cfg.ProjectName == "":
		r.missing(settingProjectID, "every VBS request is scoped to a project; "+settingProjectName.hint()+" instead to look it up by name")
	case cfg.DomainName == "":
		r.missing(settingDomainName, "project_name is only unique within a domain")
	}
	needsIAM := true
	switch method {
	case vbs.MethodToken:
		needsIAM = cfg.Endpoint == "" || cfg.ProjectID == ""
	case vbs.MethodAKSK:
		needsIAM = cfg.ProjectID == "" // only to look the project up
	}
	if needsIAM && cfg.AuthURL == "" {
		r.missing(settingAuthURL, "the provider needs IAM to sign in or look up the project (only endpoint, project_id and token together, or AK/SK with endpoint and project_id, skip IAM); setting a known region also sets it")
	}
	return cfg, r.diags
}

// checkMethods reports incomplete credentials, none at all, and more than
// one complete method (a warning naming the one used).
func (r *resolver) checkMethods(cfg vbs.Config) {
	switch {
	case cfg.AccessKey != "" && cfg.SecretKey == "":
		r.missing(settingSecretKey, "access_key is set, so AK/SK signing needs the secret key")
	case cfg.SecretKey != "" && cfg.AccessKey == "":
		r.missing(settingAccessKey, "secret_key is set, so AK/SK signing needs the access key")
	case cfg.UserName != "" && cfg.Password == "" && cfg.Token == "" && cfg.AccessKey == "":
		r.missing(settingPassword, "user_name is set, so password authentication needs a password")
	case cfg.Password != "" && cfg.UserName == "":
		r.missing(settingUserName, "password is set, so password authentication needs a user name")
	}
	if cfg.SecurityToken != "" && cfg.AccessKey == "" {
		r.missing(settingAccessKey, "security_token belongs to temporary AK/SK credentials")
	}
	var complete []string
	if cfg.Token != "" {
		complete = append(complete, "token")
	}
	if cfg.AccessKey != "" && cfg.SecretKey != "" {
		complete = append(complete, "AK/SK (access_key, secret_key)")
	}
	if cfg.UserName != "" && cfg.Password != "" {
		complete = append(complete, "password (user_name, password)")
	}
	switch {
	case len(complete) == 0 && !r.diags.HasError():
		r.diags.AddError("No credentials configured",
			"The provider needs one of: a token ("+settingToken.hint()+"); an access key pair ("+settingAccessKey.hint()+" and "+settingSecretKey.hint()+
				"); or a user name and password ("+settingUserName.hint()+" and "+settingPassword.hint()+"). A clouds.yaml entry named by cloud (OS_CLOUD) can supply them too.")
	case len(complete) > 1:
		r.diags.AddWarning("Several authentication methods configured",
			fmt.Sprintf("Complete credentials are configured for %s; the provider uses %s (precedence: token, then AK/SK, then password). Remove the others to silence this warning.",
				strings.Join(complete, " and "), strings.SplitN(complete[0], " (", 2)[0]))
	}
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
			fmt.Sprintf("Reading cloud %q: %v. Check the cloud's name (cloud, OS_CLOUD) and the file (OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).", name, err))
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
	return values, tlsConfig
}

// resolver reads one attribute at a time, collecting diagnostics.
type resolver struct {
	getenv func(string) string
	// cloud holds the values of the clouds.yaml entry, by attribute name.
	cloud map[string]string
	diags diag.Diagnostics
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
	return r.cloud[s.attr]
}

// boolean reads a boolean setting; set is false when neither the
// configuration nor the environment gives it, so that a lower source can.
func (r *resolver) boolean(s setting, v types.Bool) (value, set bool) {
	if v.IsUnknown() {
		r.unknown(s)
		return false, true
	}
	if !v.IsNull() {
		return v.ValueBool(), true
	}
	for _, e := range s.env {
		if x := r.getenv(e); x != "" {
			b, err := strconv.ParseBool(x)
			if err != nil {
				r.diags.AddAttributeError(path.Root(s.attr), "Invalid environment variable",
					fmt.Sprintf("%s=%q is not a boolean: use true or false.", e, x))
			}
			return b, true
		}
	}
	return false, false
}

// insecure is the documented precedence for an explicit false too: the
// attribute, then OS_INSECURE, then clouds.yaml's verify: false.
func (r *resolver) insecure(v types.Bool, cloudTLS *tls.Config) bool {
	if b, set := r.boolean(settingInsecure, v); set {
		return b
	}
	return cloudTLS != nil && cloudTLS.InsecureSkipVerify
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

// checkEndpointPath refuses an endpoint copied with another project's path
// (one with /v2 or this project's path is simply used).
func (r *resolver) checkEndpointPath(cfg vbs.Config) {
	if cfg.Endpoint == "" || checkHTTPURL(cfg.Endpoint) != nil {
		return
	}
	if _, err := vbs.ServiceRoot(cfg.Endpoint, cfg.ProjectID); err != nil {
		r.diags.AddAttributeError(path.Root(settingEndpoint.attr), "Endpoint for another project", err.Error()+".")
	}
}

// warnInClear warns when credentials would cross the network unencrypted.
func (r *resolver) warnInClear(s setting, v string) {
	if vbs.InClear(v) {
		r.diags.AddAttributeWarning(path.Root(s.attr), "Credentials sent in clear",
			fmt.Sprintf("%s %q uses http:// to a host that is not loopback: tokens, passwords and signed requests travel unencrypted. Use https://.", s.attr, v))
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
		case ae.StatusCode() == 401 && method == vbs.MethodAKSK:
			hint = "The signed request was refused. Check access_key and secret_key (OS_ACCESS_KEY, OS_SECRET_KEY), security_token for temporary credentials (OS_SECURITY_TOKEN), and the machine's clock (signatures more than 15 minutes off are refused)."
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
	var ce *vbs.CatalogError
	if errors.As(err, &ce) {
		fix := "Set region (" + settingRegion.envList() + ") to a region that has VBS"
		if len(ce.Regions) > 0 {
			fix += ": " + strings.Join(ce.Regions, ", ")
		}
		fix += ", or set endpoint (VBS_ENDPOINT) to the VBS service root."
		return diag.NewAttributeErrorDiagnostic(path.Root(settingRegion.attr), "VBS not found in the service catalog", fmt.Sprintf("%v.\n\n%s", err, strings.ReplaceAll(fix, "`", "")))
	}
	return diag.NewErrorDiagnostic("Cannot configure the VBS client", err.Error())
}
