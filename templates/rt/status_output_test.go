package rt

import (
	"context"
	"net/http"
	"testing"
)

// statusTestOutput is an output of two bodies, as bpgen emits for an
// operation whose 200 and 202 responses declare different ones.
type statusTestOutput struct {
	Status   int
	OK       []int
	Accepted *struct{ Message string }
}

func (o *statusTestOutput) bodyFor(status int) any {
	o.Status = status
	if status == 202 {
		return &o.Accepted
	}
	return &o.OK
}

func (o *statusTestOutput) statusBody() (int, any) {
	switch {
	case o.Status == 202, o.Status == 0 && o.Accepted != nil:
		return 202, o.Accepted
	}
	return 200, o.OK
}

// TestClientDecodesByStatus checks that finish decodes a body into the field
// its status names, not into the output.
func TestClientDecodesByStatus(t *testing.T) {
	for _, c := range []struct {
		status int
		body   string
		check  func(*statusTestOutput) bool
	}{
		{200, `[1,2]`, func(o *statusTestOutput) bool { return len(o.OK) == 2 && o.Accepted == nil }},
		{202, `{"Message":"later"}`, func(o *statusTestOutput) bool {
			return o.OK == nil && o.Accepted != nil && o.Accepted.Message == "later"
		}},
	} {
		srv := newClientTestServer(t, c.body, c.status)
		var out statusTestOutput
		if err := newClientTestCore(srv.URL).do(context.Background(), &clientRequest{method: http.MethodGet, path: "/x"}, &out); err != nil {
			t.Fatalf("%d: %v", c.status, err)
		}
		if out.Status != c.status || !c.check(&out) {
			t.Errorf("%d: decoded %+v", c.status, out)
		}
	}
}

// TestServerAnswersByStatus checks that serverReply answers with the status
// and body the output picks, a nil object body as {} and any other nil body
// as null.
func TestServerAnswersByStatus(t *testing.T) {
	for _, c := range []struct {
		out    any
		status int
		body   string
	}{
		{&statusTestOutput{OK: []int{1}}, 200, `[1]`},
		{&statusTestOutput{Accepted: &struct{ Message string }{"later"}}, 202, `{"Message":"later"}`},
		{&statusTestOutput{Status: 202}, 202, `{}`},
		{(*statusTestOutput)(nil), 200, `{}`},
		// A number has no empty object form, nor has a type with its own JSON.
		{&statusNumberOutput{}, 200, `null`},
		{&statusNumberOutput{Status: 201}, 201, `null`},
	} {
		h := serverTestHandler([]serverRoute{{name: "Get", method: "GET", path: "/x", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
			return serverReply(x, 200, c.out, nil)
		}}})
		w := serverTestDo(h, "GET", "/x", nil)
		if w.Code != c.status || w.Body.String() != c.body {
			t.Errorf("%+v: answered %d %s, want %d %s", c.out, w.Code, w.Body, c.status, c.body)
		}
	}
}

// statusNumberOutput answers a number (200) or a union (201).
type statusNumberOutput struct {
	Status  int
	OK      *int64
	Created *statusTestUnion
}

func (o *statusNumberOutput) statusBody() (int, any) {
	if o.Status == 201 {
		return 201, o.Created
	}
	return 200, o.OK
}

// statusTestUnion encodes itself, as a union does.
type statusTestUnion struct{ A *string }

func (u statusTestUnion) MarshalJSON() ([]byte, error) { return []byte(`"a"`), nil }
