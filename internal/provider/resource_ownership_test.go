package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestDestroyNeverActsOnAShareItDoesNotOwn: a share of another project in
// state (imported by a version that did not check, or edited in) is not
// cancelled, and destroy does not report it cancelled. No DELETE is sent.
func TestDestroyNeverActsOnAShareItDoesNotOwn(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	cfg := sampleUserConfig(srv)
	cfg["project_id"] = str(toB9) // the recipient of the seed share
	h := newProtoHarness(t, cfg)
	typ := h.schema.ResourceSchemas["vbs_backup_share"].ValueType()
	prior := objectValue(t, typ, map[string]tftypes.Value{
		"id": str(seedShare), "backup_id": str(seedBkp), "from_project_id": str(sharer), "to_project_id": str(toB9),
	})
	planned, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, nil))
	if err != nil {
		t.Fatal(err)
	}
	emu.ResetStats()
	resp, err := h.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: "vbs_backup_share", PriorState: prior, PlannedState: &planned, Config: &planned,
	})
	if err != nil {
		t.Fatal(err)
	}
	if d := errorsOf(resp.Diagnostics); !strings.Contains(d, "is not this project's to manage") || !strings.Contains(d, "was made by project "+sharer) {
		t.Errorf("diagnostics %q, want the share refused as another project's", d)
	}
	if n := emu.Stats()["delete"]; n != 0 {
		t.Errorf("%d cancel requests reached the service, want none", n)
	}
}
