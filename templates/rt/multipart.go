package rt

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
)

// This file is emitted only into packages with an operation whose request
// body is multipart/form-data.

// MultipartFile is a file part of a multipart/form-data request body.
type MultipartFile struct {
	// Name is the file name sent with the part; it may be empty.
	Name string
	// ContentType is the part's media type; empty means application/octet-stream.
	ContentType string
	// Content is the file's content. A client reads it once, when it encodes
	// the request, and replays those bytes on retries; a server hands over
	// the bytes it received.
	Content io.Reader
}

// clientMultipart collects the fields and files of a multipart body.
type clientMultipart struct {
	fields url.Values
	files  []clientFilePart
}

type clientFilePart struct {
	name string
	file *MultipartFile
}

func newClientMultipart() *clientMultipart {
	return &clientMultipart{fields: url.Values{}}
}

// file adds f as the part name; a nil f adds nothing.
func (m *clientMultipart) file(name string, f *MultipartFile) {
	if f != nil {
		m.files = append(m.files, clientFilePart{name, f})
	}
}

// encode writes the fields (in name order, so a body is the same for the
// same input) and then the files, and returns the body and its media type.
func (m *clientMultipart) encode() ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range clientSortedKeys(m.fields) {
		for _, v := range m.fields[name] {
			if err := w.WriteField(name, v); err != nil {
				return nil, "", err
			}
		}
	}
	for _, p := range m.files {
		if err := writeFilePart(w, p); err != nil {
			return nil, "", fmt.Errorf("file part %s: %w", p.name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func writeFilePart(w *multipart.Writer, p clientFilePart) error {
	h := textproto.MIMEHeader{}
	disposition := map[string]string{"name": p.name}
	if p.file.Name != "" {
		disposition["filename"] = p.file.Name
	}
	h.Set("Content-Disposition", mime.FormatMediaType("form-data", disposition))
	ct := p.file.ContentType
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	if p.file.Content == nil {
		return nil
	}
	_, err = io.Copy(part, p.file.Content)
	return err
}
