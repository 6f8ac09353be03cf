package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestProtoDiagnosticsKeepAttributePaths(t *testing.T) {
	var diags diag.Diagnostics
	diags.AddAttributeError(path.Root("timeouts").AtName("read"), "Bad read timeout", "detail")
	diags.AddAttributeWarning(path.Root("shares").AtListIndex(2).AtName("backup"), "Odd backup", "detail")
	diags.AddError("No path", "detail")
	got := protoDiagnostics(diags)
	want := []*tftypes.AttributePath{
		tftypes.NewAttributePath().WithAttributeName("timeouts").WithAttributeName("read"),
		tftypes.NewAttributePath().WithAttributeName("shares").WithElementKeyInt(2).WithAttributeName("backup"),
		nil,
	}
	for i, d := range got {
		if !d.Attribute.Equal(want[i]) && (d.Attribute != nil || want[i] != nil) {
			t.Errorf("diagnostic %d (%s): attribute %v, want %v", i, d.Summary, d.Attribute, want[i])
		}
	}
}
