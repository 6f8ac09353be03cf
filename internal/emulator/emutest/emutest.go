// Package emutest starts the emulator for tests and gives authenticated
// clients for it.
package emutest

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Start serves an emulator with opts on a loopback port until the test ends.
func Start(t testing.TB, opts emulator.Options) (*emulator.Server, *httptest.Server) {
	t.Helper()
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return emu, srv
}

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
