package provider

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/vbstest"
)

// TestAccImportBlocksInsideAModule: Terraform 1.16 takes import blocks in
// child modules. A module that shares a backup imports the existing share
// by <backup_id>/<to_project_id> and plans nothing else.
func TestAccImportBlocksInsideAModule(t *testing.T) {
	h := newCLIHarness(t)
	skipBelow(t, h.cli, "1.16.0", "import blocks inside modules")
	c := vbstest.Client(t, h.srv, sharer)
	if _, err := shares.Create(context.Background(), c.ServiceClient, shares.CreateOpts{BackupID: nightlyBackup, ToProjectIDs: []string{toB9}}); err != nil {
		t.Fatal(err)
	}
	h.write("main.tf", `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {}

module "nightly" {
  source  = "./share"
  project = "`+toB9+`"
}
`)
	if err := os.MkdirAll(filepath.Join(h.dir, "share"), 0o750); err != nil {
		t.Fatal(err)
	}
	h.write("share/main.tf", `terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

variable "project" {
  type = string
}

resource "vbs_backup_share" "this" {
  backup_id     = "`+nightlyBackup+`"
  to_project_id = var.project
}

import {
  to = vbs_backup_share.this
  id = "`+nightlyBackup+`/${var.project}"
}
`)
	// terraform get installs the local module; init would ask the registry
	// for vbs, which dev_overrides supplies instead.
	h.run("get", "-no-color")
	h.plansImportsOnly(1)
}
