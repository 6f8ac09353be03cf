# One check across every project of the account: no backup of ours, VBS or
# CBR, is shared outside our own projects, and no CBR invitation waits longer
# than max_pending_days. vbs_projects lists the projects the credentials
# reach, so a project added tomorrow is checked without an edit; each
# vbs_backup_shares reads one project's outgoing shares with the same
# credentials (a password signs in once per project, an access key signs
# each request for its project). Run `terraform plan` in CI: a share outside
# the account fails the plan, naming the project, the share and the
# recipient. tests/account.tftest.hcl runs the check with `terraform test`.

variable "max_pending_days" {
  description = "CBR shares still pending after this many days are reported."
  type        = number
  default     = 7
}

data "vbs_projects" "account" {
  # Disabled projects cannot be signed in to.
  enabled = true
  # Only projects whose region offers VBS (a Huawei Cloud account has a
  # project in every region, and MOS with none): the others are listed in
  # excluded, and the check block below names them.
  vbs_only = true
}

locals {
  projects = { for p in data.vbs_projects.account.projects : p.id => p }
}

data "vbs_backup_shares" "outgoing" {
  for_each = local.projects

  project_id = each.key
  region     = each.value.region

  lifecycle {
    postcondition {
      condition = alltrue([for s in self.shares : contains(keys(local.projects), s.to_project_id)])
      error_message = format("Project %s (%s) shares backups outside the account: %s.", each.value.name, each.key, join(", ", [
        for s in self.shares : "backup ${s.backup_id} with project ${s.to_project_id} (share ${s.id})"
        if !contains(keys(local.projects), s.to_project_id)
      ]))
    }
  }
}

# CBR is read in every enabled project with a region, whether or not its
# region offers VBS: an account that moved to CBR, or half of it, has its
# shares there. Our projects are all those IAM lists.
data "vbs_projects" "everywhere" {
  enabled = true
}

locals {
  ours         = toset([for p in data.vbs_projects.everywhere.projects : p.id])
  cbr_projects = { for p in data.vbs_projects.everywhere.projects : p.id => p if p.region != null }
}

data "vbs_cbr_backup_shares" "outgoing" {
  for_each = local.cbr_projects

  project_id = each.key
  region     = each.value.region

  lifecycle {
    postcondition {
      condition = alltrue([for s in self.shares : contains(local.ours, s.dest_project_id)])
      error_message = format("Project %s (%s) shares CBR backups outside the account: %s.", each.value.name, each.key, join(", ", [
        for s in self.shares : "backup ${s.backup_id} with project ${s.dest_project_id} (${s.status})"
        if !contains(local.ours, s.dest_project_id)
      ]))
    }
  }
}

# A member without created_at counts as old: unknown is never "recent".
locals {
  stale_invitations = flatten([
    for id, d in data.vbs_cbr_backup_shares.outgoing : [
      for s in d.shares : "${local.cbr_projects[id].name}: ${s.id} since ${coalesce(s.created_at, "an unknown time")}"
      if s.status == "pending" && (s.created_at == null ? true : timecmp(s.created_at, timeadd(plantimestamp(), "-${var.max_pending_days * 24}h")) < 0)
    ]
  ])
}

check "no_stale_invitations" {
  assert {
    condition     = length(local.stale_invitations) == 0
    error_message = format("CBR shares pending for more than %d days: %s.", var.max_pending_days, join(", ", local.stale_invitations))
  }
}

output "shares_per_project" {
  description = "How many shares each project has made, VBS and CBR, by project name."
  value = {
    vbs = { for id, d in data.vbs_backup_shares.outgoing : local.projects[id].name => length(d.shares) }
    cbr = { for id, d in data.vbs_cbr_backup_shares.outgoing : local.cbr_projects[id].name => length(d.shares) }
  }
}

# What the audit did not read is said, never silent: projects IAM lists
# disabled (they cannot be signed in to), any whose ID is not a project ID,
# and projects without a region, where CBR cannot be read. (Projects left out
# of the VBS reads for having no VBS, or no region, have no VBS shares.) A warning on every plan; make it a postcondition on
# data.vbs_projects.account to fail instead.
locals {
  not_audited = concat(
    [for p in data.vbs_projects.account.excluded : p if !contains(["vbs", "region"], p.reason)],
    # CBR needs a region to be read in.
    [for p in data.vbs_projects.everywhere.projects : { name = p.name, id = p.id, reason = "no region for CBR" } if p.region == null],
  )
}

check "every_project_is_audited" {
  assert {
    condition = length(local.not_audited) == 0
    error_message = format("Not audited: %s.", join(", ", [
      for p in local.not_audited : format("%q (%s, %s)", coalesce(p.name, "?"), p.id, p.reason)
    ]))
  }
}
