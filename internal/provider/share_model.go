package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// The mapping from the API's share to Terraform attributes, written once as
// tables. The schema's types, the tftypes builder (share_state.go) and the
// msgpack encoder (share_msgpack.go) all walk these tables, so a field is
// added or changed in one place. Each entry sets exactly one accessor.

type shareField struct {
	name string
	text func(*shares.Share) *string
	when func(*shares.Share) *shares.Time
}

type backupField struct {
	name   string
	text   func(*shares.Backup) *string
	when   func(*shares.Backup) *shares.Time
	flag   func(*shares.Backup) *bool
	number func(*shares.Backup) *int64
}

// shareFields are a share's own fields, sorted by name (the order msgpack
// objects are written in); "backup" is added by the users of the table.
var shareFields = []shareField{
	{name: "backup_id", text: func(s *shares.Share) *string { return &s.BackupID }},
	{name: "created_at", when: func(s *shares.Share) *shares.Time { return s.CreatedAt }},
	{name: "from_project_id", text: func(s *shares.Share) *string { return &s.FromProjectID }},
	{name: "id", text: func(s *shares.Share) *string { return &s.ID }},
	{name: "to_project_id", text: func(s *shares.Share) *string { return &s.ToProjectID }},
	{name: "updated_at", when: func(s *shares.Share) *shares.Time { return s.UpdatedAt }},
}

// backupFields are the 17 fields of the nested backup, sorted by name.
var backupFields = []backupField{
	{name: "availability_zone", text: func(b *shares.Backup) *string { return b.AvailabilityZone }},
	{name: "container", text: func(b *shares.Backup) *string { return b.Container }},
	{name: "created_at", when: func(b *shares.Backup) *shares.Time { return b.CreatedAt }},
	{name: "data_timestamp", when: func(b *shares.Backup) *shares.Time { return b.DataTimestamp }},
	{name: "description", text: func(b *shares.Backup) *string { return b.Description }},
	{name: "fail_reason", text: func(b *shares.Backup) *string { return b.FailReason }},
	{name: "has_dependent_backups", flag: func(b *shares.Backup) *bool { return b.HasDependentBackups }},
	{name: "id", text: func(b *shares.Backup) *string { return b.ID }},
	{name: "is_incremental", flag: func(b *shares.Backup) *bool { return b.IsIncremental }},
	{name: "name", text: func(b *shares.Backup) *string { return b.Name }},
	{name: "object_count", number: func(b *shares.Backup) *int64 { return (*int64)(b.ObjectCount) }},
	{name: "service_metadata", text: func(b *shares.Backup) *string { return b.ServiceMetadata }},
	{name: "size", number: func(b *shares.Backup) *int64 { return (*int64)(b.Size) }},
	{name: "snapshot_id", text: func(b *shares.Backup) *string { return b.SnapshotID }},
	{name: "status", text: func(b *shares.Backup) *string { return b.Status }},
	{name: "updated_at", when: func(b *shares.Backup) *shares.Time { return b.UpdatedAt }},
	{name: "volume_id", text: func(b *shares.Backup) *string { return b.VolumeID }},
}

func (f backupField) attrType() attr.Type {
	switch {
	case f.flag != nil:
		return types.BoolType
	case f.number != nil:
		return types.Int64Type
	default:
		return types.StringType
	}
}

var (
	backupAttrTypes  = buildBackupAttrTypes()
	backupObjectType = types.ObjectType{AttrTypes: backupAttrTypes}
	shareAttrTypes   = buildShareAttrTypes()
	shareObjectType  = types.ObjectType{AttrTypes: shareAttrTypes}
)

func buildBackupAttrTypes() map[string]attr.Type {
	m := make(map[string]attr.Type, len(backupFields))
	for _, f := range backupFields {
		m[f.name] = f.attrType()
	}
	return m
}

func buildShareAttrTypes() map[string]attr.Type {
	m := make(map[string]attr.Type, len(shareFields)+1)
	for _, f := range shareFields {
		m[f.name] = types.StringType
	}
	m["backup"] = types.ObjectType{AttrTypes: buildBackupAttrTypes()}
	return m
}
