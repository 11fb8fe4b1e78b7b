package advisor_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"yibao"
	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
)

// The differential contract (issue 10 item 10b): every plan option is the
// engine's own simulation of that option, and a flexible option says exactly
// what the quote says for the same payment — never more cover.

func planCases(t *testing.T) []*yibao.Case {
	t.Helper()
	cs, err := corpus.Cases("..")
	if err != nil {
		t.Fatal(err)
	}
	// generated: a person between jobs or behind on payments in the regions
	// whose rules differ most, on many dates
	r := rand.New(rand.NewPCG(7, 43))
	regions := []string{"310000", "510500", "370200", "420100", "320100", "440800", "110000", "430100", "630100"}
	for i := 0; i < 300; i++ {
		asOf := yibao.DateOf(2024+r.IntN(3), 1+r.IntN(12), 1+r.IntN(28))
		end := asOf.Month().Add(-(1 + r.IntN(9)))
		c := &yibao.Case{Region: regions[r.IntN(len(regions))], AsOf: asOf,
			Ledger: []yibao.LedgerRow{{From: end.Add(-60), To: end, Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: yibao.Fen(600000 + 1000*r.IntN(300))}},
			Bills:  []yibao.Bill{{Date: end.Add(1).First().AddDays(r.IntN(27)), AmountFen: 200000}}}
		if r.IntN(2) == 0 {
			c.Ledger[0].Scheme = yibao.Flexible
		}
		if r.IntN(2) == 0 {
			c.Events = []yibao.Event{{Kind: yibao.JobEnded, Date: end.Last()}}
		}
		if r.IntN(3) == 0 {
			m := asOf.Month().Add(1 + r.IntN(3))
			c.Plan = &yibao.PlanRequest{EmployerFrom: &m}
		}
		if len(caseio.Validate(c, nil)) == 0 {
			cs = append(cs, c)
		}
	}
	return cs
}

func cj(c *yibao.Case) string { b, _ := json.Marshal(c); return string(b) }

