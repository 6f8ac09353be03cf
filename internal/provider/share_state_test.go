package provider

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/sharestate"
	"github.com/vbsteam/terraform-provider-vbs/internal/sharestate/sharestatetest"
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

// TestEncodeSharesStateMatchesTheFrameworkByteForByte is the guard of the
// fast path: for the same shares, the direct encoding must be exactly what
// the framework writes for their models (State.Set, then Terraform's
// msgpack). A field mapped differently in the two (both read the field
// tables of internal/vbs/shares/fields.go) fails here.
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
		for _, list := range [][]shares.Share{nil, sharestatetest.Synthetic(t, 40), sharestatetest.Random(300)} {
			attrs := map[string]tftypes.Value{}
			for n, at := range typ.AttributeTypes {
				attrs[n] = tftypes.NewValue(at, nil)
			}
			for n, v := range set {
				attrs[n] = v
			}
			got, err := sharestate.Encode(typ, attrs, list)
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
	list := sharestatetest.Synthetic(b, 9999)
	attrs := map[string]tftypes.Value{}
	for n, at := range typ.AttributeTypes {
		attrs[n] = tftypes.NewValue(at, nil)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sharestate.Encode(typ, attrs, list); err != nil {
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
				t.Errorf("%s: the schema has %q, the encoder does not write it: a field type sharestate's value() does not know", what, name)
			}
		}
		for _, name := range table {
			if _, ok := schemaAttrs[name]; !ok {
				t.Errorf("%s: the encoder's table writes %q, which the schema does not have", what, name)
			}
		}
	}
	check("share", sharestate.ShareAttributes(), shareAttributes())
	check("backup", sharestate.BackupAttributes(), backupAttributes())
}
