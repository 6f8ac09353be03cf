package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// clientHolder gives a data source the provider's shared client.
type clientHolder struct {
	client *vbs.Client
}

func (h *clientHolder) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if req.ProviderData == nil { // validation runs before the provider is configured
		return
	}
	client, ok := req.ProviderData.(*vbs.Client)
	if !ok {
		resp.Diagnostics.AddError("Unexpected provider data", fmt.Sprintf("Expected *vbs.Client, got %T. This is a bug in the provider; please report it.", req.ProviderData))
		return
	}
	h.client = client
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
