package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// protoHarness drives the provider through the plugin protocol in-process,
// as Terraform would, without Terraform: for the soak test and the
// benchmarks, which need many reads and precise timing.
type protoHarness struct {
	server tfprotov6.ProviderServer
	schema *tfprotov6.GetProviderSchemaResponse
}

func newProtoHarness(tb testing.TB, providerConfig map[string]tftypes.Value) *protoHarness {
	return newProtoHarnessFor(tb, NewServer("test")(), providerConfig)
}

// newProtoHarnessFor drives the given server, e.g. the framework's own.
func newProtoHarnessFor(tb testing.TB, server tfprotov6.ProviderServer, providerConfig map[string]tftypes.Value) *protoHarness {
	tb.Helper()
	ctx := context.Background()
	h := &protoHarness{server: server}
	var err error
	if h.schema, err = h.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
		tb.Fatal(err)
	}
	cfg := objectValue(tb, h.schema.Provider.ValueType(), providerConfig)
	resp, err := h.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: cfg})
	if err != nil {
		tb.Fatal(err)
	}
	if d := errorsOf(resp.Diagnostics); d != "" {
		tb.Fatalf("configure: %s", d)
	}
	return h
}

// objectValue builds a config object of type t with the given attributes
// and null for every other one.
func objectValue(tb testing.TB, t tftypes.Type, attrs map[string]tftypes.Value) *tfprotov6.DynamicValue {
	tb.Helper()
	obj, ok := t.(tftypes.Object)
	if !ok {
		tb.Fatalf("type %s is not an object", t)
	}
	vals := map[string]tftypes.Value{}
	for name, at := range obj.AttributeTypes {
		if v, ok := attrs[name]; ok {
			vals[name] = v
		} else {
			vals[name] = tftypes.NewValue(at, nil)
		}
	}
	dv, err := tfprotov6.NewDynamicValue(obj, tftypes.NewValue(obj, vals))
	if err != nil {
		tb.Fatal(err)
	}
	return &dv
}

// read reads a data source and returns its state's "ids" list.
// read reads vbs_backup_shares and returns its state's "ids" list.
func (h *protoHarness) read(ctx context.Context, tb testing.TB, attrs map[string]tftypes.Value) ([]string, error) {
	const typeName = "vbs_backup_shares"
	typ := h.schema.DataSourceSchemas[typeName].ValueType()
	resp, err := h.server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: typeName, Config: objectValue(tb, typ, attrs)})
	if err != nil {
		return nil, err
	}
	if d := errorsOf(resp.Diagnostics); d != "" {
		return nil, fmt.Errorf("%s", d)
	}
	state, err := resp.State.Unmarshal(typ)
	if err != nil {
		return nil, err
	}
	var fields map[string]tftypes.Value
	if err := state.As(&fields); err != nil {
		return nil, err
	}
	var list []tftypes.Value
	if err := fields["ids"].As(&list); err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, v := range list {
		if err := v.As(&ids[i]); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

func errorsOf(diags []*tfprotov6.Diagnostic) string {
	var out string
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			out += d.Summary + ": " + d.Detail + "\n"
		}
	}
	return out
}

func str(s string) tftypes.Value { return tftypes.NewValue(tftypes.String, s) }
