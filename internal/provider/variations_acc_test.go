package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestAccBackupShares_variedServers reads both data sources from servers
// that differ from the emulator's defaults the way other implementations
// and gateways do. Each must give the same state: the three seed shares,
// nulls still null, and the one-page window exactly limit shares.
func TestAccBackupShares_variedServers(t *testing.T) {
	variations := map[string]emulator.Variations{
		"no content type":             {ContentType: emulator.ContentTypeNone},
		"text/plain":                  {ContentType: "text/plain"},
		"gzip, always":                {Encoding: emulator.EncodingGzipAlways},
		"deflate":                     {Encoding: emulator.EncodingDeflateAlways},
		"odd encodings":               {OddEncodings: true},
		"count too small":             {CountDelta: -2},
		"count too large":             {CountDelta: 50},
		"count failing":               {CountStatus: 500},
		"limit ignored":               {IgnoreLimit: true},
		"no request id header":        {NoRequestIDHeader: true},
		"links to an internal host":   {LinkBase: "http://vbs-internal.invalid:8080"},
		"links with an internal path": {LinkPathPrefix: "/internal"},
		"400 past the end":            {OffsetPastEndStatus: 400},
	}
	for name, v := range variations {
		t.Run(name, func(t *testing.T) {
			_, srv := emutest.Start(t, emulator.Options{Vary: v, SendLinks: true, MaxPageSize: 2})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				Steps: []resource.TestStep{{
					Config: providerBlock(srv, sharer) + fmt.Sprintf(`
data "vbs_backup_shares" "all" {}
data "vbs_backup_shares" "window" {
  limit = 2
}
data "vbs_backup_share" "one" {
  id = %q
}`, seedShare),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.vbs_backup_shares.all", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact(seedGet), knownvalue.StringExact(seedShare), knownvalue.StringExact("f842bf23-1e05-4c2c-b0f9-25222f4686da"),
						})),
						statecheck.ExpectKnownValue(
							"data.vbs_backup_shares.all",
							tfjsonpath.New("shares").AtSliceIndex(2).AtMapKey("updated_at"),
							knownvalue.Null(),
						),
						statecheck.ExpectKnownValue(
							"data.vbs_backup_shares.all",
							tfjsonpath.New("shares").AtSliceIndex(1).AtMapKey("backup").AtMapKey("object_count"),
							knownvalue.Null(),
						),
						statecheck.ExpectKnownValue(
							"data.vbs_backup_shares.all",
							tfjsonpath.New("shares").AtSliceIndex(0).AtMapKey("backup").AtMapKey("size"),
							knownvalue.Int64Exact(1),
						),
						statecheck.ExpectKnownValue("data.vbs_backup_shares.window", tfjsonpath.New("ids"), knownvalue.ListSizeExact(2)),
						statecheck.ExpectKnownValue(
							"data.vbs_backup_share.one",
							tfjsonpath.New("updated_at"),
							knownvalue.StringExact("2017-08-14T06:41:49.381069Z"),
						),
						statecheck.ExpectKnownValue("data.vbs_backup_share.one", tfjsonpath.New("backup").AtMapKey("container"), knownvalue.Null()),
					},
				}},
			})
		})
	}
}

// TestAccCBR_variedServers: the CBR data sources and a share's whole life
// against gateways that vary as they do for VBS (content types, encodings,
// redirects, errors answered with 200) and the CBR answers the reference
// leaves open. Each gives the same state, and the share is gone on the
// service after destroy.
func TestAccCBR_variedServers(t *testing.T) {
	type variation struct {
		vary emulator.Variations
		cbr  emulator.CBRVariations
	}
	variations := map[string]variation{
		"no content type":             {vary: emulator.Variations{ContentType: emulator.ContentTypeNone}},
		"text/plain":                  {vary: emulator.Variations{ContentType: "text/plain"}},
		"gzip, always":                {vary: emulator.Variations{Encoding: emulator.EncodingGzipAlways}},
		"odd encodings":               {vary: emulator.Variations{OddEncodings: true}},
		"no request id header":        {vary: emulator.Variations{NoRequestIDHeader: true}},
		"redirect to a slash":         {vary: emulator.Variations{RedirectSlash: true}},
		"errors answered as 200":      {vary: emulator.Variations{ErrorsAs200: true}},
		"members one a page":          {cbr: emulator.CBRVariations{MemberPageSize: 1}},
		"null keys":                   {cbr: emulator.CBRVariations{NullKeys: true}},
		"the tables' time form":       {cbr: emulator.CBRVariations{TableTimes: true}},
		"POST echoes every member":    {cbr: emulator.CBRVariations{AddEchoesAll: true}},
		"statuses in upper case":      {cbr: emulator.CBRVariations{StatusCase: true}},
		"project IDs in upper case":   {cbr: emulator.CBRVariations{ProjectCase: true}},
		"count of 50, offset ignored": {cbr: emulator.CBRVariations{MemberCount: 50, MembersIgnoreOffset: true}},
	}
	for name, v := range variations {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Vary: v.vary, CBR: v.cbr})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy: func(*terraform.State) error {
					if _, ok := cbrMember(emu, toC9); ok {
						t.Error("the member is still there after destroy")
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config: providerBlock(srv, sharer) + `
data "vbs_cbr_backup_shares" "all" {}
resource "vbs_cbr_backup_share" "s" {
  backup_id       = "` + emulator.SampleCBRPendingBackup + `"
  dest_project_id = "` + toC9 + `"
}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.all", tfjsonpath.New("ids"), knownvalue.ListExact([]knownvalue.Check{
							knownvalue.StringExact(emulator.SampleCBRAcceptedBackup + "/" + toB9),
							knownvalue.StringExact(emulator.SampleCBRPendingBackup + "/" + toA9),
						})),
						statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.all", tfjsonpath.New("shares").AtSliceIndex(1).AtMapKey("vault_id"),
							knownvalue.Null()),
						statecheck.ExpectKnownValue("data.vbs_cbr_backup_shares.all", tfjsonpath.New("shares").AtSliceIndex(1).AtMapKey("created_at"),
							knownvalue.StringExact("2020-02-05T10:38:34.21Z")),
						statecheck.ExpectKnownValue("vbs_cbr_backup_share.s", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
					},
				}},
			})
		})
	}
}
