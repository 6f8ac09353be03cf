// Package emutest starts the emulator for tests. Clients for it are on the
// client's side (internal/vbs/vbstest): the emulator imports none of the
// code it checks.
package emutest

import (
	"net/http/httptest"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// Start serves an emulator with opts on a loopback port until the test ends.
func Start(t testing.TB, opts emulator.Options) (*emulator.Server, *httptest.Server) {
	t.Helper()
	emu := emulator.New(opts)
	srv := httptest.NewServer(emu)
	t.Cleanup(srv.Close)
	return emu, srv
}
