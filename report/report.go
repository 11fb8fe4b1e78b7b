// Package report renders an engine.Assessment for people (a Chinese or
// English text report) and for machines (the documented JSON answer).
// Text comes from reason codes and templates, never from the engine.
package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"yibao"
	"yibao/engine"
	"yibao/policy"
	"yibao/region"
)

// Version is the engine version reported in every answer.
const Version = "0.1.0"

// Lang is an output language.
type Lang int

// Languages.
const (
	ZH Lang = iota
	EN
)

// Answer is the JSON answer (format yibao.assessment.v1, docs/answer-format.md).
type Answer struct {
	Format         string `json:"format"`
	EngineVersion  string `json:"engine_version"`
	PolicySnapshot string `json:"policy_snapshot"`
	*engine.Assessment
	RegionName string     `json:"region_name"` // GB/T 2260 full name, e.g. 四川省泸州市
	Reasons    []Reason   `json:"reasons"`
	Warnings   []Warning  `json:"warnings"`
	Disclaimer [2]string  `json:"disclaimer"`
	Hotline    string     `json:"hotline"`
	Missing    *[2]string `json:"missing_text,omitempty"` // one sentence [zh, en]: which headline figures are not encoded and what to ask
}

// Reason is a reason with its rendered texts.
type Reason struct {
	engine.Reason
	TextZH string `json:"text_zh"`
	TextEN string `json:"text_en"`
}

// Warning is a warning with its rendered texts.
type Warning struct {
	engine.Warning
	TextZH string `json:"text_zh"`
	TextEN string `json:"text_en"`
}

const assessmentFormat = "yibao.assessment.v1"

// Disclaimer is printed with every answer.
var disclaimer = [2]string{
	"以上结果依据所列政策文件测算，仅供参考；具体以参保地医保经办机构解释为准。",
	"Computed from the policy documents listed; for reference only. The local 医保 office's interpretation prevails.",
}

// Build renders every text of a.
func Build(a *engine.Assessment, snap *policy.Snapshot) *Answer {
	ans := &Answer{Format: assessmentFormat, EngineVersion: Version, PolicySnapshot: snap.Hash, Assessment: a, Disclaimer: disclaimer, Hotline: Hotline(a)}
	ans.RegionName = region.Default().FullName(a.Region.Code)
	ans.Reasons = make([]Reason, len(a.Reasons))
	for i, r := range a.Reasons {
		ans.Reasons[i] = Reason{Reason: r, TextZH: Text(r, ZH), TextEN: Text(r, EN)}
	}
	ans.Warnings = make([]Warning, len(a.Warnings))
	for i, w := range a.Warnings {
		ans.Warnings[i] = Warning{Warning: w, TextZH: WarningText(w, snap, ZH), TextEN: WarningText(w, snap, EN)}
	}
	ans.Missing = MissingText(a, ans.RegionName, ans.Hotline)
	return ans
}

// Hotline returns the 医保 hotline with the area code where known.
func Hotline(a *engine.Assessment) string {
	if a.Region.AreaCode != "" {
		return a.Region.AreaCode + "-12393"
	}
	return "12393"
}

// Known reports whether code has a template.
func Known(code string) bool { _, ok := messages[code]; return ok }

// Text renders a reason.
func Text(r engine.Reason, l Lang) string {
	var buf [512]byte
	return string(AppendText(buf[:0], &r, l))
}

// AppendText appends the rendered reason: one pass over the template,
// formatting only the placeholders it uses.
func AppendText(b []byte, r *engine.Reason, l Lang) []byte { return appendText(b, r, l, false) }

