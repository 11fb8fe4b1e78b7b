package batch

import (
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// Source yields the records of an input table one at a time, each with its
// position: the line of a CSV file, the row of a sheet or of a Parquet file.
// The first record is the header unless the run names the columns.
type Source interface {
	// Next returns the next record and its position; io.EOF at the end. A
	// *RecordError rejects that record alone and reading goes on; any other
	// error stops the run (the input itself failed: I/O, encoding).
	Next() (rec []string, pos int, err error)
	// Where names a position as a person reads it: "line 12", "Sheet1!R12",
	// "row 12".
	Where(pos int) string
}

// RecordError is a record that could not be read (CSV syntax, a cell of the
// wrong type): the row is rejected, the run goes on.
type RecordError struct {
	Line int
	Err  error
}

func (e *RecordError) Error() string { return "record " + strconv.Itoa(e.Line) + ": " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// label is a position as the rejects file's first column shows it: the
// number alone for lines and rows, "Sheet1!R12" for a sheet.
func label(where string) string {
	for _, p := range []string{"line ", "row "} {
		if s, ok := strings.CutPrefix(where, p); ok {
			return s
		}
	}
	return where
}

// NewCSVSource reads CSV (comma ',' or 0) or rows with another delimiter
// ('\t', or Spark's '\x01': Hive/Spark rows are not quoted, so quotes are
// taken as they come).
func NewCSVSource(in io.Reader, comma rune) Source {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	if comma != 0 {
		r.Comma = comma
	}
	if comma != 0 && comma != ',' {
		r.LazyQuotes = true
	}
	return &csvSource{r: r}
}

type csvSource struct {
	r    *csv.Reader
	line int
}

func (s *csvSource) Next() ([]string, int, error) {
	rec, err := s.r.Read()
	if err == io.EOF {
		return nil, s.line, io.EOF
	}
	if err == nil {
		s.line, _ = s.r.FieldPos(0) // the record's own line: blank lines and quoted line breaks counted
		return rec, s.line, nil
	}
	s.line++
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			s.line = pe.Line
			return nil, s.line, &RecordError{Line: s.line, Err: err}
		}
		return nil, s.line, err
	}
	return rec, s.line, nil
}

func (s *csvSource) Where(line int) string { return "line " + strconv.Itoa(line) }
