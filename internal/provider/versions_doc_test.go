package provider

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestDocsNameTheCLIsCITests: .ci/run decides which CLIs are tested; the
// README and the provider's index page say so, and must name the same
// versions (the index page once named OpenTofu 1.10.10 while CI ran
// 1.12.6).
func TestDocsNameTheCLIsCITests(t *testing.T) {
	read := func(file string) string {
		t.Helper()
		b, err := os.ReadFile("../../" + file) //nolint:gosec // files of this repository
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	versions := func(text string) []string {
		v := regexp.MustCompile(`\b1\.\d+\.\d+\b`).FindAllString(text, -1)
		slices.Sort(v)
		return slices.Compact(v)
	}
	ci := read(".ci/run")
	var tested []string
	for _, m := range regexp.MustCompile(`(?:build-cli (?:tofu|terraform) |shared_cli )(\d+\.\d+(?:\.\d+)?)`).FindAllStringSubmatch(ci, -1) {
		tested = append(tested, m[1])
	}
	if len(tested) < 3 {
		t.Fatalf("found %v in .ci/run: the test no longer reads it", tested)
	}
	for _, doc := range []string{"README.md", "docs/index.md"} {
		text := read(doc)
		line := regexp.MustCompile(`(?s)(CI\s+tests.*?)\.\s`).FindString(text)
		if line == "" {
			t.Errorf("%s does not say which CLIs CI tests", doc)
			continue
		}
		named := versions(line)
		for _, v := range tested {
			if !slices.ContainsFunc(named, func(n string) bool { return n == v || regexp.MustCompile(`^`+regexp.QuoteMeta(v)+`\.`).MatchString(n) }) {
				t.Errorf("%s says CI tests %v; .ci/run tests %s too", doc, named, v)
			}
		}
	}
}

// TestDocsSayOneServiceStatus: every page that states VBS's status on OTC
// states the same thing, from OTC's user guide (edited 2025-08-30): closed
// to new users, kept for projects that used it; none says it ended.
func TestDocsSayOneServiceStatus(t *testing.T) {
	const status = "OTC closed VBS to new users on 2025-08-01 in favour of Cloud Backup and Recovery (CBR); projects that already used it keep it. Huawei Cloud " +
		"keeps VBS for existing users."
	files := []string{"README.md", "docs/index.md", "docs/data-sources/backup_shares.md", "docs/resources/backup_share.md", "docs/guides/authentication.md"}
	space := regexp.MustCompile(`\s+(>\s+)?`)
	for _, f := range files {
		b, err := os.ReadFile("../../" + f) //nolint:gosec // files of this repository
		if err != nil {
			t.Fatal(err)
		}
		text := space.ReplaceAllString(string(b), " ")
		if !strings.Contains(text, status) {
			t.Errorf("%s does not state the service status as the others do", f)
		}
		for _, wrong := range []string{"ended VBS", "no longer served"} {
			if strings.Contains(text, wrong) {
				t.Errorf("%s says %q", f, wrong)
			}
		}
	}
}
