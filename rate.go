package yibao

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
)

// Rate is an exact proportion in parts per million (ppm): 8.5% = 85000, 0.05% = 500.
type Rate int64

// PPM is the denominator of Rate.
const PPM = 1_000_000

// ParseRate parses a percentage such as "8.5%" or "0.05%" exactly (at most 4 decimals of a percent).
func ParseRate(s string) (Rate, error) {
	bad := func() error {
		return fmt.Errorf("%q is not a rate: want a percentage with at most 4 decimals, e.g. 8.5%% or 0.05%%", s)
	}
	p, ok := strings.CutSuffix(s, "%")
	if !ok {
		return 0, bad()
	}
	ip, fp, hasDot := strings.Cut(p, ".")
	if !digits(ip) || len(ip) > 3 || (hasDot && (len(fp) == 0 || len(fp) > 4 || !digits(fp))) {
		return 0, bad()
	}
	n, _ := strconv.ParseInt(ip, 10, 64)
	v := n * 10000
	if hasDot {
		f, _ := strconv.ParseInt(fp, 10, 64)
		for i := len(fp); i < 4; i++ {
			f *= 10
		}
		v += f
	}
	return Rate(v), nil
}

// String formats r as a percentage, e.g. "8.5%".
func (r Rate) String() string { return string(r.AppendPercent(nil)) }

// AppendPercent appends r as String writes it.
func (r Rate) AppendPercent(b []byte) []byte {
	v := int64(r)
	b = strconv.AppendInt(b, v/10000, 10)
	if f := v % 10000; f != 0 {
		var tmp [8]byte
		fs := strconv.AppendInt(tmp[:0], f+10000, 10)[1:]
		for len(fs) > 0 && fs[len(fs)-1] == '0' {
			fs = fs[:len(fs)-1]
		}
		b = append(append(b, '.'), fs...)
	}
	return append(b, '%')
}

// RoundUnit is the unit an amount is rounded to.
type RoundUnit int64

// Rounding units in fen.
const (
	ToFen  RoundUnit = 1
	ToJiao RoundUnit = 10
	ToYuan RoundUnit = 100
)

// RoundMode says which way a remainder goes.
type RoundMode uint8

// Rounding modes.
const (
	HalfUp RoundMode = iota // 四舍五入
	Up                      // 见分进角 / 进位 (away from zero)
	Down                    // 舍去 (toward zero)
)

// Rounding is a rounding rule: a unit and a mode, e.g. 见分进角 = {ToJiao, Up}.
type Rounding struct {
	Unit RoundUnit
	Mode RoundMode
}

// ParseRounding parses "fen:half_up", "jiao:up", "yuan:down" and so on.
func ParseRounding(s string) (Rounding, error) {
	u, m, ok := strings.Cut(s, ":")
	var r Rounding
	switch u {
	case "fen":
		r.Unit = ToFen
	case "jiao":
		r.Unit = ToJiao
	case "yuan":
		r.Unit = ToYuan
	default:
		ok = false
	}
	switch m {
	case "half_up":
		r.Mode = HalfUp
	case "up":
		r.Mode = Up
	case "down":
		r.Mode = Down
	default:
		ok = false
	}
	if !ok {
		return Rounding{}, fmt.Errorf("%q is not a rounding rule: want UNIT:MODE with UNIT fen|jiao|yuan and MODE half_up|up|down", s)
	}
	return r, nil
}

// String formats r as UNIT:MODE.
func (r Rounding) String() string {
	u := map[RoundUnit]string{ToFen: "fen", ToJiao: "jiao", ToYuan: "yuan"}[r.Unit]
	m := [...]string{"half_up", "up", "down"}[r.Mode]
	return u + ":" + m
}

// MulRate returns base × rate × n rounded by r, computed exactly in
// integers over the full int64 range of base, rate and n (the product is
// formed in 192 bits). Use n=1 for a plain base × rate.
//
// MulRate never wraps: a result beyond a Fen saturates at MaxFen or MinFen
// (the sign of the exact result). Saturation is still a wrong amount, so
// code whose inputs are not bounded — anything a user typed, anything
// multiplied by a count of months or days — uses MulRateChecked and turns
// the error into an answer that says so.
func MulRate(base Fen, rate Rate, n int64, r Rounding) Fen {
	v, _ := MulRateChecked(base, rate, n, r) // saturated on overflow
	return v
}

