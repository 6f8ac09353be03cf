// Package vbs is the client core of the vbs provider: it resolves
// credentials into an authenticated gophercloud provider client, finds the
// endpoints of the services the provider reads (the Volume Backup Service,
// and Cloud Backup and Recovery through Client.CBR) explicitly given or from
// the service catalog, and owns the HTTP transport every request goes
// through (TLS, redirects, retries, pace, logging, redaction, and the seam
// where request signing plugs in). It also holds what every service package
// shares: the error type (Error), the field-table type (Field) and response
// bounds. The service packages, shares (VBS) and members (CBR), stand on it
// and never on each other; it imports none of them. The name is the
// provider's: a rename to a service-neutral one would touch every file for
// no change in meaning.
package vbs
