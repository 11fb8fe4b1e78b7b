// Package advisor answers "怎么补划算": for one person on one date it lists
// the options open in their region and scheme — back-pay as a flexible worker
// at the minimum, a chosen and the maximum base; restart without back-pay;
// residents' insurance now or in the next window; a new employer; waiting;
// repairing a residents' waiting period — and ranks them by a stated rule.
//
// Every option is a variant of the user's case assessed by the engine (the
// same rules, citations and warnings); this package only builds the variants,
// reads their timelines and adds up the engine's prices. It is pure: no
// clock, no I/O.
package advisor

import (
	"cmp"
	"slices"
	"strconv"

	"yibao"
	"yibao/engine"
)

// Option kinds.
const (
	BackpayFlexible    = "backpay_flexible"     // back-pay the gap as a flexible worker, then pay monthly
	RestartFlexible    = "restart_flexible"     // pay as a flexible worker from now, without back-pay
	ResidentNow        = "resident_now"         // residents' insurance for this year, paid today
	ResidentNextWindow = "resident_next_window" // residents' insurance for next year, in its window
	Employer           = "employer"             // a new employer pays from a month
	Wait               = "wait"                 // do nothing until a month, then pay as a flexible worker
	ResidentRepair     = "resident_repair"      // pay extra lapse years to shorten the variable waiting period
)

// Ranking rules.
const (
	RuleCoverThenCost = "earliest_cover_then_cost" // fewest uncovered months in the window, then lowest cost
	RuleCareDate      = "care_date_then_cost"      // covering the planned care date first, then the default rule
	RuleExpectedCost  = "expected_cost"            // cost plus uncovered months × expected monthly spending
)

// Option is one way forward, computed by the engine.
type Option struct {
	Kind               string          `json:"kind"`
	Variant            string          `json:"variant,omitempty"` // min, chosen, max, last; a month; repair years
	Allowed            string          `json:"allowed"`           // yes, no, unknown
	BaseFen            yibao.Fen       `json:"base_fen,omitempty"`
	Way                string          `json:"way,omitempty"` // the region's named way to pay priced (统账结合 / 单建统筹), where it offers several
	NowFen             yibao.Fen       `json:"now_fen"`       // paid today: back-pay and this month, or a year's premium
	MonthlyFen         yibao.Fen       `json:"monthly_fen"`   // then per month (flexible, employee share)
	CostFen            yibao.Fen       `json:"cost_fen"`      // to the person over the window
	CostKnown          bool            `json:"cost_known"`
	PerCoveredMonthFen yibao.Fen       `json:"per_covered_month_fen,omitempty"`
	FirstCovered       *yibao.Month    `json:"first_covered_month,omitempty"`
	FirstCoveredDate   *yibao.Date     `json:"first_covered_date,omitempty"`
	CoveredMonths      int             `json:"covered_months"`
	UncoveredMonths    int             `json:"uncovered_months"`
	UnknownMonths      int             `json:"unknown_months,omitempty"` // months that depend on unencoded local rules
	GapCovered         bool            `json:"gap_covered"`
	Bills              []bool          `json:"bills_covered,omitempty"` // per bill in the case
	CareCovered        *bool           `json:"care_covered,omitempty"`
	RiskFen            yibao.Fen       `json:"risk_fen,omitempty"` // uncovered months × expected monthly spending
	AddedMonths        int             `json:"added_employee_months"`
	ContinuityKept     bool            `json:"continuity_kept"` // the continuous count survives (gap back-paid within the grace window, or no gap)
	IncentiveFen       *yibao.Fen      `json:"incentive_fen,omitempty"`
	Deadline           *yibao.Date     `json:"deadline,omitempty"`         // the option closes after this day (still open on the as-of date)
	Expired            *yibao.Date     `json:"deadline_expired,omitempty"` // the grace deadline that has passed: back-pay now follows the beyond-grace rules
	Payment            *engine.Payment `json:"payment,omitempty"`          // the payment this option simulates (engine.Simulate)
	Rank               int             `json:"rank"`
	Warnings           []string        `json:"warnings,omitempty"` // engine warning codes of this variant not in the base answer
}

// Window is the span the options are compared over.
type Window struct {
	From yibao.Month `json:"from"`
	To   yibao.Month `json:"to"`
}

