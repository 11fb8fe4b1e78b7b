package engine

import (
	"fmt"
	"strings"

	"yibao"
	"yibao/policy"
)

// quote prices the open lapse as if paid on the as-of date — who may pay,
// until when, what it costs to the fen — and answers when cover starts by
// simulating that payment: the quote's cover is the timeline of the case
// with the payment made, never a second calculation.
func (r *run) quote() error {
	if r.sim {
		return nil
	}
	if !r.hasOpen {
		if len(r.c.ResidentYears) > 0 && len(r.c.Ledger) == 0 {
			r.residentQuote(nil)
		}
		return nil
	}
	asOf := r.c.AsOf
	A := r.asOfM
	S := r.openFrom
	L := A.Sub(S) // months before the payment month
	f := r.openFacts
	sch := r.openScheme
	if sch == yibao.Employee && f.cause != "arrears" {
		sch = yibao.Flexible // after leaving a job, the person pays as a flexible worker
	}
	if q := r.c.Quote; q != nil && q.Scheme != "" {
		sch = q.Scheme
	}
	var qs *quoteSpace
	if r.room != nil {
		qs = &r.room.quote // in the answer's one allocation
	} else {
		qs = new(quoteSpace)
	}
	qs.q = Quote{Scheme: sch}
	q := &qs.q
	r.a.Quote = q
	if sch == yibao.Resident {
		r.residentQuote(q)
		return nil
	}
	var used looks
	within := r.within(L, r.openScheme, sch, r.openCont, asOf, &used)
	g := r.get(policy.EmployeeGraceMonths, asOf)
	var dl yibao.Date
	if g.ok {
		dl = S.Add(g.int()).Last()
		qs.deadline = dl
		if asOf <= dl {
			q.Deadline = &qs.deadline
		} else {
			q.Expired = &qs.deadline
		}
	}
	q.WithinGrace = within
	if within {
		bp := r.get(policy.EmployeeBackpayWithinGrace, asOf)
		switch {
		case bp.bool():
			q.Allowed = "yes"
		case bp.ok:
			q.Allowed = "no"
		default:
			q.Allowed = "unknown"
		}
		r.because("quote.within_grace", Args{From: S, To: A.Add(-1), N: L, Date: dl, Scheme: sch}, append(used.all(), bp)...)
	} else {
		bb := r.get(policy.EmployeeBackpayBeyondGrace, asOf)
		switch {
		case !bb.ok:
			q.Allowed = "unknown"
		case bb.str() == "allowed", bb.str() == "employer_arrears_only" && f.arrears && sch == yibao.Employee:
			q.Allowed = "yes"
		default:
			q.Allowed = "no"
		}
		code := "quote.beyond_grace"
		if q.Expired != nil {
			code = "quote.deadline_expired"
		}
		r.because(code, Args{From: S, To: A.Add(-1), N: L, Scheme: sch, Text: q.Allowed, Date: dl}, append(used.all(), bb)...)
	}
	// months to pay: the lapse (if back-pay is allowed or unknown) and the current month
	first := S
	if q.Allowed == "no" || L == 0 {
		first = A
	}
	q.Months = qs.months[:0]
	if err := r.price(q, first, A, f); err != nil {
		return err
	}
	// the simulation: what is paid today is what is priced, when back-pay
	// is allowed; otherwise (not allowed, or 待定) only the current month,
	// so that no cover is claimed on a back-payment that may be refused
	pay := &qs.pay
	*pay = Payment{Scheme: sch, From: first, To: A, BaseFen: q.BaseFen, On: asOf}
	if q.Allowed != "yes" {
		pay.From = A
	}
	q.Payment = pay
	sp, err := r.eng.simulate(r.c, *pay, r)
	if err != nil {
		return err
	}
	r.quoteSpace = sp
	sim := &sp.a
	r.quoteSim = sim
	r.adopt(sim, sp.shared)
	if L > 0 {
		q.GapCovered = true
		for m := S; m < A; m++ {
			if !sim.Timeline.At(m).IsCovered() {
				q.GapCovered = false
			}
		}
	}
	unknown := false
	if fd, ok := sim.FirstCoveredFrom(S); ok {
		for m := A; m < fd.Month(); m++ {
			unknown = unknown || sim.Timeline.At(m) == Unknown
		}
		fm := fd.Month()
		qs.first, qs.firstDate = fm, fd
		if !unknown {
			q.FirstCovered, q.FirstCoveredDate = &qs.first, &qs.firstDate
		} else {
			q.LatestCovered = &qs.firstDate
		}
		q.WaitingMonths = max(0, fm.Sub(A))
		r.because("quote.cover", Args{Month: fm, Date: fd, N: boolInt(q.GapCovered), M: boolInt(unknown)})
	}
	if !r.insuredYear(A.Year()) || r.openScheme == yibao.Resident {
		r.residentQuote(q)
	}
	return nil
}

