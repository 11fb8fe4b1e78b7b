package yibao

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"
)

var (
	fenHalf  = Rounding{ToFen, HalfUp}
	yuanHalf = Rounding{ToYuan, HalfUp}
	yuanDown = Rounding{ToYuan, Down}
)

// TestMulRateChecked pins the int64 boundaries: exact results up to MaxFen
// and MinFen, overflow reported (and saturated) one step beyond.
func TestMulRateChecked(t *testing.T) {
	const maxR, minR = Rate(math.MaxInt64), Rate(math.MinInt64)
	tests := []struct {
		base Fen
		rate Rate
		n    int64
		r    Rounding
		want Fen
		over bool
	}{
		{MaxFen, PPM, 1, fenHalf, MaxFen, false},
		{MinFen, PPM, 1, fenHalf, MinFen, false},
		{MaxFen, -PPM, 1, fenHalf, -MaxFen, false},
		{MinFen, -PPM, 1, fenHalf, MaxFen, true}, // 2^63
		{MinFen, PPM, -1, fenHalf, MaxFen, true},
		{MaxFen, PPM + 1, 1, fenHalf, MaxFen, true},
		{MaxFen, PPM, 2, fenHalf, MaxFen, true},
		{MaxFen, PPM, -2, fenHalf, MinFen, true},
		{MaxFen, 1, 1, fenHalf, 9223372036855, false}, // 9,223,372,036,854.775807 fen
		{MaxFen, 1, 1, Rounding{ToFen, Down}, 9223372036854, false},
		{MaxFen, maxR, math.MaxInt64, fenHalf, MaxFen, true},
		{MinFen, minR, math.MinInt64, fenHalf, MinFen, true},
		{MinFen, maxR, math.MaxInt64, fenHalf, MinFen, true},
		{MaxFen, PPM, 1, yuanHalf, MaxFen - 7, false}, // …758.07 yuan: 7 fen < half a yuan
		{MaxFen, PPM, 1, Rounding{ToYuan, Up}, MaxFen, true},
		{MaxFen, PPM, 1, yuanDown, MaxFen - 7, false},
		{MinFen, PPM, 1, yuanDown, MinFen + 8, false},
		{MinFen, PPM, 1, Rounding{ToJiao, Up}, MinFen, true},
		// the 1e6·fen·ppm numerator used to wrap: 9,999,999,999,999.99 yuan × 10%
		{999_999_999_999_999, 100_000, 1, fenHalf, 100_000_000_000_000, false},
		{90_000_000_000_000_00, 100_000, 1, fenHalf, 9_000_000_000_000_00, false},
		{999_999_999_999_999, 500, 36500, fenHalf, 18_249_999_999_999_982, false}, // 18.25 days of 0.05%: …981.75 rounds up,
		{MaxMonthlyBaseFen, 10 * PPM, 1200, fenHalf, 12_000_000_000_000, false},
		{0, maxR, math.MaxInt64, fenHalf, 0, false},
		{MaxFen, 0, 1, fenHalf, 0, false},
		{5, 100_000, 1, Rounding{}, 1, false}, // the zero Rounding rounds half up to the fen
		{-5, 100_000, 1, fenHalf, -1, false},  // half away from zero
		{-4, 100_000, 1, fenHalf, 0, false},
		{-1, 1, 1, Rounding{ToYuan, Up}, -100, false},
	}
	for _, tt := range tests {
		got, err := MulRateChecked(tt.base, tt.rate, tt.n, tt.r)
		if (err != nil) != tt.over || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("MulRateChecked(%d, %d, %d, %v) error = %v, want overflow %v", tt.base, tt.rate, tt.n, tt.r, err, tt.over)
		}
		if !tt.over && got != tt.want {
			t.Errorf("MulRateChecked(%d, %d, %d, %v) = %d, want %d", tt.base, tt.rate, tt.n, tt.r, got, tt.want)
		}
		if tt.over && got != MaxFen && got != MinFen {
			t.Errorf("MulRateChecked(%d, %d, %d, %v) = %d on overflow, want MaxFen or MinFen", tt.base, tt.rate, tt.n, tt.r, got)
		}
		if m := MulRate(tt.base, tt.rate, tt.n, tt.r); m != got {
			t.Errorf("MulRate = %d, MulRateChecked = %d", m, got)
		}
	}
	// the old MulRate wrapped 9,999,999,999,999.99 yuan × 10% to 77,662,796,314.52
	if got := MulRate(999_999_999_999_999, 100_000, 1, fenHalf); got.Grouped() != "1,000,000,000,000.00" {
		t.Errorf("MulRate(9,999,999,999,999.99 × 10%%) = %s", got.Grouped())
	}
}

