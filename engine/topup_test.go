package engine_test

import (
	"strings"
	"testing"

	"yibao/engine"
	"yibao/policy"
)

// withRegion loads the embedded policy data plus one extra region file.
func withRegion(t *testing.T, code, yaml string) *policy.Snapshot {
	t.Helper()
	return withRegions(t, map[string]string{code: yaml})
}

// fixtureTopUp is a made-up city (the figures are NOT real: no Guangdong
// city's wage or employer rate is encoded) that prices the top-up the way
// 粤医保规〔2022〕6号 art. 10 does, to test the arithmetic.
const fixtureTopUp = `region: "440100"
name: {zh: 广州市, en: Guangzhou}
level: city
sources:
  - {id: fx, title: test fixture, seen_via: "made-up figures for a test; not a real value", confidence: seed, verified_on: 2026-11-22}
params:
  retiree.min_years.male:
    - {since: 2024-01-01, value: 30, source: fx, review_by: 2099-01-01}
  retiree.top_up:
    - {since: 2024-01-01, value: monthly_or_lump_sum, source: fx, review_by: 2099-01-01}
  retiree.top_up.base:
    - {since: 2024-01-01, until: 2024-12-31, value: 8888.88, source: fx, review_by: 2099-01-01}
  retiree.top_up.rate:
    - {since: 2024-01-01, value: 5.5%, source: fx, review_by: 2099-01-01}
  contribution.rounding:
    - {since: 2025-01-01, value: "jiao:up", source: fx, review_by: 2099-01-01}
`

func TestTopUpCost(t *testing.T) {
	real, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	fx := withRegion(t, "440100", fixtureTopUp)
	for _, tc := range []struct {
		name    string
		snap    *policy.Snapshot
		region  string
		date    string
		months  int
		nilWant bool
		known   bool
		monthly int64
		total   int64
		missing string
		warning string
	}{
		{name: "no shortfall: nothing to price", snap: fx, region: "440100", date: "2024-06-01", months: 0, nilWant: true},
		{name: "rule not encoded (泸州): nothing to price", snap: real, region: "510500", date: "2026-06-01", months: 60, nilWant: true},
		// 888888 fen × 5.5% = 48888.84 → 48889 per month; 60 months rounded
		// once: 2933330.4 → 2933330 (not 60 × 48889 = 2933340)
		{name: "fixture: base × rate, half up to the fen, lump sum rounded once", snap: fx, region: "440100", date: "2024-06-01", months: 60,
			known: true, monthly: 48889, total: 2933330, warning: "assumption"},
		{name: "fixture: one month", snap: fx, region: "440100", date: "2024-06-01", months: 1, known: true, monthly: 48889, total: 48889},
		// the base ended 2024-12-31: the 2025 figure is not encoded
		{name: "fixture: base for the year not encoded", snap: fx, region: "440100", date: "2025-06-01", months: 12, missing: "retiree.top_up.base"},
		// Beijing: lump sum allowed, no formula encoded
		{name: "北京: lump sum, base and rate not encoded", snap: real, region: "110000", date: "2026-06-01", months: 24,
			missing: "retiree.top_up.base,retiree.top_up.rate", warning: "not_encoded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := engine.New(tc.snap).TopUpCost(tc.region, mustDate(tc.date), tc.months)
			if tc.nilWant {
				if got != nil {
					t.Fatalf("got %+v, want nil", got)
				}
				return
			}
			if got == nil {
				t.Fatal("got nil")
			}
			if got.Known != tc.known || int64(got.MonthlyFen) != tc.monthly || int64(got.TotalFen) != tc.total {
				t.Errorf("known %v monthly %d total %d, want %v %d %d", got.Known, got.MonthlyFen, got.TotalFen, tc.known, tc.monthly, tc.total)
			}
			if m := strings.Join(got.Missing, ","); m != tc.missing {
				t.Errorf("missing %q, want %q", m, tc.missing)
			}
			if tc.warning != "" {
				found := false
				for _, w := range got.Warnings {
					found = found || w.Code == tc.warning
				}
				if !found {
					t.Errorf("no %s warning in %+v", tc.warning, got.Warnings)
				}
			}
			if len(got.Params) == 0 {
				t.Error("no parameters cited")
			}
		})
	}
}

func TestTopUpCostRegionRounding(t *testing.T) {
	// from 2025 the fixture rounds to the jiao, up (见分进角), with a 2025 base
	fx := withRegion(t, "440100", strings.Replace(fixtureTopUp, "until: 2024-12-31, value: 8888.88", "value: 8888.88", 1))
	got := engine.New(fx).TopUpCost("440100", mustDate("2025-06-01"), 60)
	// 48888.84 fen → 48890; 2933330.4 → 2933340
	if !got.Known || got.MonthlyFen != 48890 || got.TotalFen != 2933340 || got.Rounding != "jiao:up" {
		t.Errorf("got %+v", got)
	}
}
