package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// httpURL checks that a string is an absolute http(s) URL with a host.
type httpURL struct{}

func (httpURL) Description(context.Context) string {
	return "value must be an absolute http:// or https:// URL"
}

func (v httpURL) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v httpURL) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := vbs.CheckHTTPURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid URL", fmt.Sprintf("%s: %v.", req.Path, err))
	}
}
