package rt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"unicode"
)

// serverTestVariantA and serverTestVariantB are the variants of serverTestUnion.
type serverTestVariantA struct {
	Alpha int `json:"alpha"`
}

type serverTestVariantB struct {
	Beta int `json:"beta"`
}

// serverTestUnion is shaped like a generated union.
type serverTestUnion struct {
	A *serverTestVariantA
	B *serverTestVariantB
}

func (u *serverTestUnion) UnmarshalJSON(b []byte) error {
	*u = serverTestUnion{}
	if a := new(serverTestVariantA); jsonStrict(b, a) == nil {
		u.A = a
		return nil
	}
	u.B = new(serverTestVariantB)
	return json.Unmarshal(b, u.B)
}

// serverTestOpen is shaped like a generated object that keeps undeclared properties.
type serverTestOpen struct {
	Known                *string                   `json:"known,omitempty"`
	AdditionalProperties map[string]serverTestItem `json:"-"`
}

func (v *serverTestOpen) UnmarshalJSON(b []byte) error {
	type plain serverTestOpen
	if err := json.Unmarshal(b, (*plain)(v)); err != nil {
		return err
	}
	var err error
	v.AdditionalProperties, err = jsonExtraFields[serverTestItem](b, "known")
	return err
}

// serverTestShapes has a property of each shape the scan knows.
type serverTestShapes struct {
	Thing    serverTestThing              `json:"thing"`
	Nullable Nullable[serverTestItem]     `json:"nullable"`
	Union    serverTestUnion              `json:"union"`
	Open     serverTestOpen               `json:"open"`
	Map      map[string]*serverTestItem   `json:"map"`
	List     [][]serverTestItem           `json:"list"`
	Self     *serverTestShapes            `json:"self"`
	Any      any                          `json:"any"`
	Raw      json.RawMessage              `json:"raw"`
	Embedded                              // promoted
	Opaque   map[string]map[string]string `json:"opaque"`
}

type Embedded struct {
	Inner string `json:"inner"`
}

// serverTestScan scans body as the JSON of a T with the default depth limit.
func serverTestScan[T any](body string) error {
	c := serverJSONScan{d: []byte(body), maxDepth: serverDefaultMaxJSONDepth}
	return c.scan(serverJSONShapeOf(reflect.TypeFor[*T]()))
}

// serverTestMany is an object with 40 members, enough to be indexed, then last.
func serverTestMany(last string) string {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"k` + strings.Repeat("x", i) + `":1,`)
	}
	return b.String() + last + "}"
}

func TestServerJSONScan(t *testing.T) {
	many := serverTestMany
	deep := func(n int) string { return strings.Repeat("[", n) + strings.Repeat("]", n) }
	tests := []struct{ body, want string }{
		{`{"a":1,"b":[1,2,{"c":"d"}],"e":{"f":null,"g":true,"h":false},"i":-1.5e+10,"j":0}`, ""},
		{` "caf\u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t ☕" `, ""},
		{`{"a":1,"a":2}`, `a: duplicate of property "a"`},
		{`{"channel":"web","CHANNEL":"x"}`, `CHANNEL: duplicate of property "channel"`},
		{`{"k":1,"\u212a":2}`, "\u212a: duplicate of property \"k\""}, // the Kelvin sign folds to k
		{`{"ſ":1,"S":2}`, `S: duplicate of property "ſ"`},             // so does the long s to s
		{`{"\u0061":1,"A":2}`, `A: duplicate of property "a"`},
		{`{"é":1,"É":2}`, `É: duplicate of property "é"`},
		{`{"x":{"y":[{},{"a":1,"A":2}]}}`, `x.y[1].A: duplicate of property "a"`},
		{many(`"kxxx":2`), `kxxx: duplicate of property "kxxx"`},
		{many(`"KXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX":2`), `KXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX: duplicate of property "kxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"`},
		{many(`"other":2`), ""},
		{`[{"a":1},{"a":1}]`, ""}, // the same name in sibling objects
		{deep(64), ""},
		{deep(65), "malformed JSON at offset 64: nesting deeper than 64 levels"},
		{`{"a":"` + "\xff" + `"}`, "a: invalid UTF-8 at offset 6"},
		{`["ok","` + "\xe2\x82" + `"]`, "[1]: invalid UTF-8 at offset 7"},
		{`{"` + "\xc0\xaf" + `":1}`, "invalid UTF-8 at offset 2"},
		{`"\ud800"`, "invalid UTF-16 surrogate escape at offset 1"},
		{`"\udc00\ud800"`, "invalid UTF-16 surrogate escape at offset 1"},
		{`"\ud800\u0041"`, "invalid UTF-16 surrogate escape at offset 1"},
		{`{"a":}`, "malformed JSON"},
		{`{"a" 1}`, "malformed JSON"},
		{`{"a":1,}`, "malformed JSON"},
		{`[1,]`, "malformed JSON"},
		{`{,}`, "malformed JSON"},
		{`01`, "malformed JSON at offset 1: invalid character after top-level value"},
		{`1.`, "malformed JSON"},
		{`-`, "malformed JSON"},
		{`1e`, "malformed JSON"},
		{`tru`, "malformed JSON"},
		{`nul`, "malformed JSON"},
		{`"a` + "\x01" + `"`, "malformed JSON"},
		{`"\q"`, "malformed JSON"},
		{`"\u12"`, "malformed JSON"},
		{`"abc`, "malformed JSON at offset 4: unexpected end of JSON input"},
		{`{"a":1}x`, "malformed JSON"},
		{`[`, "malformed JSON"},
		{``, "malformed JSON"},
	}
	for _, tt := range tests {
		err := serverTestScan[json.RawMessage](tt.body) // decoded by a type the scan does not know
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%.60q: %v", tt.body, err)
		case tt.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tt.want)):
			t.Errorf("%.60q: error %v, want %q", tt.body, err, tt.want)
		}
	}
}

