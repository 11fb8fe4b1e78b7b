package batch

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"yibao"
)

// ErrNotFast says RunFile cannot take this input (a quote, bytes that are
// not UTF-8, a header the generic reader must explain, …): run Run on it
// instead, with a fresh sink — what RunFile handed the sink so far is not
// the answer.
var ErrNotFast = errors.New("batch: the input needs the generic reader")

// segTarget is the size a file is cut into for the workers (at person
// boundaries, so a segment is usually a little longer).
var segTarget int64 = 8 << 20

// RunFile is Run for a regular UTF-8 CSV/TSV file, and gives the same
// results, rejects and accounting byte for byte (a differential test holds
// it to that), several times faster: the file is cut into segments at person
// boundaries, each worker reads its segments with ReadAt and scans the bytes
// itself (no encoding/csv, no string per field), parses month, scheme,
// status and base straight into ledger rows, merges adjacent months with the
// same facts while scanning and assesses each person; results are handed to
// sink in input order. Memory is a few segments, whatever the file's size.
//
// Only the plain case is taken fast: a person with any row that is not
// (an unusual value, an error, a date or sex column filled, months out of
// order, two regions) is read again from the segment by the generic row
// parser and assessed by Assess, so rejects read exactly as Run's. A file
// with a quote character or bytes that are not UTF-8 anywhere, or a header
// that does not map, returns ErrNotFast (see there). A person whose rows
// are not contiguous is found across segments too: its later rows are
// rejected naming both lines, as Run does.
//
// Result.Lines is filled for rejected persons only.
func RunFile(f *os.File, opt Options, assess Assessor, sink Sink) (Stats, error) {
	st := Stats{ByStatus: map[string]int{}}
	if len(opt.Columns) > 0 || (opt.Comma != 0 && opt.Comma != ',' && opt.Comma != '\t') {
		return st, ErrNotFast
	}
	comma := byte(',')
	if opt.Comma != 0 {
		comma = byte(opt.Comma)
	}
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return st, ErrNotFast
	}
	size := fi.Size()
	opt.Persons.reset()

	// the header, read as Run reads it
	cr := csv.NewReader(io.NewSectionReader(f, 0, size))
	cr.FieldsPerRecord = -1
	cr.Comma = rune(comma)
	h, err := cr.Read()
	if err != nil {
		return st, ErrNotFast // Run words the error
	}
	off := cr.InputOffset()
	if off > 1<<20 {
		return st, ErrNotFast
	}
	hb := make([]byte, off)
	if _, err := f.ReadAt(hb, 0); err != nil {
		return st, err
	}
	if bytes.IndexByte(hb, '"') >= 0 || !utf8.Valid(hb) {
		return st, ErrNotFast
	}
	m, err := MapHeader(h, opt.Overrides)
	if err != nil {
		return st, ErrNotFast
	}
	ci := m.compile()
	sc := scanConfig{ci: ci, comma: comma, def: opt.Defaults, assess: assess, pid: m[PersonID]}
	for _, j := range m {
		sc.maxCol = max(sc.maxCol, j)
	}

	// segments, cut at person boundaries
	var segs []*segment
	start := off
	for start < size {
		end := size
		if start+segTarget < size {
			if end, err = sc.boundary(f, start+segTarget, size); err != nil {
				return st, err
			}
		}
		segs = append(segs, &segment{start: start, end: end, ready: make(chan struct{}), out: make(chan segOut, 1)})
		start = end
	}
	firstLine := 1 + bytes.Count(hb, []byte{'\n'})

	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	sem := make(chan struct{}, 2*workers) // segments read but not yet emitted
	var next atomic.Int64
	var stop atomic.Bool
	for range workers {
		go func() {
			w := &scanner{scanConfig: sc}
			for {
				sem <- struct{}{}
				k := int(next.Add(1) - 1)
				if k >= len(segs) {
					<-sem
					return
				}
				w.segment(f, segs, k, firstLine, &stop)
			}
		}()
	}

	// the emitter: segments in order, each segment's items in order
	closed := map[string]int{} // persons whose rows ended: id → first line
	var failed error
	emit := func(it *fastItem) error {
		res := &it.res
		if res.loose != nil {
			st.RowsRejected++
			for _, e := range res.loose {
				if err := sink.Reject(e); err != nil {
					return err
				}
			}
			return nil
		}
		if first, ok := closed[res.PersonID]; ok {
			for _, l := range it.lines() {
				st.RowsRejected++
				if err := sink.Reject(RowError{Line: l, Column: string(PersonID), Reason: fmt.Sprintf("%s's rows are not contiguous: first at line %d, again at line %d; sort the input by person (this row is not used)", res.PersonID, first, l)}); err != nil {
					return err
				}
			}
			return nil
		}
		closed[res.PersonID] = it.first
		if res.Rejected {
			st.PersonsRejected++
			st.RowsRejected += res.Rows
			return rejectAll(sink.Reject, lineWhere, *res)
		}
		st.Persons++
		st.RowsUsed += res.Rows
		st.ByStatus[res.Status]++
		return sink.Result(*res)
	}
	for _, s := range segs {
		o := <-s.out
		<-sem
		if failed == nil && cancelled(opt.Cancel) {
			failed = ErrInterrupted
			stop.Store(true) // the workers skip what is left
		}
		if failed != nil {
			continue
		}
		if o.err != nil {
			failed = o.err
			stop.Store(true)
			continue
		}
		st.RowsIn += o.rowsIn
		for i := range o.items {
			if err := emit(&o.items[i]); err != nil {
				failed = err
				stop.Store(true)
				break
			}
		}
		if opt.BytesDone != nil {
			opt.BytesDone.Store(s.end)
		}
	}
	if failed == nil && cancelled(opt.Cancel) {
		failed = ErrInterrupted
	}
	if failed == nil {
		st.Facts, failed = opt.Persons.account(sink)
	}
	return st, failed
}

