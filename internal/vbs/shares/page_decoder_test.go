package shares

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vbsteam/terraform-provider-vbs/internal/vbs"
)

// generatedPage is a list body of the service's own form: n shares with
// every field, some null, descriptions with escaped quotes. (The
// emulator's generator is not used: importing it slows fuzzing here a
// hundredfold, since the fuzzer instruments every package linked.)
func generatedPage(t testing.TB, n int) []byte {
	t.Helper()
	str := func(s string) *string { return &s }
	at := func(i int) *Time { return &Time{Time: time.Date(2024, 1, 1, 0, i%60, i%60, 123456000, time.UTC)} }
	list := make([]Share, n)
	for i := range list {
		size, count, incremental := Integer(1+i%500), Integer(i%100), i%2 == 1
		b := &Backup{AvailabilityZone: str("eu-de-0" + strconv.Itoa(1+i%3)), CreatedAt: at(i), DataTimestamp: at(i + 1), ID: str(fmt.Sprintf("b-%06d", i/2)),
			Name: str(fmt.Sprintf("backup-%06d", i/2)), Size: &size, Status: str("available"), UpdatedAt: at(i + 2), VolumeID: str(fmt.Sprintf("v-%06d", i/10))}
		if i%3 == 0 {
			b.Container, b.Description = str("vbs-container"), str(fmt.Sprintf(`{"DESC":"synthetic %d","INC":%d}`, i, i%2))
			b.IsIncremental, b.ObjectCount, b.SnapshotID = &incremental, &count, str(fmt.Sprintf("s-%06d", i))
		}
		list[i] = Share{
			ID:            fmt.Sprintf("share-%06d", i),
			BackupID:      *b.ID,
			FromProjectID: "p-from",
			ToProjectID:   "p-to-" + strconv.Itoa(i%3),
			CreatedAt:     at(i),
			Backup:        b,
		}
		if i%2 == 0 {
			list[i].UpdatedAt = at(i + 3)
		}
	}
	body, err := json.Marshal(map[string]any{"shared": list})
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// decodeBoth decodes raw with both decoders; fastOK reports whether the
// fast one answered, and then it must agree with the reflective one.
func decodeBoth(t *testing.T, raw []byte) (fastOK bool) {
	t.Helper()
	fast, fastLinks, ok := decodeListBody(raw)
	slow, slowLinks, err := decodeListReflectively(raw, "application/json")
	if !ok {
		return false
	}
	if err != nil {
		t.Fatalf("the fast decoder accepted a body the reflective one refuses (%v):\n%.300s", err, raw)
	}
	for i := range fast {
		fast[i].normalize()
	}
	for i := range slow {
		slow[i].normalize()
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("the decoders disagree on\n%.300s\nfast: %+v\nslow: %+v", raw, fast, slow)
	}
	if len(fastLinks) != len(slowLinks) || (len(fastLinks) > 0 && !reflect.DeepEqual(fastLinks, slowLinks)) {
		t.Fatalf("the decoders disagree on the links of\n%.300s\nfast: %+v\nslow: %+v", raw, fastLinks, slowLinks)
	}
	return true
}

// The service's own form, and the variations gateways and other servers
// make that are still unambiguous, take the fast path; the rest takes the
// reflective one. Either way the result is the same.
func TestPageDecoderAgrees(t *testing.T) {
	if !decodeBoth(t, generatedPage(t, 1000)) {
		t.Fatal("the emulator's own page did not take the fast path")
	}
	share := `{"id": "s1", "backup_id": "b1", "from_project_id": "p1", "to_project_id": "p2", "created_at": "2017-08-08T04:03:27.456859", "updated_at": null, "backup": {"id": "b1", "name": "n", "size": 10, "object_count": null, "is_incremental": true, "has_dependent_backups": false, "created_at": "2017-08-08 04:03:27", "data_timestamp": "", "status": "available", "description": null}}`
	for _, c := range []struct {
		name string
		body string
		fast bool
	}{
		{"the documented shape", `{"shared": [` + share + `]}`, true},
		{"empty list", `{"shared": []}`, true},
		{"null list", `{"shared": null}`, true},
		{"no whitespace", compact(t, `{"shared": [`+share+`]}`), true},
		{"whitespace everywhere", "\r\n { \"shared\" :\t[ " + share + " , " + strings.Replace(share, `"s1"`, `"s2"`, 1) + " ] \n}\n", true},
		{"links", `{"shared": [` + share + `], "shared_links": [{"href": "https://x/y?offset=1", "rel": "next", "extra": 1}, {"href": null, "rel": "self"}]}`, true},
		{"null links", `{"shared": [], "shared_links": null}`, true},
		{"members nobody documents", `{"count": 1, "meta": {"a": [1, {"b": null}], "c": "d"}, "shared": [{"id": "s1", "x": -1.5e3, "y": [true, false, null], "backup": {"id": "b", "tags": {"k": "v"}, "w": "x"}}]}`, true},
		{"escapes and unicode", `{"shared": [{"id": "s\u00e9\"1", "backup": {"description": "line\nbreak \\ \ud83d\ude00 ünïcødé", "name": "日本"}}]}`, true},
		{"deleted fields of create answers", `{"shared": [{"id": "s1", "deleted": false, "deleted_at": null}, {"id": "s2", "deleted": "False", "deleted_at": "2017-08-08T04:03:27"}, {"id": "s3", "deleted": {"a": [1]}}]}`, true},
		{"null plain fields", `{"shared": [{"id": null, "backup_id": null, "from_project_id": null, "to_project_id": null, "backup": null}]}`, true},
		{"negative and zero integers", `{"shared": [{"id": "s", "backup": {"size": -0, "object_count": 0}}]}`, true},
		{"fractions of a second", `{"shared": [{"id": "s", "created_at": "2017-08-08T04:03:27.4", "updated_at": "2017-08-08T04:03:27.123456789"}]}`, true},

		{"integer written as a float", `{"shared": [{"id": "s", "backup": {"size": 1.0}}]}`, false},
		{"integer with an exponent", `{"shared": [{"id": "s", "backup": {"size": 1e3}}]}`, false},
		{"integer as a string", `{"shared": [{"id": "s", "backup": {"size": "1"}}]}`, false},
		{"leading zero", `{"shared": [{"id": "s", "backup": {"size": 01}}]}`, false},
		{"timestamp with a zone", `{"shared": [{"id": "s", "created_at": "2017-08-08T06:03:27+02:00"}]}`, false},
		{"timestamp out of range", `{"shared": [{"id": "s", "created_at": "2017-04-31T04:03:27"}]}`, false},
		{"escaped member name", `{"shared": [{"\u0069d": "s"}]}`, false},
		{"member twice", `{"shared": [{"id": "s", "id": "t"}]}`, false},
		{"member twice in an undocumented object", `{"shared": [{"id": "s", "x": {"a": 1, "a": 2}}]}`, false},
		{"invalid UTF-8", "{\"shared\": [{\"id\": \"s\xff\"}]}", false},
		{"control character", "{\"shared\": [{\"id\": \"s\x01\"}]}", false},
		{"trailing text", `{"shared": []} x`, false},
		{"trailing comma", `{"shared": [{"id": "s"},]}`, false},
		{"no shared", `{"shares": []}`, false},
		{"shared is an object", `{"shared": {"id": "s"}}`, false},
		{"string where a boolean goes", `{"shared": [{"id": "s", "backup": {"is_incremental": "true"}}]}`, false},
		{"truncated", `{"shared": [{"id": "s"`, false},
		{"bad literal", `{"shared": [{"id": "s", "backup": nul}]}`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := decodeBoth(t, []byte(c.body)); got != c.fast {
				t.Errorf("fast path taken: %v, want %v", got, c.fast)
			}
		})
	}
}

