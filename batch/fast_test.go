package batch_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"yibao"
	"yibao/batch"
	"yibao/engine"
)

// outcome is everything a run hands out: results, rejects, accounting.
type outcome struct {
	Results []string
	Rejects []batch.RowError
	Stats   batch.Stats
	Err     string
}

func runGeneric(t testing.TB, in string, opt batch.Options) outcome {
	t.Helper()
	var sink memSink
	st, err := batch.Run(strings.NewReader(in), opt, sharedEngine(t).Assess, &sink)
	return outcomeOf(&sink, st, err)
}

// runFast runs RunFile on in written to a file; ok is false when it
// declined (ErrNotFast).
func runFast(t testing.TB, in string, opt batch.Options, dir string) (outcome, bool) {
	t.Helper()
	path := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sink memSink
	st, err := batch.RunFile(f, opt, sharedEngine(t).Assess, &sink)
	if errors.Is(err, batch.ErrNotFast) {
		return outcome{}, false
	}
	return outcomeOf(&sink, st, err), true
}

func outcomeOf(sink *memSink, st batch.Stats, err error) outcome {
	o := outcome{Rejects: sink.rejects, Stats: st}
	if err != nil {
		o.Err = err.Error()
	}
	for _, r := range sink.results {
		o.Results = append(o.Results, fmt.Sprintf("%s|rows=%d|rejected=%v", strings.Join(r.Record(), "|"), r.Rows, r.Rejected))
	}
	if len(o.Stats.ByStatus) == 0 {
		o.Stats.ByStatus = nil
	}
	return o
}

var (
	engOnce sync.Once
	eng     *engine.Engine
)

// sharedEngine is one engine for every test here (loading policy is slow).
func sharedEngine(t testing.TB) *engine.Engine {
	engOnce.Do(func() { eng = newEngine(t) })
	return eng
}

// messyLedger writes n persons' rows in the shapes real exports take and
// the mistakes they hold: CRLF or LF, a BOM, blank and whitespace lines,
// YYYYMM months, \N, paid dates, months out of order, a second region, bad
// values, rows without a person, short rows and persons whose rows come back
// after another person's.
func messyLedger(r *rand.Rand, n int) string {
	var b strings.Builder
	nl := "\n"
	if r.IntN(3) == 0 {
		nl = "\r\n"
	}
	if r.IntN(3) == 0 {
		b.WriteString("\ufeff")
	}
	withRegion, withPaid, yuan := r.IntN(2) == 0, r.IntN(3) == 0, r.IntN(2) == 0
	baseCol := "base_fen"
	if yuan {
		baseCol = "缴费基数"
	}
	cols := []string{"person_id", "month", "scheme", "status", baseCol}
	if r.IntN(2) == 0 {
		cols = []string{"个人编号", "费款所属期", "险种", "缴费状态", baseCol}
	}
	if withRegion {
		cols = append(cols, "参保地")
	}
	if withPaid {
		cols = append(cols, "paid_on")
	}
	b.WriteString(strings.Join(cols, ",") + nl)
	var ids []string
	for p := range n {
		id := fmt.Sprintf("P%04d", p)
		if len(ids) > 0 && r.IntN(25) == 0 {
			id = ids[r.IntN(len(ids))] // comes back: not contiguous
		}
		ids = append(ids, id)
		region := regions[r.IntN(len(regions))]
		scheme := []string{"employee", "flexible", "职工", "灵活就业"}[r.IntN(4)]
		base := []int{450000, 500000, 800000}[r.IntN(3)]
		start := yibao.MonthOf(2015+r.IntN(8), 1+r.IntN(12))
		months := 1 + r.IntN(40)
		gapAt, gapLen := r.IntN(months+1), []int{0, 0, 1, 3, 12}[r.IntN(5)]
		for i := range months {
			if i >= gapAt && i < gapAt+gapLen {
				continue
			}
			m := start.Add(i)
			ms := m.String()
			status := "paid"
			baseS := fmt.Sprint(base)
			if yuan {
				baseS = []string{fmt.Sprintf("%d.%02d", base/100, base%100), fmt.Sprint(base / 100), fmt.Sprintf("%d.5", base/100)}[p%3]
			}
			f := []string{id, ms, scheme, status, baseS}
			switch k := r.IntN(1500); {
			case k < 8:
				f[3] = []string{"unpaid", "none", "已缴", "欠缴"}[k%4]
			case k < 10:
				f[1] = strings.ReplaceAll(ms, "-", "") // YYYYMM
			case k < 11:
				f[1] = start.Add(r.IntN(months)).String() // out of order or a duplicate month
			case k < 12:
				f[2] = "Employee" // found only in lower case
			case k < 13:
				f[4] = []string{"abc", "-1", "99999999999", "", "+5", " 450000 ", ".5", "1.", "1.234", "100000000.00", "10000000.00", "0.0", "12a.00", "1e3"}[r.IntN(14)]
			case k < 14:
				f[1] = []string{"2025-13", "1899-01", "25-01", "", `\N`}[r.IntN(5)]
			case k < 15:
				f[0] = []string{"", " ", `\N`}[r.IntN(3)]
			case k < 16:
				f[0] = " " + id // trimmed: the same person
			case k < 17:
				f[2] = "学生"
			case k < 20:
				f[1] = " " + ms[1:] // the same length as the month before, in another shape
			case k < 23:
				f[1] = "\t" + strings.ReplaceAll(ms, "-", "") // in a TSV, a field more (the length of YYYY-MM)
			case k < 26:
				f[1] = ms[:6] + " " // a month cut short
			case k < 29:
				f[1] = ms[2:] + "  "
			}
			if withRegion {
				reg := region
				switch r.IntN(1500) {
				case 0:
					reg = ""
				case 1:
					reg = "110000" // a second region
				case 2:
					reg = `\N`
				}
				f = append(f, reg)
			}
			if withPaid {
				pd := ""
				switch r.IntN(100) {
				case 0, 1, 2:
					pd = m.Add(1).First().AddDays(r.IntN(40)).String()
				case 3:
					pd = strings.ReplaceAll(m.Add(1).Last().String(), "-", "")
				case 4:
					pd = []string{"2025-02-30", "2024-02-29", "20230229", "2025-1-05", "2200-01-01", "1899-12-31", "2025/01/05"}[r.IntN(7)]
				}
				f = append(f, pd)
			}
			line := strings.Join(f, ",")
			switch r.IntN(1000) {
			case 0:
				line = strings.Join(f[:2+r.IntN(3)], ",") // short row
			case 1:
				b.WriteString(nl) // a blank line
			case 2:
				b.WriteString("   " + nl) // a line of spaces: a row without a person
			case 3:
				line += ",extra"
			}
			b.WriteString(line + nl)
		}
	}
	s := b.String()
	if r.IntN(3) == 0 {
		s = strings.TrimSuffix(s, nl) // no line break at the end
	}
	return s
}

