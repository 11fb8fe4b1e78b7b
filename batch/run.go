package batch

import (
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"yibao"
	"yibao/caseio"
	"yibao/engine"
	"yibao/report"
)

// Person is one person's rows, in input order.
type Person struct {
	ID    string
	Rows  []Row
	Seq   int        // position among persons, for ordered output
	First int        // first input line
	Errs  []RowError // rows that did not parse: the person is rejected with them
	Loose []RowError // rows rejected on their own (no person): passed through in order

	// raw records, parsed by the worker (parsing is most of the reading work)
	raw   [][]string
	lines []int
	m     *colIndex
}

// where names an input position ("line 12", "Sheet1!R12").
func (p *Person) where(line int) string {
	if p.m != nil && p.m.where != nil {
		return p.m.where(line)
	}
	return "line " + strconv.Itoa(line)
}

// parse turns the raw records into rows, on the worker.
func (p *Person) parse(def Defaults) {
	p.Rows = make([]Row, 0, len(p.raw))
	for i, rec := range p.raw {
		row, es := parseRow(p.m, rec, p.lines[i], def)
		p.Rows = append(p.Rows, row)
		p.Errs = append(p.Errs, es...)
	}
	p.raw = nil
}

// Result is one output row.
type Result struct {
	PersonID         string
	Region           string
	AsOf             yibao.Date
	Status           string // the as-of month's status
	CoveredNow       bool
	LapseFrom        string
	LapseMonths      int
	LapseCause       string
	BackpayAllowed   string
	Deadline         string
	DeadlineExpired  string
	PayMonths        int
	AmountFen        string // empty when the amount is not known
	FirstCoveredDate string // "≤YYYY-MM-DD" when it depends on an unencoded rule
	WaitingMonths    int
	CumulativeMonths int
	ContinuousMonths int
	Warnings         string
	Summary          string
	Rejected         bool // the person's rows were rejected (see Errors)
	Errors           []RowError
	Rows             int
	Lines            []int // the person's input lines (RunFile: for rejected persons only)

	seq   int
	loose []RowError // not a person: rows rejected on their own
}

// Stats account for every input row.
type Stats struct {
	RowsIn, RowsUsed, RowsRejected int
	Persons, PersonsRejected       int
	ByStatus                       map[string]int
	Facts                          *FactStats // the persons table's accounting (nil without one)
}

// Assessor assesses one person's case; the engine's Assess.
type Assessor func(*yibao.Case) (*engine.Assessment, error)

// CaseOf builds the case of a person: the ledger from their rows (adjacent
// months with the same facts merged into one range — the engine's answer does
// not depend on how rows are split), the region of their rows and the as-of
// date of the run. lines[i] is the input line of ledger row i.
func CaseOf(p *Person, def Defaults) (*yibao.Case, []int, []RowError) {
	c := &yibao.Case{AsOf: def.AsOf}
	var lines []int
	var es []RowError
	lf := ledgerFacts{where: p.where}
	rows := p.Rows
	if !sort.SliceIsSorted(rows, func(i, j int) bool { return rows[i].Ledger.From < rows[j].Ledger.From }) {
		rows = append([]Row(nil), rows...)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Ledger.From < rows[j].Ledger.From })
	}
	for _, r := range rows {
		if c.Region == "" {
			c.Region = r.Region
		} else if r.Region != c.Region {
			es = append(es, RowError{Line: r.Line, Column: string(Region), Reason: fmt.Sprintf("%s differs from %s on %s: one person, one pooling region per run", r.Region, c.Region, p.where(rows[0].Line))})
			continue
		}
		if r.Birth != nil || r.Sex != "" {
			if c.Person == nil {
				c.Person = &yibao.Person{}
			}
			if r.Birth != nil {
				if c.Person.Birth != nil && *c.Person.Birth != *r.Birth {
					es = append(es, RowError{Line: r.Line, Column: string(Birth), Reason: fmt.Sprintf("%s differs from %s on %s: one person, one birth date", r.Birth, c.Person.Birth, p.where(lf.birthLine))})
				}
				c.Person.Birth = r.Birth
				lf.birthLine = r.Line
			}
			if r.Sex != "" {
				if c.Person.Sex != "" && c.Person.Sex != r.Sex {
					es = append(es, RowError{Line: r.Line, Column: string(Sex), Reason: fmt.Sprintf("%s differs from %s on %s: one person, one sex", r.Sex, c.Person.Sex, p.where(lf.sexLine))})
				}
				c.Person.Sex = r.Sex
				lf.sexLine = r.Line
			}
		}
		if n := len(c.Ledger); n > 0 {
			last := &c.Ledger[n-1]
			if last.To.Add(1) == r.Ledger.From && sameFacts(*last, r.Ledger) {
				last.To = r.Ledger.To
				continue
			}
		}
		c.Ledger = append(c.Ledger, r.Ledger)
		lines = append(lines, r.Line)
	}
	if len(es) == 0 {
		es = def.Persons.join(p.ID, c, lf, p.First)
	}
	return c, lines, es
}

