# The receiving project accepts a CBR backup shared with it into one of its
# vaults. project_id names the receiving project; the provider's
# credentials serve it as they serve the provider's own.
resource "vbs_cbr_backup_share_acceptance" "db" {
  project_id = "722513ed0a324dadaabe5b2d0fe848a9"
  backup_id  = "0b07081e-3ec7-4e77-8571-54e2947da422"
  status     = "accepted"
  vault_id   = "7e9a1c3d-5f7b-4d9f-b1d3-5f7b9d1f3b5d"
}

output "accepted_from" {
  value = vbs_cbr_backup_share_acceptance.db.source_project_id
}
