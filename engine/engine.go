package engine

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/bits"
	"sort"
	"sync"
	"unsafe"

	"yibao"
	"yibao/policy"
)

// Engine assesses cases against one policy snapshot. It is safe for
// concurrent use: it holds only the immutable snapshot.
type Engine struct {
	snap *policy.Snapshot
	work sync.Pool // *workBuf working buffers, reused between assessments
	sims sync.Pool // *simSpace: the quote's simulation, reused between assessments
	runs sync.Pool // *runSpace: an assessment's working state, zeroed before it is put back

	fullSims bool // tests: every quote simulation walks the whole ledger (no resume point)
	checks   bool // tests: shortcuts checked against the month-by-month definitions
}

// simSpace holds everything one quote simulation writes, so that the
// simulation behind every quote allocates nothing once warm. Its answer is
// read by the quote and the bills of the same assessment, then returned.
type simSpace struct {
	a      Assessment
	cx     ctx
	r      run
	c      yibao.Case
	ledger []yibao.LedgerRow
	paidOn yibao.Date // the payment's date, which the payment's row points to
	work   workBuf    // the simulation's months (not the engine's pool)
	shared int        // a.Warnings[:shared] are the base's (a resumed simulation)
}

// Payment is "this person pays months From..To as Scheme at BaseFen on
// date On" — the one simulation behind the quote, every plan option and the
// page's 如今天补缴. A month paid after its due date is back-paid, month by
// month. Through, if after To, continues paying on time every month up to it.
type Payment struct {
	Scheme  yibao.Scheme `json:"scheme"`
	From    yibao.Month  `json:"from"`
	To      yibao.Month  `json:"to"`
	BaseFen yibao.Fen    `json:"base_fen,omitempty"`
	On      yibao.Date   `json:"paid_on,omitzero"` // 0: each month paid on time
	Through yibao.Month  `json:"through,omitzero"`
}

// WithPayment returns a copy of c in which p is paid: ledger rows from
// p.From on are dropped (the payment replaces them) and p's rows added. The
// quote and plan parts of c are cleared; c is not changed.
func WithPayment(c *yibao.Case, p Payment) *yibao.Case {
	v := *c
	v.Quote, v.Plan = nil, nil
	v.Ledger = appendPayment(make([]yibao.LedgerRow, 0, len(c.Ledger)+2), c.Ledger, p, new(yibao.Date))
	return &v
}

// appendPayment appends to out the rows of ledger before p.From (a row
// reaching into the payment is cut short) and then p's rows; the paid row's
// date is kept in *on.
func appendPayment(out, ledger []yibao.LedgerRow, p Payment, on *yibao.Date) []yibao.LedgerRow {
	for _, r := range ledger {
		if r.From >= p.From {
			continue
		}
		if r.To >= p.From {
			r.To = p.From.Add(-1)
		}
		out = append(out, r)
	}
	row := yibao.LedgerRow{From: p.From, To: p.To, Scheme: p.Scheme, Status: yibao.Paid, BaseFen: p.BaseFen}
	if p.On != 0 {
		*on = p.On
		row.PaidOn = on
	}
	out = append(out, row)
	if p.Through > p.To {
		out = append(out, yibao.LedgerRow{From: p.To.Add(1), To: p.Through, Scheme: p.Scheme, Status: yibao.Paid, BaseFen: p.BaseFen})
	}
	return out
}

// Simulate assesses c as if p were paid: the same engine, rules, citations
// and warnings as Assess of WithPayment(c, p).
func (e *Engine) Simulate(c *yibao.Case, p Payment) (*Assessment, error) {
	return e.Assess(WithPayment(c, p))
}

// New returns an Engine for snapshot s.
func New(s *policy.Snapshot) *Engine { return &Engine{snap: s} }

// Snapshot returns the policy snapshot the engine answers from.
func (e *Engine) Snapshot() *policy.Snapshot { return e.snap }

// workBuf is one assessment's per-month working memory.
type workBuf struct {
	months []month
	tlc    []uint8 // scheme code shown on the timeline, per month
	codes  []uint8 // months[i].code, as bytes (whole runs copied at once)
	insb   []byte  // 1 where months[i].ins (runs found with bytes.IndexByte)
}

// fillMonths sets every element of s to v: a few one by one, then
// doubling the filled part with copy.
func fillMonths(s []month, v month) {
	k := min(len(s), 4)
	for i := range s[:k] {
		s[i] = v
	}
	for ; k < len(s); k *= 2 {
		copy(s[k:], s[:k])
	}
}

// fillBytes sets every byte of s to v, eight at a time.
func fillBytes(s []byte, v byte) {
	pat := uint64(v) * 0x0101010101010101
	i := 0
	for ; i+8 <= len(s); i += 8 {
		binary.LittleEndian.PutUint64(s[i:], pat)
	}
	for ; i < len(s); i++ {
		s[i] = v
	}
}

// statusBytes is st as bytes (a Status is one byte).
func statusBytes(st []Status) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(st))), len(st))
}

// month is one month of the working ledger. It holds no pointers, so the
// whole timeline is one allocation the garbage collector need not scan.
//
// Eight bytes: what is the row's (payment date, own due date, base) is
// read from the row (paidOn, ownDue, baseOf), not copied into each month.
type month struct {
	row  uint32 // 1 + the index of the ledger row (0: none); its base, payment date and due date are the month's
	code uint8  // scheme of the ledger row (schemeCodes)
	stat uint8  // statNone, statPaid, statUnpaid
	late bool   // back-paid: paid after this month's due date
	ins  bool   // insured: employee-kind paid on time, or enrolled as a resident
}

const (
	statNone uint8 = iota
	statPaid
	statUnpaid
)

var schemeCodes = [...]yibao.Scheme{"", yibao.Employee, yibao.Flexible, yibao.Resident}

func codeOf(s yibao.Scheme) uint8 {
	switch s {
	case yibao.Employee:
		return 1
	case yibao.Flexible:
		return 2
	case yibao.Resident:
		return 3
	}
	return 0
}

// empKind reports whether the month's scheme is employee insurance (employer or flexible).
func (x month) empKind() bool { return x.code == 1 || x.code == 2 }

func statOf(s yibao.PayStatus) uint8 {
	switch s {
	case yibao.Paid:
		return statPaid
	case yibao.Unpaid:
		return statUnpaid
	}
	return statNone
}

func (x month) scheme() yibao.Scheme { return schemeCodes[x.code] }

// baseOf is the contribution base of the ledger row month x comes from (0:
// none). A resumed simulation's months before its resume point carry the
// base run's row indexes, which its own ledger keeps (rows in order, those
// before the payment first).
func (r *run) baseOf(x *month) yibao.Fen {
	if row := r.rowOf(x); row != nil {
		return row.BaseFen
	}
	return 0
}

