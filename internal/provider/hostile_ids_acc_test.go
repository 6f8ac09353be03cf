package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// hostileIDs would leave their path segment behind a gateway that
// normalises paths or decodes %2F, or name another operation.
var hostileIDs = []string{"..", ".", "detail", "count", "../../../v3/auth/tokens", "a%2F..%2Fdetail", "x?share_to_me=true", ""}

// TestAccHostileIDsAreRefusedAtPlanTime: every id argument and id filter
// of the data sources and the resource refuses them before any request.
func TestAccHostileIDsAreRefusedAtPlanTime(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	// Every hostile id on one attribute, and one on every attribute: the
	// attributes share their validators.
	var steps []resource.TestStep
	refused := func(config, attr, form string) resource.TestStep {
		return resource.TestStep{Config: providerBlock(srv, sharer) + config, PlanOnly: true, ExpectError: expectError(attr, form)}
	}
	for _, id := range hostileIDs {
		steps = append(steps, refused(fmt.Sprintf(`data "vbs_backup_share" "s" { id = %q }`, id), "id", "must be a UUID"))
	}
	for _, cfg := range []struct{ config, attr, form string }{
		{`data "vbs_backup_share" "s" { backup_id = ".." }`, "backup_id", "must be a UUID"},
		{`data "vbs_backup_shares" "s" { backup_id = ".." }`, "backup_id", "must be a UUID"},
		{`data "vbs_backup_shares" "s" { volume_id = "detail" }`, "volume_id", "must be a UUID"},
		{`data "vbs_backup_shares" "s" { to_project_id = "xyz" }`, "to_project_id", "must be a project ID"},
		{`data "vbs_backup_shares" "s" { from_project_id = "` + strings.ToUpper(sharer) + `" }`, "from_project_id", "must be a project ID"},
		{`resource "vbs_backup_share" "s" {
  backup_id     = "../../../v3/auth/tokens"
  to_project_id = "` + toB9 + `"
}`, "backup_id", "must be a UUID"},
	} {
		steps = append(steps, refused(cfg.config, cfg.attr, cfg.form))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			for _, op := range []string{"get", "list", "count", "create", "delete"} {
				if n := emu.Stats()[op]; n != 0 {
					return fmt.Errorf("%d %s requests reached the service for hostile ids", n, op)
				}
			}
			return nil
		},
		Steps: steps,
	})
}

// TestHostileImportIDsSendNothing: terraform import and an import block's
// id, and an identity, go through ImportResourceState; a hostile id is
// refused there and no request leaves.
func TestHostileImportIDsSendNothing(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	h := newProtoHarness(t, sampleUserConfig(srv))
	identities, err := h.server.GetResourceIdentitySchemas(context.Background(), &tfprotov6.GetResourceIdentitySchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	identityType := identities.IdentitySchemas["vbs_backup_share"].ValueType()
	emu.ResetStats()
	for _, id := range append(hostileIDs, "../x/"+toB9, seedBkp+"/../"+toB9) {
		if id == "" {
			continue // an empty import id is Terraform's to refuse
		}
		resp, err := h.server.ImportResourceState(context.Background(), &tfprotov6.ImportResourceStateRequest{TypeName: "vbs_backup_share", ID: id})
		if err != nil {
			t.Fatal(err)
		}
		if d := errorsOf(resp.Diagnostics); !strings.Contains(d, "Invalid import id") {
			t.Errorf("import id %q: %q, want it refused", id, d)
		}
		identity, err := tfprotov6.NewDynamicValue(identityType, tftypes.NewValue(identityType, map[string]tftypes.Value{"id": str(id)}))
		if err != nil {
			t.Fatal(err)
		}
		resp, err = h.server.ImportResourceState(
			context.Background(),
			&tfprotov6.ImportResourceStateRequest{TypeName: "vbs_backup_share", Identity: &tfprotov6.ResourceIdentityData{IdentityData: &identity}},
		)
		if err != nil {
			t.Fatal(err)
		}
		if d := errorsOf(resp.Diagnostics); !strings.Contains(d, "Invalid identity") {
			t.Errorf("identity id %q: %q, want it refused", id, d)
		}
	}
	if stats := emu.Stats(); len(stats) != 0 {
		t.Errorf("requests reached the service: %v", stats)
	}
}
