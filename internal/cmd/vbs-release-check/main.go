// Command vbs-release-check builds a release snapshot of the whole
// platform matrix, as a maintainer's release would, and checks that it has
// what the Terraform registry reads:
//
//   - one zip per platform, terraform-provider-vbs_{version}_{os}_{arch}.zip,
//     holding the single binary terraform-provider-vbs_v{version};
//   - terraform-provider-vbs_{version}_SHA256SUMS listing every zip and the
//     manifest, with the right digests;
//   - terraform-provider-vbs_{version}_manifest.json carrying protocol 6.0;
//   - a binary for this machine that serves the provider: `providers schema
//     -json` through dev_overrides lists its resource and data sources;
//   - built with the toolchain and modules floors.txt names at least.
//
// The build runs in a scratch clone of the committed HEAD and never touches
// the user's repository; .goreleaser.yml names the GitHub repository, so
// the clone's remote does not matter. Signing and publishing are skipped.
//
//	go run ./internal/cmd/vbs-release-check [-keep]
package main

import (
	"archive/zip"
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
)

const project = "terraform-provider-vbs"

// platforms are the targets every release must have: the registry's usual
// set, less what Go cannot build (see .goreleaser.yml).
var platforms = []string{
	"darwin_amd64", "darwin_arm64",
	"freebsd_386", "freebsd_amd64", "freebsd_arm", "freebsd_arm64",
	"linux_386", "linux_amd64", "linux_arm", "linux_arm64",
	"windows_386", "windows_amd64", "windows_arm64",
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "vbs-release-check:", err)
		os.Exit(1)
	}
}

func run() error {
	keep := flag.Bool("keep", false, "keep the scratch clone and its dist/")
	flag.Parse()
	ctx := context.Background()

	repo, err := output(ctx, "", "git", "rev-parse", "--show-toplevel")
	if err != nil {
		return err
	}
	scratch, err := os.MkdirTemp("", "vbs-release-check-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Println("scratch clone:", scratch)
	} else {
		defer func() { _ = os.RemoveAll(scratch) }()
	}
	src := filepath.Join(scratch, "src")
	step("cloning the committed HEAD into a scratch directory")
	if err := runIn(ctx, "", "git", "clone", "--quiet", repo, src); err != nil {
		return err
	}
	goreleaser := []string{"tool", "-modfile=" + filepath.Join(src, "tools", "goreleaser", "go.mod"), "goreleaser"}
	step("goreleaser check")
	if err := runIn(ctx, src, "go", append(goreleaser, "check")...); err != nil {
		return err
	}
	step("goreleaser release --snapshot (every platform; no signing, no publishing)")
	if err := runIn(ctx, src, "go", append(goreleaser, "release", "--snapshot", "--clean", "--skip=sign,publish")...); err != nil {
		return err
	}
	dist := filepath.Join(src, "dist")
	version, err := snapshotVersion(dist)
	if err != nil {
		return err
	}
	step("checking the platform matrix against what Go builds")
	if err := checkMatrix(ctx, dist); err != nil {
		return err
	}
	step("checking the layout of " + version)
	if err := checkLayout(dist, version); err != nil {
		return err
	}
	step("serving this platform's binary through dev_overrides")
	if err := checkServes(dist, version); err != nil {
		return err
	}
	fmt.Printf("release-check: %d platforms, SHA256SUMS and manifest as the registry expects; the %s_%s binary serves the "+
		"provider\n", len(platforms), runtime.GOOS, runtime.GOARCH)
	return nil
}

func snapshotVersion(dist string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dist, "metadata.json")) //nolint:gosec // goreleaser's own output in the scratch clone
	if err != nil {
		return "", err
	}
	var meta struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return "", fmt.Errorf("reading dist/metadata.json: %w", err)
	}
	if meta.Version == "" {
		return "", errors.New("dist/metadata.json has no version")
	}
	return meta.Version, nil
}

// target is a goos/goarch pair of goreleaser's configuration.
type target struct {
	Goos   string `yaml:"goos"`
	Goarch string `yaml:"goarch"`
}

