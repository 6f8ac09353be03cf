package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/hashicorp/go-version"
	"golang.org/x/mod/modfile"
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

// TestToolModulesMeetTheFloors: the tools pinned in modules of their own
// (golangci-lint, goreleaser, conftest) are not shipped, but CI runs them:
// each module they require that floors.txt names is at or above its floor.
func TestToolModulesMeetTheFloors(t *testing.T) {
	floors, err := readFloors("../../../floors.txt")
	if err != nil {
		t.Fatal(err)
	}
	mods, err := filepath.Glob("../../../tools/*/go.mod")
	if err != nil || len(mods) == 0 {
		t.Fatalf("no tool modules found (%v)", err)
	}
	checked := 0
	for _, file := range mods {
		data, err := os.ReadFile(file) //nolint:gosec // files of this repository
		if err != nil {
			t.Fatal(err)
		}
		mf, err := modfile.ParseLax(file, data, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range mf.Require {
			for _, f := range floors {
				if r.Mod.Path != f.module {
					continue
				}
				checked++
				v, err := version.NewVersion(r.Mod.Version)
				if err != nil {
					t.Fatalf("%s: %s %s: %v", file, r.Mod.Path, r.Mod.Version, err)
				}
				if v.LessThan(f.min) {
					t.Errorf(
						"%s requires %s %s, below its floor %s: go get %s@%s in that module",
						file,
						r.Mod.Path,
						r.Mod.Version,
						f.version,
						f.module,
						f.version,
					)
				}
			}
		}
	}
	if checked == 0 {
		t.Error("no tool module requires a module with a floor: the test checks nothing")
	}
}
