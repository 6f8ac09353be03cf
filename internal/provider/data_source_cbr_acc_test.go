package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestAccCBRBackupShares_bothSides: the owner's members of its backups,
// with the backup flattened, and the recipients' view of the same shares.
func TestAccCBRBackupShares_bothSides(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	own := "data.vbs_cbr_backup_shares.own"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `
data "vbs_cbr_backup_shares" "own" {}
data "vbs_cbr_backup_shares" "accepted" { status = "accepted" }
data "vbs_cbr_backup_shares" "b9" {
  project_id = "` + toB9 + `"
  own_type   = "shared"
}
data "vbs_cbr_backup_shares" "a9_pending" {
  project_id    = "` + toA9 + `"
  own_type      = "shared"
  member_status = "pending"
}
data "vbs_cbr_backup_share" "one" { id = "` + emulator.SampleCBRAcceptedBackup + `/` + toB9 + `" }
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(own, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(emulator.SampleCBRAcceptedBackup + "/" + toB9),
					knownvalue.StringExact(emulator.SampleCBRPendingBackup + "/" + toA9),
				})),
				statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.accepted", tfjsonpath.New("shares"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":                knownvalue.StringExact(emulator.SampleCBRAcceptedBackup + "/" + toB9),
						"record_id":         knownvalue.StringExact("824a90b3-c562-448b-ab04-60ea4a97cf60"),
						"status":            knownvalue.StringExact("accepted"),
						"vault_id":          knownvalue.StringExact("6d8f0b2c-4e6a-4c8e-a0c2-4e6a8c0e2a4c"),
						"image_id":          knownvalue.Null(),
						"created_at":        knownvalue.StringExact("2020-02-24T09:36:00.479Z"),
						"source_project_id": knownvalue.StringExact(sharer),
						"backup": knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"name":          knownvalue.StringExact("db-server-backup"),
							"resource_type": knownvalue.StringExact("OS::Nova::Server"),
							"resource_size": knownvalue.Int64Exact(100),
							"expired_at":    knownvalue.Null(),
						}),
					}),
				})),
				statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.b9", tfjsonpath.New("shares"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"backup_id":         knownvalue.StringExact(emulator.SampleCBRAcceptedBackup),
						"status":            knownvalue.StringExact("accepted"),
						"source_project_id": knownvalue.StringExact(sharer),
						"dest_project_id":   knownvalue.StringExact(toB9),
					}),
				})),
				statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.a9_pending", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(emulator.SampleCBRPendingBackup + "/" + toA9),
				})),
				statecheck.ExpectKnownValue("data.vbs_cbr_backup_share.one", tfjsonpath.New("vault_id"),
					knownvalue.StringExact("6d8f0b2c-4e6a-4c8e-a0c2-4e6a8c0e2a4c")),
				statecheck.ExpectKnownValue("data.vbs_cbr_backup_share.one", tfjsonpath.New("backup").AtMapKey("id"),
					knownvalue.StringExact(emulator.SampleCBRAcceptedBackup)),
			},
		}},
	})
}

// TestAccCBRBackupShares_validation: a filter of the other side, and a
// share that is not there, are errors that say so.
func TestAccCBRBackupShares_validation(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `data "vbs_cbr_backup_shares" "x" {
  own_type = "shared"
  status   = "pending"
}`,
				ExpectError: regexp.MustCompile(`status filters the members of this project's own backups`),
			},
			{
				Config:      providerBlock(srv, sharer) + `data "vbs_cbr_backup_shares" "x" { member_status = "pending" }`,
				ExpectError: regexp.MustCompile(`set own_type =\s+"shared"`),
			},
			{
				Config:      providerBlock(srv, sharer) + `data "vbs_cbr_backup_share" "x" { id = "` + emulator.SampleCBRDiskBackup + `/` + toB9 + `" }`,
				ExpectError: regexp.MustCompile(`(?s)No such CBR backup share.*is not shared with\s+project\s+` + toB9),
			},
		},
	})
}
