package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestTakeUsage: the wrapper's lines are read back as written, the file is
// removed for the next run, and the reader is the process that used the
// most CPU, user and system time together.
func TestTakeUsage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "usage")
	written := []usage{
		{peakRSSKiB: 20_000, user: 60 * time.Millisecond, sys: 20 * time.Millisecond},
		{peakRSSKiB: 58_000, user: 200 * time.Millisecond, sys: 5 * time.Millisecond},
		{peakRSSKiB: 30_000, user: 100 * time.Millisecond, sys: 150 * time.Millisecond},
	}
	var text string
	for _, u := range written {
		text += u.line() + "\n"
	}
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := takeUsage(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(written) {
		t.Fatalf("read %d lines, wrote %d", len(got), len(written))
	}
	for i := range got {
		if got[i] != written[i] {
			t.Errorf("line %d: read %+v, wrote %+v", i, got[i], written[i])
		}
	}
	if r := reader(got); r != written[2] {
		t.Errorf("the reader is %+v, want the process of 250 ms", r)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("the usage file is still there: %v", err)
	}
	if _, err := takeUsage(path); err == nil {
		t.Error("a run that recorded nothing gave no error")
	}
}
