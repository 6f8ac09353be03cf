# From opentelekomcloud_vbs_backup_share_v2 (one resource, a list of
# projects) to vbs_backup_share (one resource per project), keeping the
# shares: import blocks take each existing share into state by
# <backup_id>/<to_project_id>, and the plan shares nothing anew.
# for_each in import blocks needs Terraform 1.7 or later.
terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {}

variable "backup_id" {
  description = "The backup the OTC resource shared (its backup_id)."
  type        = string
  default     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
}

variable "to_project_ids" {
  description = "The projects it was shared with (its to_project_ids)."
  type        = set(string)
  default     = ["722513ed0a324dadaabe5b2d0fe848a9", "722513ed0a324dadaabe5b2d0fe848b9"]
}

resource "vbs_backup_share" "nightly" {
  for_each      = var.to_project_ids
  backup_id     = var.backup_id
  to_project_id = each.value
}

import {
  for_each = var.to_project_ids
  to       = vbs_backup_share.nightly[each.value]
  id       = "${var.backup_id}/${each.value}"
}
