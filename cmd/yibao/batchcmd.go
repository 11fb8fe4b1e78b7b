package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"

	"yibao"
	"yibao/batch"
	"yibao/caseio"
	"yibao/engine"
	"yibao/report"
)

// batchFlags are the options batch and transform share.
type batchFlags struct {
	region, asOf, mapping string
	workers               int
}

func (b *batchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.region, "region", "", "pooling region for rows without one (name or code)")
	fs.StringVar(&b.asOf, "as-of", "", "the date every person is assessed on, YYYY-MM-DD (default: today)")
	fs.StringVar(&b.mapping, "map", "", "extra header mapping, e.g. 单位编号=person_id,基数=base")
	fs.IntVar(&b.workers, "workers", 0, "persons assessed at once (default: every core)")
}

// options turns the flags into batch options, listing every problem.
func (b *batchFlags) options() (batch.Options, []string) {
	var opt batch.Options
	var errs []string
	if b.region != "" {
		code, err := resolveRegion(b.region)
		if err != nil {
			errs = append(errs, "--region: "+err.Error())
		}
		opt.Region = code
	}
	if b.asOf != "" {
		d, err := yibao.ParseDate(b.asOf)
		if err != nil {
			errs = append(errs, "--as-of: "+err.Error())
		}
		opt.AsOf = d
	} else {
		opt.AsOf = today()
	}
	if b.mapping != "" {
		opt.Overrides = map[string]batch.Field{}
		for _, kv := range strings.Split(b.mapping, ",") {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || strings.TrimSpace(k) == "" {
				errs = append(errs, cliBoth("cli.err.map", kv))
				continue
			}
			opt.Overrides[strings.TrimSpace(k)] = batch.Field(strings.TrimSpace(v))
		}
	}
	opt.Workers = b.workers
	return opt, errs
}

// batchOnly are the flags of yibao batch beside the shared batchFlags.
type batchOnly struct{ out, enc, rej, inFmt, outFmt, sheet, lang, due, persons *string }

// registerBatch declares yibao batch's flags (its help reads them too).
func registerBatch(fs *flag.FlagSet) (*batchFlags, batchOnly) {
	bf := new(batchFlags)
	bf.register(fs)
	return bf, batchOnly{
		out:     fs.String("o", "", cliText("cli.flag.batch.o")),
		enc:     fs.String("encoding", "utf-8", cliText("cli.flag.batch.encoding")),
		rej:     fs.String("rejects", "", cliText("cli.flag.batch.rejects")),
		inFmt:   fs.String("format", "", cliText("cli.flag.batch.format")),
		outFmt:  fs.String("out-format", "", cliText("cli.flag.batch.out_format")),
		sheet:   fs.String("sheet", "", cliText("cli.flag.batch.sheet")),
		lang:    fs.String("lang", "zh", cliText("cli.flag.batch.lang")),
		due:     fs.String("due-within", "", cliText("cli.flag.batch.due_within")),
		persons: fs.String("persons", "", cliText("cli.flag.batch.persons")),
	}
}

