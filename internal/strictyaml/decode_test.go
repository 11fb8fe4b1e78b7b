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