func TestServerJSONScanCaseSensitive(t *testing.T) {
	const hint = ": unknown property; property names are case-sensitive (the schema declares "
	tests := []struct{ body, want string }{
		{`{"thing":{"name":"a","items":[{"id":1}]},"nullable":{"id":1},"union":{"alpha":1},"open":{"known":"k","other":{"id":1}}}`, ""},
		{`{"map":{"K":{"id":1}},"list":[[{"id":1}]],"self":{"self":{"thing":{}}},"inner":"i"}`, ""},
		{`{"any":{"ID":1},"raw":{"ID":1},"opaque":{"A":{"B":"c"}},"undeclared":{"ID":1}}`, ""},
		{`{"nullable":null,"union":{"beta":2},"union2":{"ALPHA":1}}`, ""},
		{`{"Thing":{}}`, `Thing` + hint + `"thing")`},
		{`{"thing":{"NAME":"a"}}`, `thing.NAME` + hint + `"name")`},
		{`{"thing":{"items":[{"id":1},{"Id":1}]}}`, `thing.items[1].Id` + hint + `"id")`},
		{`{"nullable":{"ID":1}}`, `nullable.ID` + hint + `"id")`},
		{`{"union":{"Alpha":1}}`, `union.Alpha` + hint + `"alpha")`},
		{`{"union":{"BETA":1}}`, `union.BETA` + hint + `"beta")`},
		{`{"open":{"KNOWN":"k"}}`, `open.KNOWN` + hint + `"known")`},
		{`{"open":{"other":{"ID":1}}}`, `open.other.ID` + hint + `"id")`},
		{`{"map":{"k":{"iD":1}}}`, `map.k.iD` + hint + `"id")`},
		{`{"list":[[],[{"ID":1}]]}`, `list[1][0].ID` + hint + `"id")`},
		{`{"self":{"self":{"THING":{}}}}`, `self.self.THING` + hint + `"thing")`},
		{`{"Inner":"i"}`, `Inner` + hint + `"inner")`},
		{`{"\u212aey":1,"key":2}`, "key: duplicate of property \"\u212aey\""},
		// Map keys are kept as they are: only exact duplicates are refused.
		{`{"map":{"k":{"id":1},"K":{"id":2}},"any":{"a":[{"b":1,"B":2}],"A":1},"open":{"x":{"id":1},"X":{"id":1}}}`, ""},
		{`{"map":{"k":{"id":1},"k":{"id":2}}}`, `map.k: duplicate of property "k"`},
		{`{"any":[{"b":1,"b":2}]}`, `any[0].b: duplicate of property "b"`},
		{`{"open":{"x":{"id":1},"X":{"id":1}},"OPEN":1}`, `OPEN: duplicate of property "open"`},
	}
	for _, tt := range tests {
		err := serverTestScan[serverTestShapes](tt.body)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.body, err)
		case tt.want != "" && (err == nil || err.Error() != tt.want):
			t.Errorf("%s: error %v, want %q", tt.body, err, tt.want)
		}
	}
	// The shapes that checked the bodies decode them as encoding/json does.
	var v serverTestShapes
	if err := json.Unmarshal([]byte(`{"union":{"beta":2},"open":{"known":"k","other":{"id":1}},"nullable":{"id":3}}`), &v); err != nil ||
		v.Union.B == nil || v.Open.AdditionalProperties["other"].ID != 1 || !v.Nullable.IsSet() {
		t.Errorf("decoded %+v, %v", v, err)
	}
}

// serverTestLoose is a body whose schema lets undeclared properties through.
type serverTestLoose struct {
	Note *string `json:"note,omitempty"`
}

