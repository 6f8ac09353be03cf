// Package members is Cloud Backup and Recovery's (CBR) backup sharing: the
// members a backup is shared with (POST, GET, PUT, DELETE
// /v3/{project_id}/backups/{backup_id}/members[/{member_id}]) and the
// backup list that shows each side what is shared
// (../shared/api/cbr-backup-sharing.md). It is shaped like gophercloud's
// service packages and the shares package beside it: requests.go builds
// and sends, results.go reads, urls.go names the paths, fields.go is the
// one table per object, audit.go reads every member of a project's
// backups, and testing/ holds the tests against the emulator.
//
// Where the reference leaves an answer open, both are read: members whose
// keys are absent, null or "" (no value); timestamps with microseconds and
// no zone or with milliseconds and an offset; a POST answer that lists only
// the new members or all of them (it is never used as the state: the
// member is read back); a member list that pages or does not.
package members
