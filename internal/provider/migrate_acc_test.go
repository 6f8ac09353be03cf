package provider

import (
	"context"
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
	if _, err := shares.Create(
		context.Background(),
		c.ServiceClient,
		shares.CreateOpts{BackupID: nightlyBackup, ToProjectIDs: []string{toA9, toB9}},
	); err != nil {
		t.Fatal(err)
	}
	h.copyExample("migrate-from-otc")
	h.plansImportsOnly(2)
	h.run("apply", "-no-color", "-input=false", "plan.tfplan")
	if n := len(sharesOfPair(t, c, nightlyBackup, toA9)) + len(sharesOfPair(t, c, nightlyBackup, toB9)); n != 2 {
		t.Errorf("%d shares after the migration, want the 2 it started with", n)
	}
}
