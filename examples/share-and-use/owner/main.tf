# The owner's configuration: the project that made the backup shares it.
terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {} # credentials of the owning project, from the environment

variable "recipient_project_id" {
  description = "ID of the project that restores from the backup."
  type        = string
}

resource "vbs_backup_share" "nightly_db" {
  backup_id     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  to_project_id = var.recipient_project_id
}

output "share_id" {
  value = vbs_backup_share.nightly_db.id
}
