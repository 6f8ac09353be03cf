package shares

import "github.com/vbsteam/terraform-provider-vbs/internal/vbs"

// The one place a member of the API's share and backup objects is mapped.
// A new member is a field of Share or Backup (with its json tag) and one
// line in ShareFields or BackupFields; from these two tables
//
//   - the page decoder reads the member (page_decoder.go),
//   - normalize makes ids safe and "" timestamps null (results.go),
//   - the state encoder writes it (internal/sharestate),
//   - the provider builds its schema attribute, described by Doc, and its
//     value in the framework's model (internal/provider/share_model.go).
//
// TestFieldTablesMatchTheStructs holds the tables to the structs' json tags,
// and the tests of each user name a Go type it cannot handle.

// Field is a line of the tables: vbs.Field, which the CBR package's tables
// use too.
type Field[T any] = vbs.Field[T]

// ShareFields are the members of a share.
var ShareFields = []Field[Share]{
	{Name: "id", Of: func(s *Share) any { return &s.ID }, ID: true,
		Doc: "ID of the backup share."},
	{Name: "backup_id", Of: func(s *Share) any { return &s.BackupID }, ID: true, Repeats: true,
		Doc: "ID of the shared backup."},
	{Name: "from_project_id", Of: func(s *Share) any { return &s.FromProjectID }, ID: true, Repeats: true,
		Doc: "ID of the project that shares the backup."},
	{Name: "to_project_id", Of: func(s *Share) any { return &s.ToProjectID }, ID: true, Repeats: true,
		Doc: "ID of the project the backup is shared with."},
	{Name: "created_at", Of: func(s *Share) any { return &s.CreatedAt },
		Doc: "When the share was created, RFC 3339 in UTC (usable with `timecmp()` and `timeadd()`)."},
	{Name: "updated_at", Of: func(s *Share) any { return &s.UpdatedAt },
		Doc: "When the share was last updated, RFC 3339 in UTC; null if never."},
	{Name: "deleted", Of: func(s *Share) any { return &s.Deleted }, CreateOnly: true},
	{Name: "deleted_at", Of: func(s *Share) any { return &s.DeletedAt }, CreateOnly: true},
	{Name: "backup", Of: func(s *Share) any { return &s.Backup },
		Doc: "The shared backup, as the service reports it."},
}

// BackupFields are the members of the backup nested in a share.
var BackupFields = []Field[Backup]{
	{Name: "availability_zone", Of: func(b *Backup) any { return &b.AvailabilityZone }, Repeats: true,
		Doc: "Availability zone of the backup; may be null."},
	{Name: "container", Of: func(b *Backup) any { return &b.Container }, Repeats: true,
		Doc: "Container of the backup; may be null."},
	{Name: "created_at", Of: func(b *Backup) any { return &b.CreatedAt },
		Doc: "When the backup was created, RFC 3339 in UTC."},
	{Name: "data_timestamp", Of: func(b *Backup) any { return &b.DataTimestamp },
		Doc: "Point in time of the backed-up data, RFC 3339 in UTC."},
	{Name: "description", Of: func(b *Backup) any { return &b.Description },
		Doc: "Description of the backup, as the raw string the service stores: VBS often keeps JSON here " +
			"(`{\"DESC\":\"...\",\"INC\":0}`), so use `jsondecode()` where needed. May be null."},
	{Name: "fail_reason", Of: func(b *Backup) any { return &b.FailReason }, Repeats: true,
		Doc: "Why the backup failed; may be null."},
	{Name: "has_dependent_backups", Of: func(b *Backup) any { return &b.HasDependentBackups },
		Doc: "Whether incremental backups depend on this one; often null (VBS does not fill it)."},
	{Name: "id", Of: func(b *Backup) any { return &b.ID }, ID: true, Repeats: true,
		Doc: "ID of the backup."},
	{Name: "is_incremental", Of: func(b *Backup) any { return &b.IsIncremental },
		Doc: "Whether the backup is incremental; often null (VBS does not fill it)."},
	{Name: "name", Of: func(b *Backup) any { return &b.Name },
		Doc: "Name of the backup; may be null."},
	{Name: "object_count", Of: func(b *Backup) any { return &b.ObjectCount },
		Doc: "Number of objects in object storage that hold the backup's data; may be null."},
	{Name: "size", Of: func(b *Backup) any { return &b.Size },
		Doc: "Size of the backup in GB."},
	{Name: "snapshot_id", Of: func(b *Backup) any { return &b.SnapshotID },
		Doc: "ID of the snapshot the backup was made from; may be null."},
	{Name: "status", Of: func(b *Backup) any { return &b.Status }, Repeats: true,
		Doc: "Status of the backup: `available`, `creating`, `restoring`, `deleting`, `error` or `error_restoring`."},
	{Name: "updated_at", Of: func(b *Backup) any { return &b.UpdatedAt },
		Doc: "When the backup was last updated, RFC 3339 in UTC."},
	{Name: "volume_id", Of: func(b *Backup) any { return &b.VolumeID }, Repeats: true,
		Doc: "ID of the backed-up volume."},
	{Name: "service_metadata", Of: func(b *Backup) any { return &b.ServiceMetadata },
		Doc: "Service metadata of the backup, as the raw JSON string the service returns; decode with `jsondecode()`. May be null."},
}

// StateFields are the fields Terraform state holds, sorted by name.
func StateFields[T any](fields []Field[T]) []Field[T] { return vbs.StateFields(fields) }

func fieldIndex[T any](fields []Field[T]) map[string]int { return vbs.FieldIndex(fields) }
