package rt

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

// UploadError is returned by a two-step upload whose record was created but
// whose content could not be sent: the record exists, and the method returns
// it along with this error, so that the upload can be retried or the record
// removed.
type UploadError struct {
	// StatusCode is the upload host's answer; 0 when it gave none.
	StatusCode int
	// Excerpt is the start of its body, for diagnosis.
	Excerpt string
	// Err is the transport error, when there was no answer.
	Err error
}

// Error describes the failed upload.
func (e *UploadError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("upload failed: %v", e.Err)
	}
	return fmt.Sprintf("upload failed: HTTP %d %s: %q", e.StatusCode, http.StatusText(e.StatusCode), e.Excerpt)
}

// Unwrap returns the transport error.
func (e *UploadError) Unwrap() error { return e.Err }

// clientUploadMaxBuffer bounds the content read into memory to learn its size,
// for readers that do not tell it (see clientUploadBody).
const clientUploadMaxBuffer = 512 << 20

// clientUploadBody returns content as a body the upload can send, and its
// size: told by the reader (Len, or Stat of a file), else learnt by reading it
// into memory (up to clientUploadMaxBuffer).
func clientUploadBody(content io.Reader) (io.Reader, int64, error) {
	switch r := content.(type) {
	case interface{ Len() int }:
		return content, int64(r.Len()), nil
	case *os.File:
		if st, err := r.Stat(); err == nil && st.Mode().IsRegular() {
			off, err := r.Seek(0, io.SeekCurrent)
			if err == nil {
				return r, st.Size() - off, nil
			}
		}
	}
	b, err := io.ReadAll(io.LimitReader(content, clientUploadMaxBuffer+1))
	if err != nil {
		return nil, 0, err
	}
	if len(b) > clientUploadMaxBuffer {
		return nil, 0, fmt.Errorf("content exceeds %d bytes; pass an *os.File or a reader with Len to upload it without buffering", clientUploadMaxBuffer)
	}
	return bytes.NewReader(b), int64(len(b)), nil
}

// upload sends the content of a two-step upload to the address the API
// answered with. The address is on another host and already authorizes the
// request: none of the client's credentials or headers go with it, and the
// client's middleware does not see it. It is retried, by the client's policy,
// only when the content can be read again from its start (an io.Seeker).
func (c *clientCore) upload(ctx context.Context, method, url string, header http.Header, body io.Reader, size int64) error {
	hc := &http.Client{}
	if c.httpClient != nil {
		hc.Transport = c.httpClient.Transport
	}
	seeker, rewinds := body.(io.Seeker)
	var start int64
	if rewinds {
		var err error
		if start, err = seeker.Seek(0, io.SeekCurrent); err != nil {
			rewinds = false
		}
	}
	for attempt := 0; ; attempt++ {
		req, err := http.NewRequestWithContext(ctx, method, url, io.NopCloser(body))
		if err != nil {
			return &UploadError{Err: err}
		}
		req.ContentLength = size
		if size == 0 {
			req.Body = http.NoBody
		}
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := hc.Do(req)
		// The same content to the same presigned address: repeating it is safe
		// whatever the declared method, so it is judged as the PUT it amounts to.
		retry := rewinds && attempt < c.retry.MaxRetries && ctx.Err() == nil && c.retry.retryable(http.MethodPut, resp, err)
		if !retry {
			return clientUploadResult(resp, err)
		}
		clientDiscard(resp)
		if err := clientWait(ctx, c.retry.retryDelay(attempt, resp, time.Now(), nil)); err != nil {
			return &UploadError{Err: err}
		}
		if _, err := seeker.Seek(start, io.SeekStart); err != nil {
			return &UploadError{Err: err}
		}
	}
}

// clientUploadResult turns the upload host's answer into nil or an *UploadError.
func clientUploadResult(resp *http.Response, err error) error {
	if err != nil {
		return &UploadError{Err: err}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		clientDrain(resp.Body)
		return nil
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, clientExcerptLen))
	clientDrain(resp.Body)
	return &UploadError{StatusCode: resp.StatusCode, Excerpt: clientExcerpt(b)}
}
