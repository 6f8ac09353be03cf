// Package testing holds the members package's tests, as gophercloud keeps
// them: against the emulator, over HTTP on loopback.
package testing
