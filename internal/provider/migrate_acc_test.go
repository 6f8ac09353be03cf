package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestAccExamples_migrateFromOTC runs the migration guide's example against
// shares an OTC share resource made: the plan imports each and shares
// nothing anew.
func TestAccExamples_migrateFromOTC(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.7.0", "for_each in import blocks")
	c := vbstest.Client(t, h.srv, sharer)
	if _, err := shares.Create(context.Background(), c.ServiceClient, shares.CreateOpts{BackupID: nightlyBackup, ToProjectIDs: []string{toA9, toB9}}); err != nil {
		t.Fatal(err)
	}
	h.copyExample("migrate-from-otc")
	h.run("plan", "-no-color", "-input=false", "-out=plan.tfplan")
	var plan struct {
		ResourceChanges []struct {
			Address string `json:"address"`
			Change  struct {
				Actions   []string        `json:"actions"`
				Importing json.RawMessage `json:"importing"`
			} `json:"change"`
		} `json:"resource_changes"`
	}
	if err := json.Unmarshal([]byte(h.run("show", "-json", "plan.tfplan")), &plan); err != nil {
		t.Fatal(err)
	}
	if len(plan.ResourceChanges) != 2 {
		t.Fatalf("%d resource changes, want the 2 shares imported", len(plan.ResourceChanges))
	}
	for _, rc := range plan.ResourceChanges {
		if len(rc.Change.Actions) != 1 || rc.Change.Actions[0] != "no-op" || len(rc.Change.Importing) == 0 {
			t.Errorf("%s: actions %v, importing %s; want a no-op import", rc.Address, rc.Change.Actions, rc.Change.Importing)
		}
	}
	h.run("apply", "-no-color", "-input=false", "plan.tfplan")
	if n := len(sharesOfPair(t, c, nightlyBackup, toA9)) + len(sharesOfPair(t, c, nightlyBackup, toB9)); n != 2 {
		t.Errorf("%d shares after the migration, want the 2 it started with", n)
	}
}
