// Package vbs builds an authenticated gophercloud service client for the
// Volume Backup Service: it resolves credentials into a provider client,
// finds the VBS endpoint (explicitly given, or from the service catalog), and
// owns the HTTP transport every request goes through (TLS, logging, and the
// seam where request signing plugs in).
package vbs
