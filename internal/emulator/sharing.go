package emulator

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// selectShares returns the shares the caller may see that match q, sorted.
// The caller must hold s.mu.
func (s *Server) selectShares(q query, project string) []*Share {
	var out []*Share
	for i := range s.opts.Data.Shares {
		sh := &s.opts.Data.Shares[i]
		if q.visible(sh, project) && q.matches(sh) {
			out = append(out, sh)
		}
	}
	q.sort(out)
	return out
}

// listShares is GET …/os-vendor-backup-sharing/detail.
func (s *Server) listShares(w http.ResponseWriter, r *http.Request, c caller, _ []string) {
	q, msg := parseQuery(r.URL.Query())
	if msg != "" {
		badRequest(w, msg)
		return
	}
	vary := s.vary()
	s.mu.Lock()
	all := s.selectShares(q, c.project)
	limit := q.limit
	if limit < 0 || limit > s.opts.MaxPageSize {
		limit = s.opts.MaxPageSize
	}
	if st := vary.OffsetPastEndStatus; st != 0 && q.offset > 0 && q.offset >= len(all) {
		s.mu.Unlock()
		writeCinderError(w, st, faultName(st), "Invalid offset: there are only "+strconv.Itoa(len(all))+" shares.")
		return
	}
	start := min(q.offset, len(all))
	if vary.IgnoreOffset {
		start = 0
	}
	end := min(start+limit, len(all))
	if vary.IgnoreLimit {
		end = len(all)
	}
	page := make([]Share, 0, end-start)
	for _, sh := range all[start:end] {
		page = append(page, *sh)
	}
	s.lists++
	if vary.AfterList != nil {
		vary.AfterList(s.lists, s.opts.Data)
	}
	s.mu.Unlock()

	body := map[string]any{"shared": page}
	if s.opts.SendLinks && end < len(all) && limit > 0 {
		body["shared_links"] = []any{map[string]any{"href": nextLink(r, vary.LinkBase, vary.LinkPathPrefix, limit, end), "rel": "next"}}
	}
	writeJSON(w, http.StatusOK, body)
}

// nextLink is the request's own URL with limit and offset moved on, on the
// request's host or on Vary.LinkBase.
func nextLink(r *http.Request, linkBase, pathPrefix string, limit, offset int) string {
	v := r.URL.Query()
	v.Set("limit", strconv.Itoa(limit))
	v.Set("offset", strconv.Itoa(offset))
	u := url.URL{Path: pathPrefix + r.URL.Path, RawQuery: v.Encode()}
	base := baseURL(r)
	if linkBase != "" {
		base = strings.TrimSuffix(linkBase, "/")
	}
	return base + u.String()
}

// countShares is GET …/os-vendor-backup-sharing/count: the list's filters,
// without sort and paging.
func (s *Server) countShares(w http.ResponseWriter, r *http.Request, c caller, _ []string) {
	v := r.URL.Query()
	for _, p := range []string{"sort_key", "sort_dir", "limit", "offset"} {
		v.Del(p)
	}
	q, msg := parseQuery(v)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	vary := s.vary()
	if st := vary.CountStatus; st != 0 {
		writeCinderError(w, st, faultName(st), "The count could not be computed.")
		return
	}
	s.mu.Lock()
	n := len(s.selectShares(q, c.project))
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"count": max(n+vary.CountDelta, 0)})
}

