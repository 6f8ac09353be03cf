// Command vbs-bench is `make bench`: protocol-level Go benchmarks, an
// end-to-end `terraform plan` of 10,000 shares against a floor provider that
// returns the same state pre-encoded, the provider's peak RSS, and a read
// under 50 ms of latency. It prints one table.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

func main() {
	if role := os.Getenv("VBS_BENCH_ROLE"); role != "" {
		if err := runRole(role); err != nil {
			fmt.Fprintln(os.Stderr, "vbs-bench:", err)
			os.Exit(1)
		}
		return
	}
	runs := flag.Int("runs", 5, "terraform plan runs per provider (median)")
	shareCount := flag.Int("shares", 10000, "shares in the end-to-end plan")
	flag.Parse()
	if err := orchestrate(*runs, *shareCount); err != nil {
		fmt.Fprintln(os.Stderr, "bench failed:", err)
		os.Exit(1)
	}
}

type result struct {
	goBench    []string // table rows
	ours       []time.Duration
	floor      []time.Duration
	peakRSSKiB int64
	latency    map[string]string // "count", "no_count": the benchmark's figures
}

func orchestrate(runs, shareCount int) error {
	tf, err := devrun.TerraformBinary()
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "vbs-bench-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	var res result

	fmt.Println("==> go benchmarks (protocol level, no latency)")
	if res.goBench, res.latency, err = goBenchmarks(); err != nil {
		return err
	}

	realBin := filepath.Join(tmp, "provider-real")
	if err := devrun.BuildProvider(realBin); err != nil {
		return err
	}
	pluginDir := filepath.Join(tmp, "plugins")
	if err := os.MkdirAll(pluginDir, 0o750); err != nil {
		return err
	}
	script := fmt.Sprintf("#!/bin/sh\nexec %q \"$@\"\n", self)
	if err := os.WriteFile(devrun.ProviderPath(pluginDir), []byte(script), 0o700); err != nil { //nolint:gosec // an executable: the floor provider Terraform runs
		return err
	}
	cliEnv, err := devrun.WriteCLIConfig(filepath.Join(tmp, "terraform.rc"), pluginDir)
	if err != nil {
		return err
	}
	work := filepath.Join(tmp, "work")
	_ = os.MkdirAll(work, 0o750)
	config := `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}
data "vbs_backup_shares" "all" {}
output "count" { value = length(data.vbs_backup_shares.all.ids) }
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(config), 0o600); err != nil {
		return err
	}

	base, stop, err := devrun.ServeEmulator(emulator.Options{Data: emulator.GeneratedDataset(shareCount - 3)})
	if err != nil {
		return err
	}
	defer stop()

	stateFile := filepath.Join(tmp, "state.msgpack")
	rssFile := filepath.Join(tmp, "rss")
	env := append(append(os.Environ(), cliEnv...), emulator.SampleUserEnv(base)...)
	env = append(env, "VBS_BENCH_STATE="+stateFile, "VBS_BENCH_REAL="+realBin, "VBS_BENCH_RSS="+rssFile)
	plan := func(role string) (time.Duration, error) {
		cmd := exec.CommandContext(context.Background(), tf, "plan", "-input=false", "-no-color", "-lock=false", "-refresh=true")
		cmd.Dir, cmd.Env = work, append(env, "VBS_BENCH_ROLE="+role)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		d := time.Since(start)
		if err != nil {
			return d, fmt.Errorf("terraform plan (%s): %w\n%s", role, err, out)
		}
		if !strings.Contains(string(out), fmt.Sprintf("count = %d", shareCount)) {
			return d, fmt.Errorf("terraform plan (%s) did not read %d shares:\n%s", role, shareCount, out)
		}
		return d, nil
	}
	fmt.Printf("==> terraform plan of %d shares: capture run, then %d runs each of the provider and the floor\n", shareCount, runs)
	if _, err := plan(roleCapture); err != nil {
		return err
	}
	for i := range runs {
		order := []string{roleWrap, roleFloor}
		if i%2 == 1 {
			order = []string{roleFloor, roleWrap}
		}
		for _, role := range order {
			d, err := plan(role)
			if err != nil {
				return err
			}
			if role == roleWrap {
				res.ours = append(res.ours, d)
			} else {
				res.floor = append(res.floor, d)
			}
		}
	}
	if res.peakRSSKiB, err = maxFromFile(rssFile); err != nil {
		return err
	}
	printTable(res, shareCount)
	return nil
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+)\s+\d+\s+(.*)$`)

