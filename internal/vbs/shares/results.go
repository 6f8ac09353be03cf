package shares

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

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
	Deleted   stdjson.RawMessage `json:"deleted,omitempty"`    // create responses only
	DeletedAt *Time              `json:"deleted_at,omitempty"` // create responses only
	Backup    *Backup            `json:"backup,omitempty"`     // list and get only
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
//
// Names are matched exactly as the API documents them (encoding/json would
// take "To_Project_Id" for "to_project_id", and a later member in another
// case would replace the recipient). Members the API does not document are
// ignored whatever their type; a member that appears twice is an error,
// since which one is meant cannot be told.
func decodeResponse(resp *http.Response, v any, shape bodyShape) ([]byte, error) {
	raw, err := readBody(resp)
	if err != nil {
		return nil, err
	}
	return raw, decodeBody(raw, resp.Header.Get("Content-Type"), v, shape)
}

// decodeBody is decodeResponse for a body already read; contentType is
// named in the error when the body cannot be read.
func decodeBody(raw []byte, contentType string, v any, shape bodyShape) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return fmt.Errorf("the service answered with an empty body where the API documents %s", shape)
	}
	if err := json.Unmarshal(raw, v, decodeOptions); err != nil {
		err = describeDecodeError(err, raw, shape)
		if !isJSONMediaType(contentType) {
			err = fmt.Errorf("%w (the response's Content-Type is %q)", err, contentType)
		}
		return err
	}
	return nil
}

// decodeOptions: invalid UTF-8 in a string is read as U+FFFD, as
// encoding/json did; the meaning of every field around it is not in doubt.
var decodeOptions = jsontext.AllowInvalidUTF8(true)

// readBody reads the whole body (bounded) and closes it. A UTF-8
// byte-order mark is dropped: it is not JSON, but says nothing but "UTF-8".
func readBody(resp *http.Response) ([]byte, error) {
	defer func() { _ = resp.Body.Close() }()
	var raw []byte
	if b, ok := resp.Body.(*vbs.BufferedBody); ok {
		raw = b.Bytes() // the client's transport has read it already
	} else {
		var err error
		if raw, err = vbs.ReadAllSized(resp.Body, resp.ContentLength, vbs.MaxResponseBytes); err != nil {
			return nil, fmt.Errorf("reading the response body: %w", err)
		}
	}
	if len(raw) > vbs.MaxResponseBytes {
		return nil, &vbs.BodyTooLargeError{}
	}
	return bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf")), nil
}

func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json"))
}

// bodyShape is what a response body should hold, in the API's words.
type bodyShape string

const (
	shapeList    bodyShape = `an object with a "shared" list of shares`
	shapeOne     bodyShape = `an object with a "shared" share object`
	shapeCount   bodyShape = `an object with a "count" integer`
	shapeCreated bodyShape = `an object with a "shared" list of the shares created`
)

// describeDecodeError says what is wrong with a body in API terms: which
// field (and, for a share, which share) holds what.
func describeDecodeError(err error, raw []byte, shape bodyShape) error {
	var sem *json.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &sem):
		return describeTypeError(sem, raw, shape)
	case errors.As(err, &syn) && errors.Is(syn.Err, io.ErrUnexpectedEOF):
		return fmt.Errorf("malformed JSON response: the body ended early after %d bytes (truncated)", len(raw))
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		return fmt.Errorf("malformed response: %s has the member %q twice, so which value is meant cannot be "+
			"told", where(syn.JSONPointer.Parent(), raw, shape), syn.JSONPointer.LastToken())
	case errors.As(err, &syn):
		return fmt.Errorf("malformed JSON response at byte %d: %w", syn.ByteOffset, syn.Err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("malformed JSON response: the body ended early after %d bytes (truncated)", len(raw))
	default:
		return fmt.Errorf("malformed response: %w", err)
	}
}

// describeTypeError names the field, the JSON value it holds and what the
// API documents there.
func describeTypeError(e *json.SemanticError, raw []byte, shape bodyShape) error {
	if e.JSONPointer == "" {
		return fmt.Errorf("malformed response: the body is a JSON %s where the API documents %s", kindName(e), shape)
	}
	return fmt.Errorf("malformed response: %s has a JSON %s where the API documents %s", where(e.JSONPointer, raw, shape), valueName(e), goKind(e.GoType))
}

