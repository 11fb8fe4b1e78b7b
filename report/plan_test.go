package report

import (
	"strings"
	"testing"

	"yibao/advisor"
	"yibao/engine"
	"yibao/policy"
)

func TestTopUpText(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	known := &engine.TopUp{Months: 60, Mode: "monthly_or_lump_sum", Known: true, BaseFen: 888888, Rate: 55000,
		MonthlyFen: 48889, TotalFen: 2933330, Rounding: "fen:half_up"}
	for _, tc := range []struct {
		name string
		r    *advisor.Retirement
		want [2]string
	}{
		{"mode not encoded", &advisor.Retirement{ShortfallMonths: 12},
			[2]string{"当地规定未编码", "not encoded"}},
		{"priced", &advisor.Retirement{ShortfallMonths: 60, Minimum: engine.RetireeMinimum{TopUp: "monthly_or_lump_sum"}, TopUp: known},
			[2]string{"按月缴费或一次性补缴：按现行基数 8,888.88 元 × 费率 5.5%，每月 488.89 元，补足 60 个月一次性约 29,333.30 元（fen:half_up）",
				"monthly payments or a lump sum: at today's base 8,888.88 × rate 5.5%, 488.89 a month, or about 29,333.30 for the 60 months"}},
		{"not priced", &advisor.Retirement{ShortfallMonths: 24, Minimum: engine.RetireeMinimum{TopUp: "lump_sum"},
			TopUp: &engine.TopUp{Months: 24, Mode: "lump_sum", Missing: []string{"retiree.top_up.rate"}}},
			[2]string{"一次性补缴；补足 24 个月的费用未能计算：当地退休补足年限的缴费费率（retiree.top_up.rate）未编码。",
				"the cost of the 24 months cannot be computed: the local rate for making up years at retirement (retiree.top_up.rate) is not encoded."}},
	} {
		got := topUpText(tc.r, snap)
		for i := range 2 {
			if !strings.Contains(got[i], tc.want[i]) {
				t.Errorf("%s [%d]:\n got %s\nwant …%s…", tc.name, i, got[i], tc.want[i])
			}
		}
	}
}
