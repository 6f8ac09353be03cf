package emulator

import (
	"bytes"
	"cmp"
	"compress/flate"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Variations make the emulator's VBS API behave the way other servers
// written from the same documents, and the gateways in front of them,
// legitimately (or at least commonly) behave; IAM is left as it is. Each is
// off in the zero value. They exist so
// that the client's tolerance of each one is kept by our own tests.
type Variations struct {
	// ContentType replaces the Content-Type of every JSON answer: a media
	// type with parameters ("application/json; charset=utf-8; v=2"),
	// "text/plain", or ContentTypeNone to send none at all.
	ContentType string
	// Encoding compresses VBS answers: EncodingGzip when the client accepts
	// gzip, EncodingGzipAlways and EncodingDeflateAlways whatever it
	// accepts, EncodingBrokenGzip labels a plain body as gzip.
	Encoding string

	// CountDelta is added to every count answer (a count that is wrong);
	// CountStatus, when set, makes count fail with that status.
	CountDelta  int
	CountStatus int
	// OffsetPastEndStatus, when set, answers a list request whose offset is
	// at or past the end with this status instead of an empty page.
	OffsetPastEndStatus int
	// PageSizes caps list answers by turns: the n-th list answer holds at
	// most PageSizes[n % len(PageSizes)] shares, as services whose own page
	// size varies from answer to answer (a short page that is not the end).
	PageSizes []int
	// IgnoreLimit returns every share from offset on; IgnoreOffset returns
	// every page from the start.
	IgnoreLimit  bool
	IgnoreOffset bool
	// LinkBase, with Options.SendLinks, makes next links point at this
	// scheme and host ("http://vbs-internal.local:8080") instead of the
	// host the request came to, as gateways with internal names do.
	LinkBase string
	// AfterList runs after each list answer with the data locked: tests
	// move the data while it is read (see InsertFirst, DeleteFirst).
	AfterList func(listRequest int, d *Dataset)

	// RedirectTo answers every VBS request with 307 to this base URL plus
	// the request's path and query. Requests whose path starts with
	// RedirectedPrefix are served (prefix removed) instead, so a redirect
	// to the emulator itself ends there.
	RedirectTo string

	// OddEncodings writes JSON the way looser servers do: integers as
	// 1.0, null timestamps as "", other timestamps with a space for the
	// "T", an empty list as null, create's "deleted" as a boolean, and a
	// UTF-8 byte-order mark before it all.
	OddEncodings bool
	// LinkPathPrefix, with Options.SendLinks, puts this prefix in front of
	// the next links' path: links the service itself does not serve, as
	// behind gateways that rewrite paths.
	LinkPathPrefix string
	// NoRequestIDHeader leaves out the X-Request-Id header; gateway error
	// bodies still carry request_id.
	NoRequestIDHeader bool

	// RedirectSlash answers every VBS request whose path does not end in
	// "/" with RedirectStatus (default 307) to the same URL with the
	// slash, and serves the slashed path as the plain one: a server that
	// puts its URLs in a canonical form.
	RedirectSlash bool
	// RedirectStatus is the status RedirectTo answers with; default 307.
	// 301, 302 and 303 make Go's client repeat a POST or DELETE as a GET.
	RedirectStatus int
	// SignInRedirect answers every VBS request with 302 to a sign-in page
	// on the same host, which answers 200 with HTML: a gateway whose
	// session ended.
	SignInRedirect bool

	// CreateStatus is the success status of create (default 200, as
	// documented; Cinder-derived services answer 201 or 202).
	CreateStatus int
	// CreateShape is how create's body holds the shares: CreateShapeList
	// (documented), CreateShapeObject ({"shared": {...}}, one share),
	// CreateShapeNone (no body at all), CreateShapeOther (a list without
	// the share asked for).
	CreateShape string
	// CreateCommitThen, when set, creates the shares and then answers with
	// this status (a gateway timing out after the service acted), or with
	// a dropped connection for -1.
	CreateCommitThen int
	// ListLagsCancel keeps a cancelled share in this many more list
	// answers that select it, as a service whose list lags behind its get
	// (which answers 404 at once); count does not hold it.
	ListLagsCancel int
	// GetLagsCreate answers the first GetLagsCreate GETs of each share
	// created through the API with 404, as a service whose reads lag
	// behind its writes.
	GetLagsCreate int
	// IgnoreByBackup answers a cancel with is_backup_id=true with success
	// and cancels nothing: a service that does not implement the form only
	// its parameter table documents.
	IgnoreByBackup bool
	// DeleteStatus is the success status of a cancel (default 200; Cinder
	// answers 202, others 204).
	DeleteStatus int
	// RecipientCancelStatus is the answer to a cancel by the project a
	// share was made to (default 404: it may not cancel).
	RecipientCancelStatus int
	// WritesPerSecond, when set, admits that many POSTs and DELETEs a
	// second; the others are answered 429 with Retry-After: 1.
	WritesPerSecond int

	// IgnoreFilters are list and count filters the server does not apply
	// ("share_to_me", "backup_id", ...), as a gateway that drops them.
	IgnoreFilters []string
	// ListOwner is how list answers write from_project_id, as services
	// whose list leaves out what their get has: ListOwnerOmit (no member),
	// ListOwnerNull (null), ListOwnerUpper (upper case). ListBackupNull
	// answers every listed share's backup as null.
	ListOwner      string
	ListBackupNull bool
	// ListIgnoresFilters are filters the list does not apply while count
	// does: a count that is far from the list's length.
	ListIgnoresFilters []string
	// GetAnswersOther answers a get with another share the caller may see.
	GetAnswersOther bool
	// EndlessList answers every list page, past the real shares, with a
	// full page of new ones, and count with 103: a list that never ends.
	EndlessList bool
	// CaseVariants adds members the documents do not have, in other cases:
	// "To_Project_Id" (another project) after "to_project_id", and
	// "Size": "40 GB" in the backup.
	CaseVariants bool
	// ErrorsAs200 sends error bodies with status 200.
	ErrorsAs200 bool
	// VBSAuthErrors answers refused credentials in VBS's own shape (401
	// VolumeBackup.0041, 403 VolumeBackup.0042) instead of the gateway's.
	VBSAuthErrors bool
	// HostileErrors puts terminal escape sequences, bidirectional overrides
	// and 5 MiB of padding into every error message and code.
	HostileErrors bool
	// EchoCredentials makes error messages repeat the request's credential
	// headers, as a debugging gateway does.
	EchoCredentials bool
	// IgnoreSort answers lists in the default order whatever sort_key and
	// sort_dir say; RefuseSortKeys answers 400 to these sort keys.
	IgnoreSort     bool
	RefuseSortKeys []string
}

// active reports whether any variation that rewrites answers is on.
func (v Variations) active() bool {
	return v.ContentType != "" ||
		v.Encoding != "" ||
		v.CountDelta != 0 ||
		v.CountStatus != 0 ||
		v.OffsetPastEndStatus != 0 ||
		v.IgnoreLimit ||
		v.IgnoreOffset ||
		v.LinkBase != "" ||
		v.LinkPathPrefix != "" ||
		v.AfterList != nil ||
		v.RedirectTo != "" ||
		v.RedirectSlash ||
		v.OddEncodings ||
		v.NoRequestIDHeader ||
		v.CaseVariants ||
		v.ErrorsAs200 ||
		v.SignInRedirect ||
		v.HostileErrors ||
		v.EchoCredentials
}

// Values of Variations.ContentType and Variations.Encoding.
const (
	ContentTypeNone       = "none"
	EncodingGzip          = "gzip"
	EncodingGzipAlways    = "gzip-always"
	EncodingDeflateAlways = "deflate-always"
	EncodingBrokenGzip    = "broken-gzip"
	// RedirectedPrefix marks requests that arrive through RedirectTo.
	RedirectedPrefix = "/redirected"
	// SignInPath is the sign-in page of SignInRedirect.
	SignInPath = "/signin"

	ListOwnerOmit  = "omit"
	ListOwnerNull  = "null"
	ListOwnerUpper = "upper"

	CreateShapeList   = "list"
	CreateShapeObject = "object"
	CreateShapeNone   = "none"
	CreateShapeOther  = "other"
)

// listShares is a list answer's shares as ListOwner and ListBackupNull
// write them.
func (v Variations) listShares(page []Share) any {
	if v.ListOwner == "" && !v.ListBackupNull {
		return page
	}
	out := make([]map[string]any, len(page))
	for i, sh := range page {
		b, _ := json.Marshal(sh)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		switch v.ListOwner {
		case ListOwnerOmit:
			delete(m, "from_project_id")
		case ListOwnerNull:
			m["from_project_id"] = nil
		case ListOwnerUpper:
			m["from_project_id"] = strings.ToUpper(sh.FromProjectID)
		}
		if v.ListBackupNull {
			m["backup"] = nil
		}
		out[i] = m
	}
	return out
}

// variedWriter buffers a response and rewrites it on the way out as the
// variations say. Streaming answers (faults that stall or never end)
// bypass it through Flush.
type variedWriter struct {
	http.ResponseWriter
	v       Variations
	req     *http.Request
	status  int
	buf     bytes.Buffer
	flushed bool
}

func (w *variedWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
}

func (w *variedWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.flushed {
		return w.ResponseWriter.Write(b)
	}
	return w.buf.Write(b)
}

// Flush switches to pass-through: what was buffered goes out unchanged.
func (w *variedWriter) Flush() {
	if !w.flushed {
		w.flushed = true
		if w.status == 0 {
			w.status = http.StatusOK
		}
		w.ResponseWriter.WriteHeader(w.status)
		_, _ = w.ResponseWriter.Write(w.buf.Bytes())
	}
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// finish writes the buffered answer with the variations applied.
func (w *variedWriter) finish() {
	if w.flushed {
		return
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	h := w.Header()
	body := w.buf.Bytes()
	isJSON := strings.HasPrefix(h.Get("Content-Type"), "application/json")
	if isJSON && w.v.CaseVariants {
		body = caseVariants(body)
	}
	if isJSON && w.v.OddEncodings {
		body = oddJSON(body)
	}
	if isJSON && w.status >= 400 && (w.v.HostileErrors || w.v.EchoCredentials) {
		body = w.hostileError()
	}
	if w.v.ErrorsAs200 && w.status >= 400 {
		w.status = http.StatusOK
	}
	if isJSON && w.v.ContentType != "" {
		if w.v.ContentType == ContentTypeNone {
			h["Content-Type"] = nil // net/http must not sniff one either
		} else {
			h.Set("Content-Type", w.v.ContentType)
		}
	}
	if w.v.NoRequestIDHeader {
		h.Del("X-Request-Id")
	}
	if len(body) > 0 {
		body = w.encode(body)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.ResponseWriter.WriteHeader(w.status)
	_, _ = w.ResponseWriter.Write(body)
}

func (w *variedWriter) encode(body []byte) []byte {
	var out bytes.Buffer
	switch w.v.Encoding {
	case EncodingGzip, EncodingGzipAlways:
		if w.v.Encoding == EncodingGzip && !strings.Contains(w.req.Header.Get("Accept-Encoding"), "gzip") {
			return body
		}
		zw := gzip.NewWriter(&out)
		_, _ = zw.Write(body)
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "gzip")
	case EncodingDeflateAlways:
		zw, _ := flate.NewWriter(&out, flate.DefaultCompression)
		_, _ = zw.Write(body)
		_ = zw.Close()
		w.Header().Set("Content-Encoding", "deflate")
	case EncodingBrokenGzip:
		w.Header().Set("Content-Encoding", "gzip")
		return body
	default:
		return body
	}
	return out.Bytes()
}

// oddJSON rewrites a JSON document: integral numbers as "N.0", null values
// of timestamp fields as "", "shared": [] as null, "deleted" as a boolean.
func oddJSON(body []byte) []byte {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var doc any
	if dec.Decode(&doc) != nil {
		return body
	}
	doc = oddValue("", doc)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if enc.Encode(doc) != nil {
		return body
	}
	return append([]byte("\xef\xbb\xbf"), out.Bytes()...)
}

func oddValue(key string, v any) any {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			x[k] = oddValue(k, e)
		}
		return x
	case []any:
		if key == "shared" && len(x) == 0 {
			return nil
		}
		for i, e := range x {
			x[i] = oddValue("", e)
		}
		return x
	case json.Number:
		if _, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return json.Number(string(x) + ".0")
		}
		return x
	case nil:
		if strings.HasSuffix(key, "_at") || key == "data_timestamp" {
			return ""
		}
		if key == "deleted" {
			return false
		}
		return nil
	case string:
		if key == "deleted" {
			return x == "True" || x == "true"
		}
		if (strings.HasSuffix(key, "_at") || key == "data_timestamp") && len(x) > 10 && x[10] == 'T' {
			return x[:10] + " " + x[11:]
		}
		return x
	}
	return v
}

