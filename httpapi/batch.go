package httpapi

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"yibao/batch"
	"yibao/caseio"
	"yibao/report"
)

// Media types of POST /v1/batch.
const (
	mediaCSV   = "text/csv"
	mediaTSV   = "text/tab-separated-values"
	mediaJSONL = "application/x-ndjson"
	mediaXLSX  = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// xlsxUnzipFactor bounds what an XLSX body may unpack to: this many times
// the body limit (a sheet of ledger rows packs about ten to one).
const xlsxUnzipFactor = 32

// Accounting headers of POST /v1/batch, sent as HTTP trailers (the counts
// are known only at the end of a streamed answer); the JSONL answer ends
// with a summary line carrying the same counts.
const (
	TrailerRowsIn          = "Yibao-Rows-In"
	TrailerRowsUsed        = "Yibao-Rows-Used"
	TrailerRowsRejected    = "Yibao-Rows-Rejected"
	TrailerPersons         = "Yibao-Persons"
	TrailerPersonsRejected = "Yibao-Persons-Rejected"
)

var batchTrailers = []string{TrailerRowsIn, TrailerRowsUsed, TrailerRowsRejected, TrailerPersons, TrailerPersonsRejected}

// batch answers POST /v1/batch: a ledger table in (CSV or TSV with a header
// row, or JSON Lines of objects with the same keys), one result row per
// person out (CSV or JSON Lines), every person assessed by the server's
// engine through batch.Run — the same rows as `yibao batch`.
//
// The body is read whole within the server's body limit (413 past it; the
// bytes-in-flight and requests-in-flight limits admit it, else 503) and
// decoded by its charset (UTF-8, or gb18030/gbk), so that every refusal of
// the whole request comes with its status before any result; then results
// stream out as persons are assessed. Nothing is kept.
func (s *Server) batch(w http.ResponseWriter, r *http.Request) {
	in, charset, p := batchInput(r.Header.Get("Content-Type"))
	if p != nil {
		s.problem(w, p)
		return
	}
	out, p := batchOutput(r.Header.Values("Accept"), in)
	if p != nil {
		s.problem(w, p)
		return
	}
	asOf, p := s.asOfParam(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	opt := batch.Options{Defaults: batch.Defaults{AsOf: asOf}}
	switch v := r.URL.Query().Get("lang"); v {
	case "", "zh", "zh-CN":
	case "en":
		opt.Lang = report.EN
	default:
		s.problem(w, badQuery("query.lang", "enum", fmt.Sprintf("lang %q: want zh or en", clip(v))))
		return
	}
	if v := r.URL.Query().Get("region"); v != "" {
		reg, err := s.reg.Resolve(v)
		if err != nil {
			s.problem(w, badQuery("query.region", "not_found", strings.TrimPrefix(err.Error(), "region: ")))
			return
		}
		opt.Region = reg.Code
	}
	buf, p := s.readBody(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	defer releaseBody(buf)
	var table batch.Source
	var lines *jsonlLines
	if in == mediaXLSX {
		// the workbook is in memory already (within the body limit); what it
		// unpacks to is bounded too, and unpacked in memory only
		var err error
		table, err = batch.NewXLSXSourceLimit(bytes.NewReader(buf.Bytes()), "", xlsxUnzipFactor*s.max)
		if errors.Is(err, batch.ErrXLSXTooLarge) {
			s.problem(w, &Problem{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("the workbook unpacks to more than %d bytes", xlsxUnzipFactor*s.max)})
			return
		}
		if err != nil {
			msg := err.Error()
			s.problem(w, &Problem{Status: http.StatusBadRequest, Detail: "the workbook cannot be read: " + msg,
				Errors: []FieldError{{Code: "invalid", Message: msg}}})
			return
		}
	} else {
		src, err := caseio.Decode(buf.Bytes(), charset)
		if err != nil {
			s.problem(w, encodingProblem(err))
			return
		}
		switch in {
		case mediaTSV:
			opt.Comma = '\t'
		case mediaJSONL:
			src, lines = jsonlToCSV(src)
		}
		table = batch.NewCSVSource(bytes.NewReader(src), opt.Comma)
	}
	if out == mediaXLSX {
		s.batchXLSX(w, r, table, opt)
		return
	}
	sink := &httpSink{w: w, s: s, r: r, jsonl: out == mediaJSONL, lines: lines}
	st, err := batch.RunSource(table, opt, s.eng.Assess, sink)
	if err != nil && !sink.started {
		s.problem(w, unreadableTable(err))
		return
	}
	if err != nil {
		return // the client went away or the deadline passed mid-answer (logged as aborted)
	}
	sink.finish(st)
}

// unreadableTable is the 400 for a table that cannot be read as a whole
// (empty, no header, no person column): nothing was sent yet.
func unreadableTable(err error) *Problem {
	msg := strings.TrimPrefix(err.Error(), "line 1: ")
	if m, _, ok := strings.Cut(msg, "; map one with --map"); ok {
		msg = m + " (or 个人编号, 人员编号, 社会保障号)" // the API has no --map: name the column as the table can
	}
	return &Problem{Status: http.StatusBadRequest, Detail: "the table cannot be read: " + msg,
		Errors: []FieldError{{Code: "invalid", Message: msg, Line: 1, Column: 1}}}
}

// batchXLSX answers with an XLSX workbook, as `yibao batch -o out.xlsx`
// writes it: the results sheet (header frozen) and the summary sheet. A zip
// archive is complete only at its end, so the workbook is built in memory
// (one row per person of a body within the limit) and sent whole, with the
// accounting as ordinary headers (named as the trailers of the streamed
// answers).
func (s *Server) batchXLSX(w http.ResponseWriter, r *http.Request, table batch.Source, opt batch.Options) {
	var out bytes.Buffer
	xw, err := batch.NewXLSXWriter(&out, opt.Lang)
	if err != nil {
		s.problem(w, &Problem{Status: http.StatusInternalServerError, Detail: "starting the workbook: " + err.Error()})
		return
	}
	sink := &xlsxSink{x: xw, r: r}
	st, err := batch.RunSource(table, opt, s.eng.Assess, sink)
	if err != nil {
		if p := s.ctxProblem(r); p != nil {
			s.problem(w, p)
			return
		}
		if sink.failed {
			s.problem(w, &Problem{Status: http.StatusInternalServerError, Detail: "writing the workbook: " + err.Error()})
			return
		}
		s.problem(w, unreadableTable(err))
		return
	}
	if err := xw.Close(st); err != nil {
		s.problem(w, &Problem{Status: http.StatusInternalServerError, Detail: "writing the workbook: " + err.Error()})
		return
	}
	h := w.Header()
	h["Cache-Control"] = noStore
	h.Set("Content-Type", mediaXLSX)
	h.Set("Content-Disposition", `attachment; filename="yibao-batch.xlsx"`)
	h.Set("Content-Length", strconv.Itoa(out.Len()))
	for i, n := range []int{st.RowsIn, st.RowsUsed, st.RowsRejected, st.Persons, st.PersonsRejected} {
		h.Set(batchTrailers[i], strconv.Itoa(n))
	}
	w.WriteHeader(http.StatusOK)
	w.Write(out.Bytes())
}

// xlsxSink adds results to the workbook; rejected rows are counted (the
// summary sheet), as in the CSV answer.
type xlsxSink struct {
	x      *batch.XLSXWriter
	r      *http.Request
	failed bool // the workbook refused a row (more than a sheet holds)
}

func (k *xlsxSink) Result(res batch.Result) error {
	if err := k.r.Context().Err(); err != nil {
		return err
	}
	if err := k.x.Write(res); err != nil {
		k.failed = true
		return err
	}
	return nil
}

func (k *xlsxSink) Reject(batch.RowError) error { return k.r.Context().Err() }

// batchInput reads the request's Content-Type: the table's media type and
// its charset, or a 415.
func batchInput(ct string) (media, charset string, p *Problem) {
	want := "send text/csv (a header row, then one row per person-month), text/tab-separated-values or application/x-ndjson (one JSON object per row), with charset utf-8 (default), gb18030 or gbk; or an XLSX workbook (" + mediaXLSX + ", its first sheet)"
	if ct == "" {
		return "", "", &Problem{Status: http.StatusUnsupportedMediaType, Detail: "no Content-Type: " + want}
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", "", &Problem{Status: http.StatusUnsupportedMediaType, Detail: "unreadable Content-Type: " + err.Error() + "; " + want}
	}
	switch mt {
	case mediaCSV, "application/csv":
		media = mediaCSV
	case mediaTSV:
		media = mediaTSV
	case mediaJSONL, "application/jsonl", "application/x-jsonlines":
		media = mediaJSONL
	case mediaXLSX:
		return mediaXLSX, "", nil // a zip archive: a charset says nothing about it
	default:
		return "", "", &Problem{Status: http.StatusUnsupportedMediaType, Detail: fmt.Sprintf("Content-Type %s: %s", mt, want)}
	}
	charset = params["charset"]
	if _, ok := caseio.EncodingName(charset); !ok {
		return "", "", &Problem{Status: http.StatusUnsupportedMediaType,
			Detail: fmt.Sprintf("charset %q is not accepted: send UTF-8 (no charset, or charset=utf-8), or charset=gb18030 or gbk", charset)}
	}
	return media, charset, nil
}

// batchOutput chooses the answer's media type from Accept: text/csv or
// application/x-ndjson; with no preference, the input's kind (CSV for CSV
// and TSV, JSON Lines for JSON Lines). Nothing acceptable is a 406.
func batchOutput(accept []string, in string) (string, *Problem) {
	def := mediaCSV
	switch in {
	case mediaJSONL, mediaXLSX:
		def = in
	}
	type rng struct {
		mt string
		q  float64
		i  int
	}
	var rs []rng
	for _, a := range accept {
		for _, part := range strings.Split(a, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			mt, params, err := mime.ParseMediaType(part)
			if err != nil {
				continue
			}
			q := 1.0
			if v, ok := params["q"]; ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
			rs = append(rs, rng{mt, q, len(rs)})
		}
	}
	if len(rs) == 0 {
		return def, nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].q > rs[j].q })
	for _, x := range rs {
		if x.q <= 0 {
			continue
		}
		switch x.mt {
		case mediaCSV:
			return mediaCSV, nil
		case mediaJSONL, "application/jsonl", "application/x-jsonlines":
			return mediaJSONL, nil
		case "*/*", "text/*":
			if x.mt == "text/*" {
				return mediaCSV, nil
			}
			return def, nil
		case mediaXLSX:
			return mediaXLSX, nil
		case "application/*":
			if in == mediaXLSX {
				return mediaXLSX, nil
			}
			return mediaJSONL, nil
		}
	}
	return "", &Problem{Status: http.StatusNotAcceptable, Detail: "the answer is text/csv, application/x-ndjson or " + mediaXLSX + ": accept one of them"}
}

// httpSink streams results (and, in JSON Lines, rejected rows) to the
// response; the status line and headers go out with the first of them.
type httpSink struct {
	w       http.ResponseWriter
	s       *Server
	r       *http.Request
	jsonl   bool
	lines   *jsonlLines
	started bool
	csv     *csv.Writer
	buf     []byte
	lastBad int // the last JSON Lines line reported as not an object
}

func (k *httpSink) start() error {
	if k.started {
		return nil
	}
	k.started = true
	h := k.w.Header()
	h["Trailer"] = []string{strings.Join(batchTrailers, ", ")}
	h["Cache-Control"] = noStore
	if k.jsonl {
		h.Set("Content-Type", mediaJSONL+"; charset=utf-8")
	} else {
		h.Set("Content-Type", mediaCSV+"; charset=utf-8; header=present")
		k.csv = csv.NewWriter(k.w)
		k.csv.Write(batch.Header())
	}
	k.w.WriteHeader(http.StatusOK)
	return k.alive()
}

// alive stops the run when the client has gone or the deadline passed.
func (k *httpSink) alive() error {
	if err := k.r.Context().Err(); err != nil {
		return err
	}
	if rec, ok := k.w.(*recorder); ok && (rec.drop || rec.aborted != "") {
		return errDropped
	}
	return nil
}

func (k *httpSink) Result(res batch.Result) error {
	if err := k.start(); err != nil {
		return err
	}
	if !k.jsonl {
		k.csv.Write(res.Record())
		return k.csv.Error()
	}
	return k.line(resultLine(res))
}

func (k *httpSink) Reject(e batch.RowError) error {
	if err := k.start(); err != nil {
		return err
	}
	if k.lines != nil {
		var bad string
		e.Line, bad = k.lines.source(e.Line)
		if bad != "" { // a line that is not a JSON object: one reject, whatever the columns said
			if e.Line == k.lastBad {
				return nil
			}
			k.lastBad = e.Line
			e.Column, e.Reason = "-", bad
		}
	}
	if !k.jsonl {
		return nil // CSV carries results only: the count is in the trailer
	}
	return k.line(rejectLine{Kind: "reject", Line: e.Line, Column: e.Column, Reason: e.Reason})
}

func (k *httpSink) line(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	k.buf = append(append(k.buf[:0], b...), '\n')
	if _, err := k.w.Write(k.buf); err != nil {
		return err
	}
	return k.alive()
}

// finish ends the answer: the summary line (JSON Lines) and the trailers.
func (k *httpSink) finish(st batch.Stats) {
	if err := k.start(); err != nil { // an empty table still gets its header row (CSV) and summary
		return
	}
	if k.jsonl {
		by := st.ByStatus
		if by == nil {
			by = map[string]int{}
		}
		k.line(summaryLine{Kind: "summary", RowsIn: st.RowsIn, RowsUsed: st.RowsUsed, RowsRejected: st.RowsRejected,
			Persons: st.Persons, PersonsRejected: st.PersonsRejected, ByStatus: by})
	} else {
		k.csv.Flush()
	}
	h := k.w.Header()
	for i, n := range []int{st.RowsIn, st.RowsUsed, st.RowsRejected, st.Persons, st.PersonsRejected} {
		h[batchTrailers[i]] = []string{strconv.Itoa(n)}
	}
}

// resultRow is one result in JSON Lines: the CSV's columns, typed.
type resultRow struct {
	Kind             string `json:"kind"`
	PersonID         string `json:"person_id"`
	Region           string `json:"region"`
	AsOf             string `json:"as_of"`
	Status           string `json:"status"`
	CoveredNow       bool   `json:"covered_now"`
	LapseFrom        string `json:"lapse_from"`
	LapseMonths      int    `json:"lapse_months"`
	LapseCause       string `json:"lapse_cause"`
	BackpayAllowed   string `json:"backpay_allowed"`
	Deadline         string `json:"deadline"`
	DeadlineExpired  string `json:"deadline_expired"`
	PayMonths        int    `json:"pay_months"`
	AmountFen        string `json:"amount_fen"`
	FirstCoveredDate string `json:"first_covered_date"`
	WaitingMonths    int    `json:"waiting_months"`
	CumulativeMonths int    `json:"cumulative_months"`
	ContinuousMonths int    `json:"continuous_months"`
	Warnings         string `json:"warnings"`
	Summary          string `json:"summary"`
}

func resultLine(r batch.Result) resultRow {
	return resultRow{Kind: "result", PersonID: r.PersonID, Region: r.Region, AsOf: r.AsOf.String(), Status: r.Status,
		CoveredNow: r.CoveredNow, LapseFrom: r.LapseFrom, LapseMonths: r.LapseMonths, LapseCause: r.LapseCause,
		BackpayAllowed: r.BackpayAllowed, Deadline: r.Deadline, DeadlineExpired: r.DeadlineExpired, PayMonths: r.PayMonths,
		AmountFen: r.AmountFen, FirstCoveredDate: r.FirstCoveredDate, WaitingMonths: r.WaitingMonths,
		CumulativeMonths: r.CumulativeMonths, ContinuousMonths: r.ContinuousMonths, Warnings: r.Warnings, Summary: r.Summary}
}

type rejectLine struct {
	Kind   string `json:"kind"`
	Line   int    `json:"line"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

type summaryLine struct {
	Kind            string         `json:"kind"`
	RowsIn          int            `json:"rows_in"`
	RowsUsed        int            `json:"rows_used"`
	RowsRejected    int            `json:"rows_rejected"`
	Persons         int            `json:"persons"`
	PersonsRejected int            `json:"persons_rejected"`
	ByStatus        map[string]int `json:"by_status"`
}

// jsonlLines maps the lines of the CSV made from JSON Lines back to the
// body's lines, and says which were not JSON objects.
type jsonlLines struct {
	src []int          // CSV line (from 2: line 1 is the header) → body line
	bad map[int]string // body line → why it is not a row
}

func (l *jsonlLines) source(csvLine int) (int, string) {
	if i := csvLine - 2; i >= 0 && i < len(l.src) {
		n := l.src[i]
		return n, l.bad[n]
	}
	return csvLine, ""
}

// jsonlToCSV turns JSON Lines (one object per line; values strings,
// numbers, booleans or null) into a CSV table for batch.Run: the columns
// are the keys in the order they first appear, a header row first. Blank
// lines are skipped; a line that is not such an object becomes a row of
// empty fields (batch.Run rejects it on its own; the sink names the
// reason). The body is already in memory, within the body limit.
func jsonlToCSV(src []byte) ([]byte, *jsonlLines) {
	type obj struct {
		line int
		kv   map[string]string
		bad  string
	}
	var objs []obj
	cols := []string{}
	seen := map[string]bool{}
	for n, rest := 1, src; len(rest) > 0; n++ {
		var ln []byte
		ln, rest, _ = bytes.Cut(rest, []byte("\n"))
		ln = bytes.TrimSpace(ln)
		if len(ln) == 0 {
			continue
		}
		o := obj{line: n}
		kv, order, err := flatObject(ln)
		if err != nil {
			o.bad = err.Error()
		} else {
			o.kv = kv
			for _, k := range order {
				if !seen[k] {
					seen[k] = true
					cols = append(cols, k)
				}
			}
		}
		objs = append(objs, o)
	}
	var out bytes.Buffer
	cw := csv.NewWriter(&out)
	// a last column no field is named: every row has two fields or more, so
	// that a row of empty fields is never a blank line the reader skips
	cw.Write(append(append([]string(nil), cols...), ""))
	lines := &jsonlLines{bad: map[int]string{}}
	rec := make([]string, len(cols)+1)
	for _, o := range objs {
		for i, c := range cols {
			rec[i] = o.kv[c]
		}
		cw.Write(rec)
		lines.src = append(lines.src, o.line)
		if o.bad != "" {
			lines.bad[o.line] = o.bad
		}
	}
	cw.Flush()
	return out.Bytes(), lines
}

// flatObject decodes one JSON object whose values are strings, numbers,
// booleans or null, keeping the order of its keys.
func flatObject(b []byte) (map[string]string, []string, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, nil, errors.New("not a JSON object: want one object per line, e.g. {\"person_id\":\"A001\",\"month\":\"2026-01\",…}")
	}
	kv := map[string]string{}
	var order []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("not valid JSON: %v", err)
		}
		k, _ := t.(string)
		if contains(order, k) {
			return nil, nil, fmt.Errorf("%q: named twice", k)
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("not valid JSON: %v", err)
		}
		switch x := v.(type) {
		case nil:
			kv[k] = ""
		case string:
			kv[k] = x
		case json.Number:
			kv[k] = x.String()
		case bool:
			kv[k] = strconv.FormatBool(x)
		default:
			return nil, nil, fmt.Errorf("%q: want a string, number, true/false or null, not an object or array", k)
		}
		order = append(order, k)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, nil, errors.New("more than one JSON value on the line: want one object per line")
	}
	return kv, order, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
