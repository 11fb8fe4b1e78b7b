package batch_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yibao"
	"yibao/batch"
	"yibao/engine"
	"yibao/policy"
)

func newEngine(t testing.TB) *engine.Engine {
	t.Helper()
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return engine.New(s)
}

// memSink keeps results and rejects in memory.
type memSink struct {
	results []batch.Result
	rejects []batch.RowError
}

func (m *memSink) Result(r batch.Result) error   { m.results = append(m.results, r); return nil }
func (m *memSink) Reject(e batch.RowError) error { m.rejects = append(m.rejects, e); return nil }

var regions = []string{"510500", "310000", "370200", "420100", "320100", "110000", "520100"}

// genLedger writes n persons' person-month rows (Chinese headers), with gaps,
// arrears and back-payments, the way a 缴费明细 export looks.
func genLedger(n int, seed uint64) string {
	r := rand.New(rand.NewPCG(seed, 7))
	var b strings.Builder
	b.WriteString("个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,到账日期\n")
	for p := 0; p < n; p++ {
		reg := regions[r.IntN(len(regions))]
		sch := []string{"职工", "灵活就业"}[r.IntN(2)]
		start := yibao.MonthOf(2015+r.IntN(8), 1+r.IntN(12))
		end := yibao.MonthOf(2026, 8).Add(-r.IntN(14))
		gapAt, gapLen := start.Add(r.IntN(60)), []int{0, 0, 1, 2, 3, 4, 6, 12}[r.IntN(8)]
		base := 5000 + r.IntN(5000) // the base changes once a year, as it does
		for m := start; m <= end; m++ {
			if m >= gapAt && m < gapAt.Add(gapLen) {
				continue
			}
			status, paid := "已缴", ""
			switch k := r.IntN(40); {
			case k == 0:
				status = "欠缴"
			case k == 1 && m < end:
				paid = m.Add(1 + r.IntN(2)).First().AddDays(r.IntN(20)).String()
			}
			fmt.Fprintf(&b, "P%05d,%s,%s,%s,%s,%d.00,%s\n", p, reg, m, sch, status, base+100*(m.Year()-2015), paid)
		}
	}
	return b.String()
}

// TestBatchEqualsOneByOne: every result row is the engine's answer for that
// person's case assessed alone, and the same as with one ledger row per month
// (batch merges adjacent months; the engine's answer does not depend on it).
func TestBatchEqualsOneByOne(t *testing.T) {
	e := newEngine(t)
	in := genLedger(300, 1)
	def := batch.Defaults{AsOf: yibao.DateOf(2026, 9, 15)}
	var sink memSink
	st, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: def}, e.Assess, &sink)
	if err != nil {
		t.Fatal(err)
	}
	if st.RowsIn != st.RowsUsed+st.RowsRejected || st.Persons+st.PersonsRejected != 300 {
		t.Fatalf("accounting: %+v", st)
	}
	if len(sink.results) < 250 {
		t.Fatalf("only %d results (%d rejects: %v)", len(sink.results), len(sink.rejects), sink.rejects[:min(3, len(sink.rejects))])
	}
	// one by one, from the same rows, each month its own ledger row
	persons := map[string]*yibao.Case{}
	lines := strings.Split(strings.TrimSpace(in), "\n")[1:]
	for _, l := range lines {
		f := strings.Split(l, ",")
		c := persons[f[0]]
		if c == nil {
			c = &yibao.Case{Region: f[1], AsOf: def.AsOf}
			persons[f[0]] = c
		}
		m, _ := yibao.ParseMonth(f[2])
		row := yibao.LedgerRow{From: m, To: m, Scheme: map[string]yibao.Scheme{"职工": yibao.Employee, "灵活就业": yibao.Flexible}[f[3]],
			Status: map[string]yibao.PayStatus{"已缴": yibao.Paid, "欠缴": yibao.Unpaid}[f[4]]}
		row.BaseFen, _ = yibao.ParseYuan(f[5])
		if f[6] != "" && row.Status == yibao.Paid {
			d, _ := yibao.ParseDate(f[6])
			row.PaidOn = &d
		}
		c.Ledger = append(c.Ledger, row)
	}
	for _, r := range sink.results {
		a, err := e.Assess(persons[r.PersonID])
		if err != nil {
			t.Fatal(err)
		}
		// the case batch builds (adjacent months merged) answers exactly as one row per month
		merged, _, es := batch.CaseOf(&batch.Person{ID: r.PersonID, Rows: rowsOf(persons[r.PersonID])}, def)
		if len(es) > 0 {
			t.Fatal(es)
		}
		am, err := e.Assess(merged)
		if err != nil {
			t.Fatal(err)
		}
		if x, y := jsonOf(t, a), jsonOf(t, am); x != y {
			t.Fatalf("%s: merged rows change the answer", r.PersonID)
		}
		want := batch.Assess(&batch.Person{ID: r.PersonID, Rows: rowsOf(persons[r.PersonID])}, def, func(*yibao.Case) (*engine.Assessment, error) { return a, nil })
		got, wantRec := strings.Join(r.Record(), "|"), strings.Join(want.Record(), "|")
		if got != wantRec {
			t.Fatalf("%s: batch and one by one differ\n got %s\nwant %s", r.PersonID, got, wantRec)
		}
	}
}

