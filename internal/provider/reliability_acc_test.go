package provider

import (
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

func TestAccReliability_readTimeout(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Latency: 1500 * time.Millisecond})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: providerBlock(srv, sharer) + `
data "vbs_backup_shares" "slow" {
  timeouts {
    read = "1s"
  }
}`,
			ExpectError: expectError("Cannot list backup shares", "context deadline exceeded", "did not finish within its timeout", "Raise timeouts.read"),
		}},
	})
}

func TestAccReliability_failingPageFailsTheRead(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(2000)})
	// Count and the first page succeed; the second page keeps answering 503
	// beyond max_retries = 1.
	faults := []emulator.Fault{{Kind: emulator.FaultStatus, Status: 503, Op: "list", Skip: 1}}
	for range 20 {
		faults = append(faults, emulator.Fault{Kind: emulator.FaultStatus, Status: 503, Op: "list"})
	}
	block := providerBlock(srv, sharer, "max_retries = 1")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig:   func() { emu.InjectFaults(faults...) },
			Config:      block + `data "vbs_backup_shares" "all" {}`,
			ExpectError: expectError("Cannot list backup shares", "Operation: list backup shares", "HTTP status: 503 Service Unavailable", "Request ID: req-"),
		}},
	})
}

func TestAccReliability_throttlingHint(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	var faults []emulator.Fault
	for range 20 {
		faults = append(faults, emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "0", Op: "get"})
	}
	block := providerBlock(srv, sharer, "max_retries = 0")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			PreConfig:   func() { emu.InjectFaults(faults...) },
			Config:      block + `data "vbs_backup_share" "s" { id = "` + seedShare + `" }`,
			ExpectError: expectError("HTTP status: 429 Too Many Requests", "Error code: 429", "Request ID: req-", "Raise max_retries (OS_MAX_RETRIES)"),
		}},
	})
}

func TestAccReliability_hostileResponse(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				PreConfig: func() { emu.InjectFaults(emulator.Fault{Kind: emulator.FaultWrongType, Op: "list"}) },
				Config:    providerBlock(srv, sharer) + `data "vbs_backup_shares" "all" {}`,
				ExpectError: expectError(
					"Cannot list backup shares",
					`share e842bf23-1e05-4c2c-b0f9-25222f4686da: field "backup.size" has a JSON string where the API documents an integer`,
				),
			},
		},
	})
}