// HostileText is what HostileErrors puts into a message: it clears the
// screen, sets the window title, fakes Terraform's success line and turns
// the rest of the line around.
const HostileText = "\x1b[2J\x1b]0;pwned\x07\rSuccess! 0 destroyed.\u202e\u009b31m"

// hostileError is the error body the hostile variations send instead.
func (w *variedWriter) hostileError() []byte {
	msg := "The request failed."
	if w.v.EchoCredentials {
		msg += " Request headers:"
		for _, h := range []string{"X-Auth-Token", "Authorization", "X-Security-Token"} {
			if v := w.req.Header.Get(h); v != "" {
				msg += " " + h + ": " + v + ";"
			}
		}
	}
	code := "VBS.0001"
	if w.v.HostileErrors {
		msg = HostileText + msg + strings.Repeat("A", 5<<20)
		code = HostileText + code
	}
	out, _ := json.Marshal(map[string]any{"error": map[string]any{"code": code, "message": msg}})
	return out
}

// caseVariants adds to every share "To_Project_Id" with another project
// after "to_project_id", and to every backup "Size": "40 GB": members the
// documents do not have, whose names differ from documented ones only in
// case.
func caseVariants(body []byte) []byte {
	out := toProjectMember.ReplaceAll(body, []byte(`$0,"To_Project_Id":"ffffffffffffffffffffffffffffffff"`))
	return bytes.ReplaceAll(out, []byte(`"backup":{`), []byte(`"backup":{"Size":"40 GB",`))
}

