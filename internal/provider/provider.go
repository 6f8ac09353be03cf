// Package provider is the vbs Terraform provider: its configuration, the
// vbs_backup_share resource (with import, identity and a list resource for
// terraform query), the vbs_backup_share, vbs_backup_shares and vbs_projects
// data sources, and the vbs_backup_shares_revoke action.
//
// Its files come in two halves, named for them: the configuration and the
// server wiring (provider*.go, client_holder.go, fast_server.go,
// diagnostics.go, validators.go) and the types Terraform sees
// (data_source_*.go, resource_*.go, list_*.go, action_*.go and the share_*.go
// they share). They stay one package on purpose: each half uses about fifteen
// of the other's identifiers (the fast path encodes the data source's state,
// every type takes the provider data and its diagnostics), so a split would
// export them all for each other alone. It imports the client (internal/vbs
// and its service packages), never the emulator outside tests.
package provider

import (
	"context"
	"sync"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// newProvider is the framework provider; NewServer serves it.
func newProvider(version string) *vbsProvider {
	return &vbsProvider{version: version, getenv: osGetenv}
}

type vbsProvider struct {
	version string
	// getenv reads the environment; tests replace it.
	getenv func(string) string

	mu sync.Mutex
	// scopes is set by Configure and handed to every data source as
	// provider data: the authenticated client of the configured project
	// and the clients of the other projects and regions reads ask for, safe
	// for the concurrent reads Terraform makes. The fast path reads it here.
	scopes *vbs.Scopes
}

// configuredScopes are the clients of the last Configure, or nil before it.
func (p *vbsProvider) configuredScopes() *vbs.Scopes {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.scopes
}

func (p *vbsProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "vbs"
	resp.Version = p.version
}

var (
	_ provider.ProviderWithListResources = (*vbsProvider)(nil)
	_ provider.ProviderWithActions       = (*vbsProvider)(nil)
)

func (p *vbsProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{newRevokeSharesAction, newCBRRevokeAction}
}

func (p *vbsProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{newBackupShareResource, newCBRBackupShareResource, newCBRAcceptanceResource}
}

func (p *vbsProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{newBackupShareList, newCBRBackupShareList}
}

func (p *vbsProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		newBackupShareDataSource,
		newBackupSharesDataSource,
		newCBRBackupShareDataSource,
		newCBRBackupSharesDataSource,
		newProjectsDataSource,
	}
}
