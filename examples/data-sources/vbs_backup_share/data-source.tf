# A share by its id.
data "vbs_backup_share" "by_id" {
  id = "e842bf23-1e05-4c2c-b0f9-25222f4686da"
}

# The share of a backup with one particular project.
data "vbs_backup_share" "by_backup" {
  backup_id     = "066b1e37-9305-4057-97e5-2e99b21fc71d"
  to_project_id = "722513ed0a324dadaabe5b2d0fe848a9"
}

output "shared_backup" {
  value = {
    name       = data.vbs_backup_share.by_id.backup.name
    size_gb    = data.vbs_backup_share.by_id.backup.size
    shared_at  = data.vbs_backup_share.by_id.created_at
    shared_to  = data.vbs_backup_share.by_id.to_project_id
    by_backup  = data.vbs_backup_share.by_backup.id
    never_edit = data.vbs_backup_share.by_backup.updated_at == null
  }
}
