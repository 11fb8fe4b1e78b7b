package engine

import (
	"fmt"

	"yibao"
	"yibao/policy"
	"yibao/region"
)

// ContribRequest asks what a scheme costs in a region under the rules in
// force on a date.
type ContribRequest struct {
	Region  string
	Scheme  yibao.Scheme
	Date    yibao.Date // the day whose rules apply (CLI: --year Y means Y-07-01, residents Y-01-01)
	BaseFen yibao.Fen  // chosen monthly base; 0 = the regional minimum
	Minor   bool       // residents: the minors' and students' standard
	Option  string     // the alternative chosen where the region offers several (e.g. 单建统筹)
	Birth   yibao.Date // the person's birth date, 0 unknown: picks an age group where standards are by age
}

// Alternative is what one named alternative of a rate costs (统账结合 9%,
// 单建统筹 6.3%) — or of a base (西安 2023: 60%基数 / 100%基数), or of a
// published total — shown side by side when the person has not chosen.
type Alternative struct {
	Name       string     `json:"name"`
	EN         string     `json:"en"`
	Rate       yibao.Rate `json:"rate"`
	Default    bool       `json:"default,omitempty"`
	MonthlyFen yibao.Fen  `json:"monthly_fen"`
	YearlyFen  yibao.Fen  `json:"yearly_fen,omitempty"`
	TotalFen   yibao.Fen  `json:"total_fen,omitempty"` // the quote: all months to pay
	BaseFen    yibao.Fen  `json:"base_fen,omitempty"`  // alternatives between bases (西安 2023 60%基数 / 100%基数): the base priced
}

// BaseRange is the contribution base used and where its bounds came from.
type BaseRange struct {
	Fen            yibao.Fen  `json:"base_fen"`
	MinFen         yibao.Fen  `json:"min_fen,omitempty"`
	MaxFen         yibao.Fen  `json:"max_fen,omitempty"`
	Derived        bool       `json:"derived"` // bounds computed from the average wage × the floor/ceiling shares
	AverageWageFen yibao.Fen  `json:"average_wage_fen,omitempty"`
	FloorShare     yibao.Rate `json:"floor_share,omitempty"`
	CeilingShare   yibao.Rate `json:"ceiling_share,omitempty"`
	Clamped        string     `json:"clamped,omitempty"` // "up" to the floor or "down" to the ceiling
	Fixed          bool       `json:"fixed,omitempty"`   // one figure, not a range: a share of an earlier year's wage
	Missing        bool       `json:"missing,omitempty"` // the base is set by a formula whose figure is not encoded: no amount
	FormulaYear    int        `json:"formula_year,omitempty"`
	FormulaShare   yibao.Rate `json:"formula_share,omitempty"`
	NotPublished   bool       `json:"not_published,omitempty"` // the region publishes a total, no base: none is used
}

// ContribLine is one component of a contribution.
type ContribLine struct {
	Item       string     `json:"item"`  // employer, individual, flexible, flexible_total, addon_monthly, addon_yearly, resident_individual, resident_subsidy
	Payer      string     `json:"payer"` // employer, individual, government
	Rate       yibao.Rate `json:"rate,omitempty"`
	MonthlyFen yibao.Fen  `json:"monthly_fen,omitempty"`
	YearlyFen  yibao.Fen  `json:"yearly_fen"`
	// Published is "yearly" on a flexible_total line: the yearly figure is
	// a total the region publishes, with no rate or base; the monthly one is
	// derived (÷ 12 by the rounding rule).
	Published  string           `json:"published,omitempty"`
	Confidence yibao.Confidence `json:"confidence,omitempty"` // of the published figure's source
}

