package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// providerData is what Configure hands to every data source, resource,
// list resource and action: one per provider process.
type providerData struct {
	// scopes serve the configured project and the project_id and region
	// arguments.
	scopes *vbs.Scopes
	// refresh serves the resource's refreshes from one list.
	refresh *refresher
	// projects lists IAM's projects once, for plan-time checks.
	projects *projectCache
}

// projectCache lists the projects the credentials reach once per provider
// run: a plan of many resources that check a project's region asks IAM once.
type projectCache struct {
	once sync.Once
	list []vbs.Project
	err  error
}

func (c *projectCache) get(ctx context.Context, scopes *vbs.Scopes) ([]vbs.Project, error) {
	if c == nil || scopes == nil {
		return nil, errors.New("the provider is not configured")
	}
	c.once.Do(func() { c.list, _, c.err = scopes.Projects(ctx) })
	return c.list, c.err
}

// clientHolder gives a data source the provider's clients: client is the
// configured project's.
type clientHolder struct {
	client *vbs.Client
	scopes *vbs.Scopes
}

func (h *clientHolder) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		h.scopes, h.client = pd.scopes, pd.scopes.Default()
	}
}

// resourceClientHolder gives a resource or list resource the provider's
// clients and refresher.
type resourceClientHolder struct {
	client   *vbs.Client
	scopes   *vbs.Scopes
	refresh  *refresher
	projects *projectCache
}

func (h *resourceClientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	if pd := providerDataFrom(req.ProviderData, &resp.Diagnostics); pd != nil {
		h.scopes, h.client, h.refresh, h.projects = pd.scopes, pd.scopes.Default(), pd.refresh, pd.projects
	}
}

// providerDataFrom is the provider data Configure hands out: nil while
// Terraform validates before the provider is configured.
func providerDataFrom(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	pd, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
		return nil
	}
	return pd
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
