package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// The examples are documentation users copy; these tests run them, as
// written, against the emulator. They configure the provider through the
// environment, so they do not run in parallel.

func readExample(t *testing.T, rel string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "examples", rel)) //nolint:gosec // the repository's own examples
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// setEmulatorEnv sets the environment make emulator prints for base.
func setEmulatorEnv(t *testing.T, base string, env func(string) []string) {
	for _, kv := range env(base) {
		name, value, _ := strings.Cut(kv, "=")
		t.Setenv(name, value)
	}
}

func TestAccExamples_dataSources(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: readExample(t, "data-sources/vbs_backup_shares/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("outgoing_share_ids", knownvalue.ListSizeExact(3)),
					statecheck.ExpectKnownOutputValue("incoming_backups", knownvalue.MapSizeExact(0)),
				},
			},
			{
				Config: readExample(t, "data-sources/vbs_backup_share/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("shared_backup", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":       knownvalue.StringExact("lbf"),
						"size_gb":    knownvalue.Int64Exact(1),
						"shared_at":  knownvalue.StringExact("2017-08-10T12:25:40.480424Z"),
						"shared_to":  knownvalue.StringExact(toB9),
						"by_backup":  knownvalue.StringExact("f842bf23-1e05-4c2c-b0f9-25222f4686da"),
						"never_edit": knownvalue.Bool(true),
					})),
				},
			},
			{
				Config: readExample(t, "data-sources/vbs_cbr_backup_shares/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("outgoing_share_ids", knownvalue.ListSizeExact(2)),
					statecheck.ExpectKnownOutputValue("shared_with", knownvalue.MapPartial(map[string]knownvalue.Check{
						emulator.SampleCBRAcceptedBackup + "/" + toB9: knownvalue.StringExact("db-server-backup -> " + toB9 + " (accepted)"),
					})),
					statecheck.ExpectKnownOutputValue("invitations", knownvalue.MapSizeExact(0)),
				},
			},
			{
				Config: readExample(t, "data-sources/vbs_cbr_backup_share/data-source.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("db_backup_share", knownvalue.ObjectExact(map[string]knownvalue.Check{
						"backup":      knownvalue.StringExact("db-server-backup"),
						"status":      knownvalue.StringExact("accepted"),
						"their_vault": knownvalue.StringExact("6d8f0b2c-4e6a-4c8e-a0c2-4e6a8c0e2a4c"),
					})),
				},
			},
		},
	})
}

// TestAccExamples_provider runs the provider example with its cloud
// addresses pointed at the emulator: the same attributes, other values.
func TestAccExamples_provider(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	t.Setenv("OS_PASSWORD", emulator.SamplePassword)
	example := readExample(t, "provider/provider.tf")
	// The test serves the provider in-process under its short name, not from
	// the registry source the example declares.
	example = regexp.MustCompile(`(?s)terraform \{.*?\n\}\n`).ReplaceAllString(example, "")
	example = strings.NewReplacer(
		"https://iam.eu-de.otc.t-systems.com/v3", srv.URL+"/v3",
		"OTC-EU-DE-00000000001000000001", emulator.SampleDomain,
		"backup-auditor", emulator.SampleUser,
	).Replace(example)
	if strings.Contains(example, "terraform {") || !strings.Contains(example, srv.URL) {
		t.Fatalf("the example's shape changed; update this test:\n%s", example)
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: example + `data "vbs_backup_shares" "all" {}`,
			Check:  resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
		}},
	})
}

func TestAccExamples_policyChecks(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	// versions.tf is left out: the test serves the provider in-process
	// under its short name, not from the registry source it declares.
	policy := readExample(t, "policy-checks/main.tf") + readExample(t, "policy-checks/providers.tf")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: policy,
				ConfigVariables: config.Variables{
					"allowed_projects": config.SetVariable(config.StringVariable(toA9), config.StringVariable(toB9), config.StringVariable(toC9)),
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("shared_with", knownvalue.SetExact([]knownvalue.Check{
						knownvalue.StringExact(toA9), knownvalue.StringExact(toB9), knownvalue.StringExact(toC9),
					})),
				},
			},
			{
				Config:          policy,
				ConfigVariables: config.Variables{"allowed_projects": config.SetVariable(config.StringVariable(toB9))},
				ExpectError: expectError("Backups are shared outside the allowed projects",
					"to "+toC9+" (share "+seedGet+")", "to "+toA9+" (share f842bf23-1e05-4c2c-b0f9-25222f4686da)"),
			},
			{
				Config:          policy,
				ConfigVariables: config.Variables{"allowed_projects": config.SetVariable(config.StringVariable(toA9), config.StringVariable(toC9))},
				ExpectError: expectError("CBR backups are shared outside the allowed projects",
					"backup "+emulator.SampleCBRAcceptedBackup+" to "+toB9+" (accepted)"),
			},
		},
	})
}

