package provider

import (
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// cliHarness runs the Terraform CLI the tests run with on a configuration
// directory, as a user does: the provider built from this repository and
// taken through dev_overrides, the environment of an emulator. For what
// terraform-plugin-testing cannot drive: terraform test, terraform query
// -generate-config-out, for_each over string keys.
type cliHarness struct {
	t   *testing.T
	cli string
	dir string
	env []string
	emu *emulator.Server
	srv *httptest.Server
}

// newCLIHarness skips unless TF_ACC is set, as acceptance tests do, and
// starts an emulator with the sample data.
func newCLIHarness(t *testing.T) *cliHarness {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1")
	}
	h := &cliHarness{t: t, cli: os.Getenv("TF_ACC_TERRAFORM_PATH"), dir: t.TempDir()}
	if h.cli == "" {
		h.cli = "terraform"
	}
	plugins := t.TempDir()
	//nolint:gosec // builds this repository into the test's temporary directory
	build := exec.CommandContext(
		t.Context(),
		"go",
		"build",
		"-o",
		devrun.ProviderPath(plugins),
		"../..",
	)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the provider: %v\n%s", err, out)
	}
	cliEnv, err := devrun.WriteCLIConfig(filepath.Join(t.TempDir(), "cli.tfrc"), plugins)
	if err != nil {
		t.Fatal(err)
	}
	emu, srv := emutest.Start(t, emulator.Options{})
	h.emu, h.srv = emu, srv
	h.env = append(append(os.Environ(), cliEnv...), emulator.SampleUserEnv(srv.URL)...)
	return h
}

// copyExample copies a directory of examples/ into the working directory.
func (h *cliHarness) copyExample(rel string) {
	h.t.Helper()
	if err := os.CopyFS(h.dir, os.DirFS(filepath.Join("..", "..", "examples", rel))); err != nil {
		h.t.Fatal(err)
	}
}

func (h *cliHarness) write(name, body string) {
	h.t.Helper()
	//nolint:gosec // a file name of the test itself, in its temporary directory
	if err := os.WriteFile(
		filepath.Join(h.dir, name),
		[]byte(body),
		0o600,
	); err != nil {
		h.t.Fatal(err)
	}
}

// command is the CLI with args, in the working directory and environment.
func (h *cliHarness) command(args ...string) *exec.Cmd {
	cmd := exec.CommandContext(h.t.Context(), h.cli, args...) //nolint:gosec // the CLI the tests run with (TF_ACC_TERRAFORM_PATH)
	cmd.Dir, cmd.Env = h.dir, h.env
	return cmd
}

// run runs the CLI and fails the test when it fails. No init: with
// dev_overrides Terraform skips it, and it would ask the registry.
func (h *cliHarness) run(args ...string) string {
	h.t.Helper()
	out, err := h.command(args...).CombinedOutput()
	if err != nil {
		h.t.Fatalf("%s %s: %v\n%s", filepath.Base(h.cli), strings.Join(args, " "), err, out)
	}
	return string(out)
}

// exitStatus runs cmd and returns its exit status and combined output; only
// a command that could not run fails the test.
func exitStatus(t *testing.T, cmd *exec.Cmd) (int, string) {
	t.Helper()
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0, string(out)
	case errors.As(err, &exit):
		return exit.ExitCode(), string(out)
	}
	t.Fatalf("%s: %v\n%s", cmd, err, out)
	return 0, ""
}

// stdout runs the CLI and returns what it wrote to stdout alone (a JSON
// document, which warnings on stderr must not spoil).
func (h *cliHarness) stdout(args ...string) string {
	h.t.Helper()
	out, err := h.command(args...).Output()
	if err != nil {
		h.t.Fatalf("%s %s: %v", filepath.Base(h.cli), strings.Join(args, " "), err)
	}
	return string(out)
}

// plansImportsOnly plans into plan.tfplan and checks that the plan imports
// n resources and changes nothing.
func (h *cliHarness) plansImportsOnly(n int) {
	h.t.Helper()
	h.run("plan", "-no-color", "-input=false", "-out=plan.tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(h.run("show", "-json", "plan.tfplan")), &plan); err != nil {
		h.t.Fatal(err)
	}
	if len(plan.ResourceChanges) != n {
		h.t.Fatalf("the plan has %d resource changes, want %d imports", len(plan.ResourceChanges), n)
	}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" || len(rc.Change.Importing) == 0 {
			h.t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
}
