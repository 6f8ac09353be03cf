package vbs

import (
	"crypto/tls"
	"errors"
	"net/http"
	"time"
)

// Config is everything needed to reach VBS. The provider fills it from its
// configuration and the environment; tests fill it directly.
type Config struct {
	// AuthURL is the IAM (Keystone v3) endpoint, e.g. https://iam.eu-de.otc.t-systems.com/v3.
	AuthURL string
	// Region selects catalog entries.
	Region string
	// EndpointFromRegion is set by WithRegionDefaults when Endpoint is the
	// region's default rather than a setting.
	EndpointFromRegion bool
	// ProjectID or ProjectName (with DomainName) scopes the token.
	ProjectID   string
	ProjectName string
	// DomainName is the user's (and, for scope by name, the project's) domain.
	DomainName string
	UserName   string
	Password   string
	// Token is an existing token. With Endpoint and ProjectID no IAM call is
	// made at all.
	Token string
	// AccessKey and SecretKey sign every request (SDK-HMAC-SHA256) instead
	// of a token; SecurityToken makes them temporary credentials.
	AccessKey     string
	SecretKey     string
	SecurityToken string
	// Endpoint is the VBS service root without version ("https://vbs.eu-de.otc.t-systems.com");
	// the client adds /v2/{project_id}/. Empty: use the service catalog.
	Endpoint string
	// CBREndpoint is the Cloud Backup and Recovery service root
	// ("https://cbr.eu-de.otc.t-systems.com"), with RegionPlaceholder for
	// every region; empty takes it from the service catalog (client_cbr.go).
	CBREndpoint string

	// Insecure skips TLS verification; CACertFile adds a trusted CA bundle
	// (to the system's and to a clouds.yaml cacert). CertFile and KeyFile
	// are a client certificate for gateways that require one. TLSConfig, if
	// set (from clouds.yaml), is the starting point for all of them; its
	// own InsecureSkipVerify is overridden by Insecure.
	Insecure   bool
	CACertFile string
	CertFile   string
	KeyFile    string
	TLSConfig  *tls.Config

	// MaxRetries is the retry budget of one request (see retry.go).
	MaxRetries int
	// RefreshFromList lets one list of the project's shares serve the
	// refresh of many vbs_backup_share resources (the provider's
	// refresher; the client does not read it).
	RefreshFromList bool
	// RequestTimeout bounds one attempt of one request, body included.
	// Default 60s.
	RequestTimeout time.Duration
	// RetryBaseDelay is the first backoff step. Default 500ms.
	RetryBaseDelay time.Duration
	// StallTimeout gives up an attempt whose body sends nothing for this
	// long. Default 30s.
	StallTimeout time.Duration
	// RetryWindow bounds all attempts of one request together. Default 2m.
	RetryWindow time.Duration

	// UserAgent is prepended to gophercloud's own user agent.
	UserAgent string

	// Transport, if set, replaces the default base transport (tests).
	Transport http.RoundTripper
}

// Method says which credentials a Config authenticates with.
type Method string

const (
	MethodToken    Method = "token"
	MethodAKSK     Method = "AK/SK"
	MethodPassword Method = "password"
)

// ErrNoCredentials is returned when neither a token nor a user name and
// password are configured.
var ErrNoCredentials = errors.New("no credentials: set a token, an access key and secret key, or a user name and password")

// AuthMethod reports the method the Config will use: token, then AK/SK,
// then password.
func (c Config) AuthMethod() (Method, error) {
	switch {
	case c.Token != "":
		return MethodToken, nil
	case c.AccessKey != "" && c.SecretKey != "":
		return MethodAKSK, nil
	case c.UserName != "" && c.Password != "":
		return MethodPassword, nil
	default:
		return "", ErrNoCredentials
	}
}

// skipsIAM reports whether the Config has everything to call VBS without IAM.
func (c Config) skipsIAM() bool {
	return c.Token != "" && c.Endpoint != "" && c.ProjectID != ""
}