// Contribution is the calculator's answer, with the parameters it used.
type Contribution struct {
	Region               RegionInfo    `json:"region"`
	Scheme               yibao.Scheme  `json:"scheme"`
	Date                 yibao.Date    `json:"date"`
	Known                bool          `json:"known"`                     // every amount could be computed
	Option               string        `json:"option,omitempty"`          // the alternative priced (chosen, or the region's default)
	OptionEN             string        `json:"option_en,omitempty"`       // Option in English where the policy data gives it
	OptionChosen         bool          `json:"option_chosen,omitempty"`   // the person chose it
	Alternatives         []Alternative `json:"alternatives,omitempty"`    // every alternative, side by side, when none was chosen
	PublishedTotal       string        `json:"published_total,omitempty"` // "yearly": priced from a published total (flexible.amount_yearly), no rate or base
	Base                 *BaseRange    `json:"base,omitempty"`
	Rounding             string        `json:"rounding"`
	Lines                []ContribLine `json:"lines"`
	IndividualMonthlyFen yibao.Fen     `json:"individual_monthly_fen"`
	IndividualYearlyFen  yibao.Fen     `json:"individual_yearly_fen"`
	EmployerMonthlyFen   yibao.Fen     `json:"employer_monthly_fen,omitempty"`
	EmployerYearlyFen    yibao.Fen     `json:"employer_yearly_fen,omitempty"`
	Reasons              []Reason      `json:"reasons"`
	Warnings             []Warning     `json:"warnings"`
	Params               []ParamUse    `json:"params"`
}