// TestFastEqualsGeneric: on messy generated ledgers, RunFile gives the same
// results, rejects and accounting as Run, whatever the segment size and the
// number of workers.
func TestFastEqualsGeneric(t *testing.T) {
	dir := t.TempDir()
	fast := 0
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 13))
		in := messyLedger(r, 5+r.IntN(60))
		opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 1, 15)}}
		if r.IntN(2) == 0 {
			opt.Region = "310000"
		}
		if seed%5 == 1 { // a TSV
			in = strings.ReplaceAll(in, ",", "\t")
			opt.Comma = '\t'
		}
		want := runGeneric(t, in, opt)
		if want.Stats.RowsRejected == 0 && seed%4 != 0 {
			t.Logf("seed %d: no rejects", seed)
		}
		for _, seg := range []int64{1, 100, 1000, 1 << 20} {
			restore := batch.SetSegTarget(seg)
			opt.Workers = 1 + int(seed%4)
			got, ok := runFast(t, in, opt, dir)
			restore()
			if !ok {
				t.Fatalf("seed %d: RunFile declined a file without quotes", seed)
			}
			fast++
			diffOutcome(t, fmt.Sprintf("seed %d, segment %d", seed, seg), got, want)
		}
	}
}

// TestFastEqualsGenericExport: the same on the shape of a 缴费明细 export
// (Chinese headers, base in yuan, payment dates).
func TestFastEqualsGenericExport(t *testing.T) {
	dir := t.TempDir()
	for seed := range uint64(6) {
		in := genLedger(60, seed+10)
		opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2026, 9, 15)}, Workers: 2}
		want := runGeneric(t, in, opt)
		for _, seg := range []int64{1, 5000, 1 << 20} {
			restore := batch.SetSegTarget(seg)
			got, ok := runFast(t, in, opt, dir)
			restore()
			if !ok {
				t.Fatalf("seed %d: RunFile declined", seed)
			}
			diffOutcome(t, fmt.Sprintf("seed %d, segment %d", seed, seg), got, want)
		}
	}
}

func diffOutcome(t *testing.T, what string, got, want outcome) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	if got.Err != want.Err || !reflect.DeepEqual(got.Stats, want.Stats) {
		t.Fatalf("%s: err %q stats %+v, want err %q stats %+v", what, got.Err, got.Stats, want.Err, want.Stats)
	}
	for i := range max(len(got.Results), len(want.Results)) {
		var g, w string
		if i < len(got.Results) {
			g = got.Results[i]
		}
		if i < len(want.Results) {
			w = want.Results[i]
		}
		if g != w {
			t.Fatalf("%s: result %d\n got %s\nwant %s", what, i, g, w)
		}
	}
	for i := range max(len(got.Rejects), len(want.Rejects)) {
		var g, w batch.RowError
		if i < len(got.Rejects) {
			g = got.Rejects[i]
		}
		if i < len(want.Rejects) {
			w = want.Rejects[i]
		}
		if g != w {
			t.Fatalf("%s: reject %d\n got %v\nwant %v", what, i, g, w)
		}
	}
}

