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
	RegionName   string `json:"region_name"`
	RegionNameEN string `json:"-"` // see RegionNameEN
	snap         *policy.Snapshot
	Reasons      []Reason   `json:"reasons"`
	Warnings     []Warning  `json:"warnings"`
	Disclaimer   [2]string  `json:"disclaimer"`
	Missing      *[2]string `json:"missing_text,omitempty"` // one sentence [zh, en]: which figures are not encoded and what to ask
}

// BuildContrib renders a contribution.
func BuildContrib(c *engine.Contribution, snap *policy.Snapshot) *ContribAnswer {
	out := &ContribAnswer{Format: "yibao.contrib.v1", EngineVersion: Version, PolicySnapshot: snap.Hash, Contribution: c,
		RegionName: region.Default().FullName(c.Region.Code), RegionNameEN: RegionNameEN(c.Region.Code, snap), Disclaimer: disclaimer, snap: snap}
	for _, r := range c.Reasons {
		out.Reasons = append(out.Reasons, Reason{Reason: r, TextZH: Text(r, ZH), TextEN: Text(r, EN)})
	}
	for _, w := range c.Warnings {
		out.Warnings = append(out.Warnings, Warning{Warning: w, TextZH: WarningText(w, snap, ZH), TextEN: WarningText(w, snap, EN)})
	}
	out.Missing = MissingContribText(c, out.RegionName)
	return out
}

// WriteContrib writes the calculator's report in l.
func WriteContrib(w io.Writer, ans *ContribAnswer, l Lang) {
	c := ans.Contribution
	p := func(key string, args ...any) { fmt.Fprintln(w, Sprintf(l, key, args...)) }
	m := func(key string, args ...any) string { return Sprintf(l, key, args...) }
	p("calc.title", Msg("scheme."+string(c.Scheme), l), c.Date)
	p("txt.region", regionName(ans.RegionName, ans.RegionNameEN, l), c.Region.Code)
	if ans.Missing != nil {
		p("calc.missing", ans.Missing[l])
	}
	if b := c.Base; b != nil && b.NotPublished {
		p("calc.base_not_published")
	} else if b != nil && b.Fen == 0 {
		p("calc.base_missing")
	} else if b != nil && b.Fixed {
		p("calc.base_fixed", b.Fen.Grouped(), b.FormulaYear, b.AverageWageFen.Grouped(), b.FormulaShare)
	} else if b != nil {
		line := m("calc.base", b.Fen.Grouped())
		if b.MinFen > 0 || b.MaxFen > 0 {
			hi := m("calc.ceiling_missing")
			if b.MaxFen > 0 {
				hi = m("calc.ceiling", b.MaxFen.Grouped())
			}
			line += m("calc.bounds", b.MinFen.Grouped(), hi)
			if b.Derived {
				line += m("calc.derived", b.AverageWageFen.Grouped(), b.FloorShare, b.CeilingShare)
			}
			line += m("calc.close")
		}
		switch b.Clamped {
		case "up":
			line += m("calc.clamped_up")
		case "down":
			line += m("calc.clamped_down")
		}
		fmt.Fprintln(w, line)
	}
	p("calc.rounding", ValueText(c.Rounding, l))
	for _, ln := range c.Lines {
		rate := ""
		if ln.Rate > 0 {
			rate = " " + ln.Rate.String()
		}
		if ln.Published != "" {
			p("calc.line_published", Msg("calc.item."+ln.Item, l), ln.MonthlyFen.Grouped(), ln.YearlyFen.Grouped(), Msg("conf."+string(ln.Confidence), l))
		} else if ln.MonthlyFen > 0 {
			p("calc.line_monthly", Msg("calc.item."+ln.Item, l), rate, ln.MonthlyFen.Grouped(), ln.YearlyFen.Grouped())
		} else {
			p("calc.line_yearly", Msg("calc.item."+ln.Item, l), rate, ln.YearlyFen.Grouped())
		}
	}
	if len(c.Alternatives) > 0 {
		what := m("calc.ways")
		if c.Scheme == yibao.Resident {
			what = m("calc.groups")
		}
		p("calc.alternatives", what, glossed(c.Option, c.OptionEN, l))
		for _, a := range c.Alternatives {
			def := ""
			if a.Default {
				def = m("calc.default")
			}
			name := pick(l, a.Name, a.Name+" ("+a.EN+")")
			if a.Rate == 0 && a.MonthlyFen > 0 {
				p("calc.alt_total", name, def, a.MonthlyFen.Grouped(), a.YearlyFen.Grouped())
				continue
			}
			if a.Rate == 0 && a.MonthlyFen == 0 {
				p("calc.alt_yearly", name, def, a.YearlyFen.Grouped())
				continue
			}
			if a.BaseFen > 0 {
				p("calc.alt_base", name, def, a.BaseFen.Grouped(), a.Rate, a.MonthlyFen.Grouped(), a.YearlyFen.Grouped())
				continue
			}
			p("calc.alt", name, def, a.Rate, a.MonthlyFen.Grouped(), a.YearlyFen.Grouped())
		}
	} else if c.Option != "" {
		p("calc.way", glossed(c.Option, c.OptionEN, l))
	}
	if c.Known {
		if c.Scheme == yibao.Resident {
			p("calc.total_resident", c.IndividualYearlyFen.Grouped())
		} else {
			p("calc.total", c.IndividualMonthlyFen.Grouped(), c.IndividualYearlyFen.Grouped())
			if c.EmployerMonthlyFen > 0 {
				p("calc.employer_total", c.EmployerMonthlyFen.Grouped(), c.EmployerYearlyFen.Grouped())
			}
		}
	}
	p("calc.reasons")
	for i, r := range ans.Reasons {
		p("txt.reason", i+1, pick(l, r.TextZH, r.TextEN))
		for _, pi := range r.Params {
			pu := ans.Params[pi]
			p("txt.param", pick(l, pu.LabelZH(), pu.LabelEN()), ParamValueText(&pu, ans.snap, l), citeText(pu, l))
		}
	}
	if len(ans.Warnings) > 0 {
		p("txt.warnings")
		for _, x := range ans.Warnings {
			p("txt.warning", pick(l, x.TextZH, x.TextEN))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, ans.Disclaimer[l])
	p("txt.snapshot", ans.PolicySnapshot)
}
