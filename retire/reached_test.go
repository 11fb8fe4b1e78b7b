package retire

import (
	"testing"

	"yibao"
)

// TestReachedOn: the statutory age is reached on the birthday in the
// retirement month, clamped to the month's last day.
func TestReachedOn(t *testing.T) {
	day := func(s string) yibao.Date {
		d, err := yibao.ParseDate(s)
		if err != nil {
			panic(err)
		}
		return d
	}
	for _, tt := range []struct {
		birth string
		c     Category
		want  string
	}{
		{"1987-03-10", Male60, "2050-03-10"},   // 63 from 1976-09 on
		{"1970-10-31", Male60, "2032-04-30"},   // +18 months: 61岁6个月, April has 30 days
		{"1975-12-31", Female55, "2032-06-30"}, // +18 months: 56岁6个月
		{"1977-07-31", Female50, "2028-11-30"}, // +16 months: 51岁4个月
		{"1978-05-31", Female50, "2030-02-28"}, // +21 months: 51岁9个月, common-year February
		{"1977-01-31", Female50, "2028-02-29"}, // +13 months: 51岁1个月, leap-year February
		{"1963-03-10", Male60, "2023-03-10"},   // before the reform: 60
		{"1979-10-31", Female50, "2032-03-31"}, // no clamp needed
		{"1980-02-29", Male60, "2043-02-28"},   // born on 29 February: 63, a common year
		{"1980-01-01", Male60, "2043-01-01"},
	} {
		b := day(tt.birth)
		r := Statutory(b.Month(), tt.c)
		if got := ReachedOn(b, r.Month); got.String() != tt.want {
			t.Errorf("%s %s: reached on %s, want %s", tt.birth, tt.c, got, tt.want)
		}
	}
}