func TestServerBodyChecks(t *testing.T) {
	var got *serverTestLoose
	h := serverTestHandler([]serverRoute{serverTestBodyRoute(true), {method: "POST", path: "/loose", serve: func(_ serverOps, _ context.Context, x *serverExchange) error {
		got = new(serverTestLoose)
		if err := x.decodeBody(got, true); err != nil {
			return err
		}
		return serverReply(x, http.StatusCreated, got, nil)
	}}}, WithAuthenticator(nil), WithMaxJSONDepth(3))
	ct := []string{"Content-Type", "application/json"}
	if w := serverTestDo(h, "POST", "/loose", []byte(`{"note":"n","other":[[1]]}`), ct...); w.Code != http.StatusCreated || *got.Note != "n" {
		t.Errorf("loose body: %d %s", w.Code, w.Body)
	}
	if w := serverTestDo(h, "PUT", "/things/1", []byte(`{"name":"ab","tags":{"a":"1","A":"2"}}`), ct...); w.Code != http.StatusCreated {
		t.Errorf("map keys that differ in case: %d %s", w.Code, w.Body)
	}
	bad := []struct{ method, path, body, msg string }{
		{"PUT", "/things/1", `{"name":"ab","NAME":null}`, `body.NAME: duplicate of property "name"`},
		{"PUT", "/things/1", `{"name":"ab","tags":{"a":"1","a":"2"}}`, `body.tags.a: duplicate of property "a"`},
		{"POST", "/loose", `{"NOTE":"unchecked"}`, `body.NOTE: unknown property; property names are case-sensitive (the schema declares "note")`},
		{"POST", "/loose", `{"note":"` + "\xfe" + `"}`, "body.note: invalid UTF-8 at offset 9"},
		{"POST", "/loose", `{"other":[[[1]]]}`, "body: malformed JSON at offset 11: nesting deeper than 3 levels"},
		{"POST", "/loose", `{"note":"n"`, "body: malformed JSON at offset 11: unexpected end of JSON input"},
	}
	for _, c := range bad {
		info := serverTestEnvelope(t, serverTestDo(h, c.method, c.path, []byte(c.body), ct...), 400, "InvalidPayload")
		if info.Message != c.msg {
			t.Errorf("%s: message %q, want %q", c.body, info.Message, c.msg)
		}
	}
}

// FuzzServerJSONScan checks the scan against encoding/json: it accepts only JSON, and
// refuses JSON only for what it checks beyond the syntax.
func FuzzServerJSONScan(f *testing.F) {
	for _, s := range []string{`{"a":[1,{"b":null}],"c":"d"}`, `{"a":1,"A":2}`, `"\ud800"`, "\"\xff\"", `[[[]]]`, `-0.1e-5`, `{"k":{"\u212a":1}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		err := serverTestScan[serverTestShapes](body)
		var syntax *serverJSONSyntaxError
		valid := json.Valid([]byte(body))
		switch {
		case err == nil && !valid:
			t.Fatalf("accepted invalid JSON %q", body)
		case errors.As(err, &syntax) && valid && !strings.Contains(syntax.msg, "nesting"):
			t.Fatalf("refused valid JSON %q: %v", body, err)
		case err == nil:
			var v serverTestShapes
			_ = json.Unmarshal([]byte(body), &v) // must not panic
		}
	})
}

// BenchmarkServerJSONScan compares the scan of a typical body with its decoding by
// encoding/json, which the scan precedes: the scan's share of the decoding's cost.
func BenchmarkServerJSONScan(b *testing.B) {
	body := []byte(`{"name":"channel","email":"a@b.c","tags":{"telegram:id":"1234567890","telegram:chatId":"-1001234567890","telegram:fromUserId":"987654321"},"items":[{"id":1},{"id":2}]}`)
	x := &serverExchange{h: &serverHandler{}, body: body}
	t := reflect.TypeFor[*serverTestThing]()
	b.Run("scan", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if err := x.scanBody(t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("unmarshal", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var v serverTestThing
			if err := json.Unmarshal(body, &v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestServerFoldName checks that names fold alike exactly when encoding/json, which
// uses bytes.EqualFold's rules, would match one for the other.
func TestServerFoldName(t *testing.T) {
	same := func(a, b string) bool {
		return string(serverFoldName(nil, []byte(a))) == string(serverFoldName(nil, []byte(b)))
	}
	for r := rune(0); r <= 0x1FFFF; r++ { // every rune with a case is below 0x1E944
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		for _, o := range []rune{unicode.SimpleFold(r), r + 1, unicode.ToUpper(r), unicode.ToLower(r)} {
			a, b := string(r), string(o)
			if same(a, b) != bytes.EqualFold([]byte(a), []byte(b)) {
				t.Fatalf("%U and %U: folded alike %v, bytes.EqualFold %v", r, o, same(a, b), !same(a, b))
			}
		}
	}
	if !same("kelvin", "\u212aELVIN") || !same("ſtatus", "STATUS") || same("channel", "channe1") {
		t.Error("Kelvin sign, long s or a different name")
	}
}
