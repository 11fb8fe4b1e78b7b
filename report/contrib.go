package report

import (
	"fmt"
	"io"

	"yibao"
	"yibao/engine"
	"yibao/policy"
	"yibao/region"
)

// ContribAnswer is the calculator's answer (format yibao.contrib.v1).
type ContribAnswer struct {
	Format         string `json:"format"`
	EngineVersion  string `json:"engine_version"`
	PolicySnapshot string `json:"policy_snapshot"`
	*engine.Contribution
	RegionName string     `json:"region_name"`
	Reasons    []Reason   `json:"reasons"`
	Warnings   []Warning  `json:"warnings"`
	Disclaimer [2]string  `json:"disclaimer"`
	Missing    *[2]string `json:"missing_text,omitempty"` // one sentence [zh, en]: which figures are not encoded and what to ask
}

// BuildContrib renders a contribution.
func BuildContrib(c *engine.Contribution, snap *policy.Snapshot) *ContribAnswer {
	out := &ContribAnswer{Format: "yibao.contrib.v1", EngineVersion: Version, PolicySnapshot: snap.Hash, Contribution: c,
		RegionName: region.Default().FullName(c.Region.Code), Disclaimer: disclaimer}
	for _, r := range c.Reasons {
		out.Reasons = append(out.Reasons, Reason{Reason: r, TextZH: Text(r, ZH), TextEN: Text(r, EN)})
	}
	for _, w := range c.Warnings {
		out.Warnings = append(out.Warnings, Warning{Warning: w, TextZH: WarningText(w, snap, ZH), TextEN: WarningText(w, snap, EN)})
	}
	out.Missing = MissingContribText(c, out.RegionName)
	return out
}

var itemZH = map[string]string{
	"employer": "单位缴纳", "individual": "个人缴纳", "flexible": "灵活就业人员缴纳（基本医疗）", "addon_monthly": "每月附加（大额医疗等）",
	"addon_yearly": "每年附加（大额医疗等）", "resident_individual": "个人缴费", "resident_subsidy": "财政补助（不由个人缴纳）",
}

// WriteContrib writes the calculator's report.
func WriteContrib(w io.Writer, ans *ContribAnswer, l Lang) {
	c := ans.Contribution
	fmt.Fprintf(w, "yibao 缴费计算（%s，按 %s 适用的规定）\n", c.Scheme.ZH(), c.Date)
	fmt.Fprintf(w, "参保地：%s（%s）\n", ans.RegionName, c.Region.Code)
	if ans.Missing != nil {
		fmt.Fprintf(w, "【缺少的数据】%s\n", ans.Missing[0])
	}
	if b := c.Base; b != nil && b.Fen == 0 {
		fmt.Fprintln(w, "缴费基数：未收录（见下方依据）")
	} else if b != nil && b.Fixed {
		fmt.Fprintf(w, "缴费基数：%s 元/月（固定基数：%d 年全省平均工资 %s 元 × %s ÷ 12，不可自选）\n", b.Fen.Grouped(), b.FormulaYear, b.AverageWageFen.Grouped(), b.FormulaShare)
	} else if b != nil {
		fmt.Fprintf(w, "缴费基数：%s 元/月", b.Fen.Grouped())
		if b.MinFen > 0 || b.MaxFen > 0 {
			hi := "未编码"
			if b.MaxFen > 0 {
				hi = b.MaxFen.Grouped() + " 元"
			}
			fmt.Fprintf(w, "（下限 %s 元，上限 %s", b.MinFen.Grouped(), hi)
			if b.Derived {
				fmt.Fprintf(w, "，由平均工资 %s 元 × %s / %s 推算", b.AverageWageFen.Grouped(), b.FloorShare, b.CeilingShare)
			}
			fmt.Fprint(w, "）")
		}
		switch b.Clamped {
		case "up":
			fmt.Fprint(w, "；所填基数低于下限，按下限计算")
		case "down":
			fmt.Fprint(w, "；所填基数高于上限，按上限计算")
		}
		fmt.Fprintln(w)
	}
	rounding := ValueText(c.Rounding, ZH)
	fmt.Fprintf(w, "舍入规则：%s\n\n", rounding)
	for _, ln := range c.Lines {
		rate := ""
		if ln.Rate > 0 {
			rate = " " + ln.Rate.String()
		}
		if ln.MonthlyFen > 0 {
			fmt.Fprintf(w, "  %s%s：%s 元/月，%s 元/年\n", itemZH[ln.Item], rate, ln.MonthlyFen.Grouped(), ln.YearlyFen.Grouped())
		} else {
			fmt.Fprintf(w, "  %s%s：%s 元/年\n", itemZH[ln.Item], rate, ln.YearlyFen.Grouped())
		}
	}
	if len(c.Alternatives) > 0 {
		what := "可选缴费方式"
		if c.Scheme == yibao.Resident {
			what = "各人群个人缴费标准"
		}
		fmt.Fprintf(w, "\n%s（未选择，按默认“%s”计算；用 --option 选择）：\n", what, c.Option)
		for _, a := range c.Alternatives {
			def := ""
			if a.Default {
				def = "（默认）"
			}
			if a.Rate == 0 && a.MonthlyFen == 0 {
				fmt.Fprintf(w, "  %s%s：%s 元/年\n", a.Name, def, a.YearlyFen.Grouped())
				continue
			}
			fmt.Fprintf(w, "  %s%s %s：%s 元/月，%s 元/年\n", a.Name, def, a.Rate, a.MonthlyFen.Grouped(), a.YearlyFen.Grouped())
		}
	} else if c.Option != "" {
		fmt.Fprintf(w, "\n缴费方式：%s\n", c.Option)
	}
	if c.Known {
		if c.Scheme == yibao.Resident {
			fmt.Fprintf(w, "\n个人合计：%s 元/年（按年缴纳，不是每月）\n", c.IndividualYearlyFen.Grouped())
		} else {
			fmt.Fprintf(w, "\n个人合计：%s 元/月，%s 元/年\n", c.IndividualMonthlyFen.Grouped(), c.IndividualYearlyFen.Grouped())
			if c.EmployerMonthlyFen > 0 {
				fmt.Fprintf(w, "单位合计：%s 元/月，%s 元/年\n", c.EmployerMonthlyFen.Grouped(), c.EmployerYearlyFen.Grouped())
			}
		}
	}
	fmt.Fprintln(w, "\n【依据】")
	for i, r := range ans.Reasons {
		fmt.Fprintf(w, "  %d. %s\n", i+1, r.TextZH)
		for _, pi := range r.Params {
			pu := ans.Params[pi]
			fmt.Fprintf(w, "     · %s = %s —— %s\n", pu.LabelZH, pu.Value, citeText(pu, ZH))
		}
	}
	if len(ans.Warnings) > 0 {
		fmt.Fprintln(w, "\n【提示】")
		for _, x := range ans.Warnings {
			fmt.Fprintf(w, "  ! %s\n", x.TextZH)
		}
	}
	fmt.Fprintf(w, "\n%s\n政策数据：%s\n", ans.Disclaimer[0], ans.PolicySnapshot)
	_ = l
}