// adopt shows the reasons that explain the simulated return to cover as the
// quote's own ("如今天缴费…"), with their parameters, and carries the
// simulation's warnings into the answer.
//
// sim.Warnings[:shared] are the base's own (a resumed simulation copies
// them): already in the answer, they are not compared again.
func (r *run) adopt(sim *Assessment, shared int) {
	for _, re := range sim.Reasons[sim.ret[0]:sim.ret[1]] {
		if strings.HasPrefix(re.Code, "lapse.") || re.Code == "waiting.restarted" {
			continue // the quote states the lapse itself
		}
		start := len(r.refs)
		for _, i := range re.Params {
			r.refs = append(r.refs, r.use(sim.Params[i].entry))
		}
		nr := Reason{Code: quoteCode(re.Code), Args: re.Args}
		if len(r.refs) > start {
			nr.Params = r.refs[start:len(r.refs):len(r.refs)]
		}
		r.a.Reasons = append(r.a.Reasons, nr)
	}
	for _, w := range sim.Warnings[shared:] {
		if w.Code == "assumption" && w.Text == "due_month_end" {
			continue // the simulated payment is made today: its months are back-paid under any due date
		}
		dup := false
		for _, x := range r.a.Warnings {
			dup = dup || x == w
		}
		if !dup {
			r.a.Warnings = append(r.a.Warnings, w)
		}
	}
}

