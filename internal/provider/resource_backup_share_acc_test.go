package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// Unshared backups of the sample sharer project.
const (
	nightlyBackup  = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
	weeklyBackup   = "9a4e6c2d-3b1f-4d8e-a7c5-1e2f3a4b5c60"
	creatingBackup = "c7e8f9a0-1b2c-4d3e-8f4a-5b6c7d8e9f01"
)

func shareConfig(backupID, to string) string {
	return fmt.Sprintf(`
resource "vbs_backup_share" "s" {
  backup_id     = %q
  to_project_id = %q
}
`, backupID, to)
}

// noSharesOf is a CheckDestroy: the emulator holds no share of the backups
// the test shared.
func noSharesOf(c *vbs.Client, backups ...string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, b := range backups {
			left, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: shares.Filters{BackupID: b}})
			if err != nil {
				return err
			}
			if len(left) > 0 {
				return fmt.Errorf("%d shares of backup %s remain after destroy (first %s)", len(left), b, left[0].ID)
			}
		}
		return nil
	}
}

func TestAccBackupShareResource_lifecycle(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	addr := "vbs_backup_share.s"
	var firstID string
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             noSharesOf(c, nightlyBackup),
		Steps: []resource.TestStep{
			{
				// Create; the plan after apply must be empty (the framework
				// checks that itself).
				Config: providerBlock(srv, sharer) + shareConfig(nightlyBackup, toB9),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("from_project_id"), knownvalue.StringExact(sharer)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("backup").AtMapKey("name"), knownvalue.StringExact("nightly-db")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("backup").AtMapKey("size"), knownvalue.Int64Exact(40)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringRegexp(regexp.MustCompile(`Z$`))),
				},
				Check: func(s *terraform.State) error {
					firstID = s.RootModule().Resources[addr].Primary.ID
					return nil
				},
			},
			{
				// New timeouts only: an update in place, which must answer
				// with the identity on every CLI (Terraform before 1.12 sends
				// none and the framework then requires one).
				Config: providerBlock(
					srv,
					sharer,
				) + strings.Replace(
					shareConfig(nightlyBackup, toB9),
					"\n}\n",
					"\n  timeouts {\n    read = \"2m\"\n  }\n}\n",
					1,
				),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionUpdate),
				}},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[addr].Primary.ID; id != firstID {
						return fmt.Errorf("share %s became %s: the update replaced it", firstID, id)
					}
					return nil
				},
			},
			{
				// Cancelled outside Terraform: the plan creates it again.
				PreConfig: func() {
					if err := shares.Delete(context.Background(), c.ServiceClient, firstID); err != nil {
						t.Fatal(err)
					}
				},
				Config: providerBlock(srv, sharer) + shareConfig(nightlyBackup, toB9),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					if id := s.RootModule().Resources[addr].Primary.ID; id == firstID {
						return fmt.Errorf("share %s was not created anew", id)
					}
					return nil
				},
			},
			{
				// Another project: replaced.
				Config: providerBlock(srv, sharer) + shareConfig(nightlyBackup, toC9),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(addr, plancheck.ResourceActionReplace),
					// The sharer is known at plan time: the provider's project.
					plancheck.ExpectKnownValue(addr, tfjsonpath.New("from_project_id"), knownvalue.StringExact(sharer)),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("to_project_id"), knownvalue.StringExact(toC9)),
				},
			},
			{
				// terraform import by id.
				ResourceName:            addr,
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// An import block by id: a no-op plan.
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				// plan -generate-config-out writes configuration that plans
				// with no changes.
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
			},
		},
	})
}

func TestAccBackupShareResource_importByIdentity(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	addr := "vbs_backup_share.s"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_12_0)},
		CheckDestroy:             noSharesOf(c, weeklyBackup),
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + shareConfig(weeklyBackup, toA9),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectIdentity(addr, map[string]knownvalue.Check{"id": knownvalue.NotNull()}),
				},
			},
			{
				ResourceName:    addr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithResourceIdentity,
			},
		},
	})
}

func TestAccBackupShareResource_errorsNameTheFix(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	existing, err := shares.Create(context.Background(), c.ServiceClient, shares.CreateOpts{BackupID: weeklyBackup, ToProjectIDs: []string{toC9}})
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		config   string
		planOnly bool
		want     *regexp.Regexp
	}{
		"backup not found": {shareConfig("00000000-0000-0000-0000-000000000000", toB9), false,
			expectError("The service refused to share backup 00000000-0000-0000-0000-000000000000 with project "+toB9+" (HTTP 404)", "Error code: 404",
				"Possible causes", "belongs to another project than "+sharer, "only the project that owns a backup can share it")},
		"backup not available": {shareConfig(creatingBackup, toB9), false,
			expectError("The service refused to share backup "+creatingBackup, "must be available to be shared, but its status is creating")},
		"already shared": {
			shareConfig(weeklyBackup, toC9),
			false,
			expectError(
				"Backup already shared with this project",
				"The existing share is "+existing[0].ID,
				`id = "`+existing[0].ID+`"`,
				"terraform import vbs_backup_share.NAME "+existing[0].ID,
			),
		},
		"not a project id": {shareConfig(weeklyBackup, "project-b9"), true,
			expectError("to_project_id", "must be a project ID: 32 lowercase hexadecimal characters")},
		"own project": {shareConfig(weeklyBackup, sharer), true,
			expectError("A backup cannot be shared with its own project", "to_project_id is "+sharer)},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv, sharer) + tc.config,
					PlanOnly:    tc.planOnly,
					ExpectError: tc.want,
				}},
			})
		})
	}
}
