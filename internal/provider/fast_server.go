package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// NewServer returns the provider's plugin server: the framework's, except
// that ReadDataSource of vbs_backup_shares is answered directly.
//
// Why: a 10,000-share read spent ~3.8 s in the framework (reflection, a
// transform over the whole value to reify null blocks, its own encoding);
// building the value with terraform-plugin-go still cost ~0.3 s; writing
// its msgpack directly costs a fraction of that (README.md, "Performance").
// Everything else, schema and plan-time validation and provider
// configuration included, stays with the framework; the read itself
// (readSharesState) is the one the framework's Read uses too.
func NewServer(version string) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer {
		p := newProvider(version)
		inner := providerserver.NewProtocol6(p)()
		// The decorator must pass on every optional interface the
		// framework's server offers beyond ProviderServer: tf6server finds
		// list resources, actions and state stores by type assertion, so a
		// wrapper without them would answer "unimplemented"
		// (TestFastServerExposesEveryRPCOfTheFramework).
		full, ok := inner.(frameworkServer)
		if !ok {
			return inner // no fast path rather than a missing capability
		}
		return &fastServer{frameworkServer: full, provider: p}
	}
}

const fastDataSource = "vbs_backup_shares"

// frameworkServer is what the framework's provider server offers:
// ProviderServer and the optional servers terraform-plugin-go detects.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

type fastServer struct {
	frameworkServer
	provider *vbsProvider

	typeOnce     sync.Once
	sharesType   tftypes.Type
	sharesSchema schema.Schema
	typeErr      *tfprotov6.Diagnostic
}

func (s *fastServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	scopes := s.provider.configuredScopes()
	if req.TypeName != fastDataSource || scopes == nil {
		return s.frameworkServer.ReadDataSource(ctx, req)
	}
	typ, d := s.dataSourceType(ctx)
	if d != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{d}}, nil
	}
	config, err := req.Config.Unmarshal(typ)
	if err != nil {
		return &tfprotov6.ReadDataSourceResponse{Diagnostics: []*tfprotov6.Diagnostic{bugDiagnostic("decoding the configuration", err)}}, nil
	}
	state, diags := readSharesState(ctx, scopes, s.sharesSchema, config)
	resp := &tfprotov6.ReadDataSourceResponse{Diagnostics: protoDiagnostics(diags)}
	if !diags.HasError() {
		resp.State = &tfprotov6.DynamicValue{MsgPack: state}
	}
	return resp, nil
}

// dataSourceType is the state type Terraform knows for vbs_backup_shares,
// taken once from the framework's own schema answer.
func (s *fastServer) dataSourceType(ctx context.Context) (tftypes.Type, *tfprotov6.Diagnostic) {
	s.typeOnce.Do(func() {
		resp, err := s.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
		switch {
		case err != nil:
			s.typeErr = bugDiagnostic("reading the schema", err)
		case resp.DataSourceSchemas[fastDataSource] == nil:
			s.typeErr = bugDiagnostic("reading the schema", nil)
		default:
			s.sharesType = resp.DataSourceSchemas[fastDataSource].ValueType()
			var sr datasource.SchemaResponse
			newBackupSharesDataSource().Schema(ctx, datasource.SchemaRequest{}, &sr)
			s.sharesSchema = sr.Schema
		}
	})
	return s.sharesType, s.typeErr
}

func protoDiagnostics(diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	out := make([]*tfprotov6.Diagnostic, 0, len(diags))
	for _, d := range diags {
		sev := tfprotov6.DiagnosticSeverityWarning
		if d.Severity() == diag.SeverityError {
			sev = tfprotov6.DiagnosticSeverityError
		}
		pd := &tfprotov6.Diagnostic{Severity: sev, Summary: d.Summary(), Detail: d.Detail()}
		if dp, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(dp.Path())
		}
		out = append(out, pd)
	}
	return out
}

// attributePath converts a framework path for the protocol, so that
// Terraform points at the attribute. Set elements, which have no simple
// protocol form here, leave the diagnostic without a path.
func attributePath(p path.Path) *tftypes.AttributePath {
	steps := p.Steps()
	if len(steps) == 0 {
		return nil
	}
	ap := tftypes.NewAttributePath()
	for _, step := range steps {
		switch s := step.(type) {
		case path.PathStepAttributeName:
			ap = ap.WithAttributeName(string(s))
		case path.PathStepElementKeyInt:
			ap = ap.WithElementKeyInt(int(s))
		case path.PathStepElementKeyString:
			ap = ap.WithElementKeyString(string(s))
		default:
			return nil
		}
	}
	return ap
}

func bugDiagnostic(what string, err error) *tfprotov6.Diagnostic {
	detail := "The provider failed " + what + " for " + fastDataSource + ". This is a bug in the provider; please report it."
	if err != nil {
		detail += " " + err.Error()
	}
	return &tfprotov6.Diagnostic{Severity: tfprotov6.DiagnosticSeverityError, Summary: "Internal provider error", Detail: detail}
}
