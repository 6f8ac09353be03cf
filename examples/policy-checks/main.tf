# Policy checks for IaC pipelines, over VBS shares and CBR shares (members)
# together. Run `terraform plan` in CI: a violated postcondition fails the
# plan; a failed check block is reported as a warning.
# The provider block is in providers.tf, the required provider in
# versions.tf; tests/policy.tftest.hcl tests the rules with `terraform test`.

variable "allowed_projects" {
  description = "Projects this project may share backups with."
  type        = set(string)
}

variable "max_share_age_days" {
  description = "Shares older than this are reported."
  type        = number
  default     = 90
}

# Hard rule: nothing is shared outside the allow-list.
data "vbs_backup_shares" "outgoing" {
  lifecycle {
    postcondition {
      condition = alltrue([for s in self.shares : contains(var.allowed_projects, s.to_project_id)])
      error_message = format("Backups are shared outside the allowed projects: %s.", join(", ", [
        for s in self.shares : "backup ${s.backup_id} to ${s.to_project_id} (share ${s.id})"
        if !contains(var.allowed_projects, s.to_project_id)
      ]))
    }
  }
}

variable "max_pending_days" {
  description = "CBR invitations (members still pending) older than this are reported."
  type        = number
  default     = 7
}

# Hard rule, CBR: no backup is shared outside the allow-list either.
data "vbs_cbr_backup_shares" "outgoing" {
  lifecycle {
    postcondition {
      condition = alltrue([for s in self.shares : contains(var.allowed_projects, s.dest_project_id)])
      error_message = format("CBR backups are shared outside the allowed projects: %s.", join(", ", [
        for s in self.shares : "backup ${s.backup_id} to ${s.dest_project_id} (${s.status})"
        if !contains(var.allowed_projects, s.dest_project_id)
      ]))
    }
  }
}

# Soft rule, CBR: no invitation waits longer than max_pending_days. A
# member without created_at counts as old: unknown is never "recent".
locals {
  stale_invitations = [
    for s in data.vbs_cbr_backup_shares.outgoing.shares : s
    if s.status == "pending" && (s.created_at == null ? true : timecmp(s.created_at, timeadd(plantimestamp(), "-${var.max_pending_days * 24}h")) < 0)
  ]
}

check "no_stale_invitations" {
  assert {
    condition = length(local.stale_invitations) == 0
    error_message = format("CBR shares pending for more than %d days: %s.", var.max_pending_days, join(", ", [
      for s in local.stale_invitations : "${s.id} (since ${coalesce(s.created_at, "an unknown time")})"
    ]))
  }
}

# Soft rule: no share older than max_share_age_days.
check "no_stale_shares" {
  assert {
    condition = alltrue([
      for s in data.vbs_backup_shares.outgoing.shares :
      timecmp(s.created_at, timeadd(plantimestamp(), "-${var.max_share_age_days * 24}h")) >= 0
    ])
    error_message = format("Shares older than %d days: %s.", var.max_share_age_days, join(", ", [
      for s in data.vbs_backup_shares.outgoing.shares : "${s.id} (${s.created_at})"
      if timecmp(s.created_at, timeadd(plantimestamp(), "-${var.max_share_age_days * 24}h")) < 0
    ]))
  }
}

output "shared_with" {
  value = distinct([for s in data.vbs_backup_shares.outgoing.shares : s.to_project_id])
}

output "cbr_shared_with" {
  value = distinct([for s in data.vbs_cbr_backup_shares.outgoing.shares : s.dest_project_id])
}