// residentRow marks a month's row as a residents' coverage year: the low
// bits are 1 + its index in the answer's Resident years.
const residentRow = 1 << 31

// rowOf is month x's ledger row (nil: none, or a residents' year).
func (r *run) rowOf(x *month) *yibao.LedgerRow {
	if x.row == 0 || x.row&residentRow != 0 {
		return nil
	}
	return &r.c.Ledger[x.row-1]
}

// paidOn is the payment date of month x's row or residents' year (0: not
// given).
func (r *run) paidOn(x *month) yibao.Date {
	if x.row&residentRow != 0 {
		return r.a.Resident[x.row&^residentRow-1].PaidOn
	}
	if row := r.rowOf(x); row != nil && row.PaidOn != nil {
		return *row.PaidOn
	}
	return 0
}

// ownDue is month m's own due date from its row's due (0: the region's
// rule applies).
func (r *run) ownDue(m yibao.Month, x *month) yibao.Date {
	if row := r.rowOf(x); row != nil && row.Due != nil {
		d, _ := row.DueOf(m)
		return d
	}
	return 0
}

// run holds the working state of one assessment.
type run struct {
	*ctx
	eng    *Engine
	sim    bool // a simulation inside a quote: no quote of its own
	c      *yibao.Case
	from   yibao.Month
	asOfM  yibao.Month
	months []month
	cum    int     // employee-kind months paid up to the as-of month, counted row by row (-1: count month by month)
	tlc    []uint8 // the scheme shown on the timeline, per month (schemeCodes)
	codes  []uint8 // months[i].code
	insb   []byte  // months[i].ins as 0/1
	buf    *workBuf
	room   *answerSpace // the answer's preallocated room (nil in a quote's simulation)
	keep   *workBuf     // the run's own buffer (a pooled simulation's), used instead of the engine's pool
	tl     *Timeline

	hasOpen    bool // a lapse runs on the as-of date
	openFrom   yibao.Month
	openFacts  lapseFacts
	openScheme yibao.Scheme
	openCont   int

	// closed lapses inside the grace window, not yet back-paid, whose
	// deadline has not passed: the gap can still be paid (and, where the
	// region allows, its bills claimed).
	payable []payableGap

	// the reasons [retFrom, retTo) explain the last return to cover; the
	// quote shows them for its simulated payment
	retFrom, retTo int
	// first covered day of a month whose cover starts after its 1st
	starts []dayStart
	// the simulation of the quote's payment, in its pooled workspace
	quoteSim   *Assessment
	quoteSpace *simSpace
	// the walk's state before the open lapse, for the quote's simulation
	ck    resumePoint
	hasCk bool
}

type dayStart struct {
	m yibao.Month
	d yibao.Date
}

type payableGap struct {
	from, to yibao.Month
	retro    bool
}

// markRun marks the insured run [m, b]: waiting before coverStart, covered
// from it. A run reaching the data end is projected until cover starts,
// assuming payment continues.
func (r *run) markRun(m, b, end, coverStart yibao.Month) {
	sch := r.months[r.idx(m)].scheme()
	for x := m; x <= min(b, coverStart-1); x++ {
		if st := r.tl.At(x); st != Unknown && st != NotCovered {
			r.setOwn(x, Waiting)
		}
	}
	if lo, hi := r.idx(max(m, coverStart)), r.idx(b); lo <= hi && lo >= 0 && hi < len(r.tl.Status) {
		// the covered part of the run, filled in one pass
		fillBytes(statusBytes(r.tl.Status[lo:hi+1]), byte(Covered))
		copy(r.tlc[lo:hi+1], r.codes[lo:hi+1])
	}
	if b == end && coverStart > b {
		if coverStart > r.last() {
			// the timeline projects 12 months past the data; a start later
			// than that is not shown, and the answer says so
			r.warn("assumption", "cover_beyond_projection")
		}
		for x := b + 1; x < coverStart && x <= r.last(); x++ {
			if r.tl.At(x) != Unknown {
				r.set(x, Waiting, sch)
			}
		}
		r.set(coverStart, Covered, sch)
	}
}

// Assess computes the assessment of c. c must have passed validation
// (caseio.Validate); Assess returns an error only for facts it cannot place.
func (e *Engine) Assess(c *yibao.Case) (*Assessment, error) {
	return e.assess(c, false)
}

func (e *Engine) assess(c *yibao.Case, sim bool) (*Assessment, error) {
	if len(c.Region) != 6 {
		return nil, fmt.Errorf("region %q is not a six-digit code", c.Region)
	}
	// the answer and the lists it usually needs, in one allocation; the
	// working state in another
	as := &answerSpace{}
	a := &as.a
	*a = Assessment{AsOf: c.AsOf, Reasons: as.reasons[:0], Params: as.params[:0], Warnings: as.warnings[:0], Lapses: as.lapses[:0]}
	rs, _ := e.runs.Get().(*runSpace)
	if rs == nil {
		rs = new(runSpace)
	}
	// zeroed when put back: no answer is reachable from the pool, and no
	// slice of a past run is shared with this one (a.starts is r.starts)
	defer func() { *rs = runSpace{}; e.runs.Put(rs) }()
	rs.cx = ctx{a: a, refs: as.refs[:0]}
	rs.r.ctx = &rs.cx
	r := &rs.r
	r.room = as
	if c.Quote != nil {
		r.ctx.choice = c.Quote.Option
	}
	if c.Person != nil && c.Person.Birth != nil {
		r.ctx.birth = *c.Person.Birth
	}
	return e.assessIn(c, sim, a, r)
}

// answerSpace is an answer with room for the reasons, parameters,
// warnings and lapses of a usual case (more grow as slices do): sized for
// nine in ten generated cases and the 20-year benchmark (10 reasons, 8
// parameters, 5 warnings, 3 lapses, 6 refs) — every byte here is zeroed
// and later swept, per assessment.
type answerSpace struct {
	a        Assessment
	reasons  [12]Reason
	params   [12]ParamUse
	warnings [8]Warning
	lapses   [4]Lapse
	refs     [16]int
	bills    [2]BillResult
	quote    quoteSpace
	ranges   [16]Range
	status   [320]Status // the timeline's months, when they fit (26 years and more)
}

// quoteSpace is a quote and what it points to.
type quoteSpace struct {
	q         Quote
	pay       Payment
	months    [4]QuoteMonth // the months priced, when they fit
	deadline  yibao.Date
	first     yibao.Month
	firstDate yibao.Date
}

// runSpace is one assessment's working state.
type runSpace struct {
	r  run
	cx ctx
}