// batchCmd: yibao batch IN -o OUT [--rejects FILE] [--region R] [--as-of D] [--map a=b,…]
// [--format F] [--out-format F] [--sheet S] [--lang en] [--due-within 30d]
func batchCmd(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bf, bo := registerBatch(fs)
	out, enc, rej, inFmt, outFmt, sheet, lang, due := bo.out, bo.enc, bo.rej, bo.inFmt, bo.outFmt, bo.sheet, bo.lang, bo.due
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitBadCase
	}
	opt, errs := bf.options()
	if len(pos) != 1 {
		errs = append(errs, "want one input file: yibao batch LEDGER.csv -o RESULT.csv")
	}
	if *out == "" {
		errs = append(errs, "-o: required, the result file (.csv, .tsv, .jsonl, .xlsx or .parquet)")
	}
	pick := func(flagName, given, path string) batch.Format {
		if given != "" {
			f, err := batch.ParseFormat(given)
			if err != nil {
				errs = append(errs, flagName+": "+err.Error())
			}
			return f
		}
		if path == "" {
			return ""
		}
		f, err := batch.FormatOf(path)
		if err != nil {
			errs = append(errs, err.Error())
		}
		return f
	}
	var inPath string
	if len(pos) == 1 {
		inPath = pos[0]
	}
	inF, outF := pick("--format", *inFmt, inPath), pick("--out-format", *outFmt, *out)
	switch strings.ToLower(*lang) {
	case "zh", "zh-cn", "":
	case "en":
		opt.Lang = report.EN
	default:
		errs = append(errs, fmt.Sprintf("--lang: %q: want zh or en", *lang))
	}
	days := -1
	if *due != "" {
		if days, err = batch.ParseWindow(*due); err != nil {
			errs = append(errs, "--due-within: "+err.Error())
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	if *rej == "" {
		*rej = strings.TrimSuffix(*out, fileExt(*out)) + ".rejects.csv"
	}
	intr := catchInterrupt(stderr)
	defer intr.stop()
	opt.Cancel = intr.done
	if *bo.persons != "" {
		if opt.Persons, err = loadPersons(*bo.persons, *enc, opt.Overrides); err != nil {
			fmt.Fprintln(stderr, err)
			return exitBadCase
		}
	}
	in, err := os.Open(inPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	defer in.Close()
	var fraction func() float64
	var r io.Reader = in
	if inF.Text() {
		cr := &countingReader{r: in}
		if fi, err := in.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			size := fi.Size()
			fraction = func() float64 { return float64(cr.n.Load()) / float64(size) }
		}
		if r, err = decodedInput(cr, *enc); err != nil {
			fmt.Fprintf(stderr, "%s:%v\n", inPath, err)
			return exitBadCase
		}
	}
	src, err := batch.OpenSource(inF, r, batch.SourceOptions{Sheet: *sheet, Overrides: opt.Overrides})
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", inPath, err)
		return exitBadCase
	}
	var rowsRead atomic.Int64
	if sz, ok := src.(batch.Sized); ok && sz.Rows() > 0 {
		total := sz.Rows()
		fraction = func() float64 { return float64(rowsRead.Load()) / float64(total) }
	}
	prog := batch.NewProgress(stderr, fraction)
	if prog != nil {
		opt.Progress = func(rows, persons int) {
			rowsRead.Store(int64(rows))
			prog.Update(rows, persons)
		}
	}
	fsink, err := batch.NewFormatSink(*out, *rej, outF, opt.Lang)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	intr.set(fsink)
	var dueSink *batch.DueWithin
	wrap := func(fs *batch.FileSink) batch.Sink { // --lang, --due-within: the same on either reader
		var sink batch.Sink = fs
		if opt.Lang != report.ZH {
			sink = langSink{sink, opt.Lang}
		}
		if days >= 0 {
			dueSink = &batch.DueWithin{Sink: sink, AsOf: opt.AsOf, Days: days}
			sink = dueSink
		}
		return sink
	}
	runOpt := opt
	runOpt.Lang = report.ZH // langSink words the summary
	var st batch.Stats
	err = batch.ErrNotFast
	if (inF == batch.CSV || inF == batch.TSV) && isUTF8(*enc) {
		// a UTF-8 file: batch.RunFile reads segments in parallel, several times faster
		// (no progress line there); a file it declines goes the generic way on a fresh sink
		if inF == batch.TSV {
			runOpt.Comma = '\t'
		}
		var sink batch.Sink = wrap(fsink)
		// RunFile reads by ReadAt: rows and persons counted by what comes out, the bar
		// and the ETA from the bytes of the segments emitted
		var fastFraction func() float64
		if fi, err := in.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			size := fi.Size()
			runOpt.BytesDone = new(atomic.Int64)
			fastFraction = func() float64 { return float64(runOpt.BytesDone.Load()) / float64(size) }
		}
		fastProg := batch.NewProgress(stderr, fastFraction)
		if fastProg != nil {
			sink = &progressSink{Sink: sink, p: fastProg}
		}
		st, err = batch.RunFile(in, runOpt, eng.Assess, sink)
		fastProg.Done()
		if errors.Is(err, batch.ErrNotFast) {
			fsink.Abort()
			intr.set(nil)
			if fsink, err = batch.NewFormatSink(*out, *rej, outF, opt.Lang); err != nil {
				fmt.Fprintln(stderr, err)
				return exitFailed
			}
			intr.set(fsink)
			err = batch.ErrNotFast
		}
	}
	if errors.Is(err, batch.ErrNotFast) {
		st, err = batch.RunSource(src, runOpt, eng.Assess, wrap(fsink))
	}
	prog.Done()
	if err == nil && dueSink != nil {
		var n int
		if n, err = dueSink.Flush(); err == nil {
			defer fmt.Fprintln(stderr, cliBoth("cli.batch.due", *due, n, st.Persons))
		}
	}
	if errors.Is(err, batch.ErrInterrupted) {
		return intr.abort()
	}
	if err != nil {
		fsink.Abort()
		var le *lineError
		if errors.As(err, &le) {
			fmt.Fprintf(stderr, "%s:%d: %s\n", inPath, le.line, le.msg)
		} else {
			fmt.Fprintf(stderr, "%s: %v\n", inPath, err)
		}
		return exitBadCase
	}
	fsink.SetStats(st)
	if err := intr.commit(fsink); errors.Is(err, batch.ErrInterrupted) {
		return intr.abort()
	} else if err != nil {
		fsink.Abort()
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	writeStats(stderr, st, *out, *rej, opt.Lang)
	if st.RowsRejected > 0 || (st.Facts != nil && st.Facts.Rejected > 0) {
		return exitBadCase
	}
	return exitOK
}

