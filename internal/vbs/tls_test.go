package vbs_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

func TestTLSVerification(t *testing.T) {
	srv := quietTLSServer(t, emulator.New(emulator.Options{}), nil)
	base := vbs.Config{
		AuthURL:    srv.URL + "/v3",
		UserName:   emulator.SampleUser,
		Password:   emulator.SamplePassword,
		DomainName: emulator.SampleDomain,
		ProjectID:  project,
	}

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

// TestClientCertificate: a gateway that requires mutual TLS admits the
// client with cert_file and key_file, and refuses it without.
func TestClientCertificate(t *testing.T) {
	certPEM, keyPEM, cert := selfSigned(t)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "client.pem"), filepath.Join(dir, "client.key")
	if err := os.WriteFile(certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, keyPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	clientCAs := x509.NewCertPool()
	clientCAs.AddCert(cert)
	srv := quietTLSServer(
		t,
		emulator.New(emulator.Options{}),
		&tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: clientCAs, MinVersion: tls.VersionTLS12},
	)
	base := vbs.Config{Token: "t", Endpoint: srv.URL, ProjectID: project, Insecure: true} //nolint:gosec // the server's own certificate is not the point here
	if _, err := shares.Count(context.Background(), mustClient(t, base).ServiceClient, shares.Filters{}); err == nil {
		t.Fatal("a gateway requiring a client certificate admitted a client without one")
	}
	withCert := base
	withCert.CertFile, withCert.KeyFile = certFile, keyFile
	_, err := shares.Count(context.Background(), mustClient(t, withCert).ServiceClient, shares.Filters{})
	var e *shares.Error
	if !errors.As(err, &e) || e.StatusCode != 401 {
		t.Fatalf("with the client certificate: %v, want the TLS handshake to pass and the token refused", err)
	}
	onlyCert := base
	onlyCert.CertFile = certFile
	if _, err := vbs.NewClient(context.Background(), onlyCert); err == nil || !strings.Contains(err.Error(), "key_file") {
		t.Errorf("cert_file without key_file: %v", err)
	}
}

func mustClient(t *testing.T, cfg vbs.Config) *vbs.Client {
	t.Helper()
	c, err := vbs.NewClient(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// selfSigned makes a client certificate and its key, PEM-encoded.
func selfSigned(t *testing.T) (certPEM, keyPEM []byte, cert *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "vbs-client"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	if cert, err = x509.ParseCertificate(der); err != nil {
		t.Fatal(err)
	}
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), cert
}

// quietTLSServer is a TLS test server that keeps the handshake failures
// these tests provoke out of the test output: "TLS handshake error … bad
// certificate" reads like a failure in a run that passed.
func quietTLSServer(t *testing.T, h http.Handler, cfg *tls.Config) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.TLS = cfg
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}
