package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
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
	// CatalogWithoutVBS leaves the "vbsv2" entry out of the catalog, so
	// that clients must derive VBS from the "volumev2" (EVS) entry.
	CatalogWithoutVBS bool
	// Vary makes the emulator behave like other servers and gateways
	// (variations.go).
	Vary Variations

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

	mu       sync.Mutex // guards opts.Data and the fields below
	tokens   map[string]token
	faults   []Fault
	stats    map[string]int
	randFail *randomFaults
	lists    int // list requests served, for Vary.AfterList
	// writeWindow and writes count the writes of the current second, for
	// Vary.WritesPerSecond.
	writeWindow time.Time
	writes      int
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
	}
}

// Stats returns how many requests each operation has received, keyed
// "iam.token", "iam.projects", "list", "count", "get", "create", "delete".
func (s *Server) Stats() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.stats))
	for k, v := range s.stats {
		out[k] = v
	}
	return out
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

// ServeHTTP routes a request. The literal segments "detail" and "count" are
// matched before the {id} segment they collide with.
func (s *Server) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := rw
	// Variations are the VBS service's and its gateway's; IAM is another
	// service and answers as IAM does.
	if vary := s.vary(); vary.active() && !strings.HasPrefix(r.URL.Path, "/v3/") {
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
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	switch {
	case len(parts) == 3 && parts[0] == "v3" && parts[1] == "auth" && parts[2] == "tokens":
		s.count("iam.token")
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		s.issueToken(w, r)
	case len(parts) == 2 && parts[0] == "v3" && parts[1] == "projects":
		s.count("iam.projects")
		if r.Method != http.MethodGet {
			methodNotAllowed(w, r)
			return
		}
		s.listProjects(w, r)
	case len(parts) >= 3 && parts[0] == "v2" && parts[2] == "os-vendor-backup-sharing":
		s.serveSharing(w, r, parts[1], parts[3:])
	default:
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "The resource could not be found.")
	}
}

func (s *Server) serveSharing(w http.ResponseWriter, r *http.Request, project string, rest []string) {
	op, handler := s.route(r.Method, rest)
	if op == "" {
		if handler == nil {
			writeCinderError(w, http.StatusNotFound, "itemNotFound", "The resource could not be found.")
			return
		}
		methodNotAllowed(w, r)
		return
	}
	s.count(op)
	if s.applyFault(w, r, op) {
		return
	}
	if (op == "create" || op == "delete") && s.throttled() {
		w.Header().Set("Retry-After", "1")
		writeCinderError(w, http.StatusTooManyRequests, "overLimit", "Too many write requests: this gateway admits "+strconv.Itoa(s.vary().WritesPerSecond)+" a second.")
		return
	}
	caller, ok := s.authenticate(w, r, project)
	if !ok {
		return
	}
	if caller.project != project {
		msg := "Policy doesn't allow volume_extension:backup_sharing to be performed: the token is scoped to project " + caller.project + ", not " + project + "."
		if s.vary().VBSAuthErrors {
			writeVBSError(w, http.StatusForbidden, "VolumeBackup.0042", "user role is not allowed for this action: "+msg)
			return
		}
		writeCinderError(w, http.StatusForbidden, "forbidden", msg)
		return
	}
	handler(w, r, caller, rest)
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

type sharingHandler func(w http.ResponseWriter, r *http.Request, c caller, rest []string)

// route picks the operation. It returns "" with a non-nil handler when the
// path exists but not for this method (405), and "" with nil when the path
// does not exist (404).
func (s *Server) route(method string, rest []string) (string, sharingHandler) {
	switch {
	case len(rest) == 0:
		if method == http.MethodPost {
			return "create", s.createShares
		}
		return "", s.createShares
	case len(rest) == 1 && rest[0] == "detail":
		if method == http.MethodGet {
			return "list", s.listShares
		}
		return "", s.listShares
	case len(rest) == 1 && rest[0] == "count":
		if method == http.MethodGet {
			return "count", s.countShares
		}
		return "", s.countShares
	case len(rest) == 1 && rest[0] != "":
		switch method {
		case http.MethodGet:
			return "get", s.getShare
		case http.MethodDelete:
			return "delete", s.deleteShare
		}
		return "", s.getShare
	}
	return "", nil
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
