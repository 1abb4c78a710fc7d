package rt

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// This file is emitted only into packages with an operation that takes a body.

// serverBodyChunk bounds the buffer allocated before any byte of the body has arrived.
// Content-Length is only the client's word: sizing the buffer by it would let idle
// connections that declare large bodies hold the memory without sending them.
const serverBodyChunk = 16 << 10

// readBodyAs reads the body within the size limit, checking its media type
// with check once there is a body.
func (x *serverExchange) readBodyAs(check func() error) error {
	r, limit := x.r, x.h.config.maxBody
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return nil
	}
	if r.ContentLength > limit {
		return x.tooLarge()
	}
	if r.ContentLength > 0 {
		if err := check(); err != nil {
			return err
		}
	}
	b, err := serverReadBody(r.Body, r.ContentLength, limit)
	switch {
	case err != nil:
		return x.readError(err)
	case int64(len(b)) > limit:
		return x.tooLarge()
	case len(b) > 0:
		x.body = b
		if r.ContentLength < 0 {
			return check()
		}
	}
	return nil
}

// serverReadBody reads body until EOF or until it has more than limit bytes. The
// buffer grows as bytes arrive, from at most serverBodyChunk; the declared length,
// when known, only keeps it from growing past a body of that length plus the one byte
// that lets the read finding EOF use the buffer.
func serverReadBody(body io.Reader, declared, limit int64) ([]byte, error) {
	want := limit + 1
	if declared >= 0 {
		want = min(want, declared+1)
	}
	b := make([]byte, 0, min(want, serverBodyChunk))
	for {
		if len(b) == cap(b) {
			if int64(len(b)) >= want {
				want = limit + 1 // longer than declared
			}
			b = slices.Grow(b, int(min(int64(cap(b)), want-int64(len(b)))))
		}
		n, err := body.Read(b[len(b):min(int64(cap(b)), limit+1)])
		b = b[:len(b)+n]
		if err != nil || int64(len(b)) > limit {
			return b, serverEOF(err, int64(len(b)) < declared)
		}
	}
}

// serverEOF is nil for the end of a body that is not short of its declared length.
func serverEOF(err error, short bool) error {
	if err == io.EOF && short {
		return io.ErrUnexpectedEOF
	}
	if err == io.EOF {
		return nil
	}
	return err
}

func (x *serverExchange) tooLarge() error {
	return x.h.errs.role(serverPayloadTooLarge, fmt.Sprintf("the request body exceeds %d bytes", x.h.config.maxBody))
}

// readError reports a body that could not be read: too large for a limit a middleware
// set, or cut short.
func (x *serverExchange) readError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return x.tooLarge()
	}
	return validateIn(validateErrorf("cannot be read: %v", err), "body")
}
