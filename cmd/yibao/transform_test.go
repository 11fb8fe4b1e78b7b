package main

import (
	"strings"
	"testing"
)

// transformRows is a small ledger as Spark or Hive hands it to the script:
// NULLs as \N, a NULL trailing field, a bad row, two persons.
var transformRows = [][]string{
	{"A1", "510500", "2026-01", "flexible", "paid", "450000", `\N`},
	{"A1", "510500", "2026-02", "flexible", "paid", `\N`, "2026-02-15"},
	{"B2", "310000", "2026-13", "employee", "paid", "500000", `\N`},
	{"C3", "370200", "2026-07", "灵活就业", "已缴", "398000", "2026-07-20"},
}

func joinRows(rows [][]string, sep string) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(strings.Join(r, sep) + "\n")
	}
	return b.String()
}

// yibao transform answers in the delimiter it was given: TAB (Hive's serde,
// Spark with Hive support) or \x01 (Spark's own script transformation),
// found on the first line unless --delimiter says; fields raw, NULL as \N.
func TestTransformDelimiters(t *testing.T) {
	var want string
	for _, tc := range []struct {
		name, sep string
		args      []string
	}{
		{"tab", "\t", nil},
		{"ctrl-a", "\x01", nil},
		{"ctrl-a said", "\x01", []string{"--delimiter", "ctrl-a"}},
		{"tab said", "\t", []string{"--delimiter", "tab"}},
		{"pipe", "|", []string{"--delimiter", "|"}},
	} {
		args := append([]string{"transform", "--as-of", "2026-09-15"}, tc.args...)
		code, out, errOut := runCLI(t, joinRows(transformRows, tc.sep), args...)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.name, code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		if len(lines) != 2 {
			t.Fatalf("%s: want 2 results (B2 rejected), got %q", tc.name, out)
		}
		for _, l := range lines {
			f := strings.Split(l, tc.sep)
			if len(f) != 19 || strings.ContainsAny(l, `"`) {
				t.Errorf("%s: %d fields (want 19, unquoted): %q", tc.name, len(f), l)
			}
			for i, v := range f {
				if v == "" {
					t.Errorf("%s: field %d empty, want \\N: %q", tc.name, i+1, l)
				}
			}
		}
		if !strings.Contains(errOut, "rejected line 3: month:") || !strings.Contains(errOut, "4 in = 3 used + 1 rejected") {
			t.Errorf("%s: stderr %q", tc.name, errOut)
		}
		norm := strings.ReplaceAll(out, tc.sep, "\t")
		if want == "" {
			want = norm
		} else if norm != want {
			t.Errorf("%s: the rows differ from tab's:\n%s\nwant\n%s", tc.name, norm, want)
		}
	}
	if code, _, errOut := runCLI(t, "", "transform", "--delimiter", `""`); code != exitBadCase || !strings.Contains(errOut, "--delimiter") {
		t.Errorf("a bad --delimiter: %d %q", code, errOut)
	}
}

// A value with a double quote is read as written (neither Spark nor Hive
// quotes): a person id "Q1 is that person, and the rows after it are not
// swallowed into one quoted field.
func TestTransformQuotes(t *testing.T) {
	rows := [][]string{
		{`"Q1`, "510500", "2026-01", "flexible", "paid", "450000", `\N`},
		{`"Q1`, "510500", "2026-02", "flexible", "paid", "450000", `\N`},
		{`R"2"`, "510500", "2026-01", "flexible", "paid", "450000", `\N`},
		{"S3", "510500", "2026-01", "flexible", "paid", "450000", `\N`},
	}
	for _, sep := range []string{"\t", "\x01"} {
		code, out, errOut := runCLI(t, joinRows(rows, sep), "transform", "--as-of", "2026-09-15")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var ids []string
		for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			ids = append(ids, strings.Split(l, sep)[0])
		}
		if strings.Join(ids, " ") != `"Q1 R"2" S3` || !strings.Contains(errOut, "4 in = 4 used + 0 rejected") {
			t.Errorf("%q: persons %q, stderr %q", sep, ids, errOut)
		}
	}
}
