package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestBatchEncodings: a GB18030 roster gives the same result as its UTF-8
// twin with --encoding gb18030, and without it is refused naming the line of
// the first bad byte — also when that line is far into the file and the
// reads cut characters in two.
func TestBatchEncodings(t *testing.T) {
	dir := t.TempDir()
	utf, err := os.ReadFile("../../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	run1 := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(""), &out, &errb)
		return code, errb.String()
	}
	outU, outG := filepath.Join(dir, "u.csv"), filepath.Join(dir, "g.csv")
	if code, msg := run1("batch", "../../examples/roster.csv", "-o", outU, "--as-of", "2026-09-15"); code != 0 {
		t.Fatalf("utf-8: %d %s", code, msg)
	}
	if code, msg := run1("batch", "../../examples/roster-gb18030.csv", "-o", outG, "--as-of", "2026-09-15", "--encoding", "gb18030"); code != 0 {
		t.Fatalf("gb18030: %d %s", code, msg)
	}
	a, _ := os.ReadFile(outU)
	b, _ := os.ReadFile(outG)
	if !bytes.Equal(a, b) {
		t.Fatal("the GB18030 roster answers differently from its UTF-8 twin")
	}
	code, msg := run1("batch", "../../examples/roster-gb18030.csv", "-o", filepath.Join(dir, "x.csv"), "--as-of", "2026-09-15")
	if code != exitBadCase || !strings.Contains(msg, "roster-gb18030.csv:1:") || !strings.Contains(msg, "GB18030") {
		t.Fatalf("no encoding: %d %q", code, msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "x.csv")); !os.IsNotExist(err) {
		t.Error("a refused input left a result file")
	}
	// a UTF-8 file whose line 2000 is GB18030, read a few bytes at a time
	lines := strings.Split(strings.Repeat(strings.Split(string(utf), "\n")[1]+"\n", 2000), "\n")
	gb, _ := simplifiedchinese.GB18030.NewEncoder().String(lines[1998])
	lines[1998] = gb
	src := strings.Join(lines, "\n")
	r, err := decodedInput(iotest.OneByteReader(strings.NewReader(src)), "utf-8")
	if err != nil {
		t.Fatal(err)
	}
	_, err = io.ReadAll(r)
	if err == nil || !strings.HasPrefix(err.Error(), "1999: ") {
		t.Fatalf("want the error on line 1999, got %v", err)
	}
	// valid UTF-8 passes unchanged, however the reads cut it
	r, _ = decodedInput(iotest.HalfReader(bytes.NewReader(utf)), "utf-8")
	if got, err := io.ReadAll(r); err != nil || !bytes.Equal(got, utf) {
		t.Fatalf("utf-8 changed: %v", err)
	}
}

// TestBatchFormatsCLI: the roster through the command in every output
// format, read back as input-independent tables by extension; --format
// overrides the extension; --lang en; --due-within; flag errors listed
// together; the progress line stays off a buffer.
func TestBatchFormatsCLI(t *testing.T) {
	dir := t.TempDir()
	run1 := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := run(args, strings.NewReader(""), &out, &errb)
		return code, errb.String()
	}
	base := []string{"batch", "../../examples/roster.csv", "--as-of", "2026-09-15"}
	for _, ext := range []string{".xlsx", ".parquet", ".jsonl", ".tsv"} {
		out := filepath.Join(dir, "r"+ext)
		code, msg := run1(append(base, "-o", out)...)
		if code != 0 || strings.Contains(msg, "\r") {
			t.Fatalf("%s: %d %q", ext, code, msg)
		}
		if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
			t.Fatalf("%s: %v", ext, err)
		}
	}
	// examples/roster.xlsx (the same roster as a workbook) answers byte for byte as roster.csv
	outX, outC := filepath.Join(dir, "x.csv"), filepath.Join(dir, "c.csv")
	if code, msg := run1(append(base, "-o", outC)...); code != 0 {
		t.Fatal(msg)
	}
	if code, msg := run1("batch", "../../examples/roster.xlsx", "-o", outX, "--as-of", "2026-09-15"); code != 0 {
		t.Fatal(msg)
	}
	if a, b := readFile(t, outX), readFile(t, outC); a != b || !strings.Contains(a, "B002,310000") {
		t.Fatalf("roster.xlsx:\n%s\nroster.csv:\n%s", a, b)
	}
	// a file named .dat, read as CSV with --format, written as XLSX with --out-format
	in, _ := os.ReadFile("../../examples/roster.csv")
	dat := filepath.Join(dir, "roster.dat")
	os.WriteFile(dat, in, 0o644)
	out := filepath.Join(dir, "r.out")
	if code, msg := run1("batch", dat, "--format", "csv", "--out-format", "xlsx", "-o", out, "--as-of", "2026-09-15"); code != 0 {
		t.Fatalf("--format: %d %s", code, msg)
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("PK")) {
		t.Fatal("--out-format xlsx did not write a workbook")
	}
	// --lang en and --due-within
	out = filepath.Join(dir, "due.csv")
	code, msg := run1(append(base, "-o", out, "--lang", "en", "--due-within", "90d")...)
	if code != 0 || !strings.Contains(msg, "due within 90d: 1 persons (of 3)") || !strings.Contains(msg, "suspended 1 (suspended (arrears, payable))") {
		t.Fatalf("%d %s", code, msg)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "B002,") || !strings.Contains(lines[1], "back-pay allowed until 2026-11-30") {
		t.Fatalf("due list:\n%s", b)
	}
	code, msg = run1("batch", "x.ods", "-o", filepath.Join(dir, "y"), "--lang", "fr", "--due-within", "1m")
	for _, want := range []string{"x.ods: extension .ods", "y: no extension", "--lang: \"fr\"", "--due-within: \"1m\""} {
		if code != exitBadCase || !strings.Contains(msg, want) {
			t.Errorf("want %q in %d %s", want, code, msg)
		}
	}
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBatchFastFallback: a file the fast reader declines (a quoted field)
// is read again by the generic reader on fresh output files: the same
// result as its unquoted twin, and no temporary file left behind.
func TestBatchFastFallback(t *testing.T) {
	dir := t.TempDir()
	utf, err := os.ReadFile("../../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(utf), "\n", 3)
	f := strings.Split(lines[1], ",")
	f[0] = `"` + f[0] + `"`
	quoted := lines[0] + "\n" + strings.Join(f, ",") + "\n" + lines[2]
	plain, q := filepath.Join(dir, "in", "plain.csv"), filepath.Join(dir, "in", "quoted.csv")
	os.Mkdir(filepath.Join(dir, "in"), 0o700)
	os.WriteFile(plain, utf, 0o600)
	os.WriteFile(q, []byte(quoted), 0o600)
	var outs [][]byte
	for _, in := range []string{plain, q} {
		var out, errb bytes.Buffer
		res := filepath.Join(dir, filepath.Base(in))
		if code := run([]string{"batch", in, "-o", res, "--as-of", "2026-09-15"}, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%s: %d %s", in, code, errb.String())
		}
		b, err := os.ReadFile(res)
		if err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b)
	}
	if !bytes.Equal(outs[0], outs[1]) || len(outs[0]) == 0 {
		t.Fatal("the quoted roster answers differently")
	}
	ents, _ := os.ReadDir(dir)
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if len(ents) != 5 { // in/, two results, two rejects files
		t.Errorf("files: %v", ents)
	}
}
