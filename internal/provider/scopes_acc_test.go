package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

const (
	nlRegion    = emulator.SampleSecondRegion
	nlProject   = emulator.SampleSecondRegionProject
	nlRecipient = emulator.SampleSecondRegionRecipient
	nlShare     = "9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a5f"
)

// readOtherScopes reads, besides the provider's own project, a second
// project (the share made to it, by share_to_me) and a project of the
// second region, through both data sources.
const readOtherScopes = `
data "vbs_backup_shares" "own" {}
data "vbs_backup_shares" "to_b9" {
  project_id  = "` + toB9 + `"
  share_to_me = true
}
data "vbs_backup_shares" "nl" {
  project_id = "` + nlProject + `"
  region     = "` + nlRegion + `"
}
data "vbs_backup_share" "nl" {
  project_id = "` + nlProject + `"
  region     = "` + nlRegion + `"
  id         = "` + nlShare + `"
}
`

func checkOtherScopes() resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttr("data.vbs_backup_shares.own", "ids.#", "3"),
		resource.TestCheckResourceAttr("data.vbs_backup_shares.to_b9", "ids.#", "1"),
		resource.TestCheckResourceAttr("data.vbs_backup_shares.to_b9", "shares.0.id", seedShare),
		resource.TestCheckResourceAttr("data.vbs_backup_shares.nl", "ids.#", "1"),
		resource.TestCheckResourceAttr("data.vbs_backup_shares.nl", "shares.0.to_project_id", nlRecipient),
		resource.TestCheckResourceAttr("data.vbs_backup_share.nl", "backup.name", "nl-nightly"),
		resource.TestCheckResourceAttr("data.vbs_backup_share.nl", "from_project_id", nlProject),
	)
}

// TestAccScopes_eachSignInMethod: a password and an access key read a
// second project and a project of a second region with the provider's one
// set of credentials.
func TestAccScopes_eachSignInMethod(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	methods := map[string]string{
		"password":            providerBlock(srv, sharer, `region = "eu-de"`),
		"password, no region": providerBlock(srv, sharer),
		"AK/SK": fmt.Sprintf(`provider "vbs" {
  region     = "eu-de"
  endpoint   = %q
  project_id = %q
  access_key = %q
  secret_key = %q
}`, srv.URL+emulator.RegionsPrefix+vbs.RegionPlaceholder, sharer, emulator.SampleAccessKey, emulator.SampleSecretKey),
	}
	for name, block := range methods {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps:                    []resource.TestStep{{Config: block + readOtherScopes, Check: checkOtherScopes()}},
			})
		})
	}
}

// TestAccScopes_refusals: a fixed token reads only its own project and says
// what to configure instead; a project the credentials cannot reach, and a
// region without a known endpoint, are errors that name them.
func TestAccScopes_refusals(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	token := vbstest.Client(t, srv, sharer).TokenID
	tokenBlock := fmt.Sprintf(`provider "vbs" {
  endpoint   = %q
  token      = %q
  project_id = %q
}`, srv.URL, token, sharer)
	akskNoTemplate := fmt.Sprintf(`provider "vbs" {
  region     = "eu-de"
  endpoint   = %q
  project_id = %q
  access_key = %q
  secret_key = %q
}`, srv.URL, sharer, emulator.SampleAccessKey, emulator.SampleSecretKey)
	cases := map[string]struct {
		config string
		want   string
	}{
		"fixed token, another project": {tokenBlock + `
data "vbs_backup_shares" "other" { project_id = "` + toB9 + `" }`,
			`(?s)Cannot read in project ` + toB9 + `.*fixed token.*scoped to project ` + sharer + `.*user name and password`},
		"password, a project without a role": {providerBlock(srv, sharer) + `
data "vbs_backup_shares" "other" { project_id = "` + emulator.SampleRestrictedProject + `" }`,
			`(?s)Cannot read in project ` + emulator.SampleRestrictedProject + `.*signing in, or finding its\s+endpoint, failed.*401`},
		"AK/SK, a project without a role": {akskNoTemplate + `
data "vbs_backup_shares" "other" { project_id = "` + emulator.SampleRestrictedProject + `" }`,
			`(?s)Cannot list backup shares \(project ` + emulator.SampleRestrictedProject + ` in region eu-de\).*403`},
		"AK/SK, a region without an endpoint": {akskNoTemplate + `
data "vbs_backup_share" "nl" {
  project_id = "` + nlProject + `"
  region     = "` + nlRegion + `"
  id         = "` + nlShare + `"
}`, `(?s)Cannot read in project ` + nlProject + ` in region ` + nlRegion + `.*endpoint`},
		"a name_regex that is not one": {providerBlock(srv, sharer) + `
data "vbs_projects" "bad" { name_regex = "(" }`, `Invalid regular expression`},
		"a region that is not a name": {providerBlock(srv, sharer) + `
data "vbs_backup_shares" "x" { region = "eu-de/../x" }`, `must be a region name`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps:                    []resource.TestStep{{Config: c.config, ExpectError: regexp.MustCompile(c.want)}},
			})
		})
	}
}

