package rt

import (
	"bytes"
	"fmt"
	"io"
	"maps"
	"mime"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"slices"
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
	for _, name := range slices.Sorted(maps.Keys(m.fields)) {
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

// serverMultipartForm is a multipart body as received: the values of its
// fields and its files, by part name.
type serverMultipartForm struct {
	values url.Values
	files  map[string][]*MultipartFile
}

// multipartBody reads and parses a multipart/form-data body within the body
// size limit; every part stays in memory, so nothing is written to disk.
func (x *serverExchange) multipartBody(required bool) (*serverMultipartForm, error) {
	if err := x.readBodyAs(x.checkMultipartType); err != nil {
		return nil, err
	}
	if len(x.body) == 0 {
		if required {
			return nil, validateIn(validateErrorf("is required"), "body")
		}
		return &serverMultipartForm{values: url.Values{}}, nil
	}
	_, params, _ := mime.ParseMediaType(x.r.Header.Get("Content-Type"))
	form, err := multipart.NewReader(bytes.NewReader(x.body), params["boundary"]).ReadForm(int64(len(x.body)) + 1)
	if err != nil {
		return nil, validateIn(validateErrorf("malformed multipart body: %v", err), "body")
	}
	defer form.RemoveAll()
	out := &serverMultipartForm{values: url.Values(form.Value), files: map[string][]*MultipartFile{}}
	for name, headers := range form.File {
		for _, fh := range headers {
			f, err := serverReadPart(fh)
			if err != nil {
				return nil, validateIn(validateErrorf("cannot be read: %v", err), "body."+name)
			}
			out.files[name] = append(out.files[name], f)
		}
	}
	return out, nil
}

func serverReadPart(fh *multipart.FileHeader) (*MultipartFile, error) {
	rd, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer rd.Close()
	data, err := io.ReadAll(rd)
	if err != nil {
		return nil, err
	}
	return &MultipartFile{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Content: bytes.NewReader(data)}, nil
}

// checkMultipartType answers 415 unless the request says its body is
// multipart/form-data with a boundary.
func (x *serverExchange) checkMultipartType() error {
	ct := x.r.Header.Get("Content-Type")
	if mt, params, err := mime.ParseMediaType(ct); err == nil && mt == "multipart/form-data" && params["boundary"] != "" {
		return nil
	}
	return x.h.errs.role(serverUnsupportedMediaType, fmt.Sprintf("content type %q is not supported; send multipart/form-data", serverExcerpt(ct)))
}

// serverMultipartFile returns the file part name, nil when absent; it fails
// when the part is required and absent, or sent more than once.
func serverMultipartFile(form *serverMultipartForm, name string, required bool) (*MultipartFile, error) {
	files := form.files[name]
	_, isField := form.values[name]
	switch {
	case len(files) == 0 && isField:
		return nil, validateIn(validateErrorf("must be a file part"), "body."+name)
	case len(files) == 0 && required:
		return nil, validateIn(validateErrorf("is required"), "body."+name)
	case len(files) > 1:
		return nil, validateIn(validateErrorf("is sent %d times", len(files)), "body."+name)
	case len(files) == 0:
		return nil, nil
	}
	return files[0], nil
}
