package vbs

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"time"
)

// RegionPlaceholder in an endpoint stands for the region of each request:
// https://vbs.{region}.myhuaweicloud.com reaches VBS in every region.
const RegionPlaceholder = "{region}"

// RegionPattern is the form of region names (eu-de, cn-north-4, eu-ch2):
// a region is put into URLs, so nothing else may pass.
var RegionPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// CheckRegion reports whether region has the form of a region name.
func CheckRegion(region string) error {
	if !RegionPattern.MatchString(region) {
		return fmt.Errorf("%q is not a region name (lowercase letters and digits in parts joined by hyphens, as eu-de or cn-north-4)", EscapeControls(region))
	}
	return nil
}

// expandRegion fills the region into an endpoint with RegionPlaceholder.
func expandRegion(endpoint, region string) string {
	return strings.ReplaceAll(endpoint, RegionPlaceholder, region)
}

// Scope is a project and a region to reach VBS in.
type Scope struct {
	ProjectID string
	Region    string
}

// signInTimeout bounds one sign-in for a scope. It is not the reader's
// deadline: the sign-in is shared by every read of the scope, so one
// reader's cancellation must not fail the others.
const signInTimeout = 5 * time.Minute

// Scopes hands out a Client for each project and region, all from the
// credentials of one Config: with a password a token scoped to the project,
// obtained when first asked for and then reused; with AK/SK requests
// signed for the project, with no sign-in at all; with a fixed token only
// the token's own project. Concurrent reads of one scope wait for one
// sign-in. A failed sign-in is kept too (it names the scope), so that a
// plan of many reads does not ask IAM again for each: the next provider
// process tries afresh.
type Scopes struct {
	cfg Config
	def *Client
	// connect is NewClient; tests replace it.
	connect func(context.Context, Config) (*Client, error)

	mu      sync.Mutex
	clients map[Scope]*scopedClient
	// warned are the clients whose http:// endpoint was warned of.
	warned map[*Client]bool
}

type scopedClient struct {
	ready  chan struct{}
	client *Client
	err    error
}

// NewScopes serves cfg's credentials in every scope; def is the client
// NewClient made of cfg itself, the default scope's.
//
// Every scope's client shares one base transport, and so one pool of
// connections per host: reading 500 projects with a transport each opened
// nearly a thousand connections and left them open.
func NewScopes(cfg Config, def *Client) *Scopes {
	if cfg.Transport == nil {
		if base, err := baseTransport(cfg); err == nil {
			cfg.Transport = base
		} // else each scope's NewClient reports the same error
	}
	return &Scopes{cfg: cfg, def: def, connect: NewClient, clients: map[Scope]*scopedClient{}}
}

