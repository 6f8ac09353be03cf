package provider

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestAccExamples_policyChecksTerraformTest runs the policy example's own
// tests (tests/policy.tftest.hcl) with `terraform test`, as a user would:
// a copy of the example directory, the provider built and taken through
// dev_overrides, the emulator's environment.
func TestAccExamples_policyChecksTerraformTest(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	cli := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if cli == "" {
		cli = "terraform"
	}
	skipBelow(t, cli, "1.6.0", "terraform test")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "..", "examples", "policy-checks"))); err != nil {
		t.Fatal(err)
	}
	plugins := t.TempDir()
	build := exec.CommandContext(t.Context(), "go", "build", "-o", devrun.ProviderPath(plugins), "../..") //nolint:gosec // builds this repository into the test's temporary directory
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliEnv, err := devrun.WriteCLIConfig(filepath.Join(t.TempDir(), "cli.tfrc"), plugins)
	if err != nil {
		t.Fatal(err)
	}
	_, srv := emutest.Start(t, emulator.Options{})
	env := append(append(os.Environ(), cliEnv...), emulator.SampleUserEnv(srv.URL)...)

	run := func(args ...string) string {
		cmd := exec.CommandContext(t.Context(), cli, args...) //nolint:gosec // the CLI the tests run with (TF_ACC_TERRAFORM_PATH)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(cli), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// No init: with dev_overrides Terraform skips it, and it would ask the
	// registry for the provider.
	out := run("test", "-no-color")
	if !strings.Contains(out, "3 passed, 0 failed") {
		t.Errorf("terraform test did not pass all three runs:\n%s", out)
	}
}

// skipBelow skips a test that needs a CLI feature the CLI at path is too old
// for, as tfversion.SkipBelow does for test cases.
func skipBelow(t *testing.T, cli, minimum, feature string) {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), cli, "version", "-json").Output() //nolint:gosec // as above
	if err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("%s version -json: %v", cli, err)
	}
	have, err := version.NewVersion(v.Version)
	if err != nil {
		t.Fatalf("%s reports version %q: %v", cli, v.Version, err)
	}
	if have.LessThan(version.Must(version.NewVersion(minimum))) {
		t.Skipf("%s needs %s or later; %s is %s", feature, minimum, cli, have)
	}
}
