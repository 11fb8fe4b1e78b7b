package engine_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"yibao"
	"yibao/caseio"
	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
)

// Metamorphic and property tests (issue 10 item 10a) over every analyst case
// and over generated ledgers: answers depend on the facts of each month,
// never on how a ledger is written, and move the right way when facts move.

func newEngine(t testing.TB) *engine.Engine {
	t.Helper()
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return engine.New(s)
}

// regions the generator draws from: encoded provinces and cities with
// different lapse rules, and one with national rules only.
var genRegions = []string{"310000", "510500", "370200", "420100", "320100", "440800", "620200", "110000", "430100", "500000"}

// genCase draws a plausible ledger: runs of employer or flexible months,
// gaps, arrears, back-payments (some late, some on time), a bill or two.
func genCase(r *rand.Rand) *yibao.Case {
	asOf := yibao.DateOf(2022+r.IntN(5), 1+r.IntN(12), 1+r.IntN(28))
	A := asOf.Month()
	m := A.Add(-(24 + r.IntN(120)))
	c := &yibao.Case{Region: genRegions[r.IntN(len(genRegions))], AsOf: asOf}
	for m < A.Add(1) && len(c.Ledger) < 8 {
		n := 1 + r.IntN(30)
		to := min(m.Add(n-1), A)
		row := yibao.LedgerRow{From: m, To: to, Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: yibao.Fen(500000 + 1000*r.IntN(500))}
		if r.IntN(2) == 0 {
			row.Scheme = yibao.Flexible
		}
		switch k := r.IntN(10); {
		case k == 0:
			row.Status = yibao.Unpaid
		case k == 1:
			row.Status = yibao.None
			row.BaseFen = 0
		case k <= 3 && to < A:
			// paid later: the same month, the next, or months after
			late := min(asOf, to.Add(r.IntN(4)).First().AddDays(r.IntN(28)))
			if late.Month() >= row.From.Add(-12) {
				row.PaidOn = &late
			}
		}
		c.Ledger = append(c.Ledger, row)
		m = to.Add(1 + r.IntN(3)*r.IntN(3)) // sometimes a gap
	}
	if r.IntN(3) == 0 {
		c.Events = append(c.Events, yibao.Event{Kind: yibao.JobEnded, Date: c.Ledger[len(c.Ledger)-1].To.Last()})
	}
	for i := r.IntN(3); i > 0; i-- {
		c.Bills = append(c.Bills, yibao.Bill{Date: A.Add(-r.IntN(8)).First().AddDays(r.IntN(28)), AmountFen: 100000})
	}
	return c
}

// cases returns the analyst cases and n generated ones that pass validation.
func propertyCases(t *testing.T, n int) []*yibao.Case {
	t.Helper()
	cs, err := corpus.Cases("..")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(10, 2026))
	for len(cs) < n {
		c := genCase(r)
		if len(caseio.Validate(c, nil)) == 0 {
			cs = append(cs, c)
		}
	}
	return cs
}

