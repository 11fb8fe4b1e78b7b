package httpapi_test

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"yibao"
	"yibao/batch"
	"yibao/httpapi"
)

// collect is a batch.Sink that keeps everything.
type collect struct {
	results []batch.Result
	rejects []batch.RowError
}

func (c *collect) Result(r batch.Result) error     { c.results = append(c.results, r); return nil }
func (c *collect) Reject(e batch.RowError) error   { c.rejects = append(c.rejects, e); return nil }
func (c *collect) csv(t *testing.T) string         { return csvOf(t, c.results) }
func csvOf(t *testing.T, rs []batch.Result) string { t.Helper(); return csvRows(t, batch.Header(), rs) }

func csvRows(t *testing.T, h []string, rs []batch.Result) string {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(h)
	for _, r := range rs {
		w.Write(r.Record())
	}
	w.Flush()
	return b.String()
}

// batchLedger is a small ledger with every kind of row: persons with and
// without lapses, a bad value (its person rejected whole), a row without a
// person, a person whose rows come back (not contiguous).
const batchLedger = `个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,到账日期
A001,510500,2024-10,职工,已缴,6000.00,
A001,510500,2024-11,职工,已缴,6000.00,
B002,310000,2026-04,灵活就业,已缴,7546.00,2026-04-15
B002,310000,2026-05,灵活就业,已缴,7546.00,2026-05-15
B002,310000,2026-08,灵活就业,欠缴,7546.00,
C003,370200,2025-13,灵活就业,已缴,3980.00,
C003,370200,2026-01,灵活就业,已缴,3980.00,
,370200,2026-01,灵活就业,已缴,3980.00,
D004,,2026-01,职工,已缴,5000,
A001,510500,2024-12,职工,已缴,6000.00,
`

var batchAsOf = yibao.DateOf(2026, 9, 15)

func runBatch(t *testing.T, in string, region string) (collect, batch.Stats) {
	t.Helper()
	var c collect
	st, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: batchAsOf, Region: region}}, testEngine.Assess, &c)
	if err != nil {
		t.Fatal(err)
	}
	return c, st
}

