package engine

import (
	"bytes"
	"encoding/json"
	"strconv"

	"yibao"
	"yibao/policy"
)

// Status is the benefit status of one month.
type Status uint8

// Month statuses.
const (
	NotEnrolled         Status = iota // 未参保
	Covered                           // 正常享受待遇
	CoveredRetro                      // 补缴后追溯享受
	Suspended                         // 欠费暂停，仍可补缴
	Waiting                           // 待遇等待期
	NotCovered                        // 已缴费或欠费但不享受待遇（断缴期/超期）
	Unknown                           // 取决于未编码的地方规定
	ResidentNotEnrolled               // 居民医保：未参加当年度
	ResidentCanEnrol                  // 居民医保：当年度仍可参保缴费
	ResidentCannotEnrol               // 居民医保：当年度已不能参保
)

var statusNames = [...]string{"not_enrolled", "covered", "covered_retro", "suspended", "waiting", "not_covered", "unknown",
	"resident_not_enrolled", "resident_can_enrol", "resident_cannot_enrol"}

// String returns the stable code of s.
func (s Status) String() string { return statusNames[s] }

// MarshalText implements encoding.TextMarshaler.
func (s Status) MarshalText() ([]byte, error) { return []byte(statusNames[s]), nil }

// IsCovered reports whether the fund pays in a month with status s.
func (s Status) IsCovered() bool { return s == Covered || s == CoveredRetro }

// Assessment is the engine's answer.
type Assessment struct {
	Region    RegionInfo     `json:"region"`
	AsOf      yibao.Date     `json:"as_of"`
	Timeline  Timeline       `json:"timeline"`
	Lapses    []Lapse        `json:"lapses"`
	Counters  Counters       `json:"counters"`
	Quote     *Quote         `json:"quote,omitempty"`
	Resident  []ResidentYear `json:"resident_years,omitempty"`
	Bills     []BillResult   `json:"bills,omitempty"`
	Incentive *Incentive     `json:"incentive,omitempty"`
	Reasons   []Reason       `json:"reasons"`
	Warnings  []Warning      `json:"warnings"`
	Params    []ParamUse     `json:"params"`

	starts []dayStart // months whose cover starts after their 1st
	ret    [2]int     // Reasons[ret[0]:ret[1]] explain the last return to cover
}

// CoverFrom returns the first covered day of month m: its 1st, or a later
// day where a rule counts days (a days waiting period, a resident year).
func (a *Assessment) CoverFrom(m yibao.Month) yibao.Date {
	for _, s := range a.starts {
		if s.m == m {
			return s.d
		}
	}
	for _, y := range a.Resident {
		if y.CoveredFrom != nil && y.CoveredFrom.Month() == m {
			return *y.CoveredFrom
		}
	}
	return m.First()
}

// CoveredOn reports whether the fund pays on day d.
func (a *Assessment) CoveredOn(d yibao.Date) bool {
	return a.Timeline.At(d.Month()).IsCovered() && d >= a.CoverFrom(d.Month())
}

// FirstCoveredFrom returns the first covered day on or after month m, if any.
func (a *Assessment) FirstCoveredFrom(m yibao.Month) (yibao.Date, bool) {
	for x := max(m, a.Timeline.From); x <= a.Timeline.To; x++ {
		if a.Timeline.At(x).IsCovered() {
			return a.CoverFrom(x), true
		}
	}
	return 0, false
}

// RegionInfo says which region answered and how specifically.
type RegionInfo struct {
	Code     string `json:"code"`
	Encoded  string `json:"encoded"` // the most specific region with data: a code, or "000000" (national only)
	NameZH   string `json:"name_zh"`
	NameEN   string `json:"name_en"`
	AreaCode string `json:"area_code,omitempty"`
	Known    bool   `json:"known"` // the pooling region itself has data
}

// Timeline is the status of every month from From to To.
type Timeline struct {
	From   yibao.Month    `json:"from"`
	To     yibao.Month    `json:"to"`
	Status []Status       `json:"-"`
	Scheme []yibao.Scheme `json:"-"`
	Ranges []Range        `json:"ranges"`
}

// Range is a run of months with one status and scheme.
type Range struct {
	From   yibao.Month  `json:"from"`
	To     yibao.Month  `json:"to"`
	Status Status       `json:"status"`
	Scheme yibao.Scheme `json:"scheme,omitempty"`
}

// At returns the status of month m (NotEnrolled outside the timeline).
func (t *Timeline) At(m yibao.Month) Status {
	if m < t.From || m > t.To {
		return NotEnrolled
	}
	return t.Status[m-t.From]
}

// Lapse is a run of months without insurance after a first enrolment.
type Lapse struct {
	From        yibao.Month  `json:"from"`
	To          yibao.Month  `json:"to"`
	Months      int          `json:"months"`
	Cause       string       `json:"cause"`  // arrears, job_ended, stopped, not_enrolled
	Scheme      yibao.Scheme `json:"scheme"` // scheme before the lapse
	Open        bool         `json:"open"`   // still running on the as-of date
	BackPaid    bool         `json:"back_paid"`
	WithinGrace bool         `json:"within_grace"`
}

