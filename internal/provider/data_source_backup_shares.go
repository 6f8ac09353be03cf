package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vbsteam/terraform-provider-vbs/internal/sharestate"
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

// backupSharesModel is the data source's configuration and state. The two
// lists are types.List so that the configuration, where they are null,
// decodes into it too.
type backupSharesModel struct {
	shareFilters
	shareScope
	SortKey  types.String   `tfsdk:"sort_key"`
	SortDir  types.String   `tfsdk:"sort_dir"`
	Limit    types.Int64    `tfsdk:"limit"`
	Offset   types.Int64    `tfsdk:"offset"`
	IDs      types.List     `tfsdk:"ids"`
	Shares   types.List     `tfsdk:"shares"`
	Timeouts timeouts.Value `tfsdk:"timeouts"`
}

// listOpts maps the arguments onto the list operation's query.
func (m backupSharesModel) listOpts() shares.ListOpts {
	opts := shares.ListOpts{
		Filters: m.toFilters(),
		SortKey: m.SortKey.ValueString(),
		SortDir: m.SortDir.ValueString(),
	}
	if !m.Limit.IsNull() {
		limit, offset := int(m.Limit.ValueInt64()), int(m.Offset.ValueInt64()) // offset: 0 when null
		opts.Limit, opts.Offset = &limit, &offset
	}
	return opts
}

func (d *backupSharesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_backup_shares"
}

func (d *backupSharesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	filter := func(description string, validators ...validator.String) schema.StringAttribute {
		return schema.StringAttribute{
			Optional:            true,
			MarkdownDescription: description,
			Validators:          append([]validator.String{stringvalidator.LengthAtLeast(1)}, validators...),
		}
	}
	attrs := map[string]schema.Attribute{
		"share_to_me": schema.BoolAttribute{Optional: true, MarkdownDescription: "`true`: list the backups shared **with** this project. `false` or unset: " +
			"the backups this project shares with others."},
		"volume_id":         filter(filterDescriptions["volume_id"], uuidValidator()),
		"name":              filter(filterDescriptions["name"]),
		"status":            filter(filterDescriptions["status"], stringvalidator.OneOf(shares.Statuses...)),
		"backup_id":         filter(filterDescriptions["backup_id"], uuidValidator()),
		"from_project_id":   filter(filterDescriptions["from_project_id"], projectIDValidator()),
		"to_project_id":     filter(filterDescriptions["to_project_id"], projectIDValidator()),
		"availability_zone": filter(filterDescriptions["availability_zone"] + " With `limit`, a page can therefore hold fewer than `limit` shares."),
		"sort_key": filter("Sort by this attribute: one of "+quoteList(shares.SortKeys)+". The service's default is `created_at`. "+
			"Without `limit`, the provider reads the whole list in the service's default order (`created_at`, which does not change while the list is read) "+
			"and sorts it itself by "+quoteList(shares.SortedKeys)+", so the order in state holds whether or not the service honours the key, and a share updated "+
			"during the read "+
			"cannot slip past it; shares have no value for the formats, so those two keys are sent to the service. With `limit`, the key is sent and the service's "+
			"order decides which shares are in the window.", stringvalidator.OneOf(shares.SortKeys...)),
		"sort_dir": filter("Sort direction, `asc` or `desc`. The service's default is not documented (`desc` is what it appears to use, and what the provider "+
			"applies when only `sort_key` is set). "+
			"Ties are ordered by share id in the same direction; a null sorts first in `asc`.", stringvalidator.OneOf(shares.SortDirs...)),
		"limit": schema.Int64Attribute{
			Optional: true,
			MarkdownDescription: "Return only a window of the list: the `limit` shares from position `offset` on (fewer " +
				"only where the list ends), read across as many of the service's pages as that takes; at most 100000. Unset: all matching shares (a list longer than " +
				"100000 shares is an error).",
			Validators: []validator.Int64{int64validator.Between(1, shares.MaxListShares)},
		},
		"offset": schema.Int64Attribute{
			Optional:            true,
			MarkdownDescription: "Number of matching shares to skip before the page starts (0-based). Requires `limit`.",
			Validators:          []validator.Int64{int64validator.AtLeast(0), int64validator.AlsoRequires(path.MatchRoot("limit"))},
		},
		"ids": schema.ListAttribute{Computed: true, ElementType: types.StringType, MarkdownDescription: "IDs of the shares, in the same order as `shares`."},
		"shares": schema.ListNestedAttribute{Computed: true, MarkdownDescription: "The matching shares, in the service's order.",
			NestedObject: schema.NestedAttributeObject{Attributes: shareAttributes()}},
	}
	addScopeAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists backup shares of the project: the backups it shares with others, or with `share_to_me = true` the backups others share with " +
			"it. " +
			"Every argument is a filter of the service's list operation. Without `limit` every matching share is returned, across all pages; with `limit` (and " +
			"`offset`) exactly that window of the list. " +
			"No match gives empty lists, not an error. The `timeouts` block's `read` defaults to 5 minutes.",
		Attributes: attrs,
		Blocks:     map[string]schema.Block{"timeouts": timeouts.Block(ctx)},
	}
}

// Read is the framework's read; fast_server.go serves the same read with
// the state written directly (readSharesState).
func (d *backupSharesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m backupSharesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &m)...)
	if resp.Diagnostics.HasError() {
		return
	}
	list, diags := fetchShares(ctx, d.scopes, m)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	models := shareModels(list)
	resp.Diagnostics.Append(resp.State.Set(ctx, &m)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("shares"), models)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("ids"), shareIDs(models))...)
}

