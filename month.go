package yibao

import (
	"fmt"
	"strconv"
)

// Month is a calendar month counted from year 0: year*12 + (month-1).
// Month arithmetic is plain integer arithmetic; never time.AddDate.
type Month int32

// MonthOf returns the Month for a year and a month number 1..12.
func MonthOf(year, month int) Month { return Month(year*12 + month - 1) }

// Year returns the calendar year of m.
func (m Month) Year() int { return int(m) / 12 }

// Num returns the month number 1..12 of m.
func (m Month) Num() int { return int(m)%12 + 1 }

// Add returns m shifted by n months (n may be negative).
func (m Month) Add(n int) Month { return m + Month(n) }

// Sub returns the number of months from o to m (m - o).
func (m Month) Sub(o Month) int { return int(m - o) }

// First returns the first day of m.
func (m Month) First() Date {
	if i := uint(m - tableFrom); i < uint(len(monthFirst)-1) {
		return monthFirst[i]
	}
	return DateOf(m.Year(), m.Num(), 1)
}

// tableFrom is the first month of monthFirst: the calendar arithmetic of
// the months a case can name (ParseMonth: 1900..2199) is a table lookup.
const tableFrom = Month(1900 * 12)

// monthFirst[i] is the first day of month tableFrom+i, one month past
// 2199-12 included (so the day after a month's last is in the table). It
// is a constant table, computed once by DateOf; nothing writes it.
var monthFirst = func() (t [300*12 + 1]Date) {
	for i := range t {
		m := tableFrom + Month(i)
		t[i] = DateOf(m.Year(), m.Num(), 1)
	}
	return t
}()

// Last returns the last day of m.
func (m Month) Last() Date { return m.Add(1).First() - 1 }

// String formats m as YYYY-MM.
func (m Month) String() string {
	var b [7]byte
	return string(m.appendTo(b[:0]))
}

func (m Month) appendTo(b []byte) []byte {
	b = appendPad(b, m.Year(), 4)
	b = append(b, '-')
	return appendPad(b, m.Num(), 2)
}

// ParseMonth parses YYYY-MM (a year 1900..2199).
func ParseMonth(s string) (Month, error) {
	if len(s) != 7 || s[4] != '-' {
		return 0, fmt.Errorf("%q is not a month: want YYYY-MM, e.g. 2025-03", s)
	}
	y, err1 := strconv.Atoi(s[:4])
	mo, err2 := strconv.Atoi(s[5:])
	if err1 != nil || err2 != nil || !digits(s[:4]) || !digits(s[5:]) {
		return 0, fmt.Errorf("%q is not a month: want YYYY-MM, e.g. 2025-03", s)
	}
	if y < 1900 || y > 2199 {
		return 0, fmt.Errorf("%q: year %d out of range 1900..2199", s, y)
	}
	if mo < 1 || mo > 12 {
		return 0, fmt.Errorf("%q: month %d out of range 1..12", s, mo)
	}
	return MonthOf(y, mo), nil
}

// MarshalText implements encoding.TextMarshaler.
func (m Month) MarshalText() ([]byte, error) { return m.appendTo(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (m *Month) UnmarshalText(b []byte) error {
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func appendPad(b []byte, v, width int) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	var tmp [12]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// AppendText implements encoding.TextAppender.
func (m Month) AppendText(b []byte) ([]byte, error) { return m.appendTo(b), nil }
