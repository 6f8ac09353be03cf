package sharestate

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vbsteam/terraform-provider-vbs/internal/sharestate/sharestatetest"
	"github.com/vbsteam/terraform-provider-vbs/internal/vbs/shares"
)

// TestStateSizeIsAnUpperBound: the measuring pass that sizes the state's
// buffer never says less than the encoding takes, so the buffer is
// allocated once (long strings and every kind of value included).
func TestStateSizeIsAnUpperBound(t *testing.T) {
	list := append(sharestatetest.Synthetic(t, 40), sharestatetest.Random(300)...)
	long := strings.Repeat("ä", 70_000)
	list = append(list, shares.Share{ID: long, Backup: &shares.Backup{Description: &long}})
	size := &stateWriter{measure: true}
	size.shares(list)
	size.ids(list)
	var buf bytes.Buffer
	w := newStateWriter(&buf)
	w.shares(list)
	w.ids(list)
	if w.err != nil {
		t.Fatal(w.err)
	}
	if size.size < buf.Len() {
		t.Fatalf("measured %d bytes, the encoding takes %d", size.size, buf.Len())
	}
	t.Logf("measured %d bytes for %d encoded", size.size, buf.Len())
}