func postBatch(t *testing.T, h http.Handler, query, ctype, accept string, body []byte) *http.Response {
	t.Helper()
	req := httptest.NewRequest("POST", "/v1/batch"+query, bytes.NewReader(body))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func checkTrailers(t *testing.T, resp *http.Response, st batch.Stats) {
	t.Helper()
	want := map[string]int{httpapi.TrailerRowsIn: st.RowsIn, httpapi.TrailerRowsUsed: st.RowsUsed, httpapi.TrailerRowsRejected: st.RowsRejected,
		httpapi.TrailerPersons: st.Persons, httpapi.TrailerPersonsRejected: st.PersonsRejected}
	for k, n := range want {
		if got := resp.Trailer.Get(k); got != fmt.Sprint(n) {
			t.Errorf("trailer %s = %q, want %d", k, got, n)
		}
	}
}

// The API's rows are batch.Run's on the same input: CSV in and out, CSV in
// GB18030, CSV in and JSON Lines out, JSON Lines in.
func TestBatchEqualsRun(t *testing.T) {
	s := newServer(t, nil)
	want, st := runBatch(t, batchLedger, "")
	if st.Persons != 2 || st.PersonsRejected != 2 || st.RowsIn != 10 || st.RowsIn != st.RowsUsed+st.RowsRejected {
		t.Fatalf("the ledger does not exercise what it should: %+v", st)
	}
	wantCSV := want.csv(t)

	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(batchLedger))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, ctype string
		body        []byte
	}{
		{"utf-8", "text/csv", []byte(batchLedger)},
		{"bom", "text/csv; charset=utf-8", append([]byte("\ufeff"), batchLedger...)},
		{"gb18030", "text/csv; charset=gb18030", gb},
		{"gbk", "text/csv; charset=GBK", gb},
	} {
		resp := postBatch(t, s, "?as_of=2026-09-15", tc.ctype, "", tc.body)
		got := readAll(t, resp)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %s %s", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), got)
		}
		if got != wantCSV {
			t.Errorf("%s: API ≠ batch.Run:\n%s\nwant\n%s", tc.name, got, wantCSV)
		}
		checkTrailers(t, resp, st)
		if resp.Header.Get("Yibao-As-Of") != "2026-09-15" {
			t.Errorf("%s: Yibao-As-Of %q", tc.name, resp.Header.Get("Yibao-As-Of"))
		}
	}

	// JSON Lines out: results and rejects in input order, then the summary
	resp := postBatch(t, s, "?as_of=2026-09-15", "text/csv", "application/x-ndjson", []byte(batchLedger))
	body := readAll(t, resp)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/x-ndjson") {
		t.Fatalf("jsonl out: %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	var results []map[string]any
	var rejects []batch.RowError
	var summary map[string]any
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		if summary != nil {
			t.Fatalf("a line after the summary: %q", sc.Text())
		}
		switch m["kind"] {
		case "result":
			results = append(results, m)
		case "reject":
			rejects = append(rejects, batch.RowError{Line: int(m["line"].(float64)), Column: m["column"].(string), Reason: m["reason"].(string)})
		case "summary":
			summary = m
		default:
			t.Fatalf("kind %v", m["kind"])
		}
	}
	if len(results) != len(want.results) || fmt.Sprint(rejects) != fmt.Sprint(want.rejects) {
		t.Errorf("jsonl: %d results, rejects %v; want %d, %v", len(results), rejects, len(want.results), want.rejects)
	}
	for i, r := range results {
		rec := want.results[i].Record()
		for j, c := range batch.Header() {
			if got := fmt.Sprint(r[c]); got != rec[j] {
				t.Errorf("jsonl result %d %s = %q, want %q", i, c, got, rec[j])
			}
		}
	}
	if summary == nil || summary["rows_in"] != float64(st.RowsIn) || summary["rows_rejected"] != float64(st.RowsRejected) ||
		summary["persons"] != float64(st.Persons) || summary["persons_rejected"] != float64(st.PersonsRejected) {
		t.Errorf("summary %v, stats %+v", summary, st)
	}
	checkTrailers(t, resp, st)

	// JSON Lines in: the same rows as objects (numbers and nulls allowed),
	// with a blank line, and a line that is not an object
	var jl strings.Builder
	r := csv.NewReader(strings.NewReader(batchLedger))
	recs, _ := r.ReadAll()
	for i, rec := range recs[1:] {
		m := map[string]any{}
		for j, h := range recs[0] {
			switch {
			case rec[j] == "":
				m[h] = nil
			case h == "缴费基数" && i%2 == 0:
				m[h] = json.Number(rec[j])
			default:
				m[h] = rec[j]
			}
		}
		b, _ := json.Marshal(m)
		jl.Write(b)
		jl.WriteString("\n")
		if i == 1 {
			jl.WriteString("\n  \n") // blank lines: skipped, still counted
		}
	}
	jl.WriteString("[1,2]\n")
	resp = postBatch(t, s, "?as_of=2026-09-15", "application/x-ndjson", "text/csv", []byte(jl.String()))
	if got := readAll(t, resp); resp.StatusCode != 200 || got != wantCSV {
		t.Errorf("jsonl in: %d\n%s\nwant\n%s", resp.StatusCode, got, wantCSV)
	}
	st2 := st
	st2.RowsIn++
	st2.RowsRejected++
	checkTrailers(t, resp, st2)
	resp = postBatch(t, s, "?as_of=2026-09-15", "application/x-ndjson", "", []byte(jl.String()))
	body = readAll(t, resp)
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if resp.StatusCode != 200 || len(lines) < 2 ||
		lines[len(lines)-2] != `{"kind":"reject","line":13,"column":"-","reason":"not a JSON object: want one object per line, e.g. {\"person_id\":\"A001\",\"month\":\"2026-01\",…}"}` {
		t.Errorf("jsonl in, jsonl out: the bad line is not rejected at its line:\n%s", body)
	}
	// the row of A001 that came back is at body line 12 (two blank lines before it)
	if !strings.Contains(body, `"line":12,"column":"person_id","reason":"A001's rows are not contiguous`) {
		t.Errorf("jsonl lines not mapped back to the body's:\n%s", body)
	}
}

