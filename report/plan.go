package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"yibao/retire"

	"yibao"
	"yibao/advisor"
	"yibao/policy"
)

// PlanAnswer is the advisor's answer as printed and served (format yibao.plan.v1).
type PlanAnswer struct {
	Format         string              `json:"format"`
	EngineVersion  string              `json:"engine_version"`
	PolicySnapshot string              `json:"policy_snapshot"`
	AsOf           yibao.Date          `json:"as_of"`
	Window         advisor.Window      `json:"window"`
	Rule           string              `json:"rule"`
	RuleZH         string              `json:"rule_zh"`
	RuleEN         string              `json:"rule_en"`
	Options        []PlanOption        `json:"options"`
	Agency         *[2]string          `json:"agency_warning,omitempty"`
	Retirement     *advisor.Retirement `json:"retirement,omitempty"`
	TopUpText      *[2]string          `json:"top_up_text,omitempty"`           // the retirement top-up, rendered
	NeedsText      *[2]string          `json:"retirement_needs_text,omitempty"` // retirement.needs, rendered
	Assessment     *Answer             `json:"assessment"`
}

// PlanOption is an option with its rendered label.
type PlanOption struct {
	advisor.Option
	LabelZH string `json:"label_zh"`
	LabelEN string `json:"label_en"`
}

var ruleText = map[string][2]string{
	advisor.RuleCoverThenCost: catalogue["plan.rule.cover_then_cost"],
	advisor.RuleCareDate:      catalogue["plan.rule.care_date"],
	advisor.RuleExpectedCost:  catalogue["plan.rule.expected_cost"],
}

var agencyWarning = catalogue["plan.agency"]

// BuildPlan renders a plan.
func BuildPlan(p *advisor.Plan, snap *policy.Snapshot) *PlanAnswer {
	rt := ruleText[p.Rule]
	out := &PlanAnswer{Format: "yibao.plan.v1", EngineVersion: Version, PolicySnapshot: snap.Hash, AsOf: p.Base.AsOf, Window: p.Window,
		Rule: p.Rule, RuleZH: rt[0], RuleEN: rt[1], Retirement: p.Retirement, Assessment: Build(p.Base, snap), Options: []PlanOption{}}
	if p.Agency {
		out.Agency = &agencyWarning
	}
	if r := p.Retirement; r != nil && len(r.Needs) > 0 {
		out.NeedsText = needsText(r.Needs)
	} else if r != nil && r.ShortfallMonths > 0 {
		out.TopUpText = topUpText(r, snap)
	}
	for _, o := range p.Options {
		zh, en := optionLabel(o)
		out.Options = append(out.Options, PlanOption{Option: o, LabelZH: zh, LabelEN: en})
	}
	return out
}

func optionLabel(o advisor.Option) (string, string) {
	both := func(key string, args ...any) (string, string) {
		return Sprintf(ZH, key, args...), Sprintf(EN, key, args...)
	}
	base := func(l Lang) string {
		if o.BaseFen == 0 {
			return ""
		}
		v, ok := catalogue["plan.base."+o.Variant]
		if !ok || o.Way != "" && o.Variant != "chosen" {
			v = catalogue["plan.base.any"]
		}
		if o.Way != "" {
			return Sprintf(l, "plan.base.way", o.Way, v[l], o.BaseFen.Grouped())
		}
		return Sprintf(l, "plan.base.plain", v[l], o.BaseFen.Grouped())
	}
	switch o.Kind {
	case advisor.BackpayFlexible:
		return Sprintf(ZH, "plan.opt.backpay_flexible", base(ZH)), Sprintf(EN, "plan.opt.backpay_flexible", base(EN))
	case advisor.RestartFlexible:
		return Sprintf(ZH, "plan.opt.restart_flexible", base(ZH)), Sprintf(EN, "plan.opt.restart_flexible", base(EN))
	case advisor.ResidentNow:
		return both("plan.opt.resident_now", o.Variant)
	case advisor.ResidentNextWindow:
		return both("plan.opt.resident_window", o.Variant)
	case advisor.Employer:
		return both("plan.opt.employer", o.Variant)
	case advisor.Wait:
		return both("plan.opt.wait", o.Variant)
	case advisor.ResidentRepair:
		if n, _ := strconv.Atoi(o.Variant); n == 0 {
			return both("plan.opt.no_repair")
		}
		return both("plan.opt.repair", o.Variant)
	}
	return o.Kind, o.Kind
}

