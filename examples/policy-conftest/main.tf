# Policy checks on the plan's JSON with conftest (OPA): the rules live in
# policy/, outside Terraform, and see both what is shared now (read by the
# data source while planning) and what the plan would share. The pipeline:
#
#   terraform plan -input=false -out=plan.tfplan
#   terraform show -json plan.tfplan > plan.json
#   conftest test plan.json --policy policy --data policy/allowed_projects.json
#
# conftest exits 1 and prints each share outside the allowed projects.

# Every share this project has made, VBS and CBR.
data "vbs_backup_shares" "outgoing" {}
data "vbs_cbr_backup_shares" "outgoing" {}

variable "backup_id" {
  description = "The backup to share with share_with's projects."
  type        = string
  default     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
}

variable "share_with" {
  description = "Projects to share backup_id with: shares this plan would create."
  type        = set(string)
  default     = []
}

resource "vbs_backup_share" "planned" {
  for_each = var.share_with

  backup_id     = var.backup_id
  to_project_id = each.value
}
