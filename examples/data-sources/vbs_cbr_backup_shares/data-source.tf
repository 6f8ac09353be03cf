# Every member of this project's CBR backups: who each backup is shared
# with, and whether they accepted it.
data "vbs_cbr_backup_shares" "outgoing" {}

# Open invitations: backups other projects share with this one that it
# has not accepted or rejected yet.
data "vbs_cbr_backup_shares" "invitations" {
  own_type      = "shared"
  member_status = "pending"
}

output "outgoing_share_ids" {
  value = data.vbs_cbr_backup_shares.outgoing.ids
}

output "shared_with" {
  value = { for s in data.vbs_cbr_backup_shares.outgoing.shares : s.id => "${s.backup.name} -> ${s.dest_project_id} (${s.status})" }
}

output "invitations" {
  value = { for s in data.vbs_cbr_backup_shares.invitations.shares : s.backup_id => "${s.backup.name} from ${s.source_project_id}" }
}
