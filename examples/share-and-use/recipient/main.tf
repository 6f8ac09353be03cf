# The recipient's configuration: the project the backup is shared with finds
# it by backup ID among the backups shared with it, and uses its attributes.
terraform {
  required_providers {
    vbs = { source = "vbsteam/vbs" }
  }
}

provider "vbs" {} # credentials of the receiving project, from the environment

data "vbs_backup_share" "nightly_db" {
  backup_id   = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11"
  share_to_me = true
}

output "restore_from" {
  value = {
    backup_id   = data.vbs_backup_share.nightly_db.backup_id
    volume_id   = data.vbs_backup_share.nightly_db.backup.volume_id
    size_gb     = data.vbs_backup_share.nightly_db.backup.size
    shared_by   = data.vbs_backup_share.nightly_db.from_project_id
    backup_name = data.vbs_backup_share.nightly_db.backup.name
  }
}