// MulRateChecked returns base × rate × n rounded by r, exactly, or an error
// wrapping ErrOverflow when the rounded result is beyond a Fen; the Fen
// returned with the error is MaxFen or MinFen, by the sign of the exact
// result. Rounding is applied to the exact rational base·rate·n / PPM:
// HalfUp rounds half away from zero, Up away from zero, Down toward zero,
// to a multiple of r.Unit (a Rounding whose Unit is not positive, such as
// the zero Rounding, rounds to the fen).
func MulRateChecked(base Fen, rate Rate, n int64, r Rounding) (Fen, error) {
	if base == 0 || rate == 0 || n == 0 {
		return 0, nil
	}
	neg := (base < 0) != (rate < 0) != (n < 0)
	unit := r.unit()
	// |base|·|rate|·|n| as three words: each factor is at most 2^63.
	w2, w1, w0 := mul3(abs64(int64(base)), abs64(int64(rate)), abs64(n))
	var q, bump uint64
	if w2 == 0 && w1 == 0 && unit <= maxFastUnit {
		// fits one word: one division by PPM·unit
		den := PPM * unit
		var rem uint64
		q, rem = w0/den, w0%den
		bump = roundBump(r.Mode, rem >= den-rem, rem != 0)
	} else {
		// num = PPM·a + r1, a = unit·q + r2, so num/(PPM·unit) = q + (r2 + r1/PPM)/unit
		a2, a1, a0, r1 := div3(w2, w1, w0, PPM)
		q2, q1, q0, r2 := div3(a2, a1, a0, unit)
		if q2 != 0 || q1 != 0 {
			return saturate(neg), overflow(base, rate, n)
		}
		q = q0
		// half or more of a unit: r2 + r1/PPM >= unit/2
		half := 2*r2 >= unit || (2*r2+1 == unit && 2*r1 >= PPM)
		bump = roundBump(r.Mode, half, r1 != 0 || r2 != 0)
	}
	q, carry := bits.Add64(q, bump, 0)
	hi, mag := bits.Mul64(q, unit)
	if carry != 0 || hi != 0 || mag > 1<<63 || (mag == 1<<63 && !neg) {
		return saturate(neg), overflow(base, rate, n)
	}
	if neg {
		return Fen(-mag), nil // -(1<<63) wraps to MinInt64, which is exact
	}
	return Fen(mag), nil
}

// maxFastUnit is the largest rounding unit for which PPM·unit fits a uint64.
const maxFastUnit = math.MaxUint64 / PPM

func roundBump(mode RoundMode, half, inexact bool) uint64 {
	switch {
	case mode == HalfUp && half, mode == Up && inexact:
		return 1
	}
	return 0
}

func overflow(base Fen, rate Rate, n int64) error {
	return fmt.Errorf("%w: %d fen × %s × %d", ErrOverflow, int64(base), rate, n)
}

func saturate(neg bool) Fen {
	if neg {
		return MinFen
	}
	return MaxFen
}

// abs64 is |v| as a uint64, exact for math.MinInt64 too.
func abs64(v int64) uint64 {
	if v < 0 {
		return -uint64(v)
	}
	return uint64(v)
}

// mul3 returns a·b·c as three 64-bit words, most significant first. It
// cannot overflow 192 bits.
func mul3(a, b, c uint64) (w2, w1, w0 uint64) {
	h, l := bits.Mul64(a, b)
	h1, w0 := bits.Mul64(l, c)
	h2, l2 := bits.Mul64(h, c)
	w1, carry := bits.Add64(h1, l2, 0)
	return h2 + carry, w1, w0 // h2 <= 2^64-2: h·c < 2^128 - 2^65
}

// div3 divides the 192-bit (w2, w1, w0) by d > 0: quotient words and remainder.
func div3(w2, w1, w0, d uint64) (q2, q1, q0, rem uint64) {
	q2, rem = w2/d, w2%d
	q1, rem = bits.Div64(rem, w1, d)
	q0, rem = bits.Div64(rem, w0, d)
	return
}

func (r Rounding) unit() uint64 {
	if r.Unit <= 0 {
		return 1
	}
	return uint64(r.Unit)
}

// Round rounds f to the rule r. A result beyond a Fen (rounding up within
// a unit of MaxFen or MinFen) saturates; RoundChecked reports it.
func (r Rounding) Round(f Fen) Fen {
	v, _ := r.RoundChecked(f)
	return v
}

// RoundChecked rounds f to the rule r, or returns an error wrapping
// ErrOverflow (and MaxFen or MinFen) when the rounded amount is beyond a Fen.
func (r Rounding) RoundChecked(f Fen) (Fen, error) {
	v, err := MulRateChecked(f, PPM, 1, r)
	if err != nil {
		return v, fmt.Errorf("%w: %d fen rounded to %s", ErrOverflow, int64(f), r)
	}
	return v, nil
}
