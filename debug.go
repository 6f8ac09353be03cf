package main

import (
	"encoding/json"
	"strings"

	"github.com/hashicorp/go-plugin"
)

// openTofuAddress is the address OpenTofu gives the provider that a
// configuration requires as "vbsteam/vbs".
func openTofuAddress(terraformAddress string) string {
	return strings.Replace(terraformAddress, "registry.terraform.io/", "registry.opentofu.org/", 1)
}

// reattachValue renders TF_REATTACH_PROVIDERS for cfg under every address.
// The shape is the CLIs' own (go-plugin's ReattachConfig does not encode
// its address as JSON).
func reattachValue(cfg *plugin.ReattachConfig, addresses ...string) (string, error) {
	type addr struct{ Network, String string }
	type reattach struct {
		Protocol        string
		ProtocolVersion int
		Pid             int
		Test            bool
		Addr            addr
	}
	r := reattach{
		Protocol: string(cfg.Protocol), ProtocolVersion: cfg.ProtocolVersion, Pid: cfg.Pid, Test: cfg.Test,
		Addr: addr{Network: cfg.Addr.Network(), String: cfg.Addr.String()},
	}
	m := make(map[string]reattach, len(addresses))
	for _, a := range addresses {
		m[a] = r
	}
	b, err := json.Marshal(m)
	return strings.ReplaceAll(string(b), `'`, `'"'"'`), err
}
