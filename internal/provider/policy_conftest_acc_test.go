package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// conftest runs the pinned conftest (tools/conftest) in the harness's
// directory and returns its exit status and output. make test builds it
// first (make conftest), so that its one long build is announced.
func (h *cliHarness) conftest(args ...string) (int, string) {
	h.t.Helper()
	// go tool -n builds the tool (once per machine) and names the binary;
	// go tool itself must run in the repository, conftest in the harness.
	where := exec.CommandContext(h.t.Context(), "go", "tool", "-modfile=tools/conftest/go.mod", "-n", "conftest")
	where.Dir = filepath.Join("..", "..")
	bin, err := where.Output()
	if err != nil {
		h.t.Fatalf("building conftest: %v", err)
	}
	cmd := exec.CommandContext(h.t.Context(), strings.TrimSpace(string(bin)), args...) //nolint:gosec // the pinned tool, with the test's own arguments
	cmd.Dir = h.dir
	return exitStatus(h.t, cmd)
}

// planJSON plans with the arguments and writes `show -json` of the plan to
// plan.json, as the example's pipeline does.
func (h *cliHarness) planJSON(args ...string) {
	h.t.Helper()
	h.run(append([]string{"plan", "-input=false", "-no-color", "-out=plan.tfplan"}, args...)...)
	if err := os.WriteFile(filepath.Join(h.dir, "plan.json"), []byte(h.stdout("show", "-json", "plan.tfplan")), 0o600); err != nil {
		h.t.Fatal(err)
	}
}

// TestAccConftestPolicy runs the conftest example's pipeline: its policy
// passes a plan that shares nothing outside the allowed projects, and fails
// naming each share when an existing share or a planned one goes outside.
func TestAccConftestPolicy(t *testing.T) {
	h := newCLIHarness(t)
	h.copyExample("policy-conftest")
	test := []string{"test", "plan.json", "--policy", "policy", "--no-color"}
	allowed := append(test, "--data", "policy/allowed_projects.json")

	h.planJSON()
	if code, out := h.conftest(allowed...); code != 0 || !strings.Contains(out, "0 failures") {
		t.Errorf("every share allowed: exit %d, want 0\n%s", code, out)
	}

	outside := "ffffffffffffffffffffffffffffffff"
	h.planJSON(`-var=share_with=["` + outside + `","722513ed0a324dadaabe5b2d0fe848a9"]`)
	code, out := h.conftest(allowed...)
	want := `vbs_backup_share.planned["` + outside + `"] would share backup 5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11 with project ` + outside
	if code != 1 || !strings.Contains(out, want) || strings.Contains(out, `planned["722513ed0a324dadaabe5b2d0fe848a9"]`) ||
		!strings.Contains(out, "1 failure") {
		t.Errorf("a planned share outside: exit %d, want 1 naming only it (%s)\n%s", code, want, out)
	}

	h.planJSON()
	h.write("narrow.json", `{"allowed_projects": ["722513ed0a324dadaabe5b2d0fe848a9"]}`)
	code, out = h.conftest(append(test, "--data", "narrow.json")...)
	for _, share := range []string{"e842bf23-1e05-4c2c-b0f9-25222f4686da"} {
		if !strings.Contains(out, "(share "+share+")") {
			t.Errorf("existing shares outside: the output does not name share %s", share)
		}
	}
	if code != 1 || !strings.Contains(out, "data.vbs_backup_shares.outgoing: backup 066b1e37-9305-4057-97e5-2e99b21fc71d is shared with project "+
		"722513ed0a324dadaabe5b2d0fe848b9") || !strings.Contains(out, "3 failures") ||
		!strings.Contains(out, "data.vbs_cbr_backup_shares.outgoing: CBR backup "+emulator.SampleCBRAcceptedBackup+" is shared with project "+
			"722513ed0a324dadaabe5b2d0fe848b9, outside the allowed projects (accepted)") {
		t.Errorf("existing shares outside: exit %d, want 1 with the two VBS shares and the CBR share outside\n%s", code, out)
	}
}

// TestAccConftestGuideCommandRuns runs the policy-checks guide's command for
// the pinned conftest as the guide writes it, from the example's directory:
// a guide whose command fails as written ("conftest: command not found")
// helps no one.
func TestAccConftestGuideCommandRuns(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 (make test builds conftest first)")
	}
	guide, err := os.ReadFile(filepath.Join("..", "..", "docs", "guides", "policy-checks.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^alias conftest='([^']+)'$`).FindSubmatch(guide)
	if m == nil {
		t.Fatal("the guide has no alias conftest='…' line")
	}
	cmd := exec.CommandContext(t.Context(), "bash", "-c", string(m[1])+" --version") //nolint:gosec // the guide's own command
	cmd.Dir = filepath.Join("..", "..", "examples", "policy-conftest")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "Conftest") {
		t.Fatalf("the guide's command as written: %v\n%s", err, out)
	}
}
