//go:build soak

package provider

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestSoak (make soak) reads vbs_backup_shares 50 times concurrently through
// the provider, against an emulator that answers a fifth of all requests with
// 429, 503, a dropped connection or a 200 ms latency spike. Every read must
// return the complete list, in order.
func TestSoak(t *testing.T) {
	const readers = 50
	emu, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(1997), MaxPageSize: 250})
	config := sampleUserConfig(srv)
	// A fifth of requests fail: ten retries make a run's failure odds about
	// 1 in 10^5 rather than a few percent with the default five.
	config["max_retries"] = tftypes.NewValue(tftypes.Number, 10)
	h := newProtoHarness(t, config)
	want, err := h.read(context.Background(), t, nil)
	if err != nil || len(want) != 2000 {
		t.Fatalf("clean read: %d ids, %v", len(want), err)
	}

	emu.ResetStats()
	emu.SetRandomFaults(0.2, 42,
		emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "1"},
		emulator.Fault{Kind: emulator.FaultStatus, Status: 503},
		emulator.Fault{Kind: emulator.FaultDrop},
		emulator.Fault{Kind: emulator.FaultDelay, Delay: 200 * time.Millisecond},
	)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, err := h.read(ctx, t, nil)
			if err == nil && !slices.Equal(got, want) {
				t.Errorf("reader %d: %d ids, not the complete list in order", i, len(got))
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("reader %d failed: %v", i, err)
		}
	}
	stats := emu.Stats()
	faults := stats["fault.status"] + stats["fault.drop"] + stats["fault.delay"]
	t.Logf(
		"%d reads of 2000 shares in %v: %d list and %d count requests, %d faults (%d status, %d drops, %d spikes)",
		readers,
		time.Since(start).Round(time.Millisecond),
		stats["list"],
		stats["count"],
		faults,
		stats["fault.status"],
		stats["fault.drop"],
		stats["fault.delay"],
	)
	if faults < (stats["list"]+stats["count"])/10 {
		t.Errorf("only %d faults were injected: the soak did not soak", faults)
	}
}
