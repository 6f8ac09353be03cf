package vbs

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/gophercloud/gophercloud/v2"
)

// Project is an IAM project the credentials can reach.
type Project struct {
	ID       string
	Name     string
	DomainID string
	// Enabled is nil when IAM did not say.
	Enabled *bool
}

// ProjectIDPattern is the form of IAM project ids. Ids go into URLs, so an
// answer's id of another form is never used; the provider checks arguments
// against it at plan time.
var ProjectIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// CheckProjectID reports whether id has the form of an IAM project id.
func CheckProjectID(id string) error {
	if !ProjectIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a project ID (32 lowercase hexadecimal characters, as IAM shows it)", EscapeControls(Truncate(id, 80)))
	}
	return nil
}

// IAMError is a failed IAM request, with what the answer said.
type IAMError struct {
	Op        string
	URL       string
	Status    int
	Code      string
	Message   string
	RequestID string
	Err       error
}

func (e *IAMError) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.URL != "" {
		fmt.Fprintf(&b, " (GET %s)", ShowURL(e.URL))
	}
	if e.Status != 0 {
		fmt.Fprintf(&b, ": HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.Status == 0 && e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " (request id %s)", e.RequestID)
	}
	return b.String()
}

func (e *IAMError) Unwrap() error { return e.Err }

// maxProjects bounds an answer of IAM's project list: accounts have
// hundreds at most.
const maxProjects = 100000

// Projects lists the projects the credentials can reach: Keystone's
// GET {auth_url}/auth/projects, which IAM answers for a token's user and for
// an access key's, sorted by name and id. Projects whose id does not have
// the form of a project id are left out and returned as skipped (escaped),
// so that a caller can say so.
func (s *Scopes) Projects(ctx context.Context) (projects []Project, skipped []string, err error) {
	if s.cfg.AuthURL == "" {
		return nil, nil, &IAMError{Op: "list projects", Err: fmt.Errorf("listing projects needs IAM: set auth_url, or a region whose IAM the provider knows "+
			"(%s)", KnownIAMRegions())}
	}
	u := strings.TrimSuffix(s.cfg.AuthURL, "/") + "/auth/projects"
	all, err := s.projectPages(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	for _, p := range all {
		if CheckProjectID(p.ID) != nil {
			skipped = append(skipped, EscapeControls(Truncate(p.ID, 80)))
			continue
		}
		projects = append(
			projects,
			Project{ID: p.ID, Name: ServerText(p.Name, MaxCodeBytes), DomainID: ServerText(p.DomainID, MaxCodeBytes), Enabled: p.Enabled},
		)
	}
	slices.SortFunc(projects, func(a, b Project) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	return projects, skipped, nil
}

// iamProject is one project of IAM's list as it answers it.
type iamProject struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	DomainID string `json:"domain_id"`
	Enabled  *bool  `json:"enabled"`
}

// maxProjectPages bounds how many pages of IAM's project list are read.
const maxProjectPages = 1000

// projectPages reads IAM's project list to its end. Keystone pages a list
// when its deployment sets a limit: the answer then says "truncated": true
// and may carry "links": {"next": …}. A truncated answer is never taken as
// the whole list: its next link is followed (on IAM's own scheme, host and
// path only, as credentials go with it), and a truncated answer without one
// that can be followed is an error, not a list with projects missing.
func (s *Scopes) projectPages(ctx context.Context, u string) ([]iamProject, error) {
	var all []iamProject
	seen := map[string]bool{}
	for page := 0; ; page++ {
		var body struct {
			Projects  []iamProject `json:"projects"`
			Truncated bool         `json:"truncated"`
			Links     struct {
				Next *string `json:"next"`
			} `json:"links"`
		}
		resp, err := s.def.ProviderClient.Request(ctx, http.MethodGet, u, &gophercloud.RequestOpts{JSONResponse: &body, OkCodes: []int{http.StatusOK}})
		if err != nil {
			return nil, iamError("list projects", u, resp, err)
		}
		fail := func(format string, args ...any) error {
			return &IAMError{Op: "list projects", URL: u, RequestID: requestIDOf(resp), Err: fmt.Errorf(format, args...)}
		}
		if body.Projects == nil {
			return nil, fail("the answer has no \"projects\" list")
		}
		all = append(all, body.Projects...)
		if len(all) > maxProjects {
			return nil, fail("the answers list more than %d projects", maxProjects)
		}
		next := ""
		if body.Links.Next != nil {
			next = *body.Links.Next
		}
		if next == "" {
			if body.Truncated {
				return nil, fail(
					"IAM marked its list of %d projects truncated and gave no next page: the account's other projects cannot be listed, so no audit of them "+
						"would be complete. "+
						"Ask the IAM administrator to raise list_limit, or list the projects in the configuration instead",
					len(all),
				)
			}
			return all, nil
		}
		nu, ok := SameEndpointLink(u, next)
		switch {
		case !ok:
			return nil, fail(
				"IAM's next page of projects is at %s, which is not IAM's own address: it was not followed (the credentials would go with it), so the "+
					"list is incomplete",
				ShowURL(ServerText(next, 200)),
			)
		case seen[nu] || page+1 >= maxProjectPages:
			return nil, fail("IAM's pages of projects do not end (a next link seen before, or more than %d pages)", maxProjectPages)
		}
		seen[nu], u = true, nu
	}
}

// SameEndpointLink resolves a next link against the URL it came from, and
// reports whether it stays on the same scheme, host and path: only such a
// link is followed, since the credentials go with it, and another path
// would be another operation.
func SameEndpointLink(from, link string) (string, bool) {
	base, err := url.Parse(from)
	if err != nil {
		return "", false
	}
	ref, err := url.Parse(link)
	if err != nil {
		return "", false
	}
	u := base.ResolveReference(ref)
	if u.Scheme != base.Scheme || u.Host != base.Host || u.EscapedPath() != base.EscapedPath() {
		return "", false
	}
	return u.String(), true
}

func requestIDOf(resp *http.Response) string {
	if resp == nil {
		return ""
	}
	return RequestID(resp.Header)
}

func iamError(op, u string, resp *http.Response, err error) error {
	e := &IAMError{Op: op, URL: u, RequestID: requestIDOf(resp), Err: err}
	if ue, ok := UnexpectedResponse(err); ok {
		e.Status = ue.Actual
		code, msg, rid := ParseErrorBody(ue.Body)
		e.Code, e.Message = code, msg
		if e.RequestID == "" {
			e.RequestID = cmp.Or(RequestID(ue.ResponseHeader), rid)
		}
	}
	return e
}