var toProjectMember = regexp.MustCompile(`"to_project_id":"[^"]*"`)

// redirect answers a VBS request with a redirect when RedirectTo or
// SignInRedirect is set and reports whether it did; a request that already
// came through one has the prefix removed and is served, and the sign-in
// page answers HTML.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request) bool {
	if rest, ok := strings.CutPrefix(r.URL.Path, RedirectedPrefix+"/"); ok {
		r.URL.Path = "/" + rest
		r.URL.RawPath = strings.TrimPrefix(r.URL.RawPath, RedirectedPrefix)
		return false
	}
	vary := s.vary()
	if r.URL.Path == SignInPath && vary.SignInRedirect {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte("<html><body><form action=\"/signin\">Sign in</form></body></html>"))
		return true
	}
	if !isServicePath(r.URL.Path) {
		return false
	}
	switch {
	case vary.RedirectSlash && strings.HasSuffix(r.URL.Path, "/"):
		r.URL.Path = strings.TrimSuffix(r.URL.Path, "/")
		r.URL.RawPath = strings.TrimSuffix(r.URL.RawPath, "/")
		return false
	case vary.RedirectSlash:
		target := r.URL.Path + "/"
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", target)
		w.WriteHeader(cmp.Or(vary.RedirectStatus, http.StatusTemporaryRedirect))
		return true
	case vary.SignInRedirect:
		w.Header().Set("Location", SignInPath+"?next="+url.QueryEscape(r.URL.Path))
		w.WriteHeader(http.StatusFound)
		return true
	case vary.RedirectTo != "":
		target := strings.TrimSuffix(vary.RedirectTo, "/") + r.URL.Path
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		w.Header().Set("Location", target)
		w.WriteHeader(cmp.Or(vary.RedirectStatus, http.StatusTemporaryRedirect))
		return true
	}
	return false
}

