package botpress_test

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bpgen/bpgen/gen/botpress"
	"github.com/bpgen/bpgen/gen/botpress/botpresstest"
	"github.com/bpgen/bpgen/generator"
	"github.com/bpgen/bpgen/generator/model"
)

// srvAPI is the model the package was generated from: the end-to-end test fills
// every input according to its schema, so that validation passes.
var srvAPI = sync.OnceValues(func() (*model.API, error) {
	_, api, _, err := generator.Generate(context.Background(), generator.Config{Spec: "../../spec/botpress.yaml", Package: "botpress"})
	return api, err
})

// srvFiller builds values that satisfy a schema, deterministically.
type srvFiller struct {
	rnd   *rand.Rand
	query bool // the value travels in a query string, where any values are text
	depth int
}

func newSrvFiller(name string) *srvFiller {
	h := fnv.New64a()
	h.Write([]byte(name))
	return &srvFiller{rnd: rand.New(rand.NewPCG(h.Sum64(), 1))}
}

// srvTime is a date-time that survives a round trip through RFC 3339 text.
var srvTime = time.Date(2024, 5, 6, 7, 8, 9, 123000000, time.UTC)

// fill sets v, of the Go type of r, to a valid value.
func (f *srvFiller) fill(v reflect.Value, r *model.TypeRef) {
	switch r.Kind {
	case model.RefPtr:
		p := reflect.New(v.Type().Elem())
		f.fill(p.Elem(), r.Elem)
		v.Set(p)
	case model.RefNullable:
		f.fillNullable(v, r)
	case model.RefSlice:
		n := f.count(r.Check, 1+f.rnd.IntN(2))
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			f.fill(s.Index(i), r.Elem)
		}
		v.Set(s)
	case model.RefMap:
		m := reflect.MakeMap(v.Type())
		if r.Check == nil || !r.Check.NoExtra {
			for i := range 1 + f.rnd.IntN(2) {
				e := reflect.New(v.Type().Elem()).Elem()
				f.fill(e, r.Elem)
				m.SetMapIndex(reflect.ValueOf(fmt.Sprintf("k%d", i+1)), e)
			}
		}
		v.Set(m)
	case model.RefNamed:
		f.fillNamed(v, r.Type)
	case model.RefTime:
		v.Set(reflect.ValueOf(srvTime.Add(time.Duration(f.rnd.IntN(1000)) * time.Hour)))
	case model.RefBuiltin:
		f.fillBuiltin(v, r)
	}
}

// fillNullable leaves v absent, sets it null or gives it a value, through its JSON.
func (f *srvFiller) fillNullable(v reflect.Value, r *model.TypeRef) {
	text := []byte("null")
	if f.rnd.IntN(3) > 0 {
		e := reflect.New(v.Type().Field(0).Type).Elem() // Nullable's value field has the element type
		f.fill(e, r.Elem)
		text, _ = json.Marshal(e.Interface())
	}
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(text); err != nil {
		panic(err)
	}
}

func (f *srvFiller) fillNamed(v reflect.Value, t *model.Type) {
	switch t.Kind {
	case model.KindEnum:
		ev := t.Enum.Values[f.rnd.IntN(len(t.Enum.Values))]
		v.Set(reflect.ValueOf(ev.Value).Convert(v.Type()))
	case model.KindStruct:
		f.depth++
		defer func() { f.depth-- }()
		for _, fd := range t.Fields {
			if fd.Params != nil {
				continue
			}
			if fd.Required || (f.depth < 4 && f.rnd.IntN(4) > 0) {
				f.fill(v.FieldByName(fd.Name), fd.Type)
			}
		}
		if t.Additional != nil && f.rnd.IntN(2) == 0 {
			m := reflect.MakeMap(v.FieldByName(t.AdditionalField).Type())
			e := reflect.New(m.Type().Elem()).Elem()
			f.fill(e, t.Additional)
			m.SetMapIndex(reflect.ValueOf("undeclaredExtra"), e)
			v.FieldByName(t.AdditionalField).Set(m)
		}
	case model.KindUnion:
		vr := t.Union.Variants[0]
		p := reflect.New(v.FieldByName(vr.Field).Type().Elem())
		f.fill(p.Elem(), vr.Type)
		v.FieldByName(vr.Field).Set(p)
	case model.KindAlias, model.KindDefined:
		f.fill(v, t.Elem)
	}
}

