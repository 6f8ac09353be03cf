package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// BenchmarkReadBackupShares measures one vbs_backup_shares read through the
// plugin protocol (ReadDataSource) against the in-process emulator without
// latency: HTTP, decoding, the state build and its msgpack encoding.
func BenchmarkReadBackupShares(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("shares=%d", n), func(b *testing.B) {
			_, srv := startEmulatorB(b, emulator.Options{Data: emulator.GeneratedDataset(n - 3)})
			h := newProtoHarness(b, map[string]tftypes.Value{
				"auth_url": str(srv.URL + "/v3"), "user_name": str(emulator.SampleUser), "password": str(emulator.SamplePassword),
				"domain_name": str(emulator.SampleDomain), "project_id": str(sharer),
			})
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ids, err := h.read(ctx, b, "vbs_backup_shares", nil)
				if err != nil || len(ids) != n {
					b.Fatalf("%d ids, %v", len(ids), err)
				}
			}
		})
	}
}
