package provider

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

func TestAccBackupShares_seedDataFieldByField(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	share := tfjsonpath.New("shares").AtSliceIndex(1) // created_at desc: 8332…, e842…, f842…
	backup := share.AtMapKey("backup")
	addr := "data.vbs_backup_shares.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact(seedGet), knownvalue.StringExact(seedShare), knownvalue.StringExact("f842bf23-1e05-4c2c-b0f9-25222f4686da"),
				})),
				statecheck.ExpectKnownValue(addr, share, knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":              knownvalue.StringExact(seedShare),
					"backup_id":       knownvalue.StringExact(seedBkp),
					"from_project_id": knownvalue.StringExact(sharer),
					"to_project_id":   knownvalue.StringExact(toB9),
					"created_at":      knownvalue.StringExact("2017-08-10T12:25:40.480424Z"),
					"updated_at":      knownvalue.StringExact("2017-08-14T06:41:49.381069Z"),
					"backup": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"availability_zone":     knownvalue.StringExact("AZ1"),
						"container":             knownvalue.Null(),
						"created_at":            knownvalue.StringExact("2017-08-08T04:03:27.456859Z"),
						"data_timestamp":        knownvalue.StringExact("2017-08-08T04:03:27.456859Z"),
						"description":           knownvalue.Null(),
						"fail_reason":           knownvalue.StringExact("Invalid InitiatorConnector protocol specified DSWARE"),
						"has_dependent_backups": knownvalue.Null(),
						"id":                    knownvalue.StringExact(seedBkp),
						"is_incremental":        knownvalue.Null(),
						"name":                  knownvalue.StringExact("lbf"),
						"object_count":          knownvalue.Null(),
						"size":                  knownvalue.Int64Exact(1),
						"snapshot_id":           knownvalue.Null(),
						"status":                knownvalue.StringExact("available"),
						"updated_at":            knownvalue.StringExact("2017-08-08T04:03:35.109308Z"),
						"volume_id":             knownvalue.StringExact("a7d7783f-02b7-4645-b0e3-61df63f0ba10"),
						"service_metadata":      knownvalue.Null(),
					}),
				})),
				// The get seed's object_count is 0, not null; the f842 share's updated_at is null.
				statecheck.ExpectKnownValue(
					addr,
					tfjsonpath.New("shares").AtSliceIndex(0).AtMapKey("backup").AtMapKey("object_count"),
					knownvalue.Int64Exact(0),
				),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("shares").AtSliceIndex(2).AtMapKey("updated_at"), knownvalue.Null()),
				statecheck.ExpectKnownValue(addr, backup.AtMapKey("size"), knownvalue.Int64Exact(1)),
			},
		}},
	})
}

// TestAccBackupShares_eachArgument checks every filter argument against the
// emulator's generated data: each case's count is computed from the data
// itself, so a filter that is dropped or mis-mapped changes it.
func TestAccBackupShares_eachArgument(t *testing.T) {
	data := emulator.GeneratedDataset(60)
	_, srv := emutest.Start(t, emulator.Options{Data: data})
	count := func(keep func(s emulator.Share) bool) int {
		n := 0
		for _, s := range data.Shares {
			if s.FromProjectID == sharer && keep(s) {
				n++
			}
		}
		return n
	}
	s5 := data.Shares[3+5]
	cases := []struct {
		args string
		want int
	}{
		{`volume_id = "` + *s5.Backup.VolumeID + `"`, count(func(s emulator.Share) bool { return *s.Backup.VolumeID == *s5.Backup.VolumeID })},
		{`name = "backup-00001"`, count(func(s emulator.Share) bool {
			return len(*s.Backup.Name) == 13 && (*s.Backup.Name)[:12] == "backup-00001"
		})},
		{`status = "error"`, count(func(s emulator.Share) bool { return *s.Backup.Status == "error" })},
		{`backup_id = "` + s5.BackupID + `"`, count(func(s emulator.Share) bool { return s.BackupID == s5.BackupID })},
		{`from_project_id = "` + sharer + `"`, count(func(emulator.Share) bool { return true })},
		{`to_project_id = "` + toC9 + `"`, count(func(s emulator.Share) bool { return s.ToProjectID == toC9 })},
		{`availability_zone = "eu-de-02"`, count(func(s emulator.Share) bool { return *s.Backup.AvailabilityZone == "eu-de-02" })},
		{`share_to_me = false`, count(func(emulator.Share) bool { return true })},
		{`to_project_id = "00000000000000000000000000000000"`, 0},
	}
	var steps []resource.TestStep
	for _, tc := range cases {
		if tc.want == 0 && tc.args != `to_project_id = "00000000000000000000000000000000"` {
			t.Fatalf("case %s selects nothing: a useless test", tc.args)
		}
		steps = append(steps, resource.TestStep{
			Config: providerBlock(srv, sharer) + fmt.Sprintf("data \"vbs_backup_shares\" \"f\" {\n  %s\n}\n", tc.args),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_backup_shares.f", "shares.#", strconv.Itoa(tc.want)),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.f", "ids.#", strconv.Itoa(tc.want)),
			),
		})
	}
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
}