// Plan is the advisor's answer.
type Plan struct {
	Base       *engine.Assessment `json:"assessment"`
	Window     Window             `json:"window"`
	Rule       string             `json:"rule"`
	Options    []Option           `json:"options"`
	Agency     bool               `json:"agency_warning"` // 代缴/挂靠 asked about: warn
	Retirement *Retirement        `json:"retirement,omitempty"`
}

// Advisor builds plans with one engine.
type Advisor struct{ Eng *engine.Engine }

const defaultHorizon = 12

// Plan enumerates, prices and ranks the options for case c.
func (ad *Advisor) Plan(c *yibao.Case) (*Plan, error) {
	base, err := ad.Eng.Assess(c)
	if err != nil {
		return nil, err
	}
	prefs := yibao.PlanRequest{}
	if c.Plan != nil {
		prefs = *c.Plan
	}
	h := prefs.HorizonMonths
	if h <= 0 {
		h = defaultHorizon
	}
	h = min(h, 36)
	A := c.AsOf.Month()
	w := Window{From: A, To: A.Add(h - 1)}
	if q := base.Quote; q != nil && len(q.Months) > 0 && q.Scheme != yibao.Resident {
		w.From = min(w.From, q.Months[0].Month)
	}
	for _, l := range base.Lapses {
		if l.Open {
			w.From = min(w.From, l.From)
		}
	}
	p := &Plan{Base: base, Window: w, Rule: RuleCoverThenCost, Agency: prefs.Agency}
	b := builder{ad: ad, c: c, base: base, w: w, prefs: prefs, A: A}
	for _, step := range []func() error{b.flexible, b.resident, b.employer, b.wait, b.repair} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	p.Options = b.opts
	p.Rule = rank(p.Options, prefs)
	p.Retirement = ad.retirement(c, base)
	return p, nil
}

type builder struct {
	ad    *Advisor
	c     *yibao.Case
	base  *engine.Assessment
	w     Window
	prefs yibao.PlanRequest
	A     yibao.Month
	opts  []Option
}

// variant assesses a modified copy of the case and fills the option's
// coverage figures from its timeline.
func (b *builder) variant(o *Option, ledger []yibao.LedgerRow, residents []yibao.ResidentYear) (*engine.Assessment, error) {
	v := *b.c
	v.Ledger, v.ResidentYears = ledger, residents
	v.Quote, v.Plan = nil, nil
	a, err := b.ad.Eng.Assess(&v)
	if err != nil {
		return nil, err
	}
	b.read(o, a)
	return a, nil
}

// simulate assesses the case with payment p made (engine.Simulate) and
// fills the option from it.
func (b *builder) simulate(o *Option, p engine.Payment) (*engine.Assessment, error) {
	a, err := b.ad.Eng.Simulate(b.c, p)
	if err != nil {
		return nil, err
	}
	o.Payment = &p
	b.read(o, a)
	return a, nil
}

// read fills an option's coverage figures from the assessment of its variant.
func (b *builder) read(o *Option, a *engine.Assessment) {
	for m := b.w.From; m <= b.w.To; m++ {
		st := a.Timeline.At(m)
		switch {
		case st.IsCovered():
			o.CoveredMonths++
			if o.FirstCovered == nil {
				mm := m
				o.FirstCovered = &mm
			}
		case st == engine.Unknown:
			o.UnknownMonths++
			o.UncoveredMonths++
		default:
			o.UncoveredMonths++
		}
	}
	if o.FirstCovered != nil {
		d := a.CoverFrom(*o.FirstCovered)
		o.FirstCoveredDate = &d
	}
	for _, bl := range a.Bills {
		o.Bills = append(o.Bills, a.CoveredOn(bl.Date))
	}
	if gapFrom, ok := b.openFrom(); ok && gapFrom < b.A {
		o.GapCovered = true
		for m := gapFrom; m < b.A; m++ {
			if !a.Timeline.At(m).IsCovered() {
				o.GapCovered = false
			}
		}
	}
	if cd := b.prefs.CareDate; cd != nil {
		cov := a.CoveredOn(*cd)
		o.CareCovered = &cov
	}
	if a.Incentive != nil {
		f := a.Incentive.TotalFen
		o.IncentiveFen = &f
	}
	seen := map[string]bool{}
	for _, x := range b.base.Warnings {
		seen[x.Code+x.Param+x.Text] = true
	}
	for _, x := range a.Warnings {
		if k := x.Code + x.Param + x.Text; !seen[k] {
			seen[k] = true
			o.Warnings = append(o.Warnings, x.Code+":"+x.Param+x.Text)
		}
	}
}

