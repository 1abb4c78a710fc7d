package rt

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// serverTestFormRoute echoes the form fields n and tags of a form body.
func serverTestFormRoute(required bool) serverRoute {
	return serverRoute{name: "Form", method: "POST", path: "/form", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		form, err := x.formBody(required)
		if err != nil {
			return err
		}
		var n *int64
		var tags []string
		if err := serverFormField(form, "n", &n, queryStyle{style: "form", explode: true}, true); err != nil {
			return err
		}
		if err := serverFormField(form, "tags", &tags, queryStyle{style: "form", explode: true}, false); err != nil {
			return err
		}
		x.writeAs(http.StatusOK, "text/plain", fmt.Appendf(nil, "%d %q", *n, tags))
		return nil
	}}
}

func TestServerFormBody(t *testing.T) {
	h := serverTestHandler([]serverRoute{serverTestFormRoute(true)}, WithMaxBodyBytes(64), WithMaxQueryKeys(4), WithAuthenticator(nil))
	w := serverTestDo(h, "POST", "/form", []byte("n=3&tags=a&tags=b+c"), "Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	if w.Code != http.StatusOK || w.Body.String() != `3 ["a" "b c"]` {
		t.Fatalf("answered %d %s", w.Code, w.Body)
	}
	for _, c := range []struct {
		body, ct string
		status   int
		msg      string
	}{
		{"n=3", "application/json", 415, "send application/x-www-form-urlencoded"},
		{"", "application/x-www-form-urlencoded", 400, "body: is required"},
		{"tags=a", "application/x-www-form-urlencoded", 400, "body.n: is required"},
		{"n=x", "application/x-www-form-urlencoded", 400, "body.n"},
		{"n=1&a=1&b=1&c=1&d=1", "application/x-www-form-urlencoded", 400, "body: more than 4 keys"},
		{"n=%zz", "application/x-www-form-urlencoded", 400, "malformed form body"},
		{"n=1&tags=" + strings.Repeat("x", 64), "application/x-www-form-urlencoded", 413, "exceeds 64 bytes"},
	} {
		w := serverTestDo(h, "POST", "/form", []byte(c.body), "Content-Type", c.ct)
		if w.Code != c.status || !strings.Contains(w.Body.String(), c.msg) {
			t.Errorf("%q (%s): answered %d %s, want %d with %q", c.body, c.ct, w.Code, w.Body, c.status, c.msg)
		}
	}
}

// serverTestMultipartRoute echoes the file part doc and the field note.
func serverTestMultipartRoute() serverRoute {
	return serverRoute{name: "Upload", method: "POST", path: "/upload", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		form, err := x.multipartBody(true)
		if err != nil {
			return err
		}
		doc, err := serverMultipartFile(form, "doc", true)
		if err != nil {
			return err
		}
		var note string
		if err := serverFormField(form.values, "note", &note, queryStyle{style: "form", explode: true}, false); err != nil {
			return err
		}
		data, _ := io.ReadAll(doc.Content)
		x.writeAs(http.StatusOK, "text/plain", fmt.Appendf(nil, "%s %s %s %s", doc.Name, doc.ContentType, data, note))
		return nil
	}}
}

func TestServerMultipartBody(t *testing.T) {
	h := serverTestHandler([]serverRoute{serverTestMultipartRoute()}, WithMaxBodyBytes(1024), WithAuthenticator(nil))
	body := func(parts ...string) ([]byte, string) {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for i := 0; i+1 < len(parts); i += 2 {
			if name, ok := strings.CutPrefix(parts[i], "file:"); ok {
				p, _ := w.CreateFormFile(name, "f.txt")
				p.Write([]byte(parts[i+1]))
				continue
			}
			w.WriteField(parts[i], parts[i+1])
		}
		w.Close()
		return buf.Bytes(), w.FormDataContentType()
	}
	data, ct := body("file:doc", "hello", "note", "n1")
	if w := serverTestDo(h, "POST", "/upload", data, "Content-Type", ct); w.Code != http.StatusOK || w.Body.String() != "f.txt application/octet-stream hello n1" {
		t.Fatalf("answered %d %s", w.Code, w.Body)
	}
	for _, c := range []struct {
		parts  []string
		ct     string
		status int
		msg    string
	}{
		{[]string{"note", "n1"}, "", 400, "body.doc: is required"},
		{[]string{"doc", "text"}, "", 400, "body.doc: must be a file part"},
		{[]string{"file:doc", "a", "file:doc", "b"}, "", 400, "body.doc: is sent 2 times"},
		{[]string{"file:doc", "a"}, "multipart/form-data", 415, "send multipart/form-data"},
		{[]string{"file:doc", strings.Repeat("x", 1024)}, "", 413, "exceeds 1024 bytes"},
	} {
		data, ct := body(c.parts...)
		if c.ct != "" {
			ct = c.ct
		}
		if w := serverTestDo(h, "POST", "/upload", data, "Content-Type", ct); w.Code != c.status || !strings.Contains(w.Body.String(), c.msg) {
			t.Errorf("%q: answered %d %s, want %d with %q", c.parts, w.Code, w.Body, c.status, c.msg)
		}
	}
}