// loadPersons reads the persons table (--persons) in its format (by
// extension), text decoded as --encoding says.
func loadPersons(path, enc string, overrides map[string]batch.Field) (*batch.PersonTable, error) {
	f, err := batch.FormatOf(path)
	if err != nil {
		return nil, fmt.Errorf("--persons: %v", err)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--persons: %v", err)
	}
	defer file.Close()
	var r io.Reader = file
	if f.Text() {
		if r, err = decodedInput(file, enc); err != nil {
			return nil, fmt.Errorf("%s:%v", path, err)
		}
	}
	src, err := batch.OpenSource(f, r, batch.SourceOptions{Overrides: overrides})
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	t, err := batch.LoadPersons(src, path, overrides)
	var le *lineError
	if errors.As(err, &le) {
		return nil, fmt.Errorf("%s:%d: %s", path, le.line, le.msg)
	}
	return t, err
}

// exitInterrupted is the exit status of a run stopped by Ctrl-C or SIGTERM
// (128 + SIGINT, as shells report it).
const exitInterrupted = 130

// interrupt stops a batch run on SIGINT or SIGTERM: done is closed (the run
// stops reading and returns batch.ErrInterrupted), the temporary files are
// removed, and the command exits 130 with nothing under the final names. A
// run that does not come back within interruptGrace (a persons table still
// loading, a huge person in the engine) is ended by the handler itself,
// after removing the files. The mutex keeps that from racing the rename.
type interrupt struct {
	done   chan struct{}
	quit   chan struct{}
	sigc   chan os.Signal
	stderr io.Writer

	mu       sync.Mutex
	sink     *batch.FileSink // the temporary files to remove
	finished bool            // committed or aborted: the handler must not touch the files
}

var interruptGrace = 3 * time.Second

