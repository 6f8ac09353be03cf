package emulator

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

type token struct {
	user    string
	domain  string
	project string // "" for an unscoped token
	methods []string
	expires time.Time
}

// caller is who an authenticated VBS request acts as.
type caller struct {
	user    string
	project string
}

type authRequest struct {
	Auth struct {
		Identity struct {
			Methods  []string `json:"methods"`
			Password *struct {
				User struct {
					ID       string `json:"id"`
					Name     string `json:"name"`
					Password string `json:"password"`
					Domain   *struct {
						ID   string `json:"id"`
						Name string `json:"name"`
					} `json:"domain"`
				} `json:"user"`
			} `json:"password"`
			Token *struct {
				ID string `json:"id"`
			} `json:"token"`
		} `json:"identity"`
		Scope *struct {
			Project *struct {
				ID     string `json:"id"`
				Name   string `json:"name"`
				Domain *struct {
					ID   string `json:"id"`
					Name string `json:"name"`
				} `json:"domain"`
			} `json:"project"`
		} `json:"scope"`
	} `json:"auth"`
}

// issueToken is POST /v3/auth/tokens: Keystone v3 with the password and
// token methods and a project scope by id or by name within a domain.
func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	var req authRequest
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || json.Unmarshal(body, &req) != nil {
		writeCinderError(w, http.StatusBadRequest, "error", "The request body is not a valid auth document.")
		return
	}
	id := req.Auth.Identity
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.signInFaults) > 0 {
		// A gateway in front of IAM failing for a moment.
		status := s.signInFaults[0]
		s.signInFaults = s.signInFaults[1:]
		writeCinderError(w, status, faultName(status), "The gateway could not reach IAM.")
		return
	}

	var user *User
	switch {
	case slices.Contains(id.Methods, "password") && id.Password != nil:
		u := id.Password.User
		domain := ""
		if u.Domain != nil {
			domain = u.Domain.Name
			if domain == "" {
				domain = u.Domain.ID
			}
		}
		user = s.findUser(u.Name, domain)
		if user == nil || user.Password != u.Password {
			writeIAMUnauthorized(w, "The request you have made requires authentication.")
			return
		}
	case slices.Contains(id.Methods, "token") && id.Token != nil:
		t, ok := s.tokens[id.Token.ID]
		if !ok || !s.opts.Now().Before(t.expires) {
			writeIAMUnauthorized(w, "The token is invalid or has expired.")
			return
		}
		user = s.findUser(t.user, t.domain)
		if user == nil {
			writeIAMUnauthorized(w, "The token's user no longer exists.")
			return
		}
	default:
		writeCinderError(w, http.StatusBadRequest, "error", "identity.methods must name password or token, with its section.")
		return
	}

	var project *Project
	if sc := req.Auth.Scope; sc != nil && sc.Project != nil {
		p := sc.Project
		switch {
		case p.ID != "":
			project = s.findProject(p.ID, "", "")
		case p.Name != "" && p.Domain != nil:
			project = s.findProject("", p.Name, firstNonEmpty(p.Domain.Name, p.Domain.ID))
		default:
			writeCinderError(w, http.StatusBadRequest, "error", "scope.project needs an id, or a name and a domain.")
			return
		}
		if project == nil || !slices.Contains(user.Projects, project.ID) {
			writeIAMUnauthorized(w, "The user has no role on the requested project.")
			return
		}
		if project.Disabled {
			writeIAMUnauthorized(w, "The requested project is disabled.")
			return
		}
	}

	now := s.opts.Now().UTC()
	t := token{user: user.Name, domain: user.Domain, methods: id.Methods, expires: now.Add(s.opts.TokenLifetime)}
	if project != nil {
		t.project = project.ID
	}
	tokenID := "emu-" + newRequestID()[4:]
	s.tokens[tokenID] = t

	w.Header().Set("X-Subject-Token", tokenID)
	writeJSON(w, cmp.Or(s.opts.TokenStatus, http.StatusCreated), map[string]any{"token": s.tokenBody(r, t, project, now)})
}

func (s *Server) tokenBody(r *http.Request, t token, project *Project, issued time.Time) map[string]any {
	domain := map[string]any{"id": t.domain, "name": t.domain}
	body := map[string]any{
		"methods":    t.methods,
		"expires_at": t.expires.Format("2006-01-02T15:04:05.000000Z"),
		"issued_at":  issued.Format("2006-01-02T15:04:05.000000Z"),
		"user":       map[string]any{"id": "user-" + t.user, "name": t.user, "domain": domain},
		"catalog":    []any{},
	}
	if project != nil {
		body["project"] = map[string]any{"id": project.ID, "name": project.Name, "domain": map[string]any{"id": project.Domain, "name": project.Domain}}
		body["catalog"] = s.catalog(r, project)
	}
	return body
}

