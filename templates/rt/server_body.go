package rt

import (
	"errors"
	"fmt"
	"io"
	"net/http"
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
// when known, only avoids growing a buffer past a body of that length.
func serverReadBody(body io.Reader, declared, limit int64) ([]byte, error) {
	size := int64(512)
	if declared > 0 {
		size = min(declared, serverBodyChunk)
	}
	b := make([]byte, 0, size)
	for {
		if len(b) == cap(b) {
			if len(b) > 0 && int64(len(b)) == declared {
				// The declared length has arrived: probe for EOF rather than doubling.
				var probe [1]byte
				n, err := io.ReadFull(body, probe[:])
				if n == 0 {
					return b, serverEOF(err, false)
				}
				b = append(b, probe[0])
				continue
			}
			b = append(b, 0)[:len(b)] // grow, as io.ReadAll does
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
	return x.h.errs.new(serverPayloadTooLarge, fmt.Sprintf("the request body exceeds %d bytes", x.h.config.maxBody))
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