// goBenchmarks runs the protocol-level and the latency benchmarks.
func goBenchmarks() ([]string, map[string]string, error) {
	cmd := exec.CommandContext(context.Background(), "go", "test", "-run", "^$", "-bench", "^(BenchmarkReadBackupShares|BenchmarkReadWithLatency)$", "-benchmem", "-benchtime", "3x", "-count", "1", "./internal/provider/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, nil, fmt.Errorf("go test -bench: %w\n%s", err, out)
	}
	var rows []string
	latency := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(m[1], "Benchmark"), "-2")
		if sub, ok := strings.CutPrefix(name, "ReadWithLatency/"); ok {
			latency[sub] = strings.Join(strings.Fields(m[2]), " ")
			continue
		}
		rows = append(rows, fmt.Sprintf("| %s | %s |", name, strings.Join(strings.Fields(m[2]), " ")))
	}
	return rows, latency, sc.Err()
}

// latencyRatio is the no-count read's time over the counted one's, from
// the benchmarks' ns/op.
func latencyRatio(latency map[string]string) (float64, bool) {
	ns := func(k string) float64 {
		f := strings.Fields(latency[k])
		if len(f) == 0 {
			return 0
		}
		v, _ := strconv.ParseFloat(f[0], 64)
		return v
	}
	if ns("count") == 0 || ns("no_count") == 0 {
		return 0, false
	}
	return ns("no_count") / ns("count"), true
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func maxFromFile(path string) (int64, error) {
	b, err := os.ReadFile(path) //nolint:gosec // the peak-RSS file this command had its wrapper write
	if err != nil {
		return 0, fmt.Errorf("no peak RSS was recorded: %w", err)
	}
	var peak int64
	for _, line := range strings.Fields(string(b)) {
		n, err := strconv.ParseInt(line, 10, 64)
		if err == nil && n > peak {
			peak = n
		}
	}
	return peak, nil
}

func printTable(r result, shareCount int) {
	ours, floor := median(r.ours), median(r.floor)
	fmt.Println()
	fmt.Println("| protocol-level read (ReadDataSource, in-process emulator) | ns/op, B/op, allocs/op |")
	fmt.Println("|---|---|")
	for _, row := range r.goBench {
		fmt.Println(row)
	}
	fmt.Println()
	fmt.Printf("| end to end: terraform plan, %d shares | median of %d |\n|---|---|\n", shareCount, len(r.ours))
	fmt.Printf("| provider | %.2f s |\n| floor (same state, pre-encoded) | %.2f s |\n", ours.Seconds(), floor.Seconds())
	fmt.Printf("| ratio (target <= 1.3) | %.2f |\n", ours.Seconds()/floor.Seconds())
	fmt.Printf("| provider peak RSS (target <= 150 MB) | %.0f MB |\n", float64(r.peakRSSKiB)/1024)
	fmt.Println()
	fmt.Printf("| latency: 10,000 shares, page 1,000, 50 ms per request | ns/op, ms/op, requests/op |\n|---|---|\n")
	fmt.Printf("| count answers | %s |\n| count fails (target: at most 1.3 times the time with count) | %s |\n", r.latency["count"], r.latency["no_count"])
	if ratio, ok := latencyRatio(r.latency); ok {
		fmt.Printf("| ratio, no count / count | %.2f |\n", ratio)
	}
	fmt.Printf("\nmachine: %s; %s\n", machine(), time.Now().UTC().Format("2006-01-02"))
}

func machine() string {
	out, err := exec.CommandContext(context.Background(), "sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").Output()
	if err != nil {
		return "unknown"
	}
	parts := strings.Fields(strings.ReplaceAll(string(out), "\n", " "))
	if len(parts) == 0 {
		return "unknown"
	}
	return parts[0] + " cores," + strings.TrimPrefix(strings.Join(parts[1:], " "), " ")
}
