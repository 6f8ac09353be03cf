package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// Writes against servers that answer them the way other implementations
// and gateways do. Each test asserts the outcome on the server, not only
// what Terraform printed: a write is done when the service shows it.

// sharesOfPair lists, as the sharer sees them, the shares of backup to
// project to.
func sharesOfPair(t *testing.T, c *vbs.Client, backupID, to string) []shares.Share {
	t.Helper()
	f := shares.Filters{BackupID: backupID, ToProjectID: to}
	list, err := shares.ListAll(context.Background(), c.ServiceClient, shares.ListOpts{Filters: f})
	if err != nil {
		t.Fatal(err)
	}
	list, _ = shares.Screen(list, f, sharer)
	return list
}

// stateHoldsTheOneShare checks that the server holds exactly one share of
// nightlyBackup to toB9 and that state holds its id.
func stateHoldsTheOneShare(t *testing.T, c *vbs.Client) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		on := sharesOfPair(t, c, nightlyBackup, toB9)
		if len(on) != 1 {
			return fmt.Errorf("the server holds %d shares of backup %s with project %s, want exactly 1", len(on), nightlyBackup, toB9)
		}
		if id := s.RootModule().Resources["vbs_backup_share.s"].Primary.ID; id != on[0].ID {
			return fmt.Errorf("state holds share %s, the server %s", id, on[0].ID)
		}
		return nil
	}
}

func TestAccBackupShareResource_variedWriteAnswers(t *testing.T) {
	// Variations that do not interfere are played together: each case is a
	// server that differs in several ways at once. Every variation is also
	// tested alone at the client (shares/testing).
	cases := map[string]func(srvURL string) emulator.Variations{
		"Cinder-like: 202 without a body, cancel 202, members in other cases": func(string) emulator.Variations {
			return emulator.Variations{CreateStatus: 202, CreateShape: emulator.CreateShapeNone, DeleteStatus: 202, CaseVariants: true}
		},
		"201 with an object, cancel 204, errors under 200": func(string) emulator.Variations {
			return emulator.Variations{CreateStatus: 201, CreateShape: emulator.CreateShapeObject, DeleteStatus: 204, ErrorsAs200: true}
		},
		"create answers without the pair": func(string) emulator.Variations { return emulator.Variations{CreateShape: emulator.CreateShapeOther} },
		"created, then 502":               func(string) emulator.Variations { return emulator.Variations{CreateCommitThen: 502} },
		"created, then dropped":           func(string) emulator.Variations { return emulator.Variations{CreateCommitThen: -1} },
		"307 redirects to the same path with a slash": func(string) emulator.Variations {
			return emulator.Variations{RedirectSlash: true, RedirectStatus: 307}
		},
	}
	for name, vary := range cases {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{})
			emu.SetVariations(vary(srv.URL))
			c := vbstest.Client(t, srv, sharer)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             noSharesOf(c, nightlyBackup),
				Steps: []resource.TestStep{{
					Config: providerBlock(srv, sharer) + shareConfig(nightlyBackup, toB9),
					Check: resource.ComposeAggregateTestCheckFunc(
						stateHoldsTheOneShare(t, c),
						resource.TestCheckResourceAttr("vbs_backup_share.s", "to_project_id", toB9),
						resource.TestCheckResourceAttr("vbs_backup_share.s", "backup.name", "nightly-db"),
					),
				}},
			})
		})
	}
}

// TestAccBackupShareResource_redirectsNeverChangeAWrite: 301, 302 and 303
// would make Go's client repeat a POST or DELETE as a GET. The share must
// not be taken as created, nor as cancelled.
func TestAccBackupShareResource_redirectsNeverChangeAWrite(t *testing.T) {
	// 302 takes the same path through net/http as 301 (a write becomes a
	// GET); the redirect policy's unit test covers every status.
	for _, status := range []int{301, 303} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{})
			c := vbstest.Client(t, srv, sharer)
			redirect := emulator.Variations{RedirectTo: srv.URL + emulator.RedirectedPrefix, RedirectStatus: status}
			cfg := providerBlock(srv, sharer) + shareConfig(nightlyBackup, toB9)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             noSharesOf(c, nightlyBackup),
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { emu.SetVariations(redirect) },
						Config:      cfg,
						ExpectError: expectError("answered POST with a redirect", fmt.Sprintf("(HTTP %d)", status), "which was not followed"),
					},
					{
						// Nothing was shared: the POST was not repeated as anything.
						PreConfig: func() {
							if n := len(sharesOfPair(t, c, nightlyBackup, toB9)); n != 0 {
								t.Errorf("%d shares after a redirected create, want none", n)
							}
							emu.SetVariations(emulator.Variations{})
						},
						Config: cfg,
						Check:  stateHoldsTheOneShare(t, c),
					},
					{
						PreConfig:   func() { emu.SetVariations(redirect) },
						Config:      cfg,
						Destroy:     true,
						ExpectError: expectError("Cannot cancel backup share", "answered DELETE with a redirect", "which was not followed"),
					},
					{
						// Not cancelled, and Terraform did not say it was.
						PreConfig: func() {
							if n := len(sharesOfPair(t, c, nightlyBackup, toB9)); n != 1 {
								t.Errorf("%d shares after a redirected cancel, want the share still there", n)
							}
							emu.SetVariations(emulator.Variations{})
						},
						Config: cfg,
						Check:  stateHoldsTheOneShare(t, c),
					},
				},
			})
		})
	}
}