// checkMatrix compares the platforms the configuration asks for with those
// this Go can build: goreleaser drops a pair Go cannot build without a word
// (windows/arm since Go 1.26), so a release would silently lack it.
func checkMatrix(ctx context.Context, dist string) error {
	b, err := os.ReadFile(filepath.Join(dist, "config.yaml")) //nolint:gosec // goreleaser's effective configuration
	if err != nil {
		return err
	}
	var cfg struct {
		Builds []struct {
			Goos   []string `yaml:"goos"`
			Goarch []string `yaml:"goarch"`
			Ignore []target `yaml:"ignore"`
		} `yaml:"builds"`
	}
	if err := yaml.Unmarshal(b, &cfg); err != nil {
		return fmt.Errorf("reading goreleaser's effective configuration: %w", err)
	}
	list, err := output(ctx, "", "go", "tool", "dist", "list")
	if err != nil {
		return err
	}
	buildable := strings.Fields(list)
	var problems []string
	for _, build := range cfg.Builds {
		for _, goos := range build.Goos {
			for _, goarch := range build.Goarch {
				pair := goos + "/" + goarch
				switch {
				case slices.Contains(build.Ignore, target{Goos: goos, Goarch: goarch}):
				case !slices.Contains(buildable, pair):
					problems = append(
						problems,
						fmt.Sprintf("the configuration asks for %s, which %s cannot build: add it to ignore in .goreleaser.yml, with the "+
							"reason", pair, runtime.Version()),
					)
				case !slices.Contains(platforms, goos+"_"+goarch):
					problems = append(problems, fmt.Sprintf("the configuration builds %s, which this check does not expect: add it to platforms in "+
						"%s", pair, "internal/cmd/vbs-release-check"))
				}
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("the platform matrix does not match what the release will hold:\n- " + strings.Join(problems, "\n- "))
	}
	return nil
}

// checkLayout checks the zips, the checksums and the manifest.
func checkLayout(dist, version string) error {
	var problems []string
	fail := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	zips, err := filepath.Glob(filepath.Join(dist, "*.zip"))
	if err != nil {
		return err
	}
	var want []string
	for _, p := range platforms {
		want = append(want, fmt.Sprintf("%s_%s_%s.zip", project, version, p))
	}
	var got []string
	for _, z := range zips {
		got = append(got, filepath.Base(z))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		fail("zips:\n  got  %v\n  want %v", got, want)
	}
	for _, name := range got {
		if err := checkZip(filepath.Join(dist, name), version); err != nil {
			fail("%s: %v", name, err)
		}
	}

	// The manifest is uploaded from the repository root under its release
	// name (release.extra_files), so it is not in dist/: check that file,
	// and that SHA256SUMS lists it under that name with its digest.
	manifest := fmt.Sprintf("%s_%s_manifest.json", project, version)
	manifestSource := filepath.Join(filepath.Dir(dist), "terraform-registry-manifest.json")
	var m struct {
		Version  int `json:"version"`
		Metadata struct {
			ProtocolVersions []string `json:"protocol_versions"`
		} `json:"metadata"`
	}
	if b, err := os.ReadFile(manifestSource); err != nil { //nolint:gosec // the repository's own manifest
		fail("%s: %v", manifestSource, err)
	} else if err := json.Unmarshal(b, &m); err != nil || !slices.Equal(m.Metadata.ProtocolVersions, []string{"6.0"}) {
		fail("%s: protocol_versions %v (%v), want [6.0]", manifest, m.Metadata.ProtocolVersions, err)
	}

	sums := fmt.Sprintf("%s_%s_SHA256SUMS", project, version)
	listed, err := readSums(filepath.Join(dist, sums))
	if err != nil {
		fail("%s: %v", sums, err)
	}
	wantListed := append(slices.Clone(want), manifest)
	slices.Sort(wantListed)
	var names []string
	for name, digest := range listed {
		names = append(names, name)
		file := filepath.Join(dist, name)
		if name == manifest {
			file = manifestSource
		}
		if have, err := fileDigest(file); err != nil || have != digest {
			fail("%s: the digest of %s does not match the file (%v)", sums, name, err)
		}
	}
	slices.Sort(names)
	if !slices.Equal(names, wantListed) {
		fail("%s lists:\n  got  %v\n  want %v", sums, names, wantListed)
	}
	if len(problems) > 0 {
		return errors.New("the release does not have the registry's layout:\n- " + strings.Join(problems, "\n- "))
	}
	return nil
}

// checkZip: exactly one file, the binary named for the version.
func checkZip(path, version string) error {
	r, err := zip.OpenReader(path)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	want := fmt.Sprintf("%s_v%s", project, version)
	if strings.Contains(path, "_windows_") {
		want += ".exe"
	}
	var names []string
	for _, f := range r.File {
		names = append(names, f.Name)
	}
	if len(names) != 1 || names[0] != want {
		return fmt.Errorf("holds %v, want only %s", names, want)
	}
	return nil
}

func readSums(path string) (map[string]string, error) {
	f, err := os.Open(path) //nolint:gosec // goreleaser's own output
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }()
	out := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		digest, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok {
			return nil, fmt.Errorf("line %q is not '<sha256>  <file>'", sc.Text())
		}
		out[name] = digest
	}
	return out, sc.Err()
}