// segment is a byte range of the file holding whole persons.
type segment struct {
	start, end int64
	base       int // line number of the segment's first line (set before ready closes)
	lines      int // '\n's in the segment (set before ready closes)
	ready      chan struct{}
	out        chan segOut
}

type segOut struct {
	items  []fastItem
	rowsIn int
	err    error
}

// fastItem is a person's result or a row rejected alone.
type fastItem struct {
	res   Result
	first int  // the person's first line
	span  bool // the person's lines are first … first+Rows-1 (res.Lines may be nil)
}

func (it *fastItem) lines() []int {
	if it.res.Lines != nil || !it.span {
		return it.res.Lines
	}
	ls := make([]int, it.res.Rows)
	for i := range ls {
		ls[i] = it.first + i
	}
	return ls
}

// scanConfig is what every worker shares.
type scanConfig struct {
	ci          *colIndex
	comma       byte
	def         Defaults
	assess      Assessor
	pid, maxCol int
}

// content is a line without its '\n' and one '\r' before it (encoding/csv
// reads "\r\n" as "\n" and drops a '\r' before the end of the input).
func content(l []byte) []byte {
	if n := len(l); n > 0 && l[n-1] == '\n' {
		l = l[:n-1]
	}
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l
}

// field returns the trimmed field j of a line ("" when the line has fewer
// fields; Hive's \N reads as empty).
func (sc *scanConfig) field(line []byte, j int) []byte {
	for ; j > 0; j-- {
		i := bytes.IndexByte(line, sc.comma)
		if i < 0 {
			return nil
		}
		line = line[i+1:]
	}
	if i := bytes.IndexByte(line, sc.comma); i >= 0 {
		line = line[:i]
	}
	return trimField(line)
}

func trimField(b []byte) []byte {
	if len(b) > 0 && (b[0] <= ' ' || b[len(b)-1] <= ' ' || b[0] >= utf8.RuneSelf || b[len(b)-1] >= utf8.RuneSelf) {
		b = bytes.TrimSpace(b)
	}
	if len(b) == 2 && b[0] == '\\' && b[1] == 'N' {
		return nil
	}
	return b
}

// boundary returns the start of the first line at or after o whose person
// differs from the person of the first whole line there (size at the end).
func (sc *scanConfig) boundary(f *os.File, o, size int64) (int64, error) {
	br := bufio.NewReaderSize(io.NewSectionReader(f, o-1, size-(o-1)), 64<<10)
	pos := o - 1
	l, err := br.ReadBytes('\n') // the rest of the line o-1 is in (just "\n" when o starts a line)
	pos += int64(len(l))
	var id []byte
	seen := false
	for err == nil {
		l, err = br.ReadBytes('\n')
		if len(l) == 0 {
			break
		}
		if c := content(l); len(c) > 0 {
			x := sc.field(c, sc.pid)
			if !seen {
				id, seen = append([]byte(nil), x...), true
			} else if !bytes.Equal(x, id) {
				return pos, nil
			}
		}
		pos += int64(len(l))
	}
	if err != nil && err != io.EOF {
		return 0, err
	}
	return size, nil
}

