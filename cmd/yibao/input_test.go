package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// endless is an input that never ends (like /dev/zero); the test fails
// if more than fail bytes are read from it.
type endless struct {
	t    *testing.T
	n    int64
	fail int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n > e.fail {
		e.t.Errorf("read %d bytes, more than the limit allows", e.n)
		return 0, errors.New("read too far")
	}
	clear(p)
	e.n += int64(len(p))
	return len(p), nil
}

// TestInputLimit (issue 12): an endless input stops after the limit with a
// clear error, in bounded time and memory; --max-input raises the limit; a
// regular file over the limit is refused before it is read.
func TestInputLimit(t *testing.T) {
	for _, cmd := range []string{"assess", "plan"} {
		for _, tc := range []struct {
			args  []string
			limit int64
		}{{nil, defaultMaxInput}, {[]string{"--max-input", "1MiB"}, 1 << 20}, {[]string{"--max-input", "20000"}, 20000}} {
			// what a run costs without the input (loading the policy data, …)
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			run(append([]string{cmd, "-"}, tc.args...), strings.NewReader("{}"), io.Discard, io.Discard)
			runtime.ReadMemStats(&ms1)
			base := ms1.TotalAlloc - ms0.TotalAlloc

			src := &endless{t: t, fail: tc.limit + 64<<10}
			runtime.ReadMemStats(&ms0)
			start := time.Now()
			var out, errb bytes.Buffer
			code := run(append([]string{cmd, "-"}, tc.args...), src, &out, &errb)
			took := time.Since(start)
			runtime.ReadMemStats(&ms1)
			if code != 2 || out.Len() > 0 {
				t.Errorf("%s %v: exit %d, stdout %q", cmd, tc.args, code, out.String())
			}
			want := fmt.Sprintf("input exceeds the %s limit (%d bytes)", formatSize(tc.limit), tc.limit)
			if !strings.Contains(errb.String(), want) || !strings.Contains(errb.String(), "--max-input") {
				t.Errorf("%s %v: stderr %q lacks %q", cmd, tc.args, errb.String(), want)
			}
			if src.n > tc.limit+64<<10 {
				t.Errorf("%s %v: read %d bytes for a limit of %d", cmd, tc.args, src.n, tc.limit)
			}
			alloc := int64(ms1.TotalAlloc-ms0.TotalAlloc) - int64(base)
			if alloc > 3*tc.limit+1<<20 {
				t.Errorf("%s %v: allocated %d KiB for a limit of %d KiB", cmd, tc.args, alloc>>10, tc.limit>>10)
			}
			t.Logf("%s %v: read %d bytes, allocated %d KiB more than a run on {}, in %v", cmd, tc.args, src.n, alloc>>10, took)
			if took > 5*time.Second {
				t.Errorf("%s %v: took %v", cmd, tc.args, took)
			}
		}
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		start := time.Now()
		code, _, stderr := runCLI(t, "", "assess", "/dev/zero")
		if code != 2 || !strings.HasPrefix(stderr, "/dev/zero: 输入超过 8MiB 上限") || time.Since(start) > 5*time.Second {
			t.Errorf("/dev/zero: exit %d after %v: %s", code, time.Since(start), stderr)
		}
	}
	// a sparse 9 MiB file: refused by its size, read with a higher limit
	big := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("region: \"510500\"\n")
	f.Truncate(9 << 20)
	f.Close()
	if code, _, stderr := runCLI(t, "", "assess", big); code != 2 || !strings.Contains(stderr, "8MiB") {
		t.Errorf("9 MiB file: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "", "assess", big, "--max-input", "16MiB"); code != 2 || strings.Contains(stderr, "limit") || !strings.Contains(stderr, "big.yaml:") {
		t.Errorf("9 MiB file, --max-input 16MiB: exit %d: %s", code, stderr)
	}
	// bad sizes
	for _, bad := range []string{"0", "-1", "lots", "2TiB", "1.5MiB"} {
		if code, _, stderr := runCLI(t, "", "assess", "-", "--max-input", bad); code != 2 || !strings.Contains(stderr, "want a positive size") {
			t.Errorf("--max-input %s: exit %d: %s", bad, code, stderr)
		}
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"1": 1, "8MiB": 8 << 20, "8mib": 8 << 20, "8M": 8 << 20, "8 MB": 8 << 20, "512KiB": 512 << 10, "1GiB": 1 << 30, "100B": 100, "1024TiB": 0} {
		got, err := parseSize(in)
		if (err != nil) != (want == 0) || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for n, want := range map[int64]string{8 << 20: "8MiB", 1 << 30: "1GiB", 1536: "1536", 2048: "2KiB", 100: "100"} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func readExample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMultiDocument: a multi-document YAML or concatenated JSON input is
// answered document by document — never only its first document — each
// answer the same as the document's alone, text answers separated and
// labelled, errors at their line in the whole input, exit code the worst.
func TestMultiDocument(t *testing.T) {
	lz, sh := readExample(t, "luzhou-freelancer.yaml"), readExample(t, "shanghai-flexible.yaml")
	lzJSON := readExample(t, "luzhou-freelancer.json")
	bad := "region: \"5105\"\nas_of: 2025-13-01\n"
	for _, cmd := range []string{"assess", "plan"} {
		_, aloneLZ, _ := runCLI(t, lz, cmd, "-")
		_, aloneSH, _ := runCLI(t, sh, cmd, "-")
		_, jsonLZ, _ := runCLI(t, lz, cmd, "-", "--json")
		_, jsonSH, _ := runCLI(t, sh, cmd, "-", "--json")

		// three YAML documents, the last one bad
		in := lz + "---\n" + sh + "--- # third\n" + bad
		badLine := strings.Count(lz+"---\n"+sh+"--- # third\n", "\n") + 1
		code, out, stderr := runCLI(t, in, cmd, "-")
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (the worst)", cmd, code)
		}
		want := "===== <stdin> 文档 1/3 document 1 of 3（第 1 行 line 1） =====\n" + aloneLZ +
			fmt.Sprintf("\n===== <stdin> 文档 2/3 document 2 of 3（第 %d 行 line %d） =====\n", strings.Count(lz, "\n")+2, strings.Count(lz, "\n")+2) + aloneSH +
			fmt.Sprintf("\n===== <stdin> 文档 3/3 document 3 of 3（第 %d 行 line %d） =====\n（有错误，未评估；见标准错误）not answered: errors on stderr\n", badLine, badLine)
		if out != want {
			t.Errorf("%s: three documents:\n%s\nwant:\n%s", cmd, out, want)
		}
		for _, w := range []string{
			fmt.Sprintf("<stdin> 文档 3/3 document 3 of 3（第 %d 行 line %d）: 3 处错误 (3 errors)", badLine, badLine),
			fmt.Sprintf("<stdin>:%d:9: region:", badLine),
			fmt.Sprintf("<stdin>:%d:8: as_of:", badLine+1),
		} {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, w, stderr)
			}
		}

		// concatenated JSON, --json: one answer per document, in order
		code, out, stderr = runCLI(t, strings.TrimSpace(lzJSON)+strings.TrimSpace(lzJSON)+"\n"+strings.TrimSpace(lzJSON), cmd, "-", "--json")
		if code != 0 || stderr != "" {
			t.Errorf("%s: concatenated JSON: exit %d: %s", cmd, code, stderr)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		n := 0
		for {
			var v json.RawMessage
			if err := dec.Decode(&v); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: answer %d: %v", cmd, n+1, err)
			}
			var want bytes.Buffer
			json.Compact(&want, []byte(jsonLZ))
			if string(v) != want.String() {
				var got bytes.Buffer
				json.Compact(&got, v)
				if got.String() != want.String() {
					t.Errorf("%s: JSON answer %d differs from the document's alone", cmd, n+1)
				}
			}
			n++
		}
		if n != 3 {
			t.Errorf("%s: %d JSON answers for 3 documents", cmd, n)
		}

		// YAML --json and a JSON document after a YAML one
		code, out, _ = runCLI(t, sh+"---\n"+lzJSON, cmd, "-", "--json")
		if code != 0 || out != jsonSH+jsonLZ {
			t.Errorf("%s: YAML then JSON with --json: exit %d", cmd, code)
		}

		// one document with markers around it is one document: no separator
		code, out, _ = runCLI(t, "%YAML 1.2\n---\n"+lz+"...\n# end\n", cmd, "-")
		if code != 0 || out != aloneLZ {
			t.Errorf("%s: one document between markers: exit %d\n%s", cmd, code, out)
		}
	}

	// a JSON syntax error in the second text is placed in the whole input
	one := `{"region":"510500","as_of":"2025-04-15","resident_years":[{"year":2025,"paid_on":"2024-12-01"}]}`
	code, _, stderr := runCLI(t, one+"\n"+one+"\n{\"region\": }", "assess", "-")
	if code != 2 || !strings.Contains(stderr, "文档 3/3") || !strings.Contains(stderr, "<stdin>:3:") {
		t.Errorf("JSON syntax error in text 3: exit %d: %s", code, stderr)
	}
	// on one line: the column counts from the start of the line
	code, _, stderr = runCLI(t, one+`{"region":"5105","as_of":"2025-04-15"}`, "assess", "-")
	if code != 2 || !strings.Contains(stderr, fmt.Sprintf("<stdin>:1:%d: region:", len(one)+11)) || !strings.Contains(stderr, fmt.Sprintf("第 1 行第 %d 列", len(one)+1)) {
		t.Errorf("second text on line 1: exit %d: %s", code, stderr)
	}
	// too many documents: refused, naming the count
	code, out, stderr := runCLI(t, strings.Repeat(one+"\n", maxDocuments+1), "assess", "-", "--json")
	if code != 2 || out != "" || !strings.Contains(stderr, fmt.Sprintf("%d 个文档", maxDocuments+1)) || !strings.Contains(stderr, "yibao batch") {
		t.Errorf("%d documents: exit %d: %s", maxDocuments+1, code, stderr)
	}
}

// TestReadLimitedBoundary: exactly the limit is read; one byte more is not.
func TestReadLimitedBoundary(t *testing.T) {
	for _, hint := range []int64{0, 100, 1000} {
		for n, ok := range map[int]bool{0: true, 1: true, 99: true, 100: true, 101: false, 5000: false} {
			b, err := readLimited(strings.NewReader(strings.Repeat("x", n)), 100, hint)
			var tl *errTooLarge
			if ok && (err != nil || len(b) != n) || !ok && !errors.As(err, &tl) {
				t.Errorf("hint %d, %d bytes, limit 100: %d bytes, %v", hint, n, len(b), err)
			}
		}
	}
}
