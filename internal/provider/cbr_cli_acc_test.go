package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const cbrCLIMain = `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {}
`

// TestAccCBRQueryGeneratesImports: `terraform query -generate-config-out`
// on the CBR list example writes an import and a resource block a share,
// which plan as imports only (Terraform 1.14 and later).
func TestAccCBRQueryGeneratesImports(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.14.0", "terraform query")
	h.write("main.tf", cbrCLIMain)
	h.copyExample("list-resources/vbs_cbr_backup_share")
	h.run("query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(h.dir, "generated.tf")) //nolint:gosec // the file terraform query just wrote
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^import \{`).FindAll(generated, -1)); n != 2 {
		t.Fatalf("generated.tf has %d import blocks, want one per member of the sample's CBR backups (2):\n%s", n, generated)
	}
	h.plansImportsOnly(2)
}

// TestAccCBRRevokeFromTheCLI runs the CBR action's example with
// `terraform apply -invoke` (Terraform 1.14 and later).
func TestAccCBRRevokeFromTheCLI(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.14.0", "actions")
	h.write("main.tf", cbrCLIMain)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "vbs_cbr_backup_shares_revoke", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("action.tf", string(example))
	out := h.run("apply", "-no-color", "-auto-approve", "-invoke=action.vbs_cbr_backup_shares_revoke.mistake")
	if !strings.Contains(out, "ended 1 share of CBR backup 17c9acd8-3af3-4401-bab9-ff1cfac15561") {
		t.Errorf("the apply did not report the share ended:\n%s", out)
	}
	if stats := h.emu.Stats(); stats["cbr.delete"] != 1 {
		t.Errorf("requests %v, want one DELETE", stats)
	}
}