// WritePlan writes the ranked table, then the assessment it rests on.
func WritePlan(w io.Writer, pa *PlanAnswer, l Lang) {
	p := func(key string, args ...any) { fmt.Fprintln(w, Sprintf(l, key, args...)) }
	m := func(key string, args ...any) string { return Sprintf(l, key, args...) }
	a := pa.Assessment
	p("plan.title", pa.AsOf)
	p("txt.region", regionName(a.RegionName, a.RegionNameEN, l), a.Region.Code)
	n := pa.Window.To.Sub(pa.Window.From) + 1
	p("plan.window", pa.Window.From, pa.Window.To, n)
	p("plan.line", pick(l, pa.RuleZH, pa.RuleEN))
	if pa.Agency != nil {
		p("plan.warn", pa.Agency[l])
	}
	p("plan.options")
	money := func(f yibao.Fen, known bool) string {
		if !known {
			return m("plan.unknown")
		}
		return m("plan.yuan", f.Grouped())
	}
	for _, o := range pa.Options {
		allowed := map[string]string{"no": m("plan.not_allowed"), "unknown": m("plan.allowed_unknown")}[o.Allowed]
		p("plan.option", o.Rank, allowed, pick(l, o.LabelZH, o.LabelEN))
		first := m("plan.none_in_window")
		if o.FirstCoveredDate != nil {
			first = o.FirstCoveredDate.String()
			if o.UnknownMonths > 0 {
				// the start depends on an unencoded rule: this is the national cap
				first = m("plan.at_latest", first)
			}
		}
		p("plan.costs", money(o.NowFen, o.CostKnown), monthlyText(l, o), money(o.CostFen, o.CostKnown), money(o.PerCoveredMonthFen, o.CostKnown && o.PerCoveredMonthFen > 0))
		p("plan.cover", first, o.CoveredMonths, o.UncoveredMonths, unknownNote(l, o.UnknownMonths), m(yesNo(o.GapCovered, "plan.gap_yes", "plan.gap_no")))
		var extra []string
		if o.AddedMonths > 0 {
			extra = append(extra, m("plan.added", o.AddedMonths)+m(yesNo(o.ContinuityKept, "plan.kept", "plan.restarts")))
		}
		if o.Deadline != nil {
			extra = append(extra, m("plan.deadline", *o.Deadline))
		}
		if o.Expired != nil {
			extra = append(extra, m("plan.expired", *o.Expired))
		}
		if o.CareCovered != nil {
			extra = append(extra, m(yesNo(*o.CareCovered, "plan.care_yes", "plan.care_no")))
		}
		e := strings.Join(extra, m("plan.sep"))
		if o.RiskFen > 0 {
			e += m("plan.risk", o.RiskFen.Grouped())
		}
		if e != "" {
			p("plan.extra", e)
		}
		for _, wn := range o.Warnings {
			if d, ok := strings.CutPrefix(wn, "assumption:next_window_paid_"); ok {
				p("plan.assume_window", d)
			}
		}
	}
	if r := pa.Retirement; r != nil {
		writeRetirement(p, l, pa, r)
	}
	fmt.Fprintln(w)
	WriteText(w, a, l)
}

func pick(l Lang, zh, en string) string {
	if l == EN {
		return en
	}
	return zh
}

func yesNo(b bool, y, n string) string {
	if b {
		return y
	}
	return n
}

func unknownNote(l Lang, n int) string {
	if n == 0 {
		return ""
	}
	return Sprintf(l, "plan.unknown_months", n)
}

func monthlyText(l Lang, o PlanOption) string {
	switch {
	case o.Kind == advisor.ResidentNow || o.Kind == advisor.ResidentNextWindow || o.Kind == advisor.ResidentRepair:
		return Msg("plan.resident_monthly", l)
	case o.MonthlyFen > 0:
		return Sprintf(l, "plan.yuan", o.MonthlyFen.Grouped())
	}
	return Msg("plan.unknown", l)
}

