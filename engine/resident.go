package engine

import (
	"strconv"
	"yibao"
	"yibao/policy"
)

// residents computes each paid residents' coverage year under 国办发〔2024〕38号
// and the regional windows, then enters the enrolled months in the ledger so
// that lapse detection sees them.
func (r *run) residents() {
	for _, ry := range sortResident(r.c.ResidentYears) {
		y := r.residentYear(ry.Year, ry.PaidOn, ry.RepairYears, ry.Window, true)
		r.a.Resident = append(r.a.Resident, y)
		if !y.Allowed {
			continue
		}
		enrol := max(yibao.MonthOf(ry.Year, 1), ry.PaidOn.Month())
		if y.CoveredFrom != nil && y.Exempt != "" {
			// a newborn or a switch without waiting is enrolled from the day cover starts
			enrol = min(enrol, y.CoveredFrom.Month())
		}
		for m := enrol; m <= yibao.MonthOf(ry.Year, 12); m++ {
			i := r.idx(m)
			if r.months[i].scheme().IsEmployeeKind() && r.months[i].stat == statPaid {
				continue
			}
			r.months[i] = month{code: codeOf(yibao.Resident), stat: statPaid, row: residentRow | uint32(len(r.a.Resident)), ins: true}
			r.codes[i], r.insb[i] = r.months[i].code, 1
		}
	}
}

// markResidents sets the timeline of resident months: waiting until the
// covered-from date, covered from its month.
func (r *run) markResidents() {
	for _, y := range r.a.Resident {
		if !y.Allowed || y.CoveredFrom == nil {
			continue
		}
		cov := y.CoveredFrom.Month()
		for m := yibao.MonthOf(y.Year, 1); m <= yibao.MonthOf(y.Year, 12); m++ {
			i := r.idx(m)
			if r.months[i].scheme() != yibao.Resident {
				continue
			}
			if m < cov {
				r.set(m, Waiting, yibao.Resident)
			} else {
				r.set(m, Covered, yibao.Resident)
			}
		}
	}
}

// insuredYear reports whether the person had any basic medical insurance in year y:
// an employee-kind month paid on time, or a residents' year paid for y.
func (r *run) insuredYear(y int) bool {
	for _, ry := range r.c.ResidentYears {
		if ry.Year == y {
			return true
		}
	}
	for m := yibao.MonthOf(y, 1); m <= yibao.MonthOf(y, 12); m++ {
		if r.empInsured(m) {
			return true
		}
	}
	return false
}

// historyStart is the first year the case has facts for.
func (r *run) historyStart() int { return r.from.Year() }

// lastEmployee returns the last employee-kind month paid on time before d, if any.
func (r *run) lastEmployee(before yibao.Month) (yibao.Month, bool) {
	for m := before.Add(-1); m >= r.from; m-- {
		if r.empInsured(m) {
			return m, true
		}
	}
	return 0, false
}

