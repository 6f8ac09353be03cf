// Command vbs-bench-floor is the floor of make bench's start-up row: a
// provider that links terraform-plugin-go and nothing of this provider (no
// framework, no client), answers the schema Terraform printed for the real
// one (VBS_BENCH_SCHEMA, `terraform providers schema -json`) and every
// data source read with a state captured from the real one
// (VBS_BENCH_STATE). A plan with it costs what Terraform itself and a
// minimal plugin process cost; the real provider's extra is its own
// start-up and read.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func main() {
	schemas, err := loadSchemas(os.Getenv("VBS_BENCH_SCHEMA"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "vbs-bench-floor:", err)
		os.Exit(1)
	}
	state, err := os.ReadFile(os.Getenv("VBS_BENCH_STATE")) //nolint:gosec // the state file make bench captured for this floor
	if err != nil {
		fmt.Fprintln(os.Stderr, "vbs-bench-floor:", err)
		os.Exit(1)
	}
	if err := tf6server.Serve("registry.terraform.io/vbsteam/vbs", func() tfprotov6.ProviderServer {
		return &floor{schemas: schemas, state: state}
	}); err != nil {
		fmt.Fprintln(os.Stderr, "vbs-bench-floor:", err)
		os.Exit(1)
	}
}

// floor answers the calls a plan of data sources makes. Any other call
// reaches the nil ProviderServer and fails the run loudly.
type floor struct {
	tfprotov6.ProviderServer
	schemas *tfprotov6.GetProviderSchemaResponse
	state   []byte
}

func (f *floor) GetMetadata(context.Context, *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	resp := &tfprotov6.GetMetadataResponse{ServerCapabilities: &tfprotov6.ServerCapabilities{GetProviderSchemaOptional: true}}
	for name := range f.schemas.DataSourceSchemas {
		resp.DataSources = append(resp.DataSources, tfprotov6.DataSourceMetadata{TypeName: name})
	}
	for name := range f.schemas.ResourceSchemas {
		resp.Resources = append(resp.Resources, tfprotov6.ResourceMetadata{TypeName: name})
	}
	return resp, nil
}

func (f *floor) GetProviderSchema(context.Context, *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return f.schemas, nil
}

func (f *floor) GetResourceIdentitySchemas(
	context.Context,
	*tfprotov6.GetResourceIdentitySchemasRequest,
) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return &tfprotov6.GetResourceIdentitySchemasResponse{}, nil
}

func (f *floor) GetFunctions(context.Context, *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return &tfprotov6.GetFunctionsResponse{}, nil
}

func (f *floor) ValidateProviderConfig(_ context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return &tfprotov6.ValidateProviderConfigResponse{PreparedConfig: req.Config}, nil
}

func (f *floor) ConfigureProvider(context.Context, *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return &tfprotov6.ConfigureProviderResponse{}, nil
}

func (f *floor) ValidateDataResourceConfig(
	context.Context,
	*tfprotov6.ValidateDataResourceConfigRequest,
) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return &tfprotov6.ValidateDataResourceConfigResponse{}, nil
}

func (f *floor) ReadDataSource(context.Context, *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return &tfprotov6.ReadDataSourceResponse{State: &tfprotov6.DynamicValue{MsgPack: f.state}}, nil
}

func (f *floor) StopProvider(context.Context, *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return &tfprotov6.StopProviderResponse{}, nil
}

// The JSON Terraform prints for a provider's schemas.
type jsonSchemas struct {
	ProviderSchemas map[string]struct {
		Provider          jsonSchema            `json:"provider"`
		ResourceSchemas   map[string]jsonSchema `json:"resource_schemas"`
		DataSourceSchemas map[string]jsonSchema `json:"data_source_schemas"`
	} `json:"provider_schemas"`
}

type jsonSchema struct {
	Version int64     `json:"version"`
	Block   jsonBlock `json:"block"`
}

type jsonBlock struct {
	Attributes  map[string]jsonAttribute   `json:"attributes"`
	BlockTypes  map[string]jsonNestedBlock `json:"block_types"`
	Description string                     `json:"description"`
	Deprecated  bool                       `json:"deprecated"`
}

type jsonAttribute struct {
	Type        json.RawMessage `json:"type"`
	NestedType  *jsonObject     `json:"nested_type"`
	Description string          `json:"description"`
	Required    bool            `json:"required"`
	Optional    bool            `json:"optional"`
	Computed    bool            `json:"computed"`
	Sensitive   bool            `json:"sensitive"`
	Deprecated  bool            `json:"deprecated"`
	WriteOnly   bool            `json:"write_only"`
}

