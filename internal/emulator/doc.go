/*
Package emulator is a local stand-in for IAM and the VBS backup-sharing API,
built from the published API reference and its two seed pages (kept with the
project's planning material, outside this repository), not from our client:
when the two disagree, the client is wrong.

It serves over real HTTP (httptest in tests, a loopback port for make demo):

  - IAM: POST /v3/auth/tokens (password and token methods, project scope by id
    or by name) answering 201 with X-Subject-Token and a catalog with a
    "volumev2" (EVS) entry and, unless Options.CatalogWithoutVBS, a "vbsv2"
    entry pointing back at the emulator; GET /v3/projects for AK/SK users.
  - VBS: the five sharing operations under /v2/{project_id}/, with every
    filter (both spellings of the availability-zone parameter), sort
    validation, limit/offset paging capped at a maximum page size, optional
    "shared_links", project isolation, the service's error shapes, and AK/SK
    verification as the API gateway does it.

Its own types are written here on purpose, not borrowed from the client.

Two kinds of knob change its behaviour. Faults (InjectFaults,
SetRandomFaults) make single requests fail: statuses, dropped connections,
malformed, truncated, huge, endless or stalled bodies, latency spikes.
Variations (Options.Vary) make it behave the way other servers written from
the same documents, and the gateways in front of them, behave all the time:
other content types, compressed bodies, a wrong or failing count, limit or
offset ignored, next links to internal hosts, redirects, data that moves
while it is read, and looser number and timestamp encodings. Every way a
server was seen to differ from the emulator becomes a variation, so that the
client's tolerance of it stays tested.
*/
package emulator
