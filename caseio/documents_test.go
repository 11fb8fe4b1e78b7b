package caseio

import (
	"fmt"
	"strings"
	"testing"
)

// TestDocuments pins where documents start.
func TestDocuments(t *testing.T) {
	type pos struct{ line, col int }
	for _, tc := range []struct {
		in   string
		want []pos
	}{
		{"a: 1\n", []pos{{1, 1}}},
		{"", []pos{{1, 1}}},
		{"# only a comment\n", []pos{{1, 1}}},
		{"---\na: 1\n", []pos{{2, 1}}},
		{"a: 1\n---\nb: 2\n", []pos{{1, 1}, {3, 1}}},
		{"a: 1\n---\n---\nb: 2\n...\n", []pos{{1, 1}, {4, 1}}},
		{"a: 1\n--- {b: 2}\n", []pos{{1, 1}, {2, 5}}},
		{"a: \"---\"\nb: |\n  ---x\n", []pos{{1, 1}}}, // not markers
		{"a: 1\n----\n", []pos{{1, 1}}},
		{"{}{}", []pos{{1, 1}, {1, 3}}},
		{"{}\n\n  {\"a\":\n1}\n{}", []pos{{1, 1}, {3, 3}, {5, 1}}},
		{"{\"a\":\"中文\"} {}", []pos{{1, 1}, {1, 12}}},
		{"{} {", []pos{{1, 1}, {1, 4}}}, // the bad rest is one document, for the parser to report
		{"\ufeff{}", []pos{{1, 2}}},
		{"a: 1\r\n---\r\nb: 2\r\n", []pos{{1, 1}, {3, 1}}},
	} {
		var got []pos
		for _, d := range Documents([]byte(tc.in)) {
			got = append(got, pos{d.Line, d.Col})
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q: documents at %v, want %v", tc.in, got, tc.want)
		}
	}
}

// FuzzDocuments: documents are in order, do not overlap, lie inside
// the input, and their positions are where they are in it.
func FuzzDocuments(f *testing.F) {
	for _, s := range []string{"a: 1\n---\nb: 2\n", "{}{}", "{\"a\":1}\n{\"b\":", "--- {a: 1}\n...\n", "\ufeff---\r\n{}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		docs := Documents(src)
		if len(docs) == 0 {
			t.Fatal("no document")
		}
		prev := 0
		for _, d := range docs {
			off := cap(src) - cap(d.Src)
			if len(src) == 0 {
				off = 0
			}
			if off < prev || off+len(d.Src) > len(src) {
				t.Fatalf("document at %d..%d out of order or outside %d bytes", off, off+len(d.Src), len(src))
			}
			line, col := advance(src[:off], 1, 1)
			if line != d.Line || col != d.Col {
				t.Fatalf("document at byte %d: says %d:%d, is at %d:%d", off, d.Line, d.Col, line, col)
			}
			prev = off + len(d.Src)
		}
	})
}

// TestParseRefusesSeveralDocuments: a YAML input of two cases is refused at
// the second, naming the count, never read as its first; markers around one
// document are fine.
func TestParseRefusesSeveralDocuments(t *testing.T) {
	one := "region: \"310000\"\nas_of: 2026-11-28\nledger: [{from: 2020-01, to: 2026-10, scheme: employee, status: paid}]\n"
	for _, tc := range []struct{ name, src, want string }{
		{"one", one, ""},
		{"one between markers", "---\n" + one + "...\n", ""},
		{"one and a comment document", one + "---\n# nothing here\n", ""},
		{"two", one + "---\n" + one, "5:1: 2 documents in one input"},
		{"three", one + "---\n" + one + "--- " + one, "5:1: 3 documents in one input"},
	} {
		_, err := Parse([]byte(tc.src))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
