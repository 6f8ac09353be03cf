package shares

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Share is one backup share. Pointer fields are optional or nullable in the
// API: nil means the service sent null or left the field out.
type Share struct {
	ID            string `json:"id"`
	BackupID      string `json:"backup_id"`
	FromProjectID string `json:"from_project_id"`
	ToProjectID   string `json:"to_project_id"`
	CreatedAt     *Time  `json:"created_at"`
	UpdatedAt     *Time  `json:"updated_at"`
	// Deleted is kept as sent: the API documents a string, some servers
	// send a boolean, and no user of this package reads it.
	Deleted   json.RawMessage `json:"deleted,omitempty"`    // create responses only
	DeletedAt *Time           `json:"deleted_at,omitempty"` // create responses only
	Backup    *Backup         `json:"backup,omitempty"`     // list and get only
}

// Backup is the source backup nested in a share. Every field may be null.
type Backup struct {
	AvailabilityZone    *string  `json:"availability_zone"`
	Container           *string  `json:"container"`
	CreatedAt           *Time    `json:"created_at"`
	DataTimestamp       *Time    `json:"data_timestamp"`
	Description         *string  `json:"description"`
	FailReason          *string  `json:"fail_reason"`
	HasDependentBackups *bool    `json:"has_dependent_backups"`
	ID                  *string  `json:"id"`
	IsIncremental       *bool    `json:"is_incremental"`
	Name                *string  `json:"name"`
	ObjectCount         *Integer `json:"object_count"`
	Size                *Integer `json:"size"`
	SnapshotID          *string  `json:"snapshot_id"`
	Status              *string  `json:"status"`
	UpdatedAt           *Time    `json:"updated_at"`
	VolumeID            *string  `json:"volume_id"`
	ServiceMetadata     *string  `json:"service_metadata"`
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

// decodeResponse decodes a JSON response body into v, reading at most
// vbs.MaxResponseBytes, and closes the body. The Content-Type is not checked: a
// body of the expected shape is read whatever it says (gateways send none,
// text/plain, or parameters nobody knows). It is named in the error when
// the body cannot be read. shape describes v for errors in API terms.
func decodeResponse(resp *http.Response, v any, shape bodyShape) ([]byte, error) {
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, vbs.MaxResponseBytes+1))
	if err != nil {
		return nil, fmt.Errorf("reading the response body: %w", err)
	}
	if len(raw) > vbs.MaxResponseBytes {
		return nil, vbs.ErrBodyTooLarge
	}
	// A UTF-8 byte-order mark is not JSON, but says nothing but "UTF-8".
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, fmt.Errorf("the service answered with an empty body where the API documents %s", shape)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		err = describeDecodeError(err, raw, shape)
		if ct := resp.Header.Get("Content-Type"); !isJSONMediaType(ct) {
			err = fmt.Errorf("%w (the response's Content-Type is %q)", err, ct)
		}
		return nil, err
	}
	return raw, nil
}

func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json"))
}

// bodyShape is what a response body should hold, in the API's words.
type bodyShape string

const (
	shapeList  bodyShape = `an object with a "shared" list of shares`
	shapeOne   bodyShape = `an object with a "shared" share object`
	shapeCount bodyShape = `an object with a "count" integer`
)

// describeDecodeError says what is wrong with a body in API terms: which
// field (and, for a share in a list, which share) holds what.
func describeDecodeError(err error, raw []byte, shape bodyShape) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr) && typeErr.Field == "":
		return fmt.Errorf("malformed response: the body is a JSON %s where the API documents %s", typeErr.Value, shape)
	case errors.As(err, &typeErr):
		where := fmt.Sprintf("field %q", typeErr.Field)
		if id := shareWithTypeError(raw, shape); id != "" {
			where = fmt.Sprintf("share %s: field %q", id, strings.TrimPrefix(typeErr.Field, "shared."))
		}
		return fmt.Errorf("malformed response: %s has a JSON %s where the API documents %s", where, typeErr.Value, fieldKind(typeErr))
	case errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "unexpected end of JSON input"):
		return fmt.Errorf("malformed JSON response: the body ended early after %d bytes (truncated)", len(raw))
	case errors.As(err, &syntaxErr):
		return fmt.Errorf("malformed JSON response at byte %d: %w", syntaxErr.Offset, err)
	default:
		return fmt.Errorf("malformed response: %w", err)
	}
}

