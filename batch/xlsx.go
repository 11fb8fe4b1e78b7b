package batch

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/width"

	"yibao/report"
)

// NewXLSXSource reads one sheet of an XLSX workbook (the first unless
// sheet names one): its first row is the header; positions are the sheet
// and row as Excel shows them ("Sheet1!R12"). Cells are read as Excel
// displays them; empty rows are skipped. The workbook is read whole (an
// XLSX file is a zip archive).
func NewXLSXSource(r io.Reader, sheet string) (Source, error) {
	return NewXLSXSourceLimit(r, sheet, 0)
}

// ErrXLSXTooLarge is returned when a workbook unpacks to more than the
// limit given to NewXLSXSourceLimit.
var ErrXLSXTooLarge = errors.New("the workbook unpacks to more than the limit")

// NewXLSXSourceLimit is NewXLSXSource for a workbook from an untrusted
// sender (POST /v1/batch): when unzipLimit > 0 the workbook is refused with
// ErrXLSXTooLarge if its parts unpack to more than unzipLimit bytes, and
// it is unpacked in memory only (no temporary files).
func NewXLSXSourceLimit(r io.Reader, sheet string, unzipLimit int64) (Source, error) {
	// a date cell in Excel's short or long date format reads as 2024-11-01
	// (what the date columns take), not the locale's 11-01-24
	o := excelize.Options{ShortDatePattern: "yyyy-mm-dd", LongDatePattern: "yyyy-mm-dd"}
	if unzipLimit > 0 {
		o.UnzipSizeLimit, o.UnzipXMLSizeLimit = unzipLimit, unzipLimit
	}
	f, err := excelize.OpenReader(r, o)
	if err != nil && strings.HasPrefix(err.Error(), "unzip size exceeds") { // excelize has no error value for it
		return nil, ErrXLSXTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("not an XLSX workbook: %v", err)
	}
	sheets := f.GetSheetList()
	if sheet == "" {
		if len(sheets) == 0 {
			return nil, fmt.Errorf("the workbook has no sheet")
		}
		sheet = sheets[0]
	} else if idx, _ := f.GetSheetIndex(sheet); idx < 0 {
		return nil, fmt.Errorf("--sheet %q: the workbook has %q", sheet, sheets)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	s := &xlsxSource{f: f, rows: rows, sheet: sheet}
	if dim, err := f.GetSheetDimension(sheet); err == nil {
		if _, last, ok := cutRange(dim); ok {
			if _, n, err := excelize.CellNameToCoordinates(last); err == nil {
				s.total = int64(n)
			}
		}
	}
	return s, nil
}

func cutRange(dim string) (string, string, bool) {
	for i := 0; i < len(dim); i++ {
		if dim[i] == ':' {
			return dim[:i], dim[i+1:], true
		}
	}
	return dim, dim, dim != ""
}

type xlsxSource struct {
	f     *excelize.File
	rows  *excelize.Rows
	sheet string
	row   int
	total int64
}

func (s *xlsxSource) Where(row int) string { return s.sheet + "!R" + strconv.Itoa(row) }

// Rows is the sheet's last row number, as the workbook records it.
func (s *xlsxSource) Rows() int64 { return s.total }

func (s *xlsxSource) Next() ([]string, int, error) {
	for s.rows.Next() {
		s.row++
		rec, err := s.rows.Columns()
		if err != nil {
			return nil, s.row, &RecordError{Line: s.row, Err: err}
		}
		empty := true
		for _, v := range rec {
			if v != "" {
				empty = false
				break
			}
		}
		if !empty {
			return rec, s.row, nil
		}
	}
	if err := s.rows.Error(); err != nil {
		return nil, s.row, fmt.Errorf("%s: after row %d: %v", s.sheet, s.row, err)
	}
	s.rows.Close()
	s.f.Close()
	return nil, s.row, io.EOF
}

// xlsxSample is how many result rows set the column widths: the rest stream
// through without being held.
const xlsxSample = 1000

// xlsxMaxRows is a sheet's limit, the header included.
const xlsxMaxRows = excelize.TotalRows

// xlsxWriter writes results to a sheet (header frozen, columns as wide as
// their text, Chinese counted double) and the accounting to a second.
type xlsxWriter struct {
	out    io.Writer
	f      *excelize.File
	sw     *excelize.StreamWriter
	lang   report.Lang
	sample [][]string
	row    int
	begun  bool
}

// Sheet names.
var xlsxSheets = [2][2]string{{"结果", "汇总"}, {"Results", "Summary"}}

func newXLSXWriter(out io.Writer, l report.Lang) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", xlsxSheets[l][0]); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(xlsxSheets[l][0])
	if err != nil {
		return nil, err
	}
	return &xlsxWriter{out: out, f: f, sw: sw, lang: l, sample: [][]string{Header()}}, nil
}