func compact(t *testing.T, body string) string {
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(body)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// FuzzPageDecoderAgrees: wherever the fast decoder answers, the reflective
// one accepts the body too and decodes the same shares and links.
func FuzzPageDecoderAgrees(f *testing.F) {
	f.Add(generatedPage(f, 4))
	for _, seed := range []string{
		`{"shared": [{"id": "s", "deleted": false, "backup": {"size": 1, "name": "a\"b", "created_at": "2017-08-08T04:03:27.4"}}], "shared_links": [{"rel": "next", "href": "/x"}]}`,
		`{"shared": null, "x": {"y": [1, "z", {"a": null}]}}`,
		`{"shared": [{"backup": {"size": -12, "is_incremental": false, "updated_at": ""}}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		decodeBoth(t, body)
	})
}

// FuzzParseTimeFast: wherever parseTimeFast answers, ParseTime gives the
// same instant.
func FuzzParseTimeFast(f *testing.F) {
	for _, seed := range []string{"2017-08-08T04:03:27.456859", "2017-08-08 04:03:27", "2016-02-29T23:59:59.1", "2017-02-29T00:00:00", "0000-01-01T00:00:00.000000000"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := parseTimeFast([]byte(s))
		if !ok {
			return
		}
		slow, err := ParseTime(s)
		if err != nil || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: fast %v, ParseTime %v (%v)", s, fast, slow, err)
		}
	})
}

// BenchmarkDecodePage decodes a page of 1,000 shares both ways.
func BenchmarkDecodePage(b *testing.B) {
	raw := generatedPage(b, 1000)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, _, ok := decodeListBody(raw); !ok {
				b.Fatal("not decoded")
			}
		}
	})
	b.Run("reflective", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			if _, _, err := decodeListReflectively(raw, "application/json"); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// A page's buffer goes back to the pool once the fast decoder has copied
// every value out: what the page holds must not change when the buffer
// serves the next response.
func TestAPageOutlivesItsReleasedBuffer(t *testing.T) {
	first := generatedPage(t, 50)
	want, _, ok := decodeListBody(first)
	if !ok {
		t.Fatal("the generated page did not take the fast path")
	}
	resp := response(nil)
	resp.Body = vbs.NewBufferedBody(bytes.Clone(first))
	page, err := extractPage(resp)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 { // the next responses take the released buffer, and write over it
		raw, err := vbs.ReadAllSized(bytes.NewReader(bytes.Repeat([]byte("x"), len(first))), int64(len(first)), vbs.MaxResponseBytes)
		if err != nil {
			t.Fatal(err)
		}
		vbs.NewBufferedBody(raw).Release()
	}
	for i := range want {
		want[i].normalize()
	}
	if !reflect.DeepEqual(page.Shares, want) {
		t.Fatal("the page changed when its buffer was reused")
	}
}

// TestPlainRunStopsAtEverySpecialByte: the word-at-a-time scan never skips
// a byte the byte loop must see ('"', '\\', a control byte, or the start of
// a multi-byte character), wherever it falls in a word, and skips every
// plain byte before it.
func TestPlainRunStopsAtEverySpecialByte(t *testing.T) {
	for c := range 256 {
		special := c < 0x20 || c == '"' || c == '\\' || c >= 0x80
		for at := range 20 {
			b := []byte(strings.Repeat("a~ !#[]}", 3))
			b[at] = byte(c)
			got := plainRun(b, 0)
			if special && (got > at || at-got >= 8) {
				t.Fatalf("byte %#x at %d: plainRun stopped at %d", c, at, got)
			}
			if !special && got < len(b)-len(b)%8 {
				t.Fatalf("byte %#x at %d: plainRun stopped at %d, before the end of the words", c, at, got)
			}
		}
	}
}

// TestUndocumentedMembersCostLinearWork: a page whose share carries 40,000
// members the API does not document (a 520 KB page) took the fast decoder
// 2.5 s, comparing each new name with every one before it. Past
// maxUnknownMembers in one object the fast decoder gives up at once, having
// compared at most that many names per member, and the reflective decoder,
// linear in the page's bytes, reads the page.
func TestUndocumentedMembersCostLinearWork(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"shared": [{"id": "s-1", "backup_id": "b-1"`)
	for i := range 40_000 {
		fmt.Fprintf(&b, `, "x%d": %d`, i, i)
	}
	b.WriteString(`}]}`)
	raw := []byte(b.String())
	if _, _, ok := decodeListBody(raw); ok {
		t.Fatal("the fast decoder took a page of 40,000 undocumented members")
	}
	var seen fieldSet
	for i := range maxUnknownMembers + 1 {
		if ok := seen.add(-1, []byte(fmt.Sprintf("x%d", i))); ok != (i < maxUnknownMembers) {
			t.Fatalf("member %d: add = %v", i, ok)
		}
	}
	list, _, err := decodeListReflectively(raw, "application/json")
	if err != nil || len(list) != 1 || list[0].ID != "s-1" {
		t.Fatalf("the reflective decoder: %v, %v", list, err)
	}
	// A few undocumented members stay on the fast path.
	few := []byte(`{"shared": [{"id": "s-1", "backup_id": "b-1", "x1": 1, "x2": [2], "x3": {"y": 3}}]}`)
	if !decodeBoth(t, few) {
		t.Error("three undocumented members left the fast path")
	}
}
