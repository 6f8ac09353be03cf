# A share is imported by its ID.
terraform import vbs_backup_share.nightly_db 8332443e-9866-41d8-8a58-a898cf5db030
