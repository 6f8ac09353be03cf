package provider

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

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

// BenchmarkReadProviderOnly is BenchmarkReadBackupShares/shares=10000
// without the costs that are not the provider's: the emulator's answers
// are recorded once and replayed, and the state is not decoded. What is
// left is the provider's own work for a read (HTTP, decoding,
// encoding), which a plan adds to Terraform's.
func BenchmarkReadProviderOnly(b *testing.B) {
	emu := emulator.New(emulator.Options{Data: emulator.GeneratedDataset(9997)})
	srv := httptest.NewServer(&replayHandler{inner: emu, answers: map[string]recordedAnswer{}})
	b.Cleanup(srv.Close)
	h := newProtoHarness(b, sampleUserConfig(srv))
	ctx := context.Background()
	typ := h.schema.DataSourceSchemas["vbs_backup_shares"].ValueType()
	req := &tfprotov6.ReadDataSourceRequest{TypeName: "vbs_backup_shares", Config: objectValue(b, typ, nil)}
	read := func() {
		resp, err := h.server.ReadDataSource(ctx, req)
		if err != nil || errorsOf(resp.Diagnostics) != "" || resp.State == nil || len(resp.State.MsgPack) < 10000*100 {
			b.Fatalf("read: %v %s", err, errorsOf(resp.Diagnostics))
		}
	}
	read() // records the answers
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		read()
	}
}

// replayHandler answers each GET of the sharing API as inner first did.
type replayHandler struct {
	inner   http.Handler
	mu      sync.Mutex
	answers map[string]recordedAnswer
}

type recordedAnswer struct {
	status int
	header http.Header
	body   []byte
}

func (h *replayHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		h.inner.ServeHTTP(w, r)
		return
	}
	h.mu.Lock()
	a, ok := h.answers[r.URL.String()]
	h.mu.Unlock()
	if !ok {
		rec := httptest.NewRecorder()
		h.inner.ServeHTTP(rec, r)
		a = recordedAnswer{rec.Code, rec.Header(), rec.Body.Bytes()}
		h.mu.Lock()
		h.answers[r.URL.String()] = a
		h.mu.Unlock()
	}
	maps.Copy(w.Header(), a.header)
	w.WriteHeader(a.status)
	_, _ = w.Write(a.body)
}