// Contribution computes what one scheme costs, to the fen, with the region's
// rounding rule, and says where each number came from.
func (e *Engine) Contribution(req ContribRequest) (*Contribution, error) {
	if len(req.Region) != 6 {
		return nil, fmt.Errorf("region %q is not a six-digit code", req.Region)
	}
	chain := e.snap.Chain(req.Region)
	a := &Assessment{AsOf: req.Date, Warnings: []Warning{}}
	a.Region = regionInfo(req.Region, chain)
	c := &ctx{snap: e.snap, chain: chain, asOf: req.Date, a: a, choice: req.Option, birth: req.Birth}
	if !chain.Known {
		c.warn("region_not_encoded", req.Region)
	}
	out := &Contribution{Region: a.Region, Scheme: req.Scheme, Date: req.Date, Lines: []ContribLine{}}
	d := req.Date
	rounding := yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp}
	if rnd := c.get(policy.ContributionRounding, d); rnd.ok {
		rounding = rnd.round()
		c.because("contrib.rounding", Args{Text: rounding.String()}, rnd)
	} else {
		c.warn("assumption", "rounding_half_up_fen")
	}
	out.Rounding = rounding.String()
	switch req.Scheme {
	case yibao.Resident:
		ind := c.get(policy.ResidentIndividual, d)
		if req.Minor {
			if m := c.get(policy.ResidentIndividualMinor, d); m.ok {
				ind = m
			}
		}
		sub := c.get(policy.ResidentSubsidy, d)
		out.Known = ind.ok
		if ind.ok && ind.option != nil {
			// standards by group (北京 老年人 / 学生儿童 / 劳动年龄内居民): priced side by side
			out.Option, out.OptionEN, out.OptionChosen = ind.option.Name, ind.option.EN, ind.chosen
			if ind.byAge > 0 {
				c.because("resident.price_by_age", Args{N: ind.byAge, Text: ind.option.Name, TextEN: ind.option.EN, Date: d}, ind)
			}
			if !ind.chosen {
				for _, o := range ind.options() {
					out.Alternatives = append(out.Alternatives, Alternative{Name: o.Name, EN: o.EN, Default: o.Default, YearlyFen: yibao.Fen(o.Value.Int)})
				}
				c.because("contrib.alternatives", Args{N: len(out.Alternatives), Text: ind.option.Name, TextEN: ind.option.EN}, ind)
			}
		}
		if ind.ok {
			out.Lines = append(out.Lines, ContribLine{Item: "resident_individual", Payer: "individual", YearlyFen: ind.fen()})
			out.IndividualYearlyFen = ind.fen()
			c.because("contrib.resident", Args{Year: d.Month().Year(), Fen: ind.fen()}, ind)
		}
		if sub.ok {
			out.Lines = append(out.Lines, ContribLine{Item: "resident_subsidy", Payer: "government", YearlyFen: sub.fen()})
			c.because("contrib.resident_subsidy", Args{Year: d.Month().Year(), Fen: sub.fen()}, sub)
		}
	case yibao.Employee, yibao.Flexible:
		if req.Scheme == yibao.Flexible {
			if pl, ok := c.publishedAmount(d); ok {
				if err := c.pricePublished(out, req, pl, rounding); err != nil {
					return nil, err
				}
				break
			}
		}
		minP, maxP := policy.EmployeeBaseMin, policy.EmployeeBaseMax
		if req.Scheme == yibao.Flexible {
			minP, maxP = policy.FlexibleBaseMin, policy.FlexibleBaseMax
		}
		br, lo, hi, err := c.baseRangeChecked(minP, maxP, d)
		if err != nil {
			return nil, err
		}
		base := req.BaseFen
		if br.Missing {
			base = 0 // the region fixes the base and its figure is not encoded: no amount, not the one asked
		} else if br.Fixed && br.MinFen > 0 {
			base = br.MinFen // one figure, not a choice (base.formula says how it is set)
		} else if base == 0 {
			if br.MinFen > 0 {
				base = br.MinFen
				c.because("quote.base_min", Args{Fen: base}, lo)
			}
		} else if br.MinFen > 0 && base < br.MinFen {
			c.because("quote.base_clamped_up", Args{Fen: br.MinFen, M: int(base)}, lo)
			base, br.Clamped = br.MinFen, "up"
		} else if br.MaxFen > 0 && base > br.MaxFen {
			c.because("quote.base_clamped_down", Args{Fen: br.MaxFen, M: int(base)}, hi)
			base, br.Clamped = br.MaxFen, "down"
		}
		br.Fen = base
		out.Base = &br
		if req.Scheme == yibao.Flexible {
			fr := c.get(policy.FlexibleRate, d)
			out.Known = fr.ok && base > 0
			if out.Known && fr.option != nil {
				out.Option, out.OptionEN, out.OptionChosen = fr.option.Name, fr.option.EN, fr.chosen
				if !fr.chosen {
					for _, o := range fr.options() {
						m, err := yibao.MulRateChecked(base, yibao.Rate(o.Value.Int), 1, rounding)
						if err != nil {
							return nil, err
						}
						y, err := yibao.MulFenInt(m, 12)
						if err != nil {
							return nil, err
						}
						out.Alternatives = append(out.Alternatives, Alternative{Name: o.Name, EN: o.EN, Rate: yibao.Rate(o.Value.Int), Default: o.Default, MonthlyFen: m, YearlyFen: y})
					}
					c.because("contrib.alternatives", Args{N: len(out.Alternatives), Text: fr.option.Name, TextEN: fr.option.EN}, fr)
				}
			} else if out.Known && lo.option != nil && !br.Derived {
				// named bases (西安 2023: 60% or 100% of the average wage), at the one rate
				out.Option, out.OptionEN, out.OptionChosen = lo.option.Name, lo.option.EN, lo.chosen
				if !lo.chosen {
					alts, err := baseAlternatives(req.BaseFen, lo, hi, fr.rate(), 0, rounding)
					if err != nil {
						return nil, err
					}
					for i := range alts {
						if alts[i].YearlyFen, err = yibao.MulFenInt(alts[i].MonthlyFen, 12); err != nil {
							return nil, fmt.Errorf("contribution: alternative %s: %w", alts[i].Name, err)
						}
					}
					out.Alternatives = alts
					c.because("contrib.alternatives", Args{N: len(out.Alternatives), Text: lo.option.Name, TextEN: lo.option.EN}, lo)
				}
			}
			if out.Known {
				l, err := rateLine("flexible", "individual", base, fr.rate(), rounding)
				if err != nil {
					return nil, err
				}
				out.Lines = append(out.Lines, l)
				c.because("contrib.line", Args{Text: "flexible", Fen: base, Rate: fr.rate(), M: int(l.MonthlyFen)}, fr)
			}
			if err := c.addonLines(out, d); err != nil {
				return nil, err
			}
		} else {
			er := c.get(policy.EmployeeRateEmployer, d)
			ir := c.get(policy.EmployeeRateIndividual, d)
			out.Known = er.ok && ir.ok && base > 0
			if er.ok && base > 0 {
				l, err := rateLine("employer", "employer", base, er.rate(), rounding)
				if err != nil {
					return nil, err
				}
				out.Lines = append(out.Lines, l)
				c.because("contrib.line", Args{Text: "employer", Fen: base, Rate: er.rate(), M: int(l.MonthlyFen)}, er)
			}
			if ir.ok && base > 0 {
				l, err := rateLine("individual", "individual", base, ir.rate(), rounding)
				if err != nil {
					return nil, err
				}
				out.Lines = append(out.Lines, l)
				c.because("contrib.line", Args{Text: "individual", Fen: base, Rate: ir.rate(), M: int(l.MonthlyFen)}, ir)
			}
		}
	default:
		return nil, fmt.Errorf("scheme %q: want employee, flexible or resident", req.Scheme)
	}
	if req.Scheme == yibao.Resident {
		out.IndividualYearlyFen = 0
	}
	for _, l := range out.Lines {
		var err error
		switch l.Payer {
		case "individual":
			out.IndividualMonthlyFen, err = addFen(out.IndividualMonthlyFen, l.MonthlyFen, err)
			out.IndividualYearlyFen, err = addFen(out.IndividualYearlyFen, l.YearlyFen, err)
		case "employer":
			out.EmployerMonthlyFen, err = addFen(out.EmployerMonthlyFen, l.MonthlyFen, err)
			out.EmployerYearlyFen, err = addFen(out.EmployerYearlyFen, l.YearlyFen, err)
		}
		if err != nil {
			return nil, fmt.Errorf("contribution: the %s total: %w", l.Payer, err)
		}
	}
	if !out.Known {
		c.because("contrib.unknown", Args{Scheme: req.Scheme})
	}
	c.checkChoice()
	out.Reasons, out.Warnings, out.Params = a.Reasons, a.Warnings, a.Params
	if out.Reasons == nil {
		out.Reasons = []Reason{}
	}
	return out, nil
}

