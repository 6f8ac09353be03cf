package provider

import (
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// setting is one provider attribute and the environment variables it falls
// back to, in order. The table drives the schema, the resolution in
// Configure and the messages that tell users what to set.
type setting struct {
	attr        string
	env         []string
	sensitive   bool
	description string
	// model is the attribute's value in the configuration.
	model func(*providerModel) attr.Value
	// target is the vbs.Config field the value goes to (*string, *bool or
	// *int); nil for settings that steer the merging itself (cloud).
	target func(*vbs.Config) any
	// def is the value when no source sets it.
	def string
}

var (
	settingRegion = setting{
		attr:        "region",
		env:         []string{"OS_REGION_NAME", "OS_REGION", "HW_REGION_NAME"},
		description: "Region whose endpoints are taken from the service catalog, e.g. `eu-de` or `cn-north-4`.",
		model:       func(m *providerModel) attr.Value { return m.Region },
		target:      func(c *vbs.Config) any { return &c.Region },
	}
	settingProjectID = setting{
		attr:        "project_id",
		env:         []string{"OS_PROJECT_ID", "OS_TENANT_ID", "HW_PROJECT_ID"},
		description: "ID of the project to work in. Either this or `project_name`.",
		model:       func(m *providerModel) attr.Value { return m.ProjectID },
		target:      func(c *vbs.Config) any { return &c.ProjectID },
	}
	settingProjectName = setting{
		attr:        "project_name",
		env:         []string{"OS_PROJECT_NAME", "OS_TENANT_NAME", "HW_PROJECT_NAME"},
		description: "Name of the project to work in, looked up within `domain_name`. Either this or `project_id`.",
		model:       func(m *providerModel) attr.Value { return m.ProjectName },
		target:      func(c *vbs.Config) any { return &c.ProjectName },
	}
	settingAuthURL = setting{
		attr:        "auth_url",
		env:         []string{"OS_AUTH_URL", "HW_AUTH_URL"},
		description: "IAM (Keystone v3) endpoint, e.g. `https://iam.eu-de.otc.t-systems.com/v3`. Not needed when `endpoint`, `project_id` and `token` are all set.",
		model:       func(m *providerModel) attr.Value { return m.AuthURL },
		target:      func(c *vbs.Config) any { return &c.AuthURL },
	}
	settingEndpoint = setting{
		attr: "endpoint",
		env:  []string{"VBS_ENDPOINT"},
		description: "VBS service root without version, e.g. `https://vbs.eu-de.otc.t-systems.com`; the provider adds `/v2/{project_id}`. " +
			"When set, the service catalog is not consulted in `region`. " +
			"`{region}` in it stands for the region of each read (`https://vbs.{region}.myhuaweicloud.com`), and then also serves the data sources' and list " +
			"resource's `region`; " +
			"without it, reads in another region take that region's endpoint from the catalog or the known regions.",
		model:  func(m *providerModel) attr.Value { return m.Endpoint },
		target: func(c *vbs.Config) any { return &c.Endpoint },
	}
	settingCBREndpoint = setting{
		attr: "cbr_endpoint",
		env:  []string{"VBS_CBR_ENDPOINT"},
		description: "Cloud Backup and Recovery (CBR) service root, e.g. `https://cbr.eu-de.otc.t-systems.com`, for the `vbs_cbr_*` data sources " +
			"and resources; the provider adds `/v3/{project_id}`. `{region}` in it stands for the region of each read. " +
			"Unset: the service catalog's `cbr` entry, else the VBS endpoint's host with `vbs` replaced by `cbr`.",
		model:  func(m *providerModel) attr.Value { return m.CBREndpoint },
		target: func(c *vbs.Config) any { return &c.CBREndpoint },
	}
	settingUserName = setting{
		attr:        "user_name",
		env:         []string{"OS_USERNAME", "HW_USER_NAME"},
		description: "IAM user name for password authentication.",
		model:       func(m *providerModel) attr.Value { return m.UserName },
		target:      func(c *vbs.Config) any { return &c.UserName },
	}
	settingPassword = setting{
		attr:        "password",
		env:         []string{"OS_PASSWORD", "HW_USER_PASSWORD"},
		sensitive:   true,
		description: "IAM password for password authentication.",
		model:       func(m *providerModel) attr.Value { return m.Password },
		target:      func(c *vbs.Config) any { return &c.Password },
	}
	settingDomainName = setting{
		attr:        "domain_name",
		env:         []string{"OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME", "OS_PROJECT_DOMAIN_NAME", "HW_DOMAIN_NAME"},
		description: "Domain of the user (on Huawei Cloud, the account name); also the domain `project_name` is looked up in.",
		model:       func(m *providerModel) attr.Value { return m.DomainName },
		target:      func(c *vbs.Config) any { return &c.DomainName },
	}
	settingToken = setting{
		attr:        "token",
		env:         []string{"OS_TOKEN", "OS_AUTH_TOKEN"},
		sensitive:   true,
		description: "An existing IAM token. Takes precedence over a password. With `endpoint` and `project_id` no IAM request is made at all.",
		model:       func(m *providerModel) attr.Value { return m.Token },
		target:      func(c *vbs.Config) any { return &c.Token },
	}
	settingAccessKey = setting{
		attr:      "access_key",
		env:       []string{"OS_ACCESS_KEY", "HW_ACCESS_KEY"},
		sensitive: true,
		description: "Access key (AK) for AK/SK request signing, the usual way to automate Huawei Cloud. Requires `secret_key`. Needs no IAM token; " +
			"without `endpoint` the VBS endpoint comes from IAM's service catalog for the project (IAM from `auth_url` or `region`).",
		model:  func(m *providerModel) attr.Value { return m.AccessKey },
		target: func(c *vbs.Config) any { return &c.AccessKey },
	}
	settingSecretKey = setting{
		attr:        "secret_key",
		env:         []string{"OS_SECRET_KEY", "HW_SECRET_KEY"},
		sensitive:   true,
		description: "Secret key (SK) that signs every request together with `access_key`.",
		model:       func(m *providerModel) attr.Value { return m.SecretKey },
		target:      func(c *vbs.Config) any { return &c.SecretKey },
	}
	settingSecurityTok = setting{
		attr:        "security_token",
		env:         []string{"OS_SECURITY_TOKEN", "HW_SECURITY_TOKEN"},
		sensitive:   true,
		description: "Security token of temporary AK/SK credentials; sent as `X-Security-Token` and signed.",
		model:       func(m *providerModel) attr.Value { return m.SecurityTok },
		target:      func(c *vbs.Config) any { return &c.SecurityToken },
	}
	settingCloud = setting{
		attr: "cloud",
		env:  []string{"OS_CLOUD"},
		description: "Name of an entry in `clouds.yaml` (with `secure.yaml` beside it; `OS_CLIENT_CONFIG_FILE` names the file) to take auth settings, region and " +
			"TLS settings from. Attributes and environment variables win over it.",
		model: func(m *providerModel) attr.Value { return m.Cloud },
	}
	settingInsecure = setting{
		attr:        "insecure",
		env:         []string{"OS_INSECURE", "HW_INSECURE"},
		description: "Skip TLS certificate verification. Only for testing.",
		model:       func(m *providerModel) attr.Value { return m.Insecure },
		target:      func(c *vbs.Config) any { return &c.Insecure },
	}
	settingCACertFile = setting{
		attr:        "cacert_file",
		env:         []string{"OS_CACERT"},
		description: "Path to a PEM bundle of CA certificates to trust in addition to the system's, and to a `cacert` that `clouds.yaml` names.",
		model:       func(m *providerModel) attr.Value { return m.CACertFile },
		target:      func(c *vbs.Config) any { return &c.CACertFile },
	}
	settingCertFile = setting{
		attr:        "cert_file",
		env:         []string{"OS_CERT"},
		description: "Path to a PEM client certificate, for gateways that require mutual TLS. Requires `key_file`.",
		model:       func(m *providerModel) attr.Value { return m.CertFile },
		target:      func(c *vbs.Config) any { return &c.CertFile },
	}
	settingKeyFile = setting{
		attr:        "key_file",
		env:         []string{"OS_KEY"},
		description: "Path to the PEM private key of `cert_file`.",
		model:       func(m *providerModel) attr.Value { return m.KeyFile },
		target:      func(c *vbs.Config) any { return &c.KeyFile },
	}
	settingMaxRetries = setting{
		attr:        "max_retries",
		env:         []string{"OS_MAX_RETRIES", "HW_MAX_RETRIES"},
		description: "How often one request is retried after a throttling answer (429), a gateway error (502, 503, 504) or a connection error. Default 5.",
		model:       func(m *providerModel) attr.Value { return m.MaxRetries },
		target:      func(c *vbs.Config) any { return &c.MaxRetries },
		def:         strconv.Itoa(defaultMaxRetries),
	}
	settingRefreshList = setting{attr: "refresh_from_list", env: []string{"VBS_REFRESH_FROM_LIST"},
		description: "Whether one list of the project's shares may serve the refresh of many `vbs_backup_share` resources " +
			"(from the ninth in one run, when the list costs fewer requests than a GET each). Default `true`. " +
			"A share the list does not hold, or holds without all a GET would show, is still read by GET, so a share is never reported gone on the list's word. " +
			"Set `false` where the service's list lags behind its GET: a share cancelled outside Terraform then shows as gone at the next refresh rather than once " +
			"the list catches up.",
		model:  func(m *providerModel) attr.Value { return m.RefreshList },
		target: func(c *vbs.Config) any { return &c.RefreshFromList }, def: "true"}
)

// defaultMaxRetries is the retry budget of one request.
const defaultMaxRetries = 5

// settings are merged in this order; each reads the configuration, then
// its environment variables, then clouds.yaml, then its default.
var settings = []setting{
	settingRegion, settingProjectID, settingProjectName, settingAuthURL, settingEndpoint, settingCBREndpoint, settingUserName, settingPassword,
	settingDomainName, settingToken, settingAccessKey, settingSecretKey, settingSecurityTok, settingInsecure, settingCACertFile,
	settingCertFile, settingKeyFile, settingMaxRetries, settingRefreshList,
}

// settingFor finds a setting by its attribute name.
func settingFor(attrName string) (setting, bool) {
	for _, s := range append(settings, settingCloud) {
		if s.attr == attrName {
			return s, true
		}
	}
	return setting{}, false
}

// fromCloudsYAML are the settings clouds.yaml can supply.
var fromCloudsYAML = []setting{
	settingAuthURL,
	settingUserName,
	settingPassword,
	settingDomainName,
	settingProjectID,
	settingProjectName,
	settingToken,
	settingRegion,
	settingInsecure,
}

// describe renders the attribute's documentation with its variables.
func (s setting) describe() string {
	d := s.description + " Environment: " + s.envList() + " (the first one set wins)."
	for _, c := range fromCloudsYAML {
		if c.attr == s.attr {
			d += " Also read from `clouds.yaml` when `cloud` is set."
		}
	}
	return d
}

// envList is "`A` or `B`" for messages and docs.
func (s setting) envList() string {
	quoted := make([]string, len(s.env))
	for i, e := range s.env {
		quoted[i] = "`" + e + "`"
	}
	return strings.Join(quoted, " or ")
}

// hint tells users how to set it: "set user_name (or OS_USERNAME)".
func (s setting) hint() string {
	return "set " + s.attr + " in the provider block (or the environment variable " + strings.ReplaceAll(s.envList(), "`", "") + ")"
}

func osGetenv(k string) string { return os.Getenv(k) }
