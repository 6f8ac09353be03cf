# Share a CBR backup with two projects of the same region: one member each,
# pending until the recipient accepts it.
resource "vbs_cbr_backup_share" "db" {
  for_each = toset([
    "722513ed0a324dadaabe5b2d0fe848b9",
    "722513ed0a324dadaabe5b2d0fe848c9",
  ])

  backup_id       = "0b07081e-3ec7-4e77-8571-54e2947da422"
  dest_project_id = each.key
}

output "db_share_status" {
  value = { for project, s in vbs_cbr_backup_share.db : project => s.status }
}
