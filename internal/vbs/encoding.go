package vbs

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"strings"
)

// EncodingError is a body that is not in the Content-Encoding it claims, or
// in one the client never asked for. Another try would bring the same.
type EncodingError struct {
	Encoding string
	Err      error
}

func (e *EncodingError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("the response is encoded as %q, which the provider did not ask for and cannot read", e.Encoding)
	}
	return fmt.Sprintf("the response says Content-Encoding %q but its body cannot be decoded as such: %v", e.Encoding, e.Err)
}

func (e *EncodingError) Unwrap() error { return e.Err }

// decodeBody undoes the body's Content-Encoding, reading at most maxBody
// decoded bytes. gzip is what the client asks for; deflate (zlib or raw) is
// read too, since servers send it unasked. A body labelled compressed that
// plainly is not (it starts as JSON does) is read as it is: its meaning is
// not in doubt.
func decodeBody(encoding string, raw []byte, maxBody int64) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(encoding))
	if enc == "" || enc == "identity" || len(raw) == 0 {
		return raw, nil
	}
	var r io.Reader
	var err error
	switch enc {
	case "gzip", "x-gzip":
		r, err = gzip.NewReader(bytes.NewReader(raw))
	case "deflate":
		if r, err = zlib.NewReader(bytes.NewReader(raw)); err != nil {
			r, err = flate.NewReader(bytes.NewReader(raw)), nil
		}
	default:
		return nil, &EncodingError{Encoding: encoding}
	}
	var out []byte
	if err == nil {
		out, err = io.ReadAll(io.LimitReader(r, maxBody+1))
	}
	switch {
	case err != nil && looksLikeJSON(raw):
		return raw, nil
	case err != nil:
		return nil, &EncodingError{Encoding: encoding, Err: err}
	case int64(len(out)) > maxBody:
		return nil, ErrBodyTooLarge
	}
	return out, nil
}

func looksLikeJSON(b []byte) bool {
	t := bytes.TrimLeft(b, " \t\r\n")
	return len(t) > 0 && (t[0] == '{' || t[0] == '[')
}
