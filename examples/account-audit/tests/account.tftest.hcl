# The account-wide check with `terraform test` (or `tofu test`). In this
# repository `make test` runs it against the emulator's sample account: six
# projects in two regions, whose VBS and CBR shares all stay inside the
# account, and one CBR share pending since 2020.

run "nothing_is_shared_outside_the_account" {
  command = plan

  variables {
    max_pending_days = 100000
  }

  # The postcondition of every project's vbs_backup_shares is the check; a
  # share outside the account fails this run with the postcondition's message.
  assert {
    condition     = length(data.vbs_backup_shares.outgoing) == length(data.vbs_projects.account.projects)
    error_message = "Every project of the account is read."
  }

  assert {
    condition     = length(data.vbs_cbr_backup_shares.outgoing) == length(data.vbs_projects.everywhere.projects)
    error_message = "Every project's CBR shares are read."
  }
}

run "an_invitation_pending_too_long_is_reported" {
  command = plan

  expect_failures = [check.no_stale_invitations]
}