func TestAccBackupShares_sortAndPage(t *testing.T) {
	data := emulator.GeneratedDataset(30)
	_, srv := emutest.Start(t, emulator.Options{Data: data})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `
data "vbs_backup_shares" "by_size" {
  sort_key = "size"
  sort_dir = "asc"
}
data "vbs_backup_shares" "page" {
  sort_key = "id"
  sort_dir = "asc"
  limit    = 5
  offset   = 10
}
data "vbs_backup_shares" "all_by_id" {
  sort_key = "id"
  sort_dir = "asc"
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.vbs_backup_shares.by_size", "shares.#", "33"),
					resource.TestCheckResourceAttr("data.vbs_backup_shares.by_size", "shares.0.backup.size", "1"),
					checkAscendingSizes("data.vbs_backup_shares.by_size", 33),
					resource.TestCheckResourceAttr("data.vbs_backup_shares.page", "shares.#", "5"),
					resource.TestCheckResourceAttrPair("data.vbs_backup_shares.page", "ids.0", "data.vbs_backup_shares.all_by_id", "ids.10"),
					resource.TestCheckResourceAttrPair("data.vbs_backup_shares.page", "ids.4", "data.vbs_backup_shares.all_by_id", "ids.14"),
				),
			},
		},
	})
}

func checkAscendingSizes(addr string, n int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs := s.RootModule().Resources[addr]
		prev := -1
		for i := range n {
			v, err := strconv.Atoi(rs.Primary.Attributes[fmt.Sprintf("shares.%d.backup.size", i)])
			if err != nil {
				return err
			}
			if v < prev {
				return fmt.Errorf("share %d has size %d after %d", i, v, prev)
			}
			prev = v
		}
		return nil
	}
}

func TestAccBackupShares_allPages(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(2497), MaxPageSize: 300})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig: emu.ResetStats,
			Config:    providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "shares.#", "2500"),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "ids.#", "2500"),
				func(*terraform.State) error {
					if n := emu.Stats()["list"]; n < 9 {
						return fmt.Errorf("%d list requests: the pages were not all read", n)
					}
					return nil
				},
			),
		}},
	})
}

func TestAccBackupShares_shareToMe(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, toC9) + `
data "vbs_backup_shares" "to_me" {
  share_to_me = true
}
data "vbs_backup_shares" "by_me" {}`,
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.vbs_backup_shares.to_me", "ids.#", "1"),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.to_me", "ids.0", seedGet),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.to_me", "shares.0.from_project_id", sharer),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.by_me", "ids.#", "0"),
				resource.TestCheckResourceAttr("data.vbs_backup_shares.by_me", "shares.#", "0"),
			),
		}},
	})
}

func TestAccBackupShares_planTimeValidation(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cases := map[string]string{
		`status = "broken"`:        `Attribute status value must be one of`,
		`sort_key = "volume_id"`:   `Attribute sort_key value must be one of`,
		`sort_dir = "up"`:          `Attribute sort_dir value must be one of`,
		`limit = 0`:                `Attribute limit value must be between 1 and 100000`,
		`limit = 100001`:           `Attribute limit value must be between 1 and 100000`,
		"limit = 5\n  offset = -1": `Attribute offset value must be at least 0`,
		`offset = 3`:               `Attribute "limit" must be specified when "offset" is specified`,
		`name = ""`:                `Attribute name string length must be at least 1`,
	}
	var steps []resource.TestStep
	for args, want := range cases {
		steps = append(steps, resource.TestStep{
			Config:      providerBlock(srv, sharer) + "data \"vbs_backup_shares\" \"bad\" {\n  " + args + "\n}\n",
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(regexp.QuoteMeta(want)),
		})
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviders, Steps: steps})
	if stats := emu.Stats(); stats["list"]+stats["count"] != 0 {
		t.Errorf("validation errors reached the service: %v", stats)
	}
}

// TestAccBackupShares_sortHoldsWhateverTheService: a service that ignores
// sort_key gives the same order in state (the provider sorts the whole
// list), and one that refuses a key in a window says which argument to
// change.
func TestAccBackupShares_sortHoldsWhateverTheService(t *testing.T) {
	_, srv := emutest.Start(
		t,
		emulator.Options{Data: emulator.GeneratedDataset(30), Vary: emulator.Variations{IgnoreSort: true, RefuseSortKeys: []string{"status"}}},
	)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + `
data "vbs_backup_shares" "by_size" {
  sort_key = "size"
  sort_dir = "asc"
}`,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.vbs_backup_shares.by_size", "shares.#", "33"),
					checkAscendingSizes("data.vbs_backup_shares.by_size", 33),
				),
			},
			{
				// Without limit the key is not sent (the provider reads in an
				// order that does not move and sorts itself), so only a
				// window asks the service to sort.
				Config: providerBlock(srv, sharer) + `data "vbs_backup_shares" "by_status" { sort_key = "status" }`,
				Check:  resource.TestCheckResourceAttr("data.vbs_backup_shares.by_status", "shares.#", "33"),
			},
			{
				Config: providerBlock(srv, sharer) + `data "vbs_backup_shares" "by_status" {
  sort_key = "status"
  limit    = 10
}`,
				ExpectError: expectError("The service refused sort_key = status", "Invalid sort_key", "Remove sort_key, or choose another"),
			},
		},
	})
}

// TestAccBackupShares_unknownOwnerIsKept: a list that leaves from_project_id
// out (or writes it in another case) is still the project's own list: every
// share is in the result, the missing owner null in state, never dropped as
// "another project's" (0 of 8 before).
func TestAccBackupShares_unknownOwnerIsKept(t *testing.T) {
	for name, vary := range map[string]emulator.Variations{
		"omitted":    {ListOwner: emulator.ListOwnerOmit},
		"upper case": {ListOwner: emulator.ListOwnerUpper},
	} {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(5), Vary: vary})
			owner := resource.TestCheckNoResourceAttr("data.vbs_backup_shares.all", "shares.0.from_project_id")
			if vary.ListOwner == emulator.ListOwnerUpper {
				owner = resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "shares.0.from_project_id", strings.ToUpper(sharer))
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
					Check: resource.ComposeAggregateTestCheckFunc(
						resource.TestCheckResourceAttr("data.vbs_backup_shares.all", "shares.#", "8"),
						owner,
					),
				}},
			})
		})
	}
}
