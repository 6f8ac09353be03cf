package provider

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// defaultReadTimeout bounds a read when timeouts.read is not set.
const defaultReadTimeout = 5 * time.Minute

var (
	_ datasource.DataSource              = (*backupSharesDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*backupSharesDataSource)(nil)
)

func newBackupSharesDataSource() datasource.DataSource { return &backupSharesDataSource{} }

type backupSharesDataSource struct {
	clientHolder
}

func (d *backupSharesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_shares"
}

func (d *backupSharesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{Optional: true, MarkdownDescription: description, Validators: append([]validator.String{stringvalidator.LengthAtLeast(1)}, validators...)}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists backup shares of the project: the backups it shares with others, or with `share_to_me = true` the backups others share with it. " +
			"Every argument is a filter of the service's list operation. Without `limit` every matching share is returned, across all pages; with `limit` (and `offset`) exactly that window of the list. " +
			"No match gives empty lists, not an error.",
		Attributes: map[string]schema.Attribute{
			"share_to_me":     schema.BoolAttribute{Optional: true, MarkdownDescription: "`true`: list the backups shared **with** this project. `false` or unset: the backups this project shares with others."},
			"volume_id":       filter("Only backups of this volume."),
			"name":            filter("Only backups whose name matches; the service matches fuzzily (a part of the name suffices)."),
			"status":          filter("Only backups in this status: one of "+quoteList(shares.Statuses)+".", stringvalidator.OneOf(shares.Statuses...)),
			"backup_id":       filter("Only shares of this backup."),
			"from_project_id": filter("Only shares made by this project."),
			"to_project_id":   filter("Only shares made to this project."),
			"availability_zone": filter("Only backups in this availability zone. The API documents the parameter with a misspelt name and which spelling the service honours is unverified, " +
				"so the provider also applies this filter to the results itself; with `limit`, a page can therefore hold fewer than `limit` shares."),
			"sort_key": filter("Sort by this attribute: one of "+quoteList(shares.SortKeys)+". The service's default is `created_at`.", stringvalidator.OneOf(shares.SortKeys...)),
			"sort_dir": filter("Sort direction, `asc` or `desc`. The service's default is not documented (`desc` is what it appears to use).", stringvalidator.OneOf(shares.SortDirs...)),
			"limit": schema.Int64Attribute{Optional: true, MarkdownDescription: "Return only a window of the list: the `limit` shares from position `offset` on (fewer only where the list ends), read across as many of the service's pages as that takes. Unset: all matching shares.",
				Validators: []validator.Int64{int64validator.AtLeast(1)}},
			"offset": schema.Int64Attribute{Optional: true, MarkdownDescription: "Number of matching shares to skip before the page starts (0-based). Requires `limit`.",
				Validators: []validator.Int64{int64validator.AtLeast(0), int64validator.AlsoRequires(path.MatchRoot("limit"))}},
			"ids": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "IDs of the shares, in the same order as `shares`."},
			"shares": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching shares, in the service's order.",
				NestedObject: schema.NestedAttributeObject{Attributes: shareSchemaAttributes()}},
		},
		Blocks: map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