func (b *builder) add(o Option) {
	if o.CostKnown && o.CoveredMonths > 0 {
		o.PerCoveredMonthFen = o.CostFen / yibao.Fen(o.CoveredMonths)
	}
	if s := b.prefs.MonthlySpendFen; s > 0 {
		o.RiskFen = s * yibao.Fen(o.UncoveredMonths)
	}
	b.opts = append(b.opts, o)
}

// openFrom returns the first month of the lapse running on the as-of date.
func (b *builder) openFrom() (yibao.Month, bool) {
	for _, l := range b.base.Lapses {
		if l.Open {
			return l.From, true
		}
	}
	return 0, false
}

// employeeKind reports whether the case is about employee insurance (a
// ledger) rather than residents' years only.
func (b *builder) employeeKind() bool { return len(b.c.Ledger) > 0 }

// flexible adds back-pay and restart options at the minimum, chosen and
// maximum bases. Each is the engine's own quote for that base — what it
// pays today and the payment it simulates — continued monthly on time
// through the window: the option's cover is the quote's, by construction.
func (b *builder) flexible() error {
	if !b.employeeKind() {
		return nil
	}
	q := b.base.Quote
	if q == nil || q.Scheme == yibao.Resident {
		return nil // no open lapse: nothing to back-pay
	}
	type v struct {
		name   string
		fen    yibao.Fen
		option string // a named way to pay (单建统筹) other than the default
	}
	var vs []v
	probe, err := b.ad.Eng.Contribution(engine.ContribRequest{Region: b.c.Region, Scheme: yibao.Flexible, Date: b.c.AsOf})
	if err != nil {
		return err
	}
	if probe.Base != nil && probe.Base.MinFen > 0 {
		vs = append(vs, v{name: "min", fen: probe.Base.MinFen})
		if c := b.prefs.BaseFen; c > 0 && c != probe.Base.MinFen && c != probe.Base.MaxFen {
			vs = append(vs, v{name: "chosen", fen: c})
		}
		if probe.Base.MaxFen > 0 && probe.Base.MaxFen != probe.Base.MinFen { // a fixed base has no range
			vs = append(vs, v{name: "max", fen: probe.Base.MaxFen})
		}
	} else {
		vs = append(vs, v{name: "last", fen: b.prefs.BaseFen})
	}
	for i := 0; i < len(vs); i++ { // vs grows with the alternatives
		x := vs[i]
		vc := *b.c
		vc.Quote = &yibao.QuoteRequest{Scheme: yibao.Flexible, BaseFen: x.fen, Option: x.option}
		vc.Plan = nil
		qa, err := b.ad.Eng.Assess(&vc)
		if err != nil {
			return err
		}
		vq := qa.Quote
		if vq == nil || vq.Payment == nil {
			continue
		}
		if x.option == "" && len(vs) > 0 && x.name == vs[0].name {
			// the region's other ways to pay (统账结合 / 单建统筹), side by
			// side at the same base, each its own option
			for _, a := range vq.Alternatives {
				if !a.Default {
					vs = append(vs, v{name: a.Name, fen: x.fen, option: a.Name})
				}
			}
		}
		con, err := b.ad.Eng.Contribution(engine.ContribRequest{Region: b.c.Region, Scheme: yibao.Flexible, Date: b.c.AsOf, BaseFen: vq.BaseFen, Option: x.option})
		if err != nil {
			return err
		}
		known := vq.AmountKnown && con.Known
		monthly := con.IndividualMonthlyFen
		yearly := con.IndividualYearlyFen - 12*con.IndividualMonthlyFen // yearly add-ons
		rest := b.w.To.Sub(b.A)
		pay := *vq.Payment
		pay.Through = b.w.To
		o := Option{Variant: x.name, Allowed: vq.Allowed, BaseFen: vq.BaseFen, Way: vq.Option, MonthlyFen: monthly, CostKnown: known, Deadline: vq.Deadline, Expired: vq.Expired}
		if pay.From < b.A {
			o.Kind = BackpayFlexible
			o.NowFen = vq.TotalFen + vq.LateFeeFen
			o.ContinuityKept = vq.WithinGrace
		} else {
			// back-pay not allowed or 待定: the quote simulates paying from
			// this month only, and so does this option
			o.Kind = RestartFlexible
			o.NowFen = monthly
			o.Allowed = "yes"
			o.Deadline = nil
		}
		o.CostFen = o.NowFen + monthly*yibao.Fen(rest) + yearly
		o.AddedMonths = b.w.To.Sub(pay.From) + 1
		if _, err := b.simulate(&o, pay); err != nil {
			return err
		}
		b.add(o)
	}
	return nil
}

