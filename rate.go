package yibao

import (
	"fmt"
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

// MulRate returns base × rate × n / d rounded by r, computed exactly in integers.
// Use n=d=1 for a plain base × rate. The numerator is base·rate·n in ppm·fen,
// which fits int64 for bases below about 9 × 10^12 fen / (rate·n).
func MulRate(base Fen, rate Rate, n int64, r Rounding) Fen {
	num := int64(base) * int64(rate) * n // fen·ppm
	den := int64(PPM) * int64(r.Unit)
	return Fen(divRound(num, den, r.Mode) * int64(r.Unit))
}

// Round rounds f to the rule r.
func (r Rounding) Round(f Fen) Fen {
	return Fen(divRound(int64(f), int64(r.Unit), r.Mode) * int64(r.Unit))
}

func divRound(num, den int64, mode RoundMode) int64 {
	neg := num < 0
	if neg {
		num = -num
	}
	q, rem := num/den, num%den
	switch mode {
	case HalfUp:
		if rem*2 >= den {
			q++
		}
	case Up:
		if rem != 0 {
			q++
		}
	}
	if neg {
		q = -q
	}
	return q
}
