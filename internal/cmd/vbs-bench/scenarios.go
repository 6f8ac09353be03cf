package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

const providerBlock = `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}
provider "vbs" {}
`

// requestsResult is a scenario measured by its requests and wall time.
type requestsResult struct {
	title    string
	requests map[string]int
	wall     time.Duration
	before   string // what it cost before, for the table
}

func (r requestsResult) print() {
	total := 0
	for _, n := range r.requests {
		total += n
	}
	fmt.Printf("| %s | |\n|---|---|\n", r.title)
	fmt.Printf("| requests | %d (%d GET, %d list, %d count) |\n", total, r.requests["get"], r.requests["list"], r.requests["count"])
	fmt.Printf("| wall time of the command | %.2f s |\n", r.wall.Seconds())
	if r.before != "" {
		fmt.Printf("| before | %s |\n", r.before)
	}
}

// refreshResources imports n shares as vbs_backup_share resources, then
// counts the requests of one terraform plan that refreshes them all.
func (b *bench) refreshResources(n int, latency time.Duration) (requestsResult, error) {
	res := requestsResult{title: fmt.Sprintf("terraform plan with %d vbs_backup_share resources in state, %s a request", n, latency),
		before: fmt.Sprintf("a GET each: %d requests, 2.1-2.5 s of requests at 50 ms", n)}
	data := emulator.GeneratedDataset(n - 3) // the 3 seed shares are the sharer's too
	emu, base, stop, err := devrun.ServeEmulatorServer(emulator.Options{Data: data, Latency: latency})
	if err != nil {
		return res, err
	}
	defer stop()
	type target struct {
		BackupID    string `json:"backup_id"`
		ToProjectID string `json:"to_project_id"`
	}
	owned := map[string]target{}
	for _, s := range data.Shares {
		if s.FromProjectID == emulator.SampleSharerProject {
			owned[s.ID] = target{s.BackupID, s.ToProjectID}
		}
	}
	if len(owned) != n {
		return res, fmt.Errorf("the dataset holds %d shares of the sample project, want %d", len(owned), n)
	}
	list, err := json.Marshal(owned)
	if err != nil {
		return res, err
	}
	dir, err := b.workDir("refresh", map[string]string{"shares.json": string(list), "main.tf": providerBlock + `
locals {
  shares = jsondecode(file("${path.module}/shares.json"))
}
import {
  for_each = local.shares
  to       = vbs_backup_share.r[each.key]
  id       = each.key
}
resource "vbs_backup_share" "r" {
  for_each      = local.shares
  backup_id     = each.value.backup_id
  to_project_id = each.value.to_project_id
}
`})
	if err != nil {
		return res, err
	}
	env := append(emulator.SampleUserEnv(base), "VBS_BENCH_ROLE="+roleWrap)
	if _, err := b.terraform(b.tf, dir, env, "apply", "-input=false", "-no-color", "-auto-approve", "-lock=false"); err != nil {
		return res, err
	}
	emu.ResetStats()
	m, err := b.terraform(b.tf, dir, env, "plan", "-input=false", "-no-color", "-lock=false")
	if err != nil {
		return res, err
	}
	res.requests, res.wall = sharingRequests(emu.Stats()), m.wall
	return res, nil
}

// queryWindow runs terraform query with the list block's default limit
// (100) over n shares, and counts its requests.
func (b *bench) queryWindow(n int, latency time.Duration) (requestsResult, error) {
	res := requestsResult{title: fmt.Sprintf("terraform query, default limit (100), %d shares, %s a request", n, latency),
		before: fmt.Sprintf("the whole list: 13 requests for %d shares", n)}
	cli, err := queryCLI()
	if err != nil {
		return res, err
	}
	emu, base, stop, err := devrun.ServeEmulatorServer(emulator.Options{Data: emulator.GeneratedDataset(n - 3), Latency: latency})
	if err != nil {
		return res, err
	}
	defer stop()
	dir, err := b.workDir("query", map[string]string{"main.tf": providerBlock, "all.tfquery.hcl": `list "vbs_backup_share" "all" {
  provider = vbs
}
`})
	if err != nil {
		return res, err
	}
	env := append(emulator.SampleUserEnv(base), "VBS_BENCH_ROLE="+roleWrap)
	emu.ResetStats()
	m, err := b.terraform(cli, dir, env, "query", "-no-color")
	if err != nil {
		return res, err
	}
	res.requests, res.wall = sharingRequests(emu.Stats()), m.wall
	res.title += " (" + filepath.Base(filepath.Dir(cli)) + ")"
	return res, nil
}

// queryCLI is a Terraform that has terraform query: QUERY_TF_BINARY, or
// one scripts/build-cli or the shared build scripts cached.
func queryCLI() (string, error) {
	if p := os.Getenv("QUERY_TF_BINARY"); p != "" {
		return exec.LookPath(p)
	}
	home, _ := os.UserHomeDir()
	for _, p := range []string{
		filepath.Join(home, ".cache", "terraform-1.16.0", "terraform"),
		filepath.Join(home, ".cache", "terraform-1.14.0", "terraform"),
	} {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Terraform 1.14 or later: set QUERY_TF_BINARY, or build one with ../shared/tools/terraform-1.16/build")
}

// sharingRequests keeps the counts of the sharing API's operations.
func sharingRequests(stats map[string]int) map[string]int {
	out := map[string]int{}
	for _, op := range []string{"get", "list", "count", "create", "delete"} {
		if n := stats[op]; n > 0 || op == "get" || op == "list" || op == "count" {
			out[op] = n
		}
	}
	return out
}