func fileDigest(path string) (string, error) {
	f, err := os.Open(path) //nolint:gosec // a file of the release in the scratch clone
	if err != nil {
		return "", err
	}
	defer func() { _ = f.Close() }()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// checkServes unpacks this platform's binary and asks the CLI (terraform,
// or tofu) for the provider's schema through dev_overrides.
func checkServes(dist, version string) error {
	zipPath := filepath.Join(dist, fmt.Sprintf("%s_%s_%s_%s.zip", project, version, runtime.GOOS, runtime.GOARCH))
	r, err := zip.OpenReader(zipPath)
	if err != nil {
		return err
	}
	defer func() { _ = r.Close() }()
	if len(r.File) != 1 {
		return fmt.Errorf("%s holds %d files", zipPath, len(r.File))
	}
	plugins, err := os.MkdirTemp("", "vbs-release-plugin-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(plugins) }()
	if err := unpack(r.File[0], devrun.ProviderPath(plugins)); err != nil {
		return err
	}
	step("checking the binary's toolchain and modules against floors.txt")
	if err := runIn(
		context.Background(),
		"",
		"go",
		"run",
		"./internal/cmd/vbs-floors",
		"-floors",
		"floors.txt",
		"-binary",
		devrun.ProviderPath(plugins),
	); err != nil {
		return err
	}
	schemas, err := devrun.ProviderSchemas(plugins)
	if err != nil {
		return err
	}
	var doc struct {
		Schemas map[string]struct {
			Resources   map[string]json.RawMessage `json:"resource_schemas"`
			DataSources map[string]json.RawMessage `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.Unmarshal(schemas, &doc); err != nil {
		return err
	}
	for addr, s := range doc.Schemas {
		if !strings.HasSuffix(addr, "/vbs") {
			continue
		}
		for _, ds := range []string{"vbs_backup_share", "vbs_backup_shares"} {
			if s.DataSources[ds] == nil {
				return fmt.Errorf("the built provider's schema lacks the data source %s", ds)
			}
		}
		if s.Resources["vbs_backup_share"] == nil {
			return errors.New("the built provider's schema lacks the resource vbs_backup_share")
		}
		return nil
	}
	return errors.New("the CLI's schema has no vbs provider")
}

func unpack(f *zip.File, dest string) error {
	in, err := f.Open()
	if err != nil {
		return err
	}
	defer func() { _ = in.Close() }()
	if err := os.MkdirAll(filepath.Dir(dest), 0o750); err != nil {
		return err
	}
	out, err := os.OpenFile(dest, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o700) //nolint:gosec // an executable: the provider the CLI will run
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, io.LimitReader(in, 512<<20)); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}

func step(s string) { fmt.Println("==> " + s) }

func runIn(ctx context.Context, dir, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // git and go with this command's own arguments
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return nil
}

func output(ctx context.Context, dir, name string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, name, args...) //nolint:gosec // git with this command's own arguments
	cmd.Dir = dir
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return strings.TrimSpace(string(b)), nil
}
