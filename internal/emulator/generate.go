package emulator

import (
	"fmt"
	"time"
)

// SyntheticTargets are the sample projects synthetic shares go to.
func SyntheticTargets() []string {
	return []string{
		"722513ed0a324dadaabe5b2d0fe848b9",
		"722513ed0a324dadaabe5b2d0fe848a9",
		"722513ed0a324dadaabe5b2d0fe848c9",
	}
}

// GeneratedDataset is the sample dataset with n synthetic shares added, all
// made by SampleSharerProject. Tests and benchmarks use it for volume; it is
// deterministic, so two calls give identical data.
func GeneratedDataset(n int) *Dataset {
	d := SampleDataset()
	d.Shares = append(d.Shares, GenerateShares(n, SampleSharerProject, SyntheticTargets())...)
	return d
}

// GenerateShares makes n shares from one project to the given targets in
// turn. Fields vary with the index so that every filter and sort key selects
// something, and some nullable fields are null.
func GenerateShares(n int, from string, to []string) []Share {
	statuses := []string{"available", "creating", "restoring", "deleting", "error", "error_restoring"}
	zones := []string{"eu-de-01", "eu-de-02", "eu-de-03"}
	base := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	out := make([]Share, n)
	for i := range n {
		created := base.Add(time.Duration(i) * time.Minute)
		backupID := uuidFor("b", i/2) // two shares per backup, as when sharing with two projects
		b := &Backup{
			AvailabilityZone: str(zones[i%len(zones)]),
			CreatedAt:        wireTime(created.Add(-time.Hour)),
			DataTimestamp:    wireTime(created.Add(-time.Hour)),
			ID:               backupID,
			Name:             str(fmt.Sprintf("backup-%06d", i/2)),
			Size:             i64(int64(1 + i%500)),
			Status:           str(statuses[i%len(statuses)]),
			UpdatedAt:        wireTime(created.Add(-30 * time.Minute)),
			VolumeID:         str(uuidFor("v", i/10)),
		}
		if i%3 == 0 { // every third backup carries the optional fields
			b.Container = str("vbs-container-" + zones[i%len(zones)])
			b.Description = str(fmt.Sprintf(`{"DESC":"synthetic %d","INC":%d}`, i, i%2))
			b.HasDependentBackups = boolp(i%2 == 0)
			b.IsIncremental = boolp(i%2 == 1)
			b.ObjectCount = i64(int64(i % 100))
			b.SnapshotID = str(uuidFor("s", i))
			b.ServiceMetadata = str(fmt.Sprintf(`{"snapshot_id":"%s"}`, uuidFor("s", i)))
		}
		if *b.Status == "error" {
			b.FailReason = str("synthetic failure")
		}
		s := Share{
			Backup:        b,
			BackupID:      backupID,
			CreatedAt:     wireTime(created),
			FromProjectID: from,
			ID:            uuidFor("5", i),
			ToProjectID:   to[i%len(to)],
		}
		if i%2 == 0 {
			s.UpdatedAt = wireTime(created.Add(time.Second))
		}
		out[i] = s
	}
	return out
}

// uuidFor makes a UUID-shaped id that is unique per (kind, i).
func uuidFor(kind string, i int) string {
	return fmt.Sprintf("%08x-%04x-4%03x-8%03x-%012x", i, len(kind), i%4096, (i/4096)%4096, int64(kind[0])<<32|int64(i))
}

func str(s string) *string { return &s }
func i64(v int64) *int64   { return &v }
func boolp(v bool) *bool   { return &v }
