package engine_test

import (
	"testing"

	"yibao"
	"yibao/engine"
)

// Benefit start and due-date rules no real region encodes yet, on a marked
// fixture city (made-up values, not policy): the code paths are exercised so
// a region that encodes them works.

func fixtureCity(rules string) string {
	return `region: "440100"
name: {zh: 广州市, en: Guangzhou}
level: city
sources:
  - {id: fx, title: test fixture, seen_via: "made-up values for a test; not a real rule", confidence: seed, verified_on: 2026-11-28}
params:
` + rules
}

func mustM(s string) yibao.Month { m, _ := yibao.ParseMonth(s); return m }
func mustD(s string) yibao.Date  { d, _ := yibao.ParseDate(s); return d }

func TestBenefitStartModes(t *testing.T) {
	// a flexible worker lapsed 2 months (within grace, not back-paid) pays
	// again from 2026-03, on 2026-03-20
	paid := mustD("2026-03-20")
	c := &yibao.Case{Region: "440100", AsOf: mustD("2026-05-10"), Ledger: []yibao.LedgerRow{
		{From: mustM("2020-01"), To: mustM("2025-12"), Scheme: yibao.Flexible, Status: yibao.Paid},
		{From: mustM("2026-03"), To: mustM("2026-03"), Scheme: yibao.Flexible, Status: yibao.Paid, PaidOn: &paid},
		{From: mustM("2026-04"), To: mustM("2026-05"), Scheme: yibao.Flexible, Status: yibao.Paid},
	}}
	for _, tc := range []struct {
		name, rules string
		code        string
		first       yibao.Date
		march       engine.Status
	}{
		{"payment month", `  flexible.benefit_start:
    - {since: 2024-01-01, value: payment_month, source: fx, review_by: 2099-01-01}
`, "benefit.start.payment_month", mustD("2026-03-01"), engine.Covered},
		{"next month", `  flexible.benefit_start:
    - {since: 2024-01-01, value: next_month, source: fx, review_by: 2099-01-01}
`, "benefit.start.next_month", mustD("2026-04-01"), engine.Waiting},
		{"30 days after payment", `  flexible.benefit_start:
    - {since: 2024-01-01, value: days_after_payment, source: fx, review_by: 2099-01-01}
  flexible.benefit_start_days:
    - {since: 2024-01-01, value: 30, source: fx, review_by: 2099-01-01}
`, "benefit.start.days", mustD("2026-04-19"), engine.Waiting},
		{"days not encoded", `  flexible.benefit_start:
    - {since: 2024-01-01, value: days_after_payment, source: fx, review_by: 2099-01-01}
`, "benefit.start.days_not_encoded", mustD("2026-03-01"), engine.Covered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := engine.New(withRegion(t, "440100", fixtureCity(tc.rules)))
			a, err := e.Assess(c)
			if err != nil {
				t.Fatal(err)
			}
			if !hasReason(a, tc.code) {
				t.Errorf("no reason %s in %v", tc.code, codes(a))
			}
			if got, ok := a.FirstCoveredFrom(mustM("2026-03")); !ok || got != tc.first {
				t.Errorf("first covered %s, want %s", got, tc.first)
			}
			if got := a.Timeline.At(mustM("2026-03")); got != tc.march {
				t.Errorf("2026-03 is %s, want %s", got, tc.march)
			}
			// a bill the day before cover starts is not covered, one on that day is
			if a.CoveredOn(tc.first.AddDays(-1)) || !a.CoveredOn(tc.first) {
				t.Errorf("cover around %s: %v %v", tc.first, a.CoveredOn(tc.first.AddDays(-1)), a.CoveredOn(tc.first))
			}
		})
	}
}

// TestQuoteBenefitStartDays: the quote's simulated payment follows the same
// rule, and says so with its own reason.
func TestQuoteBenefitStartDays(t *testing.T) {
	e := engine.New(withRegion(t, "440100", fixtureCity(`  flexible.benefit_start:
    - {since: 2024-01-01, value: days_after_payment, source: fx, review_by: 2099-01-01}
  flexible.benefit_start_days:
    - {since: 2024-01-01, value: 30, source: fx, review_by: 2099-01-01}
  employee.retro_within_grace:
    - {since: 2024-01-01, value: false, source: fx, review_by: 2099-01-01}
`)))
	c := &yibao.Case{Region: "440100", AsOf: mustD("2026-03-20"), Ledger: []yibao.LedgerRow{
		{From: mustM("2020-01"), To: mustM("2026-01"), Scheme: yibao.Flexible, Status: yibao.Paid, BaseFen: 600000},
	}}
	a, err := e.Assess(c)
	if err != nil {
		t.Fatal(err)
	}
	q := a.Quote
	if q == nil || q.FirstCoveredDate == nil || *q.FirstCoveredDate != mustD("2026-04-19") || q.GapCovered {
		t.Fatalf("quote: %+v", q)
	}
	if !hasReason(a, "quote.benefit.start.days") || !hasReason(a, "quote.backpay.no_retro") {
		t.Errorf("reasons %v", codes(a))
	}
}

