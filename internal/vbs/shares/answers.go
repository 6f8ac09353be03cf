package shares

// Checks of an answer against the question it answers. A server that
// ignores a filter (or a gateway that drops the query) answers with shares
// the caller did not ask for; for a policy check whose job is "nothing is
// shared outside our projects", passing them on as the answer is worse than
// an error. Each filter whose meaning is exact is checked on each share.

// Contradiction names the first filter of f that share s does not satisfy,
// "" when it satisfies all that can be checked. project is the caller's
// project: share_to_me = true asks for shares made to it, otherwise for
// shares made by it.
//
// name is not checked: the service matches it fuzzily, in a way the
// documents do not pin down. A field the answer leaves null cannot show a
// match, so a filter on it counts as contradicted.
func (f Filters) Contradiction(s *Share, project string) string {
	switch {
	case f.ShareToMe != nil && *f.ShareToMe && s.ToProjectID != project:
		return "share_to_me"
	case (f.ShareToMe == nil || !*f.ShareToMe) && s.FromProjectID != project:
		return "share_to_me"
	case f.BackupID != "" && s.BackupID != f.BackupID:
		return "backup_id"
	case f.FromProjectID != "" && s.FromProjectID != f.FromProjectID:
		return "from_project_id"
	case f.ToProjectID != "" && s.ToProjectID != f.ToProjectID:
		return "to_project_id"
	case f.VolumeID != "" && !backupField(s, func(b *Backup) *string { return b.VolumeID }, f.VolumeID):
		return "volume_id"
	case f.Status != "" && !backupField(s, func(b *Backup) *string { return b.Status }, f.Status):
		return "status"
	case f.AvailabilityZone != "" && !s.InAvailabilityZone(f.AvailabilityZone):
		return "availability_zone"
	}
	return ""
}

func backupField(s *Share, field func(*Backup) *string, want string) bool {
	if s.Backup == nil {
		return false
	}
	v := field(s.Backup)
	return v != nil && *v == want
}

// Contradicting is what Screen dropped: how many shares contradicted which
// filter, and one example of each.
type Contradicting struct {
	// Count is the number of shares dropped.
	Count int
	// ByFilter counts the dropped shares by the first filter each
	// contradicted.
	ByFilter map[string]int
	// Example is the id of one share dropped for each filter.
	Example map[string]string
}

// Screen keeps the shares that satisfy f for the caller's project, in
// order and in list's own array, and reports what it dropped.
func Screen(list []Share, f Filters, project string) ([]Share, Contradicting) {
	kept := list[:0]
	var dropped Contradicting
	for i := range list {
		filter := f.Contradiction(&list[i], project)
		if filter == "" {
			kept = append(kept, list[i])
			continue
		}
		if dropped.ByFilter == nil {
			dropped.ByFilter, dropped.Example = map[string]int{}, map[string]string{}
		}
		dropped.Count++
		dropped.ByFilter[filter]++
		if _, ok := dropped.Example[filter]; !ok {
			dropped.Example[filter] = list[i].ID
		}
	}
	return kept, dropped
}
