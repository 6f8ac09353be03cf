package vbs

import (
	"bytes"
	"io"
	"sync"
)

// ReadAllSized reads r to its end, at most limit+1 bytes, into one buffer
// sized from hint (a Content-Length) when hint is within limit: a page of
// 1,000 shares is about 1 MB, which io.ReadAll reaches by growing and
// copying a dozen times. The bound, not the hint, limits what is read.
//
// The buffer comes from a pool of those released before (see
// BufferedBody.Release): a read of 10,000 shares takes 11 pages of 1 MB,
// and fresh memory for each costs page faults that were half of the
// provider's CPU for such a read.
func ReadAllSized(r io.Reader, hint, limit int64) ([]byte, error) {
	buf := bodyBuffers.Get().(*bytes.Buffer) //nolint:forcetypeassert // the pool holds only these
	buf.Reset()
	if need := int(hint) + bytes.MinRead; hint > 0 && hint <= limit && buf.Cap() < need {
		buf = NewSizedBuffer(need)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

// NewSizedBuffer is an empty buffer with room for n bytes, for a buffer of
// megabytes whose size is known. It is what bytes.Buffer.Grow does, but
// with make: Grow clears the new memory in one runtime call that cannot be
// preempted, and at megabytes that call page-faults for tens of
// milliseconds. If a garbage collection starts meanwhile, it spins and
// signals this goroutine until the call ends, to scan its stack. A
// profile of a 10,000-share read had a tenth of the provider's CPU there.
// make takes memory that is zero already (fresh from the system) or
// clears it in chunks between which the goroutine can be stopped.
func NewSizedBuffer(n int) *bytes.Buffer {
	return bytes.NewBuffer(make([]byte, 0, n))
}

// bodyBuffers holds response buffers no longer used. A buffer of more than
// maxPooled is left to the collector, so the pool never holds an outsized
// answer.
var bodyBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPooled = 4 << 20

// BufferedBody is a response body the transport has already read in full.
// Bytes gives what is left of it without another copy.
type BufferedBody struct {
	*bytes.Reader
	raw []byte
}

// NewBufferedBody serves raw as a response body.
func NewBufferedBody(raw []byte) *BufferedBody {
	return &BufferedBody{Reader: bytes.NewReader(raw), raw: raw}
}

// Bytes returns the unread part of the body.
func (b *BufferedBody) Bytes() []byte { return b.raw[len(b.raw)-b.Len():] }

// Close does nothing: the body is in memory.
func (b *BufferedBody) Close() error { return nil }

// Release hands the body's buffer back for another response. The caller
// must hold nothing that points into it: only a decoder that copied every
// value out may release.
func (b *BufferedBody) Release() {
	raw := b.raw
	b.raw, b.Reader = nil, bytes.NewReader(nil)
	if cap(raw) > 0 && cap(raw) <= maxPooled {
		bodyBuffers.Put(bytes.NewBuffer(raw[:0]))
	}
}
