package emulator

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The CBR members API, as ../shared/api/cbr-backup-sharing.md describes it
// (sections 4 and 9): the owner adds, lists, reads and deletes the members
// of its backups; a recipient accepts or rejects with PUT; the backup list
// shows each side what is shared. Where the reference marks something
// unverified, the emulator takes the strictest reading, and CBRVariations
// plays the others.

// CBRVariations are the answers the reference leaves open.
type CBRVariations struct {
	// AddEchoesAll answers a POST with every member of the backup, not
	// only the new ones.
	AddEchoesAll bool
	// MemberPageSize caps the members a list answers at once ("count"
	// stays the total), so that a client must page with offset.
	MemberPageSize int
	// NullKeys writes the members' empty keys as null instead of leaving
	// them out.
	NullKeys bool
	// TableTimes writes timestamps as the field tables describe them
	// (microseconds, no zone) instead of the examples' form.
	TableTimes bool
	// RejectedRemoved drops a member record once the recipient rejects it.
	RejectedRemoved bool
	// BackupMadeDuringList makes a backup of the caller's project while its
	// backup list is read: after the first page, once, so that it lands in
	// front of what was read (the list is newest first).
	BackupMadeDuringList bool
	// BackupsIgnoreOffset answers every page of the backup list from its
	// start.
	BackupsIgnoreOffset bool
	// BackupsIgnoreOwnType lists the caller's own backups and those shared
	// with it whatever own_type asks for.
	BackupsIgnoreOwnType bool
	// MemberCount, when not 0, is the "count" every member list answers
	// (the documented example counts 50 beside one member).
	MemberCount int
	// MembersIgnoreOffset answers every page of a member list from its
	// start.
	MembersIgnoreOffset bool
	// StatusCase writes members' statuses in upper case ("PENDING"), as a
	// server may that documents them in prose.
	StatusCase bool
	// ProjectCase writes project IDs (a backup's project_id, a member's
	// dest_project_id) in upper case.
	ProjectCase bool
}

// cbrBackupsPath is the root of CBR's backups; {project} is the caller's.
const cbrBackupsPath = "/v3/{project}/backups"

func (s *Server) cbrRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+cbrBackupsPath, s.cbr("cbr.backups", s.listCBRBackups))
	mux.Handle("GET "+cbrBackupsPath+"/{backup}", s.cbr("cbr.backup", s.showCBRBackup))
	members := cbrBackupsPath + "/{backup}/members"
	mux.Handle("POST "+members, s.cbr("cbr.add", s.addMembers))
	mux.Handle("GET "+members, s.cbr("cbr.members", s.listMembers))
	mux.Handle("GET "+members+"/{member}", s.cbr("cbr.member", s.getMember))
	mux.Handle("PUT "+members+"/{member}", s.cbr("cbr.update", s.updateMember))
	mux.Handle("DELETE "+members+"/{member}", s.cbr("cbr.delete", s.deleteMember))
}

// cbr counts a CBR request under op, lets faults answer it, and checks
// the caller's credentials and project before h serves it.
func (s *Server) cbr(op string, h sharingHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.count(op)
		if s.applyFault(w, r, op) {
			return
		}
		if (op == "cbr.add" || op == "cbr.delete" || op == "cbr.update") && s.throttled() {
			w.Header().Set("Retry-After", "1")
			writeCBRError(w, http.StatusTooManyRequests, "BackupService.0429", "Too many write requests.")
			return
		}
		project := r.PathValue("project")
		caller, ok := s.authenticate(w, r, project)
		if !ok {
			return
		}
		if caller.project != project {
			writeCBRError(w, http.StatusForbidden, "BackupService.0403", "The token is scoped to project "+caller.project+", not "+project+".")
			return
		}
		if home := s.projectRegion(project); home != "" && home != requestRegion(r) {
			refuseRegion(w, project, requestRegion(r), home)
			return
		}
		h(w, r, caller)
	})
}

