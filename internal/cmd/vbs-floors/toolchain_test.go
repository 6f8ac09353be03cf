package main

import (
	"os"
	"regexp"
	"testing"
)

// TestOneToolchainEverywhere: the GNUmakefile selects the toolchain,
// .goreleaser.yml selects it for releases, and floors.txt names it as the
// floor. Raising it is three edits (RELEASING.md); this keeps them in step.
func TestOneToolchainEverywhere(t *testing.T) {
	find := func(file, pattern string) string {
		t.Helper()
		b, err := os.ReadFile("../../../" + file) //nolint:gosec // files of this repository
		if err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(pattern).FindSubmatch(b)
		if m == nil {
			t.Fatalf("%s has no line matching %s", file, pattern)
		}
		return string(m[1])
	}
	makefile := find("GNUmakefile", `(?m)^GO_TOOLCHAIN \?= (go\S+)$`)
	release := find(".goreleaser.yml", `(?m)^\s+- GOTOOLCHAIN=(go\S+)$`)
	floor := find("floors.txt", `(?m)^go (go\S+)$`)
	if makefile != release || makefile != floor {
		t.Errorf("GNUmakefile selects %s, .goreleaser.yml %s, floors.txt's floor is %s: make them one", makefile, release, floor)
	}
}