func sameFacts(a, b yibao.LedgerRow) bool {
	samePaid := (a.PaidOn == nil) == (b.PaidOn == nil) && (a.PaidOn == nil || *a.PaidOn == *b.PaidOn)
	return a.Scheme == b.Scheme && a.Status == b.Status && a.BaseFen == b.BaseFen && samePaid && a.Due == nil && b.Due == nil
}

// Assess answers one person: their case checked as `yibao assess` checks a
// file (errors name the input line), then assessed.
func Assess(p *Person, def Defaults, assess Assessor) Result {
	if p.Loose != nil {
		return Result{loose: p.Loose}
	}
	if p.raw != nil {
		p.parse(def)
	}
	res := Result{PersonID: p.ID, AsOf: def.AsOf, Rows: len(p.Rows)}
	for _, r := range p.Rows {
		res.Lines = append(res.Lines, r.Line)
	}
	def.Persons.mark(p.ID)
	if len(p.Errs) > 0 {
		res.Rejected, res.Errors = true, p.Errs
		return res
	}
	c, lines, es := CaseOf(p, def)
	finish(&res, c, lines, es, p.First, assess)
	return res
}

// finish checks a person's case as `yibao assess` checks a file (errors
// name the input line: lines[i] is the line of ledger row i, first the
// person's first line), then assesses it and fills the result.
func finish(res *Result, c *yibao.Case, lines []int, es []RowError, first int, assess Assessor) {
	res.Region = c.Region
	if len(es) == 0 {
		for _, e := range caseio.Validate(c, nil) {
			line := first
			if i, ok := ledgerIndex(e.Path); ok && i < len(lines) {
				line = lines[i]
			}
			es = append(es, RowError{Line: line, Column: e.Path, Reason: e.Msg})
		}
	}
	if len(es) > 0 {
		res.Rejected, res.Errors = true, es
		return
	}
	a, err := assess(c)
	if err != nil {
		res.Rejected, res.Errors = true, []RowError{{Line: first, Column: string(PersonID), Reason: err.Error()}}
		return
	}
	fill(res, a)
}

func ledgerIndex(path string) (int, bool) {
	rest, ok := strings.CutPrefix(path, "ledger[")
	if !ok {
		return 0, false
	}
	n, _, _ := strings.Cut(rest, "]")
	i, err := strconv.Atoi(n)
	return i, err == nil
}