// writeCBRError writes CBR's documented error shape.
func writeCBRError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{"error_code": code, "error_msg": message})
}

var projectIDForm = regexp.MustCompile(`^[0-9a-f]{32}$`)

// cbrBackup finds a backup by id in any project; the caller decides what
// it may do with it. s.mu must be held.
func (s *Server) cbrBackup(id string) *CBRBackup {
	for i := range s.opts.Data.CBRBackups {
		if s.opts.Data.CBRBackups[i].ID == id {
			return &s.opts.Data.CBRBackups[i]
		}
	}
	return nil
}

// ownBackup finds the caller's own backup, answering 404 when it is not.
// s.mu must be held.
func (s *Server) ownBackup(w http.ResponseWriter, r *http.Request, c caller) *CBRBackup {
	b := s.cbrBackup(r.PathValue("backup"))
	switch {
	case b != nil && b.ProjectID != c.project && s.memberIndex(b.ID, c.project) >= 0:
		// A recipient's read or delete of the owner's members is
		// unverified: refused, as the reference tells the emulator.
		writeCBRError(w, http.StatusForbidden, "BackupService.0403", "Only the project that owns backup "+b.ID+" manages its members.")
		return nil
	case b == nil || b.ProjectID != c.project:
		// The code for an unknown backup on member calls is unverified
		// (404 or a gateway 401, the reference says): 404.
		writeCBRError(w, http.StatusNotFound, "BackupService.6705", "The backup "+r.PathValue("backup")+" does not exist.")
		return nil
	}
	return b
}

func (s *Server) memberIndex(backup, project string) int {
	return slices.IndexFunc(s.opts.Data.CBRMembers, func(m CBRMember) bool { return m.BackupID == backup && m.DestProjectID == project })
}

func (s *Server) membersOf(backup string) []CBRMember {
	var out []CBRMember
	for _, m := range s.opts.Data.CBRMembers {
		if m.BackupID == backup {
			out = append(out, m)
		}
	}
	return out
}

// maxMembers is the most projects one backup is shared with, in all
// (OTC's user guide; 6701 past it) and per request.
const maxMembers = 10

