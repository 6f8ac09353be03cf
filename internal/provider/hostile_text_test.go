package provider

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator/emutest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestServerTextNeverReachesTheTerminalRaw: an error answer that echoes the
// request's credentials, carries escape sequences and is megabytes long
// becomes a diagnostic with the credentials redacted, the control
// characters escaped and the message cut, for every sign-in method.
func TestServerTextNeverReachesTheTerminalRaw(t *testing.T) {
	emu, srv := emutest.Start(t, emulator.Options{Vary: emulator.Variations{HostileErrors: true, EchoCredentials: true}})
	token := vbstest.Client(t, srv, sharer).TokenID
	// A CBR backup of b9 shared with the sharer: the sharer's read of its
	// members is refused (403), with the hostile body.
	theirs := emu.AddCBRBackups(toB9, 1, sharer)[0]
	methods := map[string]map[string]tftypes.Value{
		"password": sampleUserConfig(srv),
		"token":    {"token": str(token), "endpoint": str(srv.URL), "cbr_endpoint": str(srv.URL), "project_id": str(sharer)},
		"AK/SK": {"access_key": str(emulator.SampleTempAccessKey), "secret_key": str(emulator.SampleTempSecretKey),
			"security_token": str(emulator.SampleSecurityToken), "endpoint": str(srv.URL), "cbr_endpoint": str(srv.URL), "project_id": str(sharer)},
	}
	secrets := []string{emulator.SamplePassword, token, "emu-", emulator.SampleTempAccessKey, emulator.SampleTempSecretKey, emulator.SampleSecurityToken}
	signature := regexp.MustCompile(`(?i)signature=[0-9a-f]`)
	reads := map[string]map[string]tftypes.Value{
		"vbs_backup_share":     {"id": str("00000000-0000-0000-0000-000000000000")},
		"vbs_cbr_backup_share": {"id": str(theirs + "/" + sharer)},
	}
	for name, cfg := range methods {
		for dataSource, config := range reads {
			t.Run(name+"/"+dataSource, func(t *testing.T) {
				h := newProtoHarness(t, cfg)
				typ := h.schema.DataSourceSchemas[dataSource].ValueType()
				resp, err := h.server.ReadDataSource(context.Background(), &tfprotov6.ReadDataSourceRequest{
					TypeName: dataSource, Config: objectValue(t, typ, config),
				})
				if err != nil {
					t.Fatal(err)
				}
				text := allDiagnostics(resp.Diagnostics)
				if !strings.Contains(text, "Request headers:") || !strings.Contains(text, `\u001b[2J`) {
					t.Fatalf("the diagnostic lacks the echoed headers or the escaped sequence, so the test proves nothing:\n%.2000s", text)
				}
				for _, raw := range []string{"\x1b", "\x07", "\r", "\u202e", "\u009b"} {
					if strings.Contains(text, raw) {
						t.Errorf("the diagnostic holds the control character %q raw", raw)
					}
				}
				for _, secret := range secrets {
					if strings.Contains(text, secret) {
						t.Errorf("the diagnostic holds the credential %q", secret)
					}
				}
				if signature.MatchString(text) {
					t.Error("the diagnostic holds a request signature")
				}
				if len(text) > 16<<10 || !strings.Contains(text, "more bytes)") {
					t.Errorf("the diagnostic is %d bytes and says nothing was cut; want the message capped:\n%.3000s", len(text), text)
				}
			})
		}
	}
}

func allDiagnostics(diags []*tfprotov6.Diagnostic) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.Summary + "\n" + d.Detail + "\n")
	}
	return b.String()
}
