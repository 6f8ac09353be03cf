package vbs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
)

// Catalog service types: VBS publishes "vbsv2" (its URL already ends in
// /v2/{project_id}); clouds without it are reached through the "volumev2"
// (EVS) entry with "evs" replaced by "vbs" in the host.
const (
	catalogTypeVBS  = "vbsv2"
	catalogTypeEVS  = "volumev2"
	defaultAgentTag = "terraform-provider-vbs"
)

// Client is an authenticated VBS service client and what was learnt while
// authenticating.
type Client struct {
	*gophercloud.ServiceClient
	// ProjectID is the project every request is scoped to.
	ProjectID string
	// Method is the authentication method used.
	Method Method
	// Redactor takes the client's credentials out of text a gateway may
	// have echoed them in; Safe also escapes control characters.
	Redactor *Redactor
	// Region is the configured region, "" when none was.
	Region string
	// ServedRegion is the region the client's endpoint serves, as far as
	// it is known: the configured region, else the one region of the
	// catalog's VBS and EVS endpoints; "" when unknown.
	ServedRegion string
	// EndpointSource says where the VBS endpoint came from, for hints.
	EndpointSource EndpointSource

	cbrEndpoint string
	cbr         cbrOnce
}

// EndpointSource is where the client's VBS endpoint came from.
type EndpointSource string

const (
	EndpointFromSetting EndpointSource = "setting" // endpoint or VBS_ENDPOINT
	EndpointFromRegion  EndpointSource = "region"  // the region's default
	EndpointFromCatalog EndpointSource = "catalog" // the token's service catalog
)

// newClient is the Client for sc, with a Redactor of cfg's credentials and
// of the token the client holds at the time of redaction.
func newClient(sc *gophercloud.ServiceClient, projectID string, method Method, cfg Config) *Client {
	pc := sc.ProviderClient
	source := EndpointFromCatalog
	switch {
	case cfg.EndpointFromRegion:
		source = EndpointFromRegion
	case cfg.Endpoint != "":
		source = EndpointFromSetting
	}
	return &Client{
		ServiceClient:  sc,
		ProjectID:      projectID,
		Method:         method,
		Redactor:       NewRedactor(cfg, pc.Token),
		Region:         cfg.Region,
		EndpointSource: source,
		cbrEndpoint:    cfg.CBREndpoint,
	}
}

// NewClient authenticates as cfg says and returns a client for VBS. With a
// token, an endpoint and a project id it makes no request at all.
func NewClient(ctx context.Context, cfg Config) (*Client, error) {
	cfg = cfg.WithRegionDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg.Endpoint = expandRegion(cfg.Endpoint, cfg.Region)
	method, _ := cfg.AuthMethod()
	base, err := baseTransport(cfg)
	if err != nil {
		return nil, err
	}
	// Outermost first: retries, then signing (each attempt signed afresh),
	// then logging of every attempt, then IAM's token answer as gophercloud
	// expects it.
	var rt http.RoundTripper = loggingTransport{next: tokenAnswer{next: base}}
	var signer *signingTransport
	if method == MethodAKSK {
		signer = &signingTransport{next: rt, signer: Signer{AccessKey: cfg.AccessKey, SecretKey: cfg.SecretKey, SecurityToken: cfg.SecurityToken}}
		rt = signer
	}
	rt = newRetryTransport(rt, cfg)

	if method == MethodAKSK {
		return newSignedClient(ctx, cfg, rt, signer)
	}

	if cfg.skipsIAM() {
		pc := &gophercloud.ProviderClient{HTTPClient: newHTTPClient(rt)}
		pc.UseTokenLock()
		pc.SetToken(cfg.Token)
		setUserAgent(pc, cfg)
		sc, err := explicitServiceClient(pc, cfg.Endpoint, cfg.ProjectID)
		if err != nil {
			return nil, err
		}
		return newClient(sc, cfg.ProjectID, method, cfg), nil
	}

	pc, err := openstack.NewClient(cfg.AuthURL)
	if err != nil {
		return nil, fmt.Errorf("auth_url %s: %w", ShowURL(cfg.AuthURL), err)
	}
	pc.HTTPClient = newHTTPClient(rt)
	setUserAgent(pc, cfg)

	opts := authOptions(cfg, method)
	if err := openstack.AuthenticateV3(ctx, pc, &opts, gophercloud.EndpointOpts{}); err != nil {
		return nil, &AuthError{Method: method, AuthURL: cfg.AuthURL, Err: err}
	}
	projectID, err := tokenProject(pc)
	if err != nil {
		return nil, err
	}
	if cfg.ProjectID != "" && projectID != "" && projectID != cfg.ProjectID {
		return nil, fmt.Errorf("IAM scoped the token to project %s, not the configured project_id %s", projectID, cfg.ProjectID)
	}
	if projectID == "" {
		projectID = cfg.ProjectID
	}
	if projectID == "" {
		return nil, errors.New("the token is not scoped to a project: set project_id or project_name")
	}

	var sc *gophercloud.ServiceClient
	if cfg.Endpoint != "" {
		sc, err = explicitServiceClient(pc, cfg.Endpoint, projectID)
	} else {
		sc, err = catalogServiceClient(pc, cfg.Region, projectID)
	}
	if err != nil {
		return nil, err
	}
	c := newClient(sc, projectID, method, cfg)
	c.ServedRegion = cfg.Region
	if regions := catalogRegions(pc); cfg.Region == "" && cfg.Endpoint == "" && len(regions) == 1 {
		c.ServedRegion = regions[0]
	}
	return c, nil
}

