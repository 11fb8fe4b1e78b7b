package batch_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/xuri/excelize/v2"

	"yibao"
	"yibao/batch"
	"yibao/report"
)

var asOf = yibao.DateOf(2026, 9, 15)

// ledgerWithFaults is a generated ledger plus rows that must be rejected: a
// bad base (its person rejected whole), a row without a person, and a
// person whose rows come back later.
func ledgerWithFaults() string {
	in := genLedger(120, 11)
	return in + "Z1,510500,2025-01,职工,已缴,abc,\nZ1,510500,2025-02,职工,已缴,6000,\n,510500,2025-01,职工,已缴,6000,\nP00000,510500,2025-03,职工,已缴,6000,\n"
}

func csvRecords(t testing.TB, in string) [][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(in))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// writeXLSX writes records to Sheet1 as text cells.
func writeXLSX(t testing.TB, path string, recs [][]string) {
	t.Helper()
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range recs {
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// writeJSONL writes records as one object a line, empty cells as null.
func writeJSONL(t testing.TB, path string, recs [][]string) {
	t.Helper()
	var b bytes.Buffer
	for _, rec := range recs[1:] {
		b.WriteByte('{')
		for j, k := range recs[0] {
			if j > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			if v := rec[j]; v == "" {
				b.WriteString("null")
			} else {
				vb, _ := json.Marshal(v)
				b.Write(vb)
			}
		}
		b.WriteString("}\n")
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeParquetStrings writes records as optional string columns.
func writeParquetStrings(t testing.TB, path string, recs [][]string) {
	t.Helper()
	g := parquet.Group{}
	for _, h := range recs[0] {
		g[h] = parquet.Optional(parquet.String())
	}
	schema := parquet.NewSchema("ledger", g)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := parquet.NewGenericWriter[map[string]any](f, schema)
	for _, rec := range recs[1:] {
		row := map[string]any{}
		for j, h := range recs[0] {
			if rec[j] != "" {
				row[h] = rec[j]
			}
		}
		if _, err := w.Write([]map[string]any{row}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

func openSource(t testing.TB, path string) batch.Source {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	format, err := batch.FormatOf(path)
	if err != nil {
		t.Fatal(err)
	}
	src, err := batch.OpenSource(format, f, batch.SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

var position = regexp.MustCompile(`line \d+|row \d+|Sheet1!R\d+`)

// runOutcome is a run's results and rejects, positions left out of the
// reasons (each format numbers its rows its own way).
func runOutcome(t testing.TB, src batch.Source, opt batch.Options) (string, batch.Stats) {
	t.Helper()
	e := newEngine(t)
	var sink memSink
	st, err := batch.RunSource(src, opt, e.Assess, &sink)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range sink.results {
		fmt.Fprintln(&b, strings.Join(r.Record(), "|"))
	}
	for _, e := range sink.rejects {
		fmt.Fprintf(&b, "reject %s: %s\n", e.Column, position.ReplaceAllString(e.Reason, "@"))
	}
	return b.String(), st
}

// TestFormatsDifferential: the same ledger as CSV, XLSX, Parquet and JSON
// Lines gives the same results and the same rejects, and every row is
// accounted for.
func TestFormatsDifferential(t *testing.T) {
	in := ledgerWithFaults()
	recs := csvRecords(t, in)
	dir := t.TempDir()
	opt := batch.Options{Defaults: batch.Defaults{AsOf: asOf}}
	want, wst := runOutcome(t, batch.NewCSVSource(strings.NewReader(in), ','), opt)
	if wst.RowsRejected != 4 || wst.PersonsRejected != 1 || wst.Persons < 100 {
		t.Fatalf("the CSV run: %+v", wst)
	}
	for _, tc := range []struct {
		name  string
		write func(testing.TB, string, [][]string)
	}{
		{"ledger.xlsx", writeXLSX},
		{"ledger.jsonl", writeJSONL},
		{"ledger.parquet", writeParquetStrings},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, tc.name)
			tc.write(t, path, recs)
			got, st := runOutcome(t, openSource(t, path), opt)
			if st.RowsIn != wst.RowsIn || st.RowsUsed != wst.RowsUsed || st.RowsRejected != wst.RowsRejected || st.Persons != wst.Persons {
				t.Fatalf("stats %+v, CSV %+v", st, wst)
			}
			if got != want {
				t.Fatalf("%s answers differently from CSV:\n%s", tc.name, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(a, b string) string {
	x, y := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(x), len(y)) {
		if x[i] != y[i] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, x[i], y[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(x), len(y))
}

// TestXLSXRejectsNameSheetRow: a rejected row of a workbook is named by
// sheet and row, in the rejects file and in the reasons.
func TestXLSXRejectsNameSheetRow(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "roster.xlsx")
	writeXLSX(t, path, csvRecords(t, `个人编号,参保地,费款所属期,险种,缴费状态,缴费基数
A,510500,2024-11,职工,已缴,6000
B,510500,2024-12,职工,已缴,abc
A,510500,2025-01,职工,已缴,6000
`))
	out, rej := filepath.Join(dir, "out.csv"), filepath.Join(dir, "out.rejects.csv")
	sink, err := batch.NewFileSink(out, rej)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := batch.RunSource(openSource(t, path), batch.Options{Defaults: batch.Defaults{AsOf: asOf}}, newEngine(t).Assess, sink); err != nil {
		t.Fatal(err)
	}
	if err := sink.Commit(); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(rej)
	want := "line,column,reason\nSheet1!R3,base,\"\"\"abc\"\": want an amount in yuan from 0 to 10,000,000.00\"\n" +
		"Sheet1!R4,person_id,\"A's rows are not contiguous: first at Sheet1!R2, again at Sheet1!R4; sort the input by person (this row is not used)\"\n"
	if string(b) != want {
		t.Fatalf("rejects:\n%s\nwant:\n%s", b, want)
	}
}

// readBack reads a result file of any format into records in the CSV
// header's column order (JSON Lines keys come sorted).
func readBack(t *testing.T, path string) [][]string {
	t.Helper()
	src := openSource(t, path)
	var recs [][]string
	var order []int
	for {
		rec, _, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if order == nil {
			at := map[string]int{}
			for i, h := range rec {
				at[h] = i
			}
			for _, h := range batch.Header() {
				i, ok := at[h]
				if !ok {
					t.Fatalf("%s: no column %s in %v", path, h, rec)
				}
				order = append(order, i)
			}
		}
		out := make([]string, len(order))
		for i, j := range order {
			if j < len(rec) {
				out[i] = rec[j]
			}
		}
		recs = append(recs, out)
	}
	return recs
}

// TestOutputRoundTrip: the results written as CSV, TSV, JSON Lines, XLSX
// and Parquet read back to the same table; the XLSX has its header frozen,
// readable widths and a summary sheet whose counts are the run's.
func TestOutputRoundTrip(t *testing.T) {
	e := newEngine(t)
	in := ledgerWithFaults()
	dir := t.TempDir()
	tables := map[string][][]string{}
	var st batch.Stats
	for _, name := range []string{"r.csv", "r.tsv", "r.jsonl", "r.xlsx", "r.parquet"} {
		out := filepath.Join(dir, name)
		sink, err := batch.NewFileSink(out, out+".rejects.csv")
		if err != nil {
			t.Fatal(err)
		}
		st, err = batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: asOf}}, e.Assess, sink)
		if err != nil {
			t.Fatal(err)
		}
		sink.SetStats(st)
		if err := sink.Commit(); err != nil {
			t.Fatal(err)
		}
		tables[name] = readBack(t, out)
	}
	want := tables["r.csv"]
	if len(want) != st.Persons+1 {
		t.Fatalf("%d rows for %d persons", len(want), st.Persons)
	}
	for name, got := range tables {
		for i := range want {
			if i >= len(got) || strings.Join(got[i], "|") != strings.Join(want[i], "|") {
				g := []string{}
				if i < len(got) {
					g = got[i]
				}
				t.Fatalf("%s row %d:\n got %q\nwant %q", name, i+1, g, want[i])
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d rows, want %d", name, len(got), len(want))
		}
	}
	f, err := excelize.OpenFile(filepath.Join(dir, "r.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "结果,汇总" {
		t.Fatalf("sheets %v", got)
	}
	panes, err := f.GetPanes("结果")
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Fatalf("panes %+v %v", panes, err)
	}
	wid := func(col string) float64 { w, _ := f.GetColWidth("结果", col); return w }
	if w := wid("S"); w < 40 { // summary: Chinese text, counted double
		t.Errorf("summary column width %v", w)
	}
	if w := wid("E"); w < 11 || w > 14 { // covered_now
		t.Errorf("covered_now width %v", w)
	}
	rows, _ := f.GetRows("汇总")
	flat := fmt.Sprint(rows)
	for _, s := range []string{fmt.Sprintf("[输入行 rows in %d]", st.RowsIn), fmt.Sprintf("[拒收 rows rejected %d]", st.RowsRejected),
		fmt.Sprintf("[人 persons out %d]", st.Persons), fmt.Sprintf("[covered %d 正常享受待遇]", st.ByStatus["covered"])} {
		if !strings.Contains(flat, s) {
			t.Errorf("summary sheet lacks %s: %s", s, flat)
		}
	}
	if typ, _ := f.GetCellType("结果", "P2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("cumulative_months is written as %v, want a number", typ)
	}
}

// benchRow is the bench ledger's schema (../shared/bench/peer-duckdb/gen.py).
type benchRow struct {
	PersonID string `parquet:"person_id"`
	Month    string `parquet:"month"`
	Scheme   string `parquet:"scheme"`
	Status   string `parquet:"status"`
	BaseFen  int64  `parquet:"base_fen"`
}

// benchLedger is gen.py's ledger for n persons: 240 months each, ~15% with
// one gap, 30% flexible.
func benchLedger(n int) []benchRow {
	var rows []benchRow
	for p := range n {
		h := uint64(p)*0x9e3779b97f4a7c15 + 1
		next := func() uint64 { h ^= h << 13; h ^= h >> 7; h ^= h << 17; return h }
		gapAt, gapLen := -1, 0
		if next()%100 < 15 {
			gapAt, gapLen = int(next()%240), []int{1, 2, 3, 4, 6, 12, 24}[next()%7]
		}
		base := []int64{450000, 500000, 800000}[next()%3]
		sch := "employee"
		if next()%10 < 3 {
			sch = "flexible"
		}
		for i := range 240 {
			st := "paid"
			if i >= gapAt && i < gapAt+gapLen {
				st = "none"
			}
			m := yibao.MonthOf(2005, 1).Add(i)
			rows = append(rows, benchRow{fmt.Sprintf("P%08d", p), m.String(), sch, st, base})
		}
	}
	return rows
}

func writeBenchParquet(t testing.TB, rows []benchRow) []byte {
	var b bytes.Buffer
	w := parquet.NewGenericWriter[benchRow](&b)
	if _, err := w.Write(rows); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func benchCSV(rows []benchRow) string {
	var b strings.Builder
	b.WriteString("person_id,month,scheme,status,base_fen\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%d\n", r.PersonID, r.Month, r.Scheme, r.Status, r.BaseFen)
	}
	return b.String()
}

// TestParquetBenchSchema: the bench ledger's schema (base_fen an INT64)
// read from Parquet answers as its CSV twin.
func TestParquetBenchSchema(t *testing.T) {
	rows := benchLedger(60)
	pq := writeBenchParquet(t, rows)
	opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2024, 12, 20), Region: "510500"}}
	src, err := batch.OpenSource(batch.Parquet, bytes.NewReader(pq), batch.SourceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if n := src.(batch.Sized).Rows(); n != int64(len(rows)) {
		t.Fatalf("Rows() = %d, want %d", n, len(rows))
	}
	got, st := runOutcome(t, src, opt)
	want, _ := runOutcome(t, batch.NewCSVSource(strings.NewReader(benchCSV(rows)), ','), opt)
	if st.RowsIn != len(rows) || st.RowsUsed != len(rows) || st.Persons != 60 {
		t.Fatalf("stats %+v", st)
	}
	if got != want {
		t.Fatalf("Parquet answers differently from CSV:\n%s", firstDiff(got, want))
	}
	if !strings.Contains(want, "|covered|") {
		t.Fatalf("no one covered:\n%s", want[:min(len(want), 2000)])
	}
}

// TestDueWithin: only open deadlines inside [as-of, as-of+N days], soonest
// first, equal deadlines in input order; the same on every run.
func TestDueWithin(t *testing.T) {
	var sink memSink
	d := &batch.DueWithin{Sink: &sink, AsOf: yibao.DateOf(2026, 9, 15), Days: 30}
	for _, r := range []batch.Result{
		{PersonID: "late", Deadline: "2026-10-15", BackpayAllowed: "yes"},   // the window's last day: in
		{PersonID: "out", Deadline: "2026-10-16", BackpayAllowed: "yes"},    // a day past: out
		{PersonID: "today", Deadline: "2026-09-15", BackpayAllowed: "yes"},  // as-of itself: in
		{PersonID: "tie1", Deadline: "2026-09-30", BackpayAllowed: "yes"},   //
		{PersonID: "past", Deadline: "2026-09-14", BackpayAllowed: "yes"},   // before as-of: out
		{PersonID: "gone", DeadlineExpired: "2026-09-01"},                   // expired: out
		{PersonID: "unknown", Deadline: "2026-09-20", BackpayAllowed: "no"}, // not allowed: out
		{PersonID: "tie2", Deadline: "2026-09-30", BackpayAllowed: "yes"},   //
		{PersonID: "none"}, // no lapse
	} {
		if err := d.Result(r); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := d.Flush(); err != nil || n != 4 {
		t.Fatalf("%d %v", n, err)
	}
	var got []string
	for _, r := range sink.results {
		got = append(got, r.PersonID)
	}
	if strings.Join(got, ",") != "today,tie1,tie2,late" {
		t.Fatalf("order %v", got)
	}
	for _, c := range []struct {
		in   string
		days int
	}{{"30d", 30}, {"2w", 14}, {"90d", 90}, {" 7D ", 7}, {"0d", 0}, {"30", -1}, {"1m", -1}, {"-3d", -1}, {"d", -1}, {"9999d", -1}} {
		n, err := batch.ParseWindow(c.in)
		if (err != nil) != (c.days < 0) || (err == nil && n != c.days) {
			t.Errorf("ParseWindow(%q) = %d, %v", c.in, n, err)
		}
	}
	// through a run: deterministic, and every kept person really is due
	e := newEngine(t)
	var outs []string
	for w := range 2 {
		var s memSink
		due := &batch.DueWithin{Sink: &s, AsOf: asOf, Days: 90}
		if _, err := batch.Run(strings.NewReader(genLedger(300, 4)), batch.Options{Defaults: batch.Defaults{AsOf: asOf}, Workers: 1 + 3*w}, e.Assess, due); err != nil {
			t.Fatal(err)
		}
		due.Flush()
		var b strings.Builder
		last := ""
		for _, r := range s.results {
			if r.Deadline < last || r.Deadline < asOf.String() || r.Deadline > asOf.AddDays(90).String() {
				t.Fatalf("%s: deadline %s out of order or window", r.PersonID, r.Deadline)
			}
			last = r.Deadline
			b.WriteString(r.PersonID + " ")
		}
		outs = append(outs, b.String())
	}
	if outs[0] != outs[1] || outs[0] == "" {
		t.Fatalf("due lists differ or are empty: %q %q", outs[0], outs[1])
	}
}

// TestLangEN: --lang en writes the summary in English from the same
// result; Chinese stays the default.
func TestLangEN(t *testing.T) {
	e := newEngine(t)
	in, err := os.ReadFile("../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	sum := map[report.Lang]map[string]string{}
	for _, l := range []report.Lang{report.ZH, report.EN} {
		var sink memSink
		if _, err := batch.Run(bytes.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: asOf}, Lang: l}, e.Assess, &sink); err != nil {
			t.Fatal(err)
		}
		sum[l] = map[string]string{}
		for _, r := range sink.results {
			sum[l][r.PersonID] = r.Summary
		}
	}
	want := map[string][2]string{
		"B002": {"自2026-08起断缴1个月，可补缴至2026-11-30，今天缴费1,509.20元，2027-03-01起享受待遇",
			"lapsed since 2026-08: 1 month(s); back-pay allowed until 2026-11-30; 1,509.20 yuan if paid today; covered from 2027-03-01"},
		"C003": {"正常享受待遇，无断缴", "covered, no lapse"},
		// 泸州 2026: 551.00 a month since issue 11's data pass (fixed base 6,116.80 × 9%)
		"A001": {"自2025-01起断缴20个月，宽限期已于2025-04-30过期，今天缴费11,571.00元，最迟2027-03-01起享受待遇",
			"lapsed since 2025-01: 20 month(s); grace deadline passed on 2025-04-30; 11,571.00 yuan if paid today; covered from 2027-03-01 at the latest"},
	}
	for id, w := range want {
		if sum[report.ZH][id] != w[0] || sum[report.EN][id] != w[1] {
			t.Errorf("%s:\n zh %s\n en %s", id, sum[report.ZH][id], sum[report.EN][id])
		}
	}
	// a region whose flexible amount is still not encoded (嘉峪关 2026) says so
	// in the summary instead of an amount
	unknown := "个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,到账日期\n" +
		"D004,620200,2025-10,职工,已缴,6000.00,\nD004,620200,2025-11,职工,已缴,6000.00,\nD004,620200,2025-12,职工,已缴,6000.00,\n"
	for l, w := range map[report.Lang]string{report.ZH: "金额未收录", report.EN: "amount not encoded"} {
		var sink memSink
		if _, err := batch.Run(strings.NewReader(unknown), batch.Options{Defaults: batch.Defaults{AsOf: asOf}, Lang: l}, e.Assess, &sink); err != nil {
			t.Fatal(err)
		}
		if len(sink.results) != 1 || !strings.Contains(sink.results[0].Summary, w) {
			t.Errorf("D004 (%v): want %q in the summary, got %+v", l, w, sink.results)
		}
	}
	r := batch.Result{Status: "suspended"}
	if got := batch.Summary(&r, report.EN); got != "status now: suspended (arrears, payable)" {
		t.Errorf("status text: %s", got)
	}
	if got := batch.StatusText("not_enrolled", report.EN); got != "not enrolled" {
		t.Errorf("StatusText: %s", got)
	}
}

// TestProgressSilentNotTTY: no progress line unless stderr is a terminal.
func TestProgressSilentNotTTY(t *testing.T) {
	var buf bytes.Buffer
	if p := batch.NewProgress(&buf, nil); p != nil {
		t.Fatal("a progress line on a buffer")
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if batch.IsTerminal(f) || batch.NewProgress(f, nil) != nil {
		t.Fatal("a regular file taken for a terminal")
	}
	r, w, _ := os.Pipe()
	defer r.Close()
	defer w.Close()
	if batch.IsTerminal(w) {
		t.Fatal("a pipe taken for a terminal")
	}
	var p *batch.Progress // nil: every call is silent
	p.Update(1, 1)
	p.Done()
	if tty, err := os.OpenFile("/dev/tty", os.O_WRONLY, 0); err == nil {
		if !batch.IsTerminal(tty) {
			t.Error("/dev/tty is not taken for a terminal")
		}
		tty.Close()
	}
}

// TestProgressLine: the line's words, the bar and the ETA.
func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	now := time.Date(2026, 9, 15, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	done := 0.0
	p := batch.NewProgressFor(&buf, func() float64 { return done }, clock)
	now, done = now.Add(10*time.Second), 0.25
	p.Update(100000, 2500)
	got := buf.String()
	if !strings.Contains(got, "行 rows 100000 · 人 persons 2500 · 10000 rows/s") || !strings.Contains(got, "[=====               ]  25%") || !strings.Contains(got, "ETA 30s") {
		t.Fatalf("line %q", got)
	}
	p.Update(100001, 2500) // within 200 ms: not redrawn
	if buf.String() != got {
		t.Fatal("redrawn too soon")
	}
	p.Done()
	if !strings.HasSuffix(buf.String(), "\r\x1b[K") {
		t.Fatal("not cleared")
	}
}

// FuzzJSONL: any bytes as JSON Lines either fail the header with an error or
// are accounted for row by row; nothing panics.
func FuzzJSONL(f *testing.F) {
	f.Add(`{"个人编号":"A","参保地":"510500","费款所属期":"2024-11","险种":"职工","缴费状态":"已缴","缴费基数":6000}` + "\n" + `{"个人编号":"A","费款所属期":202412,"险种":"职工","缴费状态":"已缴","paid_on":null}`)
	f.Add("{\"person_id\":\"A\",\"month\":\"2024-11\",\"scheme\":\"employee\",\"status\":\"paid\"}\n\n[1,2]\n{\"person_id\":{}}\n{\"a\":1,\"a\":2}\n{\"person_id\":\"B\"} x\n")
	f.Add("{}\n{\"人员编号\":\"x\"}\n")
	f.Add("\xff\xfe{\"person_id\":1e999}\n")
	e := newEngine(f)
	f.Fuzz(func(t *testing.T, in string) {
		var sink memSink
		st, err := batch.RunSource(batch.NewJSONLSource(strings.NewReader(in), nil), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}, Workers: 2}, e.Assess, &sink)
		if err != nil {
			return
		}
		if st.RowsIn != st.RowsUsed+st.RowsRejected {
			t.Fatalf("rows in %d ≠ used %d + rejected %d", st.RowsIn, st.RowsUsed, st.RowsRejected)
		}
		if n := strings.Count(in, "\n") + 1; st.RowsIn > n {
			t.Fatalf("%d rows from %d lines", st.RowsIn, n)
		}
	})
}

// BenchmarkParquetIn: the bench ledger's schema from Parquet through the
// whole path (engine and results included), 500 persons × 240 months.
func BenchmarkParquetIn(b *testing.B) {
	e := newEngine(b)
	rows := benchLedger(500)
	pq := writeBenchParquet(b, rows)
	b.SetBytes(int64(len(benchCSV(rows)))) // MB/s of the CSV twin, to compare with BenchmarkBatch
	b.ReportMetric(float64(len(pq)), "parquet-bytes")
	for b.Loop() {
		src, err := batch.NewParquetSource(bytes.NewReader(pq), int64(len(pq)))
		if err != nil {
			b.Fatal(err)
		}
		var sink memSink
		if _, err := batch.RunSource(src, batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}}, e.Assess, &sink); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(rows))*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParquetInCSVTwin: the same ledger as CSV, for the ratio.
func BenchmarkParquetInCSVTwin(b *testing.B) {
	e := newEngine(b)
	in := benchCSV(benchLedger(500))
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		var sink memSink
		if _, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}}, e.Assess, &sink); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(500*240)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkXLSXOut: 10,000 result rows to an XLSX file (sheet, widths,
// summary), atomic.
func BenchmarkXLSXOut(b *testing.B) {
	res := make([]batch.Result, 10000)
	for i := range res {
		res[i] = batch.Result{PersonID: "P" + strconv.Itoa(100000+i), Region: "510500", AsOf: asOf, Status: "suspended", LapseFrom: "2026-08", LapseMonths: 1,
			LapseCause: "arrears", BackpayAllowed: "yes", Deadline: "2026-11-30", PayMonths: 2, AmountFen: "150920", FirstCoveredDate: "2027-03-01",
			WaitingMonths: 6, CumulativeMonths: 120, Warnings: "not_encoded:flexible.addon_monthly;not_encoded:contribution.rounding",
			Summary: "自2026-08起断缴1个月，可补缴至2026-11-30，今天缴费1,509.20元，2027-03-01起享受待遇"}
	}
	dir := b.TempDir()
	out := filepath.Join(dir, "r.xlsx")
	for b.Loop() {
		sink, err := batch.NewFileSink(out, filepath.Join(dir, "r.rejects.csv"))
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if err := sink.Result(r); err != nil {
				b.Fatal(err)
			}
		}
		sink.SetStats(batch.Stats{RowsIn: 10000, RowsUsed: 10000, Persons: 10000, ByStatus: map[string]int{"suspended": 10000}})
		if err := sink.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	fi, _ := os.Stat(out)
	b.ReportMetric(float64(fi.Size()), "xlsx-bytes")
}

// TestJSONLKeys: a field the first line leaves out (Spark drops nulls) is
// read on a later line; a Chinese alias the first line did not use rejects
// its row, naming the key; other keys are ignored as CSV columns are.
func TestJSONLKeys(t *testing.T) {
	in := `{"person_id":"A","region":"510500","month":"2024-11","scheme":"employee","status":"paid","base_fen":600000,"note":"x"}
{"person_id":"A","region":"510500","month":"2024-12","scheme":"employee","status":"paid","base_fen":600000,"paid_on":"2025-03-02","other":[1]}

{"person_id":"B","region":"510500","month":"2024-12","scheme":"employee","status":"paid","到账日期":"2025-01-05"}
`
	src := batch.NewJSONLSource(strings.NewReader(in), nil)
	var recs [][]string
	for {
		rec, pos, err := src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			recs = append(recs, []string{fmt.Sprint(pos), err.Error()})
			continue
		}
		recs = append(recs, append([]string{fmt.Sprint(pos)}, rec...))
	}
	got := fmt.Sprint(recs)
	for _, want := range []string{
		"[1 person_id region month scheme status base_fen note from to base paid_on due birth sex]",
		"[1 A 510500 2024-11 employee paid 600000 x       ]",
		"[2 A 510500 2024-12 employee paid 600000     2025-03-02   ]", // "other": [1] ignored, as an unread column
		"[4 record 4: key \"到账日期\" (paid_on) is not among the first line's keys: name each field as the first line does]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want %s in\n%s", want, got)
		}
	}
	src = batch.NewJSONLSource(strings.NewReader(`{"person_id":"A","month":"2024-11","scheme":"employee","status":"paid"}`+"\n"+`{"person_id":"A","month":"2024-12","scheme":{"x":1},"status":"paid"}`+"\n"+`{"person_id":"A","month":"2024-12","scheme":"employee","status":"paid","paid_on":"2025-03-02"}`), nil)
	src.Next()
	src.Next()
	if _, _, err := src.Next(); err == nil || !strings.Contains(err.Error(), `key "scheme": want a string`) {
		t.Fatalf("a ledger field as an object: %v", err)
	}
	rec, _, err := src.Next()
	if err != nil || !strings.Contains(fmt.Sprint(rec), "2025-03-02") {
		t.Fatalf("a later paid_on: %q %v", rec, err)
	}
}

// FuzzBinarySources: damaged Parquet and XLSX files end in an error or are
// accounted for row by row; the decoders never crash the run.
func FuzzBinarySources(f *testing.F) {
	pq := writeBenchParquet(f, benchLedger(3))
	dir := f.TempDir()
	x := filepath.Join(dir, "l.xlsx")
	writeXLSX(f, x, csvRecords(f, genLedger(3, 1)))
	xb, _ := os.ReadFile(x)
	f.Add(true, pq, 100, byte(1))
	f.Add(false, xb, 200, byte(0xff))
	f.Add(true, pq[:len(pq)/2], 0, byte(0))
	e := newEngine(f)
	f.Fuzz(func(t *testing.T, parquetFile bool, b []byte, at int, v byte) {
		b = append([]byte(nil), b...)
		if len(b) > 0 {
			b[(at%len(b)+len(b))%len(b)] ^= v
		}
		format := batch.XLSX
		if parquetFile {
			format = batch.Parquet
		}
		src, err := batch.OpenSource(format, bytes.NewReader(b), batch.SourceOptions{})
		if err != nil {
			return
		}
		var sink memSink
		st, err := batch.RunSource(src, batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}, Workers: 2}, e.Assess, &sink)
		if err == nil && st.RowsIn != st.RowsUsed+st.RowsRejected {
			t.Fatalf("rows in %d ≠ used %d + rejected %d", st.RowsIn, st.RowsUsed, st.RowsRejected)
		}
	})
}