// TestAccExamples_emulatorEnvironment: the export lines make emulator
// prints, password and AK/SK, make an empty provider block read the
// sample shares.
func TestAccExamples_emulatorEnvironment(t *testing.T) {
	for name, env := range map[string]func(string) []string{"password": emulator.SampleUserEnv, "AK/SK": emulator.SampleAKSKEnv} {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, emulator.Options{})
			setEmulatorEnv(t, srv.URL, env)
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: `provider "vbs" {}
data "vbs_backup_shares" "all" {}`,
					Check: resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "3"),
				}},
			})
		})
	}
}

// withoutTerraformBlock drops an example's terraform block: the tests serve
// the provider in-process under its short name, not from the source the
// example declares.
func withoutTerraformBlock(t *testing.T, example string) string {
	t.Helper()
	out := regexp.MustCompile(`(?s)terraform \{.*?\n\}\n`).ReplaceAllString(example, "")
	if strings.Contains(out, "terraform {") {
		t.Fatalf("the example's shape changed; update this test:\n%s", example)
	}
	return out
}

// TestAccExamples_shareAndUse runs the guide's two configurations: the owner
// shares, then the recipient, signed in to its own project, reads the share.
func TestAccExamples_shareAndUse(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	c := vbstest.Client(t, srv, sharer)
	owner := withoutTerraformBlock(t, readExample(t, "share-and-use/owner/main.tf"))
	recipient := withoutTerraformBlock(t, readExample(t, "share-and-use/recipient/main.tf"))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             noSharesOf(c, nightlyBackup),
		Steps: []resource.TestStep{{
			Config:          owner,
			ConfigVariables: config.Variables{"recipient_project_id": config.StringVariable(toB9)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("share_id", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				// The recipient, in its own project, while the share exists.
				t.Setenv("OS_PROJECT_ID", toB9)
				defer t.Setenv("OS_PROJECT_ID", sharer)
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviders,
					Steps: []resource.TestStep{{
						Config: recipient,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownOutputValue("restore_from", knownvalue.ObjectExact(map[string]knownvalue.Check{
								"backup_id":   knownvalue.StringExact(nightlyBackup),
								"volume_id":   knownvalue.StringExact("a7d7783f-02b7-4645-b0e3-61df63f0ba10"),
								"size_gb":     knownvalue.Int64Exact(40),
								"shared_by":   knownvalue.StringExact(sharer),
								"backup_name": knownvalue.StringExact("nightly-db"),
							})),
						},
					}},
				})
				return nil
			},
		}},
	})
}

// readmeExample is README's first example, as written.
func readmeExample(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "```terraform\n")
	example, _, closed := strings.Cut(rest, "```")
	if !ok || !closed {
		t.Fatal("README.md has no terraform example")
	}
	return example
}

// TestAccExamples_readmeAndProjects applies README's first example and the
// vbs_projects example with the CLI (terraform-plugin-testing cannot read
// for_each's string keys): every project of the sample account is read.
func TestAccExamples_readmeAndProjects(t *testing.T) {
	h := newCLIHarness(t)
	instances := func(prefix string) int {
		n := 0
		for _, line := range strings.Fields(h.stdout("state", "list")) {
			if strings.HasPrefix(line, prefix+"[") {
				n++
			}
		}
		return n
	}
	h.write("main.tf", readmeExample(t))
	h.run("apply", "-auto-approve", "-input=false", "-no-color")
	if out := h.stdout("output", "-json", "shared_with"); strings.Count(out, `"722513ed0a324dadaabe5b2d0fe848`) != 3 {
		t.Errorf("README: shared_with = %s, want the three sample recipients", out)
	}
	if n := instances("data.vbs_backup_shares.per_project"); n != 6 {
		t.Errorf("README: %d projects read, want the sample account's 6", n)
	}
	h.write("main.tf", readExample(t, "data-sources/vbs_projects/data-source.tf")+readExample(t, "account-audit/versions.tf"))
	h.run("apply", "-auto-approve", "-input=false", "-no-color")
	if n := instances("data.vbs_backup_shares.outgoing"); n != 6 {
		t.Errorf("vbs_projects example: %d projects read, want 6", n)
	}
}

// TestAccExamples_cbrResources runs the CBR resource examples as written:
// the owner shares a backup with two projects, and a recipient accepts a
// backup shared with it.
func TestAccExamples_cbrResources(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	setEmulatorEnv(t, srv.URL, emulator.SampleUserEnv)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: readExample(t, "resources/vbs_cbr_backup_share/resource.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("db_share_status", knownvalue.MapExact(map[string]knownvalue.Check{
						toB9: knownvalue.StringExact("pending"),
						toC9: knownvalue.StringExact("pending"),
					})),
				},
			},
			{
				Config: readExample(t, "resources/vbs_cbr_backup_share_acceptance/resource.tf"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownOutputValue("accepted_from", knownvalue.StringExact(sharer)),
				},
				Check: func(*terraform.State) error {
					if status, _ := cbrMember(emu, toA9); status != "accepted" {
						t.Errorf("a9's member: %q, want accepted", status)
					}
					return nil
				},
			},
		},
	})
}