// addonLines adds the flexible worker's fixed add-ons (大额医疗 etc.), each
// its own line: monthly ones × 12 a year, yearly ones once.
func (c *ctx) addonLines(out *Contribution, d yibao.Date) error {
	if ad := c.get(policy.FlexibleAddonMonthly, d); ad.ok && ad.fen() > 0 {
		y, err := yibao.MulFenInt(ad.fen(), 12)
		if err != nil {
			return fmt.Errorf("contribution: %s a month of add-on × 12 months: %w", ad.fen().Grouped(), err)
		}
		out.Lines = append(out.Lines, ContribLine{Item: "addon_monthly", Payer: "individual", MonthlyFen: ad.fen(), YearlyFen: y})
		c.because("contrib.addon_monthly", Args{Fen: ad.fen()}, ad)
	}
	if ay := c.get(policy.FlexibleAddonYearly, d); ay.ok && ay.fen() > 0 {
		out.Lines = append(out.Lines, ContribLine{Item: "addon_yearly", Payer: "individual", YearlyFen: ay.fen()})
		c.because("contrib.addon_yearly", Args{Fen: ay.fen()}, ay)
	}
	return nil
}

// levelRank orders levels from the most specific (a city) to national.
func levelRank(l yibao.Level) int {
	switch l {
	case yibao.City:
		return 0
	case yibao.Province:
		return 1
	}
	return 2
}