// quoteCode is "quote." + code, without building the string for the
// codes a return to cover gives.
func quoteCode(code string) string {
	switch code {
	case "backpay.no_retro":
		return "quote.backpay.no_retro"
	case "backpay.resume":
		return "quote.backpay.resume"
	case "backpay.retro":
		return "quote.backpay.retro"
	case "backpay.years_only":
		return "quote.backpay.years_only"
	case "benefit.start.days":
		return "quote.benefit.start.days"
	case "benefit.start.days_not_encoded":
		return "quote.benefit.start.days_not_encoded"
	case "benefit.start.next_month":
		return "quote.benefit.start.next_month"
	case "benefit.start.payment_month":
		return "quote.benefit.start.payment_month"
	case "employee.first_enrolment":
		return "quote.employee.first_enrolment"
	case "flexible.first_enrolment.none":
		return "quote.flexible.first_enrolment.none"
	case "flexible.first_enrolment.not_encoded":
		return "quote.flexible.first_enrolment.not_encoded"
	case "flexible.first_enrolment.waiting":
		return "quote.flexible.first_enrolment.waiting"
	case "waiting.consecutive":
		return "quote.waiting.consecutive"
	case "waiting.days":
		return "quote.waiting.days"
	case "waiting.months_from_payment":
		return "quote.waiting.months_from_payment"
	case "waiting.none":
		return "quote.waiting.none"
	case "waiting.not_encoded":
		return "quote.waiting.not_encoded"
	case "waiting.rules_not_encoded":
		return "quote.waiting.rules_not_encoded"
	case "waiting.tiered":
		return "quote.waiting.tiered"
	}
	return "quote." + code
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// price fills the months and amounts of q for months [first, A].
func (r *run) price(q *Quote, first, A yibao.Month, f lapseFacts) error {
	asOf := r.c.AsOf
	if q.Scheme == yibao.Flexible {
		if pl, ok := r.publishedAmount(asOf); ok {
			return r.pricePublished(q, first, A, pl)
		}
	}
	var rate yibao.Rate
	var rateOK bool
	var usedBuf [4]look
	used := usedBuf[:0]
	var addon yibao.Fen
	minP, maxP := policy.FlexibleBaseMin, policy.FlexibleBaseMax
	if q.Scheme == yibao.Flexible {
		fr := r.get(policy.FlexibleRate, asOf)
		rate, rateOK = fr.rate(), fr.ok
		ad := r.get(policy.FlexibleAddonMonthly, asOf)
		addon = ad.fen()
		used = append(used, fr)
		if ad.ok {
			used = append(used, ad)
		}
	} else {
		er := r.get(policy.EmployeeRateEmployer, asOf)
		ir := r.get(policy.EmployeeRateIndividual, asOf)
		rate, rateOK = er.rate()+ir.rate(), er.ok && ir.ok
		used = append(used, er, ir)
		minP, maxP = policy.EmployeeBaseMin, policy.EmployeeBaseMax
	}
	br, lo, hi := r.baseRange(minP, maxP, asOf)
	var asked yibao.Fen // the base asked for or carried from the ledger, before clamping (for base alternatives)
	base := yibao.Fen(0)
	if br.Missing {
		// the region fixes the base and its figure is not encoded: no amount
		// (never the person's own base, which the region does not use)
	} else if br.Fixed && br.MinFen > 0 {
		base = br.MinFen // one figure, not a choice (base.formula says how it is set)
	} else if rq := r.c.Quote; rq != nil && rq.BaseFen > 0 {
		base = rq.BaseFen
	} else if x := r.baseOf(&r.months[r.idx(first)]); x > 0 {
		base = x
	} else if x := r.lastBase(first); x > 0 {
		base = x
	} else if br.MinFen > 0 {
		base = br.MinFen
		r.because("quote.base_min", Args{Fen: base}, lo)
	}
	asked = base
	if br.MinFen > 0 && base < br.MinFen {
		r.because("quote.base_clamped_up", Args{Fen: br.MinFen, M: int(base)}, lo)
		base = br.MinFen
	}
	if br.MaxFen > 0 && base > br.MaxFen {
		r.because("quote.base_clamped_down", Args{Fen: br.MaxFen, M: int(base)}, hi)
		base = br.MaxFen
	}
	q.BaseFen = base
	rnd := r.get(policy.ContributionRounding, asOf)
	rounding := yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp}
	if rnd.ok {
		rounding = rnd.round()
		used = append(used, rnd)
	} else {
		r.warn("assumption", "rounding_half_up_fen")
	}
	q.AmountKnown = rateOK && base > 0
	if q.AmountKnown {
		pm, err := yibao.MulRateChecked(base, rate, 1, rounding)
		if err == nil {
			pm, err = yibao.AddFen(pm, addon)
		}
		if err != nil {
			return fmt.Errorf("quote: monthly amount at base %s: %w", base.Grouped(), err)
		}
		q.PerMonthFen = pm
	}
	var fee look
	employer := q.Scheme == yibao.Employee && f.arrears
	if employer {
		fee = r.get(policy.EmployerLateFeeRate, asOf)
	}
	if n := A.Sub(first) + 1; cap(q.Months) < n {
		q.Months = make([]QuoteMonth, 0, n)
	}
	q.Months = q.Months[:0]
	for m := first; m <= A; m++ {
		qm := QuoteMonth{Month: m, AmountFen: q.PerMonthFen}
		if employer && fee.ok && m < A && q.AmountKnown {
			// 社会保险法 art. 86: 自欠缴之日起 — from the day after the due date through the payment date
			due, assumed := r.dueDate(m, r.ownDue(m, &r.months[r.idx(m)]))
			if assumed {
				r.warn("assumption", "due_month_end")
			}
			qm.LateDays = max(0, asOf.DaysSince(due))
			lf, err := yibao.MulRateChecked(qm.AmountFen, fee.rate(), int64(qm.LateDays), yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp})
			if err == nil {
				qm.LateFeeFen = lf
				q.LateFeeFen, err = yibao.AddFen(q.LateFeeFen, lf)
			}
			if err != nil {
				return fmt.Errorf("quote: late fee for %s: %w", m, err)
			}
		}
		var err error
		if q.TotalFen, err = yibao.AddFen(q.TotalFen, qm.AmountFen); err != nil {
			return fmt.Errorf("quote: total: %w", err)
		}
		q.Months = append(q.Months, qm)
	}
	if q.AmountKnown && q.Scheme == yibao.Flexible {
		if fr := r.get(policy.FlexibleRate, asOf); fr.option != nil {
			q.Option, q.OptionEN, q.OptionChosen = fr.option.Name, fr.option.EN, fr.chosen
			if !fr.chosen {
				for _, o := range fr.options() {
					pm, err := yibao.MulRateChecked(base, yibao.Rate(o.Value.Int), 1, rounding)
					if err == nil {
						pm, err = yibao.AddFen(pm, addon)
					}
					var total yibao.Fen
					if err == nil {
						total, err = yibao.MulFenInt(pm, int64(len(q.Months)))
					}
					if err != nil {
						return fmt.Errorf("quote: alternative %s: %w", o.Name, err)
					}
					q.Alternatives = append(q.Alternatives, Alternative{Name: o.Name, EN: o.EN, Rate: yibao.Rate(o.Value.Int), Default: o.Default, MonthlyFen: pm, TotalFen: total})
				}
				r.because("quote.alternatives", Args{N: len(q.Alternatives), Text: fr.option.Name, TextEN: fr.option.EN}, fr)
			}
		} else if lo.option != nil && !br.Derived {
			// named bases (西安 2023: 60% or 100% of the average wage), at the one rate
			q.Option, q.OptionEN, q.OptionChosen = lo.option.Name, lo.option.EN, lo.chosen
			if !lo.chosen {
				alts, err := baseAlternatives(asked, lo, hi, rate, addon, rounding)
				if err != nil {
					return fmt.Errorf("quote: %w", err)
				}
				for i := range alts {
					if alts[i].TotalFen, err = yibao.MulFenInt(alts[i].MonthlyFen, int64(len(q.Months))); err != nil {
						return fmt.Errorf("quote: alternative %s: %w", alts[i].Name, err)
					}
				}
				q.Alternatives = alts
				r.because("quote.alternatives", Args{N: len(q.Alternatives), Text: lo.option.Name, TextEN: lo.option.EN}, lo)
			}
		}
	}
	if q.AmountKnown {
		r.because("quote.amount", Args{Fen: q.PerMonthFen, N: len(q.Months), M: int(q.TotalFen), Rate: rate, Scheme: q.Scheme}, used...)
	} else {
		r.because("quote.amount_unknown", Args{Scheme: q.Scheme}, used...)
	}
	if employer && fee.ok && q.LateFeeFen > 0 {
		r.because("quote.late_fee", Args{Fen: q.LateFeeFen, Rate: fee.rate()}, fee)
	}
	return nil
}

