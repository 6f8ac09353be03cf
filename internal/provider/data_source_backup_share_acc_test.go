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

func TestAccBackupShare_byID(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	addr := "data.vbs_backup_share.s"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `data "vbs_backup_share" "s" { id = "` + seedGet + `" }`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("backup_id"), knownvalue.StringExact(seedBkp)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("from_project_id"), knownvalue.StringExact(sharer)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("to_project_id"), knownvalue.StringExact(toC9)),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("created_at"), knownvalue.StringExact("2017-08-22T08:43:16.699374Z")),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("updated_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("share_to_me"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("backup"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"availability_zone":     knownvalue.StringExact("AZ1"),
					"container":             knownvalue.Null(),
					"created_at":            knownvalue.StringExact("2017-08-08T04:03:27Z"),
					"data_timestamp":        knownvalue.StringExact("2017-08-08T04:03:27Z"),
					"description":           knownvalue.Null(),
					"fail_reason":           knownvalue.StringExact("Invalid InitiatorConnector protocol specified DSWARE"),
					"has_dependent_backups": knownvalue.Null(),
					"id":                    knownvalue.StringExact(seedBkp),
					"is_incremental":        knownvalue.Null(),
					"name":                  knownvalue.StringExact("lbf"),
					"object_count":          knownvalue.Int64Exact(0),
					"size":                  knownvalue.Int64Exact(1),
					"snapshot_id":           knownvalue.Null(),
					"status":                knownvalue.StringExact("available"),
					"updated_at":            knownvalue.StringExact("2017-08-16T07:24:24.786297Z"),
					"volume_id":             knownvalue.StringExact("a7d7783f-02b7-4645-b0e3-61df63f0ba10"),
					"service_metadata":      knownvalue.Null(),
				})),
			},
		}},
	})
}

func TestAccBackupShare_byBackupID(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `
data "vbs_backup_share" "s" {
  backup_id     = "` + seedBkp + `"
  to_project_id = "` + toA9 + `"
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.vbs_backup_share.s", "id", "f842bf23-1e05-4c2c-b0f9-25222f4686da"),
					resource.TestCheckNoResourceAttr("data.vbs_backup_share.s", "updated_at"),
					resource.TestCheckResourceAttr("data.vbs_backup_share.s", "backup.name", "lbf"),
				),
			},
			{
				// Three shares of the backup: an error that lists them.
				Config: providerBlock(srv, sharer) + `data "vbs_backup_share" "s" { backup_id = "` + seedBkp + `" }`,
				ExpectError: expectError("Several backup shares match", "3 shares of backup "+seedBkp+" are shared by project "+sharer,
					"id "+seedShare+", to project "+toB9, "Set to_project_id to pick one"),
			},
			{
				Config:      providerBlock(srv, sharer) + `data "vbs_backup_share" "s" { backup_id = "00000000-0000-0000-0000-00000000bad0" }`,
				ExpectError: expectError("No share of backup 00000000-0000-0000-0000-00000000bad0 is shared by project "+sharer, "set share_to_me = true"),
			},
		},
	})
}

func TestAccBackupShare_sharedWithMe(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, toB9) + `
data "vbs_backup_share" "by_backup" {
  backup_id   = "` + seedBkp + `"
  share_to_me = true
}
data "vbs_backup_share" "by_id" {
  id = "` + seedShare + `"
}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_backup_share.by_backup", "id", seedShare),
				resource.TestCheckResourceAttr("data.vbs_backup_share.by_backup", "share_to_me", "true"),
				resource.TestCheckResourceAttrPair("data.vbs_backup_share.by_backup", "backup.updated_at", "data.vbs_backup_share.by_id", "backup.updated_at"),
			),
		}},
	})
}

func TestAccBackupShare_notFound(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `data "vbs_backup_share" "s" { id = "00000000-0000-0000-0000-000000000000" }`,
				ExpectError: expectError(
					"Backup share not found",
					`"00000000-0000-0000-0000-000000000000" is visible in project `+sharer,
					"HTTP status: 404",
					"Request ID: req-",
				),
			},
		},
	})
}

func TestAccBackupShare_validation(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cases := map[string]string{
		``: `(?s)Exactly one of these attributes must be configured:\s+\[id,backup_id\]`,
		`id = "` + seedShare + `"
  backup_id = "` + seedBkp + `"`: `(?s)Exactly one of these attributes must be configured:\s+\[id,backup_id\]`,
		`id = "` + seedShare + `"
  share_to_me = true`: `(?s)Attribute "id" cannot be specified when "share_to_me" is specified`,
		`id = ""`: `Attribute id must be a UUID`,
	}
	var steps []resource.TestStep
	for args, want := range cases {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv, sharer) + "data \"vbs_backup_share\" \"s\" {\n  " + args + "\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
	if stats := emu.Stats(); stats["get"]+stats["list"] != 0 {
		t.Errorf("validation errors reached the service: %v", stats)
	}
}
