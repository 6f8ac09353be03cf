package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// startupResult is the one-share plan's pairs.
type startupResult struct{ ours, floor []measured }

// startupPairs runs terraform plan of a configuration with one
// vbs_backup_share data source, against the real provider and against
// vbs-bench-floor, which links nothing of this provider: the difference is
// what the provider's start-up and one read cost.
func (b *bench) startupPairs(runs int) (startupResult, error) {
	var res startupResult
	floorBin := filepath.Join(b.tmp, "floor")
	if out, err := goCommand("build", "-o", floorBin, "./internal/cmd/vbs-bench-floor").CombinedOutput(); err != nil {
		return res, fmt.Errorf("building the floor: %w\n%s", err, out)
	}
	realDir := filepath.Join(b.tmp, "plugins-real")
	if err := os.MkdirAll(realDir, 0o750); err != nil {
		return res, err
	}
	if err := os.Symlink(b.realBin, devrun.ProviderPath(realDir)); err != nil {
		return res, err
	}
	schema, err := devrun.ProviderSchemas(realDir)
	if err != nil {
		return res, err
	}
	dir, err := b.workDir("startup", map[string]string{"schema.json": string(schema), "main.tf": providerBlock + `
data "vbs_backup_share" "one" {
  id = "8332443e-9866-41d8-8a58-a898cf5db030"
}
output "backup" { value = data.vbs_backup_share.one.backup_id }
`})
	if err != nil {
		return res, err
	}
	// The provider is whichever binary VBS_BENCH_BIN names, run directly
	// (no wrapper on either side).
	cliEnv, err := b.binPlugins()
	if err != nil {
		return res, err
	}
	base, stop, err := devrun.ServeEmulator(emulator.Options{})
	if err != nil {
		return res, err
	}
	defer stop()
	self, err := os.Executable()
	if err != nil {
		return res, err
	}
	env := append(
		append(emulator.SampleUserEnv(base), cliEnv...),
		"VBS_BENCH_STATE="+filepath.Join(dir, "state.msgpack"),
		"VBS_BENCH_SCHEMA="+filepath.Join(dir, "schema.json"),
	)
	plan := func(bin string, extra ...string) (measured, error) {
		return b.terraform(b.tf, dir, append(slices.Clone(env), append(extra, "VBS_BENCH_BIN="+bin)...), "plan", "-input=false", "-no-color", "-lock=false")
	}
	if _, err := plan(self, "VBS_BENCH_ROLE="+roleCapture); err != nil {
		return res, err
	}
	for i := range runs {
		bins := []string{b.realBin, floorBin}
		if i%2 == 1 {
			slices.Reverse(bins)
		}
		for _, bin := range bins {
			m, err := plan(bin)
			if err != nil {
				return res, err
			}
			if bin == b.realBin {
				res.ours = append(res.ours, m)
			} else {
				res.floor = append(res.floor, m)
			}
		}
	}
	return res, nil
}

func (r startupResult) print() {
	ratios := cpuRatios(r.ours, r.floor)
	fmt.Printf("| terraform plan, one vbs_backup_share data source (%d interleaved pairs) | median | min |\n|---|---|---|\n", len(r.ours))
	fmt.Printf("| CPU s, Terraform and this provider | %.3f | %.3f |\n", median(seconds(r.ours, cpu)), slices.Min(seconds(r.ours, cpu)))
	fmt.Printf("| CPU s, Terraform and a floor that links nothing of the provider | %.3f | %.3f "+
		"|\n", median(seconds(r.floor, cpu)), slices.Min(seconds(r.floor, cpu)))
	fmt.Printf("| ratio of CPU s in each pair | %.3f | %.3f |\n", median(ratios), slices.Min(ratios))
}