// publishedAmount reads the flexible worker's contribution as the region
// publishes it — one total per year (flexible.amount_yearly), with no rate
// or base (淮安 5,365.32 元/年) — when the calculator prices with it: a total
// is in force on d and no flexible.rate is encoded at a level at least as
// specific (a city's total is used under a province's rate; a city's rate
// wins over a province's total). Nothing is read, and no warning raised,
// when it does not apply.
func (c *ctx) publishedAmount(d yibao.Date) (look, bool) {
	e := c.peek(policy.FlexibleAmountYearly, d)
	if e == nil || e.Null {
		return look{}, false
	}
	if r := c.peek(policy.FlexibleRate, d); r != nil && !r.Null && levelRank(r.Level) <= levelRank(e.Level) {
		return look{}, false
	}
	l := c.get(policy.FlexibleAmountYearly, d)
	return l, l.ok
}

// perMonth is a month of a published yearly total: the total ÷ 12 rounded
// by the region's rule (sources print the year only).
func perMonth(yearly yibao.Fen, rounding yibao.Rounding) yibao.Fen {
	return divRound(yearly, 12, rounding)
}

// divRound is v ÷ n rounded by r (v ≥ 0, n > 0): exact integer arithmetic,
// half up, up or down to a multiple of r's unit.
func divRound(v yibao.Fen, n int64, r yibao.Rounding) yibao.Fen {
	unit := int64(r.Unit)
	if unit <= 0 {
		unit = 1
	}
	den := n * unit
	q, rem := int64(v)/den, int64(v)%den
	switch {
	case r.Mode == yibao.HalfUp && 2*rem >= den, r.Mode == yibao.Up && rem != 0:
		q++
	}
	return yibao.Fen(q * unit)
}

// pricePublished prices a flexible worker from the region's published total:
// one flexible_total line (marked as published, with its source's
// confidence), the named alternatives side by side when the total has
// options and none was chosen, and the add-ons as their own lines. No base
// is read or used: a base the person gave does not change the amount.
func (c *ctx) pricePublished(out *Contribution, req ContribRequest, pl look, rounding yibao.Rounding) error {
	d := req.Date
	y := pl.fen()
	m := perMonth(y, rounding)
	out.Known, out.PublishedTotal = true, "yearly"
	out.Base = &BaseRange{NotPublished: true}
	conf := c.a.Params[pl.ref].Confidence()
	if pl.option != nil {
		out.Option, out.OptionEN, out.OptionChosen = pl.option.Name, pl.option.EN, pl.chosen
		if !pl.chosen {
			for _, o := range pl.options() {
				oy := yibao.Fen(o.Value.Int)
				out.Alternatives = append(out.Alternatives, Alternative{Name: o.Name, EN: o.EN, Default: o.Default, MonthlyFen: perMonth(oy, rounding), YearlyFen: oy})
			}
			c.because("contrib.alternatives", Args{N: len(out.Alternatives), Text: pl.option.Name, TextEN: pl.option.EN}, pl)
		}
	}
	out.Lines = append(out.Lines, ContribLine{Item: "flexible_total", Payer: "individual", MonthlyFen: m, YearlyFen: y, Published: "yearly", Confidence: conf})
	c.because("contrib.published_yearly", Args{Fen: y, M: int(m), Year: d.Month().Year(), Text: rounding.String()}, pl)
	if req.BaseFen > 0 {
		c.because("contrib.published_base_ignored", Args{Fen: req.BaseFen})
	}
	return c.addonLines(out, d)
}