func TestOptionsAreTheirSimulation(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s)
	ad := &advisor.Advisor{Eng: e}
	options, flexible := 0, 0
	for _, c := range planCases(t) {
		p, err := ad.Plan(c)
		if err != nil {
			t.Fatalf("plan: %v\ncase: %s", err, cj(c))
		}
		for _, o := range p.Options {
			if o.Payment == nil {
				continue
			}
			sim, err := e.Simulate(c, *o.Payment)
			if err != nil {
				t.Fatal(err)
			}
			// the option's figures, read again from the engine's simulation
			var first *yibao.Month
			covered, uncovered := 0, 0
			for m := p.Window.From; m <= p.Window.To; m++ {
				if sim.Timeline.At(m).IsCovered() {
					covered++
					if first == nil {
						mm := m
						first = &mm
					}
				} else {
					uncovered++
				}
			}
			if covered != o.CoveredMonths || uncovered != o.UncoveredMonths {
				t.Fatalf("%s/%s: option says %d covered, %d not; its simulation %d, %d\ncase: %s", o.Kind, o.Variant, o.CoveredMonths, o.UncoveredMonths, covered, uncovered, cj(c))
			}
			if (first == nil) != (o.FirstCoveredDate == nil) || (first != nil && sim.CoverFrom(*first) != *o.FirstCoveredDate) {
				t.Fatalf("%s/%s: option first covered %v, simulation %v\ncase: %s", o.Kind, o.Variant, o.FirstCoveredDate, first, cj(c))
			}
			for i, b := range sim.Bills {
				if sim.CoveredOn(b.Date) != o.Bills[i] {
					t.Fatalf("%s/%s: bill %d covered %v, simulation %v\ncase: %s", o.Kind, o.Variant, i, o.Bills[i], sim.CoveredOn(b.Date), cj(c))
				}
			}
			options++
			if o.Kind != advisor.BackpayFlexible && o.Kind != advisor.RestartFlexible {
				continue
			}
			// the quote for the same base pays the same months and promises the same cover
			v := *c
			v.Quote = &yibao.QuoteRequest{Scheme: yibao.Flexible, BaseFen: o.BaseFen, Option: o.Way}
			a, err := e.Assess(&v)
			if err != nil {
				t.Fatal(err)
			}
			q := a.Quote
			if q == nil || q.Payment == nil {
				t.Fatalf("%s/%s without a quote\ncase: %s", o.Kind, o.Variant, cj(c))
			}
			if q.Payment.From != o.Payment.From || q.Payment.To != o.Payment.To || q.Payment.On != o.Payment.On || q.Payment.BaseFen != o.Payment.BaseFen {
				t.Fatalf("%s/%s pays %+v, the quote %+v\ncase: %s", o.Kind, o.Variant, *o.Payment, *q.Payment, cj(c))
			}
			if q.GapCovered != o.GapCovered {
				t.Fatalf("%s/%s: gap covered %v, the quote says %v\ncase: %s", o.Kind, o.Variant, o.GapCovered, q.GapCovered, cj(c))
			}
			if q.FirstCoveredDate != nil && *q.FirstCoveredDate <= p.Window.To.Last() && (o.FirstCoveredDate == nil || *o.FirstCoveredDate != *q.FirstCoveredDate) {
				t.Fatalf("%s/%s: first covered %v, the quote %s\ncase: %s", o.Kind, o.Variant, o.FirstCoveredDate, q.FirstCoveredDate, cj(c))
			}
			if q.FirstCoveredDate == nil && o.FirstCoveredDate != nil && (o.UnknownMonths == 0 || q.LatestCovered == nil || *q.LatestCovered != *o.FirstCoveredDate) {
				t.Fatalf("%s/%s claims cover from %s where the quote says only %v at the latest\ncase: %s", o.Kind, o.Variant, o.FirstCoveredDate, q.LatestCovered, cj(c))
			}
			if o.Kind == advisor.BackpayFlexible && o.NowFen != q.TotalFen+q.LateFeeFen {
				t.Fatalf("%s/%s: pays %d today, the quote %d\ncase: %s", o.Kind, o.Variant, o.NowFen, q.TotalFen+q.LateFeeFen, cj(c))
			}
			if (o.Deadline == nil) != (q.Deadline == nil || o.Kind == advisor.RestartFlexible) {
				t.Fatalf("%s/%s: deadline %v, the quote %v\ncase: %s", o.Kind, o.Variant, o.Deadline, q.Deadline, cj(c))
			}
			if o.Deadline != nil && c.AsOf > *o.Deadline {
				t.Fatalf("%s/%s offered with a passed deadline %s\ncase: %s", o.Kind, o.Variant, o.Deadline, cj(c))
			}
			flexible++
		}
	}
	if options < 300 || flexible < 200 {
		t.Fatalf("too few options compared: %d (%d flexible)", options, flexible)
	}
}

// TestPlanAgreesWithAssessment: the plan's own assessment is the assessment
// of the case, byte for byte.
func TestPlanAgreesWithAssessment(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s)
	ad := &advisor.Advisor{Eng: e}
	for _, c := range planCases(t)[:100] {
		p, err := ad.Plan(c)
		if err != nil {
			t.Fatal(err)
		}
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(p.Base)
		if string(x) != string(y) {
			t.Fatalf("plan's assessment differs from assess\ncase: %s", cj(c))
		}
	}
}

// TestPlanReturnsEngineErrors: an engine error reaches the caller; no option
// is silently dropped.
func TestPlanReturnsEngineErrors(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	ad := &advisor.Advisor{Eng: engine.New(s)}
	c := &yibao.Case{Region: "3100", AsOf: yibao.DateOf(2026, 11, 10),
		Ledger: []yibao.LedgerRow{{From: yibao.MonthOf(2020, 1), To: yibao.MonthOf(2026, 8), Scheme: yibao.Employee, Status: yibao.Paid}}}
	if p, err := ad.Plan(c); err == nil {
		t.Fatalf("no error for region %q: %+v", c.Region, p)
	}
}