func setUserAgent(pc *gophercloud.ProviderClient, cfg Config) {
	if cfg.UserAgent != "" {
		pc.UserAgent.Prepend(cfg.UserAgent)
	} else {
		pc.UserAgent.Prepend(defaultAgentTag)
	}
}

// authOptions scopes the token to a project: by id, or by name in the
// user's domain (Validate has checked that what is needed is there). A token
// is re-scoped through the token method; passwords allow gophercloud to
// re-authenticate when the token expires.
func authOptions(cfg Config, method Method) gophercloud.AuthOptions {
	scope := &gophercloud.AuthScope{ProjectID: cfg.ProjectID}
	if cfg.ProjectID == "" {
		scope = &gophercloud.AuthScope{ProjectName: cfg.ProjectName, DomainName: cfg.DomainName}
	}
	opts := gophercloud.AuthOptions{IdentityEndpoint: cfg.AuthURL, Scope: scope}
	switch method {
	case MethodToken:
		opts.TokenID = cfg.Token
	case MethodPassword:
		opts.Username, opts.Password, opts.DomainName = cfg.UserName, cfg.Password, cfg.DomainName
		opts.AllowReauth = true
	}
	return opts
}

func tokenProject(pc *gophercloud.ProviderClient) (string, error) {
	res, ok := pc.GetAuthResult().(tokens.CreateResult)
	if !ok {
		return "", nil
	}
	p, err := res.ExtractProject()
	if err != nil {
		return "", fmt.Errorf("reading the token's project: %w", err)
	}
	if p == nil {
		return "", nil
	}
	return p.ID, nil
}

// explicitServiceClient targets a given service root.
func explicitServiceClient(pc *gophercloud.ProviderClient, endpoint, projectID string) (*gophercloud.ServiceClient, error) {
	root, err := ServiceRoot(endpoint, projectID)
	if err != nil {
		return nil, err
	}
	return &gophercloud.ServiceClient{
		ProviderClient: pc,
		Endpoint:       root,
		ResourceBase:   root + "v2/" + url.PathEscape(projectID) + "/",
		Type:           catalogTypeVBS,
	}, nil
}

// catalogServiceClient finds VBS in the token's catalog: its public "vbsv2"
// endpoint, else the public "volumev2" (EVS) one with "evs" replaced by
// "vbs" in the host. Catalogs write the URL in several forms: the service
// root, with "/v2", with "/v2/{project_id}", or with a template in place of
// the project ("$(tenant_id)s", "%(project_id)s"). Templates are filled
// in, and the rest follows the same rule as the endpoint setting.
func catalogServiceClient(pc *gophercloud.ProviderClient, region, projectID string) (*gophercloud.ServiceClient, error) {
	eo := gophercloud.EndpointOpts{Type: catalogTypeVBS, Region: region, Availability: gophercloud.AvailabilityPublic}
	u, err := pc.EndpointLocator(eo)
	if err != nil {
		eo.Type = catalogTypeEVS
		evs, evsErr := pc.EndpointLocator(eo)
		if evsErr != nil {
			return nil, &CatalogError{Region: region, Regions: catalogRegions(pc), Interfaces: catalogInterfaces(pc, region)}
		}
		if u, err = EVSToVBS(fillProject(evs, projectID)); err != nil {
			return nil, err
		}
	}
	return explicitServiceClient(pc, fillProject(u, projectID), projectID)
}

// fillProject fills the project templates some catalogs carry.
func fillProject(u, projectID string) string {
	return strings.NewReplacer("$(tenant_id)s", projectID, "%(tenant_id)s", projectID, "$(project_id)s", projectID, "%(project_id)s", projectID).Replace(u)
}

// CatalogError is a catalog without a public VBS (or EVS) endpoint in the
// region asked for.
type CatalogError struct {
	Region string
	// Regions are the regions the catalog has VBS or EVS in.
	Regions []string
	// Interfaces are the other interfaces (internal, admin) the catalog
	// has VBS or EVS endpoints with in the region, when it has no public one.
	Interfaces []string
}

