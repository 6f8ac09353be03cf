package main

import (
	"encoding/json"
	"net"
	"testing"

	"github.com/hashicorp/go-plugin"
)

func TestReattachValueNamesBothRegistries(t *testing.T) {
	cfg := &plugin.ReattachConfig{Protocol: plugin.ProtocolGRPC, ProtocolVersion: 6, Pid: 42, Test: true,
		Addr: &net.UnixAddr{Net: "unix", Name: "/tmp/plugin123"}}
	value, err := reattachValue(cfg, registryAddress, openTofuAddress(registryAddress))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Addr            struct{ Network, String string }
	}
	if err := json.Unmarshal([]byte(value), &got); err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"registry.terraform.io/vbsteam/vbs", "registry.opentofu.org/vbsteam/vbs"} {
		r, ok := got[a]
		if !ok || r.Protocol != "grpc" || r.ProtocolVersion != 6 || r.Pid != 42 || r.Addr.Network != "unix" || r.Addr.String != "/tmp/plugin123" {
			t.Errorf("%s: %+v (present %v)", a, r, ok)
		}
	}
}
