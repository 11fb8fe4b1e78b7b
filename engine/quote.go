package engine

import (
	"yibao"
	"yibao/policy"
)

// quote prices the open lapse as if paid on the as-of date: who may pay,
// until when, what it costs to the fen and when cover starts.
func (r *run) quote() {
	r.markResidents()
	if !r.hasOpen {
		if len(r.c.ResidentYears) > 0 && len(r.c.Ledger) == 0 {
			r.residentQuote(nil)
		}
		return
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
	q := &Quote{Scheme: sch}
	r.a.Quote = q
	if sch == yibao.Resident {
		r.residentQuote(q)
		return
	}
	within, used := r.within(L, r.openScheme, sch, r.openCont, asOf)
	g := r.get(policy.EmployeeGraceMonths, asOf)
	if g.ok {
		dl := S.Add(g.int()).Last()
		q.Deadline = &dl
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
		r.because("quote.within_grace", Args{From: S, To: A.Add(-1), N: L, Date: *q.Deadline, Scheme: sch}, append(used.all(), bp)...)
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
		r.because("quote.beyond_grace", Args{From: S, To: A.Add(-1), N: L, Scheme: sch, Text: q.Allowed}, append(used.all(), bb)...)
	}
	// months to pay: the lapse (if back-pay is allowed or unknown) and the current month
	first := S
	if q.Allowed == "no" || L == 0 {
		first = A
	}
	r.price(q, first, A, f)
	// cover if paid today
	if within && q.Allowed == "yes" {
		retro := r.get(policy.EmployeeRetroWithinGrace, asOf)
		res := r.get(policy.EmployeeResumeAfterBackpay, asOf)
		fc := A
		if res.str() == "next_month" {
			fc = A.Add(1)
		}
		q.GapCovered = retro.bool()
		if q.GapCovered && L > 0 {
			fc = S
		}
		q.FirstCovered = &fc
		r.because("quote.cover", Args{Month: fc, From: S, To: A.Add(-1), Text: res.str(), N: boolInt(q.GapCovered)}, retro, res)
	} else {
		n := len(r.a.Reasons)
		start, unknown := r.waiting(A, sch, asOf)
		// waiting() marks the timeline for a return; this return is hypothetical
		for m := A; m < start; m++ {
			if r.tl.At(m) == Unknown {
				r.set(m, r.tl.At(m-1), schemeCodes[r.months[r.idx(m-1)].tlCode])
			}
		}
		for i := n; i < len(r.a.Reasons); i++ {
			r.a.Reasons[i].Code = "quote." + r.a.Reasons[i].Code
		}
		q.FirstCovered = &start
		q.WaitingMonths = start.Sub(A)
		if unknown {
			q.FirstCovered = nil
		}
	}
	if q.FirstCovered != nil {
		d := q.FirstCovered.First()
		if e := r.a.Reasons[len(r.a.Reasons)-1]; e.Code == "quote.waiting.days" {
			d, _ = yibao.ParseDate(e.Args.Text)
		}
		q.FirstCoveredDate = &d
	}
	if !r.insuredYear(A.Year()) || r.openScheme == yibao.Resident {
		r.residentQuote(q)
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// price fills the months and amounts of q for months [first, A].
func (r *run) price(q *Quote, first, A yibao.Month, f lapseFacts) {
	asOf := r.c.AsOf
	var rate yibao.Rate
	var rateOK bool
	var used []look
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
	base := yibao.Fen(0)
	if rq := r.c.Quote; rq != nil && rq.BaseFen > 0 {
		base = rq.BaseFen
	} else if x := r.months[r.idx(first)]; x.base > 0 {
		base = x.base
	} else if x := r.lastBase(first); x > 0 {
		base = x
	} else if br.MinFen > 0 {
		base = br.MinFen
		r.because("quote.base_min", Args{Fen: base}, lo)
	}
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
		rounding = rnd.v.Round
		used = append(used, rnd)
	} else {
		r.warn("assumption", "rounding_half_up_fen")
	}
	q.AmountKnown = rateOK && base > 0
	if q.AmountKnown {
		q.PerMonthFen = yibao.MulRate(base, rate, 1, rounding) + addon
	}
	var fee look
	employer := q.Scheme == yibao.Employee && f.arrears
	if employer {
		fee = r.get(policy.EmployerLateFeeRate, asOf)
	}
	q.Months = make([]QuoteMonth, 0, A.Sub(first)+1)
	for m := first; m <= A; m++ {
		qm := QuoteMonth{Month: m, AmountFen: q.PerMonthFen}
		if employer && fee.ok && m < A && q.AmountKnown {
			due := m.Add(1).First()
			qm.LateDays = asOf.DaysSince(due) + 1
			qm.LateFeeFen = yibao.MulRate(qm.AmountFen, fee.rate(), int64(qm.LateDays), yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp})
			q.LateFeeFen += qm.LateFeeFen
		}
		q.TotalFen += qm.AmountFen
		q.Months = append(q.Months, qm)
	}
	if q.AmountKnown {
		r.because("quote.amount", Args{Fen: q.PerMonthFen, N: len(q.Months), M: int(q.TotalFen), Rate: rate, Scheme: q.Scheme}, used...)
	} else {
		r.because("quote.amount_unknown", Args{Scheme: q.Scheme}, used...)
	}
	if employer && fee.ok && q.LateFeeFen > 0 {
		r.because("quote.late_fee", Args{Fen: q.LateFeeFen, Rate: fee.rate()}, fee)
	}
}

// lastBase returns the base of the latest ledger month before m that has one.
func (r *run) lastBase(m yibao.Month) yibao.Fen {
	for x := m; x >= r.from; x-- {
		if b := r.months[r.idx(x)].base; b > 0 {
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
		if conc := r.get(policy.ResidentWindowConcentrated, next); conc.ok && asOf <= conc.v.To {
			opts = append(opts, r.residentYear(Y+1, max(asOf, conc.v.From), 0, "", false))
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
		return
	}
	if q == nil {
		q = &Quote{Scheme: yibao.Resident, Allowed: "yes"}
		r.a.Quote = q
	}
	q.Resident = opts
	r.because("quote.resident_options", Args{N: len(opts)})
}

// bills answers, for each bill, whether it is covered now and whether it
// would be if the quote were paid on the as-of date.
func (r *run) bills() {
	for _, b := range r.c.Bills {
		m := b.Date.Month()
		st := r.tl.At(m)
		res := BillResult{Bill: b, Status: st, Covered: st.IsCovered()}
		if st == Covered && r.firstCoveredDay(m) > b.Date {
			res.Covered = false
		}
		res.CoveredIfPaid = res.Covered
		if q := r.a.Quote; q != nil && !res.Covered && m <= r.asOfM {
			inGap := r.hasOpen && m >= r.openFrom
			if inGap && q.GapCovered {
				res.CoveredIfPaid = true
			}
		}
		for _, g := range r.payable[:r.npayable] {
			if !res.Covered && g.retro && m >= g.from && m <= g.to {
				res.CoveredIfPaid = true
			}
		}
		if q := r.a.Quote; q != nil && !res.Covered && m <= r.asOfM {
			if q.FirstCoveredDate != nil && b.Date >= *q.FirstCoveredDate && m >= r.asOfM {
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
// starts mid-month under a days-based waiting period).
func (r *run) firstCoveredDay(m yibao.Month) yibao.Date {
	for _, y := range r.a.Resident {
		if y.CoveredFrom != nil && y.CoveredFrom.Month() == m {
			return *y.CoveredFrom
		}
	}
	return m.First()
}
