package provider

import (
	"os"
	"regexp"
	"slices"
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
