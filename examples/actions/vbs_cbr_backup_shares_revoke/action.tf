# A CBR backup was shared by mistake: end every share of it.
#   terraform apply -invoke=action.vbs_cbr_backup_shares_revoke.mistake
action "vbs_cbr_backup_shares_revoke" "mistake" {
  config {
    backup_id = "17c9acd8-3af3-4401-bab9-ff1cfac15561"
    # Only some projects instead:
    # dest_project_ids = ["722513ed0a324dadaabe5b2d0fe848b9"]
  }
}
