# Share the nightly database backup with every project that restores from it.
variable "restore_projects" {
  description = "IDs of the projects that receive the backup."
  type        = set(string)
  default = [
    "722513ed0a324dadaabe5b2d0fe848a9",
    "722513ed0a324dadaabe5b2d0fe848b9",
  ]
}

resource "vbs_backup_share" "nightly_db" {
  for_each = var.restore_projects

  backup_id     = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  to_project_id = each.value
}

output "share_ids" {
  value = { for project, share in vbs_backup_share.nightly_db : project => share.id }
}