// pricePublished prices the months [first, A] from the region's published
// flexible total (flexible.amount_yearly ÷ 12 by the rounding rule) plus the
// fixed monthly add-on, with the alternatives side by side when the total
// has options and none was chosen. No base is used.
func (r *run) pricePublished(q *Quote, first, A yibao.Month, pl look) error {
	asOf := r.c.AsOf
	used := []look{pl}
	rounding := yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp}
	if rnd := r.get(policy.ContributionRounding, asOf); rnd.ok {
		rounding = rnd.round()
		used = append(used, rnd)
	} else {
		r.warn("assumption", "rounding_half_up_fen")
	}
	ad := r.get(policy.FlexibleAddonMonthly, asOf)
	if ad.ok {
		used = append(used, ad)
	}
	monthly := func(v yibao.Fen) (yibao.Fen, error) {
		return yibao.AddFen(perMonth(v, rounding), ad.fen())
	}
	pm, err := monthly(pl.fen())
	if err != nil {
		return fmt.Errorf("quote: monthly amount from the published total: %w", err)
	}
	q.BaseFen, q.PerMonthFen, q.AmountKnown, q.Published = 0, pm, true, "yearly"
	q.Months = make([]QuoteMonth, 0, A.Sub(first)+1)
	for m := first; m <= A; m++ {
		if q.TotalFen, err = yibao.AddFen(q.TotalFen, pm); err != nil {
			return fmt.Errorf("quote: total: %w", err)
		}
		q.Months = append(q.Months, QuoteMonth{Month: m, AmountFen: pm})
	}
	if pl.option != nil {
		q.Option, q.OptionEN, q.OptionChosen = pl.option.Name, pl.option.EN, pl.chosen
		if !pl.chosen {
			for _, o := range pl.options() {
				om, err := monthly(yibao.Fen(o.Value.Int))
				var total yibao.Fen
				if err == nil {
					total, err = yibao.MulFenInt(om, int64(len(q.Months)))
				}
				if err != nil {
					return fmt.Errorf("quote: alternative %s: %w", o.Name, err)
				}
				q.Alternatives = append(q.Alternatives, Alternative{Name: o.Name, EN: o.EN, Default: o.Default, MonthlyFen: om, TotalFen: total})
			}
			r.because("quote.alternatives", Args{N: len(q.Alternatives), Text: pl.option.Name, TextEN: pl.option.EN}, pl)
		}
	}
	r.because("quote.amount_published", Args{Fen: pm, N: len(q.Months), M: int(q.TotalFen)}, used...)
	return nil
}

