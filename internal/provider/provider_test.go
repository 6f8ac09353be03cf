package provider

import (
	"fmt"
	"net/http/httptest"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// testProviders serves the provider in-process: terraform talks to it over
// the plugin protocol without any registry.
var testProviders = map[string]func() (tfprotov6.ProviderServer, error){
	"vbs": func() (tfprotov6.ProviderServer, error) { return NewServer("test")(), nil },
}

const (
	sharer    = emulator.SampleSharerProject
	toB9      = "722513ed0a324dadaabe5b2d0fe848b9"
	toA9      = "722513ed0a324dadaabe5b2d0fe848a9"
	toC9      = "722513ed0a324dadaabe5b2d0fe848c9"
	seedShare = "e842bf23-1e05-4c2c-b0f9-25222f4686da"
	seedGet   = "8332443e-9866-41d8-8a58-a898cf5db030"
	seedBkp   = "066b1e37-9305-4057-97e5-2e99b21fc71d"
)

// providerBlock signs in with the sample user's password through the
// emulator's IAM, scoped to project; extra lines go into the block too.
func providerBlock(srv *httptest.Server, project string, extra ...string) string {
	return fmt.Sprintf(`
provider "vbs" {
  auth_url    = %q
  user_name   = %q
  password    = %q
  domain_name = %q
  project_id  = %q
  %s
}
`, srv.URL+"/v3", emulator.SampleUser, emulator.SamplePassword, emulator.SampleDomain, project, strings.Join(extra, "\n  "))
}

// sampleUserConfig is the provider configuration of providerBlock for the
// protocol harness.
func sampleUserConfig(srv *httptest.Server) map[string]tftypes.Value {
	return map[string]tftypes.Value{
		"auth_url": str(srv.URL + "/v3"), "user_name": str(emulator.SampleUser), "password": str(emulator.SamplePassword),
		"domain_name": str(emulator.SampleDomain), "project_id": str(sharer),
	}
}

// expectError matches Terraform's wrapped diagnostics: the parts must appear
// in order, and any run of spaces in them matches any white space.
func expectError(parts ...string) *regexp.Regexp {
	quoted := make([]string, len(parts))
	for i, p := range parts {
		quoted[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(quoted, ".*"))
}
