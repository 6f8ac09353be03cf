package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/querycheck/queryfilter"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestAccBackupShareList_query runs `terraform query` through
// terraform-plugin-testing's query steps (Terraform 1.14 and later).
func TestAccBackupShareList_query(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{
				Config: `provider "vbs" {}` + shareConfig(nightlyBackup, toA9),
			},
			{
				Query: true,
				// The provider block is the first step's, in the .tf file.
				Config: `
list "vbs_backup_share" "all" {
  provider         = vbs
  include_resource = true
}

list "vbs_backup_share" "nightly" {
  provider = vbs
  config {
    backup_id = "` + nightlyBackup + `"
  }
}
`,
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("vbs_backup_share.all", 4),
					querycheck.ExpectLength("vbs_backup_share.nightly", 1),
					querycheck.ExpectResourceDisplayName("vbs_backup_share.nightly",
						queryfilter.ByDisplayName(knownvalue.StringExact("backup nightly-db shared with project "+toA9)),
						knownvalue.StringExact("backup nightly-db shared with project "+toA9)),
					querycheck.ExpectIdentity("vbs_backup_share.all", map[string]knownvalue.Check{"id": knownvalue.StringExact(seedShare)}),
				},
			},
		},
	})
}

// TestAccBackupShareList_generateConfig: `terraform query
// -generate-config-out` writes import and resource blocks that plan with
// no changes, run as a user would run it (the provider built and taken
// through dev_overrides).
func TestAccBackupShareList_generateConfig(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.14.0", "terraform query")
	// A share of the nightly backup too: an example whose list blocks
	// overlap would write its import block twice.
	if _, err := shares.Create(
		context.Background(),
		vbstest.Client(t, h.srv, sharer).ServiceClient,
		shares.CreateOpts{BackupID: nightlyBackup, ToProjectIDs: []string{toA9}},
	); err != nil {
		t.Fatal(err)
	}
	h.write("main.tf", `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {}
`)
	// The documented example, as a user copies it.
	h.copyExample("list-resources/vbs_backup_share")
	h.run("query", "-no-color", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(h.dir, "generated.tf")) //nolint:gosec // the file terraform query just wrote
	if err != nil {
		t.Fatal(err)
	}
	if n := len(regexp.MustCompile(`(?m)^import \{`).FindAll(generated, -1)); n != 4 {
		t.Fatalf("generated.tf has %d import blocks, want one per share (3 seed shares and the nightly one):\n%s", n, generated)
	}
	h.plansImportsOnly(4)
}
