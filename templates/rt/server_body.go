package rt

import (
	"errors"
	"fmt"
	"io"
	"net/http"
)

// This file is emitted only into packages with an operation that takes a body.

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
		x.body = make([]byte, r.ContentLength)
		if _, err := io.ReadFull(r.Body, x.body); err != nil {
			return x.readError(err)
		}
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	switch {
	case err != nil:
		return x.readError(err)
	case int64(len(b)) > limit:
		return x.tooLarge()
	case len(b) > 0:
		x.body = b
		return check()
	}
	return nil
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
