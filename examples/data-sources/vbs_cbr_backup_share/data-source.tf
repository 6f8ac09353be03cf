# One share of a CBR backup, by <backup_id>/<dest_project_id>.
data "vbs_cbr_backup_share" "db" {
  id = "17c9acd8-3af3-4401-bab9-ff1cfac15561/722513ed0a324dadaabe5b2d0fe848b9"
}

output "db_backup_share" {
  value = {
    backup      = data.vbs_cbr_backup_share.db.backup.name
    status      = data.vbs_cbr_backup_share.db.status
    their_vault = data.vbs_cbr_backup_share.db.vault_id
  }
}