// InsertFirst adds a share of project that sorts before all others under
// the default order (newest created_at first): data moving while it is read.
func InsertFirst(project string) func(int, *Dataset) {
	return func(n int, d *Dataset) {
		newest := ""
		for _, sh := range d.Shares {
			if sh.CreatedAt != nil && *sh.CreatedAt > newest {
				newest = *sh.CreatedAt
			}
		}
		t, err := parseWireTime(newest)
		if err != nil {
			return
		}
		created := wireTime(t.Add(1e9))
		id := uuidFor("inserted", n)
		d.Shares = append(
			d.Shares,
			Share{BackupID: uuidFor("inserted-backup", n), CreatedAt: created, FromProjectID: project, ID: id, ToProjectID: SyntheticTargets()[0],
				Backup: &Backup{ID: uuidFor("inserted-backup", n)}},
		)
	}
}

// DeleteFirst removes the share of project that sorts first under the
// default order: a share cancelled while the list is read.
func DeleteFirst(project string) func(int, *Dataset) {
	return func(_ int, d *Dataset) {
		q, _ := parseQuery(nil)
		var mine []*Share
		for i := range d.Shares {
			if d.Shares[i].FromProjectID == project {
				mine = append(mine, &d.Shares[i])
			}
		}
		if len(mine) == 0 {
			return
		}
		q.sort(mine)
		id := mine[0].ID
		kept := d.Shares[:0]
		for _, sh := range d.Shares {
			if sh.ID != id {
				kept = append(kept, sh)
			}
		}
		d.Shares = kept
	}
}

// UpdateLast gives the share of project that sorts last under updated_at
// (descending, the oldest update) an updated_at newer than every other
// share's: under sort_key = updated_at it jumps from the end of the list to
// its front, as a share changed while the list is read.
func UpdateLast(project string) func(int, *Dataset) {
	return func(_ int, d *Dataset) {
		var mine []*Share
		newest := ""
		for i := range d.Shares {
			sh := &d.Shares[i]
			if sh.FromProjectID != project {
				continue
			}
			mine = append(mine, sh)
			for _, t := range []*string{sh.CreatedAt, sh.UpdatedAt} {
				if t != nil && *t > newest {
					newest = *t
				}
			}
		}
		if len(mine) == 0 {
			return
		}
		q, _ := parseQuery(url.Values{"sort_key": {"updated_at"}})
		q.sort(mine)
		t, err := parseWireTime(newest)
		if err != nil {
			return
		}
		mine[len(mine)-1].UpdatedAt = wireTime(t.Add(1e9))
	}
}
