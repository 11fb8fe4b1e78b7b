package batch

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"

	"yibao/report"
)

// Options configure a run.
type Options struct {
	Defaults
	Overrides map[string]Field // header name → field (--map)
	Columns   []Field          // no header: the columns in order (yibao transform)
	Comma     rune             // ',' (CSV) or '\t' (TSV)
	Workers   int
	// Progress, when set, is called every 4096 rows and at the end with
	// the rows read and the persons started so far (on the reading goroutine).
	Progress func(rows, persons int)
	// Lang is the summary's language (report.ZH by default).
	Lang report.Lang
	// Cancel, when closed, stops the run: reading stops, the workers finish
	// the few persons they hold, and Run, RunSource and RunFile return
	// ErrInterrupted (what the sink got so far is not the answer).
	Cancel <-chan struct{}
	// BytesDone, when set, is where RunFile stores how many bytes of the
	// file it has handed out (header and segments emitted): with the
	// file's size, the progress bar's fraction.
	BytesDone *atomic.Int64
}

// ErrInterrupted is returned by a run whose Options.Cancel was closed.
var ErrInterrupted = errors.New("batch: interrupted")

// cancelled reports whether c is closed (nil: never).
func cancelled(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// Columns of the result, in order.
var resultColumns = []string{"person_id", "region", "as_of", "status", "covered_now", "lapse_from", "lapse_months", "lapse_cause",
	"backpay_allowed", "deadline", "deadline_expired", "pay_months", "amount_fen", "first_covered_date", "waiting_months",
	"cumulative_months", "continuous_months", "warnings", "summary"}

// Header returns the result columns.
func Header() []string { return append([]string(nil), resultColumns...) }

// Record returns a result as its columns.
func (r Result) Record() []string {
	b := func(v bool) string { return strconv.FormatBool(v) }
	i := strconv.Itoa
	return []string{r.PersonID, r.Region, r.AsOf.String(), r.Status, b(r.CoveredNow), r.LapseFrom, i(r.LapseMonths), r.LapseCause,
		r.BackpayAllowed, r.Deadline, r.DeadlineExpired, i(r.PayMonths), r.AmountFen, r.FirstCoveredDate, i(r.WaitingMonths),
		i(r.CumulativeMonths), i(r.ContinuousMonths), r.Warnings, r.Summary}
}

// Sink receives results and rejected rows.
type Sink interface {
	Result(Result) error
	Reject(RowError) error
}

// Run reads a ledger table from in (CSV, or TSV with opt.Comma '\t'),
// assesses every person and hands the results (in input order) and the
// rejected rows to sink. It returns the accounting: rows in = used +
// rejected.
func Run(in io.Reader, opt Options, assess Assessor, sink Sink) (Stats, error) {
	return RunSource(NewCSVSource(in, opt.Comma), opt, assess, sink)
}

// RunSource is Run over any record source (CSV, XLSX, Parquet, JSON Lines):
// the first record is the header unless opt.Columns names the columns.
func RunSource(src Source, opt Options, assess Assessor, sink Sink) (Stats, error) {
	st := Stats{ByStatus: map[string]int{}}
	opt.Persons.reset()
	var m Mapping
	if len(opt.Columns) > 0 {
		m = Mapping{}
		for i, f := range opt.Columns {
			m[f] = i
		}
	} else {
		h, hl, err := src.Next()
		if err == io.EOF {
			return st, errors.New("the input is empty: want a header row, then one row per person-month")
		}
		var re *RecordError
		if errors.As(err, &re) {
			return st, fmt.Errorf("%s: %v", src.Where(re.Line), re.Err)
		}
		if err != nil {
			return st, err // the input itself failed (not UTF-8, I/O)
		}
		if m, err = MapHeader(h, opt.Overrides); err != nil {
			return st, fmt.Errorf("%s: %v", src.Where(hl), err)
		}
	}
	reject := func(e RowError) error {
		if w := label(src.Where(e.Line)); w != strconv.Itoa(e.Line) {
			e.Where = w // "Sheet1!R12"; a plain line or row number stays in Line alone
		}
		return sink.Reject(e)
	}
	pool := &Pool{Def: opt.Defaults, Assess: assess, Workers: opt.Workers}
	pool.Emit = func(res Result) error {
		if res.loose != nil {
			st.RowsRejected++ // one input row; counted here, on the one goroutine that writes the stats
			for _, e := range res.loose {
				if err := reject(e); err != nil {
					return err
				}
			}
			return nil
		}
		if res.Rejected {
			st.PersonsRejected++
			st.RowsRejected += res.Rows
			return rejectAll(reject, src.Where, res)
		}
		st.Persons++
		st.RowsUsed += res.Rows
		st.ByStatus[res.Status]++
		if opt.Lang != report.ZH {
			res.Summary = Summary(&res, opt.Lang)
		}
		return sink.Result(res)
	}
	pool.Start()
	closed := map[string]int{} // persons whose rows ended: id → first line
	var cur *Person
	seq := 0
	flush := func() {
		if cur == nil {
			return
		}
		closed[cur.ID] = cur.First
		pool.Add(cur) // a person with a bad row is rejected whole: a missing month would read as a lapse
		cur = nil
	}
	pid, hasPID := m[PersonID]
	ci := m.compile()
	ci.where = src.Where
	// a row rejected on its own goes through the pool too, so that every
	// output is written by one goroutine, in input order
	loose := func(es ...RowError) {
		pool.Add(&Person{Seq: seq, Loose: es})
		seq++
	}
	for {
		rec, line, err := src.Next()
		if err == io.EOF {
			break
		}
		st.RowsIn++
		if st.RowsIn&255 == 0 && cancelled(opt.Cancel) {
			pool.Close()
			return st, ErrInterrupted
		}
		if opt.Progress != nil && st.RowsIn&4095 == 0 {
			opt.Progress(st.RowsIn, seq)
		}
		if err != nil {
			var re *RecordError
			if !errors.As(err, &re) {
				pool.Close()
				return st, err // the input itself failed (not UTF-8, I/O): stop, nothing half written
			}
			flush()
			loose(RowError{Line: re.Line, Column: "-", Reason: re.Err.Error()})
			continue
		}
		// the reader only finds each row's person; the workers parse the rest
		id := ""
		if hasPID && pid < len(rec) {
			id = strings.TrimSpace(rec[pid])
			if id == `\N` {
				id = ""
			}
		}
		if id == "" {
			flush()
			_, es := parseRow(ci, rec, line, opt.Defaults)
			loose(es...)
			continue
		}
		if cur == nil || id != cur.ID {
			flush()
			if first, ok := closed[id]; ok {
				loose(RowError{Line: line, Column: string(PersonID), Reason: fmt.Sprintf("%s's rows are not contiguous: first at %s, again at %s; sort the input by person (this row is not used)", id, src.Where(first), src.Where(line))})
				continue
			}
			cur = &Person{ID: id, Seq: seq, First: line, m: ci}
			seq++
		}
		cur.raw = append(cur.raw, rec)
		cur.lines = append(cur.lines, line)
	}
	flush()
	err := pool.Close()
	if opt.Progress != nil {
		opt.Progress(st.RowsIn, seq)
	}
	if err == nil && cancelled(opt.Cancel) {
		err = ErrInterrupted
	}
	if err == nil {
		st.Facts, err = opt.Persons.account(sink)
	}
	return st, err
}

// rejectAll writes a rejected person's rows: each error, then every other
// row of the person as rejected with them.
func rejectAll(reject func(RowError) error, where func(int) string, res Result) error {
	named := map[int]bool{}
	for _, e := range res.Errors {
		named[e.Line] = true
		if err := reject(e); err != nil {
			return err
		}
	}
	for _, l := range res.Lines {
		if !named[l] {
			named[l] = true
			if err := reject(RowError{Line: l, Column: string(PersonID), Reason: fmt.Sprintf("%s is rejected as a whole (see %s)", res.PersonID, where(res.Errors[0].Line))}); err != nil {
				return err
			}
		}
	}
	return nil
}

// FileSink writes results as CSV (.csv), TSV (.tsv, or Hive's NULL-free
// transform output) or JSON Lines (.jsonl) and rejects as CSV, each to a
// temporary file renamed into place on Commit: an interrupted run leaves no
// half file under the final name.
type FileSink struct {
	path, rejPath string
	f, rf         *os.File
	cw, rw        *csv.Writer
	json          *json.Encoder
	fw            formatWriter // XLSX, Parquet
	stats         Stats
}

// formatWriter writes results in a binary format, closed with the run's
// accounting (the XLSX summary sheet).
type formatWriter interface {
	write(Result) error
	close(Stats) error
}

// NewFileSink opens the temporary files for out and rejects; the result's
// format is out's extension (.csv, .tsv, .jsonl, .xlsx, .parquet; CSV
// otherwise).
func NewFileSink(out, rejects string) (*FileSink, error) {
	f, err := FormatOf(out)
	if err != nil {
		f = CSV
	}
	return NewFormatSink(out, rejects, f, report.ZH)
}

// NewFormatSink is NewFileSink with the format and the language (XLSX
// sheet names and status texts) given.
func NewFormatSink(out, rejects string, format Format, l report.Lang) (*FileSink, error) {
	s := &FileSink{path: out, rejPath: rejects}
	var err error
	if s.f, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp"); err != nil {
		return nil, err
	}
	if s.rf, err = os.CreateTemp(filepath.Dir(rejects), "."+filepath.Base(rejects)+".*.tmp"); err != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		return nil, err
	}
	switch format {
	case JSONL:
		s.json = json.NewEncoder(s.f)
	case TSV:
		s.cw = csv.NewWriter(s.f)
		s.cw.Comma = '\t'
	case XLSX:
		if s.fw, err = newXLSXWriter(s.f, l); err != nil {
			s.Abort()
			return nil, err
		}
	case Parquet:
		s.fw = newParquetWriter(s.f)
	default:
		s.cw = csv.NewWriter(s.f)
	}
	if s.cw != nil {
		s.cw.Write(Header())
	}
	s.rw = csv.NewWriter(s.rf)
	s.rw.Write([]string{"line", "column", "reason"})
	return s, nil
}