func catchInterrupt(stderr io.Writer) *interrupt {
	in := &interrupt{done: make(chan struct{}), quit: make(chan struct{}), sigc: make(chan os.Signal, 2), stderr: stderr}
	signal.Notify(in.sigc, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case <-in.sigc:
		case <-in.quit:
			return
		}
		close(in.done)
		select {
		case <-time.After(interruptGrace):
		case <-in.sigc: // a second Ctrl-C: now
		case <-in.quit:
			return
		}
		in.mu.Lock() // held to the exit: no commit can start
		if !in.finished && in.sink != nil {
			in.sink.Abort()
		}
		fmt.Fprintln(in.stderr, cliBoth("cli.batch.interrupted"))
		os.Exit(exitInterrupted)
	}()
	return in
}

// set names the temporary files the handler removes (nil: none).
func (in *interrupt) set(s *batch.FileSink) {
	in.mu.Lock()
	in.sink = s
	in.mu.Unlock()
}

// commit renames the files into place unless the run was interrupted.
func (in *interrupt) commit(s *batch.FileSink) error {
	in.mu.Lock()
	defer in.mu.Unlock()
	select {
	case <-in.done:
		return batch.ErrInterrupted
	default:
	}
	in.finished = true
	return s.Commit()
}

// abort removes the temporary files after an interrupted run.
func (in *interrupt) abort() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	if !in.finished && in.sink != nil {
		in.sink.Abort()
	}
	in.finished = true
	fmt.Fprintln(in.stderr, cliBoth("cli.batch.interrupted"))
	return exitInterrupted
}

func (in *interrupt) stop() {
	signal.Stop(in.sigc)
	close(in.quit)
}

// countingReader counts the bytes read (the progress bar's fraction).
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func isUTF8(enc string) bool {
	switch strings.ToLower(enc) {
	case "utf-8", "utf8", "":
		return true
	}
	return false
}

// progressSink draws the progress line from the results and rejects as
// they are written (the fast reader has no hook of its own).
type progressSink struct {
	batch.Sink
	p             *batch.Progress
	rows, persons int
}

func (s *progressSink) Result(r batch.Result) error {
	s.rows += r.Rows
	s.persons++
	s.p.Update(s.rows, s.persons)
	return s.Sink.Result(r)
}

func (s *progressSink) Reject(e batch.RowError) error {
	s.rows++
	s.p.Update(s.rows, s.persons)
	return s.Sink.Reject(e)
}

// langSink words each result's summary in another language.
type langSink struct {
	batch.Sink
	l report.Lang
}

func (s langSink) Result(r batch.Result) error {
	r.Summary = batch.Summary(&r, s.l)
	return s.Sink.Result(r)
}

func fileExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}

func writeStats(w io.Writer, st batch.Stats, out, rej string, l report.Lang) {
	fmt.Fprintln(w, cliBoth("cli.batch.rows", st.RowsIn, st.RowsUsed, st.RowsRejected, st.Persons, st.PersonsRejected))
	keys := make([]string, 0, len(st.ByStatus))
	for k := range st.ByStatus {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+strconv.Itoa(st.ByStatus[k])+" ("+batch.StatusText(k, l)+")")
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "%s: %s\n", cliText("cli.batch.by_status"), strings.Join(parts, ", "))
	}
	if f := st.Facts; f != nil {
		fmt.Fprint(w, cliBoth("cli.batch.facts", f.RowsIn, f.Used, f.Rejected, f.Unmatched))
		if len(f.UnmatchedIDs) > 0 {
			fmt.Fprintf(w, ": %s", strings.Join(f.UnmatchedIDs, ", "))
			if f.Unmatched > len(f.UnmatchedIDs) {
				fmt.Fprint(w, ", …")
			}
		}
		fmt.Fprintln(w)
	}
	if out != "" {
		fmt.Fprintln(w, cliBoth("cli.batch.result", out, rej))
	}
}

