package report

import (
	"strconv"
	"sync"
	"unicode/utf8"

	"yibao"
	"yibao/engine"
	"yibao/policy"
	"yibao/region"
)

// Encoder writes assessment answers as compact JSON without reflection or
// an intermediate Answer: the bytes encoding/json writes for Build(a, snap)
// with SetEscapeHTML(false) (TestEncoderMatchesEncodingJSON checks it on
// every case). The server answers with it because encoding/json costs more
// than the assessment. Parameter records, which depend only on their policy
// entry, and warning records, which depend only on the warning and the
// snapshot, are encoded once and reused. An Encoder is safe for concurrent use.
type Encoder struct {
	params   sync.Map         // *policy.Entry → []byte
	warnings sync.Map         // engine.Warning → []byte, rendered from one snapshot
	snap     *policy.Snapshot // whose texts the warnings cache holds
	once     sync.Once
}

// AppendAssessment appends the JSON of Build(as, snap) without building it:
// the texts are rendered straight into the output.
func (e *Encoder) AppendAssessment(b []byte, as *engine.Assessment, snap *policy.Snapshot) []byte {
	a := &Answer{Format: assessmentFormat, EngineVersion: Version, PolicySnapshot: snap.Hash,
		RegionName: region.Default().FullName(as.Region.Code), Disclaimer: disclaimer, Hotline: Hotline(as)}
	var scratch [1024]byte
	b = append(b, `{"format":`...)
	b = appendString(b, a.Format)
	b = append(b, `,"engine_version":`...)
	b = appendString(b, a.EngineVersion)
	b = append(b, `,"policy_snapshot":`...)
	b = appendString(b, a.PolicySnapshot)

	r := &as.Region
	b = append(b, `,"region":{"code":`...)
	b = appendString(b, r.Code)
	b = append(b, `,"encoded":`...)
	b = appendString(b, r.Encoded)
	b = append(b, `,"name_zh":`...)
	b = appendString(b, r.NameZH)
	b = append(b, `,"name_en":`...)
	b = appendString(b, r.NameEN)
	if r.AreaCode != "" {
		b = append(b, `,"area_code":`...)
		b = appendString(b, r.AreaCode)
	}
	b = append(b, `,"known":`...)
	b = strconv.AppendBool(b, r.Known)
	b = append(b, `},"as_of":`...)
	b = appendDate(b, as.AsOf)

	b = append(b, `,"timeline":{"from":`...)
	b = appendMonth(b, as.Timeline.From)
	b = append(b, `,"to":`...)
	b = appendMonth(b, as.Timeline.To)
	b = append(b, `,"ranges":`...)
	if as.Timeline.Ranges == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, g := range as.Timeline.Ranges {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"from":`...)
			b = appendMonth(b, g.From)
			b = append(b, `,"to":`...)
			b = appendMonth(b, g.To)
			b = append(b, `,"status":`...)
			b = appendString(b, g.Status.String())
			if g.Scheme != "" {
				b = append(b, `,"scheme":`...)
				b = appendString(b, string(g.Scheme))
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, '}')

	b = append(b, `,"lapses":`...)
	if as.Lapses == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, l := range as.Lapses {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"from":`...)
			b = appendMonth(b, l.From)
			b = append(b, `,"to":`...)
			b = appendMonth(b, l.To)
			b = append(b, `,"months":`...)
			b = strconv.AppendInt(b, int64(l.Months), 10)
			b = append(b, `,"cause":`...)
			b = appendString(b, l.Cause)
			b = append(b, `,"scheme":`...)
			b = appendString(b, string(l.Scheme))
			b = append(b, `,"open":`...)
			b = strconv.AppendBool(b, l.Open)
			b = append(b, `,"back_paid":`...)
			b = strconv.AppendBool(b, l.BackPaid)
			b = append(b, `,"within_grace":`...)
			b = strconv.AppendBool(b, l.WithinGrace)
			b = append(b, '}')
		}
		b = append(b, ']')
	}

	b = append(b, `,"counters":{"cumulative_months":`...)
	b = strconv.AppendInt(b, int64(as.Counters.CumulativeMonths), 10)
	b = append(b, `,"continuous_months":`...)
	b = strconv.AppendInt(b, int64(as.Counters.ContinuousMonths), 10)
	b = append(b, `,"resident_continuous_years":`...)
	b = strconv.AppendInt(b, int64(as.Counters.ResidentContinuousYears), 10)
	b = append(b, '}')

	if q := as.Quote; q != nil {
		b = append(b, `,"quote":`...)
		b = appendQuote(b, q)
	}
	if len(as.Resident) > 0 {
		b = append(b, `,"resident_years":`...)
		b = appendResidentYears(b, as.Resident)
	}
	if len(as.Bills) > 0 {
		b = append(b, `,"bills":[`...)
		for i, r := range as.Bills {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"date":`...)
			b = appendDate(b, r.Date)
			b = append(b, `,"amount_fen":`...)
			b = strconv.AppendInt(b, int64(r.AmountFen), 10)
			if r.Note != "" {
				b = append(b, `,"note":`...)
				b = appendString(b, r.Note)
			}
			b = append(b, `,"status":`...)
			b = appendString(b, r.Status.String())
			b = append(b, `,"covered":`...)
			b = strconv.AppendBool(b, r.Covered)
			b = append(b, `,"covered_if_paid":`...)
			b = strconv.AppendBool(b, r.CoveredIfPaid)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if in := as.Incentive; in != nil {
		b = appendIncentive(b, in)
	}

	b = append(b, `,"params":`...)
	if as.Params == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range as.Params {
			if i > 0 {
				b = append(b, ',')
			}
			b = e.appendParam(b, &as.Params[i])
		}
		b = append(b, ']')
	}

	b = append(b, `,"region_name":`...)
	b = appendString(b, a.RegionName)
	// Build makes slices for reasons and warnings even when there are none
	b = append(b, `,"reasons":[`...)
	for i := range as.Reasons {
		if i > 0 {
			b = append(b, ',')
		}
		r := &as.Reasons[i]
		b = appendReason(b, r)
		b = append(b, `,"text_zh":"`...)
		b = appendText(b, r, ZH, true)
		b = append(b, `","text_en":"`...)
		b = appendText(b, r, EN, true)
		b = append(b, `"}`...)
	}
	b = append(b, `],"warnings":[`...)
	cache := e.cacheFor(snap)
	for i := range as.Warnings {
		if i > 0 {
			b = append(b, ',')
		}
		w := &as.Warnings[i]
		// a warning's JSON depends only on the warning and the snapshot,
		// and the same few recur in every answer
		if cache {
			if v, ok := e.warnings.Load(*w); ok {
				b = append(b, v.([]byte)...)
				continue
			}
		}
		start := len(b)
		b = append(b, `{"code":`...)
		b = appendString(b, w.Code)
		if w.Param != "" {
			b = append(b, `,"param":`...)
			b = appendString(b, w.Param)
		}
		if w.Text != "" {
			b = append(b, `,"text":`...)
			b = appendString(b, w.Text)
		}
		if w.Date != 0 {
			b = append(b, `,"date":`...)
			b = appendDate(b, w.Date)
		}
		b = append(b, `,"text_zh":`...)
		b = appendString(b, AppendWarningText(scratch[:0], w, snap, ZH))
		b = append(b, `,"text_en":`...)
		b = appendString(b, AppendWarningText(scratch[:0], w, snap, EN))
		b = append(b, '}')
		if cache {
			e.warnings.Store(*w, append([]byte(nil), b[start:]...))
		}
	}
	b = append(b, ']')
	b = append(b, `,"disclaimer":[`...)
	b = appendString(b, a.Disclaimer[0])
	b = append(b, ',')
	b = appendString(b, a.Disclaimer[1])
	b = append(b, `],"hotline":`...)
	b = appendString(b, a.Hotline)
	if m := MissingText(as, a.RegionName, a.Hotline); m != nil {
		b = append(b, `,"missing_text":[`...)
		b = appendString(b, m[0])
		b = append(b, ',')
		b = appendString(b, m[1])
		b = append(b, ']')
	}
	if t := CountersNote(as); t != nil {
		b = append(b, `,"counters_text":[`...)
		b = appendString(b, t[0])
		b = append(b, ',')
		b = appendString(b, t[1])
		b = append(b, ']')
	}
	return append(b, '}')
}

func appendQuote(b []byte, q *engine.Quote) []byte {
	b = append(b, `{"scheme":`...)
	b = appendString(b, string(q.Scheme))
	b = append(b, `,"allowed":`...)
	b = appendString(b, q.Allowed)
	if q.Deadline != nil {
		b = append(b, `,"deadline":`...)
		b = appendDate(b, *q.Deadline)
	}
	if q.Expired != nil {
		b = append(b, `,"deadline_expired":`...)
		b = appendDate(b, *q.Expired)
	}
	b = append(b, `,"within_grace":`...)
	b = strconv.AppendBool(b, q.WithinGrace)
	b = append(b, `,"months":`...)
	if q.Months == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, m := range q.Months {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"month":`...)
			b = appendMonth(b, m.Month)
			b = append(b, `,"amount_fen":`...)
			b = strconv.AppendInt(b, int64(m.AmountFen), 10)
			if m.LateFeeFen != 0 {
				b = append(b, `,"late_fee_fen":`...)
				b = strconv.AppendInt(b, int64(m.LateFeeFen), 10)
			}
			if m.LateDays != 0 {
				b = append(b, `,"late_days":`...)
				b = strconv.AppendInt(b, int64(m.LateDays), 10)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, `,"base_fen":`...)
	b = strconv.AppendInt(b, int64(q.BaseFen), 10)
	b = append(b, `,"per_month_fen":`...)
	b = strconv.AppendInt(b, int64(q.PerMonthFen), 10)
	b = append(b, `,"total_fen":`...)
	b = strconv.AppendInt(b, int64(q.TotalFen), 10)
	b = append(b, `,"late_fee_fen":`...)
	b = strconv.AppendInt(b, int64(q.LateFeeFen), 10)
	b = append(b, `,"amount_known":`...)
	b = strconv.AppendBool(b, q.AmountKnown)
	if q.FirstCovered != nil {
		b = append(b, `,"first_covered_month":`...)
		b = appendMonth(b, *q.FirstCovered)
	}
	if q.FirstCoveredDate != nil {
		b = append(b, `,"first_covered_date":`...)
		b = appendDate(b, *q.FirstCoveredDate)
	}
	if q.LatestCovered != nil {
		b = append(b, `,"latest_covered_date":`...)
		b = appendDate(b, *q.LatestCovered)
	}
	b = append(b, `,"gap_covered":`...)
	b = strconv.AppendBool(b, q.GapCovered)
	b = append(b, `,"waiting_months":`...)
	b = strconv.AppendInt(b, int64(q.WaitingMonths), 10)
	if len(q.Resident) > 0 {
		b = append(b, `,"resident_options":`...)
		b = appendResidentYears(b, q.Resident)
	}
	if p := q.Payment; p != nil {
		b = append(b, `,"payment":{"scheme":`...)
		b = appendString(b, string(p.Scheme))
		b = append(b, `,"from":`...)
		b = appendMonth(b, p.From)
		b = append(b, `,"to":`...)
		b = appendMonth(b, p.To)
		if p.BaseFen != 0 {
			b = append(b, `,"base_fen":`...)
			b = strconv.AppendInt(b, int64(p.BaseFen), 10)
		}
		if p.On != 0 {
			b = append(b, `,"paid_on":`...)
			b = appendDate(b, p.On)
		}
		if p.Through != 0 {
			b = append(b, `,"through":`...)
			b = appendMonth(b, p.Through)
		}
		b = append(b, '}')
	}
	if q.Option != "" {
		b = append(b, `,"option":`...)
		b = appendString(b, q.Option)
	}
	if q.OptionEN != "" {
		b = append(b, `,"option_en":`...)
		b = appendString(b, q.OptionEN)
	}
	if q.OptionChosen {
		b = append(b, `,"option_chosen":true`...)
	}
	if len(q.Alternatives) > 0 {
		b = append(b, `,"alternatives":[`...)
		for i, a := range q.Alternatives {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, a.Name)
			b = append(b, `,"en":`...)
			b = appendString(b, a.EN)
			b = append(b, `,"rate":`...)
			b = strconv.AppendInt(b, int64(a.Rate), 10)
			if a.Default {
				b = append(b, `,"default":true`...)
			}
			b = append(b, `,"monthly_fen":`...)
			b = strconv.AppendInt(b, int64(a.MonthlyFen), 10)
			if a.YearlyFen != 0 {
				b = append(b, `,"yearly_fen":`...)
				b = strconv.AppendInt(b, int64(a.YearlyFen), 10)
			}
			if a.TotalFen != 0 {
				b = append(b, `,"total_fen":`...)
				b = strconv.AppendInt(b, int64(a.TotalFen), 10)
			}
			if a.BaseFen != 0 {
				b = append(b, `,"base_fen":`...)
				b = strconv.AppendInt(b, int64(a.BaseFen), 10)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if q.Published != "" {
		b = append(b, `,"published_total":`...)
		b = appendString(b, q.Published)
	}
	return append(b, '}')
}

func appendResidentYears(b []byte, ys []engine.ResidentYear) []byte {
	b = append(b, '[')
	for i, y := range ys {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"year":`...)
		b = strconv.AppendInt(b, int64(y.Year), 10)
		b = append(b, `,"paid_on":`...)
		b = appendDate(b, y.PaidOn)
		b = append(b, `,"window":`...)
		b = appendString(b, string(y.Window))
		b = append(b, `,"allowed":`...)
		b = strconv.AppendBool(b, y.Allowed)
		b = append(b, `,"lapse_years":`...)
		b = strconv.AppendInt(b, int64(y.LapseYears), 10)
		b = append(b, `,"fixed_months":`...)
		b = strconv.AppendInt(b, int64(y.FixedMonths), 10)
		if y.FixedDays != 0 {
			b = append(b, `,"fixed_days":`...)
			b = strconv.AppendInt(b, int64(y.FixedDays), 10)
		}
		b = append(b, `,"variable_months":`...)
		b = strconv.AppendInt(b, int64(y.VariableMonths), 10)
		b = append(b, `,"repair_years":`...)
		b = strconv.AppendInt(b, int64(y.RepairYears), 10)
		b = append(b, `,"repair_fen":`...)
		b = strconv.AppendInt(b, int64(y.RepairFen), 10)
		b = append(b, `,"waiting_months":`...)
		b = strconv.AppendInt(b, int64(y.WaitingMonths), 10)
		if y.CoveredFrom != nil {
			b = append(b, `,"covered_from":`...)
			b = appendDate(b, *y.CoveredFrom)
		}
		b = append(b, `,"price_fen":`...)
		b = strconv.AppendInt(b, int64(y.PriceFen), 10)
		b = append(b, `,"price_known":`...)
		b = strconv.AppendBool(b, y.PriceKnown)
		if y.Exempt != "" {
			b = append(b, `,"exempt":`...)
			b = appendString(b, y.Exempt)
		}
		if y.Option != "" {
			b = append(b, `,"option":`...)
			b = appendString(b, y.Option)
		}
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendIncentive(b []byte, in *engine.Incentive) []byte {
	b = append(b, `,"incentive":{"year":`...)
	b = strconv.AppendInt(b, int64(in.Year), 10)
	b = append(b, `,"counted_from":`...)
	b = strconv.AppendInt(b, int64(in.CountedFrom), 10)
	b = append(b, `,"enrolled":`...)
	b = strconv.AppendBool(b, in.Enrolled)
	b = append(b, `,"continuous_years":`...)
	b = strconv.AppendInt(b, int64(in.ContinuousYears), 10)
	b = append(b, `,"continuous_steps":`...)
	b = strconv.AppendInt(b, int64(in.ContinuousSteps), 10)
	b = append(b, `,"continuous_raise_fen":`...)
	b = strconv.AppendInt(b, int64(in.ContinuousRaiseFen), 10)
	b = append(b, `,"zero_claim_steps":`...)
	b = strconv.AppendInt(b, int64(in.ZeroClaimSteps), 10)
	b = append(b, `,"zero_claim_raise_fen":`...)
	b = strconv.AppendInt(b, int64(in.ZeroClaimRaiseFen), 10)
	if in.KeptFen != 0 {
		b = append(b, `,"kept_fen":`...)
		b = strconv.AppendInt(b, int64(in.KeptFen), 10)
	}
	b = append(b, `,"total_fen":`...)
	b = strconv.AppendInt(b, int64(in.TotalFen), 10)
	if in.CapFen != 0 {
		b = append(b, `,"cap_fen":`...)
		b = strconv.AppendInt(b, int64(in.CapFen), 10)
	}
	if in.Capped {
		b = append(b, `,"capped":true`...)
	}
	if in.NextStepYear != 0 {
		b = append(b, `,"next_step_year":`...)
		b = strconv.AppendInt(b, int64(in.NextStepYear), 10)
	}
	return append(b, '}')
}

func appendReason(b []byte, r *engine.Reason) []byte {
	b = append(b, `{"code":`...)
	b = appendString(b, r.Code)
	a := &r.Args
	b = append(b, `,"args":{`...)
	first := true
	key := func(k string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, k...)
	}
	if a.From != 0 {
		key(`"from":`)
		b = appendMonth(b, a.From)
	}
	if a.To != 0 {
		key(`"to":`)
		b = appendMonth(b, a.To)
	}
	if a.Month != 0 {
		key(`"month":`)
		b = appendMonth(b, a.Month)
	}
	if a.Date != 0 {
		key(`"date":`)
		b = appendDate(b, a.Date)
	}
	if a.N != 0 {
		key(`"n":`)
		b = strconv.AppendInt(b, int64(a.N), 10)
	}
	if a.M != 0 {
		key(`"m":`)
		b = strconv.AppendInt(b, int64(a.M), 10)
	}
	if a.Fen != 0 {
		key(`"fen":`)
		b = strconv.AppendInt(b, int64(a.Fen), 10)
	}
	if a.Scheme != "" {
		key(`"scheme":`)
		b = appendString(b, string(a.Scheme))
	}
	if a.Text != "" {
		key(`"text":`)
		b = appendString(b, a.Text)
	}
	if a.TextEN != "" {
		key(`"text_en":`)
		b = appendString(b, a.TextEN)
	}
	if a.Year != 0 {
		key(`"year":`)
		b = strconv.AppendInt(b, int64(a.Year), 10)
	}
	if a.Rate != 0 {
		key(`"rate":`)
		b = strconv.AppendInt(b, int64(a.Rate), 10)
	}
	b = append(b, '}')
	if len(r.Params) > 0 {
		b = append(b, `,"params":[`...)
		for i, p := range r.Params {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, int64(p), 10)
		}
		b = append(b, ']')
	}
	return b // the caller adds the texts and the closing brace
}

// cacheFor reports whether texts rendered from snap may be cached: the
// Encoder keeps those of the first snapshot it renders with.
func (e *Encoder) cacheFor(snap *policy.Snapshot) bool {
	e.once.Do(func() { e.snap = snap })
	return e.snap == snap
}

// appendParam appends a parameter record; the bytes depend only on its
// policy entry and are kept per entry.
func (e *Encoder) appendParam(b []byte, p *engine.ParamUse) []byte {
	ent := p.Entry()
	if ent != nil {
		if v, ok := e.params.Load(ent); ok {
			return append(b, v.([]byte)...)
		}
	}
	start := len(b)
	b = append(b, `{"id":`...)
	b = appendString(b, p.ID())
	b = append(b, `,"value":`...)
	b = appendString(b, p.Value())
	b = append(b, `,"unit":`...)
	b = appendString(b, string(p.Unit()))
	b = append(b, `,"since":`...)
	b = appendDate(b, p.Since())
	b = append(b, `,"level":`...)
	b = appendString(b, string(p.Level()))
	b = append(b, `,"region":`...)
	b = appendString(b, p.Region())
	if p.Article() != "" {
		b = append(b, `,"article":`...)
		b = appendString(b, p.Article())
	}
	b = append(b, `,"confidence":`...)
	b = appendString(b, string(p.Confidence()))
	b = append(b, `,"cite":`...)
	b = appendCitation(b, p.Cite())
	b = append(b, `,"label_zh":`...)
	b = appendString(b, p.LabelZH())
	b = append(b, `,"label_en":`...)
	b = appendString(b, p.LabelEN())
	if opts := p.Options(); len(opts) > 0 {
		b = append(b, `,"options":[`...)
		for i, o := range opts {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"name":`...)
			b = appendString(b, o.Name)
			b = append(b, `,"en":`...)
			b = appendString(b, o.EN)
			b = append(b, `,"value":`...)
			b = appendString(b, o.Value)
			if o.Default {
				b = append(b, `,"default":true`...)
			}
			if o.Ages != "" {
				b = append(b, `,"ages":`...)
				b = appendString(b, o.Ages)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = append(b, '}')
	if ent != nil {
		e.params.Store(ent, append([]byte(nil), b[start:]...))
	}
	return b
}

func appendCitation(b []byte, c *yibao.Citation) []byte {
	if c == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"id":`...)
	b = appendString(b, c.ID)
	b = append(b, `,"title":`...)
	b = appendString(b, c.Title)
	opt := func(k, v string) {
		if v != "" {
			b = append(b, k...)
			b = appendString(b, v)
		}
	}
	opt(`,"doc_no":`, c.DocNo)
	opt(`,"issuer":`, c.Issuer)
	opt(`,"article":`, c.Article)
	opt(`,"url":`, c.URL)
	opt(`,"published":`, c.Published)
	b = append(b, `,"confidence":`...)
	b = appendString(b, string(c.Confidence))
	opt(`,"verified_on":`, c.VerifiedOn)
	opt(`,"seen_via":`, c.SeenVia)
	return append(b, '}')
}

func appendMonth(b []byte, m yibao.Month) []byte {
	b = append(b, '"')
	b, _ = m.AppendText(b)
	return append(b, '"')
}

func appendDate(b []byte, d yibao.Date) []byte {
	b = append(b, '"')
	b, _ = d.AppendText(b)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// jsonMessages are the templates escaped once for the inside of a JSON
// string (placeholders are plain ASCII and stay as written).
var jsonMessages = func() map[string][2]string {
	m := make(map[string][2]string, len(catalogue))
	for k, t := range catalogue {
		m[k] = [2]string{string(appendInner(nil, t[0])), string(appendInner(nil, t[1]))}
	}
	return m
}()

// appendInner appends s escaped as the inside of a JSON string.
func appendInner(b []byte, s string) []byte {
	start := len(b)
	b = appendString(b, s)
	copy(b[start:], b[start+1:len(b)-1]) // drop the quotes
	return b[:len(b)-2]
}

// appendString appends s as a JSON string exactly as encoding/json does
// with HTML escaping off: \" \\ \b \f \n \r \t, other control bytes as
// \u00XX, invalid UTF-8 as \ufffd, U+2028 and U+2029 escaped.
func appendString[S string | []byte](b []byte, s S) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		// the common case, a valid three-byte sequence (CJK text) that is not
		// U+2028 or U+2029, is copied as is
		if c >= 0xE1 && c <= 0xEF && c != 0xED && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && !(c == 0xE2 && s[i+1] == 0x80 && s[i+2]&0xFE == 0xA8) {
			i += 3
			continue
		}
		r, size := decodeRune(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func decodeRune[S string | []byte](s S) (rune, int) {
	var tmp [utf8.UTFMax]byte
	n := copy(tmp[:], s)
	return utf8.DecodeRune(tmp[:n])
}
