# A share is imported by its ID.
terraform import vbs_backup_share.nightly_db 8332443e-9866-41d8-8a58-a898cf5db030

# Or by <backup_id>/<to_project_id>.
terraform import vbs_backup_share.nightly_db_dr 5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11/722513ed0a324dadaabe5b2d0fe848b9
