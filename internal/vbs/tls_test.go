package vbs_test

import (
	"context"
	"crypto/tls"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"net/http/httptest"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestTLSVerification(t *testing.T) {
	srv := httptest.NewTLSServer(emulator.New(emulator.Options{}))
	t.Cleanup(srv.Close)
	base := vbs.Config{AuthURL: srv.URL + "/v3", UserName: emulator.SampleUser, Password: emulator.SamplePassword, DomainName: emulator.SampleDomain, ProjectID: project}

	// Verification is on by default: the emulator's certificate is unknown.
	if _, err := vbs.NewClient(context.Background(), base); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("default verification: %v, want a certificate error", err)
	}

	// clouds.yaml's verify: false arrives as TLSConfig; Insecure = false,
	// resolved from an explicit setting, overrides it.
	verified := base
	verified.TLSConfig = &tls.Config{InsecureSkipVerify: true} //nolint:gosec // the override under test
	if _, err := vbs.NewClient(context.Background(), verified); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("Insecure=false over a TLSConfig that skips verification: %v, want a certificate error", err)
	}

	insecure := base
	insecure.Insecure = true
	c, err := vbs.NewClient(context.Background(), insecure)
	if err != nil {
		t.Fatalf("insecure: %v", err)
	}
	if n, err := shares.Count(context.Background(), c.ServiceClient, shares.Filters{}); err != nil || n != 3 {
		t.Fatalf("insecure count: %d, %v", n, err)
	}

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(caFile, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	trusted := base
	trusted.CACertFile = caFile
	if _, err := vbs.NewClient(context.Background(), trusted); err != nil {
		t.Fatalf("cacert_file: %v", err)
	}

	bad := base
	bad.CACertFile = filepath.Join(t.TempDir(), "missing.pem")
	if _, err := vbs.NewClient(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "reading CA bundle") {
		t.Errorf("missing CA file: %v", err)
	}
	notPEM := filepath.Join(t.TempDir(), "not.pem")
	_ = os.WriteFile(notPEM, []byte("hello"), 0o600)
	bad.CACertFile = notPEM
	if _, err := vbs.NewClient(context.Background(), bad); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("non-PEM CA file: %v", err)
	}
}