// TestAccProjects lists the account's projects and filters them.
func TestAccProjects(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `
data "vbs_projects" "all" {}
data "vbs_projects" "nl" { region = "eu-nl" }
data "vbs_projects" "receivers" { name_regex = "_receiver-" }
data "vbs_projects" "disabled" { enabled = false }`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.#", "6"),
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.0.name", "eu-de"),
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.0.id", sharer),
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.0.region", "eu-de"),
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.0.enabled", "true"),
				resource.TestCheckResourceAttr("data.vbs_projects.all", "projects.0.domain_id", emulator.SampleDomain),
				resource.TestCheckResourceAttr("data.vbs_projects.nl", "ids.#", "2"),
				resource.TestCheckResourceAttr("data.vbs_projects.nl", "ids.0", nlProject),
				resource.TestCheckResourceAttr("data.vbs_projects.receivers", "ids.#", "3"),
				resource.TestCheckResourceAttr("data.vbs_projects.disabled", "ids.#", "0"),
				// What each filter left out is said, with the reason.
				resource.TestCheckResourceAttr("data.vbs_projects.all", "excluded.#", "0"),
				resource.TestCheckResourceAttr("data.vbs_projects.nl", "excluded.#", "4"),
				resource.TestCheckResourceAttr("data.vbs_projects.nl", "excluded.0.reason", "region"),
				resource.TestCheckResourceAttr("data.vbs_projects.receivers", "excluded.0.reason", "name_regex"),
				resource.TestCheckResourceAttr("data.vbs_projects.disabled", "excluded.#", "6"),
				resource.TestCheckResourceAttr("data.vbs_projects.disabled", "excluded.0.reason", "enabled"),
				resource.TestCheckResourceAttr("data.vbs_projects.disabled", "excluded.0.name", "eu-de"),
			),
		}},
	})
}

// TestAccProjectsWithVBS: vbs_only keeps the projects whose catalog has
// VBS and says which it left out and why.
func TestAccProjectsWithVBS(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{RegionsWithoutVBS: []string{"eu-nl"}})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `data "vbs_projects" "vbs" { vbs_only = true }`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_projects.vbs", "projects.#", "4"),
				resource.TestCheckResourceAttr("data.vbs_projects.vbs", "excluded.#", "2"),
				resource.TestCheckResourceAttr("data.vbs_projects.vbs", "excluded.0.name", "eu-nl"),
				resource.TestCheckResourceAttr("data.vbs_projects.vbs", "excluded.0.reason", "vbs"),
				resource.TestCheckResourceAttr("data.vbs_projects.vbs", "excluded.1.reason", "vbs"),
			),
		}},
	})
}

// TestAccAccountAudit runs the account-wide example with terraform test:
// it passes on the sample account with one sign-in per project, and fails
// naming the project, the share and the recipient once a share leaves the
// account.
func TestAccAccountAudit(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.6.0", "terraform test")
	h.copyExample("account-audit")
	h.emu.ResetStats()
	out := h.run("test", "-no-color")
	if !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("the audit of the sample account:\n%s", out)
	}
	// terraform test configures the provider once for each run's plan (2
	// runs): one sign-in for the provider's project and one for each of the
	// other five, not one per read (VBS and CBR read with the same token).
	if stats := h.emu.Stats(); stats["iam.token"] != 12 || stats["list"] < 12 {
		t.Errorf("%d sign-ins for %d list requests of 6 projects in 2 runs, want 12", stats["iam.token"], stats["list"])
	}

	outside, share := "ffffffffffffffffffffffffffffffff", "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
	h.emu.AddShares(emulator.Share{ID: share, BackupID: "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11", FromProjectID: toB9, ToProjectID: outside})
	cbr := h.emu.AddCBRBackups(toC9, 1, outside)
	code, out := exitStatus(t, h.command("test", "-no-color"))
	for _, want := range []string{
		"eu-de_receiver-b9 (" + toB9 + ") shares backups outside the account", "with project " + outside, "(share " + share + ")",
		"eu-de_receiver-c9 (" + toC9 + ") shares CBR backups outside the account", "backup " + cbr[0] + " with project " + outside + " (pending)",
		"0 passed, 1 failed",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("a share outside the account: exit %d, the output lacks %q\n%s", code, want, out)
		}
	}
}

// TestAccAccountAuditWithAnAccessKey: the same audit with make emulator's
// AK/SK lines: no sign-in at all, each project's VBS endpoint (in both
// regions) from IAM's catalog for it.
func TestAccAccountAuditWithAnAccessKey(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.6.0", "terraform test")
	h.env = append(h.env, "OS_USERNAME=", "OS_PASSWORD=", "OS_DOMAIN_NAME=")
	h.env = append(h.env, emulator.SampleAKSKEnv(h.srv.URL)...)
	h.copyExample("account-audit")
	h.emu.ResetStats()
	out := h.run("test", "-no-color")
	if !strings.Contains(out, "2 passed, 0 failed") {
		t.Errorf("the audit of the sample account with AK/SK:\n%s", out)
	}
	if stats := h.emu.Stats(); stats["iam.token"] != 0 || stats["iam.catalog"] < 6 {
		t.Errorf("stats %v: want no sign-in and a catalog request per project", stats)
	}
}