// resident adds residents' insurance this year (if the region lets one pay
// now) and next year in its window, from the engine's residents' quote.
func (b *builder) resident() error {
	vc := *b.c
	vc.Quote = &yibao.QuoteRequest{Scheme: yibao.Resident}
	vc.Plan = nil
	qa, err := b.ad.Eng.Assess(&vc)
	if err != nil {
		return err
	}
	if qa.Quote == nil {
		return nil
	}
	opts := qa.Quote.Resident
	next := b.A.Year() + 1
	hasNext := false
	for _, ry := range opts {
		hasNext = hasNext || ry.Year == next
	}
	if !hasNext && len(b.c.ResidentYears) > 0 && yibao.DateOf(next, 1, 1).Month() <= b.w.To {
		// next year's window is not encoded: assume payment on 1 December,
		// inside the concentrated window most regions use, and say so
		paid := max(b.c.AsOf, yibao.DateOf(next-1, 12, 1))
		o := Option{Kind: ResidentNextWindow, Variant: strconv.Itoa(next), Allowed: "yes", Warnings: []string{"assumption:next_window_paid_" + paid.String()}}
		years := append(slices.Clone(b.c.ResidentYears), yibao.ResidentYear{Year: next, PaidOn: paid, Window: yibao.Concentrated})
		a, err := b.variant(&o, b.c.Ledger, years)
		if err != nil {
			return err
		}
		for _, y := range a.Resident {
			if y.Year == next {
				o.NowFen, o.CostFen, o.CostKnown = y.PriceFen, y.PriceFen, y.PriceKnown
			}
		}
		b.add(o)
	}
	paidYears := map[int]bool{}
	for _, ry := range b.c.ResidentYears {
		paidYears[ry.Year] = true
	}
	for _, ry := range opts {
		if paidYears[ry.Year] {
			continue // already paid in the case
		}
		o := Option{Kind: ResidentNow, Variant: strconv.Itoa(ry.Year), Allowed: "yes", NowFen: ry.PriceFen + ry.RepairFen, CostKnown: ry.PriceKnown}
		if !ry.Allowed {
			o.Allowed = "no"
		}
		if ry.PaidOn > b.c.AsOf {
			o.Kind = ResidentNextWindow
		}
		o.CostFen = o.NowFen
		// the variant: the resident year paid as quoted; employee rows as they are
		years := append(slices.Clone(b.c.ResidentYears), yibao.ResidentYear{Year: ry.Year, PaidOn: ry.PaidOn, Window: ry.Window, RepairYears: ry.RepairYears})
		if o.Allowed == "yes" {
			if _, err := b.variant(&o, b.c.Ledger, years); err != nil {
				return err
			}
		} else {
			o.UncoveredMonths = b.w.To.Sub(b.w.From) + 1
		}
		b.add(o)
	}
	return nil
}

// employer adds "a new employer pays from month M".
func (b *builder) employer() error {
	m := b.prefs.EmployerFrom
	if m == nil || *m > b.w.To {
		return nil
	}
	o := Option{Kind: Employer, Variant: m.String(), Allowed: "yes"}
	n := b.w.To.Sub(*m) + 1
	if err := b.price(&o, yibao.Employee, n); err != nil {
		return err
	}
	o.AddedMonths = n
	a, err := b.simulate(&o, engine.Payment{Scheme: yibao.Employee, From: *m, To: b.w.To})
	if err != nil {
		return err
	}
	for _, l := range a.Lapses {
		if l.To == m.Add(-1) && l.WithinGrace {
			o.ContinuityKept = true
		}
	}
	b.add(o)
	return nil
}

