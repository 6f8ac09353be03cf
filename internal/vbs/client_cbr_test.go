package vbs

import (
	"testing"

	"github.com/gophercloud/gophercloud/v2"
)

// TestCBREndpointSources: cbr_endpoint with {region} filled, and the VBS
// host's "vbs" label turned into "cbr" only where there is one.
func TestCBREndpointSources(t *testing.T) {
	c := &Client{ProjectID: "p", Region: "eu-nl", cbrEndpoint: "https://cbr.{region}.example.com"}
	if got, _, err := c.cbrEndpointFor(); err != nil || got != "https://cbr.eu-nl.example.com" {
		t.Errorf("cbr_endpoint with {region}: %q, %v", got, err)
	}
	for in, want := range map[string]string{
		"https://vbs.eu-de.otc.t-systems.com/":         "https://cbr.eu-de.otc.t-systems.com",
		"https://vbs.ap-southeast-1.myhuaweicloud.com": "https://cbr.ap-southeast-1.myhuaweicloud.com",
		"http://127.0.0.1:8080/":                       "",
		"https://vbs.example/":                         "",
		"https://backup.vbs.example.com/":              "",
	} {
		got, ok := vbsHostToCBR(in)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", in, got, ok, want)
		}
	}
	for in, want := range map[string]string{
		"https://cbr.eu-de.otc.t-systems.com/v3/p": "https://cbr.eu-de.otc.t-systems.com/",
		"https://cbr.example.com/v3":               "https://cbr.example.com/",
		"https://cbr.example.com":                  "https://cbr.example.com/",
	} {
		if got, err := serviceRoot(in, "p", "v3"); err != nil || got != want {
			t.Errorf("%s: %q, %v", in, got, err)
		}
	}
	if _, err := serviceRoot("https://cbr.example.com/v3/other", "p", "v3"); err == nil {
		t.Error("a CBR endpoint of another project: accepted")
	}
}

// TestFirstCBRInClearWarnsOnce: an http:// CBR endpoint that is not
// loopback is reported once per client; https:// and loopback never.
func TestFirstCBRInClearWarnsOnce(t *testing.T) {
	for endpoint, want := range map[string][]bool{
		"http://cbr.example.com":  {true, false},
		"https://cbr.example.com": {false, false},
		"http://127.0.0.1:8080":   {false, false},
	} {
		c := &Client{ProjectID: "p", cbrEndpoint: endpoint}
		c.ServiceClient = &gophercloud.ServiceClient{ProviderClient: &gophercloud.ProviderClient{}}
		for i, w := range want {
			if got := c.FirstCBRInClear(); got != w {
				t.Errorf("%s, call %d: %v, want %v", endpoint, i+1, got, w)
			}
		}
	}
}
