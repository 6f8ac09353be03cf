package shares

// Paging by the service's own "next" links (shared_links), where it sends
// them: followed only on the list's own scheme, host and path.

import (
	"context"
	"errors"
	"net/http"

	"github.com/gophercloud/gophercloud/v2"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// followLinks reads pages by their "next" links. ended reports that the
// service showed the end of the list (a page without a next link, or an
// empty page); otherwise a link led elsewhere and the read goes on by
// offset from the returned position.
func (l Lister) followLinks(ctx context.Context, c *gophercloud.ServiceClient, acc *accumulator, next string, pos int) (ended bool, _ int, _ error) {
	// A link that cannot serve (another host, unparsable, a loop, a path the
	// service does not know) ends the walk, not the read: it goes on by
	// offset from where the links left it.
	visited := map[string]bool{}
	for next != "" {
		u, ok := usableLink(c, next)
		if !ok || visited[u] {
			return false, pos, nil
		}
		visited[u] = true
		p, err := listURLPage(ctx, c, u)
		if brokenLink(err) {
			return false, pos, nil
		}
		if err != nil {
			return false, pos, err
		}
		if len(p.Shares) == 0 {
			return true, pos, nil
		}
		if acc.add(p.Shares) == 0 {
			return false, pos, &stuckError{offset: pos, firstID: p.Shares[0].ID, atStart: p.Shares[0].ID == acc.shares[0].ID}
		}
		if err := acc.overflow(); err != nil {
			return false, pos, err
		}
		pos += len(p.Shares)
		next = p.Next
	}
	return true, pos, nil
}

// brokenLink reports a link the service itself does not serve (404, 400,
// 405): the link is wrong, not the service, whose offsets may still work.
func brokenLink(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusMethodNotAllowed)
}

// usableLink resolves a "next" href against the list URL. ok is false for
// a link that is not a URL, that points at another scheme or host
// (following it would send the credentials there), or at another path than
// the list's own.
func usableLink(c *gophercloud.ServiceClient, href string) (string, bool) {
	// Another scheme or host would get the credentials; another path would
	// be another operation (a link is a page of the same list, nothing else).
	return vbs.SameEndpointLink(listURL(c), href)
}