func (e *CatalogError) Error() string {
	in := "in any region"
	if e.Region != "" {
		in = fmt.Sprintf("in region %q", e.Region)
	}
	if len(e.Interfaces) > 0 {
		return fmt.Sprintf(
			"the service catalog has %q and %q endpoints %s only with the interfaces %s, not public: set endpoint to the VBS address this machine "+
				"can reach",
			catalogTypeVBS,
			catalogTypeEVS,
			in,
			strings.Join(e.Interfaces, ", "),
		)
	}
	msg := fmt.Sprintf("the service catalog has neither a %q nor a %q endpoint %s", catalogTypeVBS, catalogTypeEVS, in)
	if len(e.Regions) > 0 {
		msg += fmt.Sprintf("; it has them in %s", strings.Join(e.Regions, ", "))
	}
	return msg
}

// catalogInterfaces lists the interfaces of the VBS and EVS endpoints in
// region (any region when empty).
func catalogInterfaces(pc *gophercloud.ProviderClient, region string) []string {
	var out []string
	for _, ep := range catalogEndpoints(pc) {
		if (region == "" || ep.Region == region || ep.RegionID == region) && !slices.Contains(out, ep.Interface) {
			out = append(out, ep.Interface)
		}
	}
	sort.Strings(out)
	return out
}

// catalogEndpoints are the token's VBS and EVS endpoints.
func catalogEndpoints(pc *gophercloud.ProviderClient) []tokens.Endpoint {
	res, ok := pc.GetAuthResult().(tokens.CreateResult)
	if !ok {
		return nil
	}
	catalog, err := res.ExtractServiceCatalog()
	if err != nil {
		return nil
	}
	var out []tokens.Endpoint
	for _, entry := range catalog.Entries {
		if entry.Type == catalogTypeVBS || entry.Type == catalogTypeEVS {
			out = append(out, entry.Endpoints...)
		}
	}
	return out
}

// catalogRegions lists the regions of the token's VBS and EVS endpoints.
func catalogRegions(pc *gophercloud.ProviderClient) []string {
	var regions []string
	for _, ep := range catalogEndpoints(pc) {
		if r := ep.Region; r != "" && !slices.Contains(regions, r) {
			regions = append(regions, r)
		}
	}
	sort.Strings(regions)
	return regions
}

// EVSToVBS derives the VBS URL from an EVS (volumev2) catalog URL by
// replacing the "evs" label of its host: https://evs.eu-de.example.com/v2/p
// becomes https://vbs.eu-de.example.com/v2/p.
func EVSToVBS(evs string) (string, error) {
	u, err := url.Parse(evs)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("catalog URL %q for %s is not a URL", evs, catalogTypeEVS)
	}
	labels := strings.Split(u.Hostname(), ".")
	replaced := false
	for i, l := range labels {
		if l == "evs" {
			labels[i], replaced = "vbs", true
			break
		}
	}
	if !replaced {
		return "", fmt.Errorf("cannot derive the VBS endpoint from the %s URL %q (no \"evs\" in its host): set endpoint", catalogTypeEVS, evs)
	}
	host := strings.Join(labels, ".")
	if p := u.Port(); p != "" {
		host += ":" + p
	}
	u.Host = host
	return gophercloud.NormalizeURL(u.String()), nil
}

// tokenAnswer reads IAM's answer to a token request the way gophercloud
// expects it: Keystone answers 201, some IAM deployments 200. A 200 with
// the token in X-Subject-Token is a token all the same.
type tokenAnswer struct{ next http.RoundTripper }

func (t tokenAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusOK && req.Method == http.MethodPost &&
		strings.HasSuffix(req.URL.Path, "/auth/tokens") && resp.Header.Get("X-Subject-Token") != "" {
		resp.StatusCode, resp.Status = http.StatusCreated, "201 Created"
	}
	return resp, err
}

// AuthError is a failed authentication, naming the method used.
type AuthError struct {
	Method  Method
	AuthURL string
	Err     error
}

func (e *AuthError) Error() string {
	return fmt.Sprintf("%s authentication at %s failed: %v", e.Method, ShowURL(e.AuthURL), describeAuthFailure(e.Err))
}

func (e *AuthError) Unwrap() error { return e.Err }

// StatusCode is the HTTP status of the IAM answer, 0 when there was none.
func (e *AuthError) StatusCode() int {
	if v, ok := UnexpectedResponse(e.Err); ok {
		return v.Actual
	}
	return 0
}

// describeAuthFailure turns gophercloud's long status error into the status
// and IAM's own message.
func describeAuthFailure(err error) string {
	v, ok := UnexpectedResponse(err)
	if !ok {
		return err.Error()
	}
	msg := fmt.Sprintf("HTTP %d", v.Actual)
	if v.Actual >= 300 && v.Actual < 400 {
		return fmt.Sprintf("%s: a redirect to %s, which was not followed: credentials are sent only to the host of "+
			"auth_url", msg, ShowURL(v.ResponseHeader.Get("Location")))
	}
	code, text, _ := ParseErrorBody(v.Body)
	if code != "" {
		msg += ", code " + code
	}
	if text != "" {
		msg += ": " + text
	}
	return msg
}