// Counters are the person's contribution counts.
type Counters struct {
	CumulativeMonths        int `json:"cumulative_months"`         // 累计: employee-kind months paid (incl. back-paid)
	ContinuousMonths        int `json:"continuous_months"`         // 连续: insured months in the run ending at the as-of month
	ResidentContinuousYears int `json:"resident_continuous_years"` // 居民医保连续参保年数 ending with the latest paid year
}

// Quote is the back-pay answer for an open lapse, if paid on the as-of date.
type Quote struct {
	Scheme           yibao.Scheme   `json:"scheme"`
	Allowed          string         `json:"allowed"`                    // yes, no, unknown
	Deadline         *yibao.Date    `json:"deadline,omitempty"`         // last day to back-pay within the grace window, while it is open
	Expired          *yibao.Date    `json:"deadline_expired,omitempty"` // the grace window's last day, when it has passed: the beyond-grace rules apply
	WithinGrace      bool           `json:"within_grace"`
	Months           []QuoteMonth   `json:"months"`
	BaseFen          yibao.Fen      `json:"base_fen"`
	PerMonthFen      yibao.Fen      `json:"per_month_fen"`
	TotalFen         yibao.Fen      `json:"total_fen"`
	LateFeeFen       yibao.Fen      `json:"late_fee_fen"`
	AmountKnown      bool           `json:"amount_known"`
	FirstCovered     *yibao.Month   `json:"first_covered_month,omitempty"`
	FirstCoveredDate *yibao.Date    `json:"first_covered_date,omitempty"`
	LatestCovered    *yibao.Date    `json:"latest_covered_date,omitempty"` // when the start depends on an unencoded rule: cover starts by this day at the latest (the national cap)
	GapCovered       bool           `json:"gap_covered"`                   // lapse months covered retroactively
	WaitingMonths    int            `json:"waiting_months"`
	Resident         []ResidentYear `json:"resident_options,omitempty"`
	Payment          *Payment       `json:"payment,omitempty"`         // what "paid today" means: the simulation behind FirstCovered and GapCovered
	Option           string         `json:"option,omitempty"`          // the alternative priced (chosen, or the region's default)
	OptionEN         string         `json:"option_en,omitempty"`       // Option in English where the policy data gives it
	OptionChosen     bool           `json:"option_chosen,omitempty"`   // the person chose it
	Alternatives     []Alternative  `json:"alternatives,omitempty"`    // every alternative side by side, when none was chosen
	Published        string         `json:"published_total,omitempty"` // "yearly": priced from the region's published yearly total (no rate or base)
}

// QuoteMonth is one month to pay.
type QuoteMonth struct {
	Month      yibao.Month `json:"month"`
	AmountFen  yibao.Fen   `json:"amount_fen"`
	LateFeeFen yibao.Fen   `json:"late_fee_fen,omitempty"`
	LateDays   int         `json:"late_days,omitempty"`
}

// ResidentYear is the answer for one residents' coverage year.
type ResidentYear struct {
	Year           int          `json:"year"`
	PaidOn         yibao.Date   `json:"paid_on"`
	Window         yibao.Window `json:"window"`
	Allowed        bool         `json:"allowed"`
	LapseYears     int          `json:"lapse_years"`
	FixedMonths    int          `json:"fixed_months"`
	FixedDays      int          `json:"fixed_days,omitempty"`
	VariableMonths int          `json:"variable_months"`
	RepairYears    int          `json:"repair_years"`
	RepairFen      yibao.Fen    `json:"repair_fen"`
	WaitingMonths  int          `json:"waiting_months"`
	CoveredFrom    *yibao.Date  `json:"covered_from,omitempty"`
	PriceFen       yibao.Fen    `json:"price_fen"`
	PriceKnown     bool         `json:"price_known"`
	Exempt         string       `json:"exempt,omitempty"` // newborn, special_group, switch
	Option         string       `json:"option,omitempty"` // the group whose standard is priced, where the region sets one per group (the chosen one, or the default)
}

// BillResult says whether a bill is covered now and if the quote is paid.
type BillResult struct {
	yibao.Bill
	Status        Status `json:"status"`
	Covered       bool   `json:"covered"`
	CoveredIfPaid bool   `json:"covered_if_paid"`
}

// ParamUse is one parameter value the answer used: the policy entry and
// the parameter's definition, read through methods (an answer holds one
// per parameter it read, so it keeps two pointers, not copies of every
// field). It encodes as the object docs/answer-format.md describes.
type ParamUse struct {
	def   *policy.Def
	entry *policy.Entry
}

// ID is the parameter's identifier (e.g. flexible.rate).
func (u *ParamUse) ID() string { return u.def.ID }

// Value is the value as written in the policy data.
func (u *ParamUse) Value() string { return u.entry.Raw }

// Unit is the parameter's unit.
func (u *ParamUse) Unit() policy.Unit { return u.def.Unit }

