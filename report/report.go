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
	RegionName string `json:"region_name"` // GB/T 2260 full name, e.g. 四川省泸州市
	// RegionNameEN is the name English text shows (RegionNameEN).
	RegionNameEN string           `json:"-"`
	snap         *policy.Snapshot // for the English parameter values
	Reasons      []Reason         `json:"reasons"`
	Warnings     []Warning        `json:"warnings"`
	Disclaimer   [2]string        `json:"disclaimer"`
	Hotline      string           `json:"hotline"`
	Missing      *[2]string       `json:"missing_text,omitempty"` // one sentence [zh, en]: which headline figures are not encoded and what to ask
	// CountersText [zh, en] says what 累计 and 连续 mean and why the
	// continuous count is short of the cumulative one
	CountersText *[2]string `json:"counters_text,omitempty"`
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
var disclaimer = catalogue["disclaimer"]

// Build renders every text of a.
func Build(a *engine.Assessment, snap *policy.Snapshot) *Answer {
	ans := &Answer{Format: assessmentFormat, EngineVersion: Version, PolicySnapshot: snap.Hash, Assessment: a, Disclaimer: disclaimer, Hotline: Hotline(a)}
	ans.RegionName = region.Default().FullName(a.Region.Code)
	ans.RegionNameEN = RegionNameEN(a.Region.Code, snap)
	ans.snap = snap
	ans.Reasons = make([]Reason, len(a.Reasons))
	for i, r := range a.Reasons {
		ans.Reasons[i] = Reason{Reason: r, TextZH: Text(r, ZH), TextEN: Text(r, EN)}
	}
	ans.Warnings = make([]Warning, len(a.Warnings))
	for i, w := range a.Warnings {
		ans.Warnings[i] = Warning{Warning: w, TextZH: WarningText(w, snap, ZH), TextEN: WarningText(w, snap, EN)}
	}
	ans.Missing = MissingText(a, ans.RegionName, ans.Hotline)
	ans.CountersText = CountersNote(a)
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
func Known(code string) bool { _, ok := catalogue[code]; return ok }

// glossed is a name the region gives (a way to pay, an age group), with
// its English gloss in English where the policy data has one.
func glossed(name, en string, l Lang) string {
	if l == EN && en != "" {
		return name + " (" + en + ")"
	}
	return name
}

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
	t, ok := catalogue[r.Code]
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
		case "span": // one month, or "from 至 to"
			b, _ = a.From.AppendText(b)
			if a.To != a.From {
				b = append(b, Msg("txt.span_sep", l)...)
				b, _ = a.To.AppendText(b)
			}
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
				b = lit(b, Msg("scheme."+string(a.Scheme), l))
			}
		case "text":
			if s, ok := argText(a.Text, l); ok {
				b = lit(b, s)
			} else {
				b = lit(b, a.Text)
				if l == EN && a.TextEN != "" {
					// the region's name for it, glossed: 统账结合 (with a personal account)
					b = lit(b, " ("+a.TextEN+")")
				}
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
			arg[4], date = Msg("txt.review_by", l), w.Date
		}
	} else if w.Code == "assumption" || w.Code == "not_encoded" {
		key = append(append(key, '.'), w.Text...)
	} else if w.Code == "region_not_encoded" {
		arg[0] = w.Text
		if n := region.Default().FullName(w.Text); n != "" {
			arg[0], arg[1], arg[2], arg[3] = n, "（", w.Text, "）"
			if l == EN { // the name stays Chinese: the registry has no English or pinyin names
				arg[1], arg[3] = " (", ")"
			}
		}
	} else {
		arg[0] = w.Text
	}
	t, ok := catalogue[string(key)] // no allocation for the lookup
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