func TestCheckedFen(t *testing.T) {
	adds := []struct {
		a, b, want Fen
		over       bool
	}{
		{MaxFen, 0, MaxFen, false},
		{MaxFen, 1, MaxFen, true},
		{MinFen, -1, MinFen, true},
		{MaxFen, MinFen, -1, false},
		{MinFen, MaxFen, -1, false},
		{MaxFen - 5, 5, MaxFen, false},
		{MinFen + 5, -5, MinFen, false},
		{MaxFen, MaxFen, MaxFen, true},
		{MinFen, MinFen, MinFen, true},
	}
	for _, tt := range adds {
		got, err := AddFen(tt.a, tt.b)
		if got != tt.want || (err != nil) != tt.over || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("AddFen(%d, %d) = %d, %v; want %d, overflow %v", tt.a, tt.b, got, err, tt.want, tt.over)
		}
	}
	muls := []struct {
		f    Fen
		n    int64
		want Fen
		over bool
	}{
		{MaxFen, 1, MaxFen, false},
		{MaxFen, -1, -MaxFen, false},
		{MinFen, 1, MinFen, false},
		{MinFen, -1, MaxFen, true},
		{1 << 62, 2, MaxFen, true},
		{-(1 << 62), 2, MinFen, false},
		{1 << 62, -2, MinFen, false},
		{-(1 << 62), -2, MaxFen, true},
		{0, math.MinInt64, 0, false},
		{MinFen, 0, 0, false},
		{MaxFen, math.MaxInt64, MaxFen, true},
		{MaxFen, math.MinInt64, MinFen, true},
		{768_614_336_404_564_650, 12, 9_223_372_036_854_775_800, false}, // 12 months at the largest monthly amount that fits
		{768_614_336_404_564_651, 12, MaxFen, true},
		{-768_614_336_404_564_650, 12, -9_223_372_036_854_775_800, false},
		{-768_614_336_404_564_651, 12, MinFen, true},
	}
	for _, tt := range muls {
		got, err := MulFenInt(tt.f, tt.n)
		if got != tt.want || (err != nil) != tt.over || (err != nil && !errors.Is(err, ErrOverflow)) {
			t.Errorf("MulFenInt(%d, %d) = %d, %v; want %d, overflow %v", tt.f, tt.n, got, err, tt.want, tt.over)
		}
	}
	if s, err := SumFen(1, 2, 3); s != 6 || err != nil {
		t.Errorf("SumFen(1, 2, 3) = %d, %v", s, err)
	}
	if s, err := SumFen(); s != 0 || err != nil {
		t.Errorf("SumFen() = %d, %v", s, err)
	}
	// a partial sum beyond the range is an overflow even if a later term would bring it back
	if _, err := SumFen(MaxFen, 1, -1); !errors.Is(err, ErrOverflow) {
		t.Errorf("SumFen(MaxFen, 1, -1) error = %v", err)
	}
	if got, err := (Rounding{ToYuan, HalfUp}).RoundChecked(MaxFen); got != MaxFen-7 || err != nil {
		t.Errorf("RoundChecked(MaxFen) to the yuan half up = %d, %v", got, err)
	}
	if _, err := (Rounding{ToYuan, Up}).RoundChecked(MaxFen); !errors.Is(err, ErrOverflow) {
		t.Errorf("RoundChecked(MaxFen) to the yuan up: error = %v", err)
	}
	if got := (Rounding{ToJiao, Up}).Round(MinFen); got != MinFen {
		t.Errorf("Round(MinFen) = %d, want saturated MinFen", got)
	}
}

