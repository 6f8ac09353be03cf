import {
  to = vbs_backup_share.nightly_db
  id = "8332443e-9866-41d8-8a58-a898cf5db030"
}