// Read serves the read when the framework does (fast_server.go serves it
// otherwise): the same state bytes, decoded for the framework.
func (d *backupSharesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	state, diags := readSharesState(ctx, d.client, req.Config.Raw)
	resp.Diagnostics.Append(diags...)
	if diags.HasError() {
		return
	}
	raw, err := (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(req.Config.Raw.Type())
	if err != nil {
		resp.Diagnostics.AddError("Internal provider error", "Decoding the vbs_backup_shares state failed: "+err.Error()+". This is a bug in the provider; please report it.")
		return
	}
	resp.State.Raw = raw
}

// readSharesState is the whole read of vbs_backup_shares, from the raw
// configuration to the encoded state: arguments echoed, "shares" and "ids"
// filled.
func readSharesState(ctx context.Context, client *vbs.Client, config tftypes.Value) ([]byte, diag.Diagnostics) {
	attrs, list, diags := fetchShares(ctx, client, config)
	if diags.HasError() {
		return nil, diags
	}
	typ, ok := config.Type().(tftypes.Object)
	if !ok {
		diags.AddError("Internal provider error", fmt.Sprintf("vbs_backup_shares' configuration has type %s, not an object. This is a bug in the provider; please report it.", config.Type()))
		return nil, diags
	}
	state, err := encodeSharesState(typ, attrs, list)
	if err != nil {
		diags.AddError("Internal provider error", "Encoding the vbs_backup_shares state failed: "+err.Error()+". This is a bug in the provider; please report it.")
	}
	return state, diags
}

// fetchShares reads the arguments from the raw configuration and lists the
// matching shares: all pages, or the one page limit/offset name.
func fetchShares(ctx context.Context, client *vbs.Client, config tftypes.Value) (map[string]tftypes.Value, []shares.Share, diag.Diagnostics) {
	var diags diag.Diagnostics
	if client == nil {
		diags.AddError("Provider not configured", "vbs_backup_shares was read before the provider was configured. This is a bug in the provider or Terraform; please report it.")
		return nil, nil, diags
	}
	var attrs map[string]tftypes.Value
	if err := config.As(&attrs); err != nil {
		diags.AddError("Unreadable configuration", "The vbs_backup_shares configuration could not be read: "+err.Error()+". This is a bug in the provider; please report it.")
		return nil, nil, diags
	}
	q, err := parseSharesArguments(attrs)
	if err != nil {
		diags.AddError("Unreadable configuration", err.Error())
		return nil, nil, diags
	}
	ctx, cancel := context.WithTimeout(ctx, q.timeout)
	defer cancel()

	var list []shares.Share
	if q.opts.Limit != nil {
		list, err = shares.ListWindow(ctx, client.ServiceClient, q.opts)
	} else {
		list, err = shares.ListAll(ctx, client.ServiceClient, q.opts)
	}
	if err != nil {
		diags.Append(apiErrorDiagnostic("Cannot list backup shares", err, client.Method))
		return nil, nil, diags
	}
	list = filterByZone(list, q.opts.AvailabilityZone)
	tflog.Debug(ctx, "listed backup shares", map[string]any{"count": len(list), "project_id": client.ProjectID})
	return attrs, list, diags
}

type sharesArguments struct {
	opts    shares.ListOpts
	timeout time.Duration
}

// parseSharesArguments reads the arguments; their values were validated at
// plan time by the schema.
func parseSharesArguments(attrs map[string]tftypes.Value) (sharesArguments, error) {
	var r rawReader
	q := sharesArguments{timeout: defaultReadTimeout}
	q.opts = shares.ListOpts{
		Filters: shares.Filters{
			ShareToMe:        r.boolPtr(attrs["share_to_me"]),
			VolumeID:         r.str(attrs["volume_id"]),
			Name:             r.str(attrs["name"]),
			Status:           r.str(attrs["status"]),
			BackupID:         r.str(attrs["backup_id"]),
			FromProjectID:    r.str(attrs["from_project_id"]),
			ToProjectID:      r.str(attrs["to_project_id"]),
			AvailabilityZone: r.str(attrs["availability_zone"]),
		},
		SortKey: r.str(attrs["sort_key"]),
		SortDir: r.str(attrs["sort_dir"]),
	}
	if limit := r.intPtr(attrs["limit"]); limit != nil {
		offset := r.intPtr(attrs["offset"])
		if offset == nil {
			offset = new(int)
		}
		q.opts.Limit, q.opts.Offset = limit, offset
	}
	var timeouts map[string]tftypes.Value
	if t := attrs["timeouts"]; t.IsKnown() && !t.IsNull() {
		if err := t.As(&timeouts); err != nil {
			return q, err
		}
		if read := r.str(timeouts["read"]); read != "" {
			d, err := time.ParseDuration(read)
			if err != nil {
				return q, fmt.Errorf("timeouts.read %q is not a duration such as \"30s\" or \"10m\": %v", read, err)
			}
			q.timeout = d
		}
	}
	return q, r.err
}

// rawReader reads optional primitive values, keeping the first error.
type rawReader struct{ err error }

func (r *rawReader) str(v tftypes.Value) string {
	var s string
	if v.IsKnown() && !v.IsNull() {
		r.keep(v.As(&s))
	}
	return s
}

func (r *rawReader) boolPtr(v tftypes.Value) *bool {
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	var b bool
	r.keep(v.As(&b))
	return &b
}

func (r *rawReader) intPtr(v tftypes.Value) *int {
	if !v.IsKnown() || v.IsNull() {
		return nil
	}
	var f big.Float
	r.keep(v.As(&f))
	n, _ := f.Int64()
	i := int(n)
	return &i
}

func (r *rawReader) keep(err error) {
	if r.err == nil && err != nil {
		r.err = err
	}
}

// filterByZone keeps the shares in zone az, whichever spelling of the
// parameter the service honoured (or neither).
func filterByZone(list []shares.Share, az string) []shares.Share {
	if az == "" {
		return list
	}
	kept := list[:0:0]
	for _, s := range list {
		if s.InAvailabilityZone(az) {
			kept = append(kept, s)
		}
	}
	return kept
}
