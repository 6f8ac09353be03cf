package vbs

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTruncateKeepsCharactersWhole(t *testing.T) {
	s := strings.Repeat("é", 150) // 2 bytes each: a cut at 200 bytes falls on a boundary, at 201 inside
	for _, n := range []int{199, 200, 201} {
		if got := Truncate(s, n); !utf8.ValidString(got) {
			t.Errorf("Truncate(…, %d) cut a character: %q", n, got[len(got)-8:])
		}
	}
}
