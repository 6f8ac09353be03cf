/*
Package shares is a client for the backup-sharing extension of the Volume Backup
Service (VBS): list (detail), count, get, create and delete shares, in the shape
of gophercloud's own service packages (requests.go, results.go, urls.go).

It differs from a generated gophercloud package in three deliberate ways:

  - Optional fields of the API are pointers, so JSON null and a missing field
    stay distinct from zero values all the way into Terraform state.
  - Listing everything uses the count operation to know when it is done,
    because the service may return short pages without any link element.
  - Response bodies are decoded straight into typed structs from a bounded
    reader, once, instead of through an intermediate map.
*/
package shares
