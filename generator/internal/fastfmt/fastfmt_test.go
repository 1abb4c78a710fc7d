package fastfmt

import (
	"errors"
	"go/format"
	"strings"
	"testing"
)

// cases are files the way jennifer renders them (no indentation, its own
// spacing), each with the declarations it should lay out itself: the test
// fails both when the output differs from go/format's and when the fast
// path silently stops being taken.
var cases = []struct {
	name string
	src  string
	laid int // declarations (chunks) laid out without go/format
}{
	{"struct", "type A struct{\n// ID is an id.\nID string `json:\"id\"`\n// N is a count.\nN * int `json:\"n,omitempty\"`\n}", 1},
	{"aligned", "type A struct{\nID string `json:\"id\"`\nLongerName map[string] any `json:\"longerName\"`\nX [] * pkg.T\nY Nullable[string] `json:\"y\"`\n// c\nZZ int `json:\"zz\"`\nW G[A,map[string] B] `json:\"w\"`\n}", 1},
	{"one field", "type A struct{\nName string `json:\"name\"`\n}", 1},
	{"untagged", "type A struct{\nA int\nBbbbbb int\n}", 1},
	{"empty", "type A struct{}", 1},
	{"embedded", "type A struct{\nInfo\n}\n\ntype B struct{\nA int `json:\"a\"`\nBbbbbb string `json:\"b\"`\n* Info\nC int `json:\"c\"`\nDddd map[string] int\n// x\nE\nF\n}\n\ntype C struct{\nA int\nB\n}", 3},
	{"embedded qualified", "type A struct{\npkg.T\n}", 0},
	{"unicode", "type Ä struct{\nÄbc string `json:\"äbc\"`\nD int `json:\"d\"`\n}", 1},
	{"arrays", "type A [4] byte\n\ntype B = [] string\n\ntype C map[string] [] * D", 3},
	{"enum", "// E is an enum.\ntype E string\nconst (\n// EA is a.\nEA E = \"a\"\n// EB is b.\nEB E = \"b\"\n)", 2},
	{"consts", "const (\nA = 1\nBbbb = -2\nC = 3.5\n)\n\nconst (\nA T = 1\nBbbbb = 2\nC TT = 3\n)\n\nconst (\nA T = \"x\"\n)", 3},
	{"doc paragraphs", "// T is a type.\n//\n// It has a list:\n//   - one\n//   - two\n//\n// Code:\n//     x := 1\ntype T int", 1},
	{"doc trailing spaces", "// T is t.\u00a0\n// More.\t\ntype T int\n\n// F is f.\u3000\nfunc F () {\nreturn\n}\n\ntype A struct{\n// B is b.\u2003\nB int\n}", 2},
	{"doc tab", "// Code:\n//\tx := 1\ntype T int", 0},
	{"doc heading", "// T is a type.\n//\n// Details\n//\n// More text here.\ntype T int", 1},
	{"field doc list", "type A struct{\n// F is:\n//  - a\n//  - b\nF int `json:\"f\"`\nG int `json:\"g\"`\n}", 1},
	{"doc link def", "// T is [x].\n//\n// [x]: https://example.com\ntype T int", 1},
	{"quotes", "// T is ``quoted'' and '''' too.\ntype T int\n\ntype A struct{\n// F is ``f''.\nF int\n}", 2},
	{"two decls", "type A int\ntype B int\n// C is c.\ntype C int\nconst (\nX A = 1\n)", 4},
	{"func stmts", "// F does.\nfunc (c * Client) F (ctx context.Context,in * X,opts ... Option) (* Y,error) {\nif in == nil {\nin = new(X)\n} else if in . A != nil && ! in . B {\nreturn nil,errors . New (\"x\")\n} else {\nx,y := 1,2\n_,_ = x,y\n}\nfor i := 0;i < len(opts);i++ {\ncontinue\n}\nfor k,v := range in . M {\ndefer f (k,v)\n}\nfor range 3 {\nbreak\n}\nswitch v := in . T . (type) {\ncase int,string:\ngo g ()\ndefault:\n}\nswitch {\ncase in . N > 0:\nin . N--\n}\nvar z int = 3\nvar w [] string\n_ = z\n_ = w\n\nreturn & Y {},nil\n}", 1},
	{"binary", "func f () {\n_ = a + b * c\n_ = a * b + c\n_ = f (a + b)\n_ = f (a + b,c)\n_ = s [i + 1]\n_ = s [i + 1 : j]\n_ = s [i : j]\n_ = s [: n]\n_ = a == b || c != d && e < f\n_ = x << 2 | y\n_ = - x + y\n_ = a / * p\n_ = (a + b) * c\n_ = m [k] . f (x) [0] . g\n}", 1},
	{"literals", "func f () {\nreq := clientRequest {\nmethod:\"GET\",\npath:\"/v1/x\",\nveryLongKeyName:1,\n}\n_ = req\nx := map[string] int {\"a\":1,\"bb\":2}\n_ = x\ny := [] T {\n{A : 1},\n{A : 2},\n}\n_ = y\nz := T {\nA : 1,\nAVeryVeryVeryLongFieldNameThatIsLongerThanForty : 2,\nB : 3,\nC : U {\nD : 4,\n},\nE : 5,\n}\n_ = z\n_ = 'x'\n_ = `raw`\n_ = 1.5\n}", 1},
	{"multi-line value on one line", "func f () {\n_ = map[int] T {\nAaaaaaaaaaaaa:0,\n1:0,\n2:{\n},\n3:T{\nA:1,\n},\n4:0,\n}\n}", 1},
	{"calls", "func f () error {\nreturn g (a,\nb,\n)\n}\n\nfunc h () {\nk (func (x int) bool {\nreturn x > 0\n})\nl (T {\nA : 1,\n})\nm (a,b ...)\n}", 2},
	{"func types", "func f (g func (int) (string,error),m map[string] [] int,h ... [] * T) (x int,err error) {\nvar _ interface{}\nvar _ struct{}\nreturn\n}", 1},
	{"tight funcs", "func a () {\nreturn\n}\n// B is b.\nfunc b () {\nreturn\n}\nfunc c () {\nreturn\n}\ntype T int\nfunc (T) d () {\nreturn\n}", 5},
	{"one-line funcs", "func a () {}\nfunc bbbbbb () {}\nfunc c () {\nreturn\n}", 1},
	{"comment inside", "func f () {\n// c\nreturn\n}", 0},
	{"generic func", "func f [T any] (x T) {\nreturn\n}", 0},
	{"label", "func f () {\nL:\nfor {\nbreak L\n}\n}", 0},
	{"merging operators", "func f () {\n_ = a < 0 + + b % c\n}", 0}, // go/printer separates "+ +"
	{"multi-line binary", "func f () bool {\nreturn a &&\nb\n}", 0},
	{"multi-line results", "func f () (int,int) {\nreturn 1,\n2\n}", 0},
	{"paren cond", "func f () {\nif (a) {\nreturn\n}\n}", 0},
	{"hex", "func f () {\n_ = 0X1F\n}", 0},
	{"paren result", "func f () (int) {\nreturn 0\n}", 1},
	{"blank lines", "func f () {\n\nx := 1\n\n\n_ = x\n\n}", 1},
	{"func type", "type Option func (* Client)\n\ntype H func (ctx context.Context,in * pkg.In,opts ... Option) (* pkg.Out,error)\n\ntype F func ()\n\ntype G func (a,b int,s [] string,n [4] byte,m map[string] G[T]) (x int,err error)\n\ntype K func (func (int) bool) func () error\n\ntype V func (... [] T)", 6},
	{"func type results", "type A func (A0) (A)\n\ntype B func () (* pkg.T)\n\ntype C func () (a A)\n\ntype D func () (func () error)\n\ntype E func () (A,error)", 5},
	{"func fields", "type Fake struct{\n// AFunc answers A.\nAFunc func (ctx context.Context,in * p.AInput) (* p.AOutput,error)\n// LongerNameFunc answers.\nLongerNameFunc func (ctx context.Context) error\nmu sync.Mutex\n}", 1},
	{"blank lines in struct", "type A struct{\nA int `json:\"a\"`\nBbbbbb string `json:\"b\"`\n\n\nmu sync.Mutex\ncalls [] Call\n}\n\ntype B struct{\nA int\n\nB int\n}\n\ntype C struct{\n// F is f.\nF int\n\n// G is g.\n//   - a list\nGgg int\n}", 3},
	{"blank lines at the ends", "type A struct{\n\nA int\nB int\n}\n\ntype B struct{\nA int\nB int\n\n}", 0},
	{"blank line after a comment", "type A struct{\nA int\n// free\n\nB int\n}", 0},
	{"func type unknown", "type A func (c chan int)\n\ntype B func (x [N] int)", 0},
	{"interface", "// S is served.\ntype S interface{\n// A does a.\nA (ctx context.Context,in * AInput) (* AOutput,error)\n// B does\n//   - b\nB ()\nC (x ... int) error\n}", 1},
	{"interface blank", "type S interface{\nA ()\n\nB ()\n}", 0},
	{"vars", "var routes = [] route {\n{name : \"A\",method : \"GET\",path : \"/a\"},\n{name : \"Bbbb\",method : \"POST\",path : \"/b/{id}\"},\n}\n\n// ErrX is x.\nvar ErrX = errors.New (\"x\")\nvar _ S = U {}\n\nvar p = regexp.MustCompile (\"^[a-z]+$\")", 4},
	// go/format's, one way or another:
	{"directive", "//go:generate echo\ntype T int", 0},
	{"func", "func f () {\nreturn\n}", 1},
	{"trailing comment", "type A struct{\nA int // a\n}", 0},
	{"chan", "type A chan int", 0},
	{"iota", "const (\nA T = iota\nB\n)", 0},
	{"exponent", "const (\nA = 1e6\n)", 0},
	{"tab in tag", "type A struct{\nA int `json:\"a\tb\"`\n}", 0},
	{"free comment", "// A free comment.\n\ntype A int", 1},
	{"comment at end", "type A struct{\nA int\n// dangling\n}", 0},
	{"keyword then paren", "const()\nconst (\nA = 0\n)\nvar(\nB = 1\n)\nvar C = 2", 2},
	{"comment after a declaration", "type A A.\nA\n//\n\nconst (\nA = 0\n)", 0}, // the whole file: see endsInComment
	{"keyword at a line end", "var\n()\nvar A = 0\n\nconst\nB = 1\n\ntype\nT int", 1},
	{"comment after the last function", "func f () {\nreturn\n} // x", 0},
	{"comment after the last var", "func f () {\nreturn\n}\n\nvar A = 0 // c", 1},
	{"control characters", "//\f0\n\ntype A A\n\ntype B struct{\nB int // \v\n}\n\nconst C = \"\f\"", 0}, // the whole file: see hasControl
	{"indented declaration", "//\n type A A\ntype B B\n\n//F is f.\n  func F () {\nreturn\n}\nfunc G () {\nreturn\n}\n\n//H is h.\n  //More.\ntype H int", 2},
	{"integer before a dot", "func f () {\nf(0 ...)\nf(0 .A, 1 .(int), 2.0, 0x1 .B)\n}", 1},
	{"names on two lines", "var A,\nB = 0, 1\n\nvar C, D = 2, 3\n\nfunc f () {\nvar a,\nb int\nvar c, d = 4,\n5\n}", 1}, // names that break lines go to go/format
	{"several in a part", "var A = 1 // a\nconst B = 2\nconst (\nC = 3\n)", 1},
}