func TestFenStringRange(t *testing.T) {
	for f, want := range map[Fen]string{
		MaxFen: "92233720368547758.07", MinFen: "-92233720368547758.08",
		0: "0.00", -1: "-0.01", -100: "-1.00",
	} {
		if got := f.String(); got != want {
			t.Errorf("Fen(%d).String() = %s, want %s", int64(f), got, want)
		}
	}
	if got := MinFen.Grouped(); got != "-92,233,720,368,547,758.08" {
		t.Errorf("MinFen.Grouped() = %s", got)
	}
}

func TestParseYuanRange(t *testing.T) {
	for in, want := range map[string]Fen{"9999999999999.99": 999_999_999_999_999, "-9999999999999.99": -999_999_999_999_999, "0000000000001": 100} {
		if got, err := ParseYuan(in); got != want || err != nil {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"10000000000000", "92233720368547758.07", "99999999999999999999999", "-10000000000000.00"} {
		_, err := ParseYuan(in)
		if err == nil || !strings.Contains(err.Error(), "too large") {
			t.Errorf("ParseYuan(%q) error = %v, want too large", in, err)
		}
	}
	if _, err := ParseYuan("-1.234"); err == nil || !strings.Contains(err.Error(), `"-1.234"`) {
		t.Errorf("ParseYuan(-1.234) error = %v, want the input quoted whole", err)
	}
}

// bigRound is the oracle: base·rate·n / PPM rounded by r, exactly, with
// math/big, and whether it fits a Fen.
func bigRound(base, rate, n int64, r Rounding) (*big.Int, bool) {
	unit := int64(r.Unit)
	if unit <= 0 {
		unit = 1
	}
	num := new(big.Int).Mul(big.NewInt(base), big.NewInt(rate))
	num.Mul(num, big.NewInt(n))
	den := new(big.Int).Mul(big.NewInt(PPM), big.NewInt(unit))
	neg := num.Sign() < 0
	num.Abs(num)
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	switch r.Mode {
	case HalfUp:
		if new(big.Int).Lsh(m, 1).Cmp(den) >= 0 {
			q.Add(q, big.NewInt(1))
		}
	case Up:
		if m.Sign() != 0 {
			q.Add(q, big.NewInt(1))
		}
	}
	q.Mul(q, big.NewInt(unit))
	if neg {
		q.Neg(q)
	}
	return q, q.IsInt64()
}

// FuzzMulRate checks MulRateChecked and MulRate against math/big over the
// full int64 range of base, rate, n and the rounding unit, every mode.
func FuzzMulRate(f *testing.F) {
	f.Add(int64(518600), int64(85000), int64(1), int64(1), uint8(0))
	f.Add(int64(88000), int64(500), int64(77), int64(10), uint8(1))
	f.Add(int64(999_999_999_999_999), int64(100_000), int64(1), int64(1), uint8(0))
	f.Add(int64(math.MaxInt64), int64(PPM), int64(1), int64(100), uint8(0))
	f.Add(int64(math.MinInt64), int64(-PPM), int64(1), int64(1), uint8(2))
	f.Add(int64(math.MinInt64), int64(math.MinInt64), int64(math.MinInt64), int64(math.MaxInt64), uint8(1))
	f.Add(int64(math.MaxInt64), int64(1), int64(1), int64(0), uint8(0))
	f.Add(int64(-7), int64(3), int64(-5), int64(-3), uint8(3))
	f.Add(int64(1)<<40, int64(1)<<40, int64(1)<<40, int64(3), uint8(0))
	f.Fuzz(func(t *testing.T, base, rate, n, unit int64, mode uint8) {
		r := Rounding{Unit: RoundUnit(unit), Mode: RoundMode(mode % 4)} // mode 3 is not a mode: it truncates like Down
		rr := r
		if rr.Mode > Down {
			rr.Mode = Down
		}
		want, fits := bigRound(base, rate, n, rr)
		got, err := MulRateChecked(Fen(base), Rate(rate), n, r)
		switch {
		case fits && (err != nil || int64(got) != want.Int64()):
			t.Fatalf("MulRateChecked(%d, %d, %d, %+v) = %d, %v; want %s", base, rate, n, r, got, err, want)
		case !fits && !errors.Is(err, ErrOverflow):
			t.Fatalf("MulRateChecked(%d, %d, %d, %+v) = %d, %v; want overflow (%s)", base, rate, n, r, got, err, want)
		case !fits && (got != MaxFen) != (want.Sign() < 0):
			t.Fatalf("MulRateChecked(%d, %d, %d, %+v) = %d on overflow of %s, want it saturated", base, rate, n, r, got, want)
		}
		if m := MulRate(Fen(base), Rate(rate), n, r); m != got {
			t.Fatalf("MulRate = %d, MulRateChecked = %d", m, got)
		}
	})
}

// FuzzFenArith checks AddFen, MulFenInt, RoundChecked and String against
// math/big over the full int64 range.
func FuzzFenArith(f *testing.F) {
	f.Add(int64(math.MaxInt64), int64(1))
	f.Add(int64(math.MinInt64), int64(-1))
	f.Add(int64(1)<<62, int64(2))
	f.Add(int64(-123456), int64(0))
	f.Fuzz(func(t *testing.T, a, b int64) {
		check := func(op string, got Fen, err error, want *big.Int) {
			t.Helper()
			if want.IsInt64() {
				if err != nil || int64(got) != want.Int64() {
					t.Fatalf("%s(%d, %d) = %d, %v; want %s", op, a, b, got, err, want)
				}
			} else if !errors.Is(err, ErrOverflow) || (got == MaxFen) == (want.Sign() < 0) {
				t.Fatalf("%s(%d, %d) = %d, %v; want overflow of %s, saturated", op, a, b, got, err, want)
			}
		}
		x, y := big.NewInt(a), big.NewInt(b)
		s, err := AddFen(Fen(a), Fen(b))
		check("AddFen", s, err, new(big.Int).Add(x, y))
		p, err := MulFenInt(Fen(a), b)
		check("MulFenInt", p, err, new(big.Int).Mul(x, y))
		for _, r := range []Rounding{{ToFen, HalfUp}, {ToJiao, Up}, {ToYuan, HalfUp}, {ToYuan, Down}} {
			want, _ := bigRound(a, PPM, 1, r)
			got, err := r.RoundChecked(Fen(a))
			check("RoundChecked/"+r.String(), got, err, want)
		}
		// String: sign, then |a| / 100 and two digits, for MinFen too
		abs := new(big.Int).Abs(x)
		q, m := new(big.Int).QuoRem(abs, big.NewInt(100), new(big.Int))
		want := q.String() + "." + string([]byte{byte('0' + m.Int64()/10), byte('0' + m.Int64()%10)})
		if a < 0 {
			want = "-" + want
		}
		if got := Fen(a).String(); got != want {
			t.Fatalf("Fen(%d).String() = %s, want %s", a, got, want)
		}
		if got := strings.ReplaceAll(Fen(a).Grouped(), ",", ""); got != want {
			t.Fatalf("Fen(%d).Grouped() = %s, want %s with separators", a, Fen(a).Grouped(), want)
		}
	})
}
