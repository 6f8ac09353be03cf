/*
Package emulator is a local stand-in for IAM and the VBS backup-sharing API,
built from the API reference (shared/api/vbs-backup-sharing.md and the seed
pages), not from our client: when the two disagree, the client is wrong.

It serves over real HTTP (httptest in tests, a loopback port for make demo):

  - IAM: POST /v3/auth/tokens (password and token methods, project scope by id
    or by name) answering 201 with X-Subject-Token and a catalog whose
    "vbsv2" entry points back at the emulator.
  - VBS: the five sharing operations under /v2/{project_id}/, with every
    filter (both spellings of the availability-zone parameter), sort
    validation, limit/offset paging capped at a maximum page size, optional
    "shared_links", project isolation, and the service's error shapes.

Its own types are written here on purpose, not borrowed from the client.
Knobs (Options, InjectFaults) let tests add latency, shrink pages, drop links
and inject faults.
*/
package emulator
