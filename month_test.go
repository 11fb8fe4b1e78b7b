package yibao

import "testing"

// TestMonthTable: the table behind Month.First and Date.Month agrees with
// the civil calendar arithmetic for every day of 1899–2201 (the table's
// edges and both sides of them included).
func TestMonthTable(t *testing.T) {
	for d := DateOf(1899, 1, 1); d <= DateOf(2201, 12, 31); d++ {
		y, m, _ := d.Civil()
		if got, want := d.Month(), MonthOf(y, m); got != want {
			t.Fatalf("%s: month %s, want %s", d, got, want)
		}
	}
	for m := MonthOf(1899, 1); m <= MonthOf(2201, 12); m++ {
		if got, want := m.First(), DateOf(m.Year(), m.Num(), 1); got != want {
			t.Fatalf("%s: first day %s, want %s", m, got, want)
		}
	}
}
