package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/devrun"
	"github.com/vbsteam/terraform-provider-vbs/internal/emulator"
)

// What a user would write instead of this provider: the http provider
// reading the count, then every page, and jsondecode over the pages. The
// http provider is not on the Go module proxy at a current version, so
// make bench cannot build it; HTTP_PROVIDER_BINARY names one built from
// its repository (hashicorp/terraform-provider-http), and without it the
// row is left out.
const httpByHand = `terraform {
  required_providers {
    http = { source = "hashicorp/http" }
  }
}
variable "base" { type = string }
variable "token" {
  type      = string
  sensitive = true
}
locals {
  headers = { "X-Auth-Token" = var.token, Accept = "application/json" }
}
data "http" "count" {
  url             = "${var.base}/os-vendor-backup-sharing/count"
  request_headers = local.headers
}
data "http" "page" {
  count           = ceil(jsondecode(data.http.count.response_body).count / 1000)
  url             = "${var.base}/os-vendor-backup-sharing/detail?limit=1000&offset=${count.index * 1000}"
  request_headers = local.headers
}
locals {
  shares = flatten([for p in data.http.page : jsondecode(p.response_body).shared])
}
output "count" { value = length(local.shares) }
`

// versusResult is one size's pairs of this provider and the http provider.
type versusResult struct {
	shares      int
	ours, other []measured
}

// httpPairs runs terraform plan of n shares, runs pairs of this provider's
// data source and the http provider's pages, neither wrapped.
func (b *bench) httpPairs(httpBin string, n, runs int) (versusResult, error) {
	res := versusResult{shares: n}
	base, stop, err := devrun.ServeEmulator(emulator.Options{Data: emulator.GeneratedDataset(n - 3)})
	if err != nil {
		return res, err
	}
	defer stop()
	token, err := signIn(base)
	if err != nil {
		return res, err
	}
	name := fmt.Sprintf("versus-%d", n)
	ours, err := b.workDir(filepath.Join(name, "vbs"), map[string]string{"main.tf": allShares})
	if err != nil {
		return res, err
	}
	other, err := b.workDir(filepath.Join(name, "http"), map[string]string{"main.tf": httpByHand})
	if err != nil {
		return res, err
	}
	cliEnv, err := b.binPlugins()
	if err != nil {
		return res, err
	}
	env := append(append(emulator.SampleUserEnv(base), cliEnv...),
		"TF_VAR_base="+base+"/v2/"+emulator.SampleSharerProject, "TF_VAR_token="+token)
	plan := func(dir, bin string) (measured, error) {
		m, err := b.terraform(b.tf, dir, append(slices.Clone(env), "VBS_BENCH_BIN="+bin), "plan", "-input=false", "-no-color", "-lock=false")
		if err == nil {
			err = readAll(m, n, filepath.Base(dir))
		}
		return m, err
	}
	for i := range runs {
		first, second := ours, other
		if i%2 == 1 {
			first, second = other, ours
		}
		for _, d := range []string{first, second} {
			bin := b.realBin
			if d == other {
				bin = httpBin
			}
			m, err := plan(d, bin)
			if err != nil {
				return res, err
			}
			if d == ours {
				res.ours = append(res.ours, m)
			} else {
				res.other = append(res.other, m)
			}
		}
	}
	return res, nil
}

// signIn gets a token for the sample project from the emulator's IAM, as a
// user of the http provider would have to.
func signIn(base string) (string, error) {
	body := fmt.Sprintf(
		`{"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": %q, "password": %q, "domain": {"name": %q}}}}, "scope": {"project": {"id": %q}}}}`,
		emulator.SampleUser,
		emulator.SamplePassword,
		emulator.SampleDomain,
		emulator.SampleSharerProject,
	)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v3/auth/tokens", strings.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	token := resp.Header.Get("X-Subject-Token")
	if resp.StatusCode != http.StatusCreated || token == "" {
		return "", fmt.Errorf("sign-in at the emulator: %s", resp.Status)
	}
	return token, nil
}

func (r versusResult) print() {
	ratios := cpuRatios(r.ours, r.other)
	fmt.Println()
	fmt.Printf("| terraform plan, %d shares, against the http provider paging by hand with jsondecode (%d interleaved pairs) | median | min "+
		"|\n|---|---|---|\n", r.shares, len(r.ours))
	fmt.Printf("| CPU s, Terraform and this provider | %.2f | %.2f |\n", median(seconds(r.ours, cpu)), slices.Min(seconds(r.ours, cpu)))
	fmt.Printf("| CPU s, Terraform and the http provider | %.2f | %.2f |\n", median(seconds(r.other, cpu)), slices.Min(seconds(r.other, cpu)))
	fmt.Printf("| ratio of CPU s in each pair, this provider / http | %.3f | %.3f |\n", median(ratios), slices.Min(ratios))
	fmt.Printf("| wall s, this provider / http | %.2f / %.2f | |\n", median(seconds(r.ours, wall)), median(seconds(r.other, wall)))
}
