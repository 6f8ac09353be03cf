# By the backup and the project it is shared with, as the OTC share
# resource's users know their shares.
import {
  to = vbs_backup_share.nightly_db_dr
  id = "5d0f7a4e-1b1c-4a59-9d36-6a3f1e0b2c11/722513ed0a324dadaabe5b2d0fe848b9"
}
