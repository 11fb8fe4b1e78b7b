package strictyaml

import (
	"strings"
	"testing"
)

type inner struct {
	N int    `json:"n"`
	S string `json:"s,omitempty"`
}

type doc struct {
	Name  string  `json:"name"`
	Items []inner `json:"items,omitempty"`
	Flag  bool    `json:"flag,omitempty"`
}

func TestDecodeCollectsEveryError(t *testing.T) {
	src := "name: x\nitems:\n  - n: one\n  - s: y\n    bad: 1\nflag: maybe\nname: again\n"
	var d doc
	_, err := Decode([]byte(src), &d)
	es, ok := err.(Errors)
	if !ok {
		t.Fatalf("want Errors, got %v", err)
	}
	want := []string{
		`3:8: items[0].n: got "one", want an integer`,
		`4:5: items[1].n: required field "n" is missing`,
		`5:5: items[1].bad: unknown field "bad"`,
		`6:7: flag: got "maybe", want true or false`,
		`7:1: name: field "name" is already defined at line 1`,
	}
	if len(es) != len(want) {
		t.Fatalf("got %d errors:\n%v", len(es), es)
	}
	for i, w := range want {
		if !strings.HasPrefix(es[i].Error(), w) {
			t.Errorf("error %d = %q, want prefix %q", i, es[i].Error(), w)
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	var d doc
	if _, err := Decode([]byte(`{"name": "x", "items": [{"n": 2}]}`), &d); err != nil {
		t.Fatal(err)
	}
	if d.Name != "x" || len(d.Items) != 1 || d.Items[0].N != 2 {
		t.Fatalf("decoded %+v", d)
	}
}

func TestDecodeRejectsAliases(t *testing.T) {
	var d doc
	_, err := Decode([]byte("name: &a x\nitems: [{n: 1, s: *a}]\n"), &d)
	if err == nil || !strings.Contains(err.Error(), "aliases are not allowed") {
		t.Fatalf("want alias error, got %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"name: x", "items: [{n: 1}]", "{", "- a\n- b", "name: &a x\nflag: *a", "\tname: x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var d doc
		_, err := Decode([]byte(s), &d)
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("error of type %T", err)
			}
		}
	})
}

// TestSyntaxErrorPositions: a JSON syntax error is placed at the byte the
// JSON reader stopped on (the YAML parser names no column, and for JSON its
// line is the enclosing bracket's); a YAML syntax error keeps the line the
// YAML parser names, at column 1.
func TestSyntaxErrorPositions(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		// JSON: line:col of the bad byte
		{"json double comma", `{"name": "x",, "flag": true}`, `1:14: JSON syntax: invalid character ',' looking for beginning of object key string`},
		{"json missing comma, line 3", "{\n  \"name\": \"x\"\n  \"flag\": true\n}", `3:3: JSON syntax: invalid character '"' after object key:value pair`},
		{"json unclosed list", `{"items": [{"n": 1}}`, `1:20: JSON syntax: invalid character '}' after array element`},
		{"json missing colon", `{"name" "x"}`, `1:9: JSON syntax: invalid character '"' after object key`},
		{"json wide characters before", `{"name": "泸州市",, "flag": true}`, `1:16: JSON syntax: invalid character ',' looking for beginning of object key string`},
		{"json tab before", "{\"name\":\t\"x\",\n\t]", `2:2: JSON syntax: invalid character ']' looking for beginning of object key string`},
		{"json end of input", `{"name": "x"`, `1:13: JSON syntax: unexpected end of JSON input`},
		{"json end of input after newline", "{\"name\":\n", `2:1: JSON syntax: unexpected end of JSON input`},
		// YAML: the parser's line (its parser errors counted from 1 like its
		// scanner errors), column 1
		{"yaml unclosed flow list", "name: x\nitems: [\n", `3:1: YAML syntax: did not find expected node content`},
		{"yaml bad indentation", "name: x\nitems:\n  - n: 1\n bad: 2\n", `4:1: YAML syntax: did not find expected key`},
		{"yaml mapping in a value", "name: a: b\n", `1:1: YAML syntax: mapping values are not allowed in this context`},
		{"yaml flow mapping, unquoted keys", "{name: x, items: [}\n", `1:1: YAML syntax: did not find expected node content`},
		{"yaml tab indentation", "name: x\nitems:\n\t- n: 1\n", `3:1: YAML syntax: found character that cannot start any token`},
		{"yaml unclosed flow mapping", "name: x\nitems:\n  - {n: 1\n  - {n: 2}\n", `3:1: YAML syntax: did not find expected ',' or '}'`},
		{"yaml unclosed quote", "name: \"x\nflag: true\n", `3:1: YAML syntax: found unexpected end of stream`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var d doc
			_, err := Decode([]byte(tc.src), &d)
			es, ok := err.(Errors)
			if !ok || len(es) != 1 {
				t.Fatalf("want one error, got %v", err)
			}
			if got := es[0].Error(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestOffsetPos(t *testing.T) {
	src := []byte("ab\n泸州x\n\nz")
	for _, tc := range []struct {
		off  int
		want Pos
	}{{0, Pos{1, 1}}, {2, Pos{1, 3}}, {3, Pos{2, 1}}, {9, Pos{2, 3}}, {10, Pos{2, 4}}, {11, Pos{3, 1}}, {12, Pos{4, 1}}, {13, Pos{4, 2}}, {99, Pos{4, 2}}, {-1, Pos{1, 1}}} {
		if got := OffsetPos(src, tc.off); got != tc.want {
			t.Errorf("OffsetPos(%d) = %v, want %v", tc.off, got, tc.want)
		}
	}
}
