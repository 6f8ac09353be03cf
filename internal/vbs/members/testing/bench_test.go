package testing

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/members"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// BenchmarkListShares1000 reads every member of a project with 1,000 CBR
// backups, each shared with one project: the backup list and a member
// list a backup, at the emulator's speed and at 50 ms a request, with 8
// and 16 (the default) member lists at a time. PERFORMANCE.md has the
// figures.
func BenchmarkListShares1000(b *testing.B) {
	for _, latency := range []time.Duration{0, 50 * time.Millisecond} {
		for _, concurrency := range []int{8, 16} {
			b.Run(fmt.Sprintf("latency=%v/concurrency=%d", latency, concurrency), func(b *testing.B) {
				emu, srv := emutest.Start(b, emulator.Options{Latency: latency})
				emu.AddCBRBackups(owner, 997, b9) // 1,000 with the sample's 3
				sc, err := vbstest.Client(b, srv, owner).CBR()
				if err != nil {
					b.Fatal(err)
				}
				emu.ResetStats()
				for b.Loop() {
					audit, err := members.ListShares(context.Background(), sc, owner, members.AuditOpts{Concurrency: concurrency})
					if err != nil || audit.Backups != 1000 {
						b.Fatalf("%d backups, %v", audit.Backups, err)
					}
				}
				stats := emu.Stats()
				b.ReportMetric(float64(stats["cbr.backups"]+stats["cbr.members"])/float64(b.N), "requests/op")
			})
		}
	}
}
