package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// httpURL checks that a string is an absolute http(s) URL with a host; with
// regionTemplate it may hold vbs.RegionPlaceholder, checked as a region.
type httpURL struct{ regionTemplate bool }

func (httpURL) Description(context.Context) string {
	return "value must be an absolute http:// or https:// URL"
}

func (v httpURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v httpURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	u := req.ConfigValue.ValueString()
	if v.regionTemplate {
		u = strings.ReplaceAll(u, vbs.RegionPlaceholder, "region")
	}
	if err := vbs.CheckHTTPURL(u); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s: %v.", req.Path, err))
	}
}

// Ids are checked at plan time: a share, backup or volume id is a UUID in
// every published example and SDK, and a project id is 32 hexadecimal
// characters as IAM writes it. An id of another form is a typo (a filter
// that then matches nothing would let a policy check pass checking
// nothing), or an attempt to leave the id's path segment ("..", "detail").
var (
	uuidPattern      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	projectIDPattern = vbs.ProjectIDPattern
)

const (
	uuidForm      = "must be a UUID (8-4-4-4-12 hexadecimal digits), as the service writes share, backup and volume ids"
	projectIDForm = "must be a project ID: 32 lowercase hexadecimal characters, as IAM shows it (not the project's name)"
)

func uuidValidator() validator.String { return stringvalidator.RegexMatches(uuidPattern, uuidForm) }

func projectIDValidator() validator.String {
	return stringvalidator.RegexMatches(projectIDPattern, projectIDForm)
}
