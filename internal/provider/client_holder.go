package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// clientHolder gives a data source the provider's clients: client is the
// configured project's, scopes serve the project_id and region arguments.
type clientHolder struct {
	client *vbs.Client
	scopes *vbs.Scopes
}

func (h *clientHolder) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	h.scopes, h.client = scopesFrom(req.ProviderData, &resp.Diagnostics)
}

// resourceClientHolder gives a resource or list resource the provider's
// clients.
type resourceClientHolder struct {
	client *vbs.Client
	scopes *vbs.Scopes
}

func (h *resourceClientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	h.scopes, h.client = scopesFrom(req.ProviderData, &resp.Diagnostics)
}

// scopesFrom is the provider data Configure hands out, and its default
// client: nil while Terraform validates before the provider is configured.
func scopesFrom(data any, diags *diag.Diagnostics) (*vbs.Scopes, *vbs.Client) {
	if data == nil {
		return nil, nil
	}
	scopes, ok := data.(*vbs.Scopes)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *vbs.Scopes, got %T. This is a bug in the provider; please report it.", data))
		return nil, nil
	}
	return scopes, scopes.Default()
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
