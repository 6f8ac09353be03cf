/*
Package shares is a client for the backup-sharing extension of the Volume Backup
Service (VBS): list (detail), count, get, create and delete shares, in the shape
of gophercloud's own service packages (requests.go, results.go, urls.go,
testing/). Like a gophercloud service package it depends on the core
(internal/vbs: response bounds, request ids, error bodies) and never the
reverse.

It differs from a generated gophercloud package in deliberate ways:

  - Every operation returns its value and an error (Get returns *Share,
    Delete only an error), not gophercloud's Result types with Extract
    methods. Results here are decoded once, from a bounded body, into typed
    structs, and every failure is one *Error naming the operation, status,
    service code and request id; a Result type would only defer that to a
    second call the caller could forget, so the package has none.
  - Optional fields of the API are pointers, so JSON null and a missing field
    stay distinct from zero values all the way into Terraform state.
  - Listing everything (pager.go) reads until the service shows the end of
    the list, uses count only as a hint, and reads again when the data moves,
    because the service may return short pages without any link element.
  - Reading is tolerant where the meaning is unambiguous (any Content-Type,
    integers written as 1.0, empty timestamps) and exact where it is not.
*/
package shares