// simulate assesses c with p paid, for a quote, in a pooled workspace;
// release returns it.
func (e *Engine) simulate(c *yibao.Case, p Payment, base *run) (*simSpace, error) {
	sp, _ := e.sims.Get().(*simSpace)
	if sp == nil {
		sp = &simSpace{}
	}
	if !e.fullSims && sp.reset(c, p) && e.resume(sp, base, p) {
		return sp, nil
	}
	sp.reset(c, p)
	if _, err := e.assessIn(&sp.c, true, &sp.a, &sp.r); err != nil {
		e.sims.Put(sp)
		return nil, err
	}
	return sp, nil
}

// reset lays the variant case (as WithPayment builds it) and clears the
// answer, in reused memory.
func (sp *simSpace) reset(c *yibao.Case, p Payment) bool {
	// the variant case, as WithPayment builds it, in reused memory
	sp.c = *c
	sp.c.Quote, sp.c.Plan = nil, nil
	sp.ledger = appendPayment(sp.ledger[:0], c.Ledger, p, &sp.paidOn)
	sp.c.Ledger = sp.ledger
	a := &sp.a
	*a = Assessment{AsOf: c.AsOf, Reasons: a.Reasons[:0], Params: a.Params[:0], Warnings: a.Warnings[:0], Lapses: a.Lapses[:0],
		Resident: a.Resident[:0], starts: a.starts[:0], Timeline: Timeline{Status: a.Timeline.Status[:0]}}
	sp.cx = ctx{a: a, refs: sp.cx.refs[:0]}
	sp.r = run{ctx: &sp.cx, payable: sp.r.payable[:0], starts: a.starts, keep: &sp.work}
	sp.shared = 0
	return true
}

func (e *Engine) release(sp *simSpace) {
	if sp != nil {
		e.sims.Put(sp)
	}
}

// lend gives r a working month buffer from the pool; giveBack returns it.
func (e *Engine) lend(r *run) {
	if r.keep != nil {
		r.buf = r.keep
		return
	}
	buf, _ := e.work.Get().(*workBuf)
	if buf == nil {
		buf = new(workBuf)
	}
	r.buf = buf
}

func (e *Engine) giveBack(r *run) {
	if r.keep == nil {
		e.work.Put(r.buf)
	}
}

// assessIn runs an assessment of c into a and r, which hold only reusable
// memory (the rest is set here).
func (e *Engine) assessIn(c *yibao.Case, sim bool, a *Assessment, r *run) (*Assessment, error) {
	chain := e.snap.Chain(c.Region)
	a.Region = regionInfo(c.Region, chain)
	r.ctx.snap, r.ctx.chain, r.ctx.asOf = e.snap, chain, c.AsOf
	r.eng, r.sim, r.c, r.asOfM = e, sim, c, c.AsOf.Month()
	if !chain.Known {
		r.warn("region_not_encoded", c.Region)
	}
	e.lend(r)
	defer e.giveBack(r)
	r.span(nil)
	r.residents()
	r.employee()
	if sim {
		// the quote's simulation: it reads the timeline, the cover start
		// days and the reasons of the return; counters, incentives, bills
		// and ranges are views it does not need (engine.Simulate, the
		// public form, computes them all)
		r.markResidents()
		a.starts = r.starts
		a.ret = [2]int{r.retFrom, r.retTo}
		return a, nil
	}
	r.counters()
	r.markResidents()
	if err := r.quote(); err != nil {
		return nil, err
	}
	r.incentive()
	r.bills()
	r.checkChoice()
	r.eng.release(r.quoteSpace)
	r.quoteSim, r.quoteSpace = nil, nil
	r.ranges()
	a.starts = r.starts
	a.ret = [2]int{r.retFrom, r.retTo}
	if len(a.Lapses) == 0 {
		a.Lapses = []Lapse{}
	}
	if a.Warnings == nil {
		a.Warnings = []Warning{}
	}
	return a, nil
}

// span sizes the timeline: from the first ledger month or resident year to
// the later of the as-of month, the last ledger month and the last resident year.
//
// With base (a resumed simulation), the months before the base's resume
// point are the base's — the payment replaces rows only after it — and are
// copied, not filled again; span reports false (nothing to resume) when
// the spans differ or rows are out of order.
func (r *run) span(base *run) bool {
	from, to := r.asOfM, r.asOfM
	// sorted: rows in order, none overlapping (as validation ensures) —
	// then only the months between rows need clearing, and the months
	// paid count row by row
	sorted, prevTo := true, yibao.Month(-1<<31)
	for i := range r.c.Ledger {
		row := &r.c.Ledger[i]
		from, to = min(from, row.From), max(to, row.To)
		sorted = sorted && row.From > prevTo && row.To >= row.From
		prevTo = row.To
	}
	for _, ry := range r.c.ResidentYears {
		from, to = min(from, yibao.MonthOf(ry.Year, 1)), max(to, yibao.MonthOf(ry.Year, 12))
	}
	to = to.Add(projection)
	r.from = from
	n := to.Sub(from) + 1
	nb := 0 // months [0, nb) are the base's
	if base != nil {
		nb = base.idx(base.ck.b) + 1
		if !sorted || from != base.from || nb >= n {
			return false
		}
	}
	if cap(r.buf.months) < n {
		r.buf.months = make([]month, n)
		r.buf.tlc = make([]uint8, n)
		r.buf.codes = make([]uint8, n)
		r.buf.insb = make([]byte, n)
	}
	r.codes, r.insb = r.buf.codes[:n], r.buf.insb[:n]
	r.months = r.buf.months[:n]
	r.tlc = r.buf.tlc[:n]
	r.tl = &r.a.Timeline
	r.tl.From, r.tl.To = from, to
	if cap(r.tl.Status) >= n {
		r.tl.Status = r.tl.Status[:n]
	} else if r.room != nil && n <= len(r.room.status) {
		r.tl.Status = r.room.status[:n]
	} else {
		r.tl.Status = make([]Status, n)
	}
	if base != nil {
		copy(r.months[:nb], base.months[:nb])
		copy(r.codes[:nb], base.codes[:nb])
		copy(r.insb[:nb], base.insb[:nb])
		copy(r.tlc[:nb], base.tlc[:nb])
		copy(r.tl.Status[:nb], base.tl.Status[:nb])
	}
	clear(r.codes[nb:])
	clear(r.insb[nb:])
	clear(r.tlc[nb:])
	clear(r.tl.Status[nb:])
	if !sorted {
		clear(r.months)
	}
	ms := r.months
	r.cum = -1
	if sorted && base == nil {
		r.cum = 0
	}
	next := nb // sorted: months before next are written
	for i := range r.c.Ledger {
		row := &r.c.Ledger[i]
		if row.To.Sub(from) < nb {
			continue // the base's
		}
		code, stat := codeOf(row.Scheme), statOf(row.Status)
		lo, hi := max(row.From.Sub(from), nb), row.To.Sub(from)+1
		if sorted {
			clear(ms[next:lo])
			next = hi
			if stat == statPaid && (code == 1 || code == 2) && r.cum >= 0 {
				r.cum += max(0, min(row.To, r.asOfM).Sub(row.From)+1)
			}
		}
		var paidOn yibao.Date
		if row.PaidOn != nil {
			paidOn = *row.PaidOn
		}
		tmpl := month{code: code, stat: stat, row: uint32(i + 1), ins: stat == statPaid}
		seg := ms[lo:hi]
		fillMonths(seg, tmpl)
		fillBytes(r.codes[lo:hi], code)
		if tmpl.ins {
			fillBytes(r.insb[lo:hi], 1)
		}
		if paidOn == 0 && row.Due == nil {
			continue // nothing month-specific: not paid late, no own due date
		}
		for j := range seg {
			m := from.Add(lo + j)
			x := &seg[j]
			// lateness is a fact of the month, never of how rows are split
			if stat == statPaid && paidOn != 0 {
				due, assumed := r.dueDate(m, r.ownDue(m, x))
				x.late = paidOn > due
				// a region whose contributions fall due next month could
				// decide a payment made then differently: say so
				if assumed && x.late && paidOn <= lastDay(m.Add(1)) {
					r.warn("assumption", "due_month_end")
				}
			}
			x.ins = stat == statPaid && !x.late
			if !x.ins {
				r.insb[lo+j] = 0
			}
		}
	}
	if sorted {
		clear(ms[next:])
	}
	return true
}

