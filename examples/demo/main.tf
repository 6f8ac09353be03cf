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
