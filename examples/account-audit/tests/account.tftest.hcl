# The account-wide check with `terraform test` (or `tofu test`). In this
# repository `make test` runs it against the emulator's sample account: six
# projects in two regions, whose shares all stay inside the account.

run "nothing_is_shared_outside_the_account" {
  command = plan

  # The postcondition of every project's vbs_backup_shares is the check; a
  # share outside the account fails this run with the postcondition's message.
  assert {
    condition     = length(data.vbs_backup_shares.outgoing) == length(data.vbs_projects.account.projects)
    error_message = "Every project of the account is read."
  }
}
