package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// TestAssessGolden keeps the --json answer and the zh/en reports of each
// example byte-stable; -update rewrites them for review.
func TestAssessGolden(t *testing.T) {
	for _, ex := range []string{"luzhou-freelancer", "jiayuguan-resident", "shanghai-flexible"} {
		for _, v := range []struct {
			suffix string
			args   []string
		}{{".json", []string{"--json"}}, {".zh.txt", nil}, {".en.txt", []string{"--lang", "en"}}} {
			args := append([]string{"assess", "../../examples/" + ex + ".yaml"}, v.args...)
			code, out, stderr := runCLI(t, "", args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			golden := filepath.Join("testdata", ex+v.suffix)
			if *update {
				os.MkdirAll("testdata", 0o755)
				os.WriteFile(golden, []byte(out), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/yibao -update)", err)
			}
			if out != string(want) {
				t.Errorf("%s differs from the output; review with go test ./cmd/yibao -update && git diff", golden)
			}
		}
	}
}

func TestAssessReport(t *testing.T) {
	code, out, _ := runCLI(t, "", "assess", "../../examples/luzhou-freelancer.yaml")
	if code != 0 {
		t.Fatal(code)
	}
	for _, want := range []string{"四川省泸州市（510500）", "当地规定未收录", "2025-04-30", "以参保地医保经办机构解释为准", "12393", "医保办发〔2021〕43号"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q", want)
		}
	}
	// JSON input gives the same answer as YAML
	_, j1, _ := runCLI(t, "", "assess", "--json", "../../examples/luzhou-freelancer.yaml")
	_, j2, _ := runCLI(t, "", "assess", "../../examples/luzhou-freelancer.json", "--json")
	if j1 != j2 {
		t.Error("YAML and JSON input differ")
	}
}

func TestAssessBadInputExit2(t *testing.T) {
	src := "region: \"5105\"\nas_of: 2025-13-01\nledger:\n  - {from: 2024-01, to: 2023-01, scheme: flexible, status: late}\n"
	code, out, stderr := runCLI(t, src, "assess", "-")
	if code != 2 || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"<stdin>: 3 处错误 (3 errors)",
		"<stdin>:1:9: region:",
		"<stdin>:2:8: as_of:",
		"<stdin>:4:60: ledger[0].status:",
		// Chinese first: where in words, what in words
		"<stdin>:4:60: 第1行缴费记录的状态：\"late\" 不是可选的值",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

func TestUsageAndCommands(t *testing.T) {
	if code, _, _ := runCLI(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command exit %d", code)
	}
	if code, _, _ := runCLI(t, "", "assess"); code != 2 {
		t.Errorf("assess without file exit %d", code)
	}
	if code, out, _ := runCLI(t, "", "policy", "lint"); code != 0 || !strings.Contains(out, "policy data OK") {
		t.Errorf("lint: %d %s", code, out)
	}
	if code, out, _ := runCLI(t, "", "version"); code != 0 || !strings.Contains(out, "sha256:") {
		t.Errorf("version: %d %s", code, out)
	}
	code, out, _ := runCLI(t, "", "test", "../../cases")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || !strings.HasSuffix(lines[len(lines)-1], " passed, 0 failed") {
		t.Errorf("test: exit %d, last line %q", code, lines[len(lines)-1])
	}
}

func TestTestCommandReportsFailures(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x.yaml"), []byte("cases:\n  - name: n\n    source: s\n    case: {region: \"510500\", as_of: 2025-01-01, ledger: [{from: 2024-01, to: 2024-12, scheme: flexible, status: paid}]}\n    expect: {lapses: 2}\n"), 0o644)
	code, out, _ := runCLI(t, "", "test", dir)
	if code != 1 || !strings.Contains(out, "x.yaml:2: n") || !strings.Contains(out, "lapses: want 2, got 0") || !strings.HasSuffix(strings.TrimSpace(out), "0 passed, 1 failed") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