// TestDamagedParquet: the Parquet decoder panics on some damaged files (a
// byte flipped in the footer: slice bounds, "cannot call Kind on parquet MAP
// type"); the source turns that into an error that stops the run, never a
// crash.
func TestDamagedParquet(t *testing.T) {
	pq := writeBenchParquet(t, benchLedger(3))
	e := newEngine(t)
	stopped := 0
	for k := range 700 {
		b := append([]byte(nil), pq...)
		b[len(b)-700+k] ^= 1
		src, err := batch.NewParquetSource(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			stopped++
			continue
		}
		var sink memSink
		if _, err := batch.RunSource(src, batch.Options{Defaults: batch.Defaults{AsOf: asOf, Region: "510500"}}, e.Assess, &sink); err != nil {
			stopped++
			if strings.Contains(err.Error(), "damaged") && !strings.HasPrefix(err.Error(), "parquet: the file is damaged: ") {
				t.Errorf("message %q", err)
			}
		}
	}
	if stopped == 0 {
		t.Fatal("no damaged file was noticed")
	}
}

// TestXLSXDateCells: a payment date typed into Excel is a date cell in the
// short date format; it reads as 2025-03-02 (not the locale's 03-02-25) and
// answers as the same date written as text.
func TestXLSXDateCells(t *testing.T) {
	csvIn := "个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,到账日期\nA,510500,2024-11,职工,已缴,6000,\nA,510500,2024-12,职工,已缴,6000,2025-03-02\nA,510500,2025-01,职工,已缴,6000,\n"
	recs := csvRecords(t, csvIn)
	f := excelize.NewFile()
	for i, rec := range recs {
		vals := make([]any, len(rec))
		for j, v := range rec {
			vals[j] = v
		}
		if i == 2 {
			vals[6] = time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		f.SetSheetRow("Sheet1", cell, &vals)
	}
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // Excel's short date
	f.SetCellStyle("Sheet1", "G3", "G3", style)
	path := filepath.Join(t.TempDir(), "d.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	src := openSource(t, path)
	src.Next()
	src.Next()
	rec, _, err := src.Next()
	if err != nil || rec[6] != "2025-03-02" {
		t.Fatalf("the date cell reads %q (%v)", rec, err)
	}
	opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 3, 10)}}
	got, _ := runOutcome(t, openSource(t, path), opt)
	want, _ := runOutcome(t, batch.NewCSVSource(strings.NewReader(csvIn), ','), opt)
	if got != want {
		t.Fatalf("got %s\nwant %s", got, want)
	}
}