// TestFastDeclines: a quote anywhere, bytes that are not UTF-8, a header
// that does not map or an empty file go to the generic reader.
func TestFastDeclines(t *testing.T) {
	dir := t.TempDir()
	opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 1, 15), Region: "310000"}}
	ok := "person_id,month,scheme,status,base_fen\nA,2024-01,employee,paid,450000\n"
	for name, in := range map[string]string{
		"quote in a row":     ok + "B,2024-01,\"employee\",paid,450000\n",
		"quote in a header":  "\"person_id\",month,scheme,status\nA,2024-01,employee,paid\n",
		"not UTF-8":          ok + "B,2024-01,\xd6\xb0\xb9\xa4,paid,450000\n",
		"no person column":   "who,month,scheme,status\nA,2024-01,employee,paid\n",
		"empty":              "",
		"a quote at the end": strings.Repeat(ok[len("person_id,month,scheme,status,base_fen\n"):], 1000) + "\"",
	} {
		restore := batch.SetSegTarget(100)
		_, took := runFast(t, in, opt, dir)
		restore()
		if took {
			t.Errorf("%s: RunFile took it", name)
		}
	}
	if _, took := runFast(t, ok, opt, dir); !took {
		t.Error("RunFile declined a plain file")
	}
}

// FuzzRunFile: on any bytes RunFile either declines or answers exactly as
// Run does (results, rejects, accounting); nothing panics.
func FuzzRunFile(f *testing.F) {
	f.Add("person_id,month,scheme,status,base_fen\nA,2024-01,employee,paid,450000\nA,2024-02,employee,paid,450000\nB,202401,flexible,none,1\nA,2024-03,employee,paid,450000\n", int64(40))
	f.Add("\ufeff个人编号,参保地,费款所属期,险种,缴费状态,缴费基数\r\nA,510500,2024-11,职工,已缴,6000\r\n\r\n,510500,2024-12,职工,已缴,6000\r\nA,510500,2024-12,职工,已缴,6000\r", int64(1))
	f.Add("person_id,month,scheme,status,base_fen,region\nA,2024-02,employee,paid,1,110000\nA,2024-01,employee,paid,1,110000\nB,2024-01,employee,paid,1,110000\nB,2024-02,employee,paid,1,310000\n", int64(30))
	f.Add("person_id,from,to,scheme,status\nA,2024-01,2024-03,employee,paid\n", int64(8))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, in string, seg int64) {
		if len(in) > 1<<16 {
			return
		}
		opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 2, 10), Region: "510500"}, Workers: 2}
		want := runGeneric(t, in, opt)
		restore := batch.SetSegTarget(max(1, seg%4096))
		got, ok := runFast(t, in, opt, dir)
		restore()
		if !ok {
			return
		}
		if want.Stats.RowsIn != want.Stats.RowsUsed+want.Stats.RowsRejected {
			t.Fatalf("generic: rows in %d ≠ used %d + rejected %d", want.Stats.RowsIn, want.Stats.RowsUsed, want.Stats.RowsRejected)
		}
		diffOutcome(t, "fuzz", got, want)
	})
}

// BenchmarkRunFile: BenchmarkBatch's ledger through the fast path (a file,
// segments on every core).
func BenchmarkRunFile(b *testing.B) {
	e := newEngine(b)
	in := genLedger(1000, 3)
	path := filepath.Join(b.TempDir(), "in.csv")
	if err := os.WriteFile(path, []byte(in), 0o600); err != nil {
		b.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	b.SetBytes(int64(len(in)))
	defer batch.SetSegTarget(64 << 10)() // a 2 MB file in segments, as 8 MiB segments cut a large one
	for b.Loop() {
		var sink memSink
		if _, err := batch.RunFile(f, batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2026, 9, 15)}}, e.Assess, &sink); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLinesExact: a reject names the row's line in the file — blank lines
// and CRLF counted — on both paths, across segments.
func TestLinesExact(t *testing.T) {
	in := "person_id,month,scheme,status,base_fen\r\n\r\nA,2024-01,employee,paid,1\r\n\r\n\r\nA,2024-02,employee,paid,x\r\nB,2024-01,employee,paid,1\r\n\r\nA,2024-03,employee,paid,1\r\n"
	opt := batch.Options{Defaults: batch.Defaults{AsOf: yibao.DateOf(2025, 1, 15), Region: "310000"}}
	want := []batch.RowError{
		{Line: 6, Column: "base_fen", Reason: `"x": want a whole number of fen from 0 to 1000000000`},
		{Line: 3, Column: "person_id", Reason: "A is rejected as a whole (see line 6)"},
		{Line: 9, Column: "person_id", Reason: "A's rows are not contiguous: first at line 3, again at line 9; sort the input by person (this row is not used)"},
	}
	g := runGeneric(t, in, opt)
	if !reflect.DeepEqual(g.Rejects, want) {
		t.Fatalf("generic: %v", g.Rejects)
	}
	for _, seg := range []int64{1, 1 << 20} {
		restore := batch.SetSegTarget(seg)
		f, ok := runFast(t, in, opt, t.TempDir())
		restore()
		if !ok || !reflect.DeepEqual(f.Rejects, want) {
			t.Fatalf("fast, segment %d: %v %v", seg, ok, f.Rejects)
		}
	}
}