// baseAlternatives prices each named base a region offers (西安 2023: 60%基数
// 4,618 or 100%基数 7,697) at rate, plus a fixed monthly add-on: the base
// asked for (0 = the option's floor) clamped to the option's own bounds —
// flexible.base.max may carry the same names, else its one value bounds
// every option. Each alternative's MonthlyFen is base × rate rounded by
// the region's rule, plus the add-on.
func baseAlternatives(asked yibao.Fen, lo, hi look, rate yibao.Rate, addon yibao.Fen, rounding yibao.Rounding) ([]Alternative, error) {
	var out []Alternative
	for _, o := range lo.options() {
		b, hiFen := yibao.Fen(o.Value.Int), hi.fen()
		for _, h := range hi.options() {
			if h.Name == o.Name {
				hiFen = yibao.Fen(h.Value.Int)
			}
		}
		if asked > b {
			b = asked
		}
		if hiFen > 0 && b > hiFen {
			b = hiFen
		}
		m, err := yibao.MulRateChecked(b, rate, 1, rounding)
		if err == nil {
			m, err = yibao.AddFen(m, addon)
		}
		if err != nil {
			return nil, fmt.Errorf("alternative %s: base %s yuan × %s: %w", o.Name, b.Grouped(), rate, err)
		}
		out = append(out, Alternative{Name: o.Name, EN: o.EN, Rate: rate, Default: o.Default, MonthlyFen: m, BaseFen: b})
	}
	return out, nil
}

// rateLine is one percentage line of a contribution: base × rate a month,
// rounded by the region's rule, and 12 times that a year.
func rateLine(item, payer string, base yibao.Fen, rate yibao.Rate, rounding yibao.Rounding) (ContribLine, error) {
	m, err := yibao.MulRateChecked(base, rate, 1, rounding)
	if err != nil {
		return ContribLine{}, fmt.Errorf("contribution: %s: base %s yuan × %s: %w", item, base.Grouped(), rate, err)
	}
	y, err := yibao.MulFenInt(m, 12)
	if err != nil {
		return ContribLine{}, fmt.Errorf("contribution: %s: %s yuan a month × 12 months: %w", item, m.Grouped(), err)
	}
	return ContribLine{Item: item, Payer: payer, Rate: rate, MonthlyFen: m, YearlyFen: y}, nil
}

// addFen adds b to a unless an earlier step already failed.
func addFen(a, b yibao.Fen, err error) (yibao.Fen, error) {
	if err != nil {
		return a, err
	}
	return yibao.AddFen(a, b)
}

// baseRange is baseRangeChecked for callers without an error path: a
// derived bound beyond a Fen saturates (yibao.MulRate). It cannot happen
// with policy data: ParseYuan keeps a wage below 10^15 fen and ParseRate a
// share below 1000%, so the product stays below 10^16 fen.
func (c *ctx) baseRange(minP, maxP policy.Param, d yibao.Date) (BaseRange, look, look) {
	br, l, h, _ := c.baseRangeChecked(minP, maxP, d)
	return br, l, h
}

// baseRangeChecked returns the base bounds in force on d: the region's own
// min/max if encoded, otherwise derived from the average wage and the
// floor/ceiling shares (each rounded to the yuan, half up), with the
// derivation recorded. The error wraps yibao.ErrOverflow when a derived
// bound is beyond a Fen (the bound is then saturated).
func (c *ctx) baseRangeChecked(minP, maxP policy.Param, d yibao.Date) (BaseRange, look, look, error) {
	var br BaseRange
	lo, hi := c.peek(minP, d), c.peek(maxP, d)
	if lo != nil || hi != nil {
		l, h := c.get(minP, d), c.get(maxP, d)
		br.MinFen, br.MaxFen = l.fen(), h.fen()
		if l.formula != nil {
			c.baseFormula(l, h, &br)
		}
		return br, l, h, nil
	}
	if c.peek(policy.AverageWageMonthly, d) == nil {
		l, h := c.get(minP, d), c.get(maxP, d) // records not_encoded
		return br, l, h, nil
	}
	avg := c.get(policy.AverageWageMonthly, d)
	fl := c.get(policy.BaseFloorShare, d)
	ce := c.get(policy.BaseCeilingShare, d)
	yuan := yibao.Rounding{Unit: yibao.ToYuan, Mode: yibao.HalfUp}
	br.Derived, br.AverageWageFen = true, avg.fen()
	var err error
	derive := func(share yibao.Rate) yibao.Fen {
		v, e := yibao.MulRateChecked(avg.fen(), share, 1, yuan)
		if e != nil && err == nil {
			err = fmt.Errorf("base bounds: average wage %s yuan × %s: %w", avg.fen().Grouped(), share, e)
		}
		return v
	}
	if fl.ok {
		br.FloorShare, br.MinFen = fl.rate(), derive(fl.rate())
	}
	if ce.ok {
		br.CeilingShare, br.MaxFen = ce.rate(), derive(ce.rate())
	}
	c.because("base.derived", Args{Fen: avg.fen(), M: int(br.MinFen), N: int(br.MaxFen)}, avg, fl, ce)
	return br, fl, ce, err
}