// appendText renders a reason; inJSON writes it escaped for the inside of a
// JSON string (templates escaped once, arguments as they are written).
func appendText(b []byte, r *engine.Reason, l Lang, inJSON bool) []byte {
	lit := func(b []byte, s string) []byte {
		if inJSON {
			return appendInner(b, s)
		}
		return append(b, s...)
	}
	t, ok := messages[r.Code]
	if inJSON {
		t, ok = jsonMessages[r.Code]
	}
	if !ok {
		return lit(b, r.Code)
	}
	a := &r.Args
	tpl := t[l]
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			return append(b, tpl...)
		}
		j := strings.IndexByte(tpl[i:], '}')
		if j < 0 {
			return append(b, tpl...)
		}
		b = append(b, tpl[:i]...)
		switch tpl[i+1 : i+j] {
		case "from":
			b, _ = a.From.AppendText(b)
		case "to":
			b, _ = a.To.AppendText(b)
		case "month":
			b, _ = a.Month.AppendText(b)
		case "date":
			b, _ = a.Date.AppendText(b)
		case "n":
			b = strconv.AppendInt(b, int64(a.N), 10)
		case "m":
			b = strconv.AppendInt(b, int64(a.M), 10)
		case "fen":
			b = a.Fen.AppendGrouped(b)
		case "mfen":
			b = yibao.Fen(a.M).AppendGrouped(b)
		case "nfen":
			b = yibao.Fen(a.N).AppendGrouped(b)
		case "scheme":
			if a.Scheme != "" {
				if l == EN {
					b = lit(b, a.Scheme.EN())
				} else {
					b = lit(b, a.Scheme.ZH())
				}
			}
		case "text":
			if s, ok := statusZH[a.Text]; ok {
				b = lit(b, s[l])
			} else {
				b = lit(b, a.Text)
			}
		case "year":
			b = strconv.AppendInt(b, int64(a.Year), 10)
		case "rate":
			b = a.Rate.AppendPercent(b)
		default:
			b = append(b, tpl[i:i+j+1]...) // not a placeholder: keep as written
		}
		tpl = tpl[i+j+1:]
	}
}

// WarningText renders a warning.
func WarningText(w engine.Warning, snap *policy.Snapshot, l Lang) string {
	var buf [512]byte
	return string(AppendWarningText(buf[:0], &w, snap, l))
}

// AppendWarningText appends the rendered warning.
func AppendWarningText(b []byte, w *engine.Warning, snap *policy.Snapshot, l Lang) []byte {
	var kb [64]byte
	key := append(append(kb[:0], "w."...), w.Code...)
	// the argument in up to five pieces
	var arg [5]string
	var date yibao.Date
	if w.Param != "" {
		arg[0] = w.Param
		if p, ok := policy.ParamByID(w.Param); ok {
			d := snap.Def(p)
			arg[0] = d.LabelZH
			if l == EN {
				// the id helps an analyst; a person reading Chinese gets the label only
				arg[0] = d.LabelEN
				arg[1], arg[2], arg[3] = " (", w.Param, ")"
			}
		}
		if w.Code == "review_overdue" {
			arg[4], date = "，复核日期 ", w.Date
			if l == EN {
				arg[4] = ", review by "
			}
		}
	} else if w.Code == "assumption" || w.Code == "not_encoded" {
		key = append(append(key, '.'), w.Text...)
	} else if w.Code == "region_not_encoded" {
		arg[0] = w.Text
		if n := region.Default().FullName(w.Text); n != "" {
			arg[0], arg[1], arg[2], arg[3] = n, "（", w.Text, "）"
		}
	} else {
		arg[0] = w.Text
	}
	t, ok := messages[string(key)] // no allocation for the lookup
	if !ok {
		return append(b, key...)
	}
	tpl := t[l]
	for {
		i := strings.Index(tpl, "{text}")
		if i < 0 {
			return append(b, tpl...)
		}
		b = append(b, tpl[:i]...)
		for _, s := range arg {
			b = append(b, s...)
		}
		if arg[4] != "" {
			b, _ = date.AppendText(b)
		}
		tpl = tpl[i+len("{text}"):]
	}
}

