# Every enabled project the credentials reach, and each one's outgoing
# shares: a project added later is read without an edit.
data "vbs_projects" "account" {
  enabled = true
}

data "vbs_backup_shares" "outgoing" {
  for_each = { for p in data.vbs_projects.account.projects : p.id => p }

  project_id = each.key
  region     = each.value.region
}

# Only the projects of one region whose name marks them for production.
data "vbs_projects" "production" {
  region     = "eu-de"
  name_regex = "_prod"
}
