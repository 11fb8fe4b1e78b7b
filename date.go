package yibao

import (
	"fmt"
	"strconv"
)

// Date is a civil calendar date, stored as days since 1970-01-01.
// It has no time zone and no clock: "today" is always an input.
type Date int32

// DateOf returns the Date for year, month 1..12 and day 1..31 (not validated).
func DateOf(y, m, d int) Date {
	// Howard Hinnant's days_from_civil.
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return Date(era*146097 + doe - 719468)
}

// Civil returns year, month and day of d.
func (d Date) Civil() (y, m, day int) {
	z := int(d) + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, day
}

// Month returns the month containing d.
func (d Date) Month() Month {
	if i := int(d - monthFirst[0]); i >= 0 && d < monthFirst[len(monthFirst)-1] {
		// 4,800 months are 146,097 days: the estimate is within a month
		k := i * 4800 / 146097
		for d < monthFirst[k] {
			k--
		}
		for d >= monthFirst[k+1] {
			k++
		}
		return tableFrom + Month(k)
	}
	y, m, _ := d.Civil()
	return MonthOf(y, m)
}

// Day returns the day of month of d.
func (d Date) Day() int { _, _, day := d.Civil(); return day }

// AddDays returns d shifted by n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// DaysSince returns the number of days from o to d (d - o).
func (d Date) DaysSince(o Date) int { return int(d - o) }

// String formats d as YYYY-MM-DD.
func (d Date) String() string {
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, day := d.Civil()
	b = appendPad(b, y, 4)
	b = append(b, '-')
	b = appendPad(b, m, 2)
	b = append(b, '-')
	return appendPad(b, day, 2)
}

// ParseDate parses YYYY-MM-DD (a year 1900..2199) and rejects impossible days.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s[:4]) || !digits(s[5:7]) || !digits(s[8:]) {
		return 0, fmt.Errorf("%q is not a date: want YYYY-MM-DD, e.g. 2025-04-15", s)
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	if y < 1900 || y > 2199 {
		return 0, fmt.Errorf("%q: year %d out of range 1900..2199", s, y)
	}
	if m < 1 || m > 12 {
		return 0, fmt.Errorf("%q: month %d out of range 1..12", s, m)
	}
	if last := MonthOf(y, m).Last().Day(); d < 1 || d > last {
		return 0, fmt.Errorf("%q: day %d out of range 1..%d", s, d, last)
	}
	return DateOf(y, m, d), nil
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return d.appendTo(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// AppendText implements encoding.TextAppender.
func (d Date) AppendText(b []byte) ([]byte, error) { return d.appendTo(b), nil }
