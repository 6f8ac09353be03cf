package shares

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// SortKeys are the documented values of sort_key.
var SortKeys = []string{"name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"}

// SortDirs are the documented values of sort_dir.
var SortDirs = []string{"asc", "desc"}

// Statuses are the documented backup statuses.
var Statuses = []string{"available", "creating", "restoring", "deleting", "error", "error_restoring"}

// AvailabilityZoneParams are the two spellings of the availability-zone
// filter: the API reference's ("avalilability_zone", a typo) and the public
// SDKs'. Which one the service honours is unverified, so callers that filter
// by zone must also check the results (see Share.InAvailabilityZone).
var AvailabilityZoneParams = [...]string{"availability_zone", "avalilability_zone"}

// Filters are the query filters shared by list and count. Empty strings and
// nil pointers are not sent; a non-nil ShareToMe is sent even when false.
type Filters struct {
	ShareToMe        *bool
	VolumeID         string
	Name             string
	Status           string
	BackupID         string
	FromProjectID    string
	ToProjectID      string
	AvailabilityZone string
}

// ListOpts are the filters plus the list-only sort and paging parameters.
// Limit and Offset are pointers so that 0 can be sent when asked for.
type ListOpts struct {
	Filters
	SortKey string
	SortDir string
	Limit   *int
	Offset  *int
}

func (f Filters) addTo(q url.Values) {
	if f.ShareToMe != nil {
		q.Set("share_to_me", strconv.FormatBool(*f.ShareToMe))
	}
	set := func(k, v string) {
		if v != "" {
			q.Set(k, v)
		}
	}
	set("volume_id", f.VolumeID)
	set("name", f.Name)
	set("status", f.Status)
	set("backup_id", f.BackupID)
	set("from_project_id", f.FromProjectID)
	set("to_project_id", f.ToProjectID)
	// The SDKs' spelling only: sending both risks a 400 from a strict
	// validator, and results are filtered client-side anyway.
	set(AvailabilityZoneParams[0], f.AvailabilityZone)
}

// ToQuery renders the count query string.
func (f Filters) ToQuery() url.Values {
	q := url.Values{}
	f.addTo(q)
	return q
}

// ToQuery renders the list query string.
func (o ListOpts) ToQuery() url.Values {
	q := o.Filters.ToQuery()
	if o.SortKey != "" {
		q.Set("sort_key", o.SortKey)
	}
	if o.SortDir != "" {
		q.Set("sort_dir", o.SortDir)
	}
	if o.Limit != nil {
		q.Set("limit", strconv.Itoa(*o.Limit))
	}
	if o.Offset != nil {
		q.Set("offset", strconv.Itoa(*o.Offset))
	}
	return q
}

// withQuery appends q with spaces as %20, as Huawei's SDKs send them: "+"
// means a space only to form decoders, and a gateway may read it as a plus.
// (url.Values.Encode escapes a literal "+" as %2B, so every "+" it writes
// is a space.)
func withQuery(base string, q url.Values) string {
	if len(q) == 0 {
		return base
	}
	return base + "?" + strings.ReplaceAll(q.Encode(), "+", "%20")
}

// keepBody asks gophercloud for the raw response, which results.go decodes
// in one pass with a size limit.
func keepBody() *gophercloud.RequestOpts {
	return &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: []int{http.StatusOK}}
}

const (
	opList   = "list backup shares"
	opCount  = "count backup shares"
	opGet    = "get backup share"
	opCreate = "share backup"
	opDelete = "cancel backup share"
)

// ListPage requests exactly one page: the filters, sort and the caller's
// limit/offset as given. It does not follow links.
func ListPage(ctx context.Context, c *gophercloud.ServiceClient, opts ListOpts) (Page, error) {
	return listURLPage(ctx, c, withQuery(listURL(c), opts.ToQuery()))
}

func listURLPage(ctx context.Context, c *gophercloud.ServiceClient, u string) (Page, error) {
	resp, err := c.Get(ctx, u, nil, keepBody())
	if err != nil {
		return Page{}, wrapError(opList, http.MethodGet, u, resp, err)
	}
	if err := ctx.Err(); err != nil {
		// A read whose deadline passed while the body arrived decodes
		// nothing more: decoding is linear in the body, but a body can be
		// 32 MiB.
		return Page{}, wrapError(opList, http.MethodGet, u, resp, err)
	}
	page, err := extractPage(resp)
	return page, wrapError(opList, http.MethodGet, u, resp, err)
}

