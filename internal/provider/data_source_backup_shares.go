package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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

type backupSharesModel struct {
	ShareToMe        types.Bool     `tfsdk:"share_to_me"`
	VolumeID         types.String   `tfsdk:"volume_id"`
	Name             types.String   `tfsdk:"name"`
	Status           types.String   `tfsdk:"status"`
	BackupID         types.String   `tfsdk:"backup_id"`
	FromProjectID    types.String   `tfsdk:"from_project_id"`
	ToProjectID      types.String   `tfsdk:"to_project_id"`
	AvailabilityZone types.String   `tfsdk:"availability_zone"`
	SortKey          types.String   `tfsdk:"sort_key"`
	SortDir          types.String   `tfsdk:"sort_dir"`
	Limit            types.Int64    `tfsdk:"limit"`
	Offset           types.Int64    `tfsdk:"offset"`
	IDs              types.List     `tfsdk:"ids"`
	Shares           types.List     `tfsdk:"shares"`
	Timeouts         timeouts.Value `tfsdk:"timeouts"`
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
			"Every argument is a filter of the service's list operation. Without `limit` every matching share is returned, across all pages; with `limit` (and `offset`) exactly that page. " +
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
			"sort_dir": filter("Sort direction, `asc` or `desc`. The service's default is `desc`.", stringvalidator.OneOf(shares.SortDirs...)),
			"limit": schema.Int64Attribute{Optional: true, MarkdownDescription: "Return only this page: at most `limit` shares, starting at `offset`. Unset: all matching shares.",
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

func (m backupSharesModel) listOpts() shares.ListOpts {
	opts := shares.ListOpts{
		Filters: shares.Filters{
			ShareToMe:        m.ShareToMe.ValueBoolPointer(),
			VolumeID:         m.VolumeID.ValueString(),
			Name:             m.Name.ValueString(),
			Status:           m.Status.ValueString(),
			BackupID:         m.BackupID.ValueString(),
			FromProjectID:    m.FromProjectID.ValueString(),
			ToProjectID:      m.ToProjectID.ValueString(),
			AvailabilityZone: m.AvailabilityZone.ValueString(),
		},
		SortKey: m.SortKey.ValueString(),
		SortDir: m.SortDir.ValueString(),
	}
	if !m.Limit.IsNull() {
		limit := int(m.Limit.ValueInt64())
		offset := int(m.Offset.ValueInt64()) // null reads as 0
		opts.Limit, opts.Offset = &limit, &offset
	}
	return opts
}

func (d *backupSharesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m backupSharesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	readTimeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()

	opts := m.listOpts()
	var list []shares.Share
	var err error
	if opts.Limit != nil {
		var page shares.Page
		page, err = shares.ListPage(ctx, d.client.ServiceClient, opts)
		list = page.Shares
	} else {
		list, err = shares.ListAll(ctx, d.client.ServiceClient, opts)
	}
	if err != nil {
		resp.Diagnostics.Append(apiErrorDiagnostic("Cannot list backup shares", err))
		return
	}
	list = filterByZone(list, opts.AvailabilityZone)
	tflog.Debug(ctx, "listed backup shares", map[string]any{"count": len(list), "project_id": d.client.ProjectID})

	m.Shares, m.IDs, diags = shareListValue(list)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
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
