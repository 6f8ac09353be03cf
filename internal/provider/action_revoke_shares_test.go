package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
)

// TestRevokeActionThroughTheProviderServer invokes the action as Terraform
// 1.14 does, through the server the provider serves (the fast-path
// wrapper included), whatever CLI runs the other tests. A list that leaves
// the owner out (or writes it in upper case) is the project's own list:
// an unknown owner is not "another project's", so the share is cancelled,
// never "nothing to cancel".
func TestRevokeActionThroughTheProviderServer(t *testing.T) {
	for name, vary := range map[string]emulator.Variations{
		"as documented":                    {},
		"list without from_project_id":     {ListOwner: emulator.ListOwnerOmit},
		"list with a null from_project_id": {ListOwner: emulator.ListOwnerNull},
		"list with the owner upper-cased":  {ListOwner: emulator.ListOwnerUpper},
	} {
		t.Run(name, func(t *testing.T) {
			emu, srv := emutest.Start(t, emulator.Options{Vary: vary})
			h := newProtoHarness(t, sampleUserConfig(srv))
			progress := invokeRevoke(t, h, map[string]tftypes.Value{
				"backup_id":      str(seedBkp),
				"to_project_ids": tftypes.NewValue(tftypes.Set{ElementType: tftypes.String}, []tftypes.Value{str(toB9)}),
			})
			last := progress[len(progress)-1]
			if !strings.Contains(last, "cancelled 1 share of backup "+seedBkp+", confirmed by reading back") || !strings.Contains(last, toB9) {
				t.Errorf("progress %q, want the count and the project", progress)
			}
			if n := emu.Stats()["delete"]; n != 1 {
				t.Errorf("%d cancel requests, want 1", n)
			}
		})
	}
}

// invokeRevoke runs the revoke action through the provider server and
// returns its progress messages; it fails the test on an error.
func invokeRevoke(t *testing.T, h *protoHarness, args map[string]tftypes.Value) []string {
	t.Helper()
	return invokeAction(t, h, "vbs_backup_shares_revoke", args)
}

// invokeAction runs an action through the provider server and returns its
// progress messages; it fails the test on an error.
func invokeAction(t *testing.T, h *protoHarness, actionType string, args map[string]tftypes.Value) []string {
	t.Helper()
	actions, ok := h.server.(tfprotov6.ActionServer)
	if !ok {
		t.Fatalf("the provider server (%T) serves no actions", h.server)
	}
	typ := h.schema.ActionSchemas[actionType].Schema.ValueType()
	stream, err := actions.InvokeAction(
		context.Background(),
		&tfprotov6.InvokeActionRequest{ActionType: actionType, Config: objectValue(t, typ, args)},
	)
	if err != nil {
		t.Fatal(err)
	}
	var progress []string
	for ev := range stream.Events {
		switch e := ev.Type.(type) {
		case tfprotov6.ProgressInvokeActionEventType:
			progress = append(progress, e.Message)
		case tfprotov6.CompletedInvokeActionEventType:
			if d := errorsOf(e.Diagnostics); d != "" {
				t.Fatalf("the action failed: %s", d)
			}
		}
	}
	if len(progress) == 0 {
		t.Fatal("the action reported nothing")
	}
	return progress
}

// TestAccActions_revokeFromTheCLI runs the documented example with
// `terraform apply -invoke` (Terraform 1.14 and later).
func TestAccActions_revokeFromTheCLI(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.14.0", "actions")
	h.write("main.tf", `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {}
`)
	example, err := os.ReadFile(filepath.Join("..", "..", "examples", "actions", "vbs_backup_shares_revoke", "action.tf"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("action.tf", string(example))
	out := h.run("apply", "-no-color", "-auto-approve", "-invoke=action.vbs_backup_shares_revoke.mistake")
	if !strings.Contains(out, "cancelled 3 shares of backup "+seedBkp) {
		t.Errorf("the apply did not report the shares cancelled:\n%s", out)
	}
	if stats := h.emu.Stats(); stats["delete"] != 1 {
		t.Errorf("requests %v, want one cancel of every share of the backup", stats)
	}
}

// TestRevokeActionPageNamesEveryArgument: the action's page is written by
// hand, like the list resource's; it must describe the schema's arguments.
func TestRevokeActionPageNamesEveryArgument(t *testing.T) {
	page, err := os.ReadFile("../../templates/actions/backup_shares_revoke.md")
	if err != nil {
		t.Fatal(err)
	}
	var resp action.SchemaResponse
	newRevokeSharesAction().Schema(context.Background(), action.SchemaRequest{}, &resp)
	for name := range resp.Schema.Attributes {
		if !strings.Contains(string(page), "- `"+name+"` (") {
			t.Errorf("the page does not describe %s", name)
		}
	}
}
