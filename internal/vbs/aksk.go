package vbs

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
	"github.com/gophercloud/gophercloud/v2/openstack"
	"github.com/gophercloud/gophercloud/v2/openstack/identity/v3/tokens"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// newSignedClient is the AK/SK client: no token is fetched, every request
// is signed. The project, when not given, is looked up by name once.
func newSignedClient(ctx context.Context, cfg Config, rt http.RoundTripper, signer *signingTransport) (*Client, error) {
	pc := &gophercloud.ProviderClient{HTTPClient: newHTTPClient(rt)}
	pc.UseTokenLock()
	setUserAgent(pc, cfg)

	projectID := cfg.ProjectID
	if projectID == "" {
		name := cfg.ProjectName
		if name == "" {
			name = cfg.Region // Huawei Cloud names a region's default project after the region
		}
		var err error
		if projectID, err = lookupProject(ctx, pc, cfg.AuthURL, name); err != nil {
			return nil, &AuthError{Method: MethodAKSK, AuthURL: cfg.AuthURL, Err: err}
		}
	}
	signer.project.Store(&projectID)
	if (cfg.Endpoint == "" || cfg.EndpointFromRegion) && cfg.AuthURL != "" {
		// The service catalog, as both clouds' public Go SDKs take it with
		// AK/SK: the region table's endpoint is only the fallback where
		// IAM does not answer.
		fromCatalog := cfg
		fromCatalog.Endpoint, fromCatalog.EndpointFromRegion = "", false
		sc, err := signedCatalogClient(ctx, pc, cfg.AuthURL, cfg.Region, projectID)
		switch {
		case err == nil:
			c := newClient(sc, projectID, MethodAKSK, fromCatalog)
			c.ServedRegion = cfg.Region
			return c, nil
		case cfg.Endpoint == "":
			return nil, err
		}
		tflog.Debug(ctx, "the service catalog gave no VBS endpoint; the region's known endpoint is "+
			"used", map[string]any{"error": err.Error(), "endpoint": ShowURL(cfg.Endpoint)})
	}
	sc, err := explicitServiceClient(pc, cfg.Endpoint, projectID)
	if err != nil {
		return nil, err
	}
	c := newClient(sc, projectID, MethodAKSK, cfg)
	c.ServedRegion = cfg.Region
	return c, nil
}

// signedCatalogClient finds VBS in the service catalog IAM answers to a
// signed request for the project (GET {auth_url}/auth/catalog, with
// X-Project-Id), by the same rules as a token's catalog: "vbsv2", else
// "volumev2" with "evs" replaced by "vbs".
func signedCatalogClient(ctx context.Context, pc *gophercloud.ProviderClient, authURL, region, projectID string) (*gophercloud.ServiceClient, error) {
	var catalog tokens.ServiceCatalog
	u := strings.TrimSuffix(authURL, "/") + "/auth/catalog"
	if _, err := pc.Request(ctx, http.MethodGet, u, &gophercloud.RequestOpts{JSONResponse: &catalog, OkCodes: []int{http.StatusOK}}); err != nil {
		return nil, fmt.Errorf("reading the service catalog (GET %s): %w", ShowURL(u), err)
	}
	// As gophercloud locates a token's catalog; no version is asked for, so
	// no discovery request is made.
	pc.EndpointLocator = func(opts gophercloud.EndpointOpts) (string, error) {
		return openstack.V3Endpoint(ctx, pc, &catalog, opts)
	}
	return catalogServiceClient(pc, region, projectID)
}

// lookupProject finds a project id by name. It asks first for the
// projects the key's user may use (GET {auth_url}/auth/projects), which
// needs no IAM permission; only where IAM does not answer that does it
// search every project (GET {auth_url}/projects?name=), which a user
// without IAM permissions is refused (403). No X-Project-Id goes to IAM: no
// source covers it, and Huawei's SDK sends none.
func lookupProject(ctx context.Context, pc *gophercloud.ProviderClient, authURL, name string) (string, error) {
	base := strings.TrimSuffix(authURL, "/")
	id, err := projectNamed(ctx, pc, base+"/auth/projects", name)
	if err == nil {
		return id, nil
	}
	var named *projectNameError
	if errors.As(err, &named) || refusedCredentials(err) {
		return "", err // an answer, or keys IAM refuses: searching would say the same
	}
	id, fallbackErr := projectNamed(ctx, pc, base+"/projects?name="+url.QueryEscape(name), name)
	if fallbackErr == nil {
		return id, nil
	}
	return "", fmt.Errorf("looking up the ID of project %q failed: the projects of the access key's user: %w; the search of all projects: %v. "+
		"Set project_id (the console shows it under My Credentials, API Credentials) and no look-up is made", name, err, fallbackErr)
}

// projectNameError is an answer that lists no single project of the name.
type projectNameError struct{ msg string }

func (e *projectNameError) Error() string { return e.msg }

// projectNamed finds the one project called name in IAM's answer at u.
func projectNamed(ctx context.Context, pc *gophercloud.ProviderClient, u, name string) (string, error) {
	var body struct {
		Projects []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"projects"`
	}
	if _, err := pc.Request(ctx, http.MethodGet, u, &gophercloud.RequestOpts{JSONResponse: &body, OkCodes: []int{http.StatusOK}}); err != nil {
		return "", err
	}
	var ids []string
	for _, p := range body.Projects {
		if p.Name == name {
			ids = append(ids, p.ID)
		}
	}
	switch len(ids) {
	case 0:
		return "", &projectNameError{
			fmt.Sprintf("no project named %q is visible to this access key: set project_id, or project_name to an existing project", name),
		}
	case 1:
		if err := CheckProjectID(ids[0]); err != nil {
			return "", &projectNameError{fmt.Sprintf("IAM gave project %q an ID that is not a project ID: %v", name, err)}
		}
		return ids[0], nil
	default:
		return "", &projectNameError{fmt.Sprintf("%d projects are named %q: set project_id", len(ids), name)}
	}
}

// refusedCredentials reports a 401: the keys themselves were refused.
func refusedCredentials(err error) bool {
	ue, ok := UnexpectedResponse(err)
	return ok && ue.Actual == http.StatusUnauthorized
}
