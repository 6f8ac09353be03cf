package provider

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestAccExamples_policyChecksTerraformTest runs the policy example's own
// tests (tests/policy.tftest.hcl) with `terraform test`, as a user would:
// a copy of the example directory, the provider built and taken through
// dev_overrides, the emulator's environment.
func TestAccExamples_policyChecksTerraformTest(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.6.0", "terraform test")
	h.copyExample("policy-checks")
	out := h.run("test", "-no-color")
	if !strings.Contains(out, "5 passed, 0 failed") {
		t.Errorf("terraform test did not pass all five runs:\n%s", out)
	}
}

// TestAccExamples_resource applies and destroys the resource example as
// written, for_each over project IDs included (terraform-plugin-testing's
// state shim cannot read for_each string keys).
func TestAccExamples_resource(t *testing.T) {
	h := newCLIHarness(t)
	h.copyExample("resources/vbs_backup_share")
	for _, f := range []string{"import.sh", "import-by-string-id.tf", "import-by-backup-and-project.tf", "import-with-identity.tf"} {
		if err := os.Remove(filepath.Join(h.dir, f)); err != nil { // documentation of import, not part of the example
			t.Fatal(err)
		}
	}
	h.write("provider.tf", "terraform {\n  required_providers {\n    vbs = { source = \"vbsteam/vbs\" }\n  }\n}\n\nprovider \"vbs\" {}\n")
	h.run("apply", "-auto-approve", "-input=false", "-no-color")
	var ids map[string]string
	if err := json.Unmarshal([]byte(h.run("output", "-json", "share_ids")), &ids); err != nil || len(ids) != 2 {
		t.Fatalf("share_ids = %v, %v; want a share per project", ids, err)
	}
	if stats := h.emu.Stats(); stats["create"] != 2 {
		t.Errorf("%d create requests, want 2", stats["create"])
	}
	// One share cancelled outside Terraform, and a destroy that does not
	// refresh: its delete meets a 404, which counts as done.
	var one string
	for _, id := range ids {
		one = id
	}
	if err := shares.Delete(t.Context(), vbstest.Client(t, h.srv, sharer).ServiceClient, one); err != nil {
		t.Fatal(err)
	}
	h.run("destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false")
	if stats := h.emu.Stats(); stats["delete"] != 3 {
		t.Errorf("%d delete requests, want 3 (one outside Terraform, two by destroy)", stats["delete"])
	}
	if plan := h.run("plan", "-no-color", "-input=false"); !strings.Contains(plan, "2 to add") {
		t.Errorf("after destroy the plan should create both shares again:\n%s", plan)
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
