package vbs

import (
	"cmp"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gophercloud/gophercloud/v2"
)

// catalogTypeCBR is Cloud Backup and Recovery's type in the service
// catalog, as OTC's catalog lists it.
const catalogTypeCBR = "cbr"

type cbrOnce struct {
	once sync.Once
	sc   *gophercloud.ServiceClient
	err  error
	// warned: FirstCBRInClear has said so.
	warned atomic.Bool
}

// FirstCBRInClear reports, once per client, that its CBR endpoint sends
// credentials unencrypted (http:// to a host that is not loopback).
func (c *Client) FirstCBRInClear() bool {
	sc, err := c.CBR()
	return err == nil && InClear(sc.ResourceBase) && !c.cbr.warned.Swap(true)
}

// CBR is the client of Cloud Backup and Recovery for the client's project
// and region, on the same credentials, transport and pace as VBS. Its
// service root is, in order: CBREndpoint (RegionPlaceholder filled in);
// the "cbr" entry of the service catalog; the VBS endpoint's host with its
// "vbs" label as "cbr" (both clouds name the two services' hosts so:
// vbs.eu-de.otc.t-systems.com, cbr.eu-de.otc.t-systems.com). Requests go
// to {root}/v3/{project_id}/; a root given with /v3 or /v3/{project_id}
// (OTC's catalog form) is not doubled.
func (c *Client) CBR() (*gophercloud.ServiceClient, error) {
	c.cbr.once.Do(func() { c.cbr.sc, c.cbr.err = c.cbrServiceClient() })
	return c.cbr.sc, c.cbr.err
}

func (c *Client) cbrServiceClient() (*gophercloud.ServiceClient, error) {
	endpoint, from, err := c.cbrEndpointFor()
	if err != nil {
		return nil, err
	}
	root, err := serviceRoot(endpoint, c.ProjectID, "v3")
	if err != nil {
		return nil, fmt.Errorf("the CBR endpoint %s (from %s): %w", ShowURL(endpoint), from, err)
	}
	return &gophercloud.ServiceClient{
		ProviderClient: c.ProviderClient,
		Endpoint:       root,
		ResourceBase:   root + "v3/" + url.PathEscape(c.ProjectID) + "/",
		Type:           catalogTypeCBR,
	}, nil
}

// cbrEndpointFor finds the CBR endpoint and says where it came from.
func (c *Client) cbrEndpointFor() (endpoint, from string, err error) {
	region := cmp.Or(c.Region, c.ServedRegion)
	if c.cbrEndpoint != "" {
		if !strings.Contains(c.cbrEndpoint, RegionPlaceholder) {
			return c.cbrEndpoint, "cbr_endpoint", nil
		}
		if region == "" {
			return "", "", fmt.Errorf("cbr_endpoint holds %s, and the region of project %s is unknown: set region", RegionPlaceholder, c.ProjectID)
		}
		return expandRegion(c.cbrEndpoint, region), "cbr_endpoint", nil
	}
	if locate := c.EndpointLocator; locate != nil {
		u, err := locate(gophercloud.EndpointOpts{Type: catalogTypeCBR, Region: region, Availability: gophercloud.AvailabilityPublic})
		if err == nil {
			return fillProject(u, c.ProjectID), "the service catalog", nil
		}
	}
	if u, ok := vbsHostToCBR(c.Endpoint); ok {
		return u, "the VBS endpoint's host", nil
	}
	return "", "", fmt.Errorf("no CBR endpoint for project %s: the service catalog has no %q entry%s, and the VBS endpoint %s has no \"vbs\" host label "+
		"to derive it from; set cbr_endpoint (VBS_CBR_ENDPOINT)", c.ProjectID, catalogTypeCBR, inRegion(region), ShowURL(c.Endpoint))
}

func inRegion(region string) string {
	if region == "" {
		return ""
	}
	return " in region " + region
}

// vbsHostToCBR is the VBS endpoint's service root with the host's "vbs"
// label replaced by "cbr"; false when the host has no such label.
func vbsHostToCBR(endpoint string) (string, bool) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return "", false
	}
	labels := strings.Split(u.Hostname(), ".")
	if len(labels) < 3 || labels[0] != "vbs" {
		return "", false
	}
	labels[0] = "cbr"
	host := strings.Join(labels, ".")
	if port := u.Port(); port != "" {
		host += ":" + port
	}
	return u.Scheme + "://" + host, true
}
