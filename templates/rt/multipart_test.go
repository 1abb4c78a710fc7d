package rt

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"strings"
	"testing"
)

func TestClientMultipartEncode(t *testing.T) {
	m := newClientMultipart()
	m.fields.Add("b", "2")
	m.fields.Add("a", "1")
	m.fields.Add("a", "1bis")
	m.file("doc", &MultipartFile{Name: `x "y".txt`, Content: strings.NewReader("content")})
	m.file("none", nil)
	data, ct, err := m.encode()
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(ct)
	if err != nil {
		t.Fatal(err)
	}
	r := multipart.NewReader(bytes.NewReader(data), params["boundary"])
	var got []string
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		got = append(got, p.FormName()+"="+string(b)+";"+p.FileName()+";"+p.Header.Get("Content-Type"))
	}
	want := []string{"a=1;;", "a=1bis;;", "b=2;;", `doc=content;x "y".txt;application/octet-stream`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("parts = %q, want %q", got, want)
	}
}