// scanner is one worker: its buffers, reused from segment to segment.
type scanner struct {
	scanConfig
	buf   []byte
	items []fastItem
	lines []int
	led   []yibao.LedgerRow
	ledLn []int

	// the person being read
	on            bool
	id            []byte
	idStr, region string
	start         int // offset of the person's first line in buf
	first, last   int // lines
	rows          int
	span, slow    bool
	lastFrom      yibao.Month

	fs      [][2]int // field bounds of the line being read
	prev    []byte   // the previous line, when it was a plain row of this person
	prevOK  bool
	ms, me  int             // the month field's bounds in prev
	lastRow yibao.LedgerRow // prev's row
}

// segment reads, checks and scans segment k and hands its items on.
func (w *scanner) segment(f *os.File, segs []*segment, k, firstLine int, stop *atomic.Bool) {
	s := segs[k]
	n := int(s.end - s.start)
	if cap(w.buf) < n {
		w.buf = make([]byte, n, max(n, int(segTarget+segTarget/4))) // room for the next segments' overshoot
	}
	buf := w.buf[:n]
	var err error
	if !stop.Load() {
		_, err = f.ReadAt(buf, s.start)
		if err == nil && (bytes.IndexByte(buf, '"') >= 0 || !utf8.Valid(buf)) {
			err = ErrNotFast
		}
	} else {
		err = ErrNotFast
	}
	s.lines = bytes.Count(buf, []byte{'\n'})
	if k == 0 {
		s.base = firstLine
	} else {
		<-segs[k-1].ready
		s.base = segs[k-1].base + segs[k-1].lines
	}
	close(s.ready)
	if err != nil {
		s.out <- segOut{err: err}
		return
	}
	w.items = nil
	rowsIn := w.scan(buf, s.base)
	s.out <- segOut{items: w.items, rowsIn: rowsIn}
}

// scan reads the lines of buf (line numbers from base), adding items.
func (w *scanner) scan(buf []byte, base int) int {
	rowsIn := 0
	ln := base
	for p := 0; p < len(buf); ln++ {
		e := bytes.IndexByte(buf[p:], '\n')
		next := len(buf)
		if e >= 0 {
			next = p + e + 1
		}
		c := content(buf[p:next])
		if len(c) > 0 {
			rowsIn++
			w.row(buf, p, c, ln)
		}
		p = next
	}
	w.end(buf, len(buf))
	return rowsIn
}

// row takes one non-blank line: c at offset p of buf, line ln.
func (w *scanner) row(buf []byte, p int, c []byte, ln int) {
	// the usual row: the person's previous row but for the month (same
	// length, same bytes before and after the month field)
	// and a month as it stands (digits and '-' only: no separator, nothing
	// to trim)
	if w.prevOK && len(c) == len(w.prev) && bytes.Equal(c[:w.ms], w.prev[:w.ms]) && bytes.Equal(c[w.me:], w.prev[w.me:]) {
		if mo, ok := fastMonth(c[w.ms:w.me]); ok {
			w.prev = c
			w.add(ln)
			r := w.lastRow
			r.From, r.To = mo, mo
			w.take(r, ln)
			return
		}
	}
	w.prevOK = false
	w.split(c)
	id := w.get(c, w.pid)
	if len(id) == 0 {
		w.end(buf, p)
		_, es := parseRow(w.ci, w.record(c), ln, w.def)
		w.items = append(w.items, fastItem{res: Result{loose: es}})
		return
	}
	if !w.on || !bytes.Equal(id, w.id) {
		w.end(buf, p)
		w.on, w.id, w.start, w.first, w.last, w.rows, w.span, w.slow = true, id, p, ln, ln-1, 0, true, false
		w.idStr = string(id)
		w.lines, w.led, w.ledLn = w.lines[:0], w.led[:0], w.ledLn[:0]
	}
	w.add(ln)
	if w.slow {
		return
	}
	r, region, ok := w.fastRow(c)
	switch {
	case !ok:
		w.slow = true
		return
	case w.rows == 1:
		w.region = region
	case region != w.region:
		w.slow = true // a second region: CaseOf's way
		return
	}
	w.take(r, ln)
	if !w.slow {
		w.prev, w.prevOK, w.lastRow = c, true, r
		w.ms, w.me = w.fs[w.ci.at[fMonth]][0], w.fs[w.ci.at[fMonth]][1]
	}
}