// WriteText writes the human report; every line's words come from the
// catalogue (txt.*).
func WriteText(w io.Writer, ans *Answer, l Lang) {
	a := ans.Assessment
	p := func(key string, args ...any) { fmt.Fprintln(w, Sprintf(l, key, args...)) }
	pick := func(zh, en string) string {
		if l == EN {
			return en
		}
		return zh
	}
	p("txt.title", a.AsOf)
	name := pick(a.Region.NameZH, a.Region.NameEN)
	if a.Region.Known {
		p("txt.region", regionName(ans.RegionName, ans.RegionNameEN, l), a.Region.Code)
	} else {
		p("txt.region_unknown", regionName(ans.RegionName, ans.RegionNameEN, l), a.Region.Code, name)
	}
	if m := ans.Missing; m != nil {
		p("txt.missing_head", m[l])
	}
	p("txt.timeline")
	for _, r := range a.Timeline.Ranges {
		n := r.To.Sub(r.From) + 1
		sch := ""
		if r.Scheme != "" {
			sch = "  " + Msg("scheme."+string(r.Scheme), l)
		}
		mark := ""
		if r.From > a.AsOf.Month() {
			mark = Msg("txt.projected", l)
		}
		p("txt.range", spanText(r.From, r.To, l), n, StatusText(r.Status.String(), l), sch, mark)
	}
	if len(a.Lapses) > 0 {
		p("txt.lapses")
		for _, lp := range a.Lapses {
			open := ""
			if lp.Open {
				open = Msg("txt.lapse_open", l)
			}
			p("txt.lapse", spanText(lp.From, lp.To, l), lp.Months, causeText(lp.Cause, l), open)
		}
	}
	c := a.Counters
	p("txt.years", c.CumulativeMonths, Sprintf(l, "txt.years_ym", c.CumulativeMonths/12, c.CumulativeMonths%12), c.ContinuousMonths, c.ResidentContinuousYears)
	if t := CountersNote(a); t != nil {
		p("txt.years_note", t[l])
	}
	if q := a.Quote; q != nil {
		p("txt.quote", a.AsOf)
		if q.Scheme != yibao.Resident {
			p("txt.q.scheme", Msg("scheme."+string(q.Scheme), l))
			p("txt.q.allowed", allowedText(q.Allowed, l))
			if q.Deadline != nil {
				p("txt.q.deadline", *q.Deadline)
			}
			if q.Expired != nil {
				p("txt.q.expired", *q.Expired)
			}
			if q.AmountKnown {
				if q.Published != "" {
					p("txt.q.published", q.PerMonthFen.Grouped())
				} else {
					p("txt.q.base", q.BaseFen.Grouped(), q.PerMonthFen.Grouped())
				}
				var ms []string
				for _, m := range q.Months {
					ms = append(ms, m.Month.String())
				}
				p("txt.q.months", strings.Join(ms, Msg("txt.list", l)), len(q.Months))
				p("txt.q.total", q.TotalFen.Grouped())
				if len(q.Alternatives) > 0 {
					p("txt.q.ways", len(q.Alternatives), glossed(q.Option, q.OptionEN, l))
					for _, a := range q.Alternatives {
						rate := a.Rate.String()
						switch {
						case a.BaseFen > 0:
							rate = Sprintf(l, "txt.q.way_base", a.BaseFen.Grouped(), rate)
						case a.Rate == 0:
							rate = Msg("txt.q.way_published", l)
						}
						p("txt.q.way", pick(a.Name, a.Name+" ("+a.EN+")"), rate, a.MonthlyFen.Grouped(), a.TotalFen.Grouped())
					}
				} else if q.Option != "" {
					p("txt.q.way_chosen", glossed(q.Option, q.OptionEN, l))
				}
				if q.LateFeeFen > 0 {
					p("txt.q.late_fee", q.LateFeeFen.Grouped())
				}
			} else {
				p("txt.q.amount_unknown")
			}
			if q.FirstCovered != nil {
				gap := Msg("txt.q.gap_no", l)
				if q.GapCovered {
					gap = Msg("txt.q.gap_yes", l)
				}
				p("txt.q.cover", q.FirstCoveredDate, gap)
			} else if q.LatestCovered != nil {
				p("txt.q.cover_latest", *q.LatestCovered)
			} else {
				p("txt.q.cover_unknown")
			}
		}
		for _, o := range q.Resident {
			if !o.Allowed {
				p("txt.q.res_no", o.Year, o.PaidOn)
				continue
			}
			price := Msg("txt.q.res_price_unknown", l)
			if o.PriceKnown {
				price = Sprintf(l, "txt.q.res_price", (o.PriceFen + o.RepairFen).Grouped())
				if o.Option != "" {
					price += Sprintf(l, "txt.q.res_option", o.Option)
				}
			}
			cov := "—"
			if o.CoveredFrom != nil {
				cov = o.CoveredFrom.String()
			}
			p("txt.q.res", o.Year, o.PaidOn, o.RepairYears, price, o.WaitingMonths, cov)
		}
	}
	if len(a.Bills) > 0 {
		p("txt.bills")
		for _, b := range a.Bills {
			p("txt.bill", b.Date, b.AmountFen.Grouped(), billText(b, l))
		}
	}
	p("txt.reasons")
	for i, r := range ans.Reasons {
		p("txt.reason", i+1, pick(r.TextZH, r.TextEN))
		for _, k := range r.Params {
			u := a.Params[k]
			p("txt.param", pick(u.LabelZH(), u.LabelEN()), ParamValueText(&u, ans.snap, l), citeText(u, l))
		}
	}
	if len(ans.Warnings) > 0 {
		p("txt.warnings")
		for _, wn := range ans.Warnings {
			p("txt.warning", pick(wn.TextZH, wn.TextEN))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, disclaimer[l])
	p("txt.hotline", ans.Hotline)
	p("txt.snapshot", ans.PolicySnapshot)
}

// spanText is a run of months: one month, or "from 至 to".
func spanText(from, to yibao.Month, l Lang) string {
	if from == to {
		return from.String()
	}
	return Sprintf(l, "txt.span", from, to)
}

// CountersNote says what the cumulative and continuous counts mean, and
// why the continuous count is short of the cumulative one when it is (an
// open lapse, or the last lapse that restarted it). Nil when there are no
// paid months.
func CountersNote(a *engine.Assessment) *[2]string {
	c := a.Counters
	if c.CumulativeMonths == 0 {
		return nil
	}
	out := catalogue["txt.cont.meaning"]
	if c.ContinuousMonths < c.CumulativeMonths {
		var last *engine.Lapse
		for i := range a.Lapses {
			if lp := &a.Lapses[i]; lp.Scheme != yibao.Resident && lp.From <= a.AsOf.Month() {
				last = lp
			}
		}
		if last != nil {
			out[EN] += " "
			for l := ZH; l <= EN; l++ {
				if last.Open || c.ContinuousMonths == 0 {
					out[l] += Sprintf(l, "txt.cont.open", last.From)
				} else {
					out[l] += Sprintf(l, "txt.cont.since", spanText(last.From, last.To, l), last.To.Add(1))
				}
			}
		}
	}
	return &out
}

func citeText(u engine.ParamUse, l Lang) string {
	var b strings.Builder
	if c := u.Cite(); c != nil {
		b.WriteString("《" + c.Title + "》")
		if c.DocNo != "" {
			b.WriteString(c.DocNo)
		}
	}
	if u.Article() != "" {
		b.WriteString(" " + u.Article())
	}
	url := ""
	if u.Cite() != nil && u.Cite().URL != "" {
		url = Sprintf(l, "txt.cite.url", u.Cite().URL)
	}
	b.WriteString(Sprintf(l, "txt.cite.where", LevelText(string(u.Level()), u.Region(), l), u.Region(), Msg("conf."+string(u.Confidence()), l), url))
	return b.String()
}

// LevelText names the level that supplied a value: 市级, 省级, 国家 — and
// 直辖市 for a province-level city such as 上海 (310000).
func LevelText(level, code string, l Lang) string {
	if level == string(yibao.Province) && region.Default().IsMunicipality(code) {
		level = "municipality"
	}
	return Msg("level."+level, l)
}

func causeText(c string, l Lang) string {
	if t, ok := catalogue["cause."+c]; ok {
		return t[l]
	}
	return c
}

func allowedText(s string, l Lang) string { return Msg("allowed."+s, l) }

func billText(b engine.BillResult, l Lang) string {
	switch {
	case b.Covered:
		return Msg("bill.status.covered", l)
	case b.CoveredIfPaid:
		return Msg("bill.status.covered_if_paid", l)
	}
	return Msg("bill.status.not_covered", l)
}
