# shares.tfquery.hcl: run `terraform query` (Terraform 1.14 and later) next to
# a configuration that configures the vbs provider. Add
# -generate-config-out=generated.tf to write import and resource blocks for
# what it finds.
list "vbs_backup_share" "nightly_db" {
  provider = vbs

  config {
    backup_id = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  }
}

list "vbs_backup_share" "everything_shared" {
  provider         = vbs
  include_resource = true
}
