# An answer is imported by the backup's ID (in the provider's project).
terraform import vbs_cbr_backup_share_acceptance.db 0b07081e-3ec7-4e77-8571-54e2947da422