// Count returns the number of shares matching the filters.
func Count(ctx context.Context, c *gophercloud.ServiceClient, f Filters) (int, error) {
	u := withQuery(countURL(c), f.ToQuery())
	resp, err := c.Get(ctx, u, nil, keepBody())
	if err != nil {
		return 0, wrapError(opCount, http.MethodGet, u, resp, err)
	}
	n, err := extractCount(resp)
	return n, wrapError(opCount, http.MethodGet, u, resp, err)
}

// Get returns one share by its id. A missing share is an *Error for which
// errors.Is(err, ErrNotFound) holds.
func Get(ctx context.Context, c *gophercloud.ServiceClient, id string) (*Share, error) {
	u, err := resourceURL(c, id)
	if err != nil {
		return nil, &Error{Op: opGet, Err: err}
	}
	resp, err := c.Get(ctx, u, nil, keepBody())
	if err != nil {
		return nil, wrapError(opGet, http.MethodGet, u, resp, err)
	}
	s, err := extractShare(resp)
	if err == nil && s.ID != id {
		// A share other than the one asked for is not an answer to the
		// question: storing it would put another share in its place.
		err = fmt.Errorf("the service answered with share %q, not the share %s asked for", vbs.Truncate(s.ID, 80), id)
		s = nil
	}
	return s, wrapError(opGet, http.MethodGet, u, resp, err)
}

// CreateOpts shares one backup with one or more projects.
type CreateOpts struct {
	BackupID     string   `json:"backup_id"`
	ToProjectIDs []string `json:"to_project_ids"`
}

// successCodes are the answers a write takes for success: the API documents
// 200; Cinder-derived services and gateways answer 201, 202 or 204.
var successCodes = []int{http.StatusOK, http.StatusCreated, http.StatusAccepted, http.StatusNonAuthoritativeInfo, http.StatusNoContent}

// Create shares a backup. The API documents 200 with one share per target
// project; any 2xx is success, and the shares it returns may be fewer than
// asked for (none at all after a 202 or 204 without a body): CreateOne finds
// the share it asked for whatever the answer held.
func Create(ctx context.Context, c *gophercloud.ServiceClient, opts CreateOpts) ([]Share, error) {
	if opts.BackupID == "" || len(opts.ToProjectIDs) == 0 {
		return nil, &Error{Op: opCreate, Err: errors.New("backup_id and at least one to_project_id are required")}
	}
	u := rootURL(c)
	body := map[string]any{"shared": opts}
	resp, err := c.Post(ctx, u, body, nil, &gophercloud.RequestOpts{KeepResponseBody: true, OkCodes: successCodes})
	if err != nil {
		return nil, wrapError(opCreate, http.MethodPost, u, resp, err)
	}
	created, err := extractCreated(resp)
	return created, wrapError(opCreate, http.MethodPost, u, resp, err)
}

// Delete cancels one share by its id. Success is any 2xx; a 404 is an
// error (ErrNotFound) for the caller to confirm: see Cancel.
func Delete(ctx context.Context, c *gophercloud.ServiceClient, id string) error {
	u, err := resourceURL(c, id)
	if err != nil {
		return &Error{Op: opDelete, Err: err}
	}
	return deleteURL(ctx, c, u)
}

// DeleteByBackup cancels every share of a backup (is_backup_id=true).
func DeleteByBackup(ctx context.Context, c *gophercloud.ServiceClient, backupID string) error {
	u, err := resourceURL(c, backupID)
	if err != nil {
		return &Error{Op: opDelete, Err: err}
	}
	return deleteURL(ctx, c, u+"?is_backup_id=true")
}

func deleteURL(ctx context.Context, c *gophercloud.ServiceClient, u string) error {
	resp, err := c.Delete(ctx, u, &gophercloud.RequestOpts{OkCodes: successCodes})
	return wrapError(opDelete, http.MethodDelete, u, resp, err)
}
