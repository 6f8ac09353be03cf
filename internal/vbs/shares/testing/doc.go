// Package testing holds the shares client's tests: against the exact JSON of
// the seed documents, against hand-made error and hostile answers, and
// against the emulator for filters and paging.
package testing
