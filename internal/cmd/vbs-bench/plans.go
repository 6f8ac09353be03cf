package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// bench is what the terraform runs share: the CLI, a plugin directory
// whose provider is this binary in a role, and a scratch directory.
type bench struct {
	tf, tmp string
	env     []string // the CLI configuration and the roles' files
	realBin string
}

func newBench() (*bench, error) {
	tf, err := devrun.TerraformBinary()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "vbs-bench-")
	if err != nil {
		return nil, err
	}
	b := &bench{tf: tf, tmp: tmp, realBin: filepath.Join(tmp, "provider-real")}
	if err := devrun.BuildProvider(b.realBin); err != nil {
		return nil, err
	}
	pluginDir := filepath.Join(tmp, "plugins")
	if err := os.MkdirAll(pluginDir, 0o750); err != nil {
		return nil, err
	}
	script := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\"\n", self)
	//nolint:gosec // an executable: the provider in a role, which Terraform runs
	if err := os.WriteFile(
		devrun.ProviderPath(pluginDir),
		[]byte(script),
		0o700,
	); err != nil {
		return nil, err
	}
	cliEnv, err := devrun.WriteCLIConfig(filepath.Join(tmp, "terraform.rc"), pluginDir)
	if err != nil {
		return nil, err
	}
	b.env = append(append(os.Environ(), cliEnv...), "VBS_BENCH_REAL="+b.realBin)
	return b, nil
}

func (b *bench) close() { _ = os.RemoveAll(b.tmp) }

// binPlugins is a CLI configuration whose dev_overrides take vbsteam/vbs,
// and hashicorp/http, from a directory of scripts that run whichever binary
// VBS_BENCH_BIN names: the start-up pairs and the http pairs run their
// providers that way, unwrapped.
func (b *bench) binPlugins() ([]string, error) {
	dir := filepath.Join(b.tmp, "plugins-bin")
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	for _, name := range []string{filepath.Base(devrun.ProviderPath(dir)), "terraform-provider-http"} {
		script := []byte("#!/bin/sh\nexec \"$VBS_BENCH_BIN\" \"$@\"\n")
		//nolint:gosec // an executable: the provider under test
		if err := os.WriteFile(filepath.Join(dir, name), script, 0o700); err != nil {
			return nil, err
		}
	}
	rc := fmt.Sprintf("provider_installation {\n  dev_overrides {\n    %q = %q\n    \"hashicorp/http\" = %q\n  }\n  direct "+
		"{}\n}\n", devrun.ProviderSource, dir, dir)
	path := filepath.Join(b.tmp, "bin-plugins.rc")
	if err := os.WriteFile(path, []byte(rc), 0o600); err != nil {
		return nil, err
	}
	return []string{"TF_CLI_CONFIG_FILE=" + path}, nil
}

// workDir makes a directory holding the given files.
func (b *bench) workDir(name string, files map[string]string) (string, error) {
	dir := filepath.Join(b.tmp, name)
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", err
	}
	for f, text := range files {
		if err := os.WriteFile(filepath.Join(dir, f), []byte(text), 0o600); err != nil {
			return "", err
		}
	}
	return dir, nil
}

// measured is one terraform run: wall time, and CPU time of Terraform and
// every process it waited for (its providers: the kernel adds a reaped
// child's time to its parent's children, and ours to the run's).
type measured struct {
	wall, cpu time.Duration
	out       string
	reader    usage         // the provider process that read, where a wrapper recorded it
	providers time.Duration // CPU of all the provider processes a wrapper recorded
}

