package vbs

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// baseTransport is a fresh transport per provider instance with the TLS
// settings applied; fresh so that Insecure never leaks into other clients.
func baseTransport(cfg Config) (http.RoundTripper, error) {
	if cfg.Transport != nil {
		return cfg.Transport, nil
	}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   16, // concurrent page reads reuse connections
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 60 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tlsConfig = cfg.TLSConfig.Clone()
	}
	// Insecure decides, whatever TLSConfig says: the provider has already
	// resolved it from the attribute, the environment and clouds.yaml.
	tlsConfig.InsecureSkipVerify = cfg.Insecure //nolint:gosec // only when the user asked for it
	// Decoding is done by the retry transport (bounded, and a broken
	// encoding is told from a broken connection).
	t.DisableCompression = true
	if cfg.CACertFile != "" {
		pem, err := os.ReadFile(cfg.CACertFile)
		if err != nil {
			return nil, fmt.Errorf("reading CA bundle: %w", err)
		}
		// In addition to what is trusted already: clouds.yaml's cacert if
		// it named one, else the system's.
		pool := tlsConfig.RootCAs
		if pool != nil {
			pool = pool.Clone()
		} else if pool, err = x509.SystemCertPool(); err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("CA bundle %s holds no PEM certificate", cfg.CACertFile)
		}
		tlsConfig.RootCAs = pool
	}
	if cfg.CertFile != "" || cfg.KeyFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.CertFile, cfg.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("reading the client certificate (cert_file %s, key_file %s): %w", cfg.CertFile, cfg.KeyFile, err)
		}
		tlsConfig.Certificates = []tls.Certificate{cert}
	}
	t.TLSClientConfig = tlsConfig
	return t, nil
}

// loggingTransport writes one DEBUG line per HTTP exchange through tflog.
// It logs method, URL, status, duration and request id, and deliberately no
// header or body: that is how credentials (X-Auth-Token, X-Subject-Token,
// Authorization, X-Security-Token, the password in an auth body) stay out
// of every log.
type loggingTransport struct {
	next http.RoundTripper
}

func (t loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"http_method":      req.Method,
		"http_url":         RedactURL(req.URL),
		"http_duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = err.Error()
		tflog.Debug(req.Context(), "VBS HTTP request failed", fields)
		return resp, err
	}
	fields["http_status"] = resp.StatusCode
	if id := RequestID(resp.Header); id != "" { // sanitised: a log line is read on a terminal too
		fields["request_id"] = id
	}
	tflog.Debug(req.Context(), "VBS HTTP request", fields)
	return resp, nil
}