const header = "// Code generated by test. DO NOT EDIT.\n\npackage p\n\nimport \"time\"\n\n\n"

func TestSourceIsGoFormat(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := []byte(header + c.src + "\n")
			want, err := format.Source(src)
			if err != nil {
				t.Fatalf("go/format: %v", err)
			}
			got, err := Source(src)
			if err != nil {
				t.Fatalf("Source: %v", err)
			}
			if string(got) != string(want) {
				t.Errorf("Source differs from go/format\n--- got:\n%s\n--- want:\n%s", got, want)
			}
			_, at, err := layOut(chunks(src), len(src))
			if err != nil && !errors.Is(err, errTrailing) {
				t.Fatal(err)
			}
			laid := 0
			for _, a := range at {
				if a[1] > a[0] {
					laid++
				}
			}
			if laid != c.laid {
				t.Errorf("laid out %d declarations, want %d", laid, c.laid)
			}
		})
	}
}

func TestSourceReportsWhatGoFormatReports(t *testing.T) {
	for _, decls := range []string{
		"type A struct{\nA int\n}\n\nfunc f( {",
		"type A struct{\ntype int\n}",
		"type A struct{\nA map[string]\n}",
		"const (\nA = \"\\q\"\n)",
		"type A struct{\nA int `json:\"a\"\n}",
		"type A func (a,b ... int)",
		"type A func (A,A ... A)",
		"type A func () (a ... A)",
	} {
		src := []byte(header + decls + "\n")
		_, err := Source(src)
		_, want := format.Source(src)
		if err == nil || want == nil || err.Error() != want.Error() {
			t.Errorf("%q: Source: %v; go/format: %v", decls, err, want)
		}
	}
}

