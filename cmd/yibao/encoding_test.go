package main

import (
	"os"
	"strings"
	"testing"
)

const (
	twinUTF8    = "../../caseio/testdata/excel-utf8.yaml"
	twinGB18030 = "../../caseio/testdata/excel-gb18030.yaml" // the same case as Chinese Excel saves it
)

// TestEncodingFlag: --encoding gb18030 (or gbk) reads a GB18030 file to the
// same answer as its UTF-8 twin, for assess and plan, from a file or stdin.
func TestEncodingFlag(t *testing.T) {
	gb, err := os.ReadFile(twinGB18030)
	if err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"assess", "plan"} {
		code, want, stderr := runCLI(t, "", cmd, twinUTF8, "--json")
		if code != 0 {
			t.Fatalf("%s %s: exit %d: %s", cmd, twinUTF8, code, stderr)
		}
		if !strings.Contains(want, "门诊（复诊）") && cmd == "assess" {
			t.Fatalf("%s: the answer lacks the bill's note", cmd)
		}
		for _, args := range [][]string{
			{cmd, twinGB18030, "--json", "--encoding", "gb18030"},
			{cmd, "--encoding=gbk", twinGB18030, "--json"},
			{cmd, "-", "--json", "--encoding", "GB18030"},
			{cmd, twinUTF8, "--json", "--encoding", "utf-8"},
		} {
			code, got, stderr := runCLI(t, string(gb), args...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
			if got != want {
				t.Errorf("%v: the answer differs from the UTF-8 twin's", args)
			}
		}
	}
}

// TestNotUTF8: without --encoding a GB18030 file is refused at its first
// non-UTF-8 byte (line 22), saying how to read it; a byte order mark is read.
func TestNotUTF8(t *testing.T) {
	for _, cmd := range []string{"assess", "plan"} {
		code, _, stderr := runCLI(t, "", cmd, twinGB18030)
		if code != exitBadCase {
			t.Fatalf("%s: exit %d, want %d", cmd, code, exitBadCase)
		}
		for _, want := range []string{twinGB18030 + ":22:11: 文件不是 UTF-8 编码（疑似 GB18030/GBK", "--encoding gb18030", "save it as UTF-8"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd, want, stderr)
			}
		}
	}
	utf, err := os.ReadFile(twinUTF8)
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCLI(t, "", "assess", twinUTF8)
	code, got, stderr := runCLI(t, "\uFEFF"+string(utf), "assess", "-")
	if code != 0 || got != want {
		t.Errorf("a byte order mark: exit %d, same answer %v: %s", code, got == want, stderr)
	}
	code, _, stderr = runCLI(t, "", "assess", twinUTF8, "--encoding", "latin1")
	if code != exitBadCase || !strings.Contains(stderr, `unknown encoding "latin1"`) || !strings.Contains(stderr, "gb18030") {
		t.Errorf("--encoding latin1: exit %d: %s", code, stderr)
	}
}