// price fills the person's cost of n months of scheme s at the regional
// minimum base, from the engine's calculator (yearly add-ons included).
func (b *builder) price(o *Option, s yibao.Scheme, n int) error {
	con, err := b.ad.Eng.Contribution(engine.ContribRequest{Region: b.c.Region, Scheme: s, Date: b.c.AsOf})
	if err != nil {
		return err
	}
	if !con.Known {
		return nil
	}
	o.MonthlyFen = con.IndividualMonthlyFen
	o.CostFen = con.IndividualMonthlyFen*yibao.Fen(n) + (con.IndividualYearlyFen - 12*con.IndividualMonthlyFen)
	o.CostKnown = true
	o.BaseFen = con.Base.Fen
	return nil
}

// wait adds "do nothing until month M, then pay as a flexible worker".
func (b *builder) wait() error {
	m := b.prefs.WaitUntil
	if m == nil || *m <= b.A || *m > b.w.To || !b.employeeKind() {
		return nil
	}
	o := Option{Kind: Wait, Variant: m.String(), Allowed: "yes"}
	n := b.w.To.Sub(*m) + 1
	if err := b.price(&o, yibao.Flexible, n); err != nil {
		return err
	}
	o.AddedMonths = n
	if _, err := b.simulate(&o, engine.Payment{Scheme: yibao.Flexible, From: *m, To: b.w.To, BaseFen: o.BaseFen}); err != nil {
		return err
	}
	b.add(o)
	return nil
}

// repair adds, for the latest residents' year with a variable waiting
// period, one option per number of repair years.
func (b *builder) repair() error {
	var last *engine.ResidentYear
	for i := range b.base.Resident {
		y := &b.base.Resident[i]
		if last == nil || y.Year > last.Year {
			last = y
		}
	}
	if last == nil || last.VariableMonths+last.RepairYears == 0 {
		return nil
	}
	for k := 0; k <= last.VariableMonths+last.RepairYears; k++ {
		years := slices.Clone(b.c.ResidentYears)
		for i := range years {
			if years[i].Year == last.Year {
				years[i].RepairYears = k
			}
		}
		o := Option{Kind: ResidentRepair, Variant: strconv.Itoa(k), Allowed: "yes"}
		a, err := b.variant(&o, b.c.Ledger, years)
		if err != nil {
			return err
		}
		for _, y := range a.Resident {
			if y.Year == last.Year {
				o.NowFen, o.CostFen, o.CostKnown = y.RepairFen, y.RepairFen, y.PriceKnown || k == 0
				if y.CoveredFrom != nil {
					d := *y.CoveredFrom
					o.FirstCoveredDate = &d
				}
			}
		}
		b.add(o)
	}
	return nil
}

// rank orders the options by the rule the preferences call for and numbers
// them; options that are not allowed come last.
func rank(opts []Option, prefs yibao.PlanRequest) string {
	rule := RuleCoverThenCost
	switch {
	case prefs.MonthlySpendFen > 0:
		rule = RuleExpectedCost
	case prefs.CareDate != nil:
		rule = RuleCareDate
	}
	costKey := func(o Option) yibao.Fen {
		if !o.CostKnown {
			return 1 << 60
		}
		return o.CostFen
	}
	slices.SortStableFunc(opts, func(x, y Option) int {
		if ax, ay := x.Allowed == "no", y.Allowed == "no"; ax != ay {
			if ax {
				return 1
			}
			return -1
		}
		switch rule {
		case RuleExpectedCost:
			if x.CostKnown && y.CostKnown {
				if c := cmp.Compare(x.CostFen+x.RiskFen, y.CostFen+y.RiskFen); c != 0 {
					return c
				}
			}
		case RuleCareDate:
			cx, cy := x.CareCovered != nil && *x.CareCovered, y.CareCovered != nil && *y.CareCovered
			if cx != cy {
				if cx {
					return -1
				}
				return 1
			}
		}
		if c := cmp.Compare(x.UncoveredMonths, y.UncoveredMonths); c != 0 {
			return c
		}
		if c := cmp.Compare(firstKey(x), firstKey(y)); c != 0 {
			return c
		}
		return cmp.Compare(costKey(x), costKey(y))
	})
	for i := range opts {
		opts[i].Rank = i + 1
	}
	return rule
}

func firstKey(o Option) yibao.Date {
	if o.FirstCoveredDate == nil {
		return 1 << 30
	}
	return *o.FirstCoveredDate
}
