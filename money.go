package yibao

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// Fen is an amount of money in fen (分, 0.01 yuan). All money is integer fen.
type Fen int64

// Yuan returns n yuan as Fen.
func Yuan(n int64) Fen { return Fen(n * 100) }

// String formats f as yuan with two decimals, e.g. "1234.56".
func (f Fen) String() string {
	var b [24]byte
	return string(f.appendTo(b[:0]))
}

func (f Fen) appendTo(b []byte) []byte {
	v := int64(f)
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	b = append(b, '.')
	return appendPad(b, int(v%100), 2)
}

// Grouped formats f with thousands separators, e.g. "12,000.00".
func (f Fen) Grouped() string { return string(f.AppendGrouped(nil)) }

// AppendGrouped appends f as Grouped writes it.
func (f Fen) AppendGrouped(b []byte) []byte {
	var tmp [32]byte
	s := f.appendTo(tmp[:0])
	if len(s) > 0 && s[0] == '-' {
		b = append(b, '-')
		s = s[1:]
	}
	dot := bytes.IndexByte(s, '.')
	intPart, frac := s[:dot], s[dot:]
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return append(b, frac...)
}

// ParseYuan parses a decimal yuan amount with at most two decimals ("400", "400.5", "7646.00")
// into Fen, exactly, without floating point.
func ParseYuan(s string) (Fen, error) {
	bad := func() error {
		return fmt.Errorf("%q is not an amount in yuan: want digits with at most 2 decimals, e.g. 400 or 7646.50", s)
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	ip, fp, hasDot := strings.Cut(s, ".")
	if !digits(ip) || (hasDot && (len(fp) == 0 || len(fp) > 2 || !digits(fp))) || len(ip) > 13 {
		return 0, bad()
	}
	n, _ := strconv.ParseInt(ip, 10, 64)
	var frac int64
	if hasDot {
		frac, _ = strconv.ParseInt(fp, 10, 64)
		if len(fp) == 1 {
			frac *= 10
		}
	}
	v := n*100 + frac
	if neg {
		v = -v
	}
	return Fen(v), nil
}