// Text writes the human report.
func WriteText(w io.Writer, ans *Answer, l Lang) {
	a := ans.Assessment
	p := func(zh, en string, args ...any) {
		s := zh
		if l == EN {
			s = en
		}
		fmt.Fprintf(w, s+"\n", args...)
	}
	pick := func(zh, en string) string {
		if l == EN {
			return en
		}
		return zh
	}
	p("yibao 医保连续性评估（测算日 %s）", "yibao continuity assessment (as of %s)", a.AsOf)
	name := pick(a.Region.NameZH, a.Region.NameEN)
	if a.Region.Known {
		p("参保地：%s（%s）", "Region: %s (%s)", ans.RegionName, a.Region.Code)
	} else {
		p("参保地：%s（%s）—— 当地规定未编码，按%s规定测算", "Region: %s (%s) — no local rules encoded; answered with %s rules", ans.RegionName, a.Region.Code, name)
	}
	if m := ans.Missing; m != nil {
		p("\n【缺少的数据】%s", "\n[Missing figures] %s", pick(m[0], m[1]))
	}
	p("\n【逐月状态】", "\n[Timeline]")
	for _, r := range a.Timeline.Ranges {
		n := r.To.Sub(r.From) + 1
		st := statusZH[r.Status.String()][l]
		sch := ""
		if r.Scheme != "" {
			sch = "  " + pick(r.Scheme.ZH(), r.Scheme.EN())
		}
		mark := ""
		if r.From > a.AsOf.Month() {
			mark = pick("  （预计）", "  (projected)")
		}
		p("  %s 至 %s（%d个月）  %s%s%s", "  %s to %s (%d months)  %s%s%s", r.From, r.To, n, st, sch, mark)
	}
	if len(a.Lapses) > 0 {
		p("\n【断缴】", "\n[Lapses]")
		for _, lp := range a.Lapses {
			open := ""
			if lp.Open {
				open = pick("，至今未续", ", still open")
			}
			p("  %s 至 %s，共 %d 个月，原因：%s%s", "  %s to %s, %d months, cause: %s%s", lp.From, lp.To, lp.Months, causeText(lp.Cause, l), open)
		}
	}
	c := a.Counters
	p("\n【缴费年限】累计 %d 个月（%s）；连续 %d 个月；居民医保连续 %d 年", "\n[Years] cumulative %d months (%s); continuous %d months; residents' continuous %d years",
		c.CumulativeMonths, yearsText(c.CumulativeMonths, l), c.ContinuousMonths, c.ResidentContinuousYears)
	if q := a.Quote; q != nil {
		p("\n【补缴测算】（按今天 %s 缴费）", "\n[Back-pay quote] (paying today, %s)", a.AsOf)
		if q.Scheme != yibao.Resident {
			p("  险种：%s", "  Scheme: %s", pick(q.Scheme.ZH(), q.Scheme.EN()))
			p("  可否补缴：%s", "  Back-pay allowed: %s", allowedText(q.Allowed, l))
			if q.Deadline != nil {
				p("  宽限期补缴截止：%s（含）", "  Grace-window deadline: %s (inclusive)", *q.Deadline)
			}
			if q.Expired != nil {
				p("  宽限期补缴截止：已过期（%s），现按超过宽限期的规定处理", "  Grace-window deadline: expired on %s; the beyond-grace rules apply", *q.Expired)
			}
			if q.AmountKnown {
				p("  缴费基数：%s元/月；每月 %s元", "  Base: %s yuan/month; %s yuan per month", q.BaseFen.Grouped(), q.PerMonthFen.Grouped())
				var ms []string
				for _, m := range q.Months {
					ms = append(ms, m.Month.String())
				}
				p("  缴费月份：%s（%d个月）", "  Months: %s (%d)", strings.Join(ms, "、"), len(q.Months))
				p("  合计：%s元", "  Total: %s yuan", q.TotalFen.Grouped())
				if len(q.Alternatives) > 0 {
					p("  当地有 %d 种缴费方式（未选择，按默认“%s”测算）：", "  %d ways to pay here (none chosen; the default \"%s\" is quoted):", len(q.Alternatives), q.Option)
					for _, a := range q.Alternatives {
						p("    %s %s：每月 %s元，合计 %s元", "    %s %s: %s yuan a month, %s in total", pick(a.Name, a.Name+" ("+a.EN+")"), a.Rate, a.MonthlyFen.Grouped(), a.TotalFen.Grouped())
					}
				} else if q.Option != "" {
					p("  缴费方式：%s", "  Way to pay: %s", q.Option)
				}
				if q.LateFeeFen > 0 {
					p("  单位滞纳金：%s元", "  Employer late fee: %s yuan", q.LateFeeFen.Grouped())
				}
			} else {
				p("  金额：当地费率/基数未编码，无法计算", "  Amount: local rate/base not encoded")
			}
			if q.FirstCovered != nil {
				p("  如今天缴费，%s 起享受待遇；断缴期间费用%s", "  If paid today: covered from %s; gap bills %s", q.FirstCoveredDate, pick(map[bool]string{true: "可追溯报销", false: "不予报销"}[q.GapCovered], map[bool]string{true: "covered retroactively", false: "not covered"}[q.GapCovered]))
			} else {
				if q.LatestCovered != nil {
					p("  如今天缴费，享受待遇时间取决于未编码的地方规定，最迟 %s 起", "  If paid today: the start depends on an unencoded local rule; %s at the latest", *q.LatestCovered)
				} else {
					p("  如今天缴费，享受待遇时间取决于未编码的地方规定", "  If paid today: the first covered month depends on an unencoded local rule")
				}
			}
		}
		for _, o := range q.Resident {
			if !o.Allowed {
				p("  居民医保 %d 年度（%s 缴费）：不能参保/不享受当年待遇", "  Residents %d (paid %s): not allowed / no benefits that year", o.Year, o.PaidOn)
				continue
			}
			price := pick("金额未编码", "amount not encoded")
			if o.PriceKnown {
				price = (o.PriceFen + o.RepairFen).Grouped() + pick("元", " yuan")
				if o.Option != "" {
					price += pick("（"+o.Option+"标准，其他人群标准见依据）", " ("+o.Option+" standard; other groups in the reasons)")
				}
			}
			cov := "—"
			if o.CoveredFrom != nil {
				cov = o.CoveredFrom.String()
			}
			p("  居民医保 %d 年度（%s 缴费，修复 %d 年）：%s，等待期 %d 个月，%s 起享受待遇", "  Residents %d (paid %s, %d repair years): %s, wait %d months, covered from %s",
				o.Year, o.PaidOn, o.RepairYears, price, o.WaitingMonths, cov)
		}
	}
	if len(a.Bills) > 0 {
		p("\n【费用能否报销】", "\n[Bills]")
		for _, b := range a.Bills {
			p("  %s  %s元  %s", "  %s  %s yuan  %s", b.Date, b.AmountFen.Grouped(), billText(b, l))
		}
	}
	p("\n【结论与依据】", "\n[Reasons and sources]")
	for i, r := range ans.Reasons {
		p("  %d. %s", "  %d. %s", i+1, pick(r.TextZH, r.TextEN))
		for _, k := range r.Params {
			u := a.Params[k]
			p("     · %s = %s —— %s", "     · %s = %s — %s", pick(u.LabelZH, u.LabelEN), u.Value, citeText(u, l))
		}
	}
	if len(ans.Warnings) > 0 {
		p("\n【提示】", "\n[Warnings]")
		for _, wn := range ans.Warnings {
			p("  ! %s", "  ! %s", pick(wn.TextZH, wn.TextEN))
		}
	}
	p("\n%s", "\n%s", pick(disclaimer[0], disclaimer[1]))
	p("医保服务热线：%s（12333 为人社热线）", "Medical insurance hotline: %s (12333 is the human-resources line)", ans.Hotline)
	p("政策数据：%s", "Policy data: %s", ans.PolicySnapshot)
}

