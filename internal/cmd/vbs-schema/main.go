// Command vbs-schema writes the provider's schema as `terraform providers
// schema -json` prints it, for tfplugindocs' -providers-schema flag, using
// the Terraform or OpenTofu CLI on this machine (TF_BINARY, else terraform,
// else tofu) through dev_overrides: nothing is downloaded, and the docs come
// out the same with either CLI.
//
//	go run ./internal/cmd/vbs-schema -o schema.json [-plugin-dir DIR]
//
// Without -plugin-dir it builds the provider first. The schema is keyed by
// the short name "vbs", which is what tfplugindocs looks up.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vbs-schema:", err)
		os.Exit(1)
	}
}

func run() error {
	out := flag.String("o", "", "write the schema JSON here (required)")
	pluginDir := flag.String("plugin-dir", "", "directory holding a built terraform-provider-vbs (default: build one)")
	flag.Parse()
	if *out == "" {
		return errors.New("-o is required")
	}
	schemas, err := devrun.ProviderSchemas(*pluginDir)
	if err != nil {
		return err
	}
	var doc struct {
		FormatVersion string                     `json:"format_version"`
		Schemas       map[string]json.RawMessage `json:"provider_schemas"`
	}
	if err := json.Unmarshal(schemas, &doc); err != nil {
		return fmt.Errorf("reading the CLI's schema JSON: %w", err)
	}
	var ours json.RawMessage
	for addr, s := range doc.Schemas {
		if filepath.Base(addr) == "vbs" {
			ours = s
		}
	}
	if ours == nil {
		return fmt.Errorf("the CLI's schema JSON has no vbs provider (it has %d others)", len(doc.Schemas))
	}
	// Only what every supported CLI reports: Terraform 1.12 adds identity
	// schemas and 1.14 list resource schemas, which tfplugindocs would turn
	// into sections and pages of their own, so docs generated with one CLI
	// would not match docs generated with another. Those parts are written
	// by hand in templates/.
	var parts map[string]json.RawMessage
	if err := json.Unmarshal(ours, &parts); err != nil {
		return fmt.Errorf("reading the vbs schema: %w", err)
	}
	kept := map[string]json.RawMessage{}
	for _, k := range []string{"provider", "resource_schemas", "data_source_schemas"} {
		if v, ok := parts[k]; ok {
			kept[k] = v
		}
	}
	if ours, err = json.Marshal(kept); err != nil {
		return err
	}
	doc.Schemas = map[string]json.RawMessage{"vbs": ours}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o600)
}
