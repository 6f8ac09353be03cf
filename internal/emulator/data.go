package emulator

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"time"
)

// The IDs of the sample data, which are the seed documents' own.
const (
	SampleSharerProject = "c13f5220dc1949b0b741ea81a7cd5554"
	// A second region of the sample user: its project shares a backup with
	// the region's other project. Both are reached under RegionsPrefix.
	SampleSecondRegion          = "eu-nl"
	SampleSecondRegionProject   = "5e1f0a7c3b2d4e6f8a9b0c1d2e3f4a5b"
	SampleSecondRegionRecipient = "7a3b2c9e5d4f6a8b0c1d2e3f4a5b6c7d"
	// A project of the sample domain the sample user has no role in.
	SampleRestrictedProject = "6f2a1b8d4c3e5f7a9b0c1d2e3f4a5b6c"
	SampleUser              = "demo-user"
	SamplePassword          = "demo-password"
	SampleDomain            = "demo-domain"
	// The sample's permanent and temporary access keys.
	SampleAccessKey     = "DEMOACCESSKEY0000001"
	SampleSecretKey     = "demo-secret-key-0000000000000000000000001"
	SampleTempAccessKey = "DEMOTEMPKEY000000001"
	SampleTempSecretKey = "demo-temporary-secret-00000000000000000001"
	SampleSecurityToken = "demo-security-token-0001"
)

//go:embed sample.json
var sampleJSON []byte

// SampleDataset returns the built-in data: the example records of both seed
// documents verbatim (ids, values and nulls), a demo user and its projects,
// and a share in a second region (SampleSecondRegion).
func SampleDataset() *Dataset {
	d, err := ParseDataset(sampleJSON)
	if err != nil {
		panic("emulator: embedded sample.json is invalid: " + err.Error()) // a build defect, caught by tests
	}
	return d
}

// LoadDataset reads a data file in the Dataset's JSON shape.
func LoadDataset(path string) (*Dataset, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the data file the user names (vbs-emulator -data)
	if err != nil {
		return nil, err
	}
	d, err := ParseDataset(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// ParseDataset decodes and checks a dataset. Unknown fields are errors so a
// misspelt key in a hand-written file does not silently drop data.
func ParseDataset(b []byte) (*Dataset, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var d Dataset
	if err := dec.Decode(&d); err != nil {
		return nil, err
	}
	return &d, d.validate()
}

func (d *Dataset) validate() error {
	ids := map[string]bool{}
	for _, s := range d.Shares {
		switch {
		case s.ID == "":
			return fmt.Errorf("a share has no id")
		case ids[s.ID]:
			return fmt.Errorf("share id %s appears twice", s.ID)
		case s.Backup != nil && s.Backup.ID != s.BackupID:
			return fmt.Errorf("share %s: backup_id %s differs from backup.id %s", s.ID, s.BackupID, s.Backup.ID)
		}
		ids[s.ID] = true
		for _, ts := range []*string{s.CreatedAt, s.UpdatedAt} {
			if ts != nil {
				if _, err := parseWireTime(*ts); err != nil {
					return fmt.Errorf("share %s: %w", s.ID, err)
				}
			}
		}
	}
	return nil
}

// wireLayout is how the service writes timestamps: UTC, no zone.
const wireLayout = "2006-01-02T15:04:05.000000"

func parseWireTime(s string) (time.Time, error) {
	t, err := time.Parse("2006-01-02T15:04:05.999999", s)
	if err != nil {
		return t, fmt.Errorf("timestamp %q is not in the service's format YYYY-MM-DDTHH:MM:SS[.ffffff]", s)
	}
	return t, nil
}

func wireTime(t time.Time) *string {
	s := t.UTC().Format(wireLayout)
	return &s
}

// Sample CBR records (sample.json): the sharer's server backups, one
// shared with receiver b9 and accepted into its vault, one pending for
// receiver a9, a disk backup shared with no one, and a vault per receiver.
const (
	SampleCBRPendingBackup  = "0b07081e-3ec7-4e77-8571-54e2947da422"
	SampleCBRAcceptedBackup = "17c9acd8-3af3-4401-bab9-ff1cfac15561"
	SampleCBRDiskBackup     = "2d4e6f80-1a3b-4c5d-9e7f-8a9b0c1d2e3f"
	SampleCBRVaultA9        = "7e9a1c3d-5f7b-4d9f-b1d3-5f7b9d1f3b5d"
	SampleCBRVaultC9        = "8fa0b2d4-6a8c-4e0a-82c4-6a8c0e2a4c6e"
)