// where names a place in a body: "field \"backup.size\"" and, inside a
// share, "share ID: field \"...\"".
func where(p jsontext.Pointer, raw []byte, shape bodyShape) string {
	tokens := slices.Collect(p.Tokens())
	var share jsontext.Pointer
	switch {
	case len(tokens) >= 2 && tokens[0] == "shared" && (shape == shapeList || shape == shapeCreated) && isIndex(tokens[1]):
		share, tokens = jsontext.Pointer("/shared/"+tokens[1]), tokens[2:]
	case len(tokens) >= 1 && tokens[0] == "shared" && shape == shapeOne:
		share, tokens = "/shared", tokens[1:]
	}
	field := fmt.Sprintf("field %q", strings.Join(tokens, "."))
	if len(tokens) == 0 {
		field = "the share object"
	}
	if share == "" {
		return field
	}
	id := vbs.JSONString([]byte(valueAt(raw, share.AppendToken("id"))))
	if id == "" {
		id = "(without id)"
	}
	return fmt.Sprintf("share %s: %s", vbs.ServerText(id, 80), field)
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// valueAt returns the JSON value at p in raw, nil when there is none. It
// runs only on the error path.
func valueAt(raw []byte, p jsontext.Pointer) jsontext.Value {
	dec := jsontext.NewDecoder(bytes.NewReader(raw), decodeOptions, jsontext.AllowDuplicateNames(true))
	for {
		if dec.StackPointer() == p {
			v, err := dec.ReadValue()
			if err != nil {
				return nil
			}
			return v
		}
		if _, err := dec.ReadToken(); err != nil {
			return nil
		}
	}
}

// valueName describes the JSON value of a type error the way encoding/json
// did: "string", "number 1.5", "string \"last week\"".
func valueName(e *json.SemanticError) string {
	var legacy *stdjson.UnmarshalTypeError // from Integer's and Time's own decoders
	if errors.As(e.Err, &legacy) && legacy.Value != "" {
		return legacy.Value
	}
	if e.JSONKind == '0' && len(e.JSONValue) > 0 {
		return "number " + vbs.Truncate(string(e.JSONValue), 40)
	}
	return kindName(e)
}

func kindName(e *json.SemanticError) string { return kindOf(byte(e.JSONKind)) }

// goKind says in API terms what a Go type of this package holds.
func goKind(t reflect.Type) string {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case nil:
		return "another type"
	case reflect.TypeFor[Integer](), reflect.TypeFor[int](), reflect.TypeFor[int64]():
		return "an integer"
	case reflect.TypeFor[bool]():
		return "a boolean"
	case reflect.TypeFor[string]():
		return "a string"
	case reflect.TypeFor[Time]():
		return "a timestamp string"
	case reflect.TypeFor[[]Share]():
		return "a list of shares"
	case reflect.TypeFor[Share]():
		return "a share object"
	case reflect.TypeFor[Backup]():
		return "a backup object"
	case reflect.TypeFor[[]Link]():
		return "a list of links"
	case reflect.TypeFor[Link]():
		return "a link object"
	}
	return "another type"
}

// extractPage decodes the page. A response without the "shared" key is an
// error; "shared": null is an empty page, as is "shared": [].
func extractPage(resp *http.Response) (Page, error) {
	raw, err := readBody(resp)
	if err != nil {
		return Page{}, err
	}
	list, links, ok := decodeListBody(raw)
	if ok {
		// Every value was copied out of the body: its buffer can serve the
		// next page.
		if b, isBuffered := resp.Body.(*vbs.BufferedBody); isBuffered {
			b.Release()
		}
	} else if list, links, err = decodeListReflectively(raw, resp.Header.Get("Content-Type")); err != nil {
		return Page{}, err
	}
	page := Page{Shares: list}
	for i := range page.Shares {
		page.Shares[i].normalize()
	}
	for _, l := range links {
		if l.Rel == "next" && l.Href != "" {
			page.Next = l.Href
		}
	}
	return page, nil
}

// decodeListReflectively decodes a list body decodeListBody leaves alone,
// and explains what is wrong with one that is not a list.
func decodeListReflectively(raw []byte, contentType string) ([]Share, []Link, error) {
	var body struct {
		Shared *[]Share `json:"shared"`
		Links  []Link   `json:"shared_links"`
	}
	if err := decodeBody(raw, contentType, &body, shapeList); err != nil {
		return nil, nil, err
	}
	if body.Shared == nil && !hasKey(raw, "shared") {
		return nil, nil, missingKey(raw, "shared", shapeList)
	}
	list := []Share{}
	if body.Shared != nil && *body.Shared != nil {
		list = *body.Shared
	}
	return list, body.Links, nil
}

// hasKey reports whether the top-level object of raw has key (null too).
func hasKey(raw []byte, key string) bool {
	var top map[string]jsontext.Value
	if json.Unmarshal(raw, &top, decodeOptions, jsontext.AllowDuplicateNames(true)) != nil {
		return false
	}
	_, ok := top[key]
	return ok
}

