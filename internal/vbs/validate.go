package vbs

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// The rules a Config must meet before it can sign in, written once: the
// provider checks them at configure time and maps each FieldError to its
// attribute, and NewClient checks the same for every other caller.

// ErrorKind says what is wrong with a field.
type ErrorKind int

const (
	// Missing: the field must be set.
	Missing ErrorKind = iota
	// Invalid: the field is set to something unusable.
	Invalid
	// NoCredentials: no method is complete; Field is empty.
	NoCredentials
)

// FieldError is one problem of a Config, tagged with the field's name as
// the provider's attribute spells it ("domain_name").
type FieldError struct {
	Field string
	Kind  ErrorKind
	// Why says what needs the field, or what is wrong with it.
	Why string
	// Err is the underlying error, if any (ErrNoCredentials).
	Err error
}

func (e *FieldError) Unwrap() error { return e.Err }

func (e *FieldError) Error() string {
	switch e.Kind {
	case Missing:
		return "missing " + e.Field + ": " + e.Why
	case Invalid:
		return "invalid " + e.Field + ": " + e.Why
	default:
		return e.Why
	}
}

// ConfigErrors are all the problems Validate found.
type ConfigErrors []*FieldError

// Unwrap lets errors.Is and errors.As see every FieldError.
func (es ConfigErrors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

func (es ConfigErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// WithRegionDefaults fills what a known region implies and the
// configuration leaves out: the IAM endpoint, and for AK/SK (which has no
// service catalog) the VBS endpoint.
func (c Config) WithRegionDefaults() Config {
	endpoint, authURL, known := RegionEndpoints(c.Region)
	if !known {
		return c
	}
	if c.AuthURL == "" {
		c.AuthURL = authURL
	}
	if m, _ := c.AuthMethod(); m == MethodAKSK && c.Endpoint == "" && endpoint != "" {
		c.Endpoint, c.EndpointFromRegion = endpoint, true
	}
	return c
}

// CompleteMethods lists the methods the Config has complete credentials
// for, in order of precedence; the first is the one used.
func (c Config) CompleteMethods() []Method {
	var ms []Method
	if c.Token != "" {
		ms = append(ms, MethodToken)
	}
	if c.AccessKey != "" && c.SecretKey != "" {
		ms = append(ms, MethodAKSK)
	}
	if c.UserName != "" && c.Password != "" {
		ms = append(ms, MethodPassword)
	}
	return ms
}

// Validate reports every problem that keeps the Config from signing in, as
// ConfigErrors, or nil.
func (c Config) Validate() error {
	var errs ConfigErrors
	c.checkURLs(&errs)
	c.checkCredentialPairs(&errs)
	method, err := c.AuthMethod()
	if err != nil {
		if len(errs) == 0 {
			errs = append(errs, &FieldError{Kind: NoCredentials, Why: ErrNoCredentials.Error(), Err: ErrNoCredentials})
		}
		return errs
	}
	c.checkMethodNeeds(method, &errs)
	c.checkProject(method, &errs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

func (es *ConfigErrors) add(field string, kind ErrorKind, why string) {
	*es = append(*es, &FieldError{Field: field, Kind: kind, Why: why})
}

// checkURLs: auth_url, endpoint and cbr_endpoint are http(s) URLs, and an
// endpoint copied with a project's path names this project.
func (c Config) checkURLs(errs *ConfigErrors) {
	// An endpoint's RegionPlaceholder is checked as the name of a region.
	endpoint := expandRegion(c.Endpoint, "region")
	cbr := expandRegion(c.CBREndpoint, "region")
	for _, f := range [...]struct{ name, url string }{{"auth_url", c.AuthURL}, {"endpoint", endpoint}, {"cbr_endpoint", cbr}} {
		if err := CheckHTTPURL(f.url); f.url != "" && err != nil {
			errs.add(f.name, Invalid, err.Error())
		}
	}
	if strings.Contains(c.Endpoint, RegionPlaceholder) {
		if err := CheckRegion(c.Region); err != nil {
			errs.add("region", Invalid, "endpoint holds "+RegionPlaceholder+", so the provider needs the region to fill in: "+err.Error())
		}
	}
	if c.Endpoint != "" && CheckHTTPURL(endpoint) == nil {
		if _, err := ServiceRoot(endpoint, c.ProjectID); err != nil {
			*errs = append(*errs, &FieldError{Field: "endpoint", Kind: Invalid, Why: err.Error(), Err: err})
		}
	}
}

// checkCredentialPairs: half a key pair or half a password login.
func (c Config) checkCredentialPairs(errs *ConfigErrors) {
	switch {
	case c.AccessKey != "" && c.SecretKey == "":
		errs.add("secret_key", Missing, "access_key is set, so AK/SK signing needs the secret key")
	case c.SecretKey != "" && c.AccessKey == "":
		errs.add("access_key", Missing, "secret_key is set, so AK/SK signing needs the access key")
	case c.UserName != "" && c.Password == "" && c.Token == "" && c.AccessKey == "":
		errs.add("password", Missing, "user_name is set, so password authentication needs a password")
	case c.Password != "" && c.UserName == "":
		errs.add("user_name", Missing, "password is set, so password authentication needs a user name")
	}
	if c.SecurityToken != "" && c.AccessKey == "" {
		errs.add("access_key", Missing, "security_token belongs to temporary AK/SK credentials")
	}
	switch {
	case c.CertFile != "" && c.KeyFile == "":
		errs.add("key_file", Missing, "cert_file is set, so the client certificate needs its private key")
	case c.KeyFile != "" && c.CertFile == "":
		errs.add("cert_file", Missing, "key_file is set, so the client certificate needs the certificate")
	}
}

// checkMethodNeeds: what the method in use needs besides its credentials.
func (c Config) checkMethodNeeds(method Method, errs *ConfigErrors) {
	if method == MethodAKSK && c.Endpoint == "" && c.AuthURL == "" {
		errs.add(
			"endpoint",
			Missing,
			"with AK/SK the provider takes the VBS endpoint from IAM's service catalog, and needs IAM for it: set auth_url, or a region "+
				"whose IAM it knows ("+
				KnownIAMRegions()+"), or set endpoint to the VBS address your console shows",
		)
	}
	if method == MethodPassword && c.DomainName == "" {
		errs.add("domain_name", Missing, "password authentication needs the user's domain (on Huawei Cloud the account name)")
	}
	if c.needsIAM(method) && c.AuthURL == "" {
		errs.add("auth_url", Missing, "the provider needs IAM to sign in or look up the project (only endpoint, project_id and token together, or AK/SK with "+
			"endpoint and project_id, skip IAM); setting a known region also sets it")
	}
}

// checkProject: every request is scoped to a project, by id or by name.
func (c Config) checkProject(method Method, errs *ConfigErrors) {
	switch {
	case c.ProjectID != "":
	case method == MethodAKSK && c.ProjectName == "" && c.Region == "":
		errs.add("project_id", Missing, "AK/SK requests are scoped to a project; or set project_name or region to look it up by name")
	case method == MethodAKSK:
		// looked up by project_name, else by the region's name
	case c.ProjectName == "":
		errs.add("project_id", Missing, "every VBS request is scoped to a project; or set project_name to look it up by name")
	case c.DomainName == "":
		errs.add("domain_name", Missing, "project_name is only unique within a domain")
	}
}

// needsIAM reports whether signing in with method calls IAM: a token needs
// it to find the endpoint or project, AK/SK only to look up the project.
func (c Config) needsIAM(method Method) bool {
	switch method {
	case MethodToken:
		return c.Endpoint == "" || c.ProjectID == ""
	case MethodAKSK:
		return c.ProjectID == ""
	}
	return true
}

// CheckHTTPURL checks that s is an absolute http(s) URL with a host and
// without user info; the provider's plan-time validator uses it too. The
// URL is shown through ShowURL: a password in it is never printed.
func CheckHTTPURL(s string) error {
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return fmt.Errorf("%s is not a URL", ShowURL(s))
	case u.User != nil:
		return fmt.Errorf(
			"%s carries user info (user:password@): credentials do not belong in a URL, where they would be printed and sent to the server as Basic "+
				"authentication; "+
				"remove them and use user_name and password, token, or access_key and secret_key",
			ShowURL(s),
		)
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("%s must start with https:// (or http://)", ShowURL(s))
	case u.Host == "":
		return fmt.Errorf("%s has no host", ShowURL(s))
	}
	return nil
}

// AsConfigErrors returns the FieldErrors err holds, if any.
func AsConfigErrors(err error) (ConfigErrors, bool) {
	var es ConfigErrors
	if errors.As(err, &es) {
		return es, true
	}
	return nil, false
}
