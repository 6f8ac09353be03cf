package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
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
	return resp.Schema.Type().TerraformType(context.Background()).(tftypes.Object)
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

func TestEncodeSharesStateMatchesTFTypesByteForByte(t *testing.T) {
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
		for _, list := range [][]shares.Share{nil, syntheticShares(t, 40)} {
			attrs := map[string]tftypes.Value{}
			for n, at := range typ.AttributeTypes {
				attrs[n] = tftypes.NewValue(at, nil)
			}
			for n, v := range set {
				attrs[n] = v
			}
			got, err := encodeSharesState(typ, attrs, list)
			if err != nil {
				t.Fatal(err)
			}
			attrs["shares"], attrs["ids"] = shareListTFValues(list)
			want, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, attrs))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want.MsgPack) {
				t.Fatalf("%s, %d shares: the direct encoding differs from tftypes' (%d vs %d bytes)", name, len(list), len(got), len(want.MsgPack))
			}
			// And Terraform's decoder reads it back as the same value.
			back, err := (&tfprotov6.DynamicValue{MsgPack: got}).Unmarshal(typ)
			if err != nil || !back.Equal(tftypes.NewValue(typ, attrs)) {
				t.Fatalf("%s: round trip failed: %v", name, err)
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

// shareListTFValues is the reference the direct encoding is checked
// against: the "shares" and "ids" lists built as tftypes values.
func shareListTFValues(list []shares.Share) (sharesList, idList tftypes.Value) {
	objects := make([]tftypes.Value, len(list))
	ids := make([]tftypes.Value, len(list))
	for i, s := range list {
		objects[i] = tftypes.NewValue(shareTFType, shareTFFields(s))
		ids[i] = tftypes.NewValue(tftypes.String, s.ID)
	}
	return tftypes.NewValue(tftypes.List{ElementType: shareTFType}, objects), tftypes.NewValue(tftypes.List{ElementType: tftypes.String}, ids)
}

// TestFrameworkReadMatchesTheFastPath reads through the framework's own
// server, which serves vbs_backup_shares when the fast path does not: same
// shares, same order.
func TestFrameworkReadMatchesTheFastPath(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(57)})
	ctx := context.Background()
	fast, err := newProtoHarness(t, sampleUserConfig(srv)).read(ctx, t, "vbs_backup_shares", nil)
	if err != nil {
		t.Fatal(err)
	}
	plain := newProtoHarnessFor(t, providerserver.NewProtocol6(newProvider("test"))(), sampleUserConfig(srv))
	got, err := plain.read(ctx, t, "vbs_backup_shares", map[string]tftypes.Value{"sort_dir": str("desc")})
	if err != nil {
		t.Fatal(err)
	}
	if len(fast) != 60 || !slices.Equal(got, fast) {
		t.Fatalf("framework path read %d ids, fast path %d, or in another order", len(got), len(fast))
	}
}
