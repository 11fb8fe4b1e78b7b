package engine_test

import (
	"testing"

	"yibao"
	"yibao/engine"
	"yibao/policy"
)

// withRegions loads the embedded policy data plus extra region files.
func withRegions(t *testing.T, files map[string]string) *policy.Snapshot {
	t.Helper()
	m := map[string][]byte{}
	for code, y := range files {
		m[code] = []byte(y)
	}
	s, err := policy.WithRegions(nil, m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixtureFile is a made-up region file (the figures are NOT real values).
func fixtureFile(code, level, params string) string {
	return `region: "` + code + `"
name: {zh: 测试, en: fixture}
level: ` + level + `
sources:
  - {id: fx, title: test fixture, seen_via: "made-up figures for a test; not a real value", confidence: aggregator, verified_on: 2026-11-28}
params:
` + params
}

const amount500005 = `  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "5000.05", source: fx, review_by: 2099-01-01}
`

// TestPublishedYearlyTotal: a region that publishes only a yearly total is
// priced from it — a month is the total ÷ 12 by the region's rounding rule,
// add-ons stay their own lines, alternatives are side by side — and a rate
// at a level at least as specific wins over it.
func TestPublishedYearlyTotal(t *testing.T) {
	snap := withRegions(t, map[string]string{
		// 500005 fen ÷ 12 = 41667.08 fen
		"330100": fixtureFile("330100", "city", amount500005),
		"330200": fixtureFile("330200", "city", amount500005+`  contribution.rounding:
    - {since: 2020-01-01, value: "jiao:up", source: fx, review_by: 2099-01-01}
`),
		"330300": fixtureFile("330300", "city", amount500005+`  contribution.rounding:
    - {since: 2020-01-01, value: "yuan:down", source: fx, review_by: 2099-01-01}
`),
		// a province prices rate × base; its city publishes a total: the city's total
		"330000": fixtureFile("330000", "province", `  flexible.rate:
    - {since: 2020-01-01, value: "8%", source: fx, review_by: 2099-01-01}
  flexible.base.min:
    - {since: 2020-01-01, value: "4000", source: fx, review_by: 2099-01-01}
  flexible.base.max:
    - {since: 2020-01-01, value: "4000", source: fx, review_by: 2099-01-01}
`),
		"330400": fixtureFile("330400", "city", `  flexible.amount_yearly:
    - {since: 2025-01-01, value: "6000", source: fx, review_by: 2099-01-01}
  flexible.addon_monthly:
    - {since: 2025-01-01, value: "10", source: fx, review_by: 2099-01-01}
  flexible.addon_yearly:
    - {since: 2025-01-01, value: "100", source: fx, review_by: 2099-01-01}
`),
		// a province publishes a total; its city prices rate × base: the city's rate
		"340000": fixtureFile("340000", "province", `  flexible.amount_yearly:
    - {since: 2025-01-01, value: "4800", source: fx, review_by: 2099-01-01}
`),
		"340100": fixtureFile("340100", "city", `  flexible.rate:
    - {since: 2020-01-01, value: "10%", source: fx, review_by: 2099-01-01}
  flexible.base.min:
    - {since: 2020-01-01, value: "3000", source: fx, review_by: 2099-01-01}
`),
		"330500": fixtureFile("330500", "city", `  flexible.amount_yearly:
    - since: 2025-01-01
      value: {options: [{name: 统账结合, en: combined, value: "6149.88", default: true}, {name: 单建统筹, en: pooling only, value: "3600"}]}
      source: fx
      review_by: 2099-01-01
`),
	})
	eng := engine.New(snap)
	d := yibao.DateOf(2025, 7, 1)
	for _, tc := range []struct {
		name            string
		region, option  string
		date            yibao.Date
		known           bool
		published       bool
		monthly, yearly yibao.Fen // the person's totals
		alternatives    int
		reason          string
	}{
		{name: "half up to the fen when no rule is encoded", region: "330100", date: d, known: true, published: true, monthly: 41667, yearly: 500005, reason: "contrib.published_yearly"},
		{name: "jiao up (见分进角)", region: "330200", date: d, known: true, published: true, monthly: 41670, yearly: 500005},
		{name: "yuan down", region: "330300", date: d, known: true, published: true, monthly: 41600, yearly: 500005},
		{name: "outside the total's dates: the province's rate × base, no word about the total", region: "330100", date: yibao.DateOf(2026, 7, 1), known: true, monthly: 32000, yearly: 384000, reason: "contrib.line"},
		{name: "outside the total's dates, nothing else encoded: no amount", region: "340200", date: yibao.DateOf(2024, 7, 1)},
		{name: "a city's total under a province's rate", region: "330400", date: d, known: true, published: true, monthly: 50000 + 1000, yearly: 600000 + 12000 + 10000},
		{name: "a city's rate over a province's total", region: "340100", date: d, known: true, monthly: 30000, yearly: 360000, reason: "contrib.line"},
		{name: "alternatives side by side", region: "330500", date: d, known: true, published: true, monthly: 51249, yearly: 614988, alternatives: 2, reason: "contrib.alternatives"},
		{name: "an alternative chosen", region: "330500", option: "单建统筹", date: d, known: true, published: true, monthly: 30000, yearly: 360000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := eng.Contribution(engine.ContribRequest{Region: tc.region, Scheme: yibao.Flexible, Date: tc.date, Option: tc.option})
			if err != nil {
				t.Fatal(err)
			}
			if c.Known != tc.known || c.IndividualMonthlyFen != tc.monthly || c.IndividualYearlyFen != tc.yearly {
				t.Fatalf("known %v, %d a month, %d a year; want %v, %d, %d", c.Known, c.IndividualMonthlyFen, c.IndividualYearlyFen, tc.known, tc.monthly, tc.yearly)
			}
			if (c.PublishedTotal == "yearly") != tc.published {
				t.Errorf("published_total %q, want published %v", c.PublishedTotal, tc.published)
			}
			if len(c.Alternatives) != tc.alternatives {
				t.Errorf("%d alternatives, want %d: %+v", len(c.Alternatives), tc.alternatives, c.Alternatives)
			}
			if tc.published {
				l := c.Lines[0]
				if l.Item != "flexible_total" || l.Published != "yearly" || l.Rate != 0 || l.Confidence != yibao.Aggregator || !c.Base.NotPublished {
					t.Errorf("line %+v, base %+v: want a published total at aggregator confidence, no rate, no base", l, c.Base)
				}
			}
			for _, w := range c.Warnings {
				if w.Param == "flexible.amount_yearly" && w.Code == "not_encoded" {
					t.Errorf("warning %+v: a total not in force is not a missing figure", w)
				}
			}
			if tc.reason != "" {
				found := false
				for _, r := range c.Reasons {
					found = found || r.Code == tc.reason
				}
				if !found {
					t.Errorf("no reason %s in %+v", tc.reason, c.Reasons)
				}
			}
		})
	}

	// the quote prices the back-paid months from the same total, with the
	// alternatives side by side
	a, err := eng.Assess(&yibao.Case{Region: "330500", AsOf: yibao.DateOf(2025, 9, 10), Ledger: []yibao.LedgerRow{
		{From: yibao.MonthOf(2020, 1), To: yibao.MonthOf(2025, 6), Scheme: yibao.Flexible, Status: yibao.Paid},
	}})
	if err != nil {
		t.Fatal(err)
	}
	q := a.Quote
	if q == nil || !q.AmountKnown || q.Published != "yearly" || q.PerMonthFen != 51249 || q.TotalFen != 3*51249 || len(q.Alternatives) != 2 || q.Alternatives[1].TotalFen != 3*30000 {
		t.Fatalf("quote %+v", q)
	}
}

// TestBaseAlternatives: where a region offers named bases (西安 2023: 60% or
// 100% of the average wage, made-up figures here), the calculator and the
// quote price every base side by side at the one rate when none is chosen,
// and only the chosen one otherwise.
func TestBaseAlternatives(t *testing.T) {
	bases := `      value: {options: [{name: 60%基数, en: "60%", value: "3000", default: true}, {name: 100%基数, en: "100%", value: "5000"}]}
      source: fx
      review_by: 2099-01-01
`
	snap := withRegions(t, map[string]string{
		"350200": fixtureFile("350200", "city", `  flexible.rate:
    - {since: 2020-01-01, value: "9%", source: fx, review_by: 2099-01-01}
  flexible.addon_monthly:
    - {since: 2020-01-01, value: "8", source: fx, review_by: 2099-01-01}
  flexible.base.min:
    - since: 2020-01-01
`+bases+`  flexible.base.max:
    - since: 2020-01-01
`+bases),
	})
	eng := engine.New(snap)
	d := yibao.DateOf(2025, 7, 1)
	for _, tc := range []struct {
		name    string
		option  string
		base    yibao.Fen
		monthly yibao.Fen // the flexible line (no add-on)
		alts    []engine.Alternative
	}{
		{name: "none chosen: both side by side", monthly: 27000, alts: []engine.Alternative{
			{Name: "60%基数", EN: "60%", Rate: 90000, Default: true, BaseFen: 300000, MonthlyFen: 27000, YearlyFen: 324000},
			{Name: "100%基数", EN: "100%", Rate: 90000, BaseFen: 500000, MonthlyFen: 45000, YearlyFen: 540000},
		}},
		{name: "a base asked for is clamped to each option's bounds", base: 400000, monthly: 27000, alts: []engine.Alternative{
			{Name: "60%基数", EN: "60%", Rate: 90000, Default: true, BaseFen: 300000, MonthlyFen: 27000, YearlyFen: 324000},
			{Name: "100%基数", EN: "100%", Rate: 90000, BaseFen: 500000, MonthlyFen: 45000, YearlyFen: 540000},
		}},
		{name: "chosen: only it", option: "100%基数", monthly: 45000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := eng.Contribution(engine.ContribRequest{Region: "350200", Scheme: yibao.Flexible, Date: d, Option: tc.option, BaseFen: tc.base})
			if err != nil {
				t.Fatal(err)
			}
			if !c.Known || c.Lines[0].MonthlyFen != tc.monthly {
				t.Fatalf("known %v, lines %+v; want %d a month", c.Known, c.Lines, tc.monthly)
			}
			if len(c.Alternatives) != len(tc.alts) {
				t.Fatalf("alternatives %+v, want %+v", c.Alternatives, tc.alts)
			}
			for i := range tc.alts {
				if c.Alternatives[i] != tc.alts[i] {
					t.Errorf("alternative %d = %+v, want %+v", i, c.Alternatives[i], tc.alts[i])
				}
			}
			if tc.option != "" && (c.Option != tc.option || !c.OptionChosen) {
				t.Errorf("option %q chosen %v", c.Option, c.OptionChosen)
			}
		})
	}
	a, err := eng.Assess(&yibao.Case{Region: "350200", AsOf: yibao.DateOf(2025, 9, 10), Ledger: []yibao.LedgerRow{
		{From: yibao.MonthOf(2020, 1), To: yibao.MonthOf(2025, 6), Scheme: yibao.Flexible, Status: yibao.Paid},
	}})
	if err != nil {
		t.Fatal(err)
	}
	q := a.Quote
	// the quote's months include the monthly add-on: (base × 9% + 8) × 3
	if q == nil || len(q.Alternatives) != 2 || q.Alternatives[0].TotalFen != 3*(27000+800) || q.Alternatives[1].TotalFen != 3*(45000+800) || q.Alternatives[1].BaseFen != 500000 {
		t.Fatalf("quote %+v", q)
	}
}
