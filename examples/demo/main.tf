# What `make demo` runs against the emulator; the provider comes from the
# environment (make demo sets OS_AUTH_URL, OS_USERNAME and the rest).

terraform {
  required_providers {
    vbs = {
      source = "vbsteam/vbs"
    }
  }
}

data "vbs_backup_shares" "outgoing" {}

data "vbs_backup_share" "newest" {
  id = data.vbs_backup_shares.outgoing.ids[0]
}

output "shares" {
  value = [
    for s in data.vbs_backup_shares.outgoing.shares : format("%s  backup %-4s (%s, %d GB, %s)  -> project %s  shared %s%s",
      s.id, coalesce(s.backup.name, "-"), s.backup.status, s.backup.size, coalesce(s.backup.availability_zone, "-"),
    s.to_project_id, s.created_at, s.updated_at == null ? "" : ", updated ${s.updated_at}")
  ]
}

output "newest_share_null_fields" {
  value = sort([for k, v in data.vbs_backup_share.newest.backup : k if v == null])
}

# CBR: the members of this project's CBR backups, and what the receivers see.
data "vbs_cbr_backup_shares" "outgoing" {}

data "vbs_cbr_backup_shares" "received_by_a9" {
  project_id = "722513ed0a324dadaabe5b2d0fe848a9"
  own_type   = "shared"
}

output "cbr_shares" {
  value = concat(
    [for s in data.vbs_cbr_backup_shares.outgoing.shares : format("%s  backup %s (%s, %s)  -> project %s  %s%s",
      s.id, coalesce(s.backup.name, "-"), coalesce(s.backup.resource_type, "-"), coalesce(s.backup.status, "-"), s.dest_project_id,
    coalesce(s.status, "status unknown"), s.vault_id == null ? "" : " into vault ${s.vault_id}")],
    [for s in data.vbs_cbr_backup_shares.received_by_a9.shares : format("project %s sees backup %s from project %s: %s",
    s.dest_project_id, coalesce(s.backup.name, s.backup_id), coalesce(s.source_project_id, "?"), coalesce(s.status, "status unknown"))],
  )
}