// add counts line ln as a row of the person being read.
func (w *scanner) add(ln int) {
	if ln != w.last+1 {
		w.span = false
	}
	w.rows++
	w.last = ln
	w.lines = append(w.lines, ln)
}

// take adds a plain row to the person's ledger, merged into the last range
// when it continues it with the same facts (as CaseOf merges). A month
// before the previous one sends the person to the generic way.
func (w *scanner) take(r yibao.LedgerRow, ln int) {
	if w.rows > 1 && r.From < w.lastFrom {
		w.slow, w.prevOK = true, false
		return
	}
	w.lastFrom = r.From
	if n := len(w.led); n > 0 {
		last := &w.led[n-1]
		if last.To.Add(1) == r.From && last.Scheme == r.Scheme && last.Status == r.Status && last.BaseFen == r.BaseFen &&
			(last.PaidOn == nil) == (r.PaidOn == nil) && (r.PaidOn == nil || *last.PaidOn == *r.PaidOn) {
			last.To = r.To
			return
		}
	}
	w.led = append(w.led, r)
	w.ledLn = append(w.ledLn, ln)
}

// split finds the bounds of the line's fields, as many as the mapping reads.
func (w *scanner) split(c []byte) {
	w.fs = w.fs[:0]
	start := 0
	for len(w.fs) <= w.maxCol {
		i := bytes.IndexByte(c[start:], w.comma)
		if i < 0 {
			w.fs = append(w.fs, [2]int{start, len(c)})
			return
		}
		w.fs = append(w.fs, [2]int{start, start + i})
		start += i + 1
	}
}

// get is field j of the split line, trimmed (nil when the line is shorter).
func (w *scanner) get(c []byte, j int) []byte {
	if j < 0 || j >= len(w.fs) {
		return nil
	}
	return trimField(c[w.fs[j][0]:w.fs[j][1]])
}

// record splits a line into all its fields, as encoding/csv does a line
// without quotes.
func (w *scanner) record(c []byte) []string {
	return strings.Split(string(c), string(w.comma))
}

// fastRow parses a row in its plain form: a month (YYYY-MM or YYYYMM), a
// scheme and a status by their exact names, a base in whole fen or in yuan,
// a payment date, a region (or the default); due, birth and sex empty. Anything else is not ok: the
// generic parser reads the person.
func (w *scanner) fastRow(c []byte) (yibao.LedgerRow, string, bool) {
	var r yibao.LedgerRow
	ci := w.ci
	get := func(f int) []byte { return w.get(c, ci.at[f]) }
	if ci.at[fMonth] < 0 {
		return r, "", false // month ranges: the generic parser
	}
	mo, ok := fastMonth(get(fMonth))
	if !ok {
		return r, "", false
	}
	r.From, r.To = mo, mo
	if r.Scheme, ok = schemeNames[string(get(fScheme))]; !ok {
		return r, "", false
	}
	if r.Status, ok = statusNames[string(get(fStatus))]; !ok {
		return r, "", false
	}
	if v := get(fBaseFen); len(v) > 0 {
		if len(v) > 10 {
			return r, "", false
		}
		var n int64
		for _, b := range v {
			if b < '0' || b > '9' {
				return r, "", false
			}
			n = n*10 + int64(b-'0')
		}
		if yibao.Fen(n) > yibao.MaxMonthlyBaseFen {
			return r, "", false
		}
		r.BaseFen = yibao.Fen(n)
	} else if v := get(fBase); len(v) > 0 {
		if r.BaseFen, ok = fastYuan(v); !ok {
			return r, "", false
		}
	}
	if v := get(fPaidOn); len(v) > 0 {
		d, ok := fastDate(v)
		if !ok {
			return r, "", false
		}
		if r.Status == yibao.Paid { // only a paid month has a payment (parseRow's rule)
			r.PaidOn = &d
		}
	}
	for _, f := range [...]int{fDue, fBirth, fSex} {
		if len(get(f)) > 0 {
			return r, "", false
		}
	}
	region := w.def.Region
	if v := get(fRegion); len(v) > 0 {
		if string(v) == w.region {
			region = w.region
		} else {
			region = string(v)
		}
	}
	if region == "" {
		return r, "", false
	}
	return r, region, true
}

