package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// These tests change the process environment, so they do not run in parallel.

func TestAccProvider_environmentFallbacks(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	t.Setenv("OS_AUTH_URL", srv.URL+"/v3")
	t.Setenv("OS_USERNAME", emulator.SampleUser)
	t.Setenv("OS_PASSWORD", "a wrong password the configuration overrides")
	t.Setenv("OS_USER_DOMAIN_NAME", emulator.SampleDomain)
	t.Setenv("OS_PROJECT_NAME", "eu-de")
	t.Setenv("OS_REGION_NAME", "eu-de")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "vbs" {
  password = %q
}
data "vbs_backup_shares" "all" {}`, emulator.SamplePassword),
			Check: resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
		}},
	})
}

func TestAccProvider_tokenEndpointProjectSkipIAM(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, sharer).TokenID
	t.Setenv("OS_TOKEN", token)
	t.Setenv("VBS_ENDPOINT", srv.URL)
	t.Setenv("OS_PROJECT_ID", sharer)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: emu.ResetStats,
			Config:    `data "vbs_backup_share" "s" { id = "` + seedShare + `" }`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_backup_share.s", "to_project_id", toB9),
				func(*terraform.State) error {
					if n := emu.Stats()["iam.token"]; n != 0 {
						return fmt.Errorf("%d IAM token requests, want none", n)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccProvider_wrongPassword(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
provider "vbs" {
  auth_url    = %q
  user_name   = "demo-user"
  password    = "not-the-password"
  domain_name = "demo-domain"
  project_id  = %q
}
data "vbs_backup_shares" "all" {}`, srv.URL+"/v3", sharer),
			ExpectError: expectError("Authentication failed", "password authentication", "HTTP 401", "Check user_name, password and domain_name"),
		}},
	})
}

func TestAccProvider_oneTokenForManyDataSources(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: emu.ResetStats,
			Config: providerBlock(srv, sharer) + `
data "vbs_backup_shares" "a" {}
data "vbs_backup_shares" "b" { sort_dir = "asc" }
data "vbs_backup_share" "c" { id = "` + seedShare + `" }
data "vbs_backup_share" "d" { id = "` + seedGet + `" }`,
			Check: func(*terraform.State) error {
				// Each terraform command configures the provider once, and some
				// commands read nothing; a token per data source would give at
				// least one token per read (get, or list for the plural).
				stats := emu.Stats()
				reads := stats["get"] + stats["list"]
				if reads < 4 || stats["iam.token"] >= reads {
					return fmt.Errorf("%d token requests for %d data-source reads", stats["iam.token"], reads)
				}
				return nil
			},
		}},
	})
}