// transformCmd speaks Spark SQL's and Hive's script transformation: rows on
// stdin as delimited fields (\N for NULL), one person's rows contiguous
// (DISTRIBUTE BY person_id SORT BY person_id, month); results on stdout in
// the same format; rejected rows and the accounting on stderr.
//
// The field delimiter is what the caller uses: Hive's serde (and Spark with
// Hive support) joins fields with TAB, Spark's own script transformation
// (no Hive support) with \x01 (Ctrl-A). Unless --delimiter says, the first
// line tells: \x01 when it has one, else TAB; the answer uses the same, so
// that the caller splits it as it joined its input. Fields are written raw,
// never quoted (neither Spark nor Hive unquotes): a delimiter, tab or line
// break inside a value becomes a space, and an empty value is \N.
// registerTransform declares yibao transform's flags (its help reads them too).
func registerTransform(fs *flag.FlagSet) (bf *batchFlags, cols, enc, delim *string) {
	bf = new(batchFlags)
	bf.register(fs)
	cols = fs.String("columns", "person_id,region,month,scheme,status,base_fen,paid_on", cliText("cli.flag.transform.columns"))
	enc = fs.String("encoding", "utf-8", cliText("cli.flag.transform.encoding"))
	delim = fs.String("delimiter", "auto", cliText("cli.flag.transform.delimiter"))
	return
}