// fill reads the result columns off the engine's answer.
func fill(res *Result, a *engine.Assessment) {
	A := a.AsOf.Month()
	res.Status = a.Timeline.At(A).String()
	res.CoveredNow = a.CoveredOn(a.AsOf)
	res.CumulativeMonths = a.Counters.CumulativeMonths
	res.ContinuousMonths = a.Counters.ContinuousMonths
	for _, l := range a.Lapses {
		if l.Open {
			res.LapseFrom, res.LapseMonths, res.LapseCause = l.From.String(), l.Months, l.Cause
		}
	}
	if q := a.Quote; q != nil && q.Scheme != yibao.Resident {
		res.BackpayAllowed = q.Allowed
		if q.Deadline != nil {
			res.Deadline = q.Deadline.String()
		}
		if q.Expired != nil {
			res.DeadlineExpired = q.Expired.String()
		}
		res.PayMonths = len(q.Months)
		if q.AmountKnown {
			res.AmountFen = strconv.FormatInt(int64(q.TotalFen+q.LateFeeFen), 10)
		}
		switch {
		case q.FirstCoveredDate != nil:
			res.FirstCoveredDate = q.FirstCoveredDate.String()
		case q.LatestCovered != nil:
			res.FirstCoveredDate = "≤" + q.LatestCovered.String()
		}
		res.WaitingMonths = q.WaitingMonths
	}
	var ws []string
	seen := map[string]bool{}
	for _, w := range a.Warnings {
		k := w.Code
		if w.Param != "" {
			k += ":" + w.Param
		} else if w.Text != "" {
			k += ":" + w.Text
		}
		if !seen[k] {
			seen[k] = true
			ws = append(ws, k)
		}
	}
	res.Warnings = strings.Join(ws, ";")
	res.Summary = summary(res)
}

// summary is the one-line Chinese summary of a result.
func summary(r *Result) string { return Summary(r, report.ZH) }

// Summary is the one-line summary of a result in a language, in the words
// of the message catalogue (report/messages.go, batch.* and status.*): the
// same words as yibao assess.
func Summary(r *Result, l report.Lang) string {
	t := func(key string, args ...any) string { return report.Sprintf(l, key, args...) }
	if r.LapseFrom == "" {
		if r.CoveredNow {
			return t("batch.ok")
		}
		return t("batch.status", report.StatusText(r.Status, l))
	}
	s := t("batch.lapse", r.LapseFrom, r.LapseMonths)
	switch {
	case r.Deadline != "" && r.BackpayAllowed == "yes":
		s += t("batch.payable", r.Deadline)
	case r.DeadlineExpired != "":
		s += t("batch.expired", r.DeadlineExpired)
	}
	if r.AmountFen != "" {
		n, _ := strconv.ParseInt(r.AmountFen, 10, 64)
		s += t("batch.amount", yibao.Fen(n).Grouped())
	} else if r.PayMonths > 0 {
		s += t("batch.amount_unknown")
	}
	if d, ok := strings.CutPrefix(r.FirstCoveredDate, "≤"); ok {
		s += t("batch.latest", d)
	} else if r.FirstCoveredDate != "" {
		s += t("batch.cover", r.FirstCoveredDate)
	}
	return s
}

// Pool assesses persons on every core and hands results back in input order,
// holding at most a bounded window of persons in memory.
type Pool struct {
	Def     Defaults
	Assess  Assessor
	Workers int
	Emit    func(Result) error // called in input order

	in      chan *Person
	out     chan Result
	wg      sync.WaitGroup
	pending map[int]Result
	next    int
	err     error
	done    chan struct{}
}

// Start launches the workers.
func (p *Pool) Start() {
	if p.Workers <= 0 {
		p.Workers = runtime.GOMAXPROCS(0)
	}
	p.in = make(chan *Person, 4*p.Workers)
	p.out = make(chan Result, 4*p.Workers)
	p.pending = map[int]Result{}
	p.done = make(chan struct{})
	for range p.Workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for person := range p.in {
				r := Assess(person, p.Def, p.Assess)
				r.seq = person.Seq
				p.out <- r
			}
		}()
	}
	go func() {
		for r := range p.out {
			p.pending[r.seq] = r
			for {
				x, ok := p.pending[p.next]
				if !ok {
					break
				}
				delete(p.pending, p.next)
				p.next++
				if p.err == nil {
					p.err = p.Emit(x)
				}
			}
		}
		close(p.done)
	}()
}

// Add queues a person (blocks when the window is full).
func (p *Pool) Add(person *Person) { p.in <- person }

// Close waits for every result to be emitted.
func (p *Pool) Close() error {
	close(p.in)
	p.wg.Wait()
	close(p.out)
	<-p.done
	return p.err
}
