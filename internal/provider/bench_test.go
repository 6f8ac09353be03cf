package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// BenchmarkReadBackupShares measures one vbs_backup_shares read through the
// plugin protocol (ReadDataSource) against the in-process emulator without
// latency: HTTP, decoding, the state build and its msgpack encoding.
func BenchmarkReadBackupShares(b *testing.B) {
	for _, n := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("shares=%d", n), func(b *testing.B) {
			_, srv := emutest.Start(b, emulator.Options{Data: emulator.GeneratedDataset(n - 3)})
			h := newProtoHarness(b, sampleUserConfig(srv))
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				ids, err := h.read(ctx, b, nil)
				if err != nil || len(ids) != n {
					b.Fatalf("%d ids, %v", len(ids), err)
				}
			}
		})
	}
}

// BenchmarkReadWithLatency reads 10,000 shares at 1,000 a page from an
// emulator that adds 50 ms to every request, and reports the requests a read
// makes and its wall time: with a count, the remaining pages are fetched
// concurrently once it is known; without one (count answers 500), they are
// read ahead as the list proves long, each anchored on the share before it,
// in one read.
func BenchmarkReadWithLatency(b *testing.B) {
	for _, c := range []struct {
		name string
		vary emulator.Variations
	}{{"count", emulator.Variations{}}, {"no_count", emulator.Variations{CountStatus: 500}}} {
		b.Run(c.name, func(b *testing.B) {
			emu, srv := emutest.Start(b, emulator.Options{Data: emulator.GeneratedDataset(9997), Latency: 50 * time.Millisecond, Vary: c.vary})
			h := newProtoHarness(b, sampleUserConfig(srv))
			ctx := context.Background()
			emu.ResetStats()
			b.ResetTimer()
			for b.Loop() {
				ids, err := h.read(ctx, b, nil)
				if err != nil || len(ids) != 10000 {
					b.Fatalf("%d ids, %v", len(ids), err)
				}
			}
			stats := emu.Stats()
			b.ReportMetric(float64(stats["list"]+stats["count"])/float64(b.N), "requests/op")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
		})
	}
}