func jsonOf(t *testing.T, a *engine.Assessment) string {
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func rowsOf(c *yibao.Case) []batch.Row {
	var out []batch.Row
	for i, l := range c.Ledger {
		out = append(out, batch.Row{Line: i + 2, Person: "x", Region: c.Region, Ledger: l})
	}
	return out
}

// TestDeterministic: the output is byte for byte the same on 1 and 4
// workers and on a second run.
func TestDeterministic(t *testing.T) {
	e := newEngine(t)
	in := genLedger(200, 2) + "bad row without enough fields\n"
	var outs []string
	for _, w := range []int{1, 4, 4} {
		dir := t.TempDir()
		out, rej := filepath.Join(dir, "out.jsonl"), filepath.Join(dir, "rej.csv")
		sink, err := batch.NewFileSink(out, rej)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2026, 9, 15)}, Workers: w}, e.Assess, sink); err != nil {
			t.Fatal(err)
		}
		if err := sink.Commit(); err != nil {
			t.Fatal(err)
		}
		a, _ := os.ReadFile(out)
		b, _ := os.ReadFile(rej)
		outs = append(outs, string(a)+"\n--\n"+string(b))
	}
	if outs[0] != outs[1] || outs[1] != outs[2] {
		t.Fatal("outputs differ between runs")
	}
	// JSON Lines: one object per person
	first := strings.SplitN(outs[0], "\n", 2)[0]
	var m map[string]any
	if err := json.Unmarshal([]byte(first), &m); err != nil || m["person_id"] == nil {
		t.Fatalf("first line %q: %v", first, err)
	}
}

// TestRejectsAccounting: a bad value rejects its person whole (every row
// listed), a non-contiguous person's later rows are rejected naming both
// lines, a row without a person is rejected alone; rows in = used + rejected.
func TestRejectsAccounting(t *testing.T) {
	e := newEngine(t)
	in := `个人编号,参保地,费款所属期,险种,缴费状态,缴费基数
A,510500,2024-11,职工,已缴,6000
A,510500,2024-12,职工,已缴,6000
B,510500,2024-12,职工,已缴,abc
B,510500,2025-01,职工,已缴,6000
,510500,2025-01,职工,已缴,6000
A,510500,2025-01,职工,已缴,6000
C,510500,2025-01,学生,已缴,6000
`
	var sink memSink
	st, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10)}}, e.Assess, &sink)
	if err != nil {
		t.Fatal(err)
	}
	if st.RowsIn != 7 || st.RowsUsed != 2 || st.RowsRejected != 5 || st.Persons != 1 || st.PersonsRejected != 2 {
		t.Fatalf("stats %+v", st)
	}
	var got []string
	for _, r := range sink.rejects {
		got = append(got, fmt.Sprintf("%d %s", r.Line, r.Column))
	}
	want := []string{"4 base", "5 person_id", "6 person_id", "7 person_id", "8 scheme"}
	if strings.Join(got, ";") != strings.Join(want, ";") {
		t.Fatalf("rejects %v, want %v\n%v", got, want, sink.rejects)
	}
	if !strings.Contains(sink.rejects[2].Reason, "empty") || !strings.Contains(sink.rejects[3].Reason, "first at line 2, again at line 7") {
		t.Errorf("reasons: %v", sink.rejects)
	}
}

// TestAtomicOutput: until Commit nothing exists under the final names, and
// Abort leaves nothing behind.
func TestAtomicOutput(t *testing.T) {
	dir := t.TempDir()
	out, rej := filepath.Join(dir, "out.csv"), filepath.Join(dir, "out.rejects.csv")
	sink, err := batch.NewFileSink(out, rej)
	if err != nil {
		t.Fatal(err)
	}
	sink.Result(batch.Result{PersonID: "x"})
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatal("the result exists before Commit")
	}
	sink.Abort()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("left behind: %v", ents)
	}
}

// TestTransformFormat: tab-separated input with \N for NULL, no header.
func TestTransformFormat(t *testing.T) {
	e := newEngine(t)
	in := "A\t510500\t2024-11\temployee\tpaid\t600000\t\\N\nA\t510500\t2024-12\temployee\tpaid\t600000\t\\N\n"
	cols := []batch.Field{batch.PersonID, batch.Region, batch.Month, batch.Scheme, batch.Status, batch.BaseFen, batch.PaidOn}
	var sink memSink
	st, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10)}, Columns: cols, Comma: '\t'}, e.Assess, &sink)
	if err != nil || st.RowsUsed != 2 || len(sink.results) != 1 {
		t.Fatalf("%v %+v %v", err, st, sink.rejects)
	}
	if r := sink.results[0]; r.LapseFrom != "2025-01" || r.Deadline != "2025-04-30" {
		t.Errorf("result %+v", r)
	}
}

// FuzzRun: any bytes either fail the header with an error or are accounted
// for row by row; nothing panics.
func FuzzRun(f *testing.F) {
	f.Add("个人编号,参保地,费款所属期,险种,缴费状态\nA,510500,2024-11,职工,已缴\n")
	f.Add("person_id,region,month,scheme,status,base_fen\nA,510500,202411,employee,paid,1\nA,\"x\n")
	f.Add("person_id,month,scheme,status\n,,,\n")
	e := newEngine(f)
	f.Fuzz(func(t *testing.T, in string) {
		var sink memSink
		st, err := batch.Run(bytes.NewReader([]byte(in)), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}, Workers: 2}, e.Assess, &sink)
		if err != nil {
			return
		}
		if st.RowsIn != st.RowsUsed+st.RowsRejected {
			t.Fatalf("rows in %d ≠ used %d + rejected %d", st.RowsIn, st.RowsUsed, st.RowsRejected)
		}
	})
}

// BenchmarkBatch: persons per second through the whole path (CSV in, engine,
// result rows out).
func BenchmarkBatch(b *testing.B) {
	e := newEngine(b)
	in := genLedger(1000, 3)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		var sink memSink
		if _, err := batch.Run(strings.NewReader(in), batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2026, 9, 15)}}, e.Assess, &sink); err != nil {
			b.Fatal(err)
		}
	}
}
