package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestCBRRevokeActionEndsEveryMember: without dest_project_ids every
// member of the backup is ended, each DELETE confirmed, and the last
// message says how many; a backup without members sends nothing.
func TestCBRRevokeActionEndsEveryMember(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{})
	ids := emu.AddCBRBackups(sharer, 1, toA9, toB9, toC9)
	h := newProtoHarness(t, sampleUserConfig(srv))
	progress := invokeAction(t, h, "vbs_cbr_backup_shares_revoke", map[string]tftypes.Value{"backup_id": str(ids[0])})
	last := progress[len(progress)-1]
	if !strings.Contains(last, "ended 3 shares of CBR backup "+ids[0]+", confirmed by reading back") {
		t.Errorf("progress %q", progress)
	}
	for _, m := range emu.CBRMembers() {
		if m.BackupID == ids[0] {
			t.Errorf("member for %s still there", m.DestProjectID)
		}
	}
	emu.ResetStats()
	progress = invokeAction(t, h, "vbs_cbr_backup_shares_revoke", map[string]tftypes.Value{"backup_id": str(emulator.SampleCBRDiskBackup)})
	if !strings.Contains(progress[len(progress)-1], "nothing to end") || emu.Stats()["cbr.delete"] != 0 {
		t.Errorf("a backup without members: %q, %d deletes", progress, emu.Stats()["cbr.delete"])
	}
}

// TestCBRListResourceFindsEveryMember: terraform query's list of the
// members of the project's backups, each with its identity and, asked
// for, its attributes.
func TestCBRListResourceFindsEveryMember(t *testing.T) {
	_, srv := emutest.Start(t, emulator.Options{})
	ctx := context.Background()
	h := newProtoHarness(t, sampleUserConfig(srv))
	listType := h.schema.ListResourceSchemas["vbs_cbr_backup_share"].ValueType()
	resourceType := h.schema.ResourceSchemas["vbs_cbr_backup_share"].ValueType()
	lister, ok := h.server.(tfprotov6.ListResourceServer)
	if !ok {
		t.Fatal("no list resources")
	}
	stream, err := lister.ListResource(ctx, &tfprotov6.ListResourceRequest{
		TypeName: "vbs_cbr_backup_share", Config: objectValue(t, listType, nil), IncludeResource: true, Limit: 100,
	})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for r := range stream.Results {
		if d := errorsOf(r.Diagnostics); d != "" {
			t.Fatalf("result diagnostics: %s", d)
		}
		names = append(names, r.DisplayName)
		res, err := r.Resource.Unmarshal(resourceType)
		if err != nil {
			t.Fatal(err)
		}
		var attrs map[string]tftypes.Value
		var id string
		if err := res.As(&attrs); err != nil || attrs["id"].As(&id) != nil || !strings.Contains(id, "/") {
			t.Errorf("resource %v: %v", res, err)
		}
	}
	want := []string{"CBR backup db-server-backup shared with project " + toB9 + " (accepted)",
		"CBR backup web-server-backup shared with project " + toA9 + " (pending)"}
	if strings.Join(names, "|") != strings.Join(want, "|") {
		t.Errorf("results %q, want %q", names, want)
	}
}

// TestCBRActionPageNamesEveryArgument: the action's page is written by
// hand; it describes every argument and no other.
func TestCBRActionPageNamesEveryArgument(t *testing.T) {
	var resp action.SchemaResponse
	newCBRRevokeAction().Schema(context.Background(), action.SchemaRequest{}, &resp)
	checkPageNamesEveryArgument(t, "../../templates/actions/cbr_backup_shares_revoke.md", resp.Schema.Attributes)
}

// TestCBRRevokeActionMatchesProjectsInAnyCase: a service that writes
// dest_project_id in upper case still has its member for the project asked
// for ended, not "nothing to end".
func TestCBRRevokeActionMatchesProjectsInAnyCase(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{CBR: emulator.CBRVariations{ProjectCase: true}})
	ids := emu.AddCBRBackups(sharer, 1, toA9, toB9)
	h := newProtoHarness(t, sampleUserConfig(srv))
	progress := invokeAction(t, h, "vbs_cbr_backup_shares_revoke", map[string]tftypes.Value{
		"backup_id":        str(ids[0]),
		"dest_project_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(toB9)}),
	})
	if last := progress[len(progress)-1]; !strings.Contains(last, "ended 1 share of CBR backup "+ids[0]) || !strings.Contains(last, toB9) {
		t.Errorf("progress %q", progress)
	}
	for _, m := range emu.CBRMembers() {
		if m.BackupID == ids[0] && m.DestProjectID == toB9 {
			t.Error("b9's member is still there")
		}
	}
}
