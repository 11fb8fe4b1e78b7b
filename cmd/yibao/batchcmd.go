package main

import (
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"yibao"
	"yibao/batch"
	"yibao/engine"
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
				errs = append(errs, fmt.Sprintf("--map: %q: want 列名=field, e.g. 单位编号=person_id", kv))
				continue
			}
			opt.Overrides[strings.TrimSpace(k)] = batch.Field(strings.TrimSpace(v))
		}
	}
	opt.Workers = b.workers
	return opt, errs
}

// batchCmd: yibao batch IN -o OUT [--rejects FILE] [--region R] [--as-of D] [--map a=b,…]
func batchCmd(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bf batchFlags
	bf.register(fs)
	out := fs.String("o", "", "result file: .csv, .tsv or .jsonl (written atomically)")
	rej := fs.String("rejects", "", "rejected rows (default: OUT with .rejects.csv)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitBadCase
	}
	opt, errs := bf.options()
	if len(pos) != 1 {
		errs = append(errs, "want one input file: yibao batch LEDGER.csv -o RESULT.csv")
	}
	if *out == "" {
		errs = append(errs, "-o: required, the result file (.csv, .tsv or .jsonl)")
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	if *rej == "" {
		*rej = strings.TrimSuffix(*out, fileExt(*out)) + ".rejects.csv"
	}
	in, err := os.Open(pos[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	defer in.Close()
	if strings.EqualFold(fileExt(pos[0]), ".tsv") {
		opt.Comma = '\t'
	}
	sink, err := batch.NewFileSink(*out, *rej)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	st, err := batch.Run(in, opt, eng.Assess, sink)
	if err != nil {
		sink.Abort()
		fmt.Fprintf(stderr, "%s: %v\n", pos[0], err)
		return exitBadCase
	}
	if err := sink.Commit(); err != nil {
		sink.Abort()
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	writeStats(stderr, st, *out, *rej)
	if st.RowsRejected > 0 {
		return exitBadCase
	}
	return exitOK
}

func fileExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') {
		return p[i:]
	}
	return ""
}

func writeStats(w io.Writer, st batch.Stats, out, rej string) {
	fmt.Fprintf(w, "行 rows: %d in = %d used + %d rejected; 人 persons: %d out, %d rejected\n", st.RowsIn, st.RowsUsed, st.RowsRejected, st.Persons, st.PersonsRejected)
	keys := make([]string, 0, len(st.ByStatus))
	for k := range st.ByStatus {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, k+" "+strconv.Itoa(st.ByStatus[k]))
	}
	if len(parts) > 0 {
		fmt.Fprintf(w, "按测算日状态 by status: %s\n", strings.Join(parts, ", "))
	}
	if out != "" {
		fmt.Fprintf(w, "结果 result: %s; 拒收 rejects: %s\n", out, rej)
	}
}

// transformCmd speaks Spark SQL's and Hive's script transformation: rows on
// stdin as tab-separated fields (\N for NULL), one person's rows contiguous
// (DISTRIBUTE BY person_id SORT BY person_id, month); results on stdout in
// the same format; rejected rows and the accounting on stderr.
func transformCmd(eng *engine.Engine, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("transform", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var bf batchFlags
	bf.register(fs)
	cols := fs.String("columns", "person_id,region,month,scheme,status,base_fen,paid_on", "the input columns, in order")
	if _, err := parseInterleaved(fs, args); err != nil {
		return exitBadCase
	}
	opt, errs := bf.options()
	for _, c := range strings.Split(*cols, ",") {
		opt.Columns = append(opt.Columns, batch.Field(strings.TrimSpace(c)))
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	opt.Comma = '\t'
	sink := &streamSink{w: csv.NewWriter(stdout), errw: stderr}
	sink.w.Comma = '\t'
	st, err := batch.Run(stdin, opt, eng.Assess, sink)
	sink.w.Flush()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	writeStats(stderr, st, "", "")
	return exitOK
}

// streamSink writes results to a stream as they come (transform) and
// rejected rows to stderr.
type streamSink struct {
	w    *csv.Writer
	errw io.Writer
}

func (s *streamSink) Result(r batch.Result) error {
	rec := r.Record()
	for i, v := range rec {
		if v == "" {
			rec[i] = `\N`
		}
	}
	return s.w.Write(rec)
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
