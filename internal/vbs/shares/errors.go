package shares

import (
	"net/http"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// The core's error of every service package, under the names this
// package's callers know.
type (
	// Error is every failure of a sharing operation.
	Error = vbs.Error
	// AnsweredError is an error body the service sent with a success status.
	AnsweredError = vbs.AnsweredError
)

// ErrNotFound matches, through errors.Is, any *Error with HTTP status 404.
var ErrNotFound = vbs.ErrNotFound

func wrapError(op, method, url string, resp *http.Response, err error) error {
	return vbs.WrapError(op, method, url, resp, err)
}
