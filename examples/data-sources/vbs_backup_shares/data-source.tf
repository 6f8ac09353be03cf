# Every backup this project shares with others.
data "vbs_backup_shares" "outgoing" {}

# Backups other projects share with this one, that are ready to restore.
data "vbs_backup_shares" "incoming" {
  share_to_me = true
  status      = "available"
}

# One page, largest backups first.
data "vbs_backup_shares" "largest" {
  sort_key = "size"
  sort_dir = "desc"
  limit    = 10
}

output "outgoing_share_ids" {
  value = data.vbs_backup_shares.outgoing.ids
}

output "incoming_backups" {
  value = { for s in data.vbs_backup_shares.incoming.shares : s.id => "${s.backup.name} from ${s.from_project_id}" }
}