// missingKey explains a body without the key the API documents. A body in
// one of the error shapes is the service's error, even under HTTP 200:
// its code and message are what the user needs to see.
func missingKey(raw []byte, key string, shape bodyShape) error {
	if code, message, requestID := vbs.ParseErrorBody(raw); code != "" || (message != "" && looksLikeErrorBody(raw)) {
		return &AnsweredError{Code: code, Message: message, RequestID: requestID}
	}
	return fmt.Errorf("malformed response: no %q key in the body, where the API documents %s", key, shape)
}

// looksLikeErrorBody reports a top-level object of one of the error shapes
// (an "error_msg", or one member holding a "message").
func looksLikeErrorBody(raw []byte) bool {
	var top map[string]jsontext.Value
	if json.Unmarshal(raw, &top, decodeOptions, jsontext.AllowDuplicateNames(true)) != nil {
		return false
	}
	if _, ok := top["error_msg"]; ok {
		return true
	}
	for _, v := range top {
		var fault struct {
			Message jsontext.Value `json:"message"`
		}
		if json.Unmarshal(v, &fault, decodeOptions) == nil && fault.Message != nil {
			return true
		}
	}
	return false
}

// extractShare decodes the share.
func extractShare(resp *http.Response) (*Share, error) {
	var body struct {
		Shared *Share `json:"shared"`
	}
	raw, err := decodeResponse(resp, &body, shapeOne)
	if err != nil {
		return nil, err
	}
	if body.Shared == nil {
		return nil, missingKey(raw, "shared", shapeOne)
	}
	body.Shared.normalize()
	return body.Shared, nil
}

// extractCount decodes the number of matching shares.
func extractCount(resp *http.Response) (int, error) {
	var body struct {
		Count *Integer `json:"count"`
	}
	raw, err := decodeResponse(resp, &body, shapeCount)
	if err != nil {
		return 0, err
	}
	if body.Count == nil {
		return 0, missingKey(raw, "count", shapeCount)
	}
	if *body.Count < 0 {
		return 0, fmt.Errorf("malformed response: negative count %d", *body.Count)
	}
	return int(*body.Count), nil
}

// extractCreated decodes what a create answered. The API documents a list
// of the created shares; other servers answer one share object, or nothing
// at all (201, 202, 204). Nothing is not an error: the caller finds the
// share it asked for by reading.
func extractCreated(resp *http.Response) ([]Share, error) {
	raw, err := readBody(resp)
	if err != nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil, err
	}
	var top struct {
		Shared jsontext.Value `json:"shared"`
	}
	if err := decodeBody(raw, resp.Header.Get("Content-Type"), &top, shapeCreated); err != nil {
		return nil, err
	}
	var created []Share
	switch top.Shared.Kind() {
	case '[':
		err = decodeShared(raw, &struct {
			Shared *[]Share `json:"shared"`
		}{&created})
	case '{':
		var one Share
		err = decodeShared(raw, &struct {
			Shared *Share `json:"shared"`
		}{&one})
		created = []Share{one}
	case 'n':
	default:
		if !hasKey(raw, "shared") {
			return nil, missingKey(raw, "shared", shapeCreated)
		}
		return nil, fmt.Errorf(`malformed response: field "shared" has a JSON %s where the API documents a list of the shares created`, top.Shared.Kind())
	}
	for i := range created {
		created[i].normalize()
	}
	return created, err
}

func decodeShared(raw []byte, v any) error {
	if err := json.Unmarshal(raw, v, decodeOptions); err != nil {
		return describeDecodeError(err, raw, shapeCreated)
	}
	return nil
}

// normalize turns the empty-string timestamps some servers write for null
// into null, and makes ids (Field.ID) safe to store and print: an id is a
// UUID or a hexadecimal project id, and one with anything else in it
// (control characters, escape sequences, megabytes) is escaped and capped
// before it reaches state, a message or a terminal.
func (s *Share) normalize() {
	for _, f := range ShareFields {
		normalizeField(f.Of(s), f.ID)
	}
	if b := s.Backup; b != nil {
		for _, f := range BackupFields {
			normalizeField(f.Of(b), f.ID)
		}
	}
}

func normalizeField(p any, id bool) {
	switch p := p.(type) {
	case *string:
		if id {
			*p = safeID(*p)
		}
	case **string:
		if id && *p != nil {
			**p = safeID(**p)
		}
	case **Time:
		nullIfEmpty(p)
	}
}

// maxIDBytes caps an id: UUIDs are 36 bytes, project ids 32.
const maxIDBytes = 128

// safeID is id itself when it is printable ASCII without spaces and not
// over maxIDBytes, as every documented id is; otherwise escaped and capped.
func safeID(id string) string {
	if len(id) <= maxIDBytes {
		plain := true
		for i := range len(id) {
			if id[i] <= ' ' || id[i] > '~' {
				plain = false
				break
			}
		}
		if plain {
			return id
		}
	}
	return vbs.ServerText(id, maxIDBytes)
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
