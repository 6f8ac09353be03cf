package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
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