// FirstInClear reports, once per client, a client other than the default
// one whose endpoint uses plain http://: the caller warns of it. (Configure
// warns of the default client's.)
func (s *Scopes) FirstInClear(c *Client) bool {
	if c == nil || c == s.def || !InClear(c.ResourceBase) {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warned[c] {
		return false
	}
	if s.warned == nil {
		s.warned = map[*Client]bool{}
	}
	s.warned[c] = true
	return true
}

// Default is the client of the configured project and region.
func (s *Scopes) Default() *Client { return s.def }

// DefaultScope is the configured project and region.
func (s *Scopes) DefaultScope() Scope { return Scope{ProjectID: s.def.ProjectID, Region: s.cfg.Region} }

// For returns the client of a project and region; an empty project or
// region is the configured one.
func (s *Scopes) For(ctx context.Context, projectID, region string) (*Client, error) {
	sc := Scope{ProjectID: cmp.Or(projectID, s.def.ProjectID), Region: cmp.Or(region, s.cfg.Region)}
	// A region asked for is never dropped: with no region configured, the
	// default client's endpoint is whatever region the catalog (or the
	// endpoint) serves, which need not be the one asked for; the provider's
	// own project in a named region is signed in to there like any scope.
	if sc == s.DefaultScope() || (sc.ProjectID == s.def.ProjectID && sc.Region == s.def.ServedRegion) {
		return s.def, nil
	}
	if theirs, ours := cloudOfRegion(sc.Region), s.credentialsCloud(); theirs != "" && ours != "" && theirs != ours {
		// Credentials of one cloud are never sent to the other's hosts.
		return nil, &ScopeError{Scope: sc, Why: "region " + sc.Region + " is " + theirs + "'s, and the provider's credentials are " +
			"" + ours + "'s (" + ShowURL(cmp.Or(s.cfg.AuthURL, s.cfg.Endpoint)) + "): they are not sent to the other cloud",
			Fix: "read it through a provider alias configured with " + theirs + " credentials"}
	}
	if s.def.Method == MethodAKSK && s.cfg.Region == "" && s.cfg.AuthURL == "" && sc.Region != "" && s.cfg.Endpoint != "" &&
		!strings.Contains(s.cfg.Endpoint, RegionPlaceholder) {
		// No IAM to ask for the region's catalog: the region table's public
		// hosts would get the signed requests, though the user named
		// another endpoint.
		return nil, &ScopeError{
			Scope: sc,
			Why: "endpoint is set without " + RegionPlaceholder + " and the provider has no region, so which region the endpoint " +
				"serves is unknown",
			Fix: "set region in the provider block to the region of endpoint (VBS_ENDPOINT), or write the endpoint with " +
				"" + RegionPlaceholder + " (https://vbs." + RegionPlaceholder + ".example.com) so that it serves every region",
		}
	}
	// Both go into URLs: only a project id and a region name may.
	if err := CheckProjectID(sc.ProjectID); err != nil {
		return nil, &ScopeError{Scope: sc, Why: err.Error()}
	}
	if err := CheckRegion(sc.Region); sc.Region != "" && err != nil {
		return nil, &ScopeError{Scope: sc, Why: err.Error()}
	}
	if s.def.Method == MethodToken && sc.ProjectID != s.def.ProjectID {
		return nil, &ScopeError{
			Scope: sc,
			Why:   "the provider is configured with a fixed token, which IAM scoped to project " + s.def.ProjectID + " alone",
			Fix: "configure a user name and password, or an access key and secret key: the provider then signs in to every project it is asked for. Or read project " +
				"" + sc.ProjectID + " through a provider alias with a token of its own",
		}
	}
	s.mu.Lock()
	e, started := s.clients[sc]
	if !started {
		e = &scopedClient{ready: make(chan struct{})}
		s.clients[sc] = e
	}
	s.mu.Unlock()
	if !started {
		go s.signIn(context.WithoutCancel(ctx), sc, e)
	}
	select {
	case <-e.ready:
		if err := ctx.Err(); err != nil {
			// Both were ready (a fast sign-in): select picks either at
			// random, and a reader that gave up says so every time. The
			// client stays for the next reader.
			return nil, err
		}
		return e.client, e.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func (s *Scopes) signIn(ctx context.Context, sc Scope, e *scopedClient) {
	defer close(e.ready)
	ctx, cancel := context.WithTimeout(ctx, signInTimeout)
	defer cancel()
	c, err := s.connect(ctx, s.configFor(sc))
	if err != nil {
		e.err = &ScopeError{Scope: sc, Why: "signing in, or finding its endpoint, failed", Err: err}
		return
	}
	e.client = c
}

// configFor is the Config of a scope: the credentials unchanged, the
// project by id. An endpoint set for the configured region keeps that
// meaning there; in another region it applies only when it holds
// RegionPlaceholder, and otherwise the region's endpoint comes from the
// catalog or the region table, as it would with no endpoint set.
func (s *Scopes) configFor(sc Scope) Config {
	cfg := s.cfg
	cfg.ProjectID, cfg.ProjectName = sc.ProjectID, ""
	if sc.Region != s.cfg.Region {
		cfg.Region = sc.Region
		if cfg.EndpointFromRegion || !strings.Contains(cfg.Endpoint, RegionPlaceholder) {
			cfg.Endpoint, cfg.EndpointFromRegion = "", false
		}
		if !strings.Contains(cfg.CBREndpoint, RegionPlaceholder) {
			cfg.CBREndpoint = ""
		}
	}
	return cfg
}

// ScopeError is a project or region the credentials cannot serve.
type ScopeError struct {
	Scope Scope
	Why   string
	Fix   string
	Err   error
}

func (e *ScopeError) Error() string {
	msg := "project " + EscapeControls(Truncate(e.Scope.ProjectID, 80))
	if e.Scope.Region != "" {
		msg += " in region " + EscapeControls(Truncate(e.Scope.Region, 80))
	}
	msg += ": " + e.Why
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	if e.Fix != "" {
		msg += ". To read it, " + e.Fix
	}
	return msg
}

func (e *ScopeError) Unwrap() error { return e.Err }

// Clouds, by the domains of their hosts.
const (
	cloudOTC    = "Open Telekom Cloud"
	cloudHuawei = "Huawei Cloud"
)

// cloudOfHost names the cloud a host belongs to, "" for any other host (a
// private gateway, an emulator).
func cloudOfHost(host string) string {
	host = strings.ToLower(host)
	switch {
	case strings.HasSuffix(host, ".otc.t-systems.com"):
		return cloudOTC
	case strings.HasSuffix(host, "."+hwDomain), strings.HasSuffix(host, ".myhuaweicloud.eu"):
		return cloudHuawei
	}
	return ""
}

// cloudOfURL is cloudOfHost of a URL's host.
func cloudOfURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return cloudOfHost(u.Hostname())
}

// cloudOfRegion names the cloud of a region the provider knows.
func cloudOfRegion(region string) string {
	r, ok := LookupRegion(region)
	if !ok {
		return ""
	}
	return cloudOfURL(r.IAM)
}

// credentialsCloud names the cloud the credentials belong to, as their IAM
// (or, without one, the configured endpoint) shows.
func (s *Scopes) credentialsCloud() string {
	if s.cfg.AuthURL != "" {
		return cloudOfURL(s.cfg.AuthURL)
	}
	return cloudOfURL(s.cfg.Endpoint)
}
