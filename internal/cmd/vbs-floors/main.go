// Command vbs-floors fails when the provider binary is built with a Go
// toolchain or contains a module older than the floor the project names in
// floors.txt: versions below them have published vulnerabilities (RELEASING.md,
// "Toolchain and dependency floors"). make test runs it.
//
//	go run ./internal/cmd/vbs-floors [-floors floors.txt] [-binary path]
//
// It builds the provider as a release does (-trimpath) into a scratch
// directory, or takes the binary -binary names (make release-check passes
// the snapshot's), and reads the build information Go records in it: the
// same that `go version -m` prints.
package main

import (
	"bufio"
	"context"
	"debug/buildinfo"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/hashicorp/go-version"
)

func main() {
	floors := flag.String("floors", "floors.txt", "the floors: one 'module version' a line, 'go' for the toolchain")
	binary := flag.String("binary", "", "check this provider binary instead of building one")
	flag.Parse()
	if err := run(*floors, *binary); err != nil {
		fmt.Fprintln(os.Stderr, "vbs-floors:", err)
		os.Exit(1)
	}
}

func run(floorsFile, bin string) error {
	floors, err := readFloors(floorsFile)
	if err != nil {
		return err
	}
	if bin == "" {
		dir, err := os.MkdirTemp("", "vbs-floors")
		if err != nil {
			return err
		}
		defer func() { _ = os.RemoveAll(dir) }()
		bin = filepath.Join(dir, "terraform-provider-vbs")
		build := exec.CommandContext(context.Background(), "go", "build", "-trimpath", "-o", bin, ".") //nolint:gosec // a scratch path of our own
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return err
	}
	inBinary := map[string]string{"go": strings.TrimPrefix(info.GoVersion, "go")}
	for _, d := range info.Deps {
		if d.Replace != nil {
			d = d.Replace
		}
		inBinary[d.Path] = d.Version
	}
	var problems []string
	for _, f := range floors {
		have, ok := inBinary[f.module]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s has a floor (%s) but is not in the binary: drop its line from %s", f.module, f.version, floorsFile))
			continue
		}
		got, err := version.NewVersion(have)
		if err != nil {
			return fmt.Errorf("%s %s in the binary: %w", f.module, have, err)
		}
		if got.LessThan(f.min) {
			problems = append(problems, fmt.Sprintf("%s %s is older than its floor %s", f.module, have, f.version))
			continue
		}
		fmt.Printf("ok  %-48s %-10s floor %s\n", f.module, have, f.version)
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "\n  ") + "\n(RELEASING.md, \"Toolchain and dependency floors\", says how to update)")
	}
	return nil
}

type floor struct {
	module, version string
	min             *version.Version
}

func readFloors(file string) ([]floor, error) {
	f, err := os.Open(file) //nolint:gosec // the floors file the make target names
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	var out []floor
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) != 2 {
			return nil, fmt.Errorf("%s:%d: want 'module version', got %q", file, n, line)
		}
		v, err := version.NewVersion(strings.TrimPrefix(fields[1], "go"))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
		out = append(out, floor{module: fields[0], version: fields[1], min: v})
	}
	return out, sc.Err()
}
