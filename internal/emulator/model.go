package emulator

// The emulator's records, in the API's JSON shape and field order, so that
// the seed documents' examples come back byte for byte. Pointers are fields
// the API documents as nullable (or that may be absent).

// Share is a backup share as list and get return it.
type Share struct {
	Backup        *Backup `json:"backup,omitempty"`
	BackupID      string  `json:"backup_id"`
	CreatedAt     *string `json:"created_at"`
	FromProjectID string  `json:"from_project_id"`
	ID            string  `json:"id"`
	ToProjectID   string  `json:"to_project_id"`
	UpdatedAt     *string `json:"updated_at"`
}

// Backup is the source backup nested in a share.
type Backup struct {
	AvailabilityZone    *string `json:"availability_zone"`
	Container           *string `json:"container"`
	CreatedAt           *string `json:"created_at"`
	DataTimestamp       *string `json:"data_timestamp"`
	Description         *string `json:"description"`
	FailReason          *string `json:"fail_reason"`
	HasDependentBackups *bool   `json:"has_dependent_backups"`
	ID                  string  `json:"id"`
	IsIncremental       *bool   `json:"is_incremental"`
	Name                *string `json:"name"`
	ObjectCount         *int64  `json:"object_count"`
	Size                *int64  `json:"size"`
	SnapshotID          *string `json:"snapshot_id"`
	Status              *string `json:"status"`
	UpdatedAt           *string `json:"updated_at"`
	VolumeID            *string `json:"volume_id"`
	ServiceMetadata     *string `json:"service_metadata"`
}

// createdShare is the create answer's element: no backup, plus the deletion
// markers that only create responses carry.
type createdShare struct {
	BackupID      string  `json:"backup_id"`
	CreatedAt     *string `json:"created_at"`
	Deleted       *string `json:"deleted"`
	DeletedAt     *string `json:"deleted_at"`
	FromProjectID string  `json:"from_project_id"`
	ID            string  `json:"id"`
	ToProjectID   string  `json:"to_project_id"`
	UpdatedAt     *string `json:"updated_at"`
}

// Project is an IAM project.
type Project struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Domain string `json:"domain"`
	// Region is where the project lives; empty is the emulator's own
	// region (Options.Region). Huawei Cloud's projects are regional: the
	// project named after a region, and its subprojects "<region>_<name>".
	Region string `json:"region,omitempty"`
	// Disabled projects are listed by IAM with "enabled": false.
	Disabled bool `json:"disabled,omitempty"`
}

// User is an IAM user who may scope tokens to Projects.
type User struct {
	Name     string   `json:"name"`
	Domain   string   `json:"domain"`
	Password string   `json:"password"`
	Projects []string `json:"projects"`
}

// AccessKey is an AK/SK pair of a user. With a SecurityToken it is a
// temporary credential, usable only together with that token.
type AccessKey struct {
	AccessKey     string `json:"access_key"`
	SecretKey     string `json:"secret_key"`
	User          string `json:"user"`
	Domain        string `json:"domain"`
	SecurityToken string `json:"security_token,omitempty"`
}

// OwnedBackup is a backup of a project that is not shared yet, so that
// create has something to share.
type OwnedBackup struct {
	ProjectID string `json:"project_id"`
	Backup    Backup `json:"backup"`
}

// Dataset is everything the emulator serves; it is what a data file holds.
type Dataset struct {
	Projects []Project `json:"projects"`
	Users    []User    `json:"users"`
	// AccessKeys sign requests instead of tokens.
	AccessKeys []AccessKey   `json:"access_keys,omitempty"`
	Backups    []OwnedBackup `json:"backups,omitempty"`
	Shares     []Share       `json:"shares"`
	// CBR: backups in vaults, their members, and the vaults recipients
	// accept shared backups into (cbr_model.go).
	CBRBackups []CBRBackup `json:"cbr_backups,omitempty"`
	CBRMembers []CBRMember `json:"cbr_members,omitempty"`
	CBRVaults  []CBRVault  `json:"cbr_vaults,omitempty"`
}
