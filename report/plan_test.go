package report

import (
	"strings"
	"testing"

	"yibao"
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
			[2]string{"当地规定未收录", "not encoded"}},
		{"mode not encoded for a future retirement date", &advisor.Retirement{ShortfallMonths: 12, RulesOn: day("2032-04-30")},
			[2]string{"退休日 2032-04-30 适用的年限不足补足办法（一次性补缴或继续缴费）当地规定未收录", "not encoded for the retirement date 2032-04-30"}},
		{"priced", &advisor.Retirement{ShortfallMonths: 60, Reached: true, Minimum: engine.RetireeMinimum{TopUp: "monthly_or_lump_sum"}, TopUp: known},
			[2]string{"按月缴费或一次性补缴：按现行基数 8,888.88 元 × 费率 5.5%，每月 488.89 元，补足 60 个月一次性约 29,333.30 元（四舍五入到分）",
				"monthly payments or a lump sum: at today's base 8,888.88 × rate 5.5%, 488.89 a month, or about 29,333.30 for the 60 months"}},
		{"priced at a future retirement date", &advisor.Retirement{ShortfallMonths: 60, RulesOn: day("2032-04-30"), Minimum: engine.RetireeMinimum{TopUp: "monthly_or_lump_sum"}, TopUp: known},
			[2]string{"按已收录的退休日 2032-04-30 适用基数 8,888.88 元", "at the base encoded for the retirement date 2032-04-30, 8,888.88 × rate 5.5%"}},
		{"not priced", &advisor.Retirement{ShortfallMonths: 24, Minimum: engine.RetireeMinimum{TopUp: "lump_sum"},
			TopUp: &engine.TopUp{Months: 24, Mode: "lump_sum", Missing: []string{"retiree.top_up.rate"}}},
			[2]string{"一次性补缴；补足 24 个月的费用未能计算：当地退休补足年限的缴费费率未收录。",
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

func day(s string) yibao.Date {
	d, err := yibao.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestNeedsText(t *testing.T) {
	for _, tc := range []struct {
		needs []string
		want  [2]string
	}{
		{[]string{"sex"}, [2]string{"需要性别才能计算退休时间和退休时的缴费年限（女性还需岗位：干部或工人）。",
			"Sex is needed to compute the retirement date and the years at retirement (for a woman, also her post: cadre or worker)."}},
		{[]string{"post"}, [2]string{"需要岗位（干部或工人，即原法定退休年龄55岁或50岁）才能计算退休时间和退休时的缴费年限。",
			"Post (cadre or worker: an original retirement age of 55 or 50) is needed to compute the retirement date and the years at retirement."}},
		{[]string{"birth", "sex"}, [2]string{"需要出生日期和性别才能计算退休时间和退休时的缴费年限（女性还需岗位：干部或工人）。",
			"Date of birth and sex are needed to compute the retirement date and the years at retirement (for a woman, also her post: cadre or worker)."}},
	} {
		if got := needsText(tc.needs); *got != tc.want {
			t.Errorf("%v:\n got %q\nwant %q", tc.needs, *got, tc.want)
		}
	}
}
