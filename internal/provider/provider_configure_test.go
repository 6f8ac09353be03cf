package provider

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

func nullModel() providerModel {
	return providerModel{
		Region: types.StringNull(), ProjectID: types.StringNull(), ProjectName: types.StringNull(),
		AuthURL: types.StringNull(), Endpoint: types.StringNull(), UserName: types.StringNull(),
		Password: types.StringNull(), DomainName: types.StringNull(), Token: types.StringNull(),
		Insecure: types.BoolNull(), CACertFile: types.StringNull(), MaxRetries: types.Int64Null(),
		RefreshList: types.BoolNull(),
	}
}

func resolveWith(env map[string]string, m providerModel) (vbs.Config, diag.Diagnostics) {
	p := &vbsProvider{getenv: func(k string) string { return env[k] }}
	return p.resolve(m)
}

func TestResolveFallsBackToEveryEnvironmentVariable(t *testing.T) {
	env := map[string]string{
		"OS_REGION_NAME": "eu-de", "OS_PROJECT_ID": "pid", "OS_PROJECT_NAME": "pname",
		"OS_AUTH_URL": "https://iam.example.com/v3", "VBS_ENDPOINT": "https://vbs.example.com",
		"OS_USERNAME": "user", "OS_PASSWORD": "pw", "OS_USER_DOMAIN_NAME": "dom",
		"OS_AUTH_TOKEN": "tok", "OS_INSECURE": "true", "OS_CACERT": "/ca.pem", "OS_MAX_RETRIES": "7",
		"HW_ACCESS_KEY": "ak", "HW_SECRET_KEY": "sk", "HW_SECURITY_TOKEN": "st", "VBS_REFRESH_FROM_LIST": "false",
	}
	cfg, diags := resolveWith(env, nullModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := vbs.Config{Region: "eu-de", ProjectID: "pid", ProjectName: "pname", AuthURL: "https://iam.example.com/v3",
		Endpoint: "https://vbs.example.com", UserName: "user", Password: "pw", DomainName: "dom", Token: "tok",
		AccessKey: "ak", SecretKey: "sk", SecurityToken: "st", Insecure: true, CACertFile: "/ca.pem", MaxRetries: 7}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
	// Two complete methods: a warning that names the one used; and
	// OS_INSECURE's.
	if diags.WarningsCount() != 2 || !strings.Contains(diags.Warnings()[1].Detail(), "token and AK/SK (access_key, secret_key) and password (user_name, "+
		"password); the provider uses token") ||
		!strings.Contains(diags.Warnings()[0].Detail(), "OS_INSECURE=true") {
		t.Errorf("warnings = %v", diags.Warnings())
	}
}

func TestResolveExplicitBeatsEnvironment(t *testing.T) {
	env := map[string]string{
		"OS_PROJECT_ID":       "from-env",
		"OS_TOKEN":            "env-token",
		"OS_DOMAIN_NAME":      "first",
		"OS_USER_DOMAIN_NAME": "second",
		"OS_INSECURE":         "true",
	}
	m := nullModel()
	m.ProjectID = types.StringValue("explicit")
	m.Endpoint = types.StringValue("https://vbs.example.com")
	m.Insecure = types.BoolValue(false)
	cfg, diags := resolveWith(env, m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if cfg.ProjectID != "explicit" || cfg.Token != "env-token" || cfg.DomainName != "first" || cfg.Insecure {
		t.Errorf("cfg = %+v", cfg)
	}
	if cfg.MaxRetries != defaultMaxRetries {
		t.Errorf("max_retries default = %d", cfg.MaxRetries)
	}
}

func TestResolveErrorsNameWhatToSet(t *testing.T) {
	cases := []struct {
		name  string
		env   map[string]string
		model func(*providerModel)
		want  []string
	}{
		{"no credentials", map[string]string{"OS_AUTH_URL": "https://iam/v3", "OS_PROJECT_ID": "p"}, nil,
			[]string{"No credentials configured", "token", "OS_TOKEN", "user_name", "OS_USERNAME", "password", "OS_PASSWORD"}},
		{"user without password", map[string]string{"OS_AUTH_URL": "https://iam/v3", "OS_PROJECT_ID": "p", "OS_USERNAME": "u", "OS_DOMAIN_NAME": "d"}, nil,
			[]string{"Missing password", "OS_PASSWORD"}},
		{"password without domain", map[string]string{"OS_AUTH_URL": "https://iam/v3", "OS_PROJECT_ID": "p", "OS_USERNAME": "u", "OS_PASSWORD": "x"}, nil,
			[]string{"Missing domain_name", "OS_DOMAIN_NAME"}},
		{"no project", map[string]string{"OS_AUTH_URL": "https://iam/v3", "OS_TOKEN": "t"}, nil,
			[]string{"Missing project_id", "OS_PROJECT_ID", "project_name"}},
		{"no auth_url", map[string]string{"OS_PROJECT_ID": "p", "OS_TOKEN": "t"}, nil,
			[]string{"Missing auth_url", "OS_AUTH_URL", "only endpoint, project_id and token together", "a known region"}},
		// AK/SK takes VBS from IAM's catalog: only without any IAM is the
		// endpoint missing (a known region, af-south-1 say, implies IAM).
		{"AK/SK in an unknown region", map[string]string{"OS_ACCESS_KEY": "a", "OS_SECRET_KEY": "s", "OS_PROJECT_ID": "p", "OS_REGION_NAME": "mars-1"}, nil,
			[]string{"Missing endpoint", "VBS_ENDPOINT", "service catalog", "auth_url", "af-south-1"}},
		{"access key without secret", map[string]string{"OS_ACCESS_KEY": "a", "VBS_ENDPOINT": "https://v", "OS_PROJECT_ID": "p"}, nil,
			[]string{"Missing secret_key", "OS_SECRET_KEY"}},
		{"security token alone", map[string]string{"OS_SECURITY_TOKEN": "st", "OS_TOKEN": "t", "VBS_ENDPOINT": "https://v", "OS_PROJECT_ID": "p"}, nil,
			[]string{"Missing access_key", "temporary AK/SK"}},
		{"missing clouds.yaml entry", map[string]string{"OS_CLOUD": "nowhere", "OS_CLIENT_CONFIG_FILE": "/nonexistent/clouds.yaml"}, nil,
			[]string{"Cannot read clouds.yaml", `"nowhere"`, "OS_CLIENT_CONFIG_FILE"}},
		{"bad boolean", map[string]string{"OS_INSECURE": "sometimes"}, nil,
			[]string{`OS_INSECURE="sometimes" is not a boolean`}},
		{"bad retries", map[string]string{"OS_MAX_RETRIES": "many"}, nil,
			[]string{`OS_MAX_RETRIES="many" is not a whole number`}},
		{"bad url", map[string]string{"OS_AUTH_URL": "iam.example.com", "OS_PROJECT_ID": "p", "OS_TOKEN": "t"}, nil,
			[]string{"auth_url", "must start with https://"}},
		{"unknown value", nil, func(m *providerModel) { m.Token = types.StringUnknown() },
			[]string{"not known until apply", "token", "OS_TOKEN"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := nullModel()
			if tc.model != nil {
				tc.model(&m)
			}
			_, diags := resolveWith(tc.env, m)
			if !diags.HasError() {
				t.Fatal("no error")
			}
			var text string
			for _, d := range diags.Errors() {
				text += d.Summary() + ": " + d.Detail() + "\n"
			}
			for _, w := range tc.want {
				if !strings.Contains(text, w) {
					t.Errorf("diagnostics lack %q:\n%s", w, text)
				}
			}
		})
	}
}

func TestResolveTokenEndpointProjectNeedsNoAuthURL(t *testing.T) {
	_, diags := resolveWith(map[string]string{"OS_TOKEN": "t", "VBS_ENDPOINT": "http://127.0.0.1:1", "OS_PROJECT_ID": "p"}, nullModel())
	if diags.HasError() || diags.WarningsCount() != 0 {
		t.Fatal(diags)
	}
}

func TestResolveAKSKDerivesEndpointsFromRegion(t *testing.T) {
	env := map[string]string{
		"HW_ACCESS_KEY":  "a",
		"HW_SECRET_KEY":  "s",
		"OS_REGION_NAME": "cn-north-4",
		"OS_USERNAME":    "u",
		"OS_PASSWORD":    "p",
		"OS_DOMAIN_NAME": "d",
	}
	cfg, diags := resolveWith(env, nullModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	if cfg.Endpoint != "https://vbs.cn-north-4.myhuaweicloud.com" || cfg.AuthURL != "https://iam.cn-north-4.myhuaweicloud.com/v3" {
		t.Errorf("endpoints %s %s", cfg.Endpoint, cfg.AuthURL)
	}
	if m, _ := cfg.AuthMethod(); m != vbs.MethodAKSK {
		t.Errorf("method %s, want AK/SK before password", m)
	}
	if diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "the provider uses AK/SK") {
		t.Errorf("warnings = %v", diags.Warnings())
	}
	// An explicit endpoint wins over the region's.
	m := nullModel()
	m.Endpoint = types.StringValue("http://127.0.0.1:9")
	if cfg, _ := resolveWith(env, m); cfg.Endpoint != "http://127.0.0.1:9" {
		t.Errorf("endpoint %s", cfg.Endpoint)
	}
}

func TestResolveCloudsYAMLRanksLast(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("clouds.yaml", `clouds:
  otc:
    region_name: eu-de
    auth:
      auth_url: https://iam.example.com/v3
      username: yaml-user
      user_domain_name: yaml-domain
      project_id: yaml-project
`)
	write("secure.yaml", `clouds:
  otc:
    auth:
      password: yaml-secret
`)
	env := map[string]string{"OS_CLIENT_CONFIG_FILE": filepath.Join(dir, "clouds.yaml"), "OS_PROJECT_ID": "env-project"}
	m := nullModel()
	m.Cloud = types.StringValue("otc")
	m.UserName = types.StringValue("explicit-user")
	cfg, diags := resolveWith(env, m)
	if diags.HasError() {
		t.Fatal(diags)
	}
	if cfg.AuthURL != "https://iam.example.com/v3" || cfg.Password != "yaml-secret" || cfg.DomainName != "yaml-domain" || cfg.Region != "eu-de" {
		t.Errorf("clouds.yaml values not used: %+v", cfg)
	}
	if cfg.UserName != "explicit-user" || cfg.ProjectID != "env-project" {
		t.Errorf("precedence wrong: user %s (want explicit), project %s (want env)", cfg.UserName, cfg.ProjectID)
	}
}

func TestResolveExplicitFalseBeatsCloudsYAMLVerifyFalse(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "clouds.yaml")
	if err := os.WriteFile(file, []byte(`clouds:
  lab:
    verify: false
    auth:
      auth_url: https://iam.example.com/v3
      token: yaml-token
      project_id: p
`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		attr types.Bool
		env  string
		want bool
		warn string // where the warning says verification was turned off
	}{
		{"clouds.yaml alone", types.BoolNull(), "", true, "verify: false in clouds.yaml"},
		{"insecure = false", types.BoolValue(false), "", false, ""},
		{"OS_INSECURE=false", types.BoolNull(), "false", false, ""},
		{"insecure = false over OS_INSECURE=true", types.BoolValue(false), "true", false, ""},
		{"insecure = true", types.BoolValue(true), "", true, "insecure = true in the provider configuration"},
		{"OS_INSECURE=true", types.BoolNull(), "true", true, "Set by OS_INSECURE=true"},
	}
	for _, tc := range cases {
		m := nullModel()
		m.Cloud = types.StringValue("lab")
		m.Insecure = tc.attr
		cfg, diags := resolveWith(map[string]string{"OS_CLIENT_CONFIG_FILE": file, "OS_INSECURE": tc.env}, m)
		if diags.HasError() {
			t.Fatalf("%s: %v", tc.name, diags)
		}
		if cfg.Insecure != tc.want {
			t.Errorf("%s: insecure = %v, want %v", tc.name, cfg.Insecure, tc.want)
		}
		var warned string
		for _, d := range diags.Warnings() {
			if d.Summary() == "TLS certificate verification is off" {
				warned = d.Detail()
			}
		}
		if (warned != "") != (tc.warn != "") || !strings.Contains(warned, tc.warn) {
			t.Errorf("%s: warning %q, want one naming %q", tc.name, warned, tc.warn)
		}
	}
}

// TestResolveReadsEveryAlias sets each environment variable of each string
// setting alone and checks that it lands in its field: the OpenStack and
// Huawei Cloud names alike.
func TestResolveReadsEveryAlias(t *testing.T) {
	type field struct {
		s   setting
		get func(vbs.Config) string
	}
	fields := []field{
		{settingRegion, func(c vbs.Config) string { return c.Region }}, {settingProjectID, func(c vbs.Config) string { return c.ProjectID }},
		{settingProjectName, func(c vbs.Config) string { return c.ProjectName }}, {settingAuthURL, func(c vbs.Config) string { return c.AuthURL }},
		{settingEndpoint, func(c vbs.Config) string { return c.Endpoint }}, {settingUserName, func(c vbs.Config) string { return c.UserName }},
		{settingPassword, func(c vbs.Config) string { return c.Password }}, {settingDomainName, func(c vbs.Config) string { return c.DomainName }},
		{settingToken, func(c vbs.Config) string { return c.Token }}, {settingAccessKey, func(c vbs.Config) string { return c.AccessKey }},
		{settingSecretKey, func(c vbs.Config) string { return c.SecretKey }}, {settingSecurityTok, func(c vbs.Config) string { return c.SecurityToken }},
		{settingCACertFile, func(c vbs.Config) string { return c.CACertFile }},
		{settingInsecure, func(c vbs.Config) string { return strconv.FormatBool(c.Insecure) }},
		{settingMaxRetries, func(c vbs.Config) string { return strconv.Itoa(c.MaxRetries) }},
	}
	values := map[string]string{
		settingAuthURL.attr:    "https://iam.example.com/v3",
		settingEndpoint.attr:   "https://vbs.example.com",
		settingInsecure.attr:   "true",
		settingMaxRetries.attr: "9",
	}
	for _, f := range fields {
		s := f.s
		for _, name := range s.env {
			want := values[s.attr]
			if want == "" {
				want = "value-of-" + name
			}
			cfg, _ := resolveWith(map[string]string{name: want}, nullModel())
			if got := f.get(cfg); got != want {
				t.Errorf("%s=%q: %s = %q", name, want, s.attr, got)
			}
		}
	}
	// Where two names are set, the first in the documented order wins.
	cfg, _ := resolveWith(map[string]string{"OS_PROJECT_ID": "os", "HW_PROJECT_ID": "hw"}, nullModel())
	if cfg.ProjectID != "os" {
		t.Errorf("OS_PROJECT_ID and HW_PROJECT_ID: %s, want OS_PROJECT_ID's", cfg.ProjectID)
	}
	// OTC users name the project by tenant and its domain by project domain.
	cfg, diags := resolveWith(
		map[string]string{
			"OS_TENANT_NAME":         "eu-de_lab",
			"OS_PROJECT_DOMAIN_NAME": "OTC-EU-DE-000",
			"OS_USERNAME":            "u",
			"OS_PASSWORD":            "p",
			"OS_AUTH_URL":            "https://iam.example.com/v3",
		},
		nullModel(),
	)
	if diags.HasError() || cfg.ProjectName != "eu-de_lab" || cfg.DomainName != "OTC-EU-DE-000" {
		t.Errorf("OS_TENANT_NAME with OS_PROJECT_DOMAIN_NAME: %+v, %v", cfg, diags)
	}
}

func TestResolveWarnsOfCredentialsInClear(t *testing.T) {
	for url, warn := range map[string]bool{"http://iam.example.com/v3": true, "https://iam.example.com/v3": false, "http://127.0.0.1:8790/v3": false} {
		_, diags := resolveWith(map[string]string{"OS_AUTH_URL": url, "OS_TOKEN": "t", "OS_PROJECT_ID": "p"}, nullModel())
		got := false
		for _, d := range diags.Warnings() {
			got = got || (d.Summary() == "Credentials sent in clear" && strings.Contains(d.Detail(), url))
		}
		if got != warn {
			t.Errorf("auth_url %s: warning %v, want %v (%v)", url, got, warn, diags)
		}
	}
}

func TestResolveRefusesUserInfoInEveryURLAndNeverPrintsIt(t *testing.T) {
	const pw = "EndpointPw123"
	cases := map[string]struct {
		env   map[string]string
		model func(*providerModel)
	}{
		"endpoint, configured": {map[string]string{"OS_TOKEN": "t", "OS_PROJECT_ID": "p"}, func(m *providerModel) {
			m.Endpoint = types.StringValue("http://svcuser:" + pw + "@vbs.example.com")
		}},
		"auth_url, configured": {map[string]string{"OS_TOKEN": "t", "OS_PROJECT_ID": "p"}, func(m *providerModel) {
			m.AuthURL = types.StringValue("https://svcuser:" + pw + "@iam.example.com/v3")
		}},
		"endpoint, from VBS_ENDPOINT": {
			map[string]string{"OS_TOKEN": "t", "OS_PROJECT_ID": "p", "VBS_ENDPOINT": "http://svcuser:" + pw + "@vbs.example.com"},
			nil,
		},
		"auth_url, from OS_AUTH_URL": {
			map[string]string{"OS_TOKEN": "t", "OS_PROJECT_ID": "p", "OS_AUTH_URL": "http://svcuser:" + pw + "@iam.example.com/v3"},
			nil,
		},
		"not even a URL": {
			map[string]string{"OS_TOKEN": "t", "OS_PROJECT_ID": "p", "OS_AUTH_URL": "http://svcuser:" + pw + "@iam example.com/v3"},
			nil,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			m := nullModel()
			if tc.model != nil {
				tc.model(&m)
			}
			_, diags := resolveWith(tc.env, m)
			var text string
			for _, d := range diags {
				text += d.Summary() + ": " + d.Detail() + "\n"
			}
			if !diags.HasError() || (!strings.Contains(text, "carries user info") && !strings.Contains(text, "is not a URL")) {
				t.Errorf("no refusal of the user info:\n%s", text)
			}
			if strings.Contains(text, pw) {
				t.Errorf("the password is printed:\n%s", text)
			}
		})
	}
}