// catalog is a project's service catalog: its region's endpoints. Tokens
// carry it, and GET /v3/auth/catalog answers it (to AK/SK too).
func (s *Server) catalog(r *http.Request, project *Project) []any {
	region := s.regionOf(project)
	base, evs := s.regionBase(baseURL(r), region), s.regionBase(evsURL(r), region)
	iface := cmp.Or(s.opts.CatalogInterface, "public")
	catalog := []any{
		map[string]any{"type": "identity", "name": "iam", "id": "cat-iam", "endpoints": []any{
			map[string]any{"id": "ep-iam", "interface": "public", "region": region, "region_id": region, "url": baseURL(r) + "/v3"},
		}},
	}
	if slices.Contains(s.opts.RegionsWithoutVBS, region) {
		return catalog // IAM, and neither VBS nor EVS
	}
	catalog = append(catalog,
		// EVS, as real catalogs carry it: the same service root with
		// "evs." in front of the host, from which clients without a
		// "vbsv2" entry derive VBS by replacing that label.
		map[string]any{"type": "volumev2", "name": "evs", "id": "cat-evs", "endpoints": []any{
			map[string]any{"id": "ep-evs", "interface": iface, "region": region, "region_id": region, "url": s.catalogURL(evs, project.ID)},
		}},
	)
	if !s.opts.CatalogWithoutCBR {
		// CBR, as OTC's catalog writes it: the root with /v3/{project_id}.
		catalog = append(catalog, map[string]any{"type": "cbr", "name": "cbr", "id": "cat-cbr", "endpoints": []any{
			map[string]any{"id": "ep-cbr", "interface": iface, "region": region, "region_id": region, "url": s.catalogURLVersion(base, project.ID, "v3")},
		}})
	}
	if !s.opts.CatalogWithoutVBS {
		catalog = append(catalog, map[string]any{"type": "vbsv2", "name": "vbsv2", "id": "cat-vbs", "endpoints": []any{
			map[string]any{"id": "ep-vbs", "interface": iface, "region": region, "region_id": region, "url": s.catalogURL(base, project.ID)},
		}})
	}
	return catalog
}

// serveCatalog is GET /v3/auth/catalog: the catalog of the caller's
// project (a token's, or the X-Project-Id of a signed request), as the
// public Go SDKs of both clouds ask for it with AK/SK.
func (s *Server) serveCatalog(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authenticate(w, r, "")
	if !ok {
		return
	}
	s.mu.Lock()
	project := s.findProject(c.project, "", "")
	s.mu.Unlock()
	if c.project == "" || project == nil {
		writeJSON(
			w,
			http.StatusBadRequest,
			map[string]any{"error": map[string]any{"code": http.StatusBadRequest, "title": "Bad Request", "message": "The request " +
				"is not scoped to a project (X-Project-Id)."}},
		)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"catalog": s.catalog(r, project), "links": map[string]any{"self": baseURL(r) + "/v3/auth/catalog"}})
}

// catalogURL writes a VBS or EVS URL in the catalog form of the options.
func (s *Server) catalogURL(root, project string) string {
	return s.catalogURLVersion(root, project, "v2")
}

// catalogURLVersion writes a service's URL in the catalog form of the
// options, with its API version (v2 for VBS, v3 for CBR).
func (s *Server) catalogURLVersion(root, project, version string) string {
	switch s.opts.CatalogURLForm {
	case CatalogURLRoot:
		return root
	case CatalogURLVersion:
		return root + "/" + version
	case CatalogURLTenantTemplate:
		return root + "/" + version + "/$(tenant_id)s"
	case CatalogURLProjectTemplate:
		return root + "/" + version + "/%(project_id)s"
	}
	return root + "/" + version + "/" + project
}

