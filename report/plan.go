package report

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

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
	advisor.RuleCoverThenCost: {"排序规则：未覆盖月数少者优先，其次最早享受待遇日期，再次区间总费用低者；不允许的方案排最后。",
		"Ranking: fewest uncovered months first, then the earliest covered date, then the lowest cost over the window; options not allowed come last."},
	advisor.RuleCareDate: {"排序规则：能覆盖计划就医日期的方案优先，其次未覆盖月数、最早享受日期、费用。",
		"Ranking: options covering the planned care date first, then fewest uncovered months, earliest cover, lowest cost."},
	advisor.RuleExpectedCost: {"排序规则：按“区间总费用 + 未覆盖月数 × 预计每月医疗支出”从低到高（假设未覆盖月份的支出全部自付）。",
		"Ranking: lowest of cost + uncovered months × expected monthly spending (assuming uncovered spending is paid in full by you)."},
}

var agencyWarning = [2]string{
	"警告：通过代缴机构“挂靠”虚构劳动关系参保，属于以欺诈、伪造证明材料等手段骗取医保基金的行为，依《医疗保障基金使用监督管理条例》（国务院令第735号）将被追回并处罚；灵活就业人员可以个人身份直接参保缴费。",
	"Warning: enrolling through an agency on a fictitious job (挂靠) is fraud against the medical insurance fund under the 医疗保障基金使用监督管理条例 (State Council Decree No. 735) and is recovered and penalised; flexible workers can enrol and pay in their own name.",
}

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
	base := func() (string, string) {
		if o.BaseFen == 0 {
			return "", ""
		}
		v := map[string][2]string{"min": {"最低基数", "minimum base"}, "max": {"最高基数", "maximum base"}, "chosen": {"所选基数", "chosen base"}}[o.Variant]
		if v[0] == "" || o.Way != "" && o.Variant != "chosen" {
			v = [2]string{"基数", "base"}
		}
		if o.Way != "" {
			return fmt.Sprintf("（%s，%s %s元）", o.Way, v[0], o.BaseFen.Grouped()), fmt.Sprintf(" (%s, %s %s)", o.Way, v[1], o.BaseFen.Grouped())
		}
		return fmt.Sprintf("（%s %s元）", v[0], o.BaseFen.Grouped()), fmt.Sprintf(" (%s %s)", v[1], o.BaseFen.Grouped())
	}
	bz, be := base()
	switch o.Kind {
	case advisor.BackpayFlexible:
		return "以灵活就业身份补缴断缴月份并按月续缴" + bz, "back-pay the gap as a flexible worker, then pay monthly" + be
	case advisor.RestartFlexible:
		return "以灵活就业身份从本月起缴费（不补缴）" + bz, "pay as a flexible worker from this month, no back-pay" + be
	case advisor.ResidentNow:
		return o.Variant + "年度城乡居民医保，今天缴费", "residents' insurance for " + o.Variant + ", paid today"
	case advisor.ResidentNextWindow:
		return o.Variant + "年度城乡居民医保，在集中参保期缴费", "residents' insurance for " + o.Variant + ", paid in its window"
	case advisor.Employer:
		return "新单位自 " + o.Variant + " 起参保缴费（个人部分）", "a new employer pays from " + o.Variant + " (your share)"
	case advisor.Wait:
		return "暂不缴费，至 " + o.Variant + " 再以灵活就业身份缴费", "wait until " + o.Variant + ", then pay as a flexible worker"
	case advisor.ResidentRepair:
		n, _ := strconv.Atoi(o.Variant)
		if n == 0 {
			return "居民医保不做缴费修复", "residents: no repair"
		}
		return "居民医保缴费修复 " + o.Variant + " 年", "residents: repair " + o.Variant + " year(s)"
	}
	return o.Kind, o.Kind
}