// Result writes one result.
func (s *FileSink) Result(r Result) error {
	if s.json != nil {
		return s.json.Encode(jsonOf(r))
	}
	if s.fw != nil {
		return s.fw.write(r)
	}
	return s.cw.Write(r.Record())
}

// Reject writes one rejected row.
func (s *FileSink) Reject(e RowError) error {
	return s.rw.Write([]string{e.Loc(), e.Column, e.Reason})
}

// SetStats gives the run's accounting to the result (the XLSX summary
// sheet); call it before Commit.
func (s *FileSink) SetStats(st Stats) { s.stats = st }

// Commit flushes and renames both files into place.
func (s *FileSink) Commit() error {
	if s.fw != nil {
		if err := s.fw.close(s.stats); err != nil {
			return err
		}
	}
	if s.cw != nil {
		s.cw.Flush()
		if err := s.cw.Error(); err != nil {
			return err
		}
	}
	s.rw.Flush()
	if err := s.rw.Error(); err != nil {
		return err
	}
	for _, x := range []struct {
		f    *os.File
		path string
	}{{s.f, s.path}, {s.rf, s.rejPath}} {
		if err := x.f.Sync(); err != nil {
			return err
		}
		if err := x.f.Close(); err != nil {
			return err
		}
		if err := os.Rename(x.f.Name(), x.path); err != nil {
			return err
		}
	}
	return nil
}

// Abort removes the temporary files.
func (s *FileSink) Abort() {
	for _, f := range []*os.File{s.f, s.rf} {
		f.Close()
		os.Remove(f.Name())
	}
}

func jsonOf(r Result) map[string]any {
	rec := r.Record()
	out := make(map[string]any, len(rec))
	for i, c := range resultColumns {
		out[c] = rec[i]
	}
	out["covered_now"] = r.CoveredNow
	out["lapse_months"], out["pay_months"], out["waiting_months"] = r.LapseMonths, r.PayMonths, r.WaitingMonths
	out["cumulative_months"], out["continuous_months"] = r.CumulativeMonths, r.ContinuousMonths
	return out
}
