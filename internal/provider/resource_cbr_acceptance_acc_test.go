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

// TestAccCBRShareAndAcceptance plays both sides in one configuration: the
// owner shares, the recipient accepts into its vault, then rejects; the
// owner's destroy ends the share on the service, the recipient's changes
// nothing there.
func TestAccCBRShareAndAcceptance(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	config := func(status, vault string) string {
		v := ""
		if vault != "" {
			v = `vault_id = "` + vault + `"`
		}
		return providerBlock(srv, sharer) + `
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRPendingBackup + `"
  dest_project_id = "` + toC9 + `"
}
resource "vbs_cbr_backup_share_acceptance" "a" {
  project_id = "` + toC9 + `"
  backup_id  = vbs_cbr_backup_share.s.backup_id
  status    = "` + status + `"
  ` + v + `
}`
	}
	onService := func(want string) func(*terraform.State) error {
		return func(*terraform.State) error {
			if got, _ := cbrMember(emu, toC9); got != want {
				t.Errorf("on the service: %q, want %q", got, want)
			}
			return nil
		}
	}
	a := "vbs_cbr_backup_share_acceptance.a"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             onService(""),
		Steps: []resource.TestStep{
			{
				Config:      config("accepted", ""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`vault_id is required to accept`),
			},
			{
				Config: config("accepted", emulator.SampleCBRVaultC9),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(a, tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
					statecheck.ExpectKnownValue(a, tfjsonpath.New("source_project_id"), knownvalue.StringExact(sharer)),
					statecheck.ExpectKnownValue(a, tfjsonpath.New("backup").AtMapKey("name"), knownvalue.StringExact("web-server-backup")),
				},
				Check: onService("accepted"),
			},
			{
				Config: config("rejected", ""),
				Check:  onService("rejected"),
			},
		},
	})
}

// TestAccCBRAcceptanceWhoseAnswerWasLost: the accept is done but its
// answer lost (503 with Retry-After); the retry is refused, since the
// member is accepted already. The backup list shows it accepted, so the
// apply succeeds.
func TestAccCBRAcceptanceWhoseAnswerWasLost(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	emu.InjectFaults(emulator.Fault{Kind: emulator.FaultLostAnswer, Op: "cbr.update", Status: 503, RetryAfter: "0"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, toA9) + `
resource "vbs_cbr_backup_share_acceptance" "a" {
  backup_id = "` + emulator.SampleCBRPendingBackup + `"
  status    = "accepted"
  vault_id  = "` + emulator.SampleCBRVaultA9 + `"
}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("vbs_cbr_backup_share_acceptance.a", tfjsonpath.New("status"), knownvalue.StringExact("accepted")),
			},
			Check: func(*terraform.State) error {
				if n := emu.Stats()["cbr.update"]; n < 2 {
					t.Errorf("%d PUTs: the premise (a retry meeting the accepted member) did not hold", n)
				}
				return nil
			},
		}},
	})
}