func citeText(u engine.ParamUse, l Lang) string {
	var b strings.Builder
	if c := u.Cite; c != nil {
		b.WriteString("《" + c.Title + "》")
		if c.DocNo != "" {
			b.WriteString(c.DocNo)
		}
	}
	if u.Article != "" {
		b.WriteString(" " + u.Article)
	}
	lv := u.Level.ZH()
	if l == EN {
		lv = string(u.Level)
	}
	fmt.Fprintf(&b, "（%s %s，%s", lv, u.Region, confText(u.Confidence, l))
	if u.Cite != nil && u.Cite.URL != "" {
		b.WriteString("，" + u.Cite.URL)
	}
	b.WriteString("）")
	return b.String()
}

func confText(c yibao.Confidence, l Lang) string {
	zh := map[yibao.Confidence]string{yibao.Official: "官方原文", yibao.Reposted: "官方内容转载", yibao.Aggregator: "汇总网站，未经官方文件核实", yibao.Seed: "种子页面，未经官方文件核实"}
	if l == EN {
		return string(c)
	}
	return zh[c]
}

func causeText(c string, l Lang) string {
	m := map[string][2]string{
		"arrears":      {"欠费", "arrears"},
		"job_ended":    {"离职", "job ended"},
		"stopped":      {"停保", "stopped"},
		"not_enrolled": {"未参保", "not enrolled"},
	}
	if t, ok := m[c]; ok {
		return t[l]
	}
	return c
}

func allowedText(s string, l Lang) string {
	m := map[string][2]string{"yes": {"可以", "yes"}, "no": {"不可以", "no"}, "unknown": {"当地规定未编码，待定", "unknown (local rule not encoded)"}}
	return m[s][l]
}

func billText(b engine.BillResult, l Lang) string {
	switch {
	case b.Covered:
		return [2]string{"可报销", "covered"}[l]
	case b.CoveredIfPaid:
		return [2]string{"现不可报销；按测算今天补缴后可报销", "not covered now; covered if paid today as quoted"}[l]
	}
	return [2]string{"不予报销", "not covered"}[l]
}

func yearsText(months int, l Lang) string {
	if l == EN {
		return fmt.Sprintf("%d years %d months", months/12, months%12)
	}
	return fmt.Sprintf("%d年%d个月", months/12, months%12)
}
