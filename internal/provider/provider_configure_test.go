package provider

import (
	"reflect"
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
	}
	cfg, diags := resolveWith(env, nullModel())
	if diags.HasError() {
		t.Fatal(diags)
	}
	want := vbs.Config{Region: "eu-de", ProjectID: "pid", ProjectName: "pname", AuthURL: "https://iam.example.com/v3",
		Endpoint: "https://vbs.example.com", UserName: "user", Password: "pw", DomainName: "dom", Token: "tok",
		Insecure: true, CACertFile: "/ca.pem", MaxRetries: 7}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("got  %+v\nwant %+v", cfg, want)
	}
	// Two complete methods: a warning that names the one used.
	if diags.WarningsCount() != 1 || !strings.Contains(diags.Warnings()[0].Detail(), "uses the token") {
		t.Errorf("warnings = %v", diags.Warnings())
	}
}

func TestResolveExplicitBeatsEnvironment(t *testing.T) {
	env := map[string]string{"OS_PROJECT_ID": "from-env", "OS_TOKEN": "env-token", "OS_DOMAIN_NAME": "first", "OS_USER_DOMAIN_NAME": "second", "OS_INSECURE": "true"}
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
			[]string{"Missing auth_url", "OS_AUTH_URL", "only endpoint, project_id and token together skip IAM"}},
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