// dueDate is the day month m's contribution is due: the ledger's own due
// date, else the region's rule (contribution.due.*), else — said in the
// answer where it decides anything — the last day of the month (assumed).
func (r *run) dueDate(m yibao.Month, own yibao.Date) (yibao.Date, bool) {
	if own != 0 {
		return own, false
	}
	d := m.First()
	if r.peek(policy.ContributionDueMonthOffset, d) != nil && r.peek(policy.ContributionDueDay, d) != nil {
		off, day := r.get(policy.ContributionDueMonthOffset, d), r.get(policy.ContributionDueDay, d)
		if off.ok && day.ok {
			dm := m.Add(off.int())
			return yibao.DateOf(dm.Year(), dm.Num(), min(day.int(), daysIn(dm))), false
		}
	}
	return d + yibao.Date(daysIn(m)-1), true
}

// daysIn is the number of days of month m (proleptic Gregorian, as
// yibao.DateOf counts).
func daysIn(m yibao.Month) int {
	switch m.Num() {
	case 2:
		if y := m.Year(); y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// lastDay is m.Last() with one day count instead of a second calendar
// conversion.
func lastDay(m yibao.Month) yibao.Date { return m.First() + yibao.Date(daysIn(m)-1) }

// projection is how many months past the data the timeline may show, for
// waiting periods that end after the as-of date.
const projection = 12

func (r *run) idx(m yibao.Month) int { return m.Sub(r.from) }

func (r *run) set(m yibao.Month, s Status, sch yibao.Scheme) {
	if i := r.idx(m); i >= 0 && i < len(r.tl.Status) {
		r.tl.Status[i], r.tlc[i] = s, codeOf(sch)
	}
}

// setOwn marks m with status s and the month's own scheme (the hot path:
// no scheme string to compare).
func (r *run) setOwn(m yibao.Month, s Status) {
	if i := r.idx(m); i >= 0 && i < len(r.tl.Status) {
		r.tl.Status[i], r.tlc[i] = s, r.months[i].code
	}
}

func (r *run) last() yibao.Month { return r.from.Add(len(r.months) - 1) }

// dataEnd is the last month with facts: the as-of month or the last ledger/resident month.
func (r *run) dataEnd() yibao.Month { return r.last().Add(-projection) }

// employee walks the employee-kind ledger run by run: insured runs, the
// lapses between them, and the waiting period each return to paying starts.
func (r *run) employee() {
	end := r.dataEnd()
	// months before the first insured month are not enrolled (arrears there are not covered)
	m := r.from
	for m <= end && !r.ins(m) {
		if r.months[r.idx(m)].stat == statUnpaid {
			r.setOwn(m, NotCovered)
		}
		m++
	}
	if m > end {
		return
	}
	r.walk(m, true, false, runRef{}, end)
}

// runRef is an insured run [m, b] after the run ending at prevEnd, with
// that run's continuous count: enough to count the run's own (contOf)
// without walking back month by month.
type runRef struct {
	m, b, prevEnd yibao.Month
	prevCont      int
}

// contOf is contEnding(x.b), from the run's own months and the count
// before it: the run, and when the gap before it was back-paid in time
// (curedGap), the gap and the runs before it. It reads the same grace
// window, at the same point, as contEnding would.
func (r *run) contOf(x runRef) int {
	n := x.b.Sub(x.m) + 1
	if k := r.curedGap(x.m - 1); k > 0 {
		n += k + x.prevCont
	}
	if r.eng.checks {
		if want := r.contEnding(x.b); n != want {
			panic(fmt.Sprintf("contOf %v: %d, contEnding %d", x, n, want))
		}
	}
	return n
}

// walk processes insured runs from month m (insured) on: each run's start
// of cover, and the lapse after it.
func (r *run) walk(m yibao.Month, first, restart bool, prev runRef, end yibao.Month) {
	ms := r.months[:r.idx(end)+1]
	insb := r.insb[:len(ms)]
	for m <= end {
		// insured run [m, b]
		bi := r.idx(m)
		if k := bytes.IndexByte(insb[bi:], 0); k < 0 {
			bi = len(insb) - 1
		} else {
			bi += k - 1
		}
		b := r.from.Add(bi)
		sch := ms[r.idx(m)].scheme()
		r.retFrom = len(r.a.Reasons)
		var cs coverStart
		cur := runRef{m: m, b: b}
		if first {
			cs = r.firstEnrolment(m, sch)
			first = false
		} else {
			cont := r.contOf(prev)
			cur.prevEnd, cur.prevCont = prev.b, cont
			cs = r.afterLapse(prev.b, m, sch, restart, cont)
		}
		r.retTo = len(r.a.Reasons)
		r.markRun(m, b, end, cs.m)
		if cs.d != 0 && cs.d != cs.m.First() {
			r.starts = append(r.starts, dayStart{cs.m, cs.d})
		}
		restart = cs.m > b+1 && r.waitMode(sch, r.payDate(m)) == "consecutive_paid_months"
		// lapse [b+1, c-1]
		ci := bi + 1
		if k := bytes.IndexByte(insb[ci:], 1); k < 0 {
			ci = len(insb)
		} else {
			ci += k
		}
		if ci == len(ms) {
			if b < end {
				if !r.sim {
					r.checkpoint(cur, restart)
				}
				r.openLapse(cur, end)
			}
			return
		}
		prev = cur
		m = r.from.Add(ci)
	}
}

// resumePoint is the walk's state just before the open lapse: everything
// a simulation of paying it needs from the months before it, which a
// payment does not change.
type resumePoint struct {
	b                                 yibao.Month // the last insured month
	last                              runRef      // the insured run ending at b
	restart                           bool
	nParams, nWarnings                int
	nStarts, nPayable, retFrom, retTo int
	warned                            [policy.NumParams]uint8
}

func (r *run) checkpoint(last runRef, restart bool) {
	r.ck = resumePoint{b: last.b, last: last, restart: restart, nParams: len(r.a.Params), nWarnings: len(r.a.Warnings),
		nStarts: len(r.starts), nPayable: len(r.payable), retFrom: r.retFrom, retTo: r.retTo, warned: r.warned}
	r.hasCk = true
}

// resume assesses the simulation case in sp from base's resume point: the
// months before the payment are the base's, so their walk is not repeated.
// It reports false (and leaves sp to be reset) when the point does not
// apply: residents' years (decided from the whole ledger), a payment that
// reaches back into the last insured run, or a different span.
func (e *Engine) resume(sp *simSpace, base *run, p Payment) bool {
	ck := &base.ck
	if !base.hasCk || len(sp.c.ResidentYears) > 0 || p.From <= ck.b {
		return false
	}
	a, r := &sp.a, &sp.r
	a.Region = base.a.Region
	r.ctx.snap, r.ctx.chain, r.ctx.asOf = e.snap, base.chain, sp.c.AsOf
	r.eng, r.sim, r.c, r.asOfM = e, true, &sp.c, sp.c.AsOf.Month()
	// the simulation's answer is read only by the quote: its timeline, the
	// reasons of its last return to cover (with their parameters' entries)
	// and its warnings. Of the base's reasons only that return's are
	// carried (the parameters all, so that indexes agree); its lapses,
	// written only, are not.
	a.Reasons = append(a.Reasons, base.a.Reasons[ck.retFrom:ck.retTo]...)
	a.Params = append(a.Params, base.a.Params[:ck.nParams]...)
	for i := range a.Params {
		r.ctx.at[a.Params[i].entry.Param] = int32(i + 1)
	}
	a.Warnings = append(a.Warnings, base.a.Warnings[:ck.nWarnings]...)
	r.starts = append(r.starts, base.starts[:ck.nStarts]...)
	r.payable = append(r.payable, base.payable[:ck.nPayable]...)
	r.warned = ck.warned
	r.retFrom, r.retTo = 0, ck.retTo-ck.retFrom
	e.lend(r)
	defer e.giveBack(r)
	if !r.span(base) || r.months[base.idx(ck.b)+1].ins {
		// another span, or the payment continues the last run (paid on
		// time under the region's due date): the base's walk does not apply
		return false
	}
	end := r.dataEnd()
	c := ck.b + 1
	for c <= end && !r.ins(c) {
		c++
	}
	if c > end {
		r.openLapse(ck.last, end)
	} else {
		r.walk(c, false, ck.restart, ck.last, end)
	}
	r.markResidents()
	a.starts = r.starts
	a.ret = [2]int{r.retFrom, r.retTo}
	sp.shared = ck.nWarnings
	return true
}

// coverStart is when cover begins: a month, and the day within it when the
// rule counts days (0 = the 1st).
type coverStart struct {
	m yibao.Month
	d yibao.Date
}

func monthStart(m yibao.Month) coverStart { return coverStart{m: m} }

func dayStartOf(d yibao.Date) coverStart { return coverStart{m: d.Month(), d: d} }

// ins reports whether m is insured: employee-kind paid on time or enrolled as a resident.
func (r *run) ins(m yibao.Month) bool {
	i := r.idx(m)
	return i >= 0 && i < len(r.months) && r.months[i].ins
}

// empInsured reports whether m is an employee-kind month paid on time.
func (r *run) empInsured(m yibao.Month) bool {
	i := r.idx(m)
	return i >= 0 && i < len(r.months) && r.months[i].stat == statPaid && !r.months[i].late && r.months[i].empKind()
}

// waitMode reads (traced) the waiting mode in force for scheme s on date d.
func (r *run) waitMode(s yibao.Scheme, d yibao.Date) string {
	p := policy.EmployeeWaitingMode
	if s == yibao.Flexible {
		p = policy.FlexibleWaitingMode
	}
	return r.get(p, d).str()
}

// benefitStart applies the region's benefit start lag to cover that begins
// without a waiting period with month c, paid on payDate(c): the payment
// month, the month after it (沪医保规〔2025〕7号: 自缴费次月起享受待遇), or
// N days after the payment date. Not encoded: the payment month, and the
// answer says the rule is not encoded.
func (r *run) benefitStart(c yibao.Month, s yibao.Scheme) coverStart {
	if s == yibao.Resident {
		return monthStart(c)
	}
	pm, pd := policy.EmployeeBenefitStart, policy.EmployeeBenefitStartDays
	if s == yibao.Flexible {
		pm, pd = policy.FlexibleBenefitStart, policy.FlexibleBenefitStartDays
	}
	d := r.payDate(c)
	if !r.recent(c) && r.peek(pm, d) == nil {
		// a start long before the as-of date that no bill asks about: the
		// rule could change no answer, so its absence is not a caveat
		return monthStart(c)
	}
	mode := r.get(pm, d)
	if !mode.ok {
		return monthStart(c)
	}
	switch mode.str() {
	case "next_month":
		start := max(c, d.Month().Add(1))
		r.because("benefit.start.next_month", Args{Month: start, Date: d, Scheme: s}, mode)
		return monthStart(start)
	case "days_after_payment":
		n := r.get(pd, d)
		if !n.ok {
			r.because("benefit.start.days_not_encoded", Args{Month: c, Scheme: s}, mode, n)
			return monthStart(c)
		}
		day := d.AddDays(n.int())
		if day.Month() < c {
			return monthStart(c)
		}
		r.because("benefit.start.days", Args{Date: d, N: n.int(), Text: day.String(), Scheme: s}, mode, n)
		return dayStartOf(day)
	}
	start := max(c, d.Month())
	r.because("benefit.start.payment_month", Args{Month: start, Scheme: s}, mode)
	return monthStart(start)
}

// recent reports whether month m can change an answer the user asked for:
// within a year before the as-of month or later, or the month of a bill.
func (r *run) recent(m yibao.Month) bool {
	if m >= r.asOfM.Add(-12) {
		return true
	}
	for _, b := range r.c.Bills {
		if b.Date.Month() == m {
			return true
		}
	}
	return false
}

// firstEnrolment handles the first insured month m.
func (r *run) firstEnrolment(m yibao.Month, s yibao.Scheme) coverStart {
	if s != yibao.Flexible {
		if s == yibao.Employee {
			r.because("employee.first_enrolment", Args{Month: m})
			return r.benefitStart(m, s)
		}
		return monthStart(m)
	}
	d := m.First()
	mode := r.get(policy.FlexibleFirstWaitingMode, d)
	if !mode.ok || mode.str() == "none" {
		if !mode.ok {
			r.because("flexible.first_enrolment.not_encoded", Args{Month: m}, mode)
		} else {
			r.because("flexible.first_enrolment.none", Args{Month: m}, mode)
		}
		return r.benefitStart(m, s)
	}
	n := r.get(policy.FlexibleFirstWaitingMonths, d)
	start := m.Add(n.int())
	if mode.str() == "months_from_payment" {
		start = r.payMonth(m).Add(n.int())
	}
	r.because("flexible.first_enrolment.waiting", Args{Month: m, N: n.int(), To: start, Text: mode.str()}, mode, n)
	return monthStart(start)
}

func (r *run) payMonth(m yibao.Month) yibao.Month {
	if p := r.paidOn(&r.months[r.idx(m)]); p != 0 && p.Month() > m {
		return p.Month()
	}
	return m
}

func (r *run) payDate(m yibao.Month) yibao.Date {
	if p := r.paidOn(&r.months[r.idx(m)]); p != 0 && p >= m.First() { // paid in m or later
		return p
	}
	return m.First()
}

// lapseFacts describes the lapse [from, to].
type lapseFacts struct {
	cured   bool       // every month back-paid
	arrears bool       // some month owed (unpaid)
	paid    yibao.Date // latest back-payment date
	cause   string
}

func (r *run) facts(from, to yibao.Month) lapseFacts {
	f := lapseFacts{cured: true, cause: "not_enrolled"}
	for m := from; m <= to; m++ {
		x := r.months[r.idx(m)]
		if x.stat == statUnpaid {
			f.arrears = true
		}
		if x.stat == statPaid && x.late {
			f.paid = max(f.paid, r.paidOn(&x))
			if x.scheme() == yibao.Employee { // a back-paid employer month was arrears until paid
				f.arrears = true
			}
		} else {
			f.cured = false
		}
	}
	if f.arrears {
		f.cause = "arrears"
	}
	for _, ev := range r.c.Events {
		em := ev.Date.Month()
		if em >= from.Add(-1) && em <= to && (ev.Kind == yibao.JobEnded || ev.Kind == yibao.Stopped) {
			f.cause = string(ev.Kind)
		}
	}
	return f
}

// within reads the grace window and the 43号 switching conditions for a return.
// The reads are added to used.
func (r *run) within(L int, prev, next yibao.Scheme, contBefore int, d yibao.Date, used *looks) bool {
	g := r.get(policy.EmployeeGraceMonths, d)
	used.add(g)
	if !g.ok || L > g.int() {
		return false
	}
	if prev == next || (prev.IsEmployeeKind() && next.IsEmployeeKind()) {
		return true
	}
	if next == yibao.Flexible {
		ex := r.get(policy.FlexibleExemptWithinMonths, d)
		if ex.ok && L <= ex.int() {
			used.add(ex)
			return true
		}
	}
	mc := r.get(policy.SwitchMinContinuousMonths, d)
	used.add(mc)
	return mc.ok && contBefore >= mc.int()
}

// looks is a small set of parameter reads: the first four stay off the
// heap, more spill into a slice — none is ever dropped.
type looks struct {
	a    [4]look
	n    int
	more []look
}

func (l *looks) add(x look) {
	if l.n < len(l.a) {
		l.a[l.n] = x
		l.n++
		return
	}
	l.more = append(l.more, x)
}

func (l *looks) all() []look {
	if len(l.more) == 0 {
		return l.a[:l.n]
	}
	return append(l.a[:l.n:l.n], l.more...)
}

// lapseInfo is what a waiting rule may depend on: the lapse's length,
// cause and the schemes on either side.
type lapseInfo struct {
	months     int
	cause      string
	prev, next yibao.Scheme
}

// afterLapse applies the rules for a return to paying in month c after the
// lapse [prevEnd+1, c-1]. It marks the lapse months and returns when cover
// starts for the new run.
func (r *run) afterLapse(prevEnd, c yibao.Month, s yibao.Scheme, restart bool, contBefore int) coverStart {
	from, to := prevEnd.Add(1), c.Add(-1)
	L := c.Sub(from)
	f := r.facts(from, to)
	prev := r.months[r.idx(prevEnd)].scheme()
	if s == yibao.Resident {
		// residents' waiting periods are decided per coverage year (resident.go)
		r.a.Lapses = append(r.a.Lapses, Lapse{From: from, To: to, Months: L, Cause: f.cause, Scheme: prev})
		r.markUncured(from, to, f)
		return monthStart(c)
	}
	d := r.payDate(c)
	if g := r.chain.Find(policy.EmployeeGraceMonths, d); g == nil {
		// no lapse rule in force then (e.g. before 医保办发〔2021〕43号): say so, decide nothing
		r.a.Lapses = append(r.a.Lapses, Lapse{From: from, To: to, Months: L, Cause: f.cause, Scheme: prev, BackPaid: f.cured})
		r.markUncured(from, to, f)
		r.because("lapse.rules_not_encoded", Args{From: from, To: to, N: L, Date: d}, r.get(policy.EmployeeGraceMonths, d))
		return monthStart(c)
	}
	var used looks
	ok := r.within(L, prev, s, contBefore, d, &used)
	lp := Lapse{From: from, To: to, Months: L, Cause: f.cause, Scheme: prev, BackPaid: f.cured, WithinGrace: ok && !restart}

	r.a.Lapses = append(r.a.Lapses, lp)
	if restart {
		r.because("waiting.restarted", Args{From: from, To: to, N: L}, used.all()...)
	}
	if ok && !restart {
		retro := r.get(policy.EmployeeRetroWithinGrace, d)
		r.because("lapse.within_grace", Args{From: from, To: to, N: L, Scheme: s}, used.all()...)
		if f.cured && retro.bool() {
			// back-paid and covered retroactively: one continuous run
			for m := from; m <= to; m++ {
				r.setOwn(m, CoveredRetro)
			}
			r.because("backpay.retro", Args{From: from, To: to, Date: f.paid}, retro)
			return monthStart(c)
		}
		start := r.benefitStart(c, s)
		if f.cured {
			for m := from; m <= to; m++ {
				r.setOwn(m, NotCovered)
			}
			r.because("backpay.no_retro", Args{From: from, To: to, Date: f.paid}, retro)
			if f.paid.Month() >= c {
				// cover resumes only once the gap is paid (沪医保规〔2025〕7号: 足额补缴后，自补缴次月起恢复)
				res := r.get(policy.EmployeeResumeAfterBackpay, f.paid)
				if res.ok {
					resume := f.paid.Month()
					if res.str() == "next_month" {
						resume++
					}
					if resume > start.m {
						start = monthStart(resume)
					}
					r.because("backpay.resume", Args{Month: resume, Date: f.paid, Text: res.str()}, res)
				}
			}
			for m := c; m < start.m; m++ {
				r.setOwn(m, NotCovered)
			}
		} else {
			r.markUncured(from, to, f)
			r.stillPayable(from, to, f, d)
		}
		return start
	}
	// beyond the grace window
	r.markUncured(from, to, f)
	if c > r.asOfM && from < r.asOfM {
		// the return is planned after the as-of date: today the lapse is
		// still running, and may still be curable — as an open lapse would be
		if g := r.get(policy.EmployeeGraceMonths, r.c.AsOf); g.ok && r.asOfM.Sub(from) <= g.int() {
			for m := from; m <= min(to, r.asOfM); m++ {
				r.setOwn(m, Suspended)
			}
		}
	}
	if f.cured {
		for m := from; m <= to; m++ {
			r.setOwn(m, NotCovered)
		}
		r.because("backpay.years_only", Args{From: from, To: to, N: L})
	}
	if !restart {
		r.because("lapse.beyond_grace", Args{From: from, To: to, N: L, Scheme: s}, used.all()...)
	}
	start, _ := r.waiting(c, s, d, lapseInfo{months: L, cause: f.cause, prev: prev, next: s})
	return start
}

// stillPayable marks a closed, not back-paid lapse inside the grace window
// as suspended when its back-pay deadline has not passed on the as-of date
// (医保办发〔2021〕43号: a lapse of up to 3 months may be back-paid), and
// says until when. A job change with a one-month gap (SC-03) is the common case.
func (r *run) stillPayable(from, to yibao.Month, f lapseFacts, d yibao.Date) {
	g := r.get(policy.EmployeeGraceMonths, d)
	bp := r.get(policy.EmployeeBackpayWithinGrace, d)
	if !g.ok || !bp.bool() {
		return
	}
	dl := from.Add(g.int()).Last()
	if r.c.AsOf > dl {
		return
	}
	retro := r.get(policy.EmployeeRetroWithinGrace, d)
	for m := from; m <= to; m++ {
		r.setOwn(m, Suspended)
	}
	r.payable = append(r.payable, payableGap{from, to, retro.bool()})
	r.because("lapse.closed_payable", Args{From: from, To: to, N: to.Sub(from) + 1, Date: dl}, g, bp, retro)
}

// markUncured marks lapse months that were not back-paid.
func (r *run) markUncured(from, to yibao.Month, f lapseFacts) {
	for m := from; m <= to; m++ {
		x := r.months[r.idx(m)]
		switch {
		case x.stat == statUnpaid, x.stat == statPaid:
			r.setOwn(m, NotCovered)
		default:
			r.set(m, NotEnrolled, "")
		}
	}
}

// waiting computes the waiting period that starts with the return month c,
// paid on date d, for scheme s after the lapse l. It returns when cover
// starts; months it cannot decide are marked Unknown (and the bool is true).
func (r *run) waiting(c yibao.Month, s yibao.Scheme, d yibao.Date, l lapseInfo) (coverStart, bool) {
	pm, pn, pd, pt := policy.EmployeeWaitingMode, policy.EmployeeWaitingMonths, policy.EmployeeWaitingDays, policy.EmployeeWaitingTiers
	if s == yibao.Flexible {
		pm, pn, pd, pt = policy.FlexibleWaitingMode, policy.FlexibleWaitingMonths, policy.FlexibleWaitingDays, policy.FlexibleWaitingTiers
	}
	mode := r.get(pm, d)
	notEncoded := func(used ...look) (coverStart, bool) {
		capm := r.get(policy.EmployeeWaitingCapMonths, d)
		if !capm.ok {
			r.because("waiting.rules_not_encoded", Args{Month: c, Scheme: s}, append(used, capm)...)
			return monthStart(c), true
		}
		n := capm.int()
		for m := c; m < c.Add(n); m++ {
			r.set(m, Unknown, s)
		}
		r.because("waiting.not_encoded", Args{Month: c, N: n, To: c.Add(n), Scheme: s}, append(used, capm)...)
		return monthStart(c.Add(n)), true
	}
	if !mode.ok {
		return notEncoded(mode)
	}
	switch mode.str() {
	case "none":
		r.because("waiting.none", Args{Month: c, Scheme: s}, mode)
		return r.benefitStart(c, s), false
	case "months_from_payment":
		n := r.get(pn, d)
		start := max(c, d.Month()).Add(n.int())
		r.because("waiting.months_from_payment", Args{Month: d.Month(), N: n.int(), To: start, Scheme: s}, mode, n)
		return monthStart(start), false
	case "tiered_months_from_payment":
		t := r.get(pt, d)
		n, ok := t.tierFor(l.months)
		if !t.ok || !ok {
			return notEncoded(mode, t)
		}
		start := max(c, d.Month()).Add(n)
		r.because("waiting.tiered", Args{Month: d.Month(), N: n, M: l.months, To: start, Scheme: s}, mode, t)
		return monthStart(start), false
	case "consecutive_paid_months":
		n := r.get(pn, d)
		start := c.Add(n.int())
		r.because("waiting.consecutive", Args{Month: c, N: n.int(), To: start, Scheme: s}, mode, n)
		return monthStart(start), false
	case "days":
		n := r.get(pd, d)
		day := d.AddDays(n.int())
		r.because("waiting.days", Args{Date: d, N: n.int(), Month: day.Month(), Scheme: s, Text: day.String()}, mode, n)
		return dayStartOf(day), false
	}
	return monthStart(c), false
}

// openLapse marks the lapse that is still running on the as-of date: months
// after b up to the data end.
func (r *run) openLapse(last runRef, end yibao.Month) {
	b := last.b
	from := b.Add(1)
	asOf := r.asOfM
	// the as-of month itself is the current month: due, not yet lapsed
	lastLapsed := min(end, asOf.Add(-1))
	if end > asOf {
		lastLapsed = end
	}
	prev := r.months[r.idx(b)].scheme()
	if lastLapsed < from {
		if prev == yibao.Resident {
			r.markResidentGap(from, end)
		} else {
			r.set(from, r.statusOfCurrent(b), prev)
			r.because("current_month_due", Args{Month: from})
		}
		return
	}
	L := lastLapsed.Sub(from) + 1
	f := r.facts(from, lastLapsed)
	curable := false
	if prev != yibao.Resident {
		g := r.get(policy.EmployeeGraceMonths, r.c.AsOf)
		curable = g.ok && L <= g.int()
	}
	r.a.Lapses = append(r.a.Lapses, Lapse{From: from, To: lastLapsed, Months: L, Cause: f.cause, Scheme: prev, Open: true, WithinGrace: curable})
	r.hasOpen = true
	r.openFrom = from
	r.openFacts = f
	r.openScheme = prev
	r.openCont = r.contOf(last)
	if prev == yibao.Resident {
		// residents have no grace window and no arrears: a year is enrolled or not
		r.markResidentGap(from, end)
		return
	}
	for m := from; m <= end; m++ {
		x := r.months[r.idx(m)]
		switch {
		case curable:
			r.setOwn(m, Suspended)
		case x.stat == statUnpaid, x.stat == statPaid: // owed, or back-paid beyond the grace window
			r.setOwn(m, NotCovered)
		default:
			r.set(m, NotEnrolled, "")
		}
	}
}

// markResidentGap marks months after the last residents' year with the
// residents' own statuses: a past year not enrolled; for the as-of year,
// whether one can still enrol for it today.
func (r *run) markResidentGap(from, end yibao.Month) {
	Y := r.asOfM.Year()
	now := ResidentNotEnrolled
	if from.Year() <= Y && end.Year() >= Y {
		o := r.residentYear(Y, r.c.AsOf, 0, "", false)
		switch {
		case !o.Allowed:
			now = ResidentCannotEnrol
		case o.Window == yibao.Supplementary || o.Window == yibao.Concentrated:
			now = ResidentCanEnrol
		case r.peek(policy.ResidentOffWindow, yibao.DateOf(Y, 1, 1)) != nil:
			now = ResidentCanEnrol
		}
		r.because("resident.gap."+now.String(), Args{Year: Y})
	}
	for m := from; m <= end; m++ {
		if m.Year() == Y {
			r.set(m, now, "")
		} else {
			r.set(m, ResidentNotEnrolled, "")
		}
	}
}

func (r *run) statusOfCurrent(b yibao.Month) Status {
	if s := r.tl.At(b); s == Waiting || s == Unknown {
		return s
	}
	return Covered
}

// contEnding counts the insured months in the run ending at b.
func (r *run) contEnding(b yibao.Month) int {
	n := 0
	for m := b; m >= r.from; {
		if r.months[r.idx(m)].ins {
			n++
			m--
			continue
		}
		k := r.curedGap(m)
		if k == 0 {
			break
		}
		n += k
		m -= yibao.Month(k)
	}
	return n
}

// curedGap returns the length of the gap ending at m when every month of it
// was back-paid (employee-kind, paid late), it is no longer than the grace
// window and insured months come before it — a gap that does not break the
// continuous count (医保办发〔2021〕43号: 断缴3个月以内补缴的，连续缴费年限不中断
// in the plan's words 连续年限不中断). Otherwise 0. It reads only the months'
// own facts, so it gives the same answer in whatever order rules run.
func (r *run) curedGap(m yibao.Month) int {
	x := m
	var paid yibao.Date
	for x >= r.from {
		mo := &r.months[r.idx(x)]
		if mo.ins || !(mo.stat == statPaid && mo.late && mo.empKind()) {
			break
		}
		paid = max(paid, r.paidOn(mo))
		x--
	}
	k := m.Sub(x)
	if k == 0 || x < r.from || !r.months[r.idx(x)].ins {
		return 0
	}
	if g := r.get(policy.EmployeeGraceMonths, paid); !g.ok || k > g.int() {
		return 0
	}
	return k
}

// counters computes cumulative and continuous counts.
func (r *run) counters() {
	c := &r.a.Counters
	c.CumulativeMonths = r.cum
	if r.cum < 0 || r.eng.checks {
		n := 0
		for _, x := range r.months[:max(0, min(len(r.months), r.asOfM.Sub(r.from)+1))] {
			if x.stat == statPaid && x.empKind() {
				n++
			}
		}
		if r.cum >= 0 && n != r.cum {
			panic(fmt.Sprintf("cumulative months: %d row by row, %d month by month", r.cum, n))
		}
		c.CumulativeMonths = n
	}
	end := r.asOfM
	if !r.months[r.idx(end)].ins {
		end--
	}
	if end >= r.from {
		c.ContinuousMonths = r.contEnding(end)
	}
	paid := func(y int) bool {
		for _, ry := range r.a.Resident {
			if ry.Allowed && ry.Year == y {
				return true
			}
		}
		return false
	}
	latest := 0
	for _, ry := range r.a.Resident {
		if ry.Allowed {
			latest = max(latest, ry.Year)
		}
	}
	for y := latest; latest > 0 && paid(y); y-- {
		c.ResidentContinuousYears++
	}
}

// ranges compresses the month statuses into runs, trimming the projection
// to what is needed to show when waiting periods end.
func (r *run) ranges() {
	t := r.tl
	last := r.dataEnd()
	for m := last.Add(1); m <= t.To; m++ {
		s := t.At(m)
		if s == Waiting || s == Unknown {
			last = m
			continue
		}
		if s == Covered && !t.At(m-1).IsCovered() {
			last = m // the projected first covered month
		}
		break
	}
	n := last.Sub(t.From) + 1
	t.To = last
	t.Status = t.Status[:n]
	if r.room != nil {
		t.Ranges = r.room.ranges[:0]
	} else {
		t.Ranges = make([]Range, 0, 16)
	}
	st, tc := t.Status[:n], r.tlc[:n]
	stb := statusBytes(st)
	for i := 0; i < n; {
		s, c := st[i], tc[i]
		j := sameFrom(stb, i)
		j = sameFrom(tc[:j], i)
		t.Ranges = append(t.Ranges, Range{From: t.From.Add(i), To: t.From.Add(j - 1), Status: s, Scheme: schemeCodes[c&3]})
		i = j
	}
}

// sameFrom returns the end of the run of equal bytes starting at b[i]:
// the first j > i with b[j] != b[i], or len(b). It compares eight bytes at
// a time.
func sameFrom(b []byte, i int) int {
	v := b[i]
	pat := uint64(v) * 0x0101010101010101
	j := i + 1
	for ; j+16 <= len(b); j += 16 {
		w := b[j : j+16 : j+16]
		x, y := binary.LittleEndian.Uint64(w)^pat, binary.LittleEndian.Uint64(w[8:])^pat
		if x|y != 0 {
			if x != 0 {
				return j + bits.TrailingZeros64(x)/8
			}
			return j + 8 + bits.TrailingZeros64(y)/8
		}
	}
	for ; j+8 <= len(b); j += 8 {
		if x := binary.LittleEndian.Uint64(b[j:]) ^ pat; x != 0 {
			return j + bits.TrailingZeros64(x)/8
		}
	}
	for j < len(b) && b[j] == v {
		j++
	}
	return j
}

func sortResident(ys []yibao.ResidentYear) []yibao.ResidentYear {
	out := append([]yibao.ResidentYear(nil), ys...)
	if len(out) < 2 {
		return out
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out
}