// TestRegionDueDate: a region whose contributions fall due on the 15th of
// the next month counts a payment on the 10th of that month as on time, and
// the employer's late fee from the 16th.
func TestRegionDueDate(t *testing.T) {
	e := engine.New(withRegion(t, "440100", fixtureCity(`  contribution.due.month_offset:
    - {since: 2024-01-01, value: 1, source: fx, review_by: 2099-01-01}
  contribution.due.day:
    - {since: 2024-01-01, value: 15, source: fx, review_by: 2099-01-01}
  employee.rate.employer:
    - {since: 2024-01-01, value: 8%, source: fx, review_by: 2099-01-01}
  employee.rate.individual:
    - {since: 2024-01-01, value: 2%, source: fx, review_by: 2099-01-01}
`)))
	early, late := mustD("2026-02-10"), mustD("2026-02-20")
	for _, tc := range []struct {
		paid  *yibao.Date
		janOK bool
	}{{&early, true}, {&late, false}} {
		c := &yibao.Case{Region: "440100", AsOf: mustD("2026-03-20"), Ledger: []yibao.LedgerRow{
			{From: mustM("2020-01"), To: mustM("2025-12"), Scheme: yibao.Flexible, Status: yibao.Paid},
			{From: mustM("2026-01"), To: mustM("2026-01"), Scheme: yibao.Flexible, Status: yibao.Paid, PaidOn: tc.paid},
			{From: mustM("2026-02"), To: mustM("2026-03"), Scheme: yibao.Flexible, Status: yibao.Paid},
		}}
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.Timeline.At(mustM("2026-01")) == engine.Covered; got != tc.janOK {
			t.Errorf("paid %s: January covered %v (%s), want %v", tc.paid, got, a.Timeline.At(mustM("2026-01")), tc.janOK)
		}
		if tc.janOK && len(a.Lapses) != 0 {
			t.Errorf("paid %s before the due date: lapses %+v", tc.paid, a.Lapses)
		}
	}
	// employer arrears January–February, paid today 2026-03-20: due 02-15 and 03-15
	c := &yibao.Case{Region: "440100", AsOf: mustD("2026-03-20"), Ledger: []yibao.LedgerRow{
		{From: mustM("2020-01"), To: mustM("2025-12"), Scheme: yibao.Employee, Status: yibao.Paid, BaseFen: 1000000},
		{From: mustM("2026-01"), To: mustM("2026-02"), Scheme: yibao.Employee, Status: yibao.Unpaid, BaseFen: 1000000},
	}}
	a, err := e.Assess(c)
	if err != nil {
		t.Fatal(err)
	}
	q := a.Quote
	if q == nil || len(q.Months) < 2 {
		t.Fatalf("quote %+v", q)
	}
	// 2026-03-20 − 2026-02-15 = 33 days; 2026-03-20 − 2026-03-15 = 5 days
	if q.Months[0].LateDays != 33 || q.Months[1].LateDays != 5 {
		t.Errorf("late days %d, %d; want 33, 5", q.Months[0].LateDays, q.Months[1].LateDays)
	}
	// 10,000.00 × 10% = 1,000.00 a month; × 0.05% a day: 33 days → 16.50, 5 days → 2.50
	if q.Months[0].LateFeeFen != 1650 || q.Months[1].LateFeeFen != 250 || q.LateFeeFen != 1900 {
		t.Errorf("late fees %d + %d = %d; want 1650 + 250 = 1900", q.Months[0].LateFeeFen, q.Months[1].LateFeeFen, q.LateFeeFen)
	}
}

func hasReason(a *engine.Assessment, code string) bool {
	for _, r := range a.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

func codes(a *engine.Assessment) []string {
	var out []string
	for _, r := range a.Reasons {
		out = append(out, r.Code)
	}
	return out
}
