package rt

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
)

// This file is emitted only into packages with a server and an operation
// whose request body is multipart/form-data.

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
