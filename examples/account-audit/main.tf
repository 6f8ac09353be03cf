# One check across every project of the account: no backup of ours is shared
# outside our own projects. vbs_projects lists the projects the credentials
# reach, so a project added tomorrow is checked without an edit; each
# vbs_backup_shares reads one project's outgoing shares with the same
# credentials (a password signs in once per project, an access key signs
# each request for its project). Run `terraform plan` in CI: a share outside
# the account fails the plan, naming the project, the share and the
# recipient. tests/account.tftest.hcl runs the check with `terraform test`.

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

output "shares_per_project" {
  description = "How many shares each project has made, by project name."
  value       = { for id, d in data.vbs_backup_shares.outgoing : local.projects[id].name => length(d.shares) }
}

# What the audit did not read is said, never silent: projects IAM lists
# disabled (they cannot be signed in to) and any whose ID is not a project
# ID. (Projects left out for having no VBS, or no region, have no VBS
# shares to read.) A warning on every plan; make it a postcondition on
# data.vbs_projects.account to fail instead.
locals {
  not_audited = [for p in data.vbs_projects.account.excluded : p if !contains(["vbs", "region"], p.reason)]
}

check "every_project_is_audited" {
  assert {
    condition = length(local.not_audited) == 0
    error_message = format("Not audited: %s.", join(", ", [
      for p in local.not_audited : format("%q (%s, %s)", coalesce(p.name, "?"), p.id, p.reason)
    ]))
  }
}
