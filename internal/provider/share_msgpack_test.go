package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// sharesStateType is vbs_backup_shares' state type, from its schema.
func sharesStateType() tftypes.Object {
	var resp datasource.SchemaResponse
	newBackupSharesDataSource().Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	typ, ok := resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
	if !ok {
		panic("vbs_backup_shares' schema is not an object")
	}
	return typ
}

// syntheticShares decodes the emulator's generated data (every third share
// with the optional fields, the others null) plus the seed shares, and a
// share without backup.
func syntheticShares(t testing.TB, n int) []shares.Share {
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

// randomShares are n shares in which each field is null or set at random,
// with strings of every msgpack length class (up to 70,000 bytes, some not
// ASCII), timestamps with and without fractions, and integers of every
// size and sign: the encoder's table and newShareModel map the same API
// fields in two places, and they must agree on all of it.
func randomShares(n int) []shares.Share {
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

// TestEncodeSharesStateMatchesTheFrameworkByteForByte is the guard of the
// fast path: for the same shares, the direct encoding must be exactly what
// the framework writes for their models (State.Set, then Terraform's
// msgpack). A field added to the model and schema but not to the writer,
// or mapped differently in the two, fails here.
func TestEncodeSharesStateMatchesTheFrameworkByteForByte(t *testing.T) {
	ctx := context.Background()
	var sr datasource.SchemaResponse
	newBackupSharesDataSource().Schema(ctx, datasource.SchemaRequest{}, &sr)
	typ := sharesStateType()
	configs := map[string]map[string]tftypes.Value{
		"no arguments": {},
		"every argument": {
			"share_to_me": tftypes.NewValue(tftypes.Bool, false), "name": tftypes.NewValue(tftypes.String, "backup"),
			"limit": tftypes.NewValue(tftypes.Number, 5), "offset": tftypes.NewValue(tftypes.Number, 0),
			"sort_key": tftypes.NewValue(tftypes.String, "size"),
			"timeouts": tftypes.NewValue(typ.AttributeTypes["timeouts"], map[string]tftypes.Value{"read": tftypes.NewValue(tftypes.String, "1m")}),
		},
	}
	for name, set := range configs {
		for _, list := range [][]shares.Share{nil, syntheticShares(t, 40), randomShares(300)} {
			attrs := map[string]tftypes.Value{}
			for n, at := range typ.AttributeTypes {
				attrs[n] = tftypes.NewValue(at, nil)
			}
			for n, v := range set {
				attrs[n] = v
			}
			got, err := encodeSharesState(typ, attrs, list)
			models := shareModels(list)
			if err != nil {
				t.Fatal(err)
			}

			// The framework's encoding of the same configuration and models.
			var m backupSharesModel
			if diags := (tfsdk.Config{Schema: sr.Schema, Raw: tftypes.NewValue(typ, attrs)}).Get(ctx, &m); diags.HasError() {
				t.Fatal(diags)
			}
			state := tfsdk.State{Schema: sr.Schema, Raw: tftypes.NewValue(typ, nil)}
			diags := state.Set(ctx, &m)
			diags.Append(state.SetAttribute(ctx, path.Root("shares"), models)...)
			diags.Append(state.SetAttribute(ctx, path.Root("ids"), shareIDs(models))...)
			if diags.HasError() {
				t.Fatal(diags)
			}
			want, err := tfprotov6.NewDynamicValue(typ, state.Raw)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.MsgPack) {
				t.Fatalf("%s, %d shares: the direct encoding differs from the framework's (%d vs %d bytes)", name, len(list), len(got), len(want.MsgPack))
			}
		}
	}
}

func BenchmarkEncodeSharesState(b *testing.B) {
	typ := sharesStateType()
	list := syntheticShares(b, 9999)
	attrs := map[string]tftypes.Value{}
	for n, at := range typ.AttributeTypes {
		attrs[n] = tftypes.NewValue(at, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := encodeSharesState(typ, attrs, list); err != nil {
			b.Fatal(err)
		}
	}
}

// TestFrameworkReadMatchesTheFastPath reads through the framework's own
// server, which serves vbs_backup_shares when the fast path does not: same
// shares, same order.
func TestFrameworkReadMatchesTheFastPath(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(57)})
	ctx := context.Background()
	fast, err := newProtoHarness(t, sampleUserConfig(srv)).read(ctx, t, nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := newProtoHarnessFor(t, providerserver.NewProtocol6(newProvider("test"))(), sampleUserConfig(srv))
	got, err := plain.read(ctx, t, map[string]tftypes.Value{"sort_dir": str("desc")})
	if err != nil {
		t.Fatal(err)
	}
	if len(fast) != 60 || !slices.Equal(got, fast) {
		t.Fatalf("framework path read %d ids, fast path %d, or in another order", len(got), len(fast))
	}
}

// TestStateEncoderCoversTheSchema names every attribute the schema has and
// the encoder's tables lack, or the other way round, and checks the tables'
// order (msgpack keys are sorted).
func TestStateEncoderCoversTheSchema(t *testing.T) {
	check := func(what string, table []string, schemaAttrs map[string]schema.Attribute) {
		t.Helper()
		if !slices.IsSorted(table) {
			t.Errorf("%s: the encoder's table is not in sorted order: %v", what, table)
		}
		for name := range schemaAttrs {
			if !slices.Contains(table, name) {
				t.Errorf("%s: the schema has %q, the encoder's table does not: add it to the table in share_msgpack.go", what, name)
			}
		}
		for _, name := range table {
			if _, ok := schemaAttrs[name]; !ok {
				t.Errorf("%s: the encoder's table writes %q, which the schema does not have", what, name)
			}
		}
	}
	var shareNames, backupNames []string
	for _, f := range shareFields {
		shareNames = append(shareNames, f.name)
	}
	for _, f := range backupFields {
		backupNames = append(backupNames, f.name)
	}
	check("share", shareNames, shareAttributes())
	check("backup", backupNames, backupAttributes())
}

// TestStateSizeIsAnUpperBound: the measuring pass that sizes the state's
// buffer never says less than the encoding takes, so the buffer is
// allocated once (long strings and every kind of value included).
func TestStateSizeIsAnUpperBound(t *testing.T) {
	list := append(syntheticShares(t, 40), randomShares(300)...)
	long := strings.Repeat("ä", 70_000)
	list = append(list, shares.Share{ID: long, Backup: &shares.Backup{Description: &long}})
	size := &stateWriter{measure: true}
	size.shares(list)
	size.ids(list)
	var buf bytes.Buffer
	w := newStateWriter(&buf)
	w.shares(list)
	w.ids(list)
	if w.err != nil {
		t.Fatal(w.err)
	}
	if size.size < buf.Len() {
		t.Fatalf("measured %d bytes, the encoding takes %d", size.size, buf.Len())
	}
	t.Logf("measured %d bytes for %d encoded", size.size, buf.Len())
}