// writeRetirement writes the retirement block of the plan text.
func writeRetirement(p func(key string, args ...any), l Lang, pa *PlanAnswer, r *advisor.Retirement) {
	p("plan.retirement")
	if pa.NeedsText != nil {
		p("plan.line", pa.NeedsText[l])
		return
	}
	if r.EarliestElective == r.LatestElective { // a cohort before the reform: no elective window
		p("plan.retire", r.Month, ageText(r.Age, l), r.Date)
	} else {
		p("plan.retire_elective", r.Month, ageText(r.Age, l), r.Date, r.EarliestElective, r.LatestElective)
	}
	if r.Reached {
		p("plan.reached", r.Date)
		p("plan.years_reached", r.CumulativeNow)
	} else {
		p("plan.years", r.CumulativeNow, r.CumulativeAtRetire)
	}
	// the rules read: those in force on the retirement date, or today once it has passed
	when := Sprintf(l, "plan.rules_on", r.RulesOn)
	if r.Reached {
		when = Msg("plan.rules_today", l)
	}
	if r.RequiredKnown {
		key := "plan.required"
		if r.Reached {
			key = "plan.required_reached"
		}
		p(key, when, r.RequiredMonths, r.ShortfallMonths)
		if r.Minimum.LocalYears > 0 {
			p("plan.local_years", r.Minimum.LocalYears)
		}
	} else {
		p("plan.required_unknown", when)
	}
	if pa.TopUpText != nil {
		p("plan.line", pa.TopUpText[l])
	}
	p("plan.source", r.Citation.Title, r.Citation.Article)
}

// ageText is a statutory age as retire.FormatAge writes it ("63岁",
// "60岁3个月") in l's words; an age it cannot read stays as written.
func ageText(age string, l Lang) string {
	m, err := retire.ParseAge(age)
	if err != nil || m < 0 {
		return age
	}
	if m%12 == 0 {
		return Sprintf(l, "plan.age", m/12)
	}
	return Sprintf(l, "plan.age_months", m/12, m%12)
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// needsText says which person facts are needed to compute retirement.
func needsText(needs []string) *[2]string {
	var zh, en []string
	for _, n := range needs {
		v := catalogue["plan.need."+n]
		zh, en = append(zh, v[0]), append(en, v[1])
	}
	z := Sprintf(ZH, "plan.needs", strings.Join(zh, "和"))
	e := Sprintf(EN, "plan.needs", capitalize(strings.Join(en, " and "))+map[bool]string{true: " is", false: " are"}[len(en) == 1])
	if slices.Contains(needs, advisor.NeedSex) {
		z += Msg("plan.needs_post", ZH)
		e += Msg("plan.needs_post", EN)
	}
	return &[2]string{z + "。", e + "."}
}

// topUpText says how the shortfall is made up and what it costs, or which
// local figures are missing to price it.
func topUpText(r *advisor.Retirement, snap *policy.Snapshot) *[2]string {
	mode := r.Minimum.TopUp
	if mode == "" {
		if !r.Reached {
			return &[2]string{Sprintf(ZH, "plan.topup.unknown_on", r.RulesOn), Sprintf(EN, "plan.topup.unknown_on", r.RulesOn)}
		}
		t := catalogue["plan.topup.unknown"]
		return &t
	}
	var out [2]string
	for l := ZH; l <= EN; l++ {
		out[l] = Sprintf(l, "plan.topup.mode", Msg("plan.topup."+mode, l))
		for _, u := range r.Minimum.Params {
			if u.ID() == policy.RetireeTopUp.String() && u.Cite() != nil {
				out[l] += Sprintf(l, "plan.topup.source", strings.TrimSpace(u.Cite().DocNo+" "+u.Cite().Title), u.Article())
			}
		}
		t := r.TopUp
		switch {
		case t == nil:
			out[l] += pick(l, "。", ".")
		case t.Overflow:
			out[l] += Sprintf(l, "plan.topup.overflow", t.Months)
		case t.Known:
			b := Msg("plan.topup.base_today", l)
			if !r.Reached {
				b = Sprintf(l, "plan.topup.base_on", r.RulesOn)
			}
			out[l] += Sprintf(l, "plan.topup.priced", b, t.BaseFen.Grouped(), t.Rate, t.MonthlyFen.Grouped(), t.Months, t.TotalFen.Grouped(), ValueText(t.Rounding, l))
		default:
			var names []string
			for _, id := range t.Missing {
				name := id
				if pid, ok := policy.ParamByID(id); ok {
					d := snap.Def(pid)
					name = Sprintf(l, "plan.topup.param", pick(l, d.LabelZH, d.LabelEN), id)
					if l == ZH {
						name = d.LabelZH // the label only: no parameter id in Chinese
					}
				}
				names = append(names, name)
			}
			list := strings.Join(names, pick(l, "、", " and "))
			if l == EN {
				list += map[bool]string{true: " is", false: " are"}[len(names) == 1]
			}
			out[l] += Sprintf(l, "plan.topup.missing", t.Months, list)
		}
	}
	return &out
}