func (b *bench) terraform(cli, dir string, env []string, args ...string) (measured, error) {
	cmd := exec.CommandContext(context.Background(), cli, args...) //nolint:gosec // the CLI under test with the arguments of the scenario
	cmd.Dir, cmd.Env = dir, append(slices.Clone(b.env), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	m := measured{wall: time.Since(start), out: out.String()}
	if cmd.ProcessState != nil {
		m.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err != nil {
		return m, fmt.Errorf("%s %s: %w\n%s", filepath.Base(cli), strings.Join(args, " "), err, m.out)
	}
	return m, nil
}

// allShares is the configuration of the plan pairs: one vbs_backup_shares
// data source with every share, and their number as an output.
const allShares = `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}
data "vbs_backup_shares" "all" {}
output "count" { value = length(data.vbs_backup_shares.all.ids) }
`

// readAll fails unless the plan's output says it read all n shares
// (allShares' output, or the http configuration's).
func readAll(m measured, n int, who string) error {
	if !strings.Contains(m.out, fmt.Sprintf("count = %d", n)) {
		return fmt.Errorf("terraform plan (%s) did not read %d shares:\n%s", who, n, m.out)
	}
	return nil
}

// planResult is one size's pairs.
type planResult struct {
	shares      int
	ours, floor []measured
}

// peakRSSKiB is the largest peak RSS of this provider's reading processes.
func (r planResult) peakRSSKiB() int64 {
	var peak int64
	for _, m := range r.ours {
		peak = max(peak, m.reader.peakRSSKiB)
	}
	return peak
}

// planPairs runs terraform plan of n shares: a capture run, then runs
// pairs, each the provider and the floor in alternating order.
func (b *bench) planPairs(n, runs int) (planResult, error) {
	res := planResult{shares: n}
	_, base, stop, err := devrun.ServeEmulatorServer(emulator.Options{Data: emulator.GeneratedDataset(n - 3)})
	if err != nil {
		return res, err
	}
	defer stop()
	dir, err := b.workDir(fmt.Sprintf("plan-%d", n), map[string]string{"main.tf": allShares})
	if err != nil {
		return res, err
	}
	usageFile := filepath.Join(dir, "usage")
	env := append(emulator.SampleUserEnv(base), "VBS_BENCH_STATE="+filepath.Join(dir, "state.msgpack"), "VBS_BENCH_USAGE="+usageFile)
	plan := func(role string) (measured, error) {
		m, err := b.terraform(b.tf, dir, append(slices.Clone(env), "VBS_BENCH_ROLE="+role), "plan", "-input=false", "-no-color", "-lock=false", "-refresh=true")
		if err == nil {
			err = readAll(m, n, role)
		}
		return m, err
	}
	if _, err := plan(roleCapture); err != nil {
		return res, err
	}
	for i := range runs {
		order := []string{roleWrap, roleWrapFloor}
		if i%2 == 1 {
			order = []string{roleWrapFloor, roleWrap}
		}
		for _, role := range order {
			m, err := plan(role)
			if err != nil {
				return res, err
			}
			us, err := takeUsage(usageFile)
			if err != nil {
				return res, err
			}
			m.reader = reader(us)
			for _, u := range us {
				m.providers += u.cpu()
			}
			if role == roleWrap {
				res.ours = append(res.ours, m)
			} else {
				res.floor = append(res.floor, m)
			}
		}
	}
	return res, nil
}

// seconds lists one figure of each run.
func seconds(ms []measured, of func(measured) time.Duration) []float64 {
	out := make([]float64, len(ms))
	for i, m := range ms {
		out[i] = of(m).Seconds()
	}
	return out
}

func cpu(m measured) time.Duration  { return m.cpu }
func wall(m measured) time.Duration { return m.wall }

// cpuRatios are each pair's CPU time of the provider over the floor's.
func cpuRatios(ours, floor []measured) []float64 {
	out := make([]float64, len(ours))
	for i := range ours {
		out[i] = ours[i].cpu.Seconds() / floor[i].cpu.Seconds()
	}
	return out
}

func (r planResult) print() {
	ratios := cpuRatios(r.ours, r.floor)
	fmt.Println()
	fmt.Printf("| terraform plan, %d shares (%d interleaved pairs) | median | min |\n|---|---|---|\n", r.shares, len(r.ours))
	fmt.Printf("| CPU s, Terraform and this provider | %.2f | %.2f |\n", median(seconds(r.ours, cpu)), slices.Min(seconds(r.ours, cpu)))
	fmt.Printf("| CPU s, Terraform and the floor (same state, pre-encoded) | %.2f | %.2f |\n", median(seconds(r.floor, cpu)), slices.Min(seconds(r.floor, cpu)))
	fmt.Printf("| ratio of CPU s in each pair (target <= 1.05) | %.3f | %.3f |\n", median(ratios), slices.Min(ratios))
	fmt.Printf("| wall s, this provider / the floor | %.2f / %.2f | %.2f / %.2f |\n",
		median(seconds(r.ours, wall)), median(seconds(r.floor, wall)), slices.Min(seconds(r.ours, wall)), slices.Min(seconds(r.floor, wall)))
	fmt.Printf(
		"| CPU s of the provider process that read, this provider / the floor: user | %.3f / %.3f | %.3f / %.3f |\n",
		median(
			seconds(r.ours, readerUser),
		),
		median(seconds(r.floor, readerUser)),
		slices.Min(seconds(r.ours, readerUser)),
		slices.Min(seconds(r.floor, readerUser)),
	)
	fmt.Printf(
		"| the same: system | %.3f / %.3f | %.3f / %.3f |\n",
		median(
			seconds(r.ours, readerSys),
		),
		median(seconds(r.floor, readerSys)),
		slices.Min(seconds(r.ours, readerSys)),
		slices.Min(seconds(r.floor, readerSys)),
	)
	fmt.Printf(
		"| CPU s of Terraform alone (the run's, less its provider processes'), with this provider / the floor | %.2f / %.2f | %.2f / %.2f |\n",
		median(
			seconds(r.ours, terraformAlone),
		),
		median(seconds(r.floor, terraformAlone)),
		slices.Min(seconds(r.ours, terraformAlone)),
		slices.Min(seconds(r.floor, terraformAlone)),
	)
	fmt.Printf("| provider peak RSS (target at 50,000: <= 120 MB) | %.0f MB | |\n", float64(r.peakRSSKiB())/1024)
}

func readerUser(m measured) time.Duration     { return m.reader.user }
func terraformAlone(m measured) time.Duration { return m.cpu - m.providers }
func readerSys(m measured) time.Duration      { return m.reader.sys }

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}
