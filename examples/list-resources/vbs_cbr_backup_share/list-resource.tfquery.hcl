# Every share of this project's CBR backups, with its attributes:
#   terraform query -generate-config-out=generated.tf
list "vbs_cbr_backup_share" "all" {
  provider         = vbs
  include_resource = true
}
