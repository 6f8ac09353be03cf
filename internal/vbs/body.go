package vbs

import (
	"bytes"
	"io"
)

// ReadAllSized reads r to its end, at most limit+1 bytes, into one buffer
// sized from hint (a Content-Length) when hint is within limit: a page of
// 1,000 shares is about 1 MB, which io.ReadAll reaches by growing and
// copying a dozen times. The bound, not the hint, limits what is read.
func ReadAllSized(r io.Reader, hint, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	if hint > 0 && hint <= limit {
		buf.Grow(int(hint) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	return buf.Bytes(), err
}

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
