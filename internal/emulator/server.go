package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options tune the emulator. The zero value is the documented behaviour.
type Options struct {
	// Data to serve; nil means SampleDataset().
	Data *Dataset
	// MaxPageSize caps limit (and is the page size when none is given).
	// Default 1000, as the sibling backups API.
	MaxPageSize int
	// SendLinks adds "shared_links" with a "next" link to list pages that
	// are not the last. The published examples carry none, so it is off by
	// default.
	SendLinks bool
	// Latency is added to every request.
	Latency time.Duration
	// TokenLifetime is how long an issued token stays valid. Default 24h.
	TokenLifetime time.Duration
	// Region names the catalog's endpoints. Default "eu-de".
	Region string
	// Now is the clock (tests move it). Default time.Now.
	Now func() time.Time
	// RegionsWithoutVBS are regions whose projects' catalogs hold neither
	// VBS nor EVS: regions where the service is not offered.
	RegionsWithoutVBS []string
	// CatalogWithoutVBS leaves the "vbsv2" entry out of the catalog, so
	// that clients must derive VBS from the "volumev2" (EVS) entry.
	CatalogWithoutVBS bool
	// Vary makes the emulator behave like other servers and gateways
	// (variations.go).
	Vary Variations
	// CBR plays the answers the CBR reference leaves open (cbr.go).
	CBR CBRVariations
	// CatalogWithoutCBR leaves the "cbr" entry out of the catalog.
	CatalogWithoutCBR bool

	// IAM as other clouds run it. TokenStatus is the status of a token
	// issued (default 201; some answer 200). CatalogURLForm is how the
	// catalog writes the VBS and EVS URLs: CatalogURLProject (default,
	// …/v2/{project_id}), CatalogURLRoot (the service root),
	// CatalogURLVersion (…/v2), CatalogURLTenantTemplate
	// (…/v2/$(tenant_id)s) or CatalogURLProjectTemplate
	// (…/v2/%(project_id)s). CatalogInterface is the interface of the VBS
	// and EVS endpoints (default "public").
	TokenStatus      int
	CatalogURLForm   string
	CatalogInterface string
	// ProjectsPageSize pages IAM's project lists: pages of this many,
	// marked "truncated": true with a "links.next" by marker, as Keystone
	// does with list_limit. ProjectsTruncatedOnly leaves the next link out.
	ProjectsPageSize      int
	ProjectsTruncatedOnly bool
	// RestrictedUser answers the search of all projects (GET /v3/projects)
	// with 403, as IAM does for a user without IAM permissions; the
	// projects the user may use (GET /v3/auth/projects) are still listed.
	RestrictedUser bool
}

// Values of Options.CatalogURLForm.
const (
	CatalogURLProject         = "project"
	CatalogURLRoot            = "root"
	CatalogURLVersion         = "version"
	CatalogURLTenantTemplate  = "tenant-template"
	CatalogURLProjectTemplate = "project-template"
)

// Server is the emulator; it is an http.Handler.
type Server struct {
	opts Options

	routesOnce sync.Once
	mux        *http.ServeMux

	mu       sync.Mutex // guards opts.Data and the fields below
	tokens   map[string]token
	faults   []Fault
	stats    map[string]int
	randFail *randomFaults
	lists    int // list requests served, for Vary.AfterList
	// ghosts are cancelled shares a lagging list still holds.
	ghosts []ghost
	// signInFaults are the statuses the next sign-ins answer with.
	signInFaults []int
	// getLag counts the GETs each created share still answers with 404
	// (Vary.GetLagsCreate).
	getLag map[string]int
	// writeWindow and writes count the writes of the current second, for
	// Vary.WritesPerSecond.
	writeWindow time.Time
	writes      int
	// cbrMadeDuringList: CBR.BackupMadeDuringList has made its backup.
	cbrMadeDuringList bool
}

// New returns an emulator with the given options.
func New(opts Options) *Server {
	if opts.Data == nil {
		opts.Data = SampleDataset()
	}
	if opts.MaxPageSize <= 0 {
		opts.MaxPageSize = 1000
	}
	if opts.TokenLifetime <= 0 {
		opts.TokenLifetime = 24 * time.Hour
	}
	if opts.Region == "" {
		opts.Region = "eu-de"
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Server{
		opts:   opts,
		tokens: map[string]token{},
		stats:  map[string]int{},
		getLag: map[string]int{},
	}
}

// Stats returns how many requests each operation has received, keyed
// "iam.token", "iam.projects", "list", "count", "get", "create", "delete",
// and for CBR "cbr.backups", "cbr.backup", "cbr.add", "cbr.members",
// "cbr.member", "cbr.update", "cbr.delete".
func (s *Server) Stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.stats))
	for k, v := range s.stats {
		out[k] = v
	}
	return out
}

// AddShares records shares, as if their projects had made them.
func (s *Server) AddShares(shares ...Share) {
	s.mu.Lock()
	s.opts.Data.Shares = append(s.opts.Data.Shares, shares...)
	s.mu.Unlock()
}

// Shares returns a copy of the shares the emulator holds now.
func (s *Server) Shares() []Share {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.opts.Data.Shares)
}

// ResetStats zeroes the request counters.
func (s *Server) ResetStats() {
	s.mu.Lock()
	s.stats = map[string]int{}
	s.mu.Unlock()
}

func (s *Server) count(op string) {
	s.mu.Lock()
	s.stats[op]++
	s.mu.Unlock()
}

