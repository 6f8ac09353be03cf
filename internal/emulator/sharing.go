package emulator

import (
	"cmp"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
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
func (s *Server) listShares(w http.ResponseWriter, r *http.Request, c caller) {
	vary := s.vary()
	v := withoutIgnored(r.URL.Query(), slices.Concat(vary.IgnoreFilters, vary.ListIgnoresFilters))
	if k := v.Get("sort_key"); slices.Contains(vary.RefuseSortKeys, k) {
		badRequest(w, "Invalid sort_key '"+k+"': sorting by it is not supported.")
		return
	}
	if vary.IgnoreSort {
		v.Del("sort_key")
		v.Del("sort_dir")
	}
	q, msg := parseQuery(v)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	q.eitherWay = slices.Contains(vary.IgnoreFilters, "share_to_me")
	s.mu.Lock()
	all := s.selectShares(q, c.project)
	if len(s.ghosts) > 0 {
		all = s.withGhosts(all, q, c.project)
	}
	if vary.EndlessList {
		all = endless(all, q.offset+max(q.limit, 1))
	}
	limit := q.limit
	if limit < 0 || limit > s.opts.MaxPageSize {
		limit = s.opts.MaxPageSize
	}
	if sizes := vary.PageSizes; len(sizes) > 0 {
		limit = min(limit, sizes[s.lists%len(sizes)])
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

	body := map[string]any{"shared": vary.listShares(page)}
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
func (s *Server) countShares(w http.ResponseWriter, r *http.Request, c caller) {
	vary := s.vary()
	v := withoutIgnored(r.URL.Query(), vary.IgnoreFilters)
	for _, p := range []string{"sort_key", "sort_dir", "limit", "offset"} {
		v.Del(p)
	}
	q, msg := parseQuery(v)
	if msg != "" {
		badRequest(w, msg)
		return
	}
	q.eitherWay = slices.Contains(vary.IgnoreFilters, "share_to_me")
	if vary.EndlessList {
		writeJSON(w, http.StatusOK, map[string]any{"count": 103})
		return
	}
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
func (s *Server) getShare(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.PathValue("id")
	other := s.vary().GetAnswersOther
	s.mu.Lock()
	if s.getLag[id] > 0 {
		s.getLag[id]--
		s.mu.Unlock()
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "Backup sharing "+id+" could not be found.")
		return
	}
	var found *Share
	for i := range s.opts.Data.Shares {
		sh := &s.opts.Data.Shares[i]
		if (sh.ID == id) != other && (sh.FromProjectID == c.project || sh.ToProjectID == c.project) {
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
func (s *Server) createShares(w http.ResponseWriter, r *http.Request, c caller) {
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
	created, ok := s.commitCreate(w, c, in.BackupID, in.ToProjectIDs)
	if ok {
		s.answerCreate(w, created)
	}
}

// commitCreate checks and records the shares, or answers the refusal. It
// answers nothing on success: the answer is written without the lock.
func (s *Server) commitCreate(w http.ResponseWriter, c caller, backupID string, toProjectIDs []string) ([]createdShare, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The backup must exist, be the caller's, and be available; a backup of
	// another project is as unknown to the caller as a missing one.
	backup := s.ownedBackup(c.project, backupID)
	if backup == nil {
		writeCinderError(w, http.StatusNotFound, "itemNotFound", "Backup "+backupID+" could not be found.")
		return nil, false
	}
	if backup.Status == nil || *backup.Status != "available" {
		status := "unknown"
		if backup.Status != nil {
			status = *backup.Status
		}
		badRequest(w, "Backup "+backupID+" must be available to be shared, but its status is "+status+".")
		return nil, false
	}
	for _, to := range toProjectIDs {
		switch {
		case !projectIDPattern.MatchString(to):
			badRequest(w, "Invalid project id '"+to+"': it must be 32 hexadecimal characters.")
			return nil, false
		case to == c.project:
			badRequest(w, "A backup cannot be shared with its own project.")
			return nil, false
		}
		for _, sh := range s.opts.Data.Shares {
			if sh.BackupID == backupID && sh.ToProjectID == to {
				writeCinderError(w, http.StatusConflict, "conflictingRequest", "Backup "+backupID+" is already shared with project "+to+".")
				return nil, false
			}
		}
	}
	now := wireTime(s.opts.Now())
	created := make([]createdShare, 0, len(toProjectIDs))
	for _, to := range toProjectIDs {
		b := *backup
		sh := Share{Backup: &b, BackupID: backupID, CreatedAt: now, FromProjectID: c.project, ID: strings.TrimPrefix(newRequestID(), "req-"), ToProjectID: to}
		s.opts.Data.Shares = append(s.opts.Data.Shares, sh)
		if lag := s.opts.Vary.GetLagsCreate; lag > 0 { // s.mu is held
			s.getLag[sh.ID] = lag
		}
		// As the published create example answers: the timestamps and the
		// deletion markers null.
		created = append(created, createdShare{BackupID: sh.BackupID, FromProjectID: c.project, ID: sh.ID, ToProjectID: to})
	}
	return created, true
}

// answerCreate writes create's answer the way the variations say.
func (s *Server) answerCreate(w http.ResponseWriter, created []createdShare) {
	vary := s.vary()
	switch vary.CreateCommitThen {
	case 0:
	case -1:
		abort()
	default:
		writeCinderError(w, vary.CreateCommitThen, faultName(vary.CreateCommitThen), "The gateway timed out waiting for the service.")
		return
	}
	status := cmp.Or(vary.CreateStatus, http.StatusOK)
	switch vary.CreateShape {
	case CreateShapeObject:
		writeJSON(w, status, map[string]any{"shared": created[0]})
	case CreateShapeNone:
		w.WriteHeader(status)
	case CreateShapeOther:
		writeJSON(w, status, map[string]any{"shared": []createdShare{}})
	default:
		writeJSON(w, status, map[string]any{"shared": created})
	}
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
func (s *Server) deleteShare(w http.ResponseWriter, r *http.Request, c caller) {
	id := r.PathValue("id")
	byBackup := false
	if raw, ok := r.URL.Query()["is_backup_id"]; ok {
		b, ok := parseBool(raw[0])
		if !ok {
			badRequest(w, "Invalid value '"+raw[0]+"' for is_backup_id: it must be a boolean.")
			return
		}
		byBackup = b
	}
	vary := s.vary()
	if byBackup && vary.IgnoreByBackup {
		w.WriteHeader(cmp.Or(vary.DeleteStatus, http.StatusOK))
		return
	}
	s.mu.Lock()
	kept := s.opts.Data.Shares[:0:0]
	removed, recipient := 0, false
	for _, sh := range s.opts.Data.Shares {
		recipient = recipient || (sh.ToProjectID == c.project && ((byBackup && sh.BackupID == id) || (!byBackup && sh.ID == id)))
		match := sh.FromProjectID == c.project && ((byBackup && sh.BackupID == id) || (!byBackup && sh.ID == id))
		if match {
			removed++
			continue
		}
		kept = append(kept, sh)
	}
	if removed > 0 {
		if lag := vary.ListLagsCancel; lag > 0 {
			for _, sh := range s.opts.Data.Shares {
				if !slices.ContainsFunc(kept, func(k Share) bool { return k.ID == sh.ID }) {
					s.ghosts = append(s.ghosts, ghost{share: sh, lists: lag})
				}
			}
		}
		s.opts.Data.Shares = kept
	}
	s.mu.Unlock()
	if removed == 0 && recipient && vary.RecipientCancelStatus != 0 {
		writeVBSError(w, vary.RecipientCancelStatus, "VolumeBackup.0042", "Only the project that shared the backup may cancel the sharing.")
		return
	}
	if removed == 0 {
		what := "Backup sharing " + id
		if byBackup {
			what = "No sharing of backup " + id
		}
		writeCinderError(w, http.StatusNotFound, "itemNotFound", what+" could not be found.")
		return
	}
	w.WriteHeader(cmp.Or(vary.DeleteStatus, http.StatusOK))
}

// ghost is a cancelled share that list answers still hold for a while
// (Vary.ListLagsCancel).
type ghost struct {
	share Share
	lists int // list answers it is still in
}

// withGhosts adds the cancelled shares a lagging list still holds to a
// list answer's selection, and counts the answer against each. The caller
// must hold s.mu.
func (s *Server) withGhosts(all []*Share, q query, project string) []*Share {
	kept := s.ghosts[:0]
	for _, g := range s.ghosts {
		if q.visible(&g.share, project) && q.matches(&g.share) {
			cp := g.share
			all = append(all, &cp)
			g.lists--
		}
		if g.lists > 0 {
			kept = append(kept, g)
		}
	}
	s.ghosts = kept
	q.sort(all)
	return all
}

// withoutIgnored drops the filters a varied server does not apply.
func withoutIgnored(v url.Values, ignored []string) url.Values {
	for _, p := range ignored {
		v.Del(p)
		if p == "availability_zone" {
			v.Del("avalilability_zone")
		}
	}
	return v
}

// endless extends a list with generated shares up to n, so that every page
// a client asks for is full: a list that never ends.
func endless(all []*Share, n int) []*Share {
	for i := len(all); i < n; i++ {
		all = append(
			all,
			&Share{ID: uuidFor("endless", i), BackupID: uuidFor("endless-backup", i), FromProjectID: SampleSharerProject, ToProjectID: SyntheticTargets()[0]},
		)
	}
	return all
}
