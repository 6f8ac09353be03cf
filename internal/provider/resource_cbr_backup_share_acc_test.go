package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// cbrMember reports whether the emulator holds a member of the sample's
// pending backup for project, and its status.
func cbrMember(emu *emulator.Server, project string) (string, bool) {
	for _, m := range emu.CBRMembers() {
		if m.BackupID == emulator.SampleCBRPendingBackup && m.DestProjectID == project {
			return m.Status, true
		}
	}
	return "", false
}

// TestAccCBRBackupShare_lifecycle: share, read back as pending, import by
// <backup_id>/<dest_project_id>, and destroy, confirmed on the service.
func TestAccCBRBackupShare_lifecycle(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	addr := "vbs_cbr_backup_share.s"
	config := providerBlock(srv, sharer) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRPendingBackup + `"
  dest_project_id = "` + toC9 + `"
}`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := cbrMember(emu, toC9); ok {
				t.Error("the member is still there after destroy")
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.StringExact(emulator.SampleCBRPendingBackup+"/"+toC9)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("vault_id"), knownvalue.Null()),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("source_project_id"), knownvalue.StringExact(sharer)),
					statecheck.ExpectKnownValue(addr, tfjsonpath.New("backup").AtMapKey("name"), knownvalue.StringExact("web-server-backup")),
				},
				Check: func(*terraform.State) error {
					if status, ok := cbrMember(emu, toC9); !ok || status != "pending" {
						t.Errorf("on the service: %q %v", status, ok)
					}
					return nil
				},
			},
			{
				ResourceName:            addr,
				ImportState:             true,
				ImportStateId:           emulator.SampleCBRPendingBackup + "/" + toC9,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
		},
	})
}

// TestAccCBRBackupShare_planTimeChecks: the provider's own project, an
// 11th member, and a recipient IAM places in another region are refused
// before anything is sent.
func TestAccCBRBackupShare_planTimeChecks(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	full := emu.AddCBRBackups(sharer, 1, "00000000000000000000000000000001", "00000000000000000000000000000002", "00000000000000000000000000000003",
		"00000000000000000000000000000004", "00000000000000000000000000000005", "00000000000000000000000000000006", "00000000000000000000000000000007",
		"00000000000000000000000000000008", "00000000000000000000000000000009", "0000000000000000000000000000000a")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRPendingBackup + `"
  dest_project_id = "` + sharer + `"
}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`A backup cannot be shared with its own project`),
			},
			{
				Config: providerBlock(srv, sharer) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + full[0] + `"
  dest_project_id = "` + toC9 + `"
}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`The backup is shared with 10 projects already`),
			},
			{
				Config: providerBlock(srv, sharer) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRPendingBackup + `"
  dest_project_id = "` + emulator.SampleSecondRegionRecipient + `"
}`,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)CBR shares a backup only within its region.*is in region\s+eu-nl`),
			},
		},
	})
}

// TestAccCBRBackupShare_importOfAnotherProjectsShare: the recipient cannot
// import the owner's share as its own: the member calls are the owner's,
// and the service's refusal is shown.
func TestAccCBRBackupShare_importOfAnotherProjectsShare(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, toB9) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRAcceptedBackup + `"
  dest_project_id = "` + toB9 + `"
}`,
			ResourceName:  "vbs_cbr_backup_share.s",
			ImportState:   true,
			ImportStateId: emulator.SampleCBRAcceptedBackup + "/" + toB9,
			ExpectError:   regexp.MustCompile(`(?s)Cannot read CBR backup share.*403 Forbidden.*Only the project that owns`),
		}},
	})
}