// authenticate checks a request's credentials: an AK/SK signature, or else
// the X-Auth-Token. A missing, unknown or expired token is refused by the
// gateway, in its own error shape. urlProject is the project of the URL,
// which signed requests act in when they send no X-Project-Id.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, urlProject string) (caller, bool) {
	if strings.HasPrefix(r.Header.Get("Authorization"), akskAlgorithm+" ") {
		return s.verifySigned(w, r, urlProject)
	}
	tok := r.Header.Get("X-Auth-Token")
	refuse := writeGatewayUnauthorized
	if s.vary().VBSAuthErrors && strings.HasPrefix(r.URL.Path, "/v2/") {
		refuse = func(w http.ResponseWriter, message string) {
			writeVBSError(w, http.StatusUnauthorized, "VolumeBackup.0041", message)
		}
	}
	if tok == "" {
		refuse(w, "Incorrect IAM authentication information: x-auth-token not found")
		return caller{}, false
	}
	s.mu.Lock()
	t, ok := s.tokens[tok]
	now := s.opts.Now()
	s.mu.Unlock()
	switch {
	case !ok:
		refuse(w, "Incorrect IAM authentication information: verify token failed")
		return caller{}, false
	case !now.Before(t.expires):
		refuse(w, "Incorrect IAM authentication information: token expired")
		return caller{}, false
	}
	return caller{user: t.user, project: t.project}, true
}

// listProjects is GET /v3/projects?name= and GET /v3/auth/projects: the
// projects the caller's user may use (the first optionally by name), with
// their enabled flag, as Keystone lists them.
func (s *Server) listProjects(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authenticate(w, r, "")
	if !ok {
		return
	}
	name := r.URL.Query().Get("name")
	s.mu.Lock()
	defer s.mu.Unlock()
	var user *User
	for i := range s.opts.Data.Users {
		if s.opts.Data.Users[i].Name == c.user {
			user = &s.opts.Data.Users[i]
		}
	}
	out := []map[string]any{}
	var ids []string
	for _, p := range s.opts.Data.Projects {
		if (name == "" || p.Name == name) && user != nil && slices.Contains(user.Projects, p.ID) {
			out = append(out, map[string]any{"id": p.ID, "name": p.Name, "domain_id": p.Domain, "enabled": !p.Disabled})
			ids = append(ids, p.ID)
		}
	}
	body := map[string]any{"projects": out}
	if n := s.opts.ProjectsPageSize; n > 0 && len(out) > n {
		// Keystone's paging: a page of n, "truncated", and a next link
		// by marker (the last id of the page) unless ProjectsTruncatedOnly.
		start := 0
		if marker := r.URL.Query().Get("marker"); marker != "" {
			start = slices.Index(ids, marker) + 1
		}
		end := min(start+n, len(out))
		body["projects"] = out[start:end]
		if end < len(out) {
			body["truncated"] = true
			if !s.opts.ProjectsTruncatedOnly {
				q := r.URL.Query()
				q.Set("marker", ids[end-1])
				body["links"] = map[string]any{"next": baseURL(r) + r.URL.Path + "?" + q.Encode(), "self": baseURL(r) + r.URL.RequestURI(), "previous": nil}
			}
		}
	}
	writeJSON(w, http.StatusOK, body)
}

// searchProjects is GET /v3/projects: listProjects, for users with IAM
// permissions.
func (s *Server) searchProjects(w http.ResponseWriter, r *http.Request) {
	if s.opts.RestrictedUser {
		writeJSON(
			w,
			http.StatusForbidden,
			map[string]any{"error": map[string]any{"code": http.StatusForbidden, "title": "Forbidden", "message": "You are not " +
				"authorized to perform the requested action: identity:list_projects."}},
		)
		return
	}
	s.listProjects(w, r)
}

// writeIAMUnauthorized is IAM's 401 in Keystone's error shape.
func writeIAMUnauthorized(w http.ResponseWriter, message string) {
	writeJSON(
		w,
		http.StatusUnauthorized,
		map[string]any{"error": map[string]any{"code": http.StatusUnauthorized, "title": http.StatusText(http.StatusUnauthorized), "message": message}},
	)
}

// findUser must be called with s.mu held.
func (s *Server) findUser(name, domain string) *User {
	for i := range s.opts.Data.Users {
		u := &s.opts.Data.Users[i]
		if u.Name == name && u.Domain == domain {
			return u
		}
	}
	return nil
}

// findProject must be called with s.mu held.
func (s *Server) findProject(id, name, domain string) *Project {
	for i := range s.opts.Data.Projects {
		p := &s.opts.Data.Projects[i]
		if (id != "" && p.ID == id) || (id == "" && p.Name == name && p.Domain == domain) {
			return p
		}
	}
	return nil
}

// evsURL is baseURL with "evs." in front of the host name.
func evsURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://evs." + r.Host
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func firstNonEmpty(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}