func (x *xlsxWriter) write(r Result) error {
	rec := r.Record()
	if !x.begun {
		x.sample = append(x.sample, rec)
		if len(x.sample) <= xlsxSample {
			return nil
		}
		return x.begin()
	}
	return x.setRow(rec)
}

// begin sets the widths from the sample and writes it.
func (x *xlsxWriter) begin() error {
	x.begun = true
	for c := range resultColumns {
		w := 0
		for _, rec := range x.sample {
			w = max(w, displayWidth(rec[c]))
		}
		if err := x.sw.SetColWidth(c+1, c+1, float64(min(max(w+2, 8), 80))); err != nil {
			return err
		}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	for _, rec := range x.sample {
		if err := x.setRow(rec); err != nil {
			return err
		}
	}
	x.sample = nil
	return nil
}

// numeric columns are written as numbers (Excel sums them); the rest as text.
var xlsxNumeric = func() []bool {
	n := make([]bool, len(resultColumns))
	for i, c := range resultColumns {
		switch c {
		case "lapse_months", "pay_months", "amount_fen", "waiting_months", "cumulative_months", "continuous_months":
			n[i] = true
		}
	}
	return n
}()

func (x *xlsxWriter) setRow(rec []string) error {
	x.row++
	if x.row > xlsxMaxRows {
		return fmt.Errorf("an XLSX sheet holds at most %d rows: write .csv or .parquet", xlsxMaxRows-1)
	}
	vals := make([]any, len(rec))
	for i, v := range rec {
		vals[i] = v
		if x.row > 1 && xlsxNumeric[i] && v != "" {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				vals[i] = n
			}
		}
	}
	cell, _ := excelize.CoordinatesToCellName(1, x.row)
	return x.sw.SetRow(cell, vals)
}

// close writes the summary sheet and the workbook.
func (x *xlsxWriter) close(st Stats) error {
	if !x.begun {
		if err := x.begin(); err != nil {
			return err
		}
	}
	if err := x.sw.Flush(); err != nil {
		return err
	}
	name := xlsxSheets[x.lang][1]
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	rows := [][]any{
		{"输入行 rows in", st.RowsIn},
		{"使用 rows used", st.RowsUsed},
		{"拒收 rows rejected", st.RowsRejected},
		{"人 persons out", st.Persons},
		{"拒收人 persons rejected", st.PersonsRejected},
		{},
		{"按测算日状态 by status", "", ""},
	}
	keys := make([]string, 0, len(st.ByStatus))
	for k := range st.ByStatus {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		rows = append(rows, []any{k, st.ByStatus[k], StatusText(k, x.lang)})
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.f.SetSheetRow(name, cell, &r); err != nil {
			return err
		}
	}
	x.f.SetColWidth(name, "A", "A", 26)
	x.f.SetColWidth(name, "C", "C", 30)
	_, err := x.f.WriteTo(x.out)
	return err
}

// StatusText is a status code as a person reads it, from the report
// catalogue ("covered" → 正常享受待遇 / covered).
func StatusText(code string, l report.Lang) string {
	return report.StatusText(code, l)
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

// XLSXWriter writes results to an XLSX workbook as `yibao batch -o x.xlsx`
// does (header frozen, readable column widths, a summary sheet), for a
// caller that holds no file (POST /v1/batch).
type XLSXWriter struct{ x *xlsxWriter }

// NewXLSXWriter starts a workbook that Close writes to out; l chooses the
// sheet names and the status texts.
func NewXLSXWriter(out io.Writer, l report.Lang) (*XLSXWriter, error) {
	x, err := newXLSXWriter(out, l)
	if err != nil {
		return nil, err
	}
	return &XLSXWriter{x}, nil
}

// Write adds one result row.
func (w *XLSXWriter) Write(r Result) error { return w.x.write(r) }

// Close adds the summary sheet from the run's accounting and writes the
// workbook.
func (w *XLSXWriter) Close(st Stats) error { return w.x.close(st) }
