package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBatchPersonsCLI: --persons (CSV, and the same table as XLSX) joins
// birth to the ledger: 贵阳 prices a flexible worker of 35 or younger at
// 3.4%, older ones at 4.4%, so G001 (born 1995) owes less than G002; the
// closing lines account for the table, naming the person not in the ledger.
func TestBatchPersonsCLI(t *testing.T) {
	dir := t.TempDir()
	xlsx := filepath.Join(dir, "persons.xlsx")
	f := excelize.NewFile()
	for i, row := range [][]any{{"个人编号", "出生日期", "性别"}, {"G001", "1995-06-01", "女"}, {"G002", "1980-03-15", "男"}, {"G003", "1970-01-01", "男"}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(xlsx); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join("..", "..", "examples", "guiyang-ledger.csv")
	amounts := func(persons string) (string, string) {
		t.Helper()
		res := filepath.Join(t.TempDir(), "r.csv")
		args := []string{"batch", ledger, "-o", res, "--as-of", "2025-03-10"}
		if persons != "" {
			args = append(args, "--persons", persons)
		}
		var out, errb strings.Builder
		if code := run(args, strings.NewReader(""), &out, &errb); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errb.String())
		}
		var got []string
		for _, l := range strings.Split(strings.TrimSpace(readFile(t, res)), "\n")[1:] {
			got = append(got, strings.Split(l, ",")[12])
		}
		return strings.Join(got, " "), errb.String()
	}
	without, _ := amounts("")
	if without != "95994 95994" {
		t.Errorf("without a persons table: %s, want 95994 95994 (the older rate for both)", without)
	}
	for _, p := range []string{filepath.Join("..", "..", "examples", "guiyang-persons.csv"), xlsx} {
		got, stderr := amounts(p)
		if got != "74178 95994" {
			t.Errorf("%s: amounts %s, want 74178 95994", p, got)
		}
		if !strings.Contains(stderr, "persons table: 3 rows in = 2 used + 0 rejected + 1 unmatched (not in the ledger): G003 (") {
			t.Errorf("%s: stderr:\n%s", p, stderr)
		}
	}
	var out, errb strings.Builder
	if code := run([]string{"batch", ledger, "-o", filepath.Join(dir, "x.csv"), "--persons", filepath.Join(dir, "none.csv")}, strings.NewReader(""), &out, &errb); code != exitBadCase || !strings.Contains(errb.String(), "--persons") {
		t.Errorf("missing persons file: exit %d, %s", code, errb.String())
	}
}