func (f *srvFiller) fillBuiltin(v reflect.Value, r *model.TypeRef) {
	c := r.Check
	if c == nil {
		c = &model.Constraints{}
	}
	switch r.Name {
	case "string":
		v.SetString(f.text(c))
	case "bool":
		v.SetBool(f.rnd.IntN(2) == 0)
	case "int64", "int32", "int":
		lo, hi := f.bounds(c, 1, 1000)
		v.SetInt(int64(lo) + f.rnd.Int64N(int64(hi-lo)+1))
	case "float64", "float32":
		lo, hi := f.bounds(c, 1, 1000)
		v.SetFloat(math.Floor(lo) + float64(f.rnd.IntN(int(hi-lo)+1)) + 0.5*float64(f.rnd.IntN(2)))
		if v.Float() > hi {
			v.SetFloat(hi)
		}
	case "any":
		if f.query {
			v.Set(reflect.ValueOf("text"))
		} else {
			v.Set(reflect.ValueOf(map[string]any{"s": "x", "n": float64(2), "l": []any{true, nil}}))
		}
	}
}

func (f *srvFiller) bounds(c *model.Constraints, lo, hi float64) (float64, float64) {
	if c.Minimum != nil {
		lo = math.Ceil(*c.Minimum)
		if c.ExclusiveMin && lo == *c.Minimum {
			lo++
		}
		hi = max(hi, lo+10)
	}
	if c.Maximum != nil {
		hi = math.Floor(*c.Maximum)
		if c.ExclusiveMax && hi == *c.Maximum {
			hi--
		}
		lo = min(lo, hi)
	}
	return lo, hi
}

func (f *srvFiller) count(c *model.Constraints, n int) int {
	if c != nil && c.MinItems != nil {
		n = max(n, int(*c.MinItems))
	}
	if c != nil && c.MaxItems != nil {
		n = min(n, int(*c.MaxItems))
	}
	return n
}

// srvText is varied enough to catch escaping bugs on every path a string takes.
var srvText = []rune("aé z/?#&=%+\"\\<>.,[]{}ü日本")

func (f *srvFiller) text(c *model.Constraints) string {
	switch c.Format {
	case "email":
		return "someone@example.com"
	case "uuid":
		return "123e4567-e89b-12d3-a456-426614174000"
	case "uri":
		return "https://example.com/a?b=c"
	case "date-time":
		return srvTime.Format(time.RFC3339Nano)
	case "date":
		return "2024-05-06"
	}
	lo, hi := int64(3), int64(12)
	if c.MinLength != nil {
		lo = max(lo, *c.MinLength)
	}
	if c.MaxLength != nil {
		hi = min(max(hi, lo), *c.MaxLength)
		lo = min(lo, hi)
	}
	n := int(lo) + f.rnd.IntN(int(hi-lo)+1)
	alphabet := srvText
	var re *regexp.Regexp
	if c.Pattern != "" {
		re = regexp.MustCompile(c.Pattern)
		alphabet = []rune("abcdefghijklmnopqrstuvwxyz0123456789")
	}
	for range 1000 {
		s := make([]rune, n)
		for i := range s {
			s[i] = alphabet[f.rnd.IntN(len(alphabet))]
		}
		if re == nil || re.MatchString(string(s)) {
			return string(s)
		}
	}
	panic("no value matches " + c.Pattern)
}

// srvParamText is a path or header parameter: path parameters are escaped by the
// client, header values must stay printable ASCII.
func (f *srvFiller) param(v reflect.Value, prm *model.Param) {
	f.query = prm.In == "query"
	defer func() { f.query = false }()
	t := prm.Field.Type
	if prm.In == "header" && isPlainString(t) {
		s := fmt.Sprintf("hdr-%d", f.rnd.IntN(1000))
		if t.Kind == model.RefPtr {
			v.Set(reflect.ValueOf(&s))
		} else {
			v.SetString(s)
		}
		return
	}
	f.fill(v, t)
}

