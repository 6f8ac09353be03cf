package members

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// Member is a backup's share with one project, as CBR answers it. Every
// key is optional but status; a key absent, null or "" is no value (nil).
type Member struct {
	ID            *string `json:"id"`
	Status        *string `json:"status"`
	BackupID      *string `json:"backup_id"`
	DestProjectID *string `json:"dest_project_id"`
	VaultID       *string `json:"vault_id"`
	ImageID       *string `json:"image_id"`
	CreatedAt     *string `json:"created_at"`
	UpdatedAt     *string `json:"updated_at"`
}

// Backup is a CBR backup as the backup list shows it: the fields an audit
// of shares reads. For a backup shared with the caller, ProjectID is the
// owner's project.
type Backup struct {
	ID           *string      `json:"id"`
	Name         *string      `json:"name"`
	ProjectID    *string      `json:"project_id"`
	VaultID      *string      `json:"vault_id"`
	Status       *string      `json:"status"`
	ResourceType *string      `json:"resource_type"`
	ResourceID   *string      `json:"resource_id"`
	ResourceName *string      `json:"resource_name"`
	ResourceSize *vbs.Integer `json:"resource_size"`
	CreatedAt    *string      `json:"created_at"`
	UpdatedAt    *string      `json:"updated_at"`
	ExpiredAt    *string      `json:"expired_at"`
}

// Share is what an audit lists: a member and the backup it shares.
type Share struct {
	// ID is <backup_id>/<dest_project_id>, nil where either is unknown
	// (NewShare sets it).
	ID *string
	Member
	// SourceProjectID is the project that shares the backup.
	SourceProjectID *string
	Backup          *Backup
}

// NewShare is the share of m, of a backup of owner.
func NewShare(m Member, owner *string, b *Backup) Share {
	s := Share{Member: m, SourceProjectID: owner, Backup: b}
	if m.BackupID != nil && m.DestProjectID != nil {
		id := *m.BackupID + "/" + *m.DestProjectID
		s.ID = &id
	}
	return s
}

// normalize makes every optional key nil when it holds no value, ids safe
// to print, and timestamps RFC 3339 in UTC where their form is known.
func normalize[T any](obj *T, fields []Field[T]) {
	for _, f := range fields {
		p, ok := f.Of(obj).(**string)
		if !ok || *p == nil {
			continue
		}
		v := **p
		switch {
		case v == "":
			*p = nil
			continue
		case f.Project && projectIDAnyCase.MatchString(v):
			v = strings.ToLower(v)
		case f.ID:
			v = vbs.ServerText(v, 128)
		case f.Time:
			v = normalTime(v)
		case f.Enum:
			v = strings.ToLower(vbs.ServerText(v, 64))
		default:
			v = vbs.ServerText(v, vbs.MaxMessageBytes)
		}
		*p = &v
	}
}

// projectIDAnyCase is a project ID written in either case.
var projectIDAnyCase = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// timeLayouts are the forms the reference shows: the field tables'
// (microseconds, no zone: UTC) and the examples' (milliseconds and an
// offset), with Z too; and each with a space for the "T", as looser
// servers write them. The meaning of each is not in doubt.
var timeLayouts = []string{
	"2006-01-02T15:04:05.999999Z07:00", "2006-01-02T15:04:05.999999",
	"2006-01-02 15:04:05.999999Z07:00", "2006-01-02 15:04:05.999999",
}

// normalTime is a timestamp as RFC 3339 in UTC, as the provider's other
// timestamps; one of another form is kept as sent (made safe to print).
func normalTime(v string) string {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC().Format(time.RFC3339Nano)
		}
	}
	return vbs.ServerText(v, 64)
}

var decodeOptions = jsontext.AllowInvalidUTF8(true)

// decode reads a JSON answer's member key into v, reading at most
// vbs.MaxResponseBytes. A body without key is an error naming it, or the
// service's own error where it sent one under a success status.
func decode(resp *http.Response, key string, v any) error {
	defer func() { _ = resp.Body.Close() }()
	raw, err := vbs.ReadAllSized(resp.Body, resp.ContentLength, vbs.MaxResponseBytes)
	if err != nil {
		return fmt.Errorf("reading the response body: %w", err)
	}
	if len(raw) > vbs.MaxResponseBytes {
		return &vbs.BodyTooLargeError{}
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	var top map[string]jsontext.Value
	if err := json.Unmarshal(raw, &top, decodeOptions); err != nil {
		return fmt.Errorf("malformed JSON response: %w", err)
	}
	value, ok := top[key]
	if !ok {
		if code, message, requestID := vbs.ParseErrorBody(raw); code != "" {
			return &vbs.AnsweredError{Code: code, Message: message, RequestID: requestID}
		}
		return fmt.Errorf("malformed response: no %q key in the body", key)
	}
	if err := json.Unmarshal(value, v, decodeOptions); err != nil {
		return fmt.Errorf("malformed response: %q: %w", key, err)
	}
	return nil
}