// ServeHTTP applies what every request meets (the gateway's variations,
// a request id, redirects, latency) and hands the request to the routes.
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	r = s.inRegion(r)
	w := rw
	// Variations are the VBS service's and its gateway's; IAM is another
	// service and answers as IAM does.
	if vary := s.vary(); vary.active() && isServicePath(r.URL.Path) {
		vw := &variedWriter{ResponseWriter: rw, v: vary, req: r}
		defer vw.finish()
		w = vw
	}
	w.Header().Set("X-Request-Id", newRequestID())
	if s.redirect(w, r) {
		return
	}
	if s.opts.Latency > 0 {
		select {
		case <-time.After(s.opts.Latency):
		case <-r.Context().Done():
			return
		}
	}
	s.routesOnce.Do(func() { s.mux = s.routes() })
	s.mux.ServeHTTP(w, r)
}

// isServicePath reports a request to VBS (/v2/...) or CBR
// (/v3/{project}/backups...), which the gateway's variations apply to; IAM
// (the rest of /v3/) is another service and answers as IAM does.
func isServicePath(p string) bool {
	if strings.HasPrefix(p, "/v2/") {
		return true
	}
	rest, ok := strings.CutPrefix(p, "/v3/")
	if !ok {
		return false
	}
	_, tail, _ := strings.Cut(rest, "/")
	return tail == "backups" || strings.HasPrefix(tail, "backups/")
}

// sharingPath is the root of the VBS sharing API; {project} is the project
// in the URL, which the caller's credentials must be scoped to.
const sharingPath = "/v2/{project}/os-vendor-backup-sharing"

// routes maps each documented operation to its handler. A path that exists
// for other methods answers 405, any other 404, both in the Cinder shape.
// The literal segments "detail" and "count" take precedence over {id}, as
// ServeMux gives the more specific pattern the request.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.Handle("POST /v3/auth/tokens", s.iam("iam.token", s.issueToken))
	mux.Handle("/v3/auth/tokens", s.iam("iam.token", methodNotAllowed))
	mux.Handle("GET /v3/projects", s.iam("iam.projects", s.searchProjects))
	mux.Handle("/v3/projects", s.iam("iam.projects", methodNotAllowed))
	mux.Handle("GET /v3/auth/projects", s.iam("iam.projects", s.listProjects))
	mux.Handle("GET /v3/auth/catalog", s.iam("iam.catalog", s.serveCatalog))
	mux.Handle("/v3/auth/catalog", s.iam("iam.catalog", methodNotAllowed))
	mux.Handle("/v3/auth/projects", s.iam("iam.projects", methodNotAllowed))

	mux.Handle("POST "+sharingPath, s.sharing("create", s.createShares))
	mux.Handle("GET "+sharingPath+"/detail", s.sharing("list", s.listShares))
	mux.Handle("GET "+sharingPath+"/count", s.sharing("count", s.countShares))
	mux.Handle("GET "+sharingPath+"/{id}", s.sharing("get", s.getShare))
	mux.Handle("DELETE "+sharingPath+"/{id}", s.sharing("delete", s.deleteShare))
	for _, p := range []string{sharingPath, "DELETE " + sharingPath + "/detail", "DELETE " + sharingPath + "/count", sharingPath + "/{id}"} {
		mux.HandleFunc(p, methodNotAllowed)
	}
	s.cbrRoutes(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, _ *http.Request) {
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "The resource could not be found.")
	})
	return mux
}

// iam counts an IAM request under op and serves it; IAM is never faulted.
func (s *Server) iam(op string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count(op)
		h(w, r)
	})
}

// sharingHandler serves one sharing operation for an authenticated caller.
type sharingHandler func(w http.ResponseWriter, r *http.Request, c caller)

// sharing counts a VBS request under op, then lets faults, the write
// throttle and authentication answer it before h does.
func (s *Server) sharing(op string, h sharingHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count(op)
		if s.applyFault(w, r, op) {
			return
		}
		if (op == "create" || op == "delete") && s.throttled() {
			w.Header().Set("Retry-After", "1")
			writeCinderError(w, http.StatusTooManyRequests, "overLimit", "Too many write requests: this gateway admits "+
				""+strconv.Itoa(s.vary().WritesPerSecond)+" a second.")
			return
		}
		project := r.PathValue("project")
		caller, ok := s.authenticate(w, r, project)
		if !ok {
			return
		}
		if caller.project != project {
			s.refuseProject(w, caller.project, project)
			return
		}
		if home := s.projectRegion(project); home != "" && home != requestRegion(r) {
			refuseRegion(w, project, requestRegion(r), home)
			return
		}
		h(w, r, caller)
	})
}

// refuseProject answers a request for a project the token is not scoped to.
func (s *Server) refuseProject(w http.ResponseWriter, scoped, asked string) {
	msg := "Policy doesn't allow volume_extension:backup_sharing to be performed: the token is scoped to project " + scoped + ", not " + asked + "."
	if s.vary().VBSAuthErrors {
		writeVBSError(w, http.StatusForbidden, "VolumeBackup.0042", "user role is not allowed for this action: "+msg)
		return
	}
	writeCinderError(w, http.StatusForbidden, "forbidden", msg)
}

// throttled counts a write against Vary.WritesPerSecond and reports
// whether it is over.
func (s *Server) throttled() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	limit := s.opts.Vary.WritesPerSecond
	if limit <= 0 {
		return false
	}
	now := s.opts.Now()
	if now.Sub(s.writeWindow) >= time.Second {
		s.writeWindow, s.writes = now, 0
	}
	s.writes++
	return s.writes > limit
}

func newRequestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	h := hex.EncodeToString(b[:])
	return "req-" + h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

// vary returns the variations in force.
func (s *Server) vary() Variations {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.opts.Vary
}

// SetVariations replaces the variations while the emulator serves.
func (s *Server) SetVariations(v Variations) {
	s.mu.Lock()
	s.opts.Vary = v
	s.mu.Unlock()
}