func TestSameCode(t *testing.T) {
	src := []byte("package p\n\n// A is a.\ntype A struct{\nB * int `json:\"b\"`\n}\n")
	for out, want := range map[string]bool{
		"package p\n\n// A is a.\ntype A struct {\n\tB *int `json:\"b\"`\n}\n":      true,
		"package p\n\n// A is “a”.\ntype A struct {\n\tB *int `json:\"b\"`\n}\n":    true,  // comments may change
		"package p\n\ntype A struct {\n\tB *int `json: \"b\"`\n}\n":                 false, // a tag may not
		"package p\n\ntype A struct {\n}\n":                                         false,
		"package p\n\n// A is a.\ntype A struct {\n\tB *int `json:\"b\"` // b\n}\n": false, // a comment may not be added
		"package p\n\ntype A struct {\n\tB *int `json:\"b\"`\n}\n":                  false, // nor dropped
		"package p\n\ntype A struct {\n\tB *int `json:\"b\"`\n}\ntype A int\n":      false,
	} {
		if got := sameCode(src, []byte(out)); got != want {
			t.Errorf("sameCode(%q) = %v, want %v", out, got, want)
		}
	}
}

func TestVerifyCatchesADifference(t *testing.T) {
	if err := same([]byte(header+"type A int\n"), []byte("package p\n")); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("same = %v, want a difference at line 1", err)
	}
}

// FuzzSource checks that Source gives what go/format gives, and fails
// where it fails, whatever the declarations look like.
func FuzzSource(f *testing.F) {
	for _, c := range cases {
		f.Add(c.src)
	}
	f.Fuzz(func(t *testing.T, decls string) {
		src := []byte(header + decls + "\n")
		want, werr := format.Source(src)
		got, err := Source(src)
		if (err != nil) != (werr != nil) {
			t.Fatalf("Source error %v, go/format error %v", err, werr)
		}
		if werr == nil && string(got) != string(want) {
			t.Fatalf("Source differs from go/format\n--- got:\n%s\n--- want:\n%s", got, want)
		}
	})
}
