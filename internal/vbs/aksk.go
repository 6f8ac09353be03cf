package vbs

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
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
	sc, err := explicitServiceClient(pc, cfg.Endpoint, projectID)
	if err != nil {
		return nil, err
	}
	return newClient(sc, projectID, MethodAKSK, cfg), nil
}

// lookupProject finds a project id by name: GET {auth_url}/projects?name=.
func lookupProject(ctx context.Context, pc *gophercloud.ProviderClient, authURL, name string) (string, error) {
	u := strings.TrimSuffix(authURL, "/") + "/projects?name=" + url.QueryEscape(name)
	var body struct {
		Projects []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"projects"`
	}
	if _, err := pc.Request(ctx, http.MethodGet, u, &gophercloud.RequestOpts{JSONResponse: &body, OkCodes: []int{http.StatusOK}}); err != nil {
		return "", err
	}
	switch len(body.Projects) {
	case 0:
		return "", fmt.Errorf("no project named %q is visible to this access key: set project_id, or project_name to an existing project", name)
	case 1:
		return body.Projects[0].ID, nil
	default:
		return "", fmt.Errorf("%d projects are named %q: set project_id", len(body.Projects), name)
	}
}
