package emulator

import (
	"fmt"
	"time"
)

// Cloud Backup and Recovery (CBR) records, in the shapes of the reference
// (../shared/api/cbr-backup-sharing.md): backups in vaults, and the
// members a backup is shared with. Empty strings are keys the answer
// leaves out, as the documented examples do.

// CBRBackup is a backup in a CBR vault of its project, as the backup list
// (GET /v3/{project_id}/backups) shows it: the fields the sharing calls
// and an audit read.
type CBRBackup struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	ProjectID string `json:"project_id"`
	VaultID   string `json:"vault_id,omitempty"`
	// Status: available, protecting, deleting, restoring, error, waiting_protect, ...
	Status string `json:"status"`
	// ResourceType is OS::Nova::Server (a cloud-server backup) or
	// OS::Cinder::Volume (a disk backup).
	ResourceType string `json:"resource_type"`
	ResourceID   string `json:"resource_id,omitempty"`
	ResourceName string `json:"resource_name,omitempty"`
	ResourceSize int64  `json:"resource_size,omitempty"`
	CreatedAt    string `json:"created_at,omitempty"`
	UpdatedAt    string `json:"updated_at,omitempty"`
	ExpiredAt    string `json:"expired_at,omitempty"`
}

// CBRMember is a backup's share with one project.
type CBRMember struct {
	ID            string `json:"id,omitempty"`
	Status        string `json:"status"`
	BackupID      string `json:"backup_id,omitempty"`
	DestProjectID string `json:"dest_project_id,omitempty"`
	VaultID       string `json:"vault_id,omitempty"`
	ImageID       string `json:"image_id,omitempty"`
	CreatedAt     string `json:"created_at,omitempty"`
	UpdatedAt     string `json:"updated_at,omitempty"`
}

// CBRVault is a vault, to which a recipient accepts a shared backup.
type CBRVault struct {
	ID        string `json:"id"`
	ProjectID string `json:"project_id"`
	// ResourceType is the type of backups the vault holds (6713 when a
	// backup of another type is accepted into it).
	ResourceType string `json:"resource_type"`
}

// CBR member statuses.
const (
	MemberPending  = "pending"
	MemberAccepted = "accepted"
	MemberRejected = "rejected"
)

// Resource types of CBR backups and vaults.
const (
	CBRServer = "OS::Nova::Server"
	CBRVolume = "OS::Cinder::Volume"
)

// cbrTimeLayout is the documented examples' form: milliseconds and an
// offset (the field tables describe microseconds without one; clients read
// both).
const cbrTimeLayout = "2006-01-02T15:04:05.000-07:00"

// AddCBRBackups adds n available server backups to project, each shared
// with each of recipients (pending), for tests and benchmarks of a large
// project. It returns their ids.
func (s *Server) AddCBRBackups(project string, n int, recipients ...string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, n)
	start := s.opts.Now().Add(-time.Duration(n) * time.Minute)
	for i := range n {
		id := uuidFor("cbr-backup-"+project, i)
		created := start.Add(time.Duration(i) * time.Minute).UTC().Format(cbrTimeLayout)
		s.opts.Data.CBRBackups = append(s.opts.Data.CBRBackups, CBRBackup{ID: id, Name: fmt.Sprintf("backup-%05d", i), ProjectID: project,
			VaultID: uuidFor("cbr-vault", 0), Status: "available", ResourceType: CBRServer, CreatedAt: created})
		for j, r := range recipients {
			s.opts.Data.CBRMembers = append(s.opts.Data.CBRMembers, CBRMember{ID: uuidFor("cbr-member", i*16+j), Status: MemberPending, BackupID: id,
				DestProjectID: r, CreatedAt: created})
		}
		ids[i] = id
	}
	return ids
}

// CBRMembers returns a copy of the members, for tests to check.
func (s *Server) CBRMembers() []CBRMember {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]CBRMember(nil), s.opts.Data.CBRMembers...)
}