// Since is the day the value took effect.
func (u *ParamUse) Since() yibao.Date { return u.entry.Since }

// Level is the level (city, province, national) that supplied the value.
func (u *ParamUse) Level() yibao.Level { return u.entry.Level }

// Region is the code of the region file that supplied the value.
func (u *ParamUse) Region() string { return u.entry.Region }

// Article is the article or sentence of the source the value rests on.
func (u *ParamUse) Article() string { return u.entry.Article }

// Confidence is how directly the value's source was seen.
func (u *ParamUse) Confidence() yibao.Confidence { return u.entry.Conf }

// Cite is the value's source.
func (u *ParamUse) Cite() *yibao.Citation { return u.entry.Source }

// LabelZH and LabelEN name the parameter.
func (u *ParamUse) LabelZH() string { return u.def.LabelZH }

// LabelEN names the parameter in English.
func (u *ParamUse) LabelEN() string { return u.def.LabelEN }

// Options are the alternatives a person chooses between (nil when the value
// has none), built on each call.
func (u *ParamUse) Options() []ParamOption {
	if len(u.entry.Value.Options) == 0 {
		return nil
	}
	out := make([]ParamOption, 0, len(u.entry.Value.Options))
	for _, o := range u.entry.Value.Options {
		po := ParamOption{Name: o.Name, EN: o.EN, Value: o.Raw, Default: o.Default}
		if o.HasAges {
			po.Ages = strconv.Itoa(o.AgeFrom) + "-"
			if o.AgeTo > 0 {
				po.Ages += strconv.Itoa(o.AgeTo)
			}
		}
		out = append(out, po)
	}
	return out
}

// paramJSON is ParamUse's encoded form.
type paramJSON struct {
	ID         string           `json:"id"`
	Value      string           `json:"value"`
	Unit       policy.Unit      `json:"unit"`
	Since      yibao.Date       `json:"since"`
	Level      yibao.Level      `json:"level"`
	Region     string           `json:"region"`
	Article    string           `json:"article,omitempty"`
	Confidence yibao.Confidence `json:"confidence"`
	Cite       *yibao.Citation  `json:"cite"`
	LabelZH    string           `json:"label_zh"`
	LabelEN    string           `json:"label_en"`
	Options    []ParamOption    `json:"options,omitempty"`
}

// MarshalJSON encodes the parameter with its value, source and labels.
// It does not escape HTML: the calling encoder does if it is set to
// (encoding/json compacts a marshaler's output with its own setting).
func (u ParamUse) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err := enc.Encode(paramJSON{ID: u.ID(), Value: u.Value(), Unit: u.Unit(), Since: u.Since(), Level: u.Level(), Region: u.Region(),
		Article: u.Article(), Confidence: u.Confidence(), Cite: u.Cite(), LabelZH: u.LabelZH(), LabelEN: u.LabelEN(), Options: u.Options()})
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), err
}

// Formula returns the formula the value was written as (nil for a plain
// value), so a reader can word it in another language.
func (u *ParamUse) Formula() *policy.Formula {
	if u.entry == nil {
		return nil
	}
	return u.entry.Value.Formula
}

// ParamOption is one alternative of a parameter's value.
type ParamOption struct {
	Name    string `json:"name"`
	EN      string `json:"en"`
	Value   string `json:"value"`
	Default bool   `json:"default,omitempty"`
	Ages    string `json:"ages,omitempty"` // the age group in whole years, e.g. 18-59 or 70-
}

// Reason is one conclusion, with the facts needed to render its text.
type Reason struct {
	Code   string `json:"code"`
	Args   Args   `json:"args"`
	Params []int  `json:"params,omitempty"` // indexes into Assessment.Params
}

// Args are the values a reason's template may use.
type Args struct {
	From   yibao.Month  `json:"from,omitzero"`
	To     yibao.Month  `json:"to,omitzero"`
	Month  yibao.Month  `json:"month,omitzero"`
	Date   yibao.Date   `json:"date,omitzero"`
	N      int          `json:"n,omitzero"`
	M      int          `json:"m,omitzero"`
	Fen    yibao.Fen    `json:"fen,omitzero"`
	Scheme yibao.Scheme `json:"scheme,omitzero"`
	Text   string       `json:"text,omitzero"`
	// TextEN is Text in English where the policy data gives it (a way to
	// pay or an age group named by the region: 统账结合 → with a personal
	// account), so an English sentence can gloss the Chinese name.
	TextEN string     `json:"text_en,omitzero"`
	Year   int        `json:"year,omitzero"`
	Rate   yibao.Rate `json:"rate,omitzero"`
}

// Warning is a caveat on the answer.
type Warning struct {
	Code  string     `json:"code"` // local_not_encoded, not_encoded, review_overdue, low_confidence, assumption
	Param string     `json:"param,omitempty"`
	Text  string     `json:"text,omitempty"`
	Date  yibao.Date `json:"date,omitzero"`
}

// Entry is the policy entry the value came from.
func (p *ParamUse) Entry() *policy.Entry { return p.entry }
