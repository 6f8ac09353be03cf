package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// Answers that contradict the question are not passed on as the truth.

// twoWayDataset is the sample data plus a share made by toB9 to the sharer
// and another share of the sharer's to toB9, of another backup.
func twoWayDataset() *emulator.Dataset {
	data := emulator.SampleDataset()
	created := "2020-01-01T00:00:00.000000"
	zone := "AZ2"
	data.Shares = append(data.Shares,
		emulator.Share{ID: "9f0e9f0e-0000-4000-8000-000000000001", BackupID: seedBkp, FromProjectID: toB9, ToProjectID: sharer, CreatedAt: &created},
		emulator.Share{ID: "9f0e9f0e-0000-4000-8000-000000000002", BackupID: "9f0e9f0e-0000-4000-8000-0000000000b2", FromProjectID: sharer, ToProjectID: toB9,
			CreatedAt: &created, Backup: &emulator.Backup{AvailabilityZone: &zone}})
	return data
}

func TestAccBackupShares_answersThatIgnoreTheFilters(t *testing.T) {
	_, srv := emutest.Start(
		t,
		emulator.Options{Data: twoWayDataset(), Vary: emulator.Variations{IgnoreFilters: []string{"share_to_me", "backup_id", "availability_zone"}}},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, toB9) + fmt.Sprintf(`
data "vbs_backup_shares" "incoming" {
  share_to_me = true
}
data "vbs_backup_shares" "of_backup" {
  share_to_me = true
  backup_id   = %[1]q
}
data "vbs_backup_share" "by_backup" {
  share_to_me = true
  backup_id   = %[1]q
}
data "vbs_backup_shares" "outgoing" {}
`, seedBkp),
			ConfigStateChecks: []statecheck.StateCheck{
				// Only the shares made to toB9, not the one it made.
				statecheck.ExpectKnownValue("data.vbs_backup_shares.incoming", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("9f0e9f0e-0000-4000-8000-000000000002"), knownvalue.StringExact(seedShare),
				})),
				statecheck.ExpectKnownValue(
					"data.vbs_backup_shares.of_backup",
					tfjsonpath.New("ids"),
					knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact(seedShare)}),
				),
				statecheck.ExpectKnownValue("data.vbs_backup_share.by_backup", tfjsonpath.New("id"), knownvalue.StringExact(seedShare)),
				statecheck.ExpectKnownValue("data.vbs_backup_shares.outgoing", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("9f0e9f0e-0000-4000-8000-000000000001"),
				})),
			},
		}},
	})
}

func TestAccBackupShareList_answersThatIgnoreTheFilters(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: twoWayDataset(), Vary: emulator.Variations{IgnoreFilters: []string{"backup_id"}}})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_14_0)},
		Steps: []resource.TestStep{
			{Config: `provider "vbs" {}`},
			{
				Query: true,
				Config: `
list "vbs_backup_share" "of_backup" {
  provider = vbs
  config {
    backup_id = "` + seedBkp + `"
  }
}`,
				// The three seed shares are of that backup; the fourth share,
				// of another backup, is left out although the service sent it.
				QueryResultChecks: []querycheck.QueryResultCheck{
					querycheck.ExpectLength("vbs_backup_share.of_backup", 3),
					querycheck.ExpectIdentity("vbs_backup_share.of_backup", map[string]knownvalue.Check{"id": knownvalue.StringExact(seedShare)}),
				},
			},
		},
	})
}

func TestAccBackupShares_answersThatAreNotAnAnswer(t *testing.T) {
	cases := map[string]struct {
		vary   func(url string) emulator.Variations
		config string
		want   []string
	}{
		"a get answered with another share": {
			func(string) emulator.Variations { return emulator.Variations{GetAnswersOther: true} },
			`data "vbs_backup_share" "s" { id = "` + seedShare + `" }`,
			[]string{"Cannot read backup share " + seedShare, "the service answered with share", "not the share " + seedShare + " asked for"},
		},
		"a list that never ends": {
			func(string) emulator.Variations { return emulator.Variations{EndlessList: true} },
			`data "vbs_backup_shares" "all" {}`,
			[]string{"Cannot list backup shares", "the list does not end", "where the service counted 103"},
		},
		"an error body under 200": {
			func(string) emulator.Variations { return emulator.Variations{ErrorsAs200: true} },
			`data "vbs_backup_share" "s" { id = "00000000-0000-0000-0000-000000000000" }`,
			[]string{"HTTP status: 200 OK", "Error code: 404", "Message: Backup sharing 00000000-0000-0000-0000-000000000000 could not be found."},
		},
		"a redirect to a sign-in page": {
			func(string) emulator.Variations { return emulator.Variations{SignInRedirect: true} },
			`data "vbs_backup_shares" "all" {}`,
			[]string{"Cannot list backup shares", "The answer came after a redirect to", emulator.SignInPath, "text/html"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{})
			emu.SetVariations(tc.vary(srv.URL))
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      providerBlock(srv, sharer) + tc.config,
					ExpectError: expectError(tc.want...),
				}},
			})
		})
	}
}

// TestAccProvider_IAMAsOtherCloudsAnswer: a token answered with 200 and a
// catalog whose URLs carry templates or stop at the service root sign in
// and read, through Terraform; a catalog with only internal endpoints says so.
func TestAccProvider_IAMAsOtherCloudsAnswer(t *testing.T) {
	for name, opts := range map[string]emulator.Options{
		"token 200, $(tenant_id)s": {TokenStatus: 200, CatalogURLForm: emulator.CatalogURLTenantTemplate},
		"catalog at the root":      {CatalogURLForm: emulator.CatalogURLRoot},
	} {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, opts)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
					Check:  resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
				}},
			})
		})
	}
	_, srv := emutest.Start(t, emulator.Options{CatalogInterface: "internal"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
			ExpectError: expectError("only with the interfaces internal, not public", "set endpoint"),
		}},
	})
}
