package yibao

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Fen is an amount of money in fen (分, 0.01 yuan). All money is integer fen.
type Fen int64

// The range of a Fen.
const (
	MaxFen Fen = math.MaxInt64
	MinFen Fen = math.MinInt64
)

// Input sanity bounds on money a user states. They are not legal figures —
// the highest contribution base anywhere is about three times a provincial
// average wage, tens of thousands of yuan a month — but generous limits that
// turn absurd inputs (a slip of the keyboard, yuan ×100 twice, a fuzzer)
// into errors naming the field, before any arithmetic. Within them every
// product the engine forms stays many orders of magnitude inside a Fen: a
// base at the bound × 100% × 1,200 months is 1.2×10^12 fen against a range
// of 9.2×10^18. caseio (ledger[].base_fen, quote.base_fen, plan.base_fen,
// plan.monthly_spend_fen, bills[].amount_fen), yibao contrib --base and
// GET /v1/contrib?base= enforce them.
const (
	// MaxMonthlyBaseFen bounds a monthly contribution base: 10,000,000.00 yuan a month.
	MaxMonthlyBaseFen Fen = 1_000_000_000
	// MaxBillFen bounds a medical amount (a bill, a month's expected
	// spending): 100,000,000.00 yuan.
	MaxBillFen Fen = 10_000_000_000
)

// ErrTooLarge is wrapped by ParseYuan's error for an amount with more than
// 13 digits before the decimal point.
var ErrTooLarge = errors.New("too large an amount in yuan: at most 13 digits before the decimal point")

// ErrOverflow is wrapped by the errors of checked money arithmetic whose
// exact result is beyond the range of a Fen.
var ErrOverflow = errors.New("amount beyond the range of a Fen")

// AddFen returns a + b, or an error wrapping ErrOverflow (and MaxFen or
// MinFen) when the sum is beyond a Fen.
func AddFen(a, b Fen) (Fen, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return saturate(b < 0), fmt.Errorf("%w: %d fen + %d fen", ErrOverflow, int64(a), int64(b))
	}
	return s, nil
}

// SumFen returns the sum of fs, or an error wrapping ErrOverflow when a
// partial sum is beyond a Fen (the value returned with it is saturated).
func SumFen(fs ...Fen) (Fen, error) {
	var s Fen
	for _, f := range fs {
		var err error
		if s, err = AddFen(s, f); err != nil {
			return s, err
		}
	}
	return s, nil
}

// MulFenInt returns f × n, or an error wrapping ErrOverflow (and MaxFen or
// MinFen) when the product is beyond a Fen.
func MulFenInt(f Fen, n int64) (Fen, error) {
	hi, lo := bits.Mul64(abs64(int64(f)), abs64(n))
	neg := (f < 0) != (n < 0) && f != 0 && n != 0
	if hi != 0 || lo > 1<<63 || (lo == 1<<63 && !neg) {
		return saturate(neg), fmt.Errorf("%w: %d fen × %d", ErrOverflow, int64(f), n)
	}
	if neg {
		return Fen(-lo), nil
	}
	return Fen(lo), nil
}

// Yuan returns n yuan as Fen (n must be within a Fen / 100; use it for constants).
func Yuan(n int64) Fen { return Fen(n * 100) }

// String formats f as yuan with two decimals, e.g. "1234.56".
func (f Fen) String() string {
	var b [24]byte
	return string(f.appendTo(b[:0]))
}

func (f Fen) appendTo(b []byte) []byte {
	if f < 0 {
		b = append(b, '-')
	}
	v := abs64(int64(f)) // exact for MinFen too
	b = strconv.AppendUint(b, v/100, 10)
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
// into Fen, exactly, without floating point. At most 13 digits before the
// point (under 10^13 yuan = 10^15 fen) are accepted, so the value always
// fits a Fen with room to spare; whether it is plausible is the caller's
// check (MaxMonthlyBaseFen, MaxBillFen).
func ParseYuan(s string) (Fen, error) {
	orig := s
	bad := func() error {
		return fmt.Errorf("%q is not an amount in yuan: want digits with at most 2 decimals, e.g. 400 or 7646.50", orig)
	}
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	ip, fp, hasDot := strings.Cut(s, ".")
	if !digits(ip) || (hasDot && (len(fp) == 0 || len(fp) > 2 || !digits(fp))) {
		return 0, bad()
	}
	if len(ip) > 13 {
		return 0, fmt.Errorf("%q is %w", orig, ErrTooLarge)
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
