package vbs

import "strings"

// Endpoints of the clouds the provider knows by region, for AK/SK (which has
// no service catalog) and as defaults for auth_url.

// huaweiRegions are Huawei Cloud regions; their hosts follow one pattern.
var huaweiRegions = []string{
	"af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
	"cn-east-2", "cn-east-3", "cn-north-1", "cn-north-4", "cn-north-9", "cn-south-1", "cn-southwest-2",
	"la-north-2", "la-south-2", "me-east-1", "na-mexico-1", "ru-northwest-2", "sa-brazil-1", "tr-west-1",
}

// otcRegions are Open Telekom Cloud regions with VBS (eu-de only).
var otcRegions = map[string]string{"eu-de": "otc.t-systems.com"}

// RegionEndpoints returns the VBS service root and the IAM URL of a known
// region, and false for a region the provider does not know.
func RegionEndpoints(region string) (vbsEndpoint, authURL string, ok bool) {
	if domain, ok := otcRegions[region]; ok {
		return "https://vbs." + region + "." + domain, "https://iam." + region + "." + domain + "/v3", true
	}
	for _, r := range huaweiRegions {
		if r == region {
			return "https://vbs." + region + ".myhuaweicloud.com", "https://iam." + region + ".myhuaweicloud.com/v3", true
		}
	}
	return "", "", false
}

// KnownRegions lists the regions RegionEndpoints knows, for messages.
func KnownRegions() string {
	all := append([]string{"eu-de"}, huaweiRegions...)
	return strings.Join(all, ", ")
}
