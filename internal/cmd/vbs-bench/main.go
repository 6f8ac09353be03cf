// Command vbs-bench is `make bench`: protocol-level Go benchmarks, and
// `terraform plan` runs against the standalone emulator that measure what
// users meet. Each ratio comes from interleaved pairs in one run (the
// provider, then the floor, then the floor, then the provider, ...), as CPU
// seconds of Terraform and its provider processes, so that noise on the
// machine cannot flip a target; it reports their median and minimum.
//
//   - plan of 3, 1,000, 10,000 and 50,000 shares (-shares), against a floor provider
//     that returns the same state pre-encoded (Terraform's own cost), with
//     the provider's peak RSS; and, where HTTP_PROVIDER_BINARY names an http
//     provider, against that provider paging by hand with jsondecode;
//   - plan with 100 vbs_backup_share resources in state, 50 ms a request;
//   - terraform query with its default limit over 10,000 shares, 50 ms a
//     request (with a Terraform 1.14 or later: QUERY_TF_BINARY, or one
//     built by scripts/build-cli in ~/.cache);
//   - plan of one vbs_backup_share data source (start-up), against a floor
//     that links nothing of the provider (vbs-bench-floor);
//   - the read of 10,000 shares at 50 ms a request with and without a
//     count (Go benchmarks).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

func main() {
	if role := os.Getenv("VBS_BENCH_ROLE"); role != "" {
		if err := runRole(role); err != nil {
			fmt.Fprintln(os.Stderr, "vbs-bench:", err)
			os.Exit(1)
		}
		return
	}
	runs := flag.Int("runs", 15, "interleaved pairs of terraform plan runs per size")
	largeRuns := flag.Int("large-runs", 7, "interleaved pairs at 50,000 shares or more (a plan there takes 15 s; their target is peak RSS)")
	sizes := flag.String("shares", "3,1000,10000,50000", "share counts of the plan pairs")
	goBench := flag.Bool("go", true, "run the Go benchmarks too")
	flag.Parse()
	var counts []int
	for _, f := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 3 {
			fmt.Fprintf(os.Stderr, "bench: -shares %q: want share counts of 3 (the sample's) or more\n", *sizes)
			os.Exit(2)
		}
		counts = append(counts, n)
	}
	if err := orchestrate(pairsFor(*runs, *largeRuns), counts, *goBench); err != nil {
		fmt.Fprintln(os.Stderr, "bench failed:", err)
		os.Exit(1)
	}
}

// pairsFor is how many pairs to run at a size.
func pairsFor(runs, largeRuns int) func(shares int) int {
	return func(shares int) int {
		if shares >= 50_000 {
			return largeRuns
		}
		return runs
	}
}

func orchestrate(pairs func(shares int) int, sizes []int, goBench bool) error {
	runs := pairs(0)
	var goRows []string
	latency := map[string]string{}
	if goBench {
		fmt.Println("==> go benchmarks (protocol level; the read at 50 ms a request with and without a count)")
		var err error
		if goRows, latency, err = goBenchmarks(); err != nil {
			return err
		}
	}
	b, err := newBench()
	if err != nil {
		return err
	}
	defer b.close()

	var plans []planResult
	for _, n := range sizes {
		fmt.Printf("==> terraform plan of %d shares: a capture run, then %d interleaved pairs of the provider and the floor\n", n, pairs(n))
		r, err := b.planPairs(n, pairs(n))
		if err != nil {
			return err
		}
		plans = append(plans, r)
	}
	var versus []versusResult
	if httpBin := os.Getenv("HTTP_PROVIDER_BINARY"); httpBin != "" {
		for _, n := range sizes {
			fmt.Printf("==> terraform plan of %d shares: %d interleaved pairs of the provider and the http provider paging by hand\n", n, pairs(n))
			r, err := b.httpPairs(httpBin, n, pairs(n))
			if err != nil {
				return err
			}
			versus = append(versus, r)
		}
	}
	fmt.Println("==> terraform plan with 100 vbs_backup_share resources in state, 50 ms a request")
	refresh, err := b.refreshResources(100, 50*time.Millisecond)
	if err != nil {
		return err
	}
	query, queryErr := b.queryWindow(10000, 50*time.Millisecond)
	fmt.Printf("==> terraform plan of one share: %d interleaved pairs of the provider and a floor that links nothing of it\n", runs)
	startup, err := b.startupPairs(runs)
	if err != nil {
		return err
	}

	fmt.Println()
	fmt.Println("| protocol-level read (ReadDataSource, in-process emulator) | ns/op, B/op, allocs/op |")
	fmt.Println("|---|---|")
	for _, row := range goRows {
		fmt.Println(row)
	}
	for _, r := range plans {
		r.print()
	}
	for _, r := range versus {
		r.print()
	}
	fmt.Println()
	fmt.Printf("| latency: 10,000 shares, page 1,000, 50 ms per request | ns/op, ms/op, requests/op |\n|---|---|\n")
	fmt.Printf("| count answers | %s |\n| count fails | %s |\n", latency["count"], latency["no_count"])
	if ratio, ok := latencyRatio(latency); ok {
		fmt.Printf("| ratio, no count / count (target <= 1.3) | %.2f |\n", ratio)
	}
	fmt.Println()
	refresh.print()
	fmt.Println()
	if queryErr != nil {
		fmt.Printf("| terraform query, default limit, 10,000 shares | not measured: %v |\n|---|---|\n", queryErr)
	} else {
		query.print()
	}
	fmt.Println()
	startup.print()
	fmt.Printf("\nmachine: %s; %s\n", machine(), time.Now().UTC().Format("2006-01-02"))
	return nil
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+)\s+\d+\s+(.*)$`)

// goBenchmarks runs the protocol-level and the latency benchmarks.
func goBenchmarks() ([]string, map[string]string, error) {
	cmd := goCommand(
		"test",
		"-run",
		"^$",
		"-bench",
		"^(BenchmarkReadBackupShares|BenchmarkReadWithLatency)$",
		"-benchmem",
		"-benchtime",
		"3x",
		"-count",
		"1",
		"./internal/provider/",
	)
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

func goCommand(args ...string) *exec.Cmd {
	return exec.CommandContext(context.Background(), "go", args...) //nolint:gosec // go test and go build with this command's own arguments
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
