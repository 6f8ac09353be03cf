package shares

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
)

// Share is one backup share. Pointer fields are optional or nullable in the
// API: nil means the service sent null or left the field out.
type Share struct {
	ID            string  `json:"id"`
	BackupID      string  `json:"backup_id"`
	FromProjectID string  `json:"from_project_id"`
	ToProjectID   string  `json:"to_project_id"`
	CreatedAt     *Time   `json:"created_at"`
	UpdatedAt     *Time   `json:"updated_at"`
	Deleted       *string `json:"deleted,omitempty"`    // create responses only
	DeletedAt     *Time   `json:"deleted_at,omitempty"` // create responses only
	Backup        *Backup `json:"backup,omitempty"`     // list and get only
}

// Backup is the source backup nested in a share. Every field may be null.
type Backup struct {
	AvailabilityZone    *string `json:"availability_zone"`
	Container           *string `json:"container"`
	CreatedAt           *Time   `json:"created_at"`
	DataTimestamp       *Time   `json:"data_timestamp"`
	Description         *string `json:"description"`
	FailReason          *string `json:"fail_reason"`
	HasDependentBackups *bool   `json:"has_dependent_backups"`
	ID                  *string `json:"id"`
	IsIncremental       *bool   `json:"is_incremental"`
	Name                *string `json:"name"`
	ObjectCount         *int64  `json:"object_count"`
	Size                *int64  `json:"size"`
	SnapshotID          *string `json:"snapshot_id"`
	Status              *string `json:"status"`
	UpdatedAt           *Time   `json:"updated_at"`
	VolumeID            *string `json:"volume_id"`
	ServiceMetadata     *string `json:"service_metadata"`
}

// Link is one element of "shared_links"; the SDKs follow rel "next".
type Link struct {
	Href string `json:"href"`
	Rel  string `json:"rel"`
}

// Page is one page of a list response.
type Page struct {
	Shares []Share
	// Next is the href of a "next" link, if the service sent one.
	Next string
}

// MaxResponseBytes bounds how much of a response body is read. A page of
// 1,000 shares is under 1 MiB; the cap protects memory from a runaway body.
const MaxResponseBytes = 32 << 20

// ErrBodyTooLarge is returned when a response exceeds MaxResponseBytes.
var ErrBodyTooLarge = fmt.Errorf("response body exceeds %d bytes", MaxResponseBytes)

// decodeResponse decodes a JSON response body into v, reading at most
// MaxResponseBytes, and closes the body.
func decodeResponse(resp *http.Response, v any) error {
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && mt != "text/json") {
			return fmt.Errorf("unexpected content type %q (want application/json)", ct)
		}
	}
	limited := &io.LimitedReader{R: resp.Body, N: MaxResponseBytes + 1}
	dec := json.NewDecoder(limited)
	if err := dec.Decode(v); err != nil {
		if limited.N <= 0 {
			return ErrBodyTooLarge
		}
		return describeDecodeError(err)
	}
	// Anything but white space after the document is a malformed body.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if limited.N <= 0 {
			return ErrBodyTooLarge
		}
		return errors.New("malformed JSON response: unexpected data after the document")
	}
	return nil
}

// describeDecodeError names the offending field for type errors, which
// encoding/json reports as a Go type rather than the API's field path.
func describeDecodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Errorf("malformed response: field %q has a JSON %s where the API documents %s", typeErr.Field, typeErr.Value, jsonKind(typeErr.Type.String()))
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("malformed JSON response at byte %d: %v", syntaxErr.Offset, err)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return errors.New("malformed JSON response: body ended early (truncated)")
	default:
		return fmt.Errorf("malformed response: %w", err)
	}
}

func jsonKind(goType string) string {
	switch goType {
	case "int64", "*int64", "int", "*int":
		return "an integer"
	case "bool", "*bool":
		return "a boolean"
	case "string", "*string":
		return "a string"
	case "[]shares.Share":
		return "a list of shares"
	case "shares.Share", "*shares.Share":
		return "a share object"
	default:
		return "a " + goType
	}
}

// ListResult is the outcome of one list (detail) request.
type ListResult struct {
	resp *http.Response
	Err  error
}

// Extract returns the page. A response without the "shared" key is an error:
// an empty result is "shared": [], never a missing key.
func (r ListResult) Extract() (Page, error) {
	if r.Err != nil {
		return Page{}, r.Err
	}
	var body struct {
		Shared *[]Share `json:"shared"`
		Links  []Link   `json:"shared_links"`
	}
	if err := decodeResponse(r.resp, &body); err != nil {
		return Page{}, err
	}
	if body.Shared == nil {
		return Page{}, errors.New(`malformed response: no "shared" list in the body`)
	}
	page := Page{Shares: *body.Shared}
	if page.Shares == nil {
		page.Shares = []Share{}
	}
	for _, l := range body.Links {
		if l.Rel == "next" && l.Href != "" {
			page.Next = l.Href
		}
	}
	return page, nil
}

// GetResult is the outcome of a get request.
type GetResult struct {
	resp *http.Response
	Err  error
}

// Extract returns the share.
func (r GetResult) Extract() (*Share, error) {
	if r.Err != nil {
		return nil, r.Err
	}
	var body struct {
		Shared *Share `json:"shared"`
	}
	if err := decodeResponse(r.resp, &body); err != nil {
		return nil, err
	}
	if body.Shared == nil {
		return nil, errors.New(`malformed response: no "shared" object in the body`)
	}
	return body.Shared, nil
}

// CountResult is the outcome of a count request.
type CountResult struct {
	resp *http.Response
	Err  error
}

// Extract returns the number of matching shares.
func (r CountResult) Extract() (int, error) {
	if r.Err != nil {
		return 0, r.Err
	}
	var body struct {
		Count *int `json:"count"`
	}
	if err := decodeResponse(r.resp, &body); err != nil {
		return 0, err
	}
	if body.Count == nil {
		return 0, errors.New(`malformed response: no "count" in the body`)
	}
	if *body.Count < 0 {
		return 0, fmt.Errorf("malformed response: negative count %d", *body.Count)
	}
	return *body.Count, nil
}

// CreateResult is the outcome of a create request: one share per target
// project, without the nested backup.
type CreateResult struct {
	resp *http.Response
	Err  error
}

// Extract returns the created shares.
func (r CreateResult) Extract() ([]Share, error) {
	if r.Err != nil {
		return nil, r.Err
	}
	var body struct {
		Shared *[]Share `json:"shared"`
	}
	if err := decodeResponse(r.resp, &body); err != nil {
		return nil, err
	}
	if body.Shared == nil {
		return nil, errors.New(`malformed response: no "shared" list in the body`)
	}
	return *body.Shared, nil
}

// DeleteResult is the outcome of a delete request; it carries only an error.
type DeleteResult struct {
	Err error
}

// ExtractErr returns the error, if any.
func (r DeleteResult) ExtractErr() error { return r.Err }

// InAvailabilityZone reports whether the share's backup lies in zone az.
func (s Share) InAvailabilityZone(az string) bool {
	return s.Backup != nil && s.Backup.AvailabilityZone != nil && *s.Backup.AvailabilityZone == az
}
