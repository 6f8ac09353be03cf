// Command vbs-demo is `make demo`: it builds the provider, serves the
// emulator's sample data on a free loopback port, runs Terraform on
// examples/demo with a temporary CLI configuration (dev_overrides, so no
// registry is asked), and prints the shares Terraform read.
//
// The emulator runs inside this process, so it stops whenever the demo
// does, Terraform failing included.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "demo failed:", err)
		os.Exit(1)
	}
}

func run() error {
	tf, err := devrun.TerraformBinary()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "vbs-demo-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()

	binDir := filepath.Join(tmp, "bin")
	if err := devrun.BuildProvider(devrun.ProviderPath(binDir)); err != nil {
		return err
	}
	base, stop, err := devrun.ServeEmulator(emulator.Options{})
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("==> emulator serving the sample shares at %s\n", base)

	cliEnv, err := devrun.WriteCLIConfig(filepath.Join(tmp, "terraform.rc"), binDir)
	if err != nil {
		return err
	}
	work := filepath.Join(tmp, "work")
	if err := os.MkdirAll(work, 0o750); err != nil {
		return err
	}
	demo, err := os.ReadFile(filepath.Join("examples", "demo", "main.tf"))
	if err != nil {
		return fmt.Errorf("run the demo from the repository root: %w", err)
	}
	if err := os.WriteFile(filepath.Join(work, "main.tf"), demo, 0o600); err != nil { //nolint:gosec // work is the demo's own directory under the repository
		return err
	}

	env := append(append(os.Environ(), cliEnv...), emulator.SampleUserEnv(base)...)
	fmt.Printf("==> %s apply (dev_overrides: no registry)\n", filepath.Base(tf))
	//nolint:gosec,noctx // the Terraform or OpenTofu CLI the user chose (TF_BINARY); the demo runs it to the end
	apply := exec.Command(
		tf,
		"apply",
		"-auto-approve",
		"-input=false",
		"-no-color",
		"-compact-warnings",
	)
	apply.Dir, apply.Env = work, env
	var out bytes.Buffer
	apply.Stdout, apply.Stderr = &out, &out
	if err := apply.Run(); err != nil {
		_, _ = os.Stdout.Write(out.Bytes())
		return fmt.Errorf("terraform apply: %w", err)
	}

	show := exec.Command(tf, "output", "-json") //nolint:gosec,noctx // as above
	show.Dir, show.Env = work, env
	raw, err := show.Output()
	if err != nil {
		return fmt.Errorf("terraform output: %w", err)
	}
	var outputs struct {
		Shares    struct{ Value []string } `json:"shares"`
		Nulls     struct{ Value []string } `json:"newest_share_null_fields"`
		CBRShares struct{ Value []string } `json:"cbr_shares"`
	}
	if err := json.Unmarshal(raw, &outputs); err != nil {
		return fmt.Errorf("reading terraform's outputs: %w", err)
	}
	if len(outputs.Shares.Value) == 0 {
		return errors.New("terraform read no shares")
	}
	fmt.Printf("\nvbs_backup_shares read %d shares of project %s:\n", len(outputs.Shares.Value), emulator.SampleSharerProject)
	for _, line := range outputs.Shares.Value {
		fmt.Println("  " + line)
	}
	fmt.Printf("\nvbs_backup_share: null in the API, null in state: %s\n", strings.Join(outputs.Nulls.Value, ", "))
	if len(outputs.CBRShares.Value) == 0 {
		return errors.New("terraform read no CBR shares")
	}
	fmt.Printf("\nvbs_cbr_backup_shares, the CBR side (members of the project's backups, then a receiver's view):\n")
	for _, line := range outputs.CBRShares.Value {
		fmt.Println("  " + line)
	}
	return nil
}
