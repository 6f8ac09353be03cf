// Package devrun holds what the demo and benchmark commands share to run
// real Terraform against the provider and the emulator on this machine:
// finding the CLI, a CLI configuration with dev_overrides (so no registry is
// asked), and the emulator on a loopback port with the sample user's
// environment.
package devrun

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// ProviderSource is the provider's source address in configurations, and
// RegistryAddress the full address a plugin server announces (main.go
// spells it out as a literal, as the release process expects).
const (
	ProviderSource  = "vbsteam/vbs"
	RegistryAddress = "registry.terraform.io/" + ProviderSource
)

// TerraformBinary finds Terraform, or whatever TF_BINARY names (tofu).
func TerraformBinary() (string, error) {
	name := os.Getenv("TF_BINARY")
	if name == "" {
		name = "terraform"
	}
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s CLI not found on PATH: install Terraform (or OpenTofu and set TF_BINARY=tofu)", name)
	}
	return p, nil
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

// BuildProvider builds the provider binary from the repository root.
func BuildProvider(out string) error {
	build := exec.Command("go", "build", "-o", out, ".")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, b)
	}
	return nil
}

// ServeEmulator serves an emulator on a free loopback port in this process.
// It returns the base URL and a function that stops it.
func ServeEmulator(opts emulator.Options) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: emulator.New(opts)}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() { _ = srv.Close() }, nil
}

// SampleUserEnv configures the provider, through its environment variables,
// as the emulator's sample user in the sample sharer project.
func SampleUserEnv(base string) []string {
	return []string{
		"OS_AUTH_URL=" + base + "/v3",
		"OS_USERNAME=" + emulator.SampleUser,
		"OS_PASSWORD=" + emulator.SamplePassword,
		"OS_DOMAIN_NAME=" + emulator.SampleDomain,
		"OS_PROJECT_ID=" + emulator.SampleSharerProject,
	}
}

// ProviderPath is where a provider binary must be in pluginDir.
func ProviderPath(pluginDir string) string {
	return filepath.Join(pluginDir, "terraform-provider-vbs")
}