// baseFormula explains a base defined as a share of an earlier year's wage
// (泸州: 80% of the provincial average two years earlier), or says which
// year's wage is missing.
func (c *ctx) baseFormula(l, h look, br *BaseRange) {
	f := l.formula
	br.Fixed = h.formula != nil && br.MinFen == br.MaxFen
	br.FormulaYear, br.FormulaShare = l.of.year, f.Share
	if !l.ok {
		br.Missing = true
		c.because("base.formula_missing", Args{Year: l.of.year, Rate: f.Share, Text: f.Of.String()}, l)
		return
	}
	br.AverageWageFen = l.of.fen
	c.because("base.formula", Args{Year: l.of.year, Rate: f.Share, Fen: l.of.fen, M: int(l.fen()), N: boolInt(f.PerMonth)}, l, look{ref: l.of.ref})
}

// peek finds the entry in force without recording a read.
func (c *ctx) peek(p policy.Param, d yibao.Date) *policy.Entry { return c.chain.Find(p, d) }

func regionInfo(code string, chain *policy.Chain) RegionInfo {
	ri := RegionInfo{Code: code, Known: chain.Known, Encoded: "000000", NameZH: "全国", NameEN: "national"}
	if r := chain.Region(); r != nil {
		ri.Encoded, ri.NameZH, ri.NameEN = r.Code, r.NameZH, r.NameEN
	}
	// The telephone area code (12393 with it) is the pooling region's own,
	// from the one area-code table (region/data/areacodes.tsv), whether or
	// not the region has policy data: a province file's code is its
	// capital's and would be wrong for 黔南 (0854) or 商洛 (0914).
	if len(code) == 6 {
		ri.AreaCode = region.AreaCode(policy.CityOf(code))
	}
	return ri
}

// RetireeMinimum is the region's minimum cumulative years for retiree
// benefits (社会保险法 art. 27 leaves the number to local rules).
type RetireeMinimum struct {
	Years      int        `json:"years,omitempty"`
	LocalYears int        `json:"local_years,omitempty"`
	TopUp      string     `json:"top_up,omitempty"`
	Known      bool       `json:"known"`
	Params     []ParamUse `json:"params"`
	Warnings   []Warning  `json:"warnings"`
}

// RetireeMin reads the minimum years for sex in region on date d.
func (e *Engine) RetireeMin(region string, d yibao.Date, sex yibao.Sex) RetireeMinimum {
	chain := e.snap.Chain(region)
	a := &Assessment{AsOf: d, Warnings: []Warning{}}
	c := &ctx{snap: e.snap, chain: chain, asOf: d, a: a}
	p := policy.RetireeMinYearsMale
	if sex == yibao.Female {
		p = policy.RetireeMinYearsFemale
	}
	var out RetireeMinimum
	if y := c.get(p, d); y.ok {
		out.Years, out.Known = y.int(), true
	}
	if l := c.get(policy.RetireeMinLocalYears, d); l.ok {
		out.LocalYears = l.int()
	}
	if t := c.get(policy.RetireeTopUp, d); t.ok {
		out.TopUp = t.str()
	}
	out.Params, out.Warnings = a.Params, a.Warnings
	return out
}