// positions in allFields
var (
	fRegion  = fieldPos(Region)
	fMonth   = fieldPos(Month)
	fScheme  = fieldPos(Scheme)
	fStatus  = fieldPos(Status)
	fBaseFen = fieldPos(BaseFen)
	fBase    = fieldPos(Base)
	fPaidOn  = fieldPos(PaidOn)
	fDue     = fieldPos(Due)
	fBirth   = fieldPos(Birth)
	fSex     = fieldPos(Sex)
)

// fastMonth reads YYYY-MM or YYYYMM as yibao.ParseMonth does; not ok for
// anything it would refuse (the generic parser then words the error).
func fastMonth(v []byte) (yibao.Month, bool) {
	var y, m int
	switch {
	case len(v) == 7 && v[4] == '-':
		y, m = digits4(v[:4]), digits4(v[5:])
	case len(v) == 6:
		y, m = digits4(v[:4]), digits4(v[4:])
	default:
		return 0, false
	}
	if y < 1900 || y > 2199 || m < 1 || m > 12 {
		return 0, false
	}
	return yibao.MonthOf(y, m), true
}

// fastYuan reads a base in yuan as parseRow does (yibao.ParseYuan, up to
// the monthly cap) in its plain form: 1 to 8 digits, then maybe '.' and one
// or two digits.
func fastYuan(v []byte) (yibao.Fen, bool) {
	ip, fp := v, []byte(nil)
	if i := bytes.IndexByte(v, '.'); i >= 0 {
		ip, fp = v[:i], v[i+1:]
		if len(fp) == 0 || len(fp) > 2 {
			return 0, false
		}
	}
	if len(ip) == 0 || len(ip) > 8 {
		return 0, false
	}
	n, f := digits4(ip), digits4(fp)
	if n < 0 || f < 0 {
		return 0, false
	}
	if len(fp) == 1 {
		f *= 10
	}
	fen := yibao.Fen(int64(n)*100 + int64(f))
	return fen, fen <= yibao.MaxMonthlyBaseFen
}

// fastDate reads YYYY-MM-DD or YYYYMMDD as parseRow does (yibao.ParseDate);
// not ok for anything it would refuse.
func fastDate(v []byte) (yibao.Date, bool) {
	var y, m, d int
	switch {
	case len(v) == 10 && v[4] == '-' && v[7] == '-':
		y, m, d = digits4(v[:4]), digits4(v[5:7]), digits4(v[8:])
	case len(v) == 8:
		y, m, d = digits4(v[:4]), digits4(v[4:6]), digits4(v[6:])
	default:
		return 0, false
	}
	if y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > yibao.MonthOf(y, m).Last().Day() {
		return 0, false
	}
	return yibao.DateOf(y, m, d), true
}

// digits4 is the value of a few ASCII digits (up to 8), -1 if any is not one.
func digits4(b []byte) int {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// end closes the person being read, whose rows end at offset p of buf.
func (w *scanner) end(buf []byte, p int) {
	if !w.on {
		return
	}
	w.on, w.prevOK = false, false
	it := fastItem{first: w.first, span: w.span}
	if w.slow {
		// the generic way: every row parsed as Run's workers parse it
		person := &Person{ID: w.idStr, First: w.first}
		ln := w.first
		for q := w.start; q < p; ln++ {
			e := bytes.IndexByte(buf[q:p], '\n')
			next := p
			if e >= 0 {
				next = q + e + 1
			}
			if c := content(buf[q:next]); len(c) > 0 {
				row, es := parseRow(w.ci, w.record(c), ln, w.def)
				person.Rows = append(person.Rows, row)
				person.Errs = append(person.Errs, es...)
			}
			q = next
		}
		it.res = Assess(person, w.def, w.assess)
		w.items = append(w.items, it)
		return
	}
	it.res = Result{PersonID: w.idStr, AsOf: w.def.AsOf, Rows: w.rows}
	c := &yibao.Case{AsOf: w.def.AsOf, Region: w.region, Ledger: append([]yibao.LedgerRow(nil), w.led...)}
	es := w.def.Persons.join(w.idStr, c, ledgerFacts{}, w.first) // the plain rows carry no facts: nothing to contradict
	finish(&it.res, c, w.ledLn, es, w.first, w.assess)
	if it.res.Rejected || !w.span {
		it.res.Lines = append([]int(nil), w.lines...)
	}
	w.items = append(w.items, it)
}

// lineWhere names a line of a CSV file, as the record sources do.
func lineWhere(l int) string { return fmt.Sprintf("line %d", l) }