// residentYear applies 38号 to paying for coverage year Y on date paid.
// record=false computes an option without adding reasons (used for quotes).
func (r *run) residentYear(Y int, paid yibao.Date, repair int, declared yibao.Window, record bool) ResidentYear {
	jan1 := yibao.DateOf(Y, 1, 1)
	out := ResidentYear{Year: Y, PaidOn: paid, Allowed: true}
	because := func(code string, a Args, used ...look) {
		if record {
			a.Year = Y
			r.because(code, a, used...)
		}
	}
	// which window
	conc := r.get(policy.ResidentWindowConcentrated, jan1)
	supp := r.get(policy.ResidentWindowSupplementary, jan1)
	switch {
	case conc.ok && paid >= conc.val.From && paid <= conc.val.To:
		out.Window = yibao.Concentrated
		because("resident.window.concentrated", Args{Date: paid, Text: conc.val.RangeText()}, conc)
	case supp.ok && paid >= supp.val.From && paid <= supp.val.To:
		out.Window = yibao.Supplementary
		because("resident.window.supplementary", Args{Date: paid, Text: supp.val.RangeText()}, supp)
	case conc.ok:
		out.Window = yibao.OffWindow
		because("resident.window.outside", Args{Date: paid}, conc, supp)
	case declared != "":
		out.Window = declared
		because("resident.window.declared", Args{Date: paid, Text: string(declared)})
	default:
		out.Window = yibao.OffWindow
		if record {
			r.warn("assumption", "resident_window_unknown")
		}
		because("resident.window.unknown", Args{Date: paid})
	}
	// price
	ind := r.get(policy.ResidentIndividual, jan1)
	out.PriceFen, out.PriceKnown = ind.fen(), ind.ok
	if ind.option != nil {
		out.Option = ind.option.Name
		if ind.byAge > 0 {
			because("resident.price_by_age", Args{N: ind.byAge, Text: ind.option.Name, TextEN: ind.option.EN, Date: jan1}, ind)
		}
	}
	if out.Window == yibao.OffWindow {
		// read on the payment date: a region may phase the rule within the
		// coverage year (青海 2026: 03-01…06-30 at the individual price, from
		// 07-01 at full cost) with dated entries
		owOn := jan1
		if paid > jan1 {
			owOn = paid
		}
		ow := r.get(policy.ResidentOffWindow, owOn)
		switch {
		case ow.ok && ow.str() == "not_allowed":
			out.Allowed = false
			because("resident.off_window.not_allowed", Args{Date: paid}, ow)
			return out
		case ow.ok && ow.str() == "full_cost":
			sub := r.get(policy.ResidentSubsidy, jan1)
			out.PriceFen += sub.fen()
			out.PriceKnown = out.PriceKnown && sub.ok
			because("resident.off_window.full_cost", Args{Fen: out.PriceFen}, ow, ind, sub)
		case ow.ok && ow.str() == "allowed":
			because("resident.off_window.allowed", Args{Date: paid}, ow)
		case !ow.ok:
			because("resident.off_window.not_encoded", Args{Date: paid}, ow)
		}
	}
	if out.PriceKnown {
		because("resident.price", Args{Fen: out.PriceFen}, ind)
	}
	// exemptions
	if p := r.c.Person; p != nil && p.Birth != nil {
		nb := r.get(policy.ResidentNewbornDays, jan1)
		if nb.ok && p.Birth.Month().Year() <= Y && paid >= *p.Birth && paid.DaysSince(*p.Birth) <= nb.int() {
			from := max(*p.Birth, jan1)
			out.CoveredFrom, out.Exempt = &from, "newborn"
			because("resident.exempt.newborn", Args{Date: from, N: nb.int()}, nb)
			return out
		}
	}
	for _, ev := range r.c.Events {
		if ev.Kind == yibao.SpecialGroup && ev.Date <= paid {
			from := max(paid, jan1)
			out.CoveredFrom, out.Exempt = &from, "special_group"
			because("resident.exempt.special_group", Args{Date: from})
			return out
		}
	}
	if e, ok := r.lastEmployee(paid.Month()); ok && e.Year() >= Y-1 {
		gap := paid.Month().Sub(e) - 1
		var used looks
		if r.within(gap, yibao.Employee, yibao.Resident, r.contEnding(e), paid, &used) {
			from := max(paid.Month().First(), jan1)
			if gap <= 0 {
				from = max(e.Add(1).First(), jan1)
			}
			out.CoveredFrom, out.Exempt = &from, "switch"
			because("resident.exempt.switch", Args{Month: e, N: gap, Date: from}, used.all()...)
			return out
		}
	}
	// lapse years: consecutive uninsured years right before Y
	L, first := 0, true
	counted := r.get(policy.ResidentLapseCountedFrom, jan1)
	for y := Y - 1; y >= r.historyStart(); y-- {
		if r.insuredYear(y) {
			first = false
			break
		}
		if !counted.ok || y >= counted.int() {
			L++
		}
	}
	if first {
		L = 0
		if record {
			r.warn("assumption", "resident_first_enrolment")
		}
	}
	out.LapseYears = L
	if out.Window == yibao.Concentrated && L == 0 {
		out.CoveredFrom = &jan1
		if first {
			because("resident.first_in_window", Args{Date: jan1})
		} else {
			because("resident.continuous_in_window", Args{Date: jan1})
		}
		return out
	}
	fixed := r.get(policy.ResidentFixedMonths, jan1)
	perYear := r.get(policy.ResidentVariablePerYear, jan1)
	offset := r.get(policy.ResidentVariableOffsetYears, jan1)
	out.FixedMonths = fixed.int()
	used := []look{fixed}
	if out.Window == yibao.Supplementary {
		if sd := r.get(policy.ResidentSupplementaryWaitDays, jan1); sd.ok {
			out.FixedMonths, out.FixedDays = 0, sd.int()
			used = append(used, sd)
		}
	}
	if out.Window == yibao.OffWindow {
		// a region may count the wait after an off-window payment in days
		// (贵州 2025 零星征缴期: 90 days), read on the payment date like
		// resident.off_window; absent, the national fixed months apply
		// without a caveat of their own
		owOn := max(paid, jan1)
		if r.peek(policy.ResidentOffWindowWaitDays, owOn) != nil {
			if od := r.get(policy.ResidentOffWindowWaitDays, owOn); od.ok {
				out.FixedMonths, out.FixedDays = 0, od.int()
				used = append(used, od)
			}
		}
	}
	variable := 0
	if L > 0 {
		variable = max(0, L-offset.int()) * perYear.int()
		used = append(used, perYear, offset)
	}
	out.RepairYears = min(repair, variable/max(1, perYear.int()))
	variable -= out.RepairYears * perYear.int()
	if out.RepairYears > 0 {
		out.RepairFen = yibao.Fen(out.RepairYears) * ind.fen()
		because("resident.repair", Args{N: out.RepairYears, Fen: out.RepairFen, M: repair}, ind)
	}
	out.VariableMonths = variable
	total := out.FixedMonths + variable
	fixedAsMonths := out.FixedMonths
	if out.FixedDays > 0 {
		fixedAsMonths = fixed.int()
	}
	floorY := r.get(policy.ResidentFloorLapseYears, jan1)
	if floorY.ok && L >= floorY.int() {
		floor := r.get(policy.ResidentFloorMonths, jan1)
		if fixedAsMonths+variable < floor.int() {
			out.VariableMonths = floor.int() - fixedAsMonths
			variable = out.VariableMonths
			total = out.FixedMonths + variable
			because("resident.floor", Args{N: floor.int(), M: L}, floorY, floor)
		}
	}
	out.WaitingMonths = fixedAsMonths + variable
	base := paid
	if out.Window == yibao.Concentrated {
		base = jan1
	} else if paid < jan1 {
		base = jan1
	}
	from := addMonths(base, total).AddDays(out.FixedDays)
	out.CoveredFrom = &from
	if out.FixedDays > 0 {
		// a fixed wait in days (贵州 90, 西宁 60): say days, not the
		// national months it replaces; Text carries the variable months
		because("resident.waiting.days", Args{N: out.FixedDays, M: L, Date: from, Text: strconv.Itoa(variable)}, used...)
		return out
	}
	because("resident.waiting", Args{N: out.WaitingMonths, M: L, Date: from, From: base.Month(), Text: waitingText(out)}, used...)
	return out
}

func waitingText(y ResidentYear) string {
	if y.FixedDays > 0 {
		return "days"
	}
	return "months"
}

// addMonths adds n calendar months to d, clamping the day to the month's end.
func addMonths(d yibao.Date, n int) yibao.Date {
	m := d.Month().Add(n)
	day := min(d.Day(), daysIn(m))
	return yibao.DateOf(m.Year(), m.Num(), day)
}