// A bigger ledger (the example roster repeated under new ids) through the
// API equals batch.Run, with the region default from the query.
func TestBatchRoster(t *testing.T) {
	src, err := os.ReadFile("../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(src)), "\n")
	var b strings.Builder
	b.WriteString(strings.Replace(lines[0], "参保地,", "", 1) + "\n")
	for k := range 200 {
		for _, l := range lines[1:] {
			f := strings.Split(l, ",")
			f[0] = fmt.Sprintf("%s-%03d", f[0], k)
			b.WriteString(strings.Join(append(f[:1:1], f[2:]...), ",") + "\n")
		}
	}
	want, st := runBatch(t, b.String(), "510500")
	if st.Persons != 600 {
		t.Fatalf("stats %+v", st)
	}
	s := newServer(t, nil)
	resp := postBatch(t, s, "?as_of=2026-09-15&region=%E6%B3%B8%E5%B7%9E", "text/csv", "text/csv", []byte(b.String()))
	if got := readAll(t, resp); resp.StatusCode != 200 || got != want.csv(t) {
		t.Errorf("roster: %d, %d bytes, want %d", resp.StatusCode, len(got), len(want.csv(t)))
	}
	checkTrailers(t, resp, st)
}

func TestBatchRefusals(t *testing.T) {
	s := newServer(t, func(c *httpapi.Config) { c.MaxBodyBytes = 4096 })
	big := []byte(batchLedger + strings.Repeat("E005,510500,2026-01,职工,已缴,5000,\n", 200))
	for _, tc := range []struct {
		name, query, ctype, accept string
		body                       []byte
		status                     int
		detail                     string
	}{
		{"no content type", "", "", "", []byte(batchLedger), 415, "no Content-Type"},
		{"json", "", "application/json", "", []byte(`{}`), 415, "text/csv"},
		{"xml", "", "application/xml", "", []byte(batchLedger), 415, "application/x-ndjson"},
		{"bad charset", "", "text/csv; charset=latin1", "", []byte(batchLedger), 415, `charset "latin1"`},
		{"unreadable", "", "text/csv; =", "", []byte(batchLedger), 415, "unreadable"},
		{"accept", "", "text/csv", "application/pdf", []byte(batchLedger), 406, "text/csv, application/x-ndjson or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"too large", "", "text/csv", "", big, 413, "4096 bytes"},
		{"not gb18030", "", "text/csv", "", []byte("个人编号\n\xb8\xf6\n"), 400, "charset"},
		{"empty", "", "text/csv", "", nil, 400, "empty"},
		{"no person column", "", "text/csv", "", []byte("a,b\n1,2\n"), 400, "no person column"},
		{"bad as_of", "?as_of=2026-13-01", "text/csv", "", []byte(batchLedger), 400, "month"},
		{"bad region", "?region=nowhere", "text/csv", "", []byte(batchLedger), 400, ""},
	} {
		resp := postBatch(t, s, tc.query, tc.ctype, tc.accept, tc.body)
		body := readAll(t, resp)
		var p httpapi.Problem
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(body), &p) != nil {
			t.Errorf("%s: %d %s %s", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			continue
		}
		if !strings.Contains(p.Detail+fmt.Sprint(p.Errors), tc.detail) || p.Errors == nil {
			t.Errorf("%s: detail %q errors %v, want %q", tc.name, p.Detail, p.Errors, tc.detail)
		}
	}
}

// Load shedding reaches the batch route as every other: a request past the
// requests-in-flight limit is a 503 with Retry-After.
func TestBatchShed(t *testing.T) {
	h := newHold(false)
	ts, _ := limitServer(t, h, func(c *httpapi.Config) { c.MaxInFlight = 1 })
	held := make(chan answer, 1)
	go func() { held <- send(t, "POST", ts.URL+"/v1/plan", seedCase) }()
	<-h.entered
	req, _ := http.NewRequest("POST", ts.URL+"/v1/batch", strings.NewReader(batchLedger))
	req.Header.Set("Content-Type", "text/csv")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	check503(t, answer{resp.StatusCode, resp.Header, string(b)}, httpapi.TypeOverloaded, "1")
	close(h.release)
	<-held
	// and passes once the slot is free, trailers and all over a real connection
	req, _ = http.NewRequest("POST", ts.URL+"/v1/batch?as_of=2026-09-15", strings.NewReader(batchLedger))
	req.Header.Set("Content-Type", "text/csv")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	want, st := runBatch(t, batchLedger, "")
	if resp.StatusCode != 200 || string(got) != want.csv(t) {
		t.Errorf("after release: %d %s", resp.StatusCode, got)
	}
	checkTrailers(t, resp, st)
}

// Any body, as CSV or as JSON Lines, is answered 200 or 400 (never a 5xx),
// and a 200 accounts for every row: in = used + rejected.
func FuzzBatch(f *testing.F) {
	f.Add([]byte(batchLedger), false)
	f.Add([]byte(`{"person_id":"A1","region":"510500","month":"2026-01","scheme":"flexible","status":"paid"}`+"\n[1]\n\n{\"a\":{}}\n"), true)
	f.Add([]byte("person_id,month,scheme,status\n\"A\n"), false)
	f.Add([]byte(`{"person_id":"A1","person_id":"A2"}`), true)
	s := newServer(f, nil)
	f.Fuzz(func(t *testing.T, body []byte, jsonl bool) {
		ct := "text/csv"
		if jsonl {
			ct = "application/x-ndjson"
		}
		resp := postBatch(t, s, "?as_of=2026-09-15", ct, "application/x-ndjson", body)
		out := readAll(t, resp)
		switch resp.StatusCode {
		case 400:
			return
		case 200:
		default:
			t.Fatalf("%d %s", resp.StatusCode, out)
		}
		var in, used, rej int
		fmt.Sscan(resp.Trailer.Get(httpapi.TrailerRowsIn), &in)
		fmt.Sscan(resp.Trailer.Get(httpapi.TrailerRowsUsed), &used)
		fmt.Sscan(resp.Trailer.Get(httpapi.TrailerRowsRejected), &rej)
		if in != used+rej || !strings.Contains(out, `"kind":"summary"`) {
			t.Fatalf("accounting %d ≠ %d + %d:\n%s", in, used, rej, out)
		}
	})
}

// xlsxOf is a workbook holding a CSV table on its first sheet, every cell text.
func xlsxOf(t *testing.T, table string) []byte {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(table)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	for i, rec := range recs {
		row := make([]any, len(rec))
		for j, v := range rec {
			row[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if _, err := f.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

const mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// An XLSX body answers what the same table as CSV answers (CSV and JSON
// Lines out), and an XLSX answer is the workbook yibao batch writes: the
// results sheet with its header frozen, the summary sheet with the
// accounting; examples/roster.xlsx answers as examples/roster.csv does.
func TestBatchXLSX(t *testing.T) {
	s := newServer(t, nil)
	want, st := runBatch(t, batchLedger, "")
	book := xlsxOf(t, batchLedger)
	resp := postBatch(t, s, "?as_of=2026-09-15", mediaXLSX, "text/csv", book)
	if got := readAll(t, resp); resp.StatusCode != 200 || got != want.csv(t) {
		t.Errorf("XLSX in, CSV out: %d\n%s\nwant\n%s", resp.StatusCode, got, want.csv(t))
	}
	checkTrailers(t, resp, st)
	// JSON Lines out: the rejects are listed at their sheet rows, as the CSV's lines
	resp = postBatch(t, s, "?as_of=2026-09-15", mediaXLSX, "application/x-ndjson", book)
	var rejects []int
	for _, l := range strings.Split(strings.TrimSpace(readAll(t, resp)), "\n") {
		var x struct {
			Kind string
			Line int
		}
		json.Unmarshal([]byte(l), &x)
		if x.Kind == "reject" {
			rejects = append(rejects, x.Line)
		}
	}
	var wantRejects []int
	for _, e := range want.rejects {
		wantRejects = append(wantRejects, e.Line)
	}
	if fmt.Sprint(rejects) != fmt.Sprint(wantRejects) {
		t.Errorf("XLSX in: rejected rows %v, CSV in: %v", rejects, wantRejects)
	}

	// the example roster: XLSX in ≡ CSV in, and the XLSX answer
	rosterCSV, err := os.ReadFile("../examples/roster.csv")
	if err != nil {
		t.Fatal(err)
	}
	rosterXLSX, err := os.ReadFile("../examples/roster.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	fromCSV := readAll(t, postBatch(t, s, "?as_of=2026-11-10", "text/csv", "text/csv", rosterCSV))
	fromXLSX := readAll(t, postBatch(t, s, "?as_of=2026-11-10", mediaXLSX, "text/csv", rosterXLSX))
	if fromCSV != fromXLSX || strings.Count(fromCSV, "\n") != 4 {
		t.Errorf("roster.xlsx answers\n%s\nroster.csv answers\n%s", fromXLSX, fromCSV)
	}
	wantRows, err := csv.NewReader(strings.NewReader(fromCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, query, accept string
		sheets              []string
	}{
		{"asked", "?as_of=2026-11-10", mediaXLSX, []string{"结果", "汇总"}},
		{"the input's kind", "?as_of=2026-11-10", "", []string{"结果", "汇总"}},
		{"English", "?as_of=2026-11-10&lang=en", "text/csv;q=0.5, " + mediaXLSX, []string{"Results", "Summary"}},
	} {
		resp := postBatch(t, s, tc.query, mediaXLSX, tc.accept, rosterXLSX)
		body := readAll(t, resp)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != mediaXLSX || resp.Header.Get(httpapi.TrailerPersons) != "3" ||
			resp.Header.Get(httpapi.TrailerRowsIn) != "19" || !strings.Contains(resp.Header.Get("Content-Disposition"), ".xlsx") {
			t.Errorf("%s: %d %v", tc.name, resp.StatusCode, resp.Header)
			continue
		}
		f, err := excelize.OpenReader(strings.NewReader(body))
		if err != nil {
			t.Errorf("%s: the answer does not open: %v", tc.name, err)
			continue
		}
		if got := f.GetSheetList(); fmt.Sprint(got) != fmt.Sprint(tc.sheets) {
			t.Errorf("%s: sheets %q, want %q", tc.name, got, tc.sheets)
		}
		rows, _ := f.GetRows(tc.sheets[0])
		if len(rows) != len(wantRows) || fmt.Sprint(rows[0]) != fmt.Sprint(wantRows[0]) {
			t.Errorf("%s: %d rows, header %q; want %d, %q", tc.name, len(rows), rows, len(wantRows), wantRows[0])
		} else if tc.name != "English" {
			for i := range rows {
				// Excel drops trailing empty cells
				if got, want := strings.Join(rows[i], ","), strings.TrimRight(strings.Join(wantRows[i], ","), ","); strings.TrimRight(got, ",") != want {
					t.Errorf("%s: row %d\n%s\nwant\n%s", tc.name, i, got, want)
				}
			}
		}
		if panes, err := f.GetPanes(tc.sheets[0]); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s: header not frozen: %+v %v", tc.name, panes, err)
		}
		sum, _ := f.GetRows(tc.sheets[1])
		if len(sum) < 5 || len(sum[0]) < 2 || sum[0][1] != "19" || sum[3][1] != "3" {
			t.Errorf("%s: summary sheet %q", tc.name, sum)
		}
		f.Close()
	}
}

// A body that is not a workbook, one that unpacks past 32 × the body
// limit, and an unknown lang are refused with a problem.
func TestBatchXLSXRefusals(t *testing.T) {
	s := newServer(t, func(c *httpapi.Config) { c.MaxBodyBytes = 4096 })
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("xl/worksheets/sheet1.xml")
	w.Write(make([]byte, 33*4096))
	zw.Close()
	if bomb.Len() > 4096 {
		t.Fatalf("the bomb is %d bytes", bomb.Len())
	}
	for _, tc := range []struct {
		name, query string
		body        []byte
		status      int
		detail      string
	}{
		{"not a workbook", "", []byte(batchLedger), 400, "the workbook cannot be read"},
		{"unpacks too far", "", bomb.Bytes(), 413, "unpacks to more than 131072 bytes"},
		{"bad lang", "?lang=fr", xlsxOf(t, batchLedger), 400, "want zh or en"},
	} {
		resp := postBatch(t, s, tc.query, mediaXLSX, "", tc.body)
		body := readAll(t, resp)
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/problem+json" || !strings.Contains(body, tc.detail) {
			t.Errorf("%s: %d %s %s", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
}
