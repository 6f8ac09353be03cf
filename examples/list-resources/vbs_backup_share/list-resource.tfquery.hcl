# list-resource.tfquery.hcl: run `terraform query` (Terraform 1.14 and later) next to
# a configuration that configures the vbs provider. Add
# -generate-config-out=generated.tf to write an import block and a resource
# block for each share it finds.

# Every share this project made, with its attributes.
list "vbs_backup_share" "all" {
  provider         = vbs
  include_resource = true
}

# To import the shares of one backup only, narrow the list instead of adding
# a second block: two list blocks that find the same share write two import
# blocks for it, and the plan then fails.
#
# list "vbs_backup_share" "nightly_db" {
#   provider = vbs
#   config {
#     backup_id = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
#   }
# }
