package vbs_test

import (
	"os"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// TestRegionDocsMatchTheTable: the docs' table of regions with a known VBS
// endpoint says what regions.go knows, evidence included.
func TestRegionDocsMatchTheTable(t *testing.T) {
	doc, err := os.ReadFile("../../templates/index.md.tmpl")
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, r := range vbs.Regions() {
		if r.VBS == "" {
			continue
		}
		rows++
		if !strings.Contains(string(doc), "`"+r.VBS+"` | "+r.Evidence+" |") {
			t.Errorf("the docs' region table lacks %s: `%s` | %s", r.Name, r.VBS, r.Evidence)
		}
	}
	if got := strings.Count(string(doc), "myhuaweicloud.com` |") + strings.Count(string(doc), "otc.t-systems.com` |"); got != rows {
		t.Errorf("the docs' table has %d endpoint rows, regions.go %d", got, rows)
	}
}