// lastBase returns the base of the latest ledger month before m that has one.
func (r *run) lastBase(m yibao.Month) yibao.Fen {
	for x := m; x >= r.from; x-- {
		if b := r.baseOf(&r.months[r.idx(x)]); b > 0 {
			return b
		}
	}
	return 0
}

// residentQuote adds residents' options: paying now for this year, and paying
// in the next concentrated window for next year.
func (r *run) residentQuote(q *Quote) {
	asOf := r.c.AsOf
	Y := asOf.Month().Year()
	var opts []ResidentYear
	paidFor := func(y int) bool {
		for _, ry := range r.c.ResidentYears {
			if ry.Year == y {
				return true
			}
		}
		return false
	}
	if !paidFor(Y) {
		opts = append(opts, r.residentYear(Y, asOf, 0, "", false))
	}
	next := yibao.DateOf(Y+1, 1, 1)
	if !paidFor(Y + 1) {
		if conc := r.get(policy.ResidentWindowConcentrated, next); conc.ok && asOf <= conc.val.To {
			opts = append(opts, r.residentYear(Y+1, max(asOf, conc.val.From), 0, "", false))
		} else if !conc.ok {
			r.warn("not_encoded", "resident_window_next_year")
		}
	}
	for _, o := range opts {
		if o.VariableMonths > 0 {
			full := r.residentYear(o.Year, o.PaidOn, o.VariableMonths, "", false)
			opts = append(opts, full)
		}
	}
	if len(opts) == 0 {
		if q != nil && q.Scheme == yibao.Resident {
			q.Allowed, q.Months = "unknown", []QuoteMonth{} // no year could be offered: the windows are not encoded
		}
		return
	}
	if q == nil {
		q = &Quote{Scheme: yibao.Resident}
		r.a.Quote = q
	}
	if q.Scheme == yibao.Resident {
		// a residents' quote: may one pay for any year offered?
		q.Allowed = "no"
		for _, o := range opts {
			if o.Allowed {
				q.Allowed = "yes"
			}
		}
		if q.Months == nil {
			q.Months = []QuoteMonth{}
		}
	}
	q.Resident = opts
	r.because("quote.resident_options", Args{N: len(opts)})
}

// bills answers, for each bill, whether it is covered now and whether it
// would be if the quote were paid on the as-of date (the quote's simulation).
func (r *run) bills() {
	if r.room != nil && len(r.c.Bills) <= len(r.room.bills) && len(r.c.Bills) > 0 && r.a.Bills == nil {
		r.a.Bills = r.room.bills[:0]
	}
	for _, b := range r.c.Bills {
		m := b.Date.Month()
		st := r.tl.At(m)
		res := BillResult{Bill: b, Status: st, Covered: st.IsCovered() && b.Date >= r.firstCoveredDay(m)}
		res.CoveredIfPaid = res.Covered
		if sim := r.quoteSim; sim != nil && !res.Covered && m <= r.asOfM {
			res.CoveredIfPaid = sim.CoveredOn(b.Date)
		}
		for _, g := range r.payable {
			if !res.Covered && g.retro && m >= g.from && m <= g.to {
				res.CoveredIfPaid = true
			}
		}
		r.a.Bills = append(r.a.Bills, res)
		code := "bill.not_covered"
		switch {
		case res.Covered:
			code = "bill.covered"
		case res.CoveredIfPaid:
			code = "bill.covered_if_paid"
		}
		r.because(code, Args{Date: b.Date, Fen: b.AmountFen, Text: st.String()})
	}
}

// firstCoveredDay returns the first covered day within month m (cover that
// starts mid-month under a days-based rule or a residents' year).
func (r *run) firstCoveredDay(m yibao.Month) yibao.Date {
	for _, s := range r.starts {
		if s.m == m {
			return s.d
		}
	}
	for _, y := range r.a.Resident {
		if y.CoveredFrom != nil && y.CoveredFrom.Month() == m {
			return *y.CoveredFrom
		}
	}
	return m.First()
}
