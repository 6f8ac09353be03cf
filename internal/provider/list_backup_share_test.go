package provider

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// The list resource at the protocol level, through the provider server
// Terraform 1.14 talks to: whatever Terraform runs the other tests.
func TestListBackupSharesThroughTheProviderServer(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	ctx := context.Background()
	h := newProtoHarness(t, sampleUserConfig(srv))
	listType := h.schema.ListResourceSchemas["vbs_backup_share"].ValueType()
	resourceType := h.schema.ResourceSchemas["vbs_backup_share"].ValueType()
	idResp, err := h.server.GetResourceIdentitySchemas(ctx, &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	idType := idResp.IdentitySchemas["vbs_backup_share"].ValueType()

	lister, ok := h.server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatalf("the provider server (%T) does not serve list resources", h.server)
	}
	list := func(config map[string]tftypes.Value, include bool, limit int64) []tfprotov6.ListResourceResult {
		t.Helper()
		stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
			TypeName: "vbs_backup_share", Config: objectValue(t, listType, config), IncludeResource: include, Limit: limit,
		})
		if err != nil {
			t.Fatal(err)
		}
		var out []tfprotov6.ListResourceResult
		for r := range stream.Results {
			if d := errorsOf(r.Diagnostics); d != "" {
				t.Fatalf("result diagnostics: %s", d)
			}
			out = append(out, r)
		}
		return out
	}

	all := list(nil, true, 100)
	if len(all) != 3 {
		t.Fatalf("%d results, want the 3 seed shares", len(all))
	}
	for _, r := range all {
		idVal, err := r.Identity.IdentityData.Unmarshal(idType)
		if err != nil {
			t.Fatal(err)
		}
		var ident map[string]tftypes.Value
		var id string
		if err := idVal.As(&ident); err != nil || ident["id"].As(&id) != nil || id == "" {
			t.Fatalf("identity %v: %v", idVal, err)
		}
		if !strings.HasPrefix(r.DisplayName, "backup lbf shared with project 722513ed0a324dadaabe5b2d0fe848") {
			t.Errorf("display name %q", r.DisplayName)
		}
		res, err := r.Resource.Unmarshal(resourceType)
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		var resID string
		if err := res.As(&attrs); err != nil || attrs["id"].As(&resID) != nil || resID != id || attrs["backup"].IsNull() {
			t.Errorf("resource %v does not match identity %s", res, id)
		}
	}
	// Filters, limit, and no resource data unless asked for.
	one := list(map[string]tftypes.Value{"to_project_id": str(toB9)}, false, 0)
	if len(one) != 1 || one[0].Resource != nil {
		t.Fatalf("to_project_id filter: %d results (resource %v)", len(one), one[0].Resource)
	}
	if got := list(nil, false, 2); len(got) != 2 {
		t.Errorf("limit 2: %d results", len(got))
	}
	// Another project, in another region, with the provider's credentials.
	nl := list(map[string]tftypes.Value{"project_id": str(emulator.SampleSecondRegionProject), "region": str(emulator.SampleSecondRegion)}, false, 0)
	if len(nl) != 1 || !strings.Contains(nl[0].DisplayName, emulator.SampleSecondRegionRecipient) {
		t.Errorf("project_id and region: %d results (%v), want the second region's one share", len(nl), nl)
	}
	// share_to_me = true finds what cannot be imported: refused at
	// validation.
	v, err := lister.ValidateListResourceConfig(ctx, &tfprotov6.ValidateListResourceConfigRequest{
		TypeName: "vbs_backup_share", Config: objectValue(t, listType, map[string]tftypes.Value{"share_to_me": tftypes.NewValue(tftypes.Bool, true)}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := errorsOf(v.Diagnostics); !strings.Contains(d, "Shares made to this project cannot be imported") {
		t.Errorf("share_to_me = true: %q, want it refused", d)
	}
}

// TestListResourcePageNamesEveryArgument: the list resource's page is
// written by hand (its schema reaches tfplugindocs only through Terraform
// 1.14); it must describe every argument the schema has, and no other.
func TestListResourcePageNamesEveryArgument(t *testing.T) {
	for page, l := range map[string]list.ListResource{"backup_share.md": newBackupShareList(), "cbr_backup_share.md": newCBRBackupShareList()} {
		var resp list.ListResourceSchemaResponse
		l.ListResourceConfigSchema(context.Background(), list.ListResourceSchemaRequest{}, &resp)
		checkPageNamesEveryArgument(t, "../../templates/list-resources/"+page, resp.Schema.Attributes)
	}
}

// checkPageNamesEveryArgument: a page written by hand describes every
// argument of attrs, and no other.
func checkPageNamesEveryArgument[A any](t *testing.T, file string, attrs map[string]A) {
	t.Helper()
	page, err := os.ReadFile(file) //nolint:gosec // the repository's own pages
	if err != nil {
		t.Fatal(err)
	}
	args := regexp.MustCompile("(?m)^- `([a-z_]+)` \\(").FindAllStringSubmatch(string(page), -1)
	documented := map[string]bool{}
	for _, a := range args {
		documented[a[1]] = true
	}
	for name := range attrs {
		if !documented[name] {
			t.Errorf("%s does not describe %s", file, name)
		}
		delete(documented, name)
	}
	for name := range documented {
		t.Errorf("%s describes %s, which the schema does not have", file, name)
	}
}

// TestQueryReadsTheWindowItShows: terraform query's limit (100 by default)
// is one page request, not the whole list.
func TestQueryReadsTheWindowItShows(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Data: emulator.GeneratedDataset(5000)})
	ctx := context.Background()
	h := newProtoHarness(t, sampleUserConfig(srv))
	lister, ok := h.server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatalf("the provider server (%T) does not serve list resources", h.server)
	}
	emu.ResetStats()
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: "vbs_backup_share", Config: objectValue(t, h.schema.ListResourceSchemas["vbs_backup_share"].ValueType(), nil), Limit: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for r := range stream.Results {
		if d := errorsOf(r.Diagnostics); d != "" {
			t.Fatal(d)
		}
		n++
	}
	if stats := emu.Stats(); n != 100 || stats["list"] != 1 || stats["count"] != 0 {
		t.Errorf("%d results from %v; want 100 from one list request", n, stats)
	}
}
