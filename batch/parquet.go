package batch

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"yibao"
)

// NewParquetSource reads a Parquet file of flat columns (the bench schema:
// person_id, month, scheme, status, base_fen; any column names a header
// could have). Its header is the column names; rows are numbered from 1
// ("row 12"). Strings, integers, booleans, DATE and DECIMAL columns are read
// as their text; nested or repeated columns are refused.
func NewParquetSource(r io.ReaderAt, size int64) (src Source, err error) {
	defer damaged(&err)
	f, err := parquet.OpenFile(r, size)
	if err != nil {
		return nil, fmt.Errorf("not a Parquet file: %v", err)
	}
	s := &parquetSource{f: f, total: f.NumRows()}
	for _, path := range f.Schema().Columns() {
		if len(path) != 1 {
			return nil, fmt.Errorf("parquet: column %s is nested: want flat columns", strings.Join(path, "."))
		}
		leaf, _ := f.Schema().Lookup(path...)
		if leaf.MaxRepetitionLevel > 0 {
			return nil, fmt.Errorf("parquet: column %s is repeated: want one value per row", path[0])
		}
		s.header = append(s.header, path[0])
		c := pqColumn{}
		if lt := leaf.Node.Type().LogicalType(); lt != nil {
			switch v := lt.Value.(type) {
			case *format.DateType:
				c.date = true
			case *format.DecimalType:
				c.scale = int(v.Scale)
			}
		}
		s.cols = append(s.cols, c)
	}
	s.r = parquet.NewReader(f)
	return s, nil
}

type pqColumn struct {
	date  bool
	scale int
}

type parquetSource struct {
	f      *parquet.File
	r      *parquet.Reader
	header []string
	cols   []pqColumn
	total  int64
	buf    []parquet.Row
	at, n  int
	row    int
	begun  bool
}

func (s *parquetSource) Where(row int) string {
	if row == 0 {
		return "schema"
	}
	return "row " + strconv.Itoa(row)
}

// Rows is the number of rows in the file.
func (s *parquetSource) Rows() int64 { return s.total }

// damaged turns a panic of the Parquet decoder on a damaged file into an
// error that stops the run (nothing is written).
func damaged(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("parquet: the file is damaged: %v", r)
	}
}

func (s *parquetSource) Next() (rec []string, pos int, err error) {
	defer damaged(&err)
	if !s.begun {
		s.begun = true
		return append([]string(nil), s.header...), 0, nil
	}
	if s.at == s.n {
		if s.buf == nil {
			s.buf = make([]parquet.Row, 256)
		}
		n, err := s.r.ReadRows(s.buf)
		s.at, s.n = 0, n
		if n == 0 {
			if err == nil || errors.Is(err, io.EOF) {
				return nil, s.row, io.EOF
			}
			return nil, s.row, fmt.Errorf("parquet: after row %d: %v", s.row, err)
		}
	}
	row := s.buf[s.at]
	s.at++
	s.row++
	rec = make([]string, len(s.header))
	for _, v := range row {
		c := v.Column()
		if c < 0 || c >= len(rec) || v.IsNull() {
			continue
		}
		rec[c] = pqText(v, s.cols[c])
	}
	return rec, s.row, nil
}

func pqText(v parquet.Value, c pqColumn) string {
	var n int64
	switch v.Kind() {
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	case parquet.Int32:
		n = int64(v.Int32())
	case parquet.Int64:
		n = v.Int64()
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'f', -1, 32)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'f', -1, 64)
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	default:
		return v.String()
	}
	switch {
	case c.date: // days since 1970-01-01
		return yibao.DateOf(1970, 1, 1).AddDays(int(n)).String()
	case c.scale > 0:
		neg := n < 0
		if neg {
			n = -n
		}
		s := strconv.FormatInt(n, 10)
		for len(s) <= c.scale {
			s = "0" + s
		}
		s = s[:len(s)-c.scale] + "." + s[len(s)-c.scale:]
		if neg {
			s = "-" + s
		}
		return s
	}
	return strconv.FormatInt(n, 10)
}

// pqResult is a result row as Parquet columns: numbers as integers, the
// booleans as booleans, text absent when empty.
type pqResult struct {
	PersonID         string `parquet:"person_id"`
	Region           string `parquet:"region,optional"`
	AsOf             string `parquet:"as_of"`
	Status           string `parquet:"status,optional"`
	CoveredNow       bool   `parquet:"covered_now"`
	LapseFrom        string `parquet:"lapse_from,optional"`
	LapseMonths      int32  `parquet:"lapse_months"`
	LapseCause       string `parquet:"lapse_cause,optional"`
	BackpayAllowed   string `parquet:"backpay_allowed,optional"`
	Deadline         string `parquet:"deadline,optional"`
	DeadlineExpired  string `parquet:"deadline_expired,optional"`
	PayMonths        int32  `parquet:"pay_months"`
	AmountFen        *int64 `parquet:"amount_fen,optional"`
	FirstCoveredDate string `parquet:"first_covered_date,optional"`
	WaitingMonths    int32  `parquet:"waiting_months"`
	CumulativeMonths int32  `parquet:"cumulative_months"`
	ContinuousMonths int32  `parquet:"continuous_months"`
	Warnings         string `parquet:"warnings,optional"`
	Summary          string `parquet:"summary,optional"`
}

type parquetWriter struct {
	w   *parquet.GenericWriter[pqResult]
	buf []pqResult
}

func newParquetWriter(w io.Writer) *parquetWriter {
	return &parquetWriter{w: parquet.NewGenericWriter[pqResult](w, parquet.Compression(&parquet.Snappy), parquet.MaxRowsPerRowGroup(1<<16))}
}

func (p *parquetWriter) write(r Result) error {
	x := pqResult{PersonID: r.PersonID, Region: r.Region, AsOf: r.AsOf.String(), Status: r.Status, CoveredNow: r.CoveredNow,
		LapseFrom: r.LapseFrom, LapseMonths: int32(r.LapseMonths), LapseCause: r.LapseCause, BackpayAllowed: r.BackpayAllowed,
		Deadline: r.Deadline, DeadlineExpired: r.DeadlineExpired, PayMonths: int32(r.PayMonths), FirstCoveredDate: r.FirstCoveredDate,
		WaitingMonths: int32(r.WaitingMonths), CumulativeMonths: int32(r.CumulativeMonths), ContinuousMonths: int32(r.ContinuousMonths),
		Warnings: r.Warnings, Summary: r.Summary}
	if r.AmountFen != "" {
		n, err := strconv.ParseInt(r.AmountFen, 10, 64)
		if err != nil {
			return err
		}
		x.AmountFen = &n
	}
	p.buf = append(p.buf, x)
	if len(p.buf) == 4096 {
		return p.flush()
	}
	return nil
}

func (p *parquetWriter) flush() error {
	_, err := p.w.Write(p.buf)
	p.buf = p.buf[:0]
	return err
}

func (p *parquetWriter) close(Stats) error {
	if err := p.flush(); err != nil {
		return err
	}
	return p.w.Close()
}