// getShare is GET …/os-vendor-backup-sharing/{id}. A share is visible to the
// project that made it and to the one it is shared with.
func (s *Server) getShare(w http.ResponseWriter, r *http.Request, c caller, rest []string) {
	id := rest[0]
	s.mu.Lock()
	var found *Share
	for i := range s.opts.Data.Shares {
		sh := &s.opts.Data.Shares[i]
		if sh.ID == id && (sh.FromProjectID == c.project || sh.ToProjectID == c.project) {
			cp := *sh
			found = &cp
			break
		}
	}
	s.mu.Unlock()
	if found == nil {
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "Backup sharing "+id+" could not be found.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"shared": found})
}

// createShares is POST …/os-vendor-backup-sharing.
func (s *Server) createShares(w http.ResponseWriter, r *http.Request, c caller, _ []string) {
	var req struct {
		Shared *struct {
			BackupID     string   `json:"backup_id"`
			ToProjectIDs []string `json:"to_project_ids"`
		} `json:"shared"`
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil || json.Unmarshal(body, &req) != nil || req.Shared == nil {
		badRequest(w, `The request body must be {"shared": {"backup_id": ..., "to_project_ids": [...]}}.`)
		return
	}
	in := req.Shared
	if in.BackupID == "" || len(in.ToProjectIDs) == 0 {
		badRequest(w, "backup_id and a non-empty to_project_ids are required.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	// The backup must exist, be the caller's, and be available; a backup of
	// another project is as unknown to the caller as a missing one.
	backup := s.ownedBackup(c.project, in.BackupID)
	if backup == nil {
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "Backup "+in.BackupID+" could not be found.")
		return
	}
	if backup.Status == nil || *backup.Status != "available" {
		status := "unknown"
		if backup.Status != nil {
			status = *backup.Status
		}
		badRequest(w, "Backup "+in.BackupID+" must be available to be shared, but its status is "+status+".")
		return
	}
	for _, to := range in.ToProjectIDs {
		switch {
		case !projectIDPattern.MatchString(to):
			badRequest(w, "Invalid project id '"+to+"': it must be 32 hexadecimal characters.")
			return
		case to == c.project:
			badRequest(w, "A backup cannot be shared with its own project.")
			return
		}
		for _, sh := range s.opts.Data.Shares {
			if sh.BackupID == in.BackupID && sh.ToProjectID == to {
				writeCinderError(w, http.StatusConflict, "conflictingRequest", "Backup "+in.BackupID+" is already shared with project "+to+".")
				return
			}
		}
	}
	now := wireTime(s.opts.Now())
	created := make([]createdShare, 0, len(in.ToProjectIDs))
	for _, to := range in.ToProjectIDs {
		b := *backup
		sh := Share{Backup: &b, BackupID: in.BackupID, CreatedAt: now, FromProjectID: c.project, ID: strings.TrimPrefix(newRequestID(), "req-"), ToProjectID: to}
		s.opts.Data.Shares = append(s.opts.Data.Shares, sh)
		created = append(created, createdShare{BackupID: sh.BackupID, CreatedAt: now, FromProjectID: c.project, ID: sh.ID, ToProjectID: to})
	}
	writeJSON(w, http.StatusOK, map[string]any{"shared": created})
}

// projectIDPattern is the form of IAM project ids.
var projectIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// ownedBackup finds a backup of the project, shared or not. Must hold s.mu.
func (s *Server) ownedBackup(project, id string) *Backup {
	for i := range s.opts.Data.Backups {
		if ob := &s.opts.Data.Backups[i]; ob.ProjectID == project && ob.Backup.ID == id {
			return &ob.Backup
		}
	}
	for i := range s.opts.Data.Shares {
		if sh := &s.opts.Data.Shares[i]; sh.FromProjectID == project && sh.BackupID == id && sh.Backup != nil {
			return sh.Backup
		}
	}
	return nil
}

// deleteShare is DELETE …/os-vendor-backup-sharing/{id}, or with
// is_backup_id=true every share of the backup {id}. Only the sharing project
// may cancel.
func (s *Server) deleteShare(w http.ResponseWriter, r *http.Request, c caller, rest []string) {
	id := rest[0]
	byBackup := false
	if raw, ok := r.URL.Query()["is_backup_id"]; ok {
		b, ok := parseBool(raw[0])
		if !ok {
			badRequest(w, "Invalid value '"+raw[0]+"' for is_backup_id: it must be a boolean.")
			return
		}
		byBackup = b
	}
	s.mu.Lock()
	kept := s.opts.Data.Shares[:0:0]
	removed := 0
	for _, sh := range s.opts.Data.Shares {
		match := sh.FromProjectID == c.project && ((byBackup && sh.BackupID == id) || (!byBackup && sh.ID == id))
		if match {
			removed++
			continue
		}
		kept = append(kept, sh)
	}
	if removed > 0 {
		s.opts.Data.Shares = kept
	}
	s.mu.Unlock()
	if removed == 0 {
		what := "Backup sharing " + id
		if byBackup {
			what = "No sharing of backup " + id
		}
		writeCinderError(w, http.StatusNotFound, "itemNotFound", what+" could not be found.")
		return
	}
	w.WriteHeader(http.StatusOK)
}