func isPlainString(t *model.TypeRef) bool {
	if t.Kind == model.RefPtr {
		t = t.Elem
	}
	return t.Kind == model.RefBuiltin && t.Name == "string"
}

// srvStatusRecorder remembers the status of each answer, by operation path.
type srvStatusRecorder struct {
	mu     sync.Mutex
	status int
}

func (s *srvStatusRecorder) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &srvStatusWriter{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		s.mu.Lock()
		s.status = rec.status
		s.mu.Unlock()
	})
}

type srvStatusWriter struct {
	http.ResponseWriter
	status int
}

func (w *srvStatusWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

// srvCompare compares decoded values: Nullable's fields are unexported, times are
// compared with Equal.
var srvCompare = cmp.Exporter(func(reflect.Type) bool { return true })

// TestServerEndToEnd calls every operation through the generated client against the
// generated handler, with inputs filled from the schema (optional fields, nulls,
// awkward characters in path, query and body included): the input the Server receives
// must be the one the client was given, the output the client returns the one the
// Server answered, with the operation's success status.
func TestServerEndToEnd(t *testing.T) {
	api, err := srvAPI()
	if err != nil {
		t.Fatal(err)
	}
	fake := botpresstest.NewFake()
	var statuses srvStatusRecorder
	srv := httptest.NewServer(botpress.NewHandler(fake, botpress.WithHandlerMiddleware(statuses.middleware)))
	defer srv.Close()
	client := botpress.NewClient(botpress.WithBaseURL(srv.URL), botpress.WithToken("t"), botpress.WithRetryPolicy(botpress.NoRetry()))
	fakeValue := reflect.ValueOf(fake).Elem()
	clientValue := reflect.ValueOf(client)
	if got := len(api.Operations); got != 96 {
		t.Errorf("%d operations, want 96", got)
	}
	for _, op := range api.Operations {
		for round := range 3 {
			f := newSrvFiller(fmt.Sprintf("%s/%d", op.Name, round))
			method := clientValue.MethodByName(op.Name)
			in := reflect.New(method.Type().In(1).Elem())
			for _, prm := range op.Params {
				if prm.Required || f.rnd.IntN(4) > 0 {
					f.param(in.Elem().FieldByName(prm.Field.Name), prm)
				}
			}
			if op.Body != nil && op.Body.Inline {
				f.fillNamed(in.Elem(), op.Input)
			} else if op.Body != nil && (op.Body.Required || f.rnd.IntN(2) == 0) {
				f.fill(in.Elem().FieldByName(op.Body.Field.Name), op.Body.Field.Type)
			}
			out := reflect.New(method.Type().Out(0).Elem())
			f.fillNamed(out.Elem(), op.Output)
			fn := fakeValue.FieldByName(op.Name + "Func")
			fn.Set(reflect.MakeFunc(fn.Type(), func([]reflect.Value) []reflect.Value {
				return []reflect.Value{out, reflect.Zero(reflect.TypeFor[error]())}
			}))

			res := method.Call([]reflect.Value{reflect.ValueOf(context.Background()), in})
			if err, _ := res[1].Interface().(error); err != nil {
				t.Errorf("%s (round %d): %v\ninput: %s", op.Name, round, err, srvJSON(in.Interface()))
				continue
			}
			calls := fake.Calls()
			last := calls[len(calls)-1]
			if last.Operation != op.Name {
				t.Errorf("%s: the server recorded %s", op.Name, last.Operation)
				continue
			}
			if diff := cmp.Diff(in.Interface(), last.Input, srvCompare); diff != "" {
				t.Errorf("%s (round %d): the server decoded another input (-sent +decoded):\n%s", op.Name, round, diff)
			}
			if diff := cmp.Diff(out.Interface(), res[0].Interface(), srvCompare); diff != "" {
				t.Errorf("%s (round %d): the client decoded another output (-answered +decoded):\n%s", op.Name, round, diff)
			}
			if statuses.status != op.Status {
				t.Errorf("%s: status %d, want %d", op.Name, statuses.status, op.Status)
			}
		}
	}
	if n := len(fake.CreateConversationCalls()); n != 3 {
		t.Errorf("CreateConversationCalls() has %d inputs, want 3", n)
	}
}

func srvJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
