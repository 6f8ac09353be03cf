package provider

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestAccSecretScenarios reads through password, token and AK/SK (with a
// security token) sign-in, the secrets coming from the environment. It is an
// ordinary acceptance test; TestAccSecretsNeverReachLogs runs it again with
// TF_LOG=TRACE and searches everything it printed for the secrets.
func TestAccSecretScenarios(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, sharer).TokenID
	scenarios := []struct {
		name string
		env  map[string]string
	}{
		{
			"password",
			map[string]string{
				"OS_AUTH_URL":    srv.URL + "/v3",
				"OS_USERNAME":    emulator.SampleUser,
				"OS_PASSWORD":    emulator.SamplePassword,
				"OS_DOMAIN_NAME": emulator.SampleDomain,
				"OS_PROJECT_ID":  sharer,
			},
		},
		{"token", map[string]string{"OS_AUTH_URL": srv.URL + "/v3", "OS_TOKEN": token, "OS_PROJECT_ID": sharer}},
		{
			"AK/SK",
			map[string]string{
				"VBS_ENDPOINT":      srv.URL,
				"OS_PROJECT_ID":     sharer,
				"OS_ACCESS_KEY":     emulator.SampleTempAccessKey,
				"OS_SECRET_KEY":     emulator.SampleTempSecretKey,
				"OS_SECURITY_TOKEN": emulator.SampleSecurityToken,
			},
		},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			for k, v := range sc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps:                    []resource.TestStep{{Config: readBoth, Check: checkReadBoth()}},
			})
		})
	}
	// The paths that log besides: IAM's project list and the reads of other
	// projects (scopes), and the refresher's fallback behind a gateway that
	// echoes the request's credentials into its error bodies.
	t.Run("account and refresh", func(t *testing.T) {
		emu, srv := emutest.Start(t, emulator.Options{})
		for _, kv := range emulator.SampleUserEnv(srv.URL) {
			k, v, _ := strings.Cut(kv, "=")
			t.Setenv(k, v)
		}
		account := `
data "vbs_projects" "all" {}
data "vbs_backup_shares" "other" {
  project_id = "` + toB9 + `"
}
`
		many := `
resource "vbs_backup_share" "many" {
  count         = 10
  backup_id     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  to_project_id = format("%032x", count.index + 4096)
}
`
		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testProviders,
			Steps: []resource.TestStep{
				{Config: account + many},
				{
					PreConfig:          func() { emu.SetVariations(emulator.Variations{CountStatus: 500, EchoCredentials: true}) },
					Config:             account + many,
					PlanOnly:           true,
					ExpectNonEmptyPlan: false,
				},
				{PreConfig: func() { emu.SetVariations(emulator.Variations{}) }, Config: account + many},
			},
		})
	})
}

func TestAccSecretsNeverReachLogs(t *testing.T) {
	if os.Getenv("VBS_SECRET_SCAN_CHILD") != "" {
		return // the child process runs only the scenarios
	}
	if os.Getenv("TF_ACC") == "" {
		// It runs Terraform, as every acceptance test does only with TF_ACC
		// (make test sets it).
		t.Skip("acceptance test: set TF_ACC=1")
	}
	dir := t.TempDir()
	//nolint:gosec,noctx // this test binary, run again; bounded by the test timeout
	cmd := exec.Command(
		os.Args[0],
		"-test.run=^TestAccSecretScenarios$",
		"-test.v",
		"-test.count=1",
	)
	cmd.Env = append(os.Environ(),
		"VBS_SECRET_SCAN_CHILD=1",
		"TF_ACC=1",
		"TF_LOG=TRACE",
		"TF_ACC_LOG_PATH="+filepath.Join(dir, "terraform.log"),
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("the scenarios failed: %v\n%s", err, tail(out.String(), 3000))
	}
	logs := out.String()
	if b, err := os.ReadFile(filepath.Join(dir, "terraform.log")); err == nil { //nolint:gosec // the log this test had Terraform write
		logs += string(b)
	}
	// Prove that the provider's own HTTP logging was captured, for each method.
	for _, want := range []string{"VBS HTTP request", "/v3/auth/tokens", "os-vendor-backup-sharing/detail", "--- PASS: TestAccSecretScenarios/AK/SK",
		"/v3/auth/projects", "refresh: no count, so a GET per share", "Request headers:", "--- PASS: TestAccSecretScenarios/account_and_refresh"} {
		if !strings.Contains(logs, want) {
			t.Fatalf("the captured output lacks %q: the scan would prove nothing (%d bytes captured)", want, len(logs))
		}
	}
	secrets := map[string]string{
		"password":        emulator.SamplePassword,
		"secret key":      emulator.SampleTempSecretKey,
		"security token":  emulator.SampleSecurityToken,
		"a token value":   "emu-", // every token the emulator issues starts so
		"a signature":     "Signature=",
		"an SDK-HMAC sig": "SDK-HMAC-SHA256 Access",
	}
	for what, secret := range secrets {
		if i := strings.Index(logs, secret); i >= 0 {
			t.Errorf("%s appears in the logs: …%s…", what, logs[max(0, i-200):min(len(logs), i+100)])
		}
	}
	t.Logf("scanned %d bytes of TRACE output", len(logs))
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return fmt.Sprintf("…%s", s[len(s)-n:])
}
