// Package vbstest gives tests clients of the emulator. It lives on the
// client's side: the emulator (internal/emulator, emutest) stands apart
// from the code it checks and imports none of it.
package vbstest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// PasswordConfig is a Config that signs in as the sample user, scoped to
// project, through the emulator's IAM and catalog.
func PasswordConfig(srv *httptest.Server, project string) vbs.Config {
	return vbs.Config{
		AuthURL:    srv.URL + "/v3",
		UserName:   emulator.SampleUser,
		Password:   emulator.SamplePassword,
		DomainName: emulator.SampleDomain,
		ProjectID:  project,
	}
}

// Client is a password-authenticated client scoped to project.
func Client(t testing.TB, srv *httptest.Server, project string) *vbs.Client {
	t.Helper()
	c, err := vbs.NewClient(context.Background(), PasswordConfig(srv, project))
	if err != nil {
		t.Fatalf("authenticating against the emulator: %v", err)
	}
	return c
}
