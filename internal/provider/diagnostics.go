package provider

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// apiErrorDiagnostic is the one place where client errors become
// diagnostics. The summary names what was being done; the detail carries
// the operation, HTTP status, the service's code and message, the request id
// support asks for, and a hint for the statuses users can act on. Both are
// made safe (safeText): server text can carry echoed credentials and
// control characters.
func apiErrorDiagnostic(summary string, err error, c *vbs.Client) diag.Diagnostic {
	return diag.NewErrorDiagnostic(safeText(c, summary), safeText(c, apiErrorDetail(err, c, true)))
}

// apiErrorDetail is apiErrorDiagnostic's detail; withHint adds the hint of
// the status, which a caller with a more precise one of its own leaves out
// (one hint, never two stacked).
func apiErrorDetail(err error, c *vbs.Client, withHint bool) string {
	var b strings.Builder
	var e *shares.Error
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		// The same diagnostic serves reads, writes and the action: name every
		// timeout, the summary says which operation ran out.
		fmt.Fprintf(
			&b,
			"%v\n\nThe request did not finish within its timeout. Raise timeouts.read (data sources, and a resource's refresh), timeouts.create or "+
				"timeouts.delete (the resource), whichever the operation above is, or check the endpoint's reachability.",
			err,
		)
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(&b, "%v\n\nThe request was cancelled.", err)
	case errors.As(err, &e):
		fmt.Fprintf(&b, "Operation: %s", e.Op)
		if e.Method != "" {
			fmt.Fprintf(&b, " (%s %s)", e.Method, e.URL)
		}
		if e.RedirectedTo != "" {
			fmt.Fprintf(&b, "\nThe answer came after a redirect to %s", e.RedirectedTo)
		}
		if e.StatusCode != 0 {
			fmt.Fprintf(&b, "\nHTTP status: %d %s", e.StatusCode, http.StatusText(e.StatusCode))
		}
		if e.Code != "" {
			fmt.Fprintf(&b, "\nError code: %s", e.Code)
		}
		if e.Message != "" {
			fmt.Fprintf(&b, "\nMessage: %s", e.Message)
		}
		if e.Err != nil {
			// The URL is on the operation's line already; the error text of
			// net/http and gophercloud repeats it.
			text := fmt.Sprint(e.Err)
			if e.URL != "" {
				text = strings.ReplaceAll(text, e.URL, "(the address above)")
			}
			fmt.Fprintf(&b, "\nError: %s", text)
		}
		if e.RequestID != "" {
			fmt.Fprintf(&b, "\nRequest ID: %s (quote it to support)", e.RequestID)
		}
		if hint := statusHint(e, c); withHint && hint != "" {
			fmt.Fprintf(&b, "\n\n%s", hint)
		}
	default:
		b.WriteString(err.Error())
	}
	return b.String()
}

// safeText is text for a diagnostic that may hold what a server sent: the
// client's credentials redacted, control characters escaped.
func safeText(c *vbs.Client, s string) string {
	if c == nil {
		return vbs.EscapeControls(s)
	}
	return c.Redactor.Safe(s)
}

func statusHint(e *shares.Error, c *vbs.Client) string {
	var method vbs.Method
	if c != nil {
		method = c.Method
	}
	status := e.StatusCode
	switch {
	case status == 0:
		return unreachableHint(e, c)
	case status == http.StatusUnauthorized && method == vbs.MethodAKSK:
		return "The signed request was refused. Check access_key and secret_key (OS_ACCESS_KEY, OS_SECRET_KEY), security_token for temporary credentials " +
			"(OS_SECURITY_TOKEN: they expire), and the machine's clock: signatures more than 15 minutes off are refused."
	case status == http.StatusUnauthorized && method == vbs.MethodToken:
		return "The token was refused: it is invalid, expired or revoked, or not scoped to this project. Set a fresh token (token, OS_TOKEN)."
	}
	switch status {
	case http.StatusUnauthorized:
		return "The credentials were refused: the token may have expired or been revoked. Check user_name, password and domain_name (OS_USERNAME, OS_PASSWORD, " +
			"OS_DOMAIN_NAME), and try again."
	case http.StatusForbidden:
		return "The credentials do not allow this in the project. Check that project_id (OS_PROJECT_ID) is the project the token is scoped to and that the user " +
			"has a " + serviceOf(
			e,
		) + " role there."
	case http.StatusNotFound:
		if e.Err != nil {
			return "" // the error already says what the 404 means here
		}
		hint := "Nothing was found at that address. Check the id"
		if serviceOf(e) == "CBR" {
			hint += ", and that the CBR endpoint (cbr_endpoint, VBS_CBR_ENDPOINT, or the catalog's) points at the CBR service root"
		} else if c != nil && c.EndpointSource == vbs.EndpointFromSetting {
			hint += ", and that endpoint (VBS_ENDPOINT) points at the VBS service root"
		}
		return hint + "."
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if e.Retriable {
			return "The service kept answering this and the retries ran out. Raise max_retries (OS_MAX_RETRIES), or try again later with fewer requests at once " +
				"(-parallelism)."
		}
		return "The request was not repeated: after this answer to a " + e.Method + " the service may have acted on it, and a second request could act twice. Try " +
			"again later."
	}
	return ""
}

// serviceOf names the service a failed request went to: CBR's paths are
// /v3/{project_id}/backups..., VBS's /v2/....
func serviceOf(e *shares.Error) string {
	if u, err := url.Parse(e.URL); err == nil && strings.Contains(u.Path, "/v3/") && strings.Contains(u.Path, "/backups") {
		return "CBR"
	}
	return "VBS"
}

// unreachableHint explains a request that got no answer, by where the
// endpoint came from: a host that does not resolve in a region's default
// is most likely a region without VBS.
func unreachableHint(e *shares.Error, c *vbs.Client) string {
	var dns *net.DNSError
	var op *net.OpError
	notFound := errors.As(e, &dns) && dns.IsNotFound
	if !notFound && !errors.As(e, &op) {
		return ""
	}
	what := "could not be reached"
	if notFound {
		what = "does not resolve: no such host"
	}
	source := endpointSourceText(c)
	switch {
	case notFound && c != nil && c.EndpointSource == vbs.EndpointFromRegion:
		return fmt.Sprintf("The VBS endpoint %s (%s) %s. VBS is open to existing users only and may not be offered in region %s. "+
			"Set endpoint (VBS_ENDPOINT) to the VBS address your console shows, or sign in with a password or token to take it from the service "+
			"catalog.", vbs.ShowURL(c.ResourceBase), source, what, c.Region)
	case c != nil:
		return fmt.Sprintf("The VBS endpoint %s (%s) %s. Check the address and this machine's network, proxy (HTTPS_PROXY, NO_PROXY) and "+
			"DNS.", vbs.ShowURL(c.ResourceBase), source, what)
	}
	return ""
}

// endpointSourceText says where the client's endpoint came from.
func endpointSourceText(c *vbs.Client) string {
	switch c.EndpointSource {
	case vbs.EndpointFromSetting:
		return "from endpoint or VBS_ENDPOINT"
	case vbs.EndpointFromRegion:
		return "the default of region " + c.Region
	}
	return "from the service catalog"
}
