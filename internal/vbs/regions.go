package vbs

import (
	"slices"
	"strings"
)

// Endpoints the provider knows by region: IAM's, as the default auth_url,
// and VBS's, the fallback of AK/SK where IAM's catalog does not answer
// (every method takes VBS from the service catalog first). IAM is in every
// region of both clouds. VBS is not: it has been open to existing users
// only for years, and regions opened since have no "vbs." host. A VBS
// endpoint is known only where a public source shows one (Evidence).

// Region is one region the provider knows.
type Region struct {
	Name string
	// IAM is the IAM URL; VBS the VBS service root, "" where no public
	// source shows one.
	IAM, VBS string
	// Evidence says where VBS's endpoint comes from, for the docs.
	Evidence string
}

const hwDomain = "myhuaweicloud.com"

// regions lists the regions. IAM's hosts: Huawei Cloud's from the IamRegion
// tables of Huawei's own SDKs (huaweicloud-sdk-go-v3 and -php-v3,
// services/iam/v3/region), the EU site's on .myhuaweicloud.eu; OTC's from
// OTC's documentation and catalog (eu-de, eu-nl) and its Swiss cloud's API
// authentication guide (eu-ch2).
var regions = func() []Region {
	out := []Region{
		{Name: "eu-de", IAM: "https://iam.eu-de.otc.t-systems.com/v3", VBS: "https://vbs.eu-de.otc.t-systems.com",
			Evidence: "OTC's Java SDK endpoint table and python-otcextensions' endpoint overrides (VBS closed to new users since 2025-08-01)"},
		{Name: "eu-nl", IAM: "https://iam.eu-nl.otc.t-systems.com/v3"},
		{Name: "eu-ch2", IAM: "https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3"},
		{Name: "cn-north-4", IAM: huaweiIAM("cn-north-4"), VBS: "https://vbs.cn-north-4." + hwDomain,
			Evidence: "Huawei Cloud's host pattern (unverified: no public source shows this host)"},
		{Name: "eu-west-0", IAM: huaweiIAM("eu-west-0"), VBS: "https://vbs.eu-west-0." + hwDomain,
			Evidence: "a VBS API reference is published for this region; the host follows Huawei Cloud's pattern (unverified)"},
		{Name: "eu-west-101", IAM: "https://iam.eu-west-101.myhuaweicloud.eu/v3"},
	}
	// Huawei Cloud regions with IAM but no public evidence of a VBS host.
	for _, r := range []string{
		"ae-ad-1", "af-south-1", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
		"cn-east-2", "cn-east-3", "cn-east-4", "cn-east-5", "cn-north-1", "cn-north-2", "cn-north-9", "cn-south-1",
		"cn-south-2", "cn-southwest-2", "la-north-2", "la-south-2", "me-east-1", "my-kualalumpur-1", "na-mexico-1",
		"ru-moscow-1", "ru-northwest-2", "sa-brazil-1", "tr-west-1",
	} {
		out = append(out, Region{Name: r, IAM: huaweiIAM(r)})
	}
	return out
}()

func huaweiIAM(region string) string { return "https://iam." + region + "." + hwDomain + "/v3" }

// LookupRegion returns what the provider knows of a region.
func LookupRegion(name string) (Region, bool) {
	i := slices.IndexFunc(regions, func(r Region) bool { return r.Name == name })
	if i < 0 {
		return Region{}, false
	}
	return regions[i], true
}

// RegionEndpoints returns the VBS service root ("" where none is known)
// and the IAM URL of a known region, and false for a region the provider
// does not know.
func RegionEndpoints(region string) (vbsEndpoint, authURL string, ok bool) {
	r, ok := LookupRegion(region)
	return r.VBS, r.IAM, ok
}

// KnownRegions lists the regions with a known VBS endpoint, for messages.
func KnownRegions() string {
	var names []string
	for _, r := range regions {
		if r.VBS != "" {
			names = append(names, r.Name)
		}
	}
	return strings.Join(names, ", ")
}

// KnownIAMRegions lists the regions whose IAM the provider knows (every
// region of the table), for messages.
func KnownIAMRegions() string {
	names := make([]string, 0, len(regions))
	for _, r := range regions {
		if r.IAM != "" {
			names = append(names, r.Name)
		}
	}
	return strings.Join(names, ", ")
}

// Regions lists every region the provider knows, for the docs.
func Regions() []Region { return slices.Clone(regions) }