// readSharesState is the whole read of vbs_backup_shares for the fast path:
// the configuration decoded by the framework, the shares fetched, and the
// state encoded with the arguments echoed and "shares" and "ids" filled.
func readSharesState(ctx context.Context, scopes *vbs.Scopes, s schema.Schema, config tftypes.Value) ([]byte, diag.Diagnostics) {
	var m backupSharesModel
	diags := tfsdk.Config{Schema: s, Raw: config}.Get(ctx, &m)
	if diags.HasError() {
		return nil, diags
	}
	list, fetchDiags := fetchShares(ctx, scopes, m)
	diags.Append(fetchDiags...)
	if diags.HasError() {
		return nil, diags
	}
	var attrs map[string]tftypes.Value
	typ, ok := config.Type().(tftypes.Object)
	if err := config.As(&attrs); !ok || err != nil {
		diags.AddError(
			"Internal provider error",
			fmt.Sprintf("vbs_backup_shares' configuration of type %s is not an object (%v). This is a bug in the provider; "+
				"please report it.", config.Type(), err),
		)
		return nil, diags
	}
	collectBetweenPhases(len(list)) // the fetch's garbage, before the state's buffer
	state, err := sharestate.Encode(typ, attrs, list)
	if err != nil {
		diags.AddError(
			"Internal provider error",
			"Encoding the vbs_backup_shares state failed: "+err.Error()+". This is a bug in the provider; please report it.",
		)
	}
	collectBetweenPhases(len(list)) // the shares are garbage now, before the state is sent
	return state, diags
}

// largeRead is the number of shares above which a read collects garbage
// between its phases. Below it the peak is small (about 55 MB at 10,000
// shares) and the collections would cost more CPU than they save memory:
// memory returned to the system is faulted in again by the next phase.
const largeRead = 20_000

// collectBetweenPhases collects the garbage of a large read's phase and
// returns its memory to the system. Such a read holds the shares in the
// API's form, then the encoded state beside them, which is then copied
// once more to be sent: each tens of megabytes at 50,000 shares. Left to
// itself the collector lets one phase's garbage pile up under the next,
// and the encoded state, one block of 36 MB, cannot reuse the small spans
// freed before it: the peak was near the sum of the phases. Measured at
// 50,000 shares (make bench), when models stood between the API's form and
// the state: peak RSS 190 MB with no collection, 145 MB with runtime.GC,
// 114 MB with this; without the models, collecting after the fetch and
// after the encoding, 97 MB. It costs a collection and a scavenge,
// milliseconds against Terraform's seconds for such a state.
func collectBetweenPhases(shares int) {
	if shares > largeRead {
		debug.FreeOSMemory()
	}
}

// fetchShares lists the shares the arguments select, in the project and
// region they name: all of them, or the window limit and offset name.
func fetchShares(ctx context.Context, scopes *vbs.Scopes, m backupSharesModel) ([]shares.Share, diag.Diagnostics) {
	timeout, diags := m.Timeouts.Read(ctx, defaultReadTimeout)
	if diags.HasError() {
		return nil, diags
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client, diags := clientFor(ctx, scopes, m.shareScope)
	if diags.HasError() {
		return nil, diags
	}

	opts := m.listOpts()
	var list []shares.Share
	var err error
	if opts.Limit != nil {
		list, err = shares.ListWindow(ctx, client.ServiceClient, opts)
	} else {
		// The whole list, read in an order that does not move and sorted
		// here: its order does not depend on whether the service honours
		// sort_key either.
		list, err = shares.ListAllSorted(ctx, client.ServiceClient, opts)
	}
	if err != nil {
		diags.Append(m.inScope(scopes, listError(err, opts, client)))
		return nil, diags
	}
	// Every filter is checked on the answer; the zone filter in particular
	// is applied here, since which spelling of its parameter the service
	// honours is unverified.
	list, screenDiags := screenAnswer(list, opts.Filters, client, "the list of backup shares")
	diags.Append(screenDiags...)
	tflog.Debug(ctx, "listed backup shares", map[string]any{"count": len(list), "project_id": client.ProjectID})
	return list, diags
}

// shareModels are the models of the shares, for the framework's read.
func shareModels(list []shares.Share) []shareModel {
	models := make([]shareModel, len(list))
	for i := range list {
		models[i] = newShareModel(&list[i])
	}
	return models
}

// listError is a failed list; a 400 to a list with sort_key points at it,
// since which sort keys the service accepts is unverified.
func listError(err error, opts shares.ListOpts, client *vbs.Client) diag.Diagnostic {
	d := apiErrorDiagnostic("Cannot list backup shares", err, client)
	var e *shares.Error
	if opts.SortKey != "" && errors.As(err, &e) && e.StatusCode == http.StatusBadRequest {
		return diag.NewAttributeErrorDiagnostic(path.Root("sort_key"), "The service refused sort_key = "+opts.SortKey,
			d.Detail()+"\n\nThe service may not sort by "+opts.SortKey+" (the documented keys come from the OpenStack list API and are unverified for VBS). "+
				"Remove sort_key, or choose another: without limit, the provider puts the whole list in the order of sort_key and sort_dir itself.")
	}
	return d
}

func shareIDs(list []shareModel) []types.String {
	ids := make([]types.String, len(list))
	for i := range list {
		ids[i] = list[i].ID
	}
	return ids
}