type jsonObject struct {
	Attributes  map[string]jsonAttribute `json:"attributes"`
	NestingMode string                   `json:"nesting_mode"`
}

type jsonNestedBlock struct {
	NestingMode string    `json:"nesting_mode"`
	Block       jsonBlock `json:"block"`
	MinItems    int64     `json:"min_items"`
	MaxItems    int64     `json:"max_items"`
}

func loadSchemas(path string) (*tfprotov6.GetProviderSchemaResponse, error) {
	raw, err := os.ReadFile(path) //nolint:gosec // the schema file make bench wrote
	if err != nil {
		return nil, err
	}
	var all jsonSchemas
	if err := json.Unmarshal(raw, &all); err != nil {
		return nil, err
	}
	for _, p := range all.ProviderSchemas {
		resp := &tfprotov6.GetProviderSchemaResponse{ResourceSchemas: map[string]*tfprotov6.Schema{}, DataSourceSchemas: map[string]*tfprotov6.Schema{}}
		if resp.Provider, err = p.Provider.convert(); err != nil {
			return nil, err
		}
		for name, s := range p.ResourceSchemas {
			if resp.ResourceSchemas[name], err = s.convert(); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		for name, s := range p.DataSourceSchemas {
			if resp.DataSourceSchemas[name], err = s.convert(); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
		}
		return resp, nil
	}
	return nil, fmt.Errorf("%s holds no provider schema", path)
}

func (s jsonSchema) convert() (*tfprotov6.Schema, error) {
	b, err := s.Block.convert()
	return &tfprotov6.Schema{Version: s.Version, Block: b}, err
}

func (b jsonBlock) convert() (*tfprotov6.SchemaBlock, error) {
	out := &tfprotov6.SchemaBlock{Description: b.Description, Deprecated: b.Deprecated}
	var err error
	if out.Attributes, err = convertAttributes(b.Attributes); err != nil {
		return nil, err
	}
	for _, name := range sortedKeys(b.BlockTypes) {
		nb := b.BlockTypes[name]
		inner, err := nb.Block.convert()
		if err != nil {
			return nil, err
		}
		out.BlockTypes = append(
			out.BlockTypes,
			&tfprotov6.SchemaNestedBlock{TypeName: name, Block: inner, Nesting: blockNesting[nb.NestingMode], MinItems: nb.MinItems, MaxItems: nb.MaxItems},
		)
	}
	return out, nil
}

func convertAttributes(attrs map[string]jsonAttribute) ([]*tfprotov6.SchemaAttribute, error) {
	var out []*tfprotov6.SchemaAttribute
	for _, name := range sortedKeys(attrs) {
		a := attrs[name]
		sa := &tfprotov6.SchemaAttribute{
			Name:        name,
			Description: a.Description,
			Required:    a.Required,
			Optional:    a.Optional,
			Computed:    a.Computed,
			Sensitive:   a.Sensitive,
			Deprecated:  a.Deprecated,
			WriteOnly:   a.WriteOnly,
		}
		if a.NestedType != nil {
			inner, err := convertAttributes(a.NestedType.Attributes)
			if err != nil {
				return nil, err
			}
			sa.NestedType = &tfprotov6.SchemaObject{Attributes: inner, Nesting: objectNesting[a.NestedType.NestingMode]}
		} else {
			t, err := tftypes.ParseJSONType(a.Type) //nolint:staticcheck // the one parser of Terraform's JSON type syntax in terraform-plugin-go
			if err != nil {
				return nil, fmt.Errorf("attribute %s: %w", name, err)
			}
			sa.Type = t
		}
		out = append(out, sa)
	}
	return out, nil
}

var blockNesting = map[string]tfprotov6.SchemaNestedBlockNestingMode{
	"single": tfprotov6.SchemaNestedBlockNestingModeSingle, "list": tfprotov6.SchemaNestedBlockNestingModeList,
	"set": tfprotov6.SchemaNestedBlockNestingModeSet, "map": tfprotov6.SchemaNestedBlockNestingModeMap,
	"group": tfprotov6.SchemaNestedBlockNestingModeGroup,
}

var objectNesting = map[string]tfprotov6.SchemaObjectNestingMode{
	"single": tfprotov6.SchemaObjectNestingModeSingle, "list": tfprotov6.SchemaObjectNestingModeList,
	"set": tfprotov6.SchemaObjectNestingModeSet, "map": tfprotov6.SchemaObjectNestingModeMap,
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
