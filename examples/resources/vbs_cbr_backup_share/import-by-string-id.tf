import {
  to = vbs_cbr_backup_share.db
  id = "0b07081e-3ec7-4e77-8571-54e2947da422/722513ed0a324dadaabe5b2d0fe848a9"
}
