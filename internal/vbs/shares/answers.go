package shares

// Checks of an answer against the question it answers. A server that
// ignores a filter (or a gateway that drops the query) answers with shares
// the caller did not ask for; for a policy check whose job is "nothing is
// shared outside our projects", passing them on as the answer is worse than
// an error. Each filter whose meaning is exact is checked on each share.

// Contradiction names the first filter of f that share s contradicts, ""
// when it contradicts none. project is the caller's project: share_to_me =
// true asks for shares made to it, otherwise for shares made by it.
//
// Only a field that is there, in its documented form, can contradict a
// filter. A field the answer leaves null or malformed is unknown, and
// unknown is never "no": such a share is kept, as the service answered it
// (Unknowns names the filters it could not be checked against). name is not
// checked: the service matches it fuzzily, in a way the documents do not
// pin down.
func (f Filters) Contradiction(s *Share, project string) string {
	c, _ := f.check(s, project)
	return c
}

// Unknown names the first filter of f that share s cannot be checked
// against, because the field it filters on is missing, null or malformed.
func (f Filters) Unknown(s *Share, project string) string {
	_, u := f.check(s, project)
	return u
}

// check returns the first filter s contradicts and the first one it cannot
// be checked against.
func (f Filters) check(s *Share, project string) (contradicted, unknown string) {
	verdicts := [...]struct {
		name string
		k    Knowledge
	}{
		{"share_to_me", f.direction(s, project)},
		{"backup_id", exact(f.BackupID, s.BackupID)},
		{"from_project_id", projectFilter(f.FromProjectID, s.FromProjectID)},
		{"to_project_id", projectFilter(f.ToProjectID, s.ToProjectID)},
		{"volume_id", backupFilter(f.VolumeID, s, func(b *Backup) *string { return b.VolumeID })},
		{"status", backupFilter(f.Status, s, func(b *Backup) *string { return b.Status })},
		{"availability_zone", backupFilter(f.AvailabilityZone, s, func(b *Backup) *string { return b.AvailabilityZone })},
	}
	for _, v := range verdicts {
		switch {
		case v.k == No && contradicted == "":
			contradicted = v.name
		case v.k == Unknown && unknown == "":
			unknown = v.name
		}
	}
	return contradicted, unknown
}

// direction is share_to_me's verdict: made to the project, or by it.
func (f Filters) direction(s *Share, project string) Knowledge {
	if f.ShareToMe != nil && *f.ShareToMe {
		return s.SharedWith(project)
	}
	return s.OwnedBy(project)
}

// exact is the verdict of a filter on an id that has no other form: an
// empty field is unknown.
func exact(want, field string) Knowledge {
	switch {
	case want == "":
		return Yes
	case field == "":
		return Unknown
	case field == want:
		return Yes
	}
	return No
}

func projectFilter(want, field string) Knowledge {
	if want == "" {
		return Yes
	}
	return SameProject(field, want)
}

func backupFilter(want string, s *Share, field func(*Backup) *string) Knowledge {
	switch {
	case want == "":
		return Yes
	case s.Backup == nil || field(s.Backup) == nil:
		return Unknown
	case *field(s.Backup) == want:
		return Yes
	}
	return No
}

// Contradicting is what Screen dropped, and what it kept unchecked.
type Contradicting struct {
	// Count is the number of shares dropped.
	Count int
	// ByFilter counts the dropped shares by the first filter each
	// contradicted.
	ByFilter map[string]int
	// Example is the id of one share dropped for each filter.
	Example map[string]string
	// Unchecked counts the shares kept although a filter could not be
	// checked on them (the field is missing, null or malformed), by the
	// first such filter; UncheckedExample is one of them for each.
	Unchecked        map[string]int
	UncheckedExample map[string]string
}

// Screen keeps the shares that do not contradict f for the caller's
// project, in order and in list's own array, and reports what it dropped
// and what it kept without being able to check it.
func Screen(list []Share, f Filters, project string) ([]Share, Contradicting) {
	kept := list[:0]
	var r Contradicting
	for i := range list {
		contradicted, unknown := f.check(&list[i], project)
		switch {
		case contradicted != "":
			r.Count++
			r.ByFilter, r.Example = tally(r.ByFilter, r.Example, contradicted, list[i].ID)
			continue
		case unknown != "":
			r.Unchecked, r.UncheckedExample = tally(r.Unchecked, r.UncheckedExample, unknown, list[i].ID)
		}
		kept = append(kept, list[i])
	}
	return kept, r
}

func tally(counts map[string]int, examples map[string]string, filter, id string) (map[string]int, map[string]string) {
	if counts == nil {
		counts, examples = map[string]int{}, map[string]string{}
	}
	counts[filter]++
	if _, ok := examples[filter]; !ok {
		examples[filter] = id
	}
	return counts, examples
}
