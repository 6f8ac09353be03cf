package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// clientHolder gives a data source the provider's shared client.
type clientHolder struct {
	client *vbs.Client
}

func (h *clientHolder) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	h.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// resourceClientHolder gives a resource or list resource the provider's
// shared client.
type resourceClientHolder struct {
	client *vbs.Client
}

func (h *resourceClientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	h.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// clientFrom is the provider data Configure hands out: nil while Terraform
// validates before the provider is configured.
func clientFrom(data any, diags *diag.Diagnostics) *vbs.Client {
	if data == nil {
		return nil
	}
	client, ok := data.(*vbs.Client)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *vbs.Client, got %T. This is a bug in the provider; please report it.", data))
	}
	return client
}

func quoteList(values []string) string {
	out := ""
	for i, v := range values {
		switch {
		case i == 0:
		case i == len(values)-1:
			out += " or "
		default:
			out += ", "
		}
		out += "`" + v + "`"
	}
	return out
}
