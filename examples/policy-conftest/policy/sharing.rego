# Nothing is shared outside data.allowed_projects, VBS or CBR: neither the
# shares that exist (read by vbs_backup_shares and vbs_cbr_backup_shares
# while planning) nor the shares the plan would create. Input: `terraform
# show -json` of a saved plan.
package main

import rego.v1

allowed(project) if project in data.allowed_projects

# Every resource of the plan's prior state, in any module.
state_resources contains r if {
	walk(input.prior_state.values.root_module, [_, r])
	is_object(r)
	r.mode
	r.address
}

# Outgoing shares read while planning: vbs_backup_shares without
# share_to_me (which lists what others share with this project).
deny contains msg if {
	some r in state_resources
	r.mode == "data"
	r.type == "vbs_backup_shares"
	not r.values.share_to_me == true # null (unset) and false: outgoing
	some s in r.values.shares
	not allowed(s.to_project_id)
	msg := sprintf("%s: backup %s is shared with project %s, outside the allowed projects (share %s)", [r.address, s.backup_id, s.to_project_id, s.id])
}

# Outgoing CBR shares (members of this project's backups) read while
# planning: vbs_cbr_backup_shares without own_type = "shared".
deny contains msg if {
	some r in state_resources
	r.mode == "data"
	r.type == "vbs_cbr_backup_shares"
	not r.values.own_type == "shared" # null (unset) and "private": outgoing
	some s in r.values.shares
	not allowed(s.dest_project_id)
	msg := sprintf("%s: CBR backup %s is shared with project %s, outside the allowed projects (%s)", [r.address, s.backup_id, s.dest_project_id, s.status])
}

# A data source read only at apply time (it depends on something the plan
# changes): its shares are unknown, so the rule cannot hold yet.
deny contains msg if {
	some rc in input.resource_changes
	rc.mode == "data"
	rc.type in {"vbs_backup_shares", "vbs_cbr_backup_shares"}
	"read" in rc.change.actions
	rc.change.after_unknown.shares
	msg := sprintf("%s is read only when the plan is applied, so its shares cannot be checked; remove what defers the read (depends_on, unknown arguments)", [rc.address])
}

# Shares the plan would create (or replace).
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "vbs_backup_share"
	"create" in rc.change.actions
	not rc.change.after_unknown.to_project_id
	not allowed(rc.change.after.to_project_id)
	msg := sprintf("%s would share backup %s with project %s, outside the allowed projects", [rc.address, rc.change.after.backup_id, rc.change.after.to_project_id])
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "vbs_backup_share"
	"create" in rc.change.actions
	rc.change.after_unknown.to_project_id
	msg := sprintf("%s would share a backup with a project known only at apply time, so it cannot be checked", [rc.address])
}

# CBR shares the plan would make (or replace).
deny contains msg if {
	some rc in input.resource_changes
	rc.type == "vbs_cbr_backup_share"
	"create" in rc.change.actions
	not rc.change.after_unknown.dest_project_id
	not allowed(rc.change.after.dest_project_id)
	msg := sprintf("%s would share CBR backup %s with project %s, outside the allowed projects", [rc.address, rc.change.after.backup_id, rc.change.after.dest_project_id])
}

deny contains msg if {
	some rc in input.resource_changes
	rc.type == "vbs_cbr_backup_share"
	"create" in rc.change.actions
	rc.change.after_unknown.dest_project_id
	msg := sprintf("%s would share a CBR backup with a project known only at apply time, so it cannot be checked", [rc.address])
}
