package members

import "github.com/vbsteam/terraform-provider-vbs/internal/vbs"

// Field is a line of the tables below (vbs.Field), with Time marking a
// timestamp and Enum a documented set of lowercase words.
type Field[T any] struct {
	vbs.Field[T]
	// Time marks a timestamp: RFC 3339 in UTC in state.
	Time bool
	// Enum marks a value of a documented set of lowercase words (a member's
	// status): one written in another case ("Accepted") is read in
	// lowercase, so that a rule comparing it with "pending" sees it.
	Enum bool
	// Project marks a project ID: 32 hexadecimal digits, read in
	// lowercase as IAM writes them ("ABC…" and "abc…" are one project), so
	// that a policy's contains() and the request paths see one form.
	Project bool
}

func line[T any](name string, of func(*T) any, doc string) Field[T] {
	return Field[T]{Field: vbs.Field[T]{Name: name, Of: of, Doc: doc}}
}

func id[T any](f Field[T]) Field[T]      { f.ID = true; return f }
func stamp[T any](f Field[T]) Field[T]   { f.Time = true; return f }
func oneOf[T any](f Field[T]) Field[T]   { f.Enum = true; return f }
func project[T any](f Field[T]) Field[T] { f.ID, f.Project = true, true; return f }

// MemberFields are the members of a Member: the one place one is mapped.
// The decoder reads them by their json tags, normalize and the provider's
// schema and state by this table; TestFieldTablesMatchTheStructs holds the
// two together.
var MemberFields = []Field[Member]{
	id(line("id", func(m *Member) any { return &m.ID }, "ID of the share record (not the recipient's project ID); may be null.")),
	oneOf(line("status", func(m *Member) any { return &m.Status }, "Status of the share: `pending`, `accepted` or `rejected`.")),
	id(line("backup_id", func(m *Member) any { return &m.BackupID }, "ID of the shared backup.")),
	project(line("dest_project_id", func(m *Member) any { return &m.DestProjectID }, "ID of the project the backup is shared with.")),
	id(line("vault_id", func(m *Member) any { return &m.VaultID },
		"ID of the recipient's vault the accepted backup is in; null until the recipient accepts.")),
	id(line("image_id", func(m *Member) any { return &m.ImageID },
		"ID of the image the recipient registered from the backup; null when none.")),
	stamp(line("created_at", func(m *Member) any { return &m.CreatedAt }, "When the share was made, RFC 3339 in UTC; may be null.")),
	stamp(line("updated_at", func(m *Member) any { return &m.UpdatedAt }, "When the share last changed, RFC 3339 in UTC; may be null.")),
}

// BackupFields are the members of a Backup.
var BackupFields = []Field[Backup]{
	id(line("id", func(b *Backup) any { return &b.ID }, "ID of the backup.")),
	line("name", func(b *Backup) any { return &b.Name }, "Name of the backup; may be null."),
	project(line("project_id", func(b *Backup) any { return &b.ProjectID }, "ID of the project that owns the backup.")),
	id(line("vault_id", func(b *Backup) any { return &b.VaultID }, "ID of the vault the backup is in, as the service reports it.")),
	line("status", func(b *Backup) any { return &b.Status }, "Status of the backup (`available`, `protecting`, `deleting`, `error`, ...)."),
	line("resource_type", func(b *Backup) any { return &b.ResourceType },
		"Type of the backed-up resource: `OS::Nova::Server` (a cloud server) or `OS::Cinder::Volume` (a disk)."),
	id(line("resource_id", func(b *Backup) any { return &b.ResourceID }, "ID of the backed-up server or disk.")),
	line("resource_name", func(b *Backup) any { return &b.ResourceName }, "Name of the backed-up server or disk; may be null."),
	line("resource_size", func(b *Backup) any { return &b.ResourceSize }, "Size of the backed-up resource in GB; may be null."),
	stamp(line("created_at", func(b *Backup) any { return &b.CreatedAt }, "When the backup was made, RFC 3339 in UTC.")),
	stamp(line("updated_at", func(b *Backup) any { return &b.UpdatedAt }, "When the backup last changed, RFC 3339 in UTC; may be null.")),
	stamp(line("expired_at", func(b *Backup) any { return &b.ExpiredAt }, "When the backup expires, RFC 3339 in UTC; may be null.")),
}

// ShareFields are the attributes of a Share: its ID, the member's
// (MemberFields, whose "id" is the share record's: record_id), the sharing
// project and the backup.
var ShareFields = append(append([]Field[Share]{
	line("id", func(s *Share) any { return &s.ID },
		"ID of the share, `<backup_id>/<dest_project_id>`: the import ID of `vbs_cbr_backup_share`. Null where either part is unknown."),
}, lift(MemberFields, func(s *Share) *Member { return &s.Member })...),
	project(line("source_project_id", func(s *Share) any { return &s.SourceProjectID },
		"ID of the project that shares the backup: this project for its own backups, the owner for one shared with it.")),
	line("backup", func(s *Share) any { return &s.Backup }, "The shared backup, as the backup list reports it; null when it was not read."),
)

// lift makes lines of an object's table lines of another that holds it;
// the inner "id" is the share record's, record_id.
func lift[T, U any](fields []Field[T], inner func(*U) *T) []Field[U] {
	out := make([]Field[U], len(fields))
	for i, f := range fields {
		of, name := f.Of, f.Name
		if name == "id" {
			name = "record_id"
		}
		out[i] = Field[U]{
			Field:   vbs.Field[U]{Name: name, Of: func(u *U) any { return of(inner(u)) }, ID: f.ID, Doc: f.Doc},
			Time:    f.Time,
			Enum:    f.Enum,
			Project: f.Project,
		}
	}
	return out
}
