package shares

import (
	"regexp"
	"strings"
)

// Project ids are compared as the service defines them: a Keystone project
// id here is a UUID written as 32 hexadecimal digits, and hexadecimal
// digits name the same number in either case (RFC 4122 takes UUIDs in
// either case on input). So "ABC…" in an answer and the provider's "abc…"
// are one project. Anything else in the field (empty, null, not 32
// hexadecimal digits) says nothing about the project: it is unknown, never
// "another project".

// wellFormedProject is a project id as the service writes one, in either
// case.
var wellFormedProject = regexp.MustCompile(`^[0-9a-fA-F]{32}$`)

// Knowledge is what one field of an answer tells about a question.
type Knowledge int

const (
	// Unknown: the field is missing, null or not of its documented form.
	Unknown Knowledge = iota
	// Yes: the field is well-formed and answers the question with yes.
	Yes
	// No: the field is well-formed and answers it with no.
	No
)

// SameProject reports whether project id field (from an answer) names
// project: Unknown when field is not a well-formed project id.
func SameProject(field, project string) Knowledge {
	if !wellFormedProject.MatchString(field) {
		return Unknown
	}
	if strings.EqualFold(field, project) {
		return Yes
	}
	return No
}

// OwnedBy tells whether project made the share, as its from_project_id
// says.
func (s *Share) OwnedBy(project string) Knowledge { return SameProject(s.FromProjectID, project) }

// NotOwnedBy reports a share that the answer shows made by another project
// than project: an unknown owner is not another project.
func (s *Share) NotOwnedBy(project string) bool { return s.OwnedBy(project) == No }

// SharedWith tells whether the share is made to project, as its
// to_project_id says.
func (s *Share) SharedWith(project string) Knowledge { return SameProject(s.ToProjectID, project) }