// addMembers is POST .../backups/{backup}/members: the owner shares its
// backup with 1-10 projects, each a new pending member.
func (s *Server) addMembers(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Members []string `json:"members"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		writeCBRError(w, http.StatusBadRequest, "BackupService.0400", "The request body is not valid JSON: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.ownBackup(w, r, c)
	if b == nil {
		return
	}
	if code, msg := s.refuseMembers(b, body.Members, c.project); code != "" {
		writeCBRError(w, http.StatusBadRequest, code, msg)
		return
	}
	now := s.cbrTime(s.opts.Now())
	var added []CBRMember
	for _, p := range body.Members {
		m := CBRMember{ID: newUUID(), Status: MemberPending, BackupID: b.ID, DestProjectID: p, CreatedAt: now}
		s.opts.Data.CBRMembers = append(s.opts.Data.CBRMembers, m)
		added = append(added, m)
	}
	if s.opts.CBR.AddEchoesAll {
		added = s.membersOf(b.ID)
	}
	// The documented example has no "count", although the table lists it.
	writeJSON(w, http.StatusOK, map[string]any{"members": s.memberBodies(added)})
}

// refuseMembers applies the strictest of the documented rules to a POST.
// s.mu must be held.
func (s *Server) refuseMembers(b *CBRBackup, members []string, owner string) (code, msg string) {
	switch {
	case len(members) < 1 || len(members) > maxMembers:
		return "BackupService.6704", "members must list 1 to 10 project IDs, not " + strconv.Itoa(len(members)) + "."
	case b.ResourceType != CBRServer:
		return "BackupService.6700", "Only cloud server backups can be shared."
	case b.Status != "available":
		return "BackupService.6702", "The backup is not available."
	case len(s.membersOf(b.ID))+len(members) > maxMembers:
		return "BackupService.6701", "The maximum number of projects a backup is shared with has been reached."
	}
	seen := map[string]bool{}
	for _, p := range members {
		switch {
		case !projectIDForm.MatchString(p) || p == owner:
			return "BackupService.6704", "Invalid project ID " + strconv.Quote(p) + "."
		case seen[p] || s.memberIndex(b.ID, p) >= 0:
			return "BackupService.6703", "The backup has already been shared with project " + p + "."
		}
		seen[p] = true
	}
	return "", ""
}

// listMembers is GET .../backups/{backup}/members: the owner's view, with
// the documented filters and offset paging; "count" is the total.
func (s *Server) listMembers(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.ownBackup(w, r, c)
	if b == nil {
		return
	}
	var list []CBRMember
	for _, m := range s.membersOf(b.ID) {
		if matches(q, "dest_project_id", m.DestProjectID) && matches(q, "status", m.Status) && matches(q, "vault_id", m.VaultID) &&
			matches(q, "image_id", m.ImageID) {
			list = append(list, m)
		}
	}
	slices.SortStableFunc(list, func(a, b CBRMember) int { return strings.Compare(b.CreatedAt, a.CreatedAt) }) // desc, the default
	if s.opts.CBR.MembersIgnoreOffset {
		q.Del("offset")
	}
	page, ok := pageOf(w, q, list, s.opts.CBR.MemberPageSize)
	if !ok {
		return
	}
	count := len(list)
	if s.opts.CBR.MemberCount != 0 {
		count = s.opts.CBR.MemberCount
	}
	writeJSON(w, http.StatusOK, map[string]any{"members": s.memberBodies(page), "count": count})
}

// matches applies a filter that is absent or equal.
func matches(q map[string][]string, key, value string) bool {
	v, ok := q[key]
	return !ok || len(v) == 0 || v[0] == value
}

// pageOf cuts list by limit and offset (offset > 0 when given, limit
// 1-1000, capped by pageSize where that is set).
func pageOf[T any](w http.ResponseWriter, q map[string][]string, list []T, pageSize int) ([]T, bool) {
	offset, limit := 0, 1000
	if v := first(q, "offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			writeCBRError(w, http.StatusBadRequest, "BackupService.0400", "Invalid offset "+strconv.Quote(v)+".")
			return nil, false
		}
		offset = n
	}
	if v := first(q, "limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1000 {
			writeCBRError(w, http.StatusBadRequest, "BackupService.0400", "Invalid limit "+strconv.Quote(v)+": 1 to 1000.")
			return nil, false
		}
		limit = n
	}
	if pageSize > 0 {
		limit = min(limit, pageSize)
	}
	if offset >= len(list) {
		return []T{}, true
	}
	return list[offset:min(len(list), offset+limit)], true
}

func first(q map[string][]string, key string) string {
	if v := q[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// getMember is GET .../members/{member}: member is the recipient's
// project id. The owner reads it; a recipient's read is unverified and
// refused.
func (s *Server) getMember(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.ownBackup(w, r, c)
	if b == nil {
		return
	}
	i := s.memberIndex(b.ID, r.PathValue("member"))
	if i < 0 {
		writeCBRError(w, http.StatusNotFound, "BackupService.6705", "The share member does not exist.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"member": s.memberBody(s.opts.Data.CBRMembers[i])})
}

// updateMember is PUT .../members/{member}: the recipient accepts the
// backup into one of its vaults, or rejects it. Only the recipient, for
// its own project.
func (s *Server) updateMember(w http.ResponseWriter, r *http.Request, c caller) {
	var body struct {
		Status  string `json:"status"`
		VaultID string `json:"vault_id"`
	}
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&body); err != nil {
		writeCBRError(w, http.StatusBadRequest, "BackupService.0400", "The request body is not valid JSON: "+err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.cbrBackup(r.PathValue("backup"))
	member := r.PathValue("member")
	if b != nil && b.ProjectID == c.project {
		writeCBRError(w, http.StatusForbidden, "BackupService.0403", "Only the project the backup is shared with updates the member's status.")
		return
	}
	i := -1
	if b != nil && member == c.project {
		i = s.memberIndex(b.ID, member)
	}
	if i < 0 {
		writeCBRError(w, http.StatusNotFound, "BackupService.6705", "The share member does not exist.")
		return
	}
	m := &s.opts.Data.CBRMembers[i]
	if code, msg := s.refuseUpdate(b, m, body.Status, body.VaultID, c.project); code != "" {
		writeCBRError(w, http.StatusBadRequest, code, msg)
		return
	}
	m.Status, m.UpdatedAt = body.Status, s.cbrTime(s.opts.Now())
	if body.Status == MemberAccepted {
		m.VaultID = body.VaultID
	}
	answer := *m
	if body.Status == MemberRejected && s.opts.CBR.RejectedRemoved {
		s.opts.Data.CBRMembers = slices.Delete(s.opts.Data.CBRMembers, i, i+1)
	}
	writeJSON(w, http.StatusOK, map[string]any{"member": s.memberBody(answer)})
}

// refuseUpdate allows pending -> accepted/rejected, rejected -> accepted
// and accepted -> rejected (the recipient giving the backup up), as the
// reference tells the emulator to. s.mu must be held.
func (s *Server) refuseUpdate(b *CBRBackup, m *CBRMember, status, vault, recipient string) (code, msg string) {
	allowed := map[string][]string{
		MemberPending:  {MemberAccepted, MemberRejected},
		MemberRejected: {MemberAccepted},
		MemberAccepted: {MemberRejected},
	}
	if !slices.Contains(allowed[m.Status], status) {
		return "BackupService.6706", "Invalid update value: the member is " + m.Status + ", and cannot become " + strconv.Quote(status) + "."
	}
	if status != MemberAccepted {
		return "", ""
	}
	v := slices.IndexFunc(s.opts.Data.CBRVaults, func(v CBRVault) bool { return v.ID == vault && v.ProjectID == recipient })
	switch {
	case vault == "":
		return "BackupService.6706", "vault_id is required to accept a shared backup."
	case v < 0:
		return "BackupService.6706", "The vault " + vault + " is not a vault of project " + recipient + "."
	case s.opts.Data.CBRVaults[v].ResourceType != b.ResourceType:
		return "BackupService.6713", "The vault's type differs from the backup's."
	}
	return "", ""
}

// deleteMember is DELETE .../members/{member}: the owner ends a share;
// 204.
func (s *Server) deleteMember(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.ownBackup(w, r, c)
	if b == nil {
		return
	}
	i := s.memberIndex(b.ID, r.PathValue("member"))
	if i < 0 {
		writeCBRError(w, http.StatusNotFound, "BackupService.6705", "The share member does not exist.")
		return
	}
	s.opts.Data.CBRMembers = slices.Delete(s.opts.Data.CBRMembers, i, i+1)
	w.WriteHeader(http.StatusNoContent)
}

// listCBRBackups is GET /v3/{project}/backups with the sharing filters:
// own_type private (the default: the project's own), shared (those shared
// with it; project_id is the owner's) or all_granted (both);
// member_status filters the shared ones by the caller's member status
// (with private it is ignored: unverified, and the reference tells
// clients not to rely on it there).
func (s *Server) listCBRBackups(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	own := first(q, "own_type")
	if own == "" {
		own = "private"
	}
	if own != "private" && own != "shared" && own != "all_granted" {
		writeCBRError(w, http.StatusBadRequest, "BackupService.0400", "Invalid own_type "+strconv.Quote(own)+".")
		return
	}
	if s.opts.CBR.BackupsIgnoreOwnType {
		own = "all_granted"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.CBR.BackupMadeDuringList && first(q, "offset") != "" && !s.cbrMadeDuringList {
		s.cbrMadeDuringList = true
		s.opts.Data.CBRBackups = append(s.opts.Data.CBRBackups, CBRBackup{ID: newUUID(), Name: "made-during-the-list", ProjectID: c.project,
			Status: "available", ResourceType: CBRServer, CreatedAt: s.cbrTime(s.opts.Now().Add(time.Hour))})
	}
	if s.opts.CBR.BackupsIgnoreOffset {
		q.Del("offset")
	}
	var list []CBRBackup
	for _, b := range s.opts.Data.CBRBackups {
		if !matches(q, "status", b.Status) || !matches(q, "vault_id", b.VaultID) || !matches(q, "resource_type", b.ResourceType) {
			continue
		}
		if b.ProjectID == c.project && own != "shared" {
			list = append(list, b)
			continue
		}
		if i := s.memberIndex(b.ID, c.project); i >= 0 && own != "private" && matches(q, "member_status", s.opts.Data.CBRMembers[i].Status) {
			list = append(list, b)
		}
	}
	slices.SortStableFunc(list, func(a, b CBRBackup) int { return strings.Compare(b.CreatedAt, a.CreatedAt) })
	page, ok := pageOf(w, q, list, 0)
	if !ok {
		return
	}
	offset, _ := strconv.Atoi(first(q, "offset"))
	bodies := make([]CBRBackup, len(page))
	for i, b := range page {
		bodies[i] = s.backupBody(b)
	}
	writeJSON(w, http.StatusOK, map[string]any{"backups": bodies, "count": len(list), "offset": offset, "limit": len(page)})
}

// showCBRBackup is GET /v3/{project}/backups/{backup}: the project's own
// backup, or one shared with it (project_id is then the owner's).
func (s *Server) showCBRBackup(w http.ResponseWriter, r *http.Request, c caller) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.cbrBackup(r.PathValue("backup"))
	if b == nil || (b.ProjectID != c.project && s.memberIndex(b.ID, c.project) < 0) {
		writeCBRError(w, http.StatusNotFound, "BackupService.0008", "The backup does not exist.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"backup": s.backupBody(*b)})
}

// backupBody is a backup as the options write it.
func (s *Server) backupBody(b CBRBackup) CBRBackup {
	if s.opts.CBR.ProjectCase {
		b.ProjectID = strings.ToUpper(b.ProjectID)
	}
	return b
}

// memberBody writes a member as the options say: empty keys left out (the
// documented examples), or null.
func (s *Server) memberBody(m CBRMember) map[string]any {
	if s.opts.CBR.ProjectCase {
		m.DestProjectID = strings.ToUpper(m.DestProjectID)
	}
	body := map[string]any{"status": m.Status}
	if s.opts.CBR.StatusCase {
		body["status"] = strings.ToUpper(m.Status)
	}
	for key, v := range map[string]string{
		"id": m.ID, "backup_id": m.BackupID, "dest_project_id": m.DestProjectID, "vault_id": m.VaultID, "image_id": m.ImageID,
		"created_at": s.cbrWireTime(m.CreatedAt), "updated_at": s.cbrWireTime(m.UpdatedAt),
	} {
		switch {
		case v != "":
			body[key] = v
		case s.opts.CBR.NullKeys:
			body[key] = nil
		}
	}
	return body
}

func (s *Server) memberBodies(list []CBRMember) []map[string]any {
	out := make([]map[string]any, 0, len(list))
	for _, m := range list {
		out = append(out, s.memberBody(m))
	}
	return out
}

// cbrTime is how a record stores a time: the examples' form.
func (s *Server) cbrTime(t time.Time) string { return t.UTC().Format(cbrTimeLayout) }

// cbrWireTime is a stored time as the answer writes it.
func (s *Server) cbrWireTime(v string) string {
	if v == "" || !s.opts.CBR.TableTimes {
		return v
	}
	t, err := time.Parse(cbrTimeLayout, v)
	if err != nil {
		return v
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000")
}

// newUUID mints a random UUID for a member record.
func newUUID() string {
	id := newRequestID()[4:] // req-xxxxxxxx-xxxx-... is a UUID's shape
	return id[:14] + "4" + id[15:19] + "8" + id[20:]
}