func answer(t *testing.T, e *engine.Engine, c *yibao.Case) []byte {
	t.Helper()
	a, err := e.Assess(c)
	if err != nil {
		t.Fatalf("assess: %v", err)
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func caseJSON(c *yibao.Case) string { b, _ := json.Marshal(c); return string(b) }

// splitRow writes row i as two rows at month at (From < at ≤ To); a due date
// carries over month by month.
func splitRow(c *yibao.Case, i int, at yibao.Month) *yibao.Case {
	v := *c
	row := c.Ledger[i]
	a, b := row, row
	a.To, b.From = at.Add(-1), at
	if d, ok := row.DueOf(at); ok {
		b.Due = &d
	}
	v.Ledger = append(append(append([]yibao.LedgerRow(nil), c.Ledger[:i]...), a, b), c.Ledger[i+1:]...)
	return &v
}

// mergeRows writes every pair of adjacent rows with identical facts as one row.
func mergeRows(c *yibao.Case) (*yibao.Case, bool) {
	v := *c
	v.Ledger = nil
	merged := false
	for _, row := range c.Ledger {
		if n := len(v.Ledger); n > 0 {
			p := &v.Ledger[n-1]
			samePaid := (p.PaidOn == nil) == (row.PaidOn == nil) && (p.PaidOn == nil || *p.PaidOn == *row.PaidOn)
			dueOK := p.Due == nil && row.Due == nil
			if p.To.Add(1) == row.From && p.Scheme == row.Scheme && p.Status == row.Status && p.BaseFen == row.BaseFen && samePaid && dueOK {
				p.To = row.To
				merged = true
				continue
			}
		}
		v.Ledger = append(v.Ledger, row)
	}
	return &v, merged
}

func TestSplitMergeInvariance(t *testing.T) {
	e := newEngine(t)
	r := rand.New(rand.NewPCG(1, 10))
	splits, merges := 0, 0
	for _, c := range propertyCases(t, 600) {
		want := answer(t, e, c)
		for i, row := range c.Ledger {
			if row.To == row.From {
				continue
			}
			at := row.From.Add(1 + r.IntN(row.To.Sub(row.From)))
			s := splitRow(c, i, at)
			if got := answer(t, e, s); !bytes.Equal(got, want) {
				t.Fatalf("splitting ledger[%d] at %s changes the answer\ncase: %s\nsplit: %s\n%s", i, at, caseJSON(c), caseJSON(s), firstDiff(want, got))
			}
			splits++
			// and merging the split back gives the same again
			if m, ok := mergeRows(s); ok {
				if got := answer(t, e, m); !bytes.Equal(got, want) {
					t.Fatalf("merging changes the answer\ncase: %s\n%s", caseJSON(m), firstDiff(want, got))
				}
				merges++
			}
		}
	}
	if splits < 500 || merges < 300 {
		t.Fatalf("too few transformations tried: %d splits, %d merges", splits, merges)
	}
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-160)
	return fmt.Sprintf("want …%s…\n got …%s…", a[lo:min(len(a), i+80)], b[lo:min(len(b), i+80)])
}

// TestFutureMonthsDoNotChangeThePast: a paid month after the as-of month
// never changes the status of a month before it.
func TestFutureMonthsDoNotChangeThePast(t *testing.T) {
	e := newEngine(t)
	tried := 0
	for _, c := range propertyCases(t, 400) {
		if len(c.Ledger) == 0 {
			continue
		}
		A := c.AsOf.Month()
		last := c.Ledger[len(c.Ledger)-1]
		next := max(last.To, A).Add(1)
		if next > A.Add(12) {
			continue
		}
		v := *c
		v.Ledger = append(append([]yibao.LedgerRow(nil), c.Ledger...), yibao.LedgerRow{From: next, To: next, Scheme: yibao.Flexible, Status: yibao.Paid})
		if len(caseio.Validate(&v, nil)) != 0 {
			continue
		}
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		b, err := e.Assess(&v)
		if err != nil {
			t.Fatal(err)
		}
		for m := a.Timeline.From; m < A; m++ {
			if x, y := a.Timeline.At(m), b.Timeline.At(m); x != y {
				t.Fatalf("paying %s changes %s from %s to %s\ncase: %s", next, m, x, y, caseJSON(c))
			}
		}
		tried++
	}
	if tried < 200 {
		t.Fatalf("only %d cases tried", tried)
	}
}

// TestPayingEarlierNeverCoversLater: the quote's payment made on an earlier
// day of the as-of month never starts cover later than made on the as-of date.
func TestPayingEarlierNeverCoversLater(t *testing.T) {
	e := newEngine(t)
	eachQuote(t, e, func(c *yibao.Case, a *engine.Assessment, q *engine.Quote) bool {
		if c.AsOf.Day() == 1 {
			return false
		}
		late, err := e.Simulate(c, *q.Payment)
		if err != nil {
			t.Fatal(err)
		}
		p := *q.Payment
		p.On = c.AsOf.Month().First()
		early, err := e.Simulate(c, p)
		if err != nil {
			t.Fatal(err)
		}
		from := p.From
		dl, okl := late.FirstCoveredFrom(from)
		de, oke := early.FirstCoveredFrom(from)
		if okl && (!oke || de > dl) {
			t.Fatalf("paying on %s covers from %v (%v), later than paying on %s: %s\ncase: %s", p.On, de, oke, c.AsOf, dl, caseJSON(c))
		}
		// the timelines project only to the first covered month after the data
		for m := from; m <= min(late.Timeline.To, early.Timeline.To); m++ {
			if late.Timeline.At(m).IsCovered() && !early.Timeline.At(m).IsCovered() {
				t.Fatalf("%s is covered when paid on %s but not when paid earlier\ncase: %s", m, c.AsOf, caseJSON(c))
			}
		}
		return true
	})
}

// eachQuote calls f for every property case whose assessment quotes a
// payment; f reports whether it checked the case, and at least 100 must be.
func eachQuote(t *testing.T, e *engine.Engine, f func(*yibao.Case, *engine.Assessment, *engine.Quote) bool) {
	t.Helper()
	tried := 0
	for _, c := range propertyCases(t, 600) {
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		if q := a.Quote; q != nil && q.Payment != nil && f(c, a, q) {
			tried++
		}
	}
	if tried < 100 {
		t.Fatalf("only %d quotes tried", tried)
	}
}

// TestQuoteMonotoneInBase: a quote is never negative and never falls when
// the chosen base rises.
func TestQuoteMonotoneInBase(t *testing.T) {
	e := newEngine(t)
	tried := 0
	for _, c := range propertyCases(t, 400) {
		var prev *engine.Quote
		for _, base := range []yibao.Fen{1, 300000, 754600, 1000000, 2500000, 5000000, 100000000} {
			v := *c
			sch := yibao.Scheme("")
			if c.Quote != nil {
				sch = c.Quote.Scheme
			}
			v.Quote = &yibao.QuoteRequest{Scheme: sch, BaseFen: base}
			a, err := e.Assess(&v)
			if err != nil {
				t.Fatal(err)
			}
			q := a.Quote
			if q == nil || q.Scheme == yibao.Resident {
				break
			}
			if q.TotalFen < 0 || q.PerMonthFen < 0 || q.LateFeeFen < 0 {
				t.Fatalf("negative quote at base %d: %+v\ncase: %s", base, q, caseJSON(c))
			}
			if prev != nil && prev.AmountKnown && q.AmountKnown && (q.TotalFen < prev.TotalFen || q.PerMonthFen < prev.PerMonthFen) {
				t.Fatalf("raising the base to %d lowers the quote: %d → %d\ncase: %s", base, prev.TotalFen, q.TotalFen, caseJSON(c))
			}
			prev = q
			tried++
		}
	}
	if tried < 300 {
		t.Fatalf("only %d quotes tried", tried)
	}
}

// TestQuoteIsItsSimulation: the quote's cover, gap and bills are those of
// the case with the quote's payment made (the one simulation).
func TestQuoteIsItsSimulation(t *testing.T) {
	e := newEngine(t)
	eachQuote(t, e, func(c *yibao.Case, a *engine.Assessment, q *engine.Quote) bool {
		s, err := e.Simulate(c, *q.Payment)
		if err != nil {
			t.Fatal(err)
		}
		var open engine.Lapse
		for _, l := range a.Lapses {
			if l.Open {
				open = l
			}
		}
		if d, ok := s.FirstCoveredFrom(open.From); ok && q.FirstCoveredDate != nil && d != *q.FirstCoveredDate {
			t.Fatalf("quote covers from %s, its simulation from %s\ncase: %s", q.FirstCoveredDate, d, caseJSON(c))
		}
		gap := open.From < c.AsOf.Month()
		for m := open.From; m < c.AsOf.Month(); m++ {
			gap = gap && s.Timeline.At(m).IsCovered()
		}
		if gap != q.GapCovered {
			t.Fatalf("quote gap_covered %v, simulation %v\ncase: %s", q.GapCovered, gap, caseJSON(c))
		}
		for i, b := range a.Bills {
			if !b.Covered && b.Date.Month() <= c.AsOf.Month() && b.CoveredIfPaid != s.CoveredOn(b.Date) && !a.Timeline.At(b.Date.Month()).IsCovered() {
				// a closed, still payable gap may be covered if paid even where the quote's payment is not about it
				if a.Timeline.At(b.Date.Month()) != engine.Suspended || b.Date.Month() >= open.From {
					t.Fatalf("bill %d: covered_if_paid %v, simulation %v\ncase: %s", i, b.CoveredIfPaid, s.CoveredOn(b.Date), caseJSON(c))
				}
			}
		}
		return true
	})
}

// TestNoDuplicateWarnings: each caveat is said once.
func TestNoDuplicateWarnings(t *testing.T) {
	e := newEngine(t)
	for _, c := range propertyCases(t, 400) {
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, w := range a.Warnings {
			k := w.Code + "|" + w.Param + "|" + w.Text
			if seen[k] {
				t.Fatalf("warning %s given twice\ncase: %s", k, caseJSON(c))
			}
			seen[k] = true
		}
	}
}

// TestResumedSimulationEqualsFull: the quote's simulation resumes from the
// base walk where it can; the answers are byte for byte those of an engine
// that walks every simulation from the first month.
func TestResumedSimulationEqualsFull(t *testing.T) {
	e := newEngine(t)
	full := engine.NewFullSims(e)
	for _, c := range propertyCases(t, 800) {
		x := answer(t, e, c)
		y := answer(t, full, c)
		if !bytes.Equal(x, y) {
			t.Fatalf("resumed and full simulations differ\ncase: %s\n%s", caseJSON(c), firstDiff(y, x))
		}
	}
}
