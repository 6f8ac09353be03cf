package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// Errors that point at the fix, through Terraform.
func TestAccHints_regionNotInTheCatalog(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Region: "eu-de"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer, `region = "eu-nl"`) + `data "vbs_backup_shares" "all" {}`,
				ExpectError: expectError(
					"VBS not found in the service catalog",
					`in region "eu-nl"; it has them in eu-de`,
					"Set region (OS_REGION_NAME or OS_REGION or HW_REGION_NAME) to a region that has VBS: eu-de",
				),
			},
		},
	})
}

func TestAccHints_endpointWithAnotherProjectsPath(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      providerBlock(srv, sharer, `endpoint = "`+srv.URL+`/v2/0123456789abcdef"`) + `data "vbs_backup_shares" "all" {}`,
			ExpectError: expectError("Endpoint for another project", "set endpoint to the service root, "+srv.URL),
		}},
	})
}

func TestAccHints_endpointWithThisProjectsPathIsUsed(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer, `endpoint = "`+srv.URL+`/v2/`+sharer+`"`) + `data "vbs_backup_shares" "all" {}`,
			Check:  resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
		}},
	})
}

func TestAccHints_aProjectTheUserHasNoRoleIn(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	const other = "00000000000000000000000000000000"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, other) + `data "vbs_backup_shares" "all" {}`,
				ExpectError: expectError(
					"Authentication failed",
					"no role on the requested project",
					"IAM refused the project",
					"project_id "+other,
					"Check project_id (OS_PROJECT_ID)",
				),
			},
		},
	})
}

func TestAccHints_shareToMeAlreadySet(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `
data "vbs_backup_share" "s" {
  backup_id   = "` + seedBkp + `"
  share_to_me = true
}`,
			ExpectError: expectError("No backup share found", "leave share_to_me unset"),
		}},
	})
}
