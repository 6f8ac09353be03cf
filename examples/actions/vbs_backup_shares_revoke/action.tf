# A backup was shared by mistake: cancel every share of it.
#   terraform apply -invoke=action.vbs_backup_shares_revoke.mistake
action "vbs_backup_shares_revoke" "mistake" {
  config {
    backup_id = "066b1e37-9305-4057-97e5-2e99b21fc71d"
    # Only some projects instead:
    # to_project_ids = ["722513ed0a324dadaabe5b2d0fe848b9"]
  }
}
