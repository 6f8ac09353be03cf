package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// readBoth reads both data sources; every method must get the same answers.
const readBoth = `
data "vbs_backup_shares" "all" {}
data "vbs_backup_share" "one" {
  id = "` + seedShare + `"
}
`

func checkReadBoth() resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
		resource.TestCheckResourceAttr("data.vbs_backup_share.one", "to_project_id", toB9),
		resource.TestCheckResourceAttr("data.vbs_backup_share.one", "backup.name", "lbf"),
	)
}

func TestAccAuth_eachMethodReadsBothDataSources(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, sharer).TokenID
	methods := map[string]string{
		"password": providerBlock(srv, sharer),
		"token through IAM": fmt.Sprintf(`provider "vbs" {
  auth_url   = %q
  token      = %q
  project_id = %q
}`, srv.URL+"/v3", token, sharer),
		"AK/SK with project lookup by region": fmt.Sprintf(`provider "vbs" {
  region     = "eu-de"
  auth_url   = %q
  endpoint   = %q
  access_key = %q
  secret_key = %q
}`, srv.URL+"/v3", srv.URL, emulator.SampleAccessKey, emulator.SampleSecretKey),
		"AK/SK with security token": fmt.Sprintf(`provider "vbs" {
  endpoint       = %q
  project_id     = %q
  access_key     = %q
  secret_key     = %q
  security_token = %q
}`, srv.URL, sharer, emulator.SampleTempAccessKey, emulator.SampleTempSecretKey, emulator.SampleSecurityToken),
	}
	for name, block := range methods {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps:                    []resource.TestStep{{Config: block + readBoth, Check: checkReadBoth()}},
			})
		})
	}
}

func TestAccAuth_wrongCredentialsNameTheMethod(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	cases := map[string]struct{ block, method, fix string }{
		"bad token": {fmt.Sprintf(`provider "vbs" {
  auth_url   = %q
  token      = "expired-or-forged"
  project_id = %q
}`, srv.URL+"/v3", sharer), "token authentication", "Set a fresh token"},
		"wrong secret key": {fmt.Sprintf(`provider "vbs" {
  region     = "eu-de"
  auth_url   = %q
  endpoint   = %q
  access_key = %q
  secret_key = "not-the-secret"
}`, srv.URL+"/v3", srv.URL, emulator.SampleAccessKey), "AK/SK authentication", "Check access_key and secret_key"},
		"unknown access key": {fmt.Sprintf(`provider "vbs" {
  region     = "eu-de"
  auth_url   = %q
  endpoint   = %q
  access_key = "NOSUCHKEY"
  secret_key = "whatever"
}`, srv.URL+"/v3", srv.URL), "AK/SK authentication", "access key *** does not exist"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config:      tc.block + readBoth,
					ExpectError: expectError("Authentication failed", tc.method, "HTTP 401", tc.fix),
				}},
			})
		})
	}
	// Temporary credentials without their token fail at the first read (no
	// project lookup happens with project_id): the read names the 401 and
	// what the gateway said.
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: fmt.Sprintf(`provider "vbs" {
  endpoint   = %q
  project_id = %q
  access_key = %q
  secret_key = %q
}`, srv.URL, sharer, emulator.SampleTempAccessKey, emulator.SampleTempSecretKey) + readBoth,
				ExpectError: expectError(
					"HTTP status: 401",
					"APIGW.0301",
					"needs its security token",
					"The signed request was refused",
					"security_token for temporary "+
						"credentials",
					"clock",
				),
			},
		},
	})
}

func writeCloudsYAML(t *testing.T, authURL, password string) string {
	dir := t.TempDir()
	clouds := fmt.Sprintf(`clouds:
  emulated:
    region_name: eu-de
    auth:
      auth_url: %s
      username: %s
      user_domain_name: %s
      project_id: %s
`, authURL, emulator.SampleUser, emulator.SampleDomain, sharer)
	secure := fmt.Sprintf("clouds:\n  emulated:\n    auth:\n      password: %s\n", password)
	for name, body := range map[string]string{"clouds.yaml": clouds, "secure.yaml": secure} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "clouds.yaml")
}

func TestAccAuth_cloudsYAML(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	t.Setenv("OS_CLIENT_CONFIG_FILE", writeCloudsYAML(t, srv.URL+"/v3", emulator.SamplePassword))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: `provider "vbs" {
  cloud = "emulated"
}` + readBoth,
			Check: checkReadBoth(),
		}},
	})
}

func TestAccAuth_cloudsYAMLWrongPassword(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	t.Setenv("OS_CLIENT_CONFIG_FILE", writeCloudsYAML(t, srv.URL+"/v3", "stale-password"))
	t.Setenv("OS_CLOUD", "emulated")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      readBoth,
			ExpectError: expectError("Authentication failed", "password authentication", "HTTP 401", "Check user_name, password and domain_name"),
		}},
	})
}