func transformCmd(eng *engine.Engine, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("transform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	bf, cols, enc, delim := registerTransform(fs)
	if _, err := parseInterleaved(fs, args); err != nil {
		return exitBadCase
	}
	opt, errs := bf.options()
	for _, c := range strings.Split(*cols, ",") {
		opt.Columns = append(opt.Columns, batch.Field(strings.TrimSpace(c)))
	}
	var comma rune
	switch d := *delim; d {
	case "auto", "":
	case "tab", `\t`:
		comma = '\t'
	case "ctrl-a", `\x01`, `\001`, `\u0001`:
		comma = '\x01'
	default:
		if r, size := utf8.DecodeRuneInString(d); size != len(d) || r == '"' || r == '\n' || r == '\r' || r == utf8.RuneError {
			errs = append(errs, fmt.Sprintf("--delimiter: %q: want auto, tab, ctrl-a or one character (not a quote or line break)", d))
		} else {
			comma = r
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	src, err := decodedInput(stdin, *enc)
	if err != nil {
		fmt.Fprintln(stderr, strings.TrimSpace(err.Error()))
		return exitBadCase
	}
	in := bufio.NewReaderSize(src, 64<<10)
	if comma == 0 {
		comma = sniffDelimiter(in)
	}
	opt.Comma = comma
	out := bufio.NewWriterSize(stdout, 64<<10)
	rows := &rawFields{in: in, comma: string(comma)}
	sink := &streamSink{w: out, comma: string(comma), errw: stderr}
	st, err := batch.Run(rows, opt, eng.Assess, sink)
	if ferr := out.Flush(); err == nil && ferr != nil {
		err = ferr
	}
	if err != nil {
		var le *lineError
		if errors.As(err, &le) {
			fmt.Fprintf(stderr, "stdin:%d: %s\n", le.line, le.msg)
		} else {
			fmt.Fprintln(stderr, err)
		}
		return exitBadCase
	}
	writeStats(stderr, st, "", "", report.ZH)
	return exitOK
}

// rawFields hands the caller's rows to the CSV reader as written: Spark and
// Hive never quote, so a line with a double quote has each field holding
// one quoted (its quotes doubled) — a value like "abc is read as it is,
// never as the start of a quoted field that would swallow the rows after
// it. Lines without a quote pass unchanged.
type rawFields struct {
	in    *bufio.Reader
	comma string
	buf   []byte
	err   error
}

func (r *rawFields) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		line, err := r.in.ReadBytes('\n')
		r.err = err
		if bytes.IndexByte(line, '"') >= 0 {
			line = quoteFields(line, r.comma)
		}
		r.buf = line
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// quoteFields quotes the fields of a raw line that hold a double quote.
func quoteFields(line []byte, comma string) []byte {
	body := bytes.TrimRight(line, "\r\n")
	end := line[len(body):]
	fields := bytes.Split(body, []byte(comma))
	for i, f := range fields {
		if bytes.IndexByte(f, '"') >= 0 {
			fields[i] = append(append([]byte{'"'}, bytes.ReplaceAll(f, []byte(`"`), []byte(`""`))...), '"')
		}
	}
	return append(bytes.Join(fields, []byte(comma)), end...)
}

// sniffDelimiter is \x01 when the first line (its first 64 KiB) has one,
// else TAB. A failed read is left for the reader to report.
func sniffDelimiter(in *bufio.Reader) rune {
	b, _ := in.Peek(in.Size())
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if bytes.IndexByte(b, 0x01) >= 0 {
		return '\x01'
	}
	return '\t'
}

// streamSink writes results to a stream as they come (transform), fields
// joined by comma, raw, and rejected rows to stderr.
type streamSink struct {
	w     *bufio.Writer
	comma string
	errw  io.Writer
}

func (s *streamSink) Result(r batch.Result) error {
	for i, v := range r.Record() {
		if i > 0 {
			s.w.WriteString(s.comma)
		}
		if v == "" {
			s.w.WriteString(`\N`)
			continue
		}
		if strings.ContainsAny(v, s.comma+"\t\r\n") {
			v = strings.NewReplacer(s.comma, " ", "\t", " ", "\r", " ", "\n", " ").Replace(v)
		}
		s.w.WriteString(v)
	}
	return s.w.WriteByte('\n')
}

func (s *streamSink) Reject(e batch.RowError) error {
	_, err := fmt.Fprintf(s.errw, "rejected line %d: %s: %s\n", e.Line, e.Column, e.Reason)
	return err
}

// today is the date in China (UTC+8): the adapter's clock, never the engine's.
func today() yibao.Date {
	t := time.Now().In(time.FixedZone("CST", 8*3600))
	return yibao.DateOf(t.Year(), int(t.Month()), t.Day())
}

// decodedInput streams the input as UTF-8: GB18030/GBK decoded when asked;
// otherwise the first 1 MiB is checked, and a file that is not UTF-8 is
// refused with the line of its first bad byte and the hint to save it as
// UTF-8 or pass --encoding gb18030 (never mis-decoded silently).
func decodedInput(in io.Reader, enc string) (io.Reader, error) {
	switch strings.ToLower(enc) {
	case "gb18030", "gbk", "gb2312":
		return transform.NewReader(in, simplifiedchinese.GB18030.NewDecoder()), nil
	case "utf-8", "utf8", "":
	default:
		return nil, fmt.Errorf(" --encoding: %q: want utf-8, gb18030 or gbk", enc)
	}
	return &utf8Check{r: in, line: 1}, nil
}

// utf8Check passes the input through unchanged and stops at the first byte
// that is not UTF-8, naming its line (a GB18030 file is never mis-read).
type utf8Check struct {
	r     io.Reader
	line  int
	carry []byte // the start of a character cut by the previous read
}

func (u *utf8Check) Read(p []byte) (int, error) {
	n, err := u.r.Read(p)
	data := append(u.carry, p[:n]...)
	end := len(data)
	if err == nil { // more may follow: keep a cut character for the next read
		for i := len(data) - 1; i >= 0 && i >= len(data)-3; i-- {
			if utf8.RuneStart(data[i]) {
				if !utf8.FullRune(data[i:]) {
					end = i
				}
				break
			}
		}
	}
	if !utf8.Valid(data[:end]) {
		_, derr := caseio.Decode(data[:end], "utf-8") // names the column and the likely encoding
		msg := strings.TrimSpace(derr.Error())
		if _, rest, ok := strings.Cut(msg, ": "); ok && strings.Count(msg[:len(msg)-len(rest)], ":") >= 2 {
			msg = rest // the position is relative to this chunk: give the file's line instead
		}
		return 0, &lineError{line: u.line + strings.Count(string(data[:firstBad(data[:end])]), "\n"), msg: msg}
	}
	u.line += strings.Count(string(data[:end]), "\n")
	u.carry = append(u.carry[:0], data[end:]...)
	return n, err
}

// lineError is a problem at a line of the input file.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("%d: %s", e.line, e.msg) }

func firstBad(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(b)
}
