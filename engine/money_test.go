package engine_test

import (
	"errors"
	"strings"
	"testing"

	"yibao"
	"yibao/engine"
	"yibao/policy"
)

// TestContributionOverflow: an amount beyond the range of a Fen is an error,
// never a wrapped (negative or small) figure. Inputs through caseio, the
// CLI and the API are bounded well below this; the engine checks anyway.
func TestContributionOverflow(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(snap)
	d := mustDate("2025-07-01")
	// 上海 flexible: 10%, no base ceiling encoded
	for _, base := range []yibao.Fen{yibao.MaxFen, 7_686_143_364_045_646_510} { // × 10% × 12 months
		_, err := e.Contribution(engine.ContribRequest{Region: "310000", Scheme: yibao.Flexible, Date: d, BaseFen: base})
		if !errors.Is(err, yibao.ErrOverflow) {
			t.Errorf("base %d: error %v, want overflow", base, err)
		}
	}
	// the old arithmetic wrapped 9,999,999,999,999.99 yuan × 10% to 77,662,796,314.52
	c, err := e.Contribution(engine.ContribRequest{Region: "310000", Scheme: yibao.Flexible, Date: d, BaseFen: 999_999_999_999_999})
	if err != nil || c.IndividualMonthlyFen != 100_000_000_000_000 || c.IndividualYearlyFen != 1_200_000_000_000_000 {
		t.Errorf("got %+v, %v", c, err)
	}
	// the largest base whose yearly amount fits
	c, err = e.Contribution(engine.ContribRequest{Region: "310000", Scheme: yibao.Flexible, Date: d, BaseFen: 7_686_143_364_045_646_500})
	if err != nil || c.IndividualYearlyFen != 9_223_372_036_854_775_800 {
		t.Errorf("got %+v, %v", c, err)
	}
}

// TestTopUpCostOverflow: a top-up beyond the range of a Fen is not priced.
// The figures are the largest the policy format accepts, not real ones.
func TestTopUpCostOverflow(t *testing.T) {
	big := strings.NewReplacer("until: 2024-12-31, value: 8888.88", "value: 9999999999999.99", "value: 5.5%", "value: 999.9999%").Replace(fixtureTopUp)
	e := engine.New(withRegion(t, "440100", big))
	// 999,999,999,999,999 fen × 999.9999% ≈ 10^16 fen a month: 922 months fit, 1,000 do not
	ok := e.TopUpCost("440100", mustDate("2025-06-01"), 900)
	if ok == nil || !ok.Known || ok.Overflow || ok.TotalFen <= 0 {
		t.Fatalf("900 months: %+v", ok)
	}
	got := e.TopUpCost("440100", mustDate("2025-06-01"), 1000)
	if got == nil || got.Known || !got.Overflow || got.MonthlyFen != 0 || got.TotalFen != 0 {
		t.Errorf("1000 months: %+v", got)
	}
}
