// Package sharestatetest makes shares to test the state encoder with: the
// emulator's generated data as the client decodes it, and shares with every
// field null or set at random.
package sharestatetest

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// Synthetic decodes the emulator's generated data (every third share
// with the optional fields, the others null) plus the seed shares, and a
// share without backup.
func Synthetic(t testing.TB, n int) []shares.Share {
	t.Helper()
	b, err := json.Marshal(emulator.GeneratedDataset(n).Shares)
	if err != nil {
		t.Fatal(err)
	}
	var list []shares.Share
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	return append(list, shares.Share{ID: "no-backup"})
}

// Random are n shares in which each field is null or set at random,
// with strings of every msgpack length class (up to 70,000 bytes, some not
// ASCII), timestamps with and without fractions, and integers of every
// size and sign: the encoder's table and the provider's newShareModel map
// the same API fields in two places, and they must agree on all of it.
func Random(n int) []shares.Share {
	r := rand.New(rand.NewPCG(22, uint64(n))) //nolint:gosec // test data, reproducible
	text := func() string {
		lengths := []int{0, 1, 31, 32, 255, 256, 70_000}
		return strings.Repeat("ä", r.IntN(3)) + strings.Repeat("x", lengths[r.IntN(len(lengths))])
	}
	opt := func() *string {
		if r.IntN(2) == 0 {
			return nil
		}
		v := text()
		return &v
	}
	stamp := func() *shares.Time {
		if r.IntN(3) == 0 {
			return nil
		}
		t := time.Unix(r.Int64N(4_000_000_000), []int64{0, 456_859_000, 1}[r.IntN(3)]).UTC()
		return &shares.Time{Time: t}
	}
	flag := func() *bool {
		if r.IntN(3) == 0 {
			return nil
		}
		v := r.IntN(2) == 0
		return &v
	}
	integer := func() *shares.Integer {
		if r.IntN(3) == 0 {
			return nil
		}
		v := shares.Integer([]int64{0, 1, 127, 128, -1, -33, 65_536, math.MaxInt64, math.MinInt64}[r.IntN(9)])
		return &v
	}
	list := make([]shares.Share, n)
	for i := range list {
		list[i] = shares.Share{ID: text(), BackupID: text(), FromProjectID: text(), ToProjectID: text(), CreatedAt: stamp(), UpdatedAt: stamp()}
		if r.IntN(4) == 0 {
			continue
		}
		list[i].Backup = &shares.Backup{
			AvailabilityZone: opt(), Container: opt(), CreatedAt: stamp(), DataTimestamp: stamp(), Description: opt(),
			FailReason: opt(), HasDependentBackups: flag(), ID: opt(), IsIncremental: flag(), Name: opt(),
			ObjectCount: integer(), ServiceMetadata: opt(), Size: integer(), SnapshotID: opt(), Status: opt(),
			UpdatedAt: stamp(), VolumeID: opt(),
		}
	}
	return list
}