// TestAccBackupShareResource_throttledCreates: a gateway that admits one
// write a second answers the rest 429 with Retry-After; every create is
// retried until it is admitted, and no share is made twice.
func TestAccBackupShareResource_throttledCreates(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{WritesPerSecond: 1}})
	c := vbstest.Client(t, srv, sharer)
	targets := []string{toA9, toB9, toC9}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             noSharesOf(c, nightlyBackup, weeklyBackup),
		Steps: []resource.TestStep{{
			// count, not for_each: terraform-plugin-testing's state checks
			// take no string keys.
			Config: providerBlock(srv, sharer, "max_retries = 10") + fmt.Sprintf(`
locals {
  targets = %[1]s
}
resource "vbs_backup_share" "nightly" {
  count         = length(local.targets)
  backup_id     = %[2]q
  to_project_id = local.targets[count.index]
}
resource "vbs_backup_share" "weekly" {
  count         = length(local.targets)
  backup_id     = %[3]q
  to_project_id = local.targets[count.index]
}`, hclList(targets), nightlyBackup, weeklyBackup),
			Check: func(*terraform.State) error {
				for _, b := range []string{nightlyBackup, weeklyBackup} {
					for _, to := range targets {
						if n := len(sharesOfPair(t, c, b, to)); n != 1 {
							return fmt.Errorf("%d shares of backup %s with %s, want 1", n, b, to)
						}
					}
				}
				if n := emu.Stats()["create"]; n <= 6 {
					return fmt.Errorf("%d create requests: the gateway throttled none, so the test tests nothing", n)
				}
				return nil
			},
		}},
	})
}

// TestAccBackupShareResource_cancelConfirmed: a 409 on cancel is tried
// again; a 404 counts as cancelled only when a read finds the share gone.
func TestAccBackupShareResource_cancelConfirmed(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	c := vbstest.Client(t, srv, sharer)
	cfg := providerBlock(srv, sharer) + shareConfig(nightlyBackup, toB9)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             noSharesOf(c, nightlyBackup),
		Steps: []resource.TestStep{
			{Config: cfg},
			{
				PreConfig: func() {
					emu.InjectFaults(
						emulator.Fault{Kind: emulator.FaultStatus, Status: 409, Op: "delete"},
						emulator.Fault{Kind: emulator.FaultStatus, Status: 409, Op: "delete"},
					)
				},
				Config:  cfg,
				Destroy: true,
				Check: func(*terraform.State) error {
					if n := emu.PendingFaults(); n != 0 {
						return fmt.Errorf("%d of the 409s were not met", n)
					}
					return nil
				},
			},
			{
				// A 404 from a cancel that did nothing: the read finds the
				// share, so destroy fails and says so.
				Config: cfg,
			},
			{
				PreConfig: func() { emu.InjectFaults(emulator.Fault{Kind: emulator.FaultStatus, Status: 404, Op: "delete"}) },
				Config:    cfg,
				Destroy:   true,
				ExpectError: expectError("Cannot cancel backup share", "HTTP status: 404",
					"yet a read finds share", "still there, so it was not cancelled"),
			},
			{
				PreConfig: func() {
					if n := len(sharesOfPair(t, c, nightlyBackup, toB9)); n != 1 {
						t.Errorf("%d shares after a cancel answered 404 in vain, want 1", n)
					}
				},
				Config: cfg,
				Check:  stateHoldsTheOneShare(t, c),
			},
		},
	})
}

// TestAccBackupShareResource_notTheRecipientsToManage: a project a share was
// made to can read it, but not import it: its destroy could not cancel it.
func TestAccBackupShareResource_notTheRecipientsToManage(t *testing.T) {
	for name, vary := range map[string]emulator.Variations{
		"cancel refused with 404": {},
		"cancel refused with 403": {RecipientCancelStatus: 403},
	} {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, emulator.Options{Vary: vary})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{
					{
						Config: providerBlock(srv, toB9) + fmt.Sprintf(`
import {
  to = vbs_backup_share.s
  id = %q
}
resource "vbs_backup_share" "s" {
  backup_id     = %q
  to_project_id = %q
}`, seedShare, seedBkp, toB9),
						ExpectError: expectError("Backup share "+seedShare+" is not this project's to manage", "was made by project "+sharer,
							`data "vbs_backup_share" "NAME"`),
					},
				},
			})
		})
	}
}

// TestAccBackupShareResource_importByBackupAndProject: the id users of the
// OTC share resource know their shares by.
func TestAccBackupShareResource_importByBackupAndProject(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv, sharer) + fmt.Sprintf(`
import {
  to = vbs_backup_share.s
  id = "%s/%s"
}
resource "vbs_backup_share" "s" {
  backup_id     = %q
  to_project_id = %q
}`, seedBkp, toB9, seedBkp, toB9),
				Check: resource.TestCheckResourceAttr("vbs_backup_share.s", "id", seedShare),
			},
		},
	})
}

// hclList renders strings as an HCL list.
func hclList(values []string) string {
	b, _ := json.Marshal(values)
	return string(b)
}
