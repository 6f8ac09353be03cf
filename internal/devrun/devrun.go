// Package devrun holds what the demo and benchmark commands share to run
// real Terraform against the provider and the emulator on this machine:
// finding the CLI, a CLI configuration with dev_overrides (so no registry is
// asked), and the emulator on a loopback port with the sample user's
// environment.
package devrun

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// ProviderSource is the provider's source address in configurations, and
// RegistryAddress the full address a plugin server announces (main.go
// spells it out as a literal, as the release process expects).
const (
	ProviderSource  = "vbsteam/vbs"
	RegistryAddress = "registry.terraform.io/" + ProviderSource
)

// TerraformBinary finds the CLI: whatever TF_BINARY names, else terraform,
// else tofu.
func TerraformBinary() (string, error) {
	if name := os.Getenv("TF_BINARY"); name != "" {
		p, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("TF_BINARY=%s: not found", name)
		}
		return p, nil
	}
	for _, name := range []string{"terraform", "tofu"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("neither terraform nor tofu found on PATH: install Terraform or OpenTofu (or set TF_BINARY)")
}

// ProviderSchemas returns what `providers schema -json` prints for a
// configuration that requires this provider, taken from pluginDir through
// dev_overrides (built into a scratch directory when pluginDir is empty).
func ProviderSchemas(pluginDir string) ([]byte, error) {
	cli, err := TerraformBinary()
	if err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp("", "vbs-schema-")
	if err != nil {
		return nil, err
	}
	defer func() { _ = os.RemoveAll(work) }()
	if pluginDir == "" {
		pluginDir = filepath.Join(work, "plugins")
		if err := BuildProvider(ProviderPath(pluginDir)); err != nil {
			return nil, err
		}
	}
	cliEnv, err := WriteCLIConfig(filepath.Join(work, "cli.tfrc"), pluginDir)
	if err != nil {
		return nil, err
	}
	config := fmt.Sprintf("terraform {\n  required_providers {\n    vbs = { source = %q }\n  }\n}\n", ProviderSource)
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(cli, "providers", "schema", "-json") //nolint:gosec,noctx // the Terraform or OpenTofu CLI the user chose; it ends by itself
	cmd.Dir = work
	cmd.Env = append(os.Environ(), cliEnv...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s providers schema -json: %w\n%s", cli, err, stderr.String())
	}
	return out, nil
}

// WriteCLIConfig writes a CLI configuration at path whose dev_overrides
// take the provider from pluginDir, and returns the TF_CLI_CONFIG_FILE
// environment entry and companions that keep Terraform quiet and offline.
func WriteCLIConfig(path, pluginDir string) ([]string, error) {
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n", ProviderSource, pluginDir)
	if err := os.WriteFile(path, []byte(rc), 0o600); err != nil {
		return nil, err
	}
	return []string{"TF_CLI_CONFIG_FILE=" + path, "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1"}, nil
}

// BuildProvider builds the provider binary from the repository root. It
// says so first on standard error: on a fresh machine the build compiles
// every dependency and takes minutes, which silence would hide.
func BuildProvider(out string) error {
	fmt.Fprintln(os.Stderr, "==> building the provider (the first build on a machine compiles every dependency: a few minutes)")
	build := exec.Command("go", "build", "-o", out, ".") //nolint:gosec,noctx // builds this repository into a path of its own choosing
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %w\n%s", err, b)
	}
	return nil
}

// ServeEmulator serves an emulator on a free loopback port in this process.
// It returns the base URL and a function that stops it.
func ServeEmulator(opts emulator.Options) (string, func(), error) {
	_, base, stop, err := ServeEmulatorServer(opts)
	return base, stop, err
}

// ServeEmulatorServer is ServeEmulator, also returning the emulator, whose
// request counts a caller can read.
func ServeEmulatorServer(opts emulator.Options) (*emulator.Server, string, func(), error) {
	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", nil, err
	}
	emu := emulator.New(opts)
	srv := &http.Server{Handler: emu, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return emu, "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// ProviderPath is where a provider binary must be in pluginDir.
func ProviderPath(pluginDir string) string {
	return filepath.Join(pluginDir, "terraform-provider-vbs")
}