// TopUp prices making up a shortfall of cumulative months at retirement
// where the region's rule gives a base and a rate. 粤医保规〔2022〕6号 第十条:
// 以退休后待遇享受地上上年度全口径城镇单位就业人员月平均工资为缴费基数，
// 按退休后待遇享受地职工医保用人单位费率缴纳至规定的缴费年限 — monthly or
// as a lump sum. The text gives no arithmetic; the quote is base × rate per
// month (rounded by the region's rule) and base × rate × months for the lump
// sum (rounded once), at the figures in force on the date asked about: the
// real base is the wage of two years before the payment, so a payment years
// from now will differ.
type TopUp struct {
	Months     int        `json:"months"`
	Mode       string     `json:"mode,omitempty"` // retiree.top_up
	Known      bool       `json:"known"`          // the cost could be computed
	BaseFen    yibao.Fen  `json:"base_fen,omitempty"`
	Rate       yibao.Rate `json:"rate,omitempty"`
	MonthlyFen yibao.Fen  `json:"monthly_fen,omitempty"`
	TotalFen   yibao.Fen  `json:"total_fen,omitempty"`
	Rounding   string     `json:"rounding,omitempty"`
	Missing    []string   `json:"missing,omitempty"`  // parameters not encoded for this region
	Overflow   bool       `json:"overflow,omitempty"` // the cost is beyond the range of an amount (yibao.ErrOverflow): not computed
	Params     []ParamUse `json:"params"`
	Warnings   []Warning  `json:"warnings"`
}

// TopUpCost quotes making up months of cumulative years in region under the
// rules in force on d. It returns nil when the region's rule is not to pay
// (or not encoded): there is nothing to price. A cost beyond the range of an
// amount (checked arithmetic) is not computed: Known is false, Overflow true.
func (e *Engine) TopUpCost(region string, d yibao.Date, months int) *TopUp {
	if months <= 0 {
		return nil
	}
	chain := e.snap.Chain(region)
	a := &Assessment{AsOf: d, Warnings: []Warning{}}
	c := &ctx{snap: e.snap, chain: chain, asOf: d, a: a}
	if c.peek(policy.RetireeTopUp, d) == nil {
		return nil
	}
	mode := c.get(policy.RetireeTopUp, d)
	if !mode.ok || (mode.str() != "lump_sum" && mode.str() != "monthly_or_lump_sum") {
		return nil
	}
	t := &TopUp{Months: months, Mode: mode.str()}
	base, rate := c.get(policy.RetireeTopUpBase, d), c.get(policy.RetireeTopUpRate, d)
	if !base.ok {
		t.Missing = append(t.Missing, policy.RetireeTopUpBase.String())
	}
	if !rate.ok {
		t.Missing = append(t.Missing, policy.RetireeTopUpRate.String())
	}
	if t.Known = base.ok && rate.ok; t.Known {
		rounding := yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp}
		if rnd := c.get(policy.ContributionRounding, d); rnd.ok {
			rounding = rnd.round()
		} else {
			c.warn("assumption", "rounding_half_up_fen")
		}
		t.BaseFen, t.Rate, t.Rounding = base.fen(), rate.rate(), rounding.String()
		var errM, errT error
		t.MonthlyFen, errM = yibao.MulRateChecked(t.BaseFen, t.Rate, 1, rounding)
		t.TotalFen, errT = yibao.MulRateChecked(t.BaseFen, t.Rate, int64(months), rounding)
		if errM != nil || errT != nil {
			t.Known, t.Overflow, t.MonthlyFen, t.TotalFen = false, true, 0, 0
		}
	}
	t.Params, t.Warnings = a.Params, a.Warnings
	return t
}