// shareWithTypeError finds the id of the share that fails to decode, so
// that a type error names it. It runs only on the error path.
func shareWithTypeError(raw []byte, shape bodyShape) string {
	var elems []json.RawMessage
	switch shape {
	case shapeList:
		var body struct {
			Shared []json.RawMessage `json:"shared"`
		}
		if json.Unmarshal(raw, &body) != nil {
			return ""
		}
		elems = body.Shared
	case shapeOne:
		var body struct {
			Shared json.RawMessage `json:"shared"`
		}
		if json.Unmarshal(raw, &body) != nil {
			return ""
		}
		elems = []json.RawMessage{body.Shared}
	}
	for _, e := range elems {
		var s Share
		if json.Unmarshal(e, &s) == nil {
			continue
		}
		var idOnly struct {
			ID json.RawMessage `json:"id"`
		}
		_ = json.Unmarshal(e, &idOnly)
		if id := vbs.JSONString(idOnly.ID); id != "" {
			return id
		}
		return "(without id)"
	}
	return ""
}

func fieldKind(e *json.UnmarshalTypeError) string {
	if e.Type == nil {
		return "another type"
	}
	switch e.Type.String() {
	case "int64", "*int64", "int", "*int", "shares.Integer", "*shares.Integer":
		return "an integer"
	case "bool", "*bool":
		return "a boolean"
	case "string", "*string":
		return "a string"
	case "shares.Time", "*shares.Time":
		return "a timestamp string"
	case "[]shares.Share", "*[]shares.Share":
		return "a list of shares"
	case "shares.Share", "*shares.Share":
		return "a share object"
	case "shares.Backup", "*shares.Backup":
		return "a backup object"
	case "[]shares.Link":
		return "a list of links"
	default:
		return "another type"
	}
}

// extractPage decodes the page. A response without the "shared" key is an error;
// "shared": null is an empty page, as is "shared": [].
func extractPage(resp *http.Response) (Page, error) {
	var body struct {
		Shared *[]Share `json:"shared"`
		Links  []Link   `json:"shared_links"`
	}
	raw, err := decodeResponse(resp, &body, shapeList)
	if err != nil {
		return Page{}, err
	}
	if body.Shared == nil && !hasKey(raw, "shared") {
		return Page{}, fmt.Errorf(`malformed response: no "shared" key in the body, where the API documents %s`, shapeList)
	}
	page := Page{Shares: []Share{}}
	if body.Shared != nil && *body.Shared != nil {
		page.Shares = *body.Shared
	}
	for i := range page.Shares {
		page.Shares[i].normalize()
	}
	for _, l := range body.Links {
		if l.Rel == "next" && l.Href != "" {
			page.Next = l.Href
		}
	}
	return page, nil
}

// hasKey reports whether the top-level object of raw has key (null too).
func hasKey(raw []byte, key string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	_, ok := top[key]
	return ok
}

// extractShare decodes the share.
func extractShare(resp *http.Response) (*Share, error) {
	var body struct {
		Shared *Share `json:"shared"`
	}
	if _, err := decodeResponse(resp, &body, shapeOne); err != nil {
		return nil, err
	}
	if body.Shared == nil {
		return nil, fmt.Errorf(`malformed response: no "shared" object in the body, where the API documents %s`, shapeOne)
	}
	body.Shared.normalize()
	return body.Shared, nil
}

// extractCount decodes the number of matching shares.
func extractCount(resp *http.Response) (int, error) {
	var body struct {
		Count *Integer `json:"count"`
	}
	if _, err := decodeResponse(resp, &body, shapeCount); err != nil {
		return 0, err
	}
	if body.Count == nil {
		return 0, fmt.Errorf(`malformed response: no "count" in the body, where the API documents %s`, shapeCount)
	}
	if *body.Count < 0 {
		return 0, fmt.Errorf("malformed response: negative count %d", *body.Count)
	}
	return int(*body.Count), nil
}

// extractCreated decodes the created shares.
func extractCreated(resp *http.Response) ([]Share, error) {
	var body struct {
		Shared *[]Share `json:"shared"`
	}
	raw, err := decodeResponse(resp, &body, shapeList)
	if err != nil {
		return nil, err
	}
	if body.Shared == nil && !hasKey(raw, "shared") {
		return nil, fmt.Errorf(`malformed response: no "shared" list in the body, where the API documents %s`, shapeList)
	}
	var created []Share
	if body.Shared != nil {
		created = *body.Shared
	}
	for i := range created {
		created[i].normalize()
	}
	return created, nil
}

// normalize turns the empty-string timestamps some servers write for null
// into null.
func (s *Share) normalize() {
	nullIfEmpty(&s.CreatedAt)
	nullIfEmpty(&s.UpdatedAt)
	nullIfEmpty(&s.DeletedAt)
	if b := s.Backup; b != nil {
		nullIfEmpty(&b.CreatedAt)
		nullIfEmpty(&b.DataTimestamp)
		nullIfEmpty(&b.UpdatedAt)
	}
}

func nullIfEmpty(t **Time) {
	if *t != nil && (*t).empty {
		*t = nil
	}
}

// InAvailabilityZone reports whether the share's backup lies in zone az.
func (s Share) InAvailabilityZone(az string) bool {
	return s.Backup != nil && s.Backup.AvailabilityZone != nil && *s.Backup.AvailabilityZone == az
}
