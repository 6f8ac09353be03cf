# Tests of the two rules with `terraform test` (or `tofu test`). They plan
# against whatever the provider is configured for; in this repository
# `make test` runs them against the emulator's sample data: three VBS shares
# made in 2017, to the projects ending in a9, b9 and c9, and two CBR shares,
# accepted by b9 and pending for a9 since 2020. Adapt the values to your own
# data when you copy the example.

variables {
  allowed_projects = [
    "722513ed0a324dadaabe5b2d0fe848a9",
    "722513ed0a324dadaabe5b2d0fe848b9",
    "722513ed0a324dadaabe5b2d0fe848c9",
  ]
  max_share_age_days = 100000
  max_pending_days   = 100000
}

run "shares_within_the_allow_list_pass" {
  command = plan

  assert {
    condition     = length(output.shared_with) == 3
    error_message = "Expected shares to three projects, got ${jsonencode(output.shared_with)}."
  }

  assert {
    condition     = length(output.cbr_shared_with) == 2
    error_message = "Expected CBR shares to two projects, got ${jsonencode(output.cbr_shared_with)}."
  }
}

run "a_share_outside_the_allow_list_fails_the_plan" {
  command = plan

  variables {
    allowed_projects = ["722513ed0a324dadaabe5b2d0fe848b9"]
  }

  expect_failures = [data.vbs_backup_shares.outgoing, data.vbs_cbr_backup_shares.outgoing]
}

run "a_cbr_share_outside_the_allow_list_fails_the_plan" {
  command = plan

  variables {
    allowed_projects = [
      "722513ed0a324dadaabe5b2d0fe848a9",
      "722513ed0a324dadaabe5b2d0fe848c9",
    ]
  }

  # b9 holds a VBS share and the accepted CBR share.
  expect_failures = [data.vbs_backup_shares.outgoing, data.vbs_cbr_backup_shares.outgoing]
}

run "invitations_pending_too_long_are_reported" {
  command = plan

  variables {
    max_pending_days = 7
  }

  expect_failures = [check.no_stale_invitations]
}

run "shares_older_than_the_limit_are_reported" {
  command = plan

  variables {
    max_share_age_days = 90
  }

  expect_failures = [check.no_stale_shares]
}
