package provider

import (
	"context"
	"reflect"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
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

// TestFastServerExposesEveryRPCOfTheFramework: terraform-plugin-go detects
// optional capabilities (list resources, actions, state stores, and what
// comes next) by type assertion on the server. Every RPC method the
// framework's server has must be a method of the fast-path wrapper too, or
// the capability would silently answer "unimplemented".
func TestFastServerExposesEveryRPCOfTheFramework(t *testing.T) {
	inner := providerserver.NewProtocol6(newProvider("test"))()
	outer := NewServer("test")()
	if _, ok := outer.(*fastServer); !ok {
		t.Fatalf("NewServer returned %T, not the fast path: the framework's server lacks an interface frameworkServer names", outer)
	}
	ctx := reflect.TypeFor[context.Context]()
	wrapper := reflect.TypeOf(outer)
	rpcs := 0
	for i := range reflect.TypeOf(inner).NumMethod() {
		m := reflect.TypeOf(inner).Method(i)
		// An RPC: (receiver,) context, a request pointer; a response, an error.
		if m.Type.NumIn() != 3 || m.Type.In(1) != ctx || m.Type.NumOut() != 2 {
			continue
		}
		rpcs++
		if _, ok := wrapper.MethodByName(m.Name); !ok {
			t.Errorf("the framework's server has the RPC %s; the fast-path wrapper does not pass it on", m.Name)
		}
	}
	if rpcs < 20 {
		t.Fatalf("found %d RPC methods on the framework's server: the test recognises none of them", rpcs)
	}
}
