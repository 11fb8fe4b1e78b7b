package engine_test

import (
	"testing"

	"yibao"
	"yibao/engine"
	"yibao/policy"
)

func mustMonth(s string) yibao.Month { m, _ := yibao.ParseMonth(s); return m }
func mustDate(s string) yibao.Date   { d, _ := yibao.ParseDate(s); return d }

// twentyYears is a 20-year monthly ledger: employer years, a back-paid
// gap, a long lapse, flexible years, and an open 2-month lapse, in Shanghai.
func twentyYears() *yibao.Case {
	late := mustDate("2015-05-10")
	return &yibao.Case{
		Region: "310000",
		AsOf:   mustDate("2026-11-15"),
		Ledger: []yibao.LedgerRow{
			{From: mustMonth("2006-12"), To: mustMonth("2015-02"), Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: 800000},
			{From: mustMonth("2015-03"), To: mustMonth("2015-04"), Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: 800000, PaidOn: &late},
			{From: mustMonth("2015-05"), To: mustMonth("2019-12"), Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: 900000},
			{From: mustMonth("2020-06"), To: mustMonth("2026-08"), Scheme: yibao.Flexible, Status: yibao.Paid, BaseFen: 754600},
		},
		Bills: []yibao.Bill{{Date: mustDate("2026-10-02"), AmountFen: 120000}},
	}
}

func TestTwentyYears(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	a, err := engine.New(s).Assess(twentyYears())
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Lapses) != 3 || a.Quote == nil || a.Counters.CumulativeMonths != 240-5-3 {
		t.Fatalf("lapses %d, quote %v, cumulative %d", len(a.Lapses), a.Quote != nil, a.Counters.CumulativeMonths)
	}
	if got := a.Timeline.At(mustMonth("2026-09")); got != engine.Suspended {
		t.Errorf("2026-09: %v, want suspended (open lapse within the grace window)", got)
	}
	if got := a.Quote.FirstCovered.String(); got != "2026-12" {
		t.Errorf("first covered %s, want 2026-12 (Shanghai resumes the month after payment)", got)
	}
}

func BenchmarkAssess20Years(b *testing.B) {
	s, err := policy.Load()
	if err != nil {
		b.Fatal(err)
	}
	e := engine.New(s)
	c := twentyYears()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Assess(c); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLooksKeepsEveryRead(t *testing.T) {
	var l engine.LooksProbe
	for i := range 7 {
		l.Add(i)
	}
	if n := l.Count(); n != 7 {
		t.Fatalf("%d reads kept of 7", n)
	}
}

// TestLastDay: the engine's short way to a month's last day agrees with
// yibao's calendar for every month of 1600–2400 (leap centuries included).
func TestLastDay(t *testing.T) {
	for m := yibao.MonthOf(1600, 1); m <= yibao.MonthOf(2400, 12); m++ {
		if got, want := engine.LastDay(m), m.Last(); got != want {
			t.Fatalf("%s: last day %s, want %s", m, got, want)
		}
	}
}

// TestSameFrom: the word-at-a-time run finder agrees with a byte-by-byte
// scan for every start in runs of every length around the 8- and 16-byte
// strides.
func TestSameFrom(t *testing.T) {
	for n := 1; n <= 70; n++ {
		for cut := 0; cut <= n; cut++ {
			b := make([]byte, n)
			for k := cut; k < n; k++ {
				b[k] = 1
			}
			for i := range b {
				want := i + 1
				for want < n && b[want] == b[i] {
					want++
				}
				if got := engine.SameFrom(b, i); got != want {
					t.Fatalf("n %d, cut %d, from %d: %d, want %d", n, cut, i, got, want)
				}
			}
		}
	}
}
