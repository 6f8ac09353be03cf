package emulator

import (
	"context"
	"net/http"
	"strings"
)

// RegionsPrefix is where the emulator serves the regions of its projects:
// VBS of region R at /regions/R/v2/…, the emulator's own region also at
// /v2/…. Catalogs point there, and an endpoint with "{region}"
// (base/regions/{region}) reaches every region.
const RegionsPrefix = "/regions/"

type regionKey struct{}

// inRegion takes a /regions/{region} prefix off the request's path and
// notes the region in its context; a path without one is in the
// emulator's own region.
func (s *Server) inRegion(r *http.Request) *http.Request {
	region := s.opts.Region
	if rest, ok := strings.CutPrefix(r.URL.Path, RegionsPrefix); ok {
		name, path, _ := strings.Cut(rest, "/")
		region = name
		r.URL.Path = "/" + path
		if raw, ok := strings.CutPrefix(r.URL.RawPath, RegionsPrefix+name); ok {
			r.URL.RawPath = raw
		}
	}
	return r.WithContext(context.WithValue(r.Context(), regionKey{}, region))
}

func requestRegion(r *http.Request) string {
	region, _ := r.Context().Value(regionKey{}).(string)
	return region
}

// projectRegion is the region of a project, "" for a project the emulator
// does not know.
func (s *Server) projectRegion(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.findProject(id, "", "")
	if p == nil {
		return ""
	}
	return s.regionOf(p)
}

// regionOf must be called with s.mu held.
func (s *Server) regionOf(p *Project) string {
	if p.Region != "" {
		return p.Region
	}
	return s.opts.Region
}

// regionBase is the root of a region's services on this emulator.
func (s *Server) regionBase(base, region string) string {
	if region == s.opts.Region {
		return base
	}
	return base + strings.TrimSuffix(RegionsPrefix, "/") + "/" + region
}

// refuseRegion answers a request for a project in another region's
// endpoint, as the gateway of a region that does not host the project.
func refuseRegion(w http.ResponseWriter, project, asked, home string) {
	writeCinderError(w, http.StatusForbidden, "forbidden", "Project "+project+" is not in region "+asked+" (it is in "+home+"): use that region's endpoint.")
}