// WritePlan writes the ranked table, then the assessment it rests on.
func WritePlan(w io.Writer, pa *PlanAnswer, l Lang) {
	p := func(zh, en string, args ...any) {
		s := zh
		if l == EN {
			s = en
		}
		fmt.Fprintf(w, s+"\n", args...)
	}
	a := pa.Assessment
	p("yibao 怎么补划算（测算日 %s）", "yibao: which way is cheapest (as of %s)", pa.AsOf)
	p("参保地：%s（%s）", "Region: %s (%s)", a.RegionName, a.Region.Code)
	n := pa.Window.To.Sub(pa.Window.From) + 1
	p("比较区间：%s 至 %s（%d个月）", "Window compared: %s to %s (%d months)", pa.Window.From, pa.Window.To, n)
	p("%s", "%s", pick(l, pa.RuleZH, pa.RuleEN))
	if pa.Agency != nil {
		p("\n! %s", "\n! %s", pick(l, pa.Agency[0], pa.Agency[1]))
	}
	p("\n【方案】", "\n[Options]")
	money := func(f yibao.Fen, known bool) string {
		if !known {
			return pick(l, "未知", "unknown")
		}
		return f.Grouped() + pick(l, "元", "")
	}
	for _, o := range pa.Options {
		allowed := map[string][2]string{"yes": {"", ""}, "no": {"【不允许】", "[not allowed] "}, "unknown": {"【可否待定】", "[allowed? unknown] "}}[o.Allowed]
		p("%d. %s%s", "%d. %s%s", o.Rank, pick(l, allowed[0], allowed[1]), pick(l, o.LabelZH, o.LabelEN))
		first := pick(l, "区间内无", "none in the window")
		if o.FirstCoveredDate != nil {
			first = o.FirstCoveredDate.String()
			if o.UnknownMonths > 0 {
				// the start depends on an unencoded rule: this is the national cap
				first = pick(l, "最迟 ", "at the latest ") + first
			}
		}
		p("   今天缴 %s；之后每月 %s；区间合计 %s；每个享受待遇月 %s",
			"   today %s; then monthly %s; total over the window %s; per covered month %s",
			money(o.NowFen, o.CostKnown), monthlyText(l, o), money(o.CostFen, o.CostKnown), money(o.PerCoveredMonthFen, o.CostKnown && o.PerCoveredMonthFen > 0))
		p("   首个享受待遇日 %s；享受 %d 个月，未覆盖 %d 个月%s；断缴期费用%s",
			"   first covered %s; %d months covered, %d not%s; gap bills %s",
			first, o.CoveredMonths, o.UncoveredMonths, unknownNote(l, o.UnknownMonths), pick(l, yesNo(o.GapCovered, "可报销", "不报销"), yesNo(o.GapCovered, "covered", "not covered")))
		extra := ""
		if o.AddedMonths > 0 {
			extra = fmt.Sprintf(pick(l, "职工医保累计 +%d 个月", "employee years +%d months"), o.AddedMonths)
			extra += pick(l, yesNo(o.ContinuityKept, "，连续年限不中断", "，连续年限重新计算"), yesNo(o.ContinuityKept, ", continuity kept", ", continuity restarts"))
		}
		if o.Deadline != nil {
			if extra != "" {
				extra += pick(l, "；", "; ")
			}
			extra += fmt.Sprintf(pick(l, "须在 %s 前（含）办理", "must be done by %s"), *o.Deadline)
		}
		if o.Expired != nil {
			if extra != "" {
				extra += pick(l, "；", "; ")
			}
			extra += fmt.Sprintf(pick(l, "宽限期补缴截止日 %s 已过期，按超过宽限期处理", "the grace deadline %s has passed: beyond-grace rules apply"), *o.Expired)
		}
		if o.CareCovered != nil {
			if extra != "" {
				extra += pick(l, "；", "; ")
			}
			extra += pick(l, yesNo(*o.CareCovered, "计划就医日可报销", "计划就医日不能报销"), yesNo(*o.CareCovered, "planned care covered", "planned care not covered"))
		}
		if o.RiskFen > 0 {
			extra += fmt.Sprintf(pick(l, "；未覆盖月份预计自付 %s元", "; expected uncovered spending %s"), o.RiskFen.Grouped())
		}
		if extra != "" {
			p("   %s", "   %s", extra)
		}
		for _, wn := range o.Warnings {
			if d, ok := strings.CutPrefix(wn, "assumption:next_window_paid_"); ok {
				p("   假设 %s 在集中参保期缴费（当地下一年度缴费期和缴费标准未编码）", "   assumes payment on %s in the concentrated window (next year's window and standard not encoded)", d)
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
	return fmt.Sprintf(pick(l, "（其中 %d 个月取决于未编码的地方规定）", " (%d depend on unencoded local rules)"), n)
}

func monthlyText(l Lang, o PlanOption) string {
	switch {
	case o.Kind == advisor.ResidentNow || o.Kind == advisor.ResidentNextWindow || o.Kind == advisor.ResidentRepair:
		return pick(l, "无（居民医保按年缴纳）", "none (residents pay yearly)")
	case o.MonthlyFen > 0:
		return o.MonthlyFen.Grouped() + pick(l, "元", "")
	}
	return pick(l, "未知", "unknown")
}

// writeRetirement writes the retirement block of the plan text.
func writeRetirement(p func(zh, en string, args ...any), l Lang, pa *PlanAnswer, r *advisor.Retirement) {
	p("\n【退休与终身待遇】", "\n[Retirement and lifetime benefits]")
	if pa.NeedsText != nil {
		p("%s", "%s", pick(l, pa.NeedsText[0], pa.NeedsText[1]))
		return
	}
	if r.EarliestElective == r.LatestElective { // a cohort before the reform: no elective window
		p("法定退休时间 %s（%s，%s 达到）", "Statutory retirement %s (%s, reached on %s)", r.Month, r.Age, r.Date)
	} else {
		p("法定退休时间 %s（%s，%s 达到），可弹性提前至 %s 或延迟至 %s（最多3年）", "Statutory retirement %s (%s, reached on %s); elective from %s to %s (at most 3 years either way)",
			r.Month, r.Age, r.Date, r.EarliestElective, r.LatestElective)
	}
	if r.Reached {
		p("已于 %s 达到法定退休年龄。", "The statutory retirement age was reached on %s.", r.Date)
		p("职工医保累计缴费：现在 %d 个月（已达到退休年龄，不再推算）", "Employee years: %d months now (retirement age reached, nothing projected)", r.CumulativeNow)
	} else {
		p("职工医保累计缴费：现在 %d 个月；按目前状态到退休时 %d 个月", "Employee years: %d months now; %d at retirement at the current pace", r.CumulativeNow, r.CumulativeAtRetire)
	}
	// the rules read: those in force on the retirement date, or today once it has passed
	when := [2]string{fmt.Sprintf("按退休日 %s 适用的规定，", r.RulesOn), fmt.Sprintf("under the rules for the retirement date %s, ", r.RulesOn)}
	if r.Reached {
		when = [2]string{"按现行规定，", "under today's rules, "}
	}
	if r.RequiredKnown {
		short := [2]string{"按目前状态尚差", "short by %d at the current pace"}
		if r.Reached {
			short = [2]string{"尚差", "short by %d"}
		}
		p("%s当地退休享受待遇最低累计缴费 %d 个月；"+short[0]+" %d 个月", "%slocal minimum for retiree benefits: %d months; "+short[1],
			pick(l, when[0], capitalize(when[1])), r.RequiredMonths, r.ShortfallMonths)
		if r.Minimum.LocalYears > 0 {
			p("其中须在本统筹区实际缴费满 %d 年", "of which %d years must be paid in this pooling region", r.Minimum.LocalYears)
		}
	} else {
		p("%s当地退休享受待遇的最低累计缴费年限未编码：国家没有统一年限（社会保险法第二十七条），“满15年即可终身享受”并非全国规定，请向当地医保经办机构核实。",
			"%sthe local minimum years for retiree benefits are not encoded: there is no national number (Social Insurance Law art. 27); \"15 years for life\" is not a national rule — check locally.",
			pick(l, when[0], capitalize(when[1])))
	}
	if pa.TopUpText != nil {
		p("%s", "%s", pick(l, pa.TopUpText[0], pa.TopUpText[1]))
	}
	p("依据：%s（%s）", "Source: %s (%s)", r.Citation.Title, r.Citation.Article)
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

var needNames = map[string][2]string{
	advisor.NeedBirth: {"出生日期", "date of birth"},
	advisor.NeedSex:   {"性别", "sex"},
	advisor.NeedPost:  {"岗位（干部或工人，即原法定退休年龄55岁或50岁）", "post (cadre or worker: an original retirement age of 55 or 50)"},
}

// needsText says which person facts are needed to compute retirement.
func needsText(needs []string) *[2]string {
	var zh, en []string
	for _, n := range needs {
		v := needNames[n]
		zh, en = append(zh, v[0]), append(en, v[1])
	}
	z := "需要" + strings.Join(zh, "和") + "才能计算退休时间和退休时的缴费年限"
	e := capitalize(strings.Join(en, " and ")) + map[bool]string{true: " is", false: " are"}[len(en) == 1] + " needed to compute the retirement date and the years at retirement"
	if slices.Contains(needs, advisor.NeedSex) {
		z += "（女性还需岗位：干部或工人）"
		e += " (for a woman, also her post: cadre or worker)"
	}
	return &[2]string{z + "。", e + "."}
}

var topUpModes = map[string][2]string{
	"lump_sum":            {"一次性补缴", "a lump sum"},
	"monthly_or_lump_sum": {"按月缴费或一次性补缴", "monthly payments or a lump sum"},
	"continue_paying":     {"继续缴费至规定年限", "paying on until the minimum is reached"},
}

// topUpText says how the shortfall is made up and what it costs, or which
// local figures are missing to price it.
func topUpText(r *advisor.Retirement, snap *policy.Snapshot) *[2]string {
	mode := r.Minimum.TopUp
	if mode == "" {
		if !r.Reached {
			return &[2]string{fmt.Sprintf("退休日 %s 适用的年限不足补足办法（一次性补缴或继续缴费）当地规定未编码，请向当地医保经办机构核实。", r.RulesOn),
				fmt.Sprintf("How a shortfall is made up locally (lump sum or paying on) is not encoded for the retirement date %s; check with the local 医保 office.", r.RulesOn)}
		}
		return &[2]string{"年限不足时如何补足（一次性补缴或继续缴费）当地规定未编码，请向当地医保经办机构核实。",
			"How a shortfall is made up locally (lump sum or paying on) is not encoded; check with the local 医保 office."}
	}
	m := topUpModes[mode]
	zh := fmt.Sprintf("年限不足可%s", m[0])
	en := fmt.Sprintf("The shortfall can be made up by %s", m[1])
	for _, u := range r.Minimum.Params {
		if u.ID == policy.RetireeTopUp.String() && u.Cite != nil {
			src := strings.TrimSpace(u.Cite.DocNo + " " + u.Cite.Title)
			zh += fmt.Sprintf("（%s，%s）", src, u.Article)
			en += fmt.Sprintf(" (%s, %s)", src, u.Article)
		}
	}
	t := r.TopUp
	switch {
	case t == nil:
		return &[2]string{zh + "。", en + "."}
	case t.Overflow:
		return &[2]string{zh + fmt.Sprintf("；补足 %d 个月的费用超出可计算范围（基数或费率数据异常），未给出金额。", t.Months),
			en + fmt.Sprintf("; the cost of the %d months is beyond the range that can be computed (check the base or rate data); no amount is given.", t.Months)}
	case t.Known:
		bz, be := "现行基数", "today's base"
		if !r.Reached {
			bz, be = fmt.Sprintf("已编码的退休日 %s 适用基数", r.RulesOn), fmt.Sprintf("the base encoded for the retirement date %s,", r.RulesOn)
		}
		zh += fmt.Sprintf("：按%s %s 元 × 费率 %s，每月 %s 元，补足 %d 个月一次性约 %s 元（%s）。实际以缴费时的基数（上上年度平均工资）计算，金额会变化。",
			bz, t.BaseFen.Grouped(), t.Rate, t.MonthlyFen.Grouped(), t.Months, t.TotalFen.Grouped(), t.Rounding)
		en += fmt.Sprintf(": at %s %s × rate %s, %s a month, or about %s for the %d months as a lump sum (%s). The base actually used is the average wage of two years before the payment, so the amount will change.",
			be, t.BaseFen.Grouped(), t.Rate, t.MonthlyFen.Grouped(), t.TotalFen.Grouped(), t.Months, t.Rounding)
	default:
		var lz, le []string
		for _, id := range t.Missing {
			pid, ok := policy.ParamByID(id)
			if !ok {
				lz, le = append(lz, id), append(le, id)
				continue
			}
			d := snap.Def(pid)
			lz = append(lz, fmt.Sprintf("%s（%s）", d.LabelZH, id))
			le = append(le, fmt.Sprintf("%s (%s)", d.LabelEN, id))
		}
		zh += fmt.Sprintf("；补足 %d 个月的费用未能计算：当地%s未编码。", t.Months, strings.Join(lz, "、"))
		en += fmt.Sprintf("; the cost of the %d months cannot be computed: the local %s not encoded.", t.Months, strings.Join(le, " and ")+map[bool]string{true: " is", false: " are"}[len(le) == 1])
		return &[2]string{zh, en}
	}
	return &[2]string{zh, en}
}
