package advisor_test

import (
	"encoding/json"
	"slices"
	"testing"

	"yibao/caseio"
)

// TestRetirement: the statutory date to the day, the minimum years read on
// that date, the projection at the current pace, and what is needed when
// person facts are missing.
func TestRetirement(t *testing.T) {
	ad := load(t, "")
	const paying = "ledger:\n  - {from: 2010-01, to: 2026-05, scheme: employee, status: paid}\n"
	for _, tt := range []struct {
		name, src string
		nilAnswer bool
		needs     []string
		date      string // the day the statutory age is reached
		rulesOn   string
		reached   bool
		now, at   int // cumulative months now and at retirement
		required  int // 0: not encoded
	}{
		{name: "no person facts: no block", src: `region: "510500"
as_of: 2025-04-15
` + paying, nilAnswer: true},
		{name: "birth only: sex needed", src: `region: "510500"
as_of: 2025-04-15
person: {birth: 1987-03-10}
` + paying, needs: []string{"sex"}},
		{name: "sex only: birth needed", src: `region: "510500"
as_of: 2025-04-15
person: {sex: male}
` + paying, needs: []string{"birth"}},
		{name: "woman without post", src: `region: "310000"
as_of: 2026-09-10
person: {birth: 1985-03-10, sex: female}
` + paying, needs: []string{"post"}},
		{name: "woman, post only", src: `region: "310000"
as_of: 2026-09-10
person: {sex: female}
` + paying, needs: []string{"birth", "post"}},
		{name: "post only", src: `region: "310000"
as_of: 2026-09-10
person: {post: worker}
` + paying, needs: []string{"birth", "sex"}},
		// 湛江 retiring in 2032: Guangdong's 30 years from 2030-01-01, read on the retirement date
		// (the as-of date 2026 has no encoded minimum); 2026-06..2032-03 projected (70 months)
		{name: "Guangdong 2032", src: `region: "440800"
as_of: 2026-06-01
person: {birth: 1970-10-31, sex: male}
` + paying, date: "2032-04-30", rulesOn: "2032-04-30", now: 197, at: 267, required: 360},
		{name: "Guangdong province, woman 2032", src: `region: "440000"
as_of: 2026-06-01
person: {birth: 1975-12-31, sex: female, post: cadre}
` + paying, date: "2032-06-30", rulesOn: "2032-06-30", now: 197, at: 269, required: 300},
		// retiring before 2030: each city's own years, not encoded — the 2030 figure is not borrowed
		{name: "Guangdong 2027", src: `region: "440800"
as_of: 2026-06-01
person: {birth: 1967-03-15, sex: male}
` + paying, date: "2027-10-15", rulesOn: "2027-10-15", now: 197, at: 213},
		// the as-of month itself paid: the projection starts after it and stops before the retirement month
		{name: "paying in the as-of month", src: `region: "110000"
as_of: 2026-05-20
person: {birth: 1970-05-10, sex: male}
` + paying, date: "2031-10-10", rulesOn: "2031-10-10", now: 197, at: 197 + 64, required: 300},
		// insured as a resident now: employee months are not projected
		{name: "resident now", src: `region: "510500"
as_of: 2026-06-01
person: {birth: 1987-03-10, sex: male}
ledger:
  - {from: 2010-01, to: 2020-12, scheme: employee, status: paid}
resident_years:
  - {year: 2026, paid_on: 2025-11-20}
`, date: "2050-03-10", rulesOn: "2050-03-10", now: 132, at: 132},
		// past the statutory date and still paying: nothing projected, today's rules
		{name: "past retirement", src: `region: "110000"
as_of: 2026-06-01
person: {birth: 1963-03-10, sex: male}
` + paying, date: "2023-03-10", rulesOn: "2026-06-01", reached: true, now: 197, at: 197, required: 300},
		// reached on the as-of date itself
		{name: "reached today", src: `region: "110000"
as_of: 2024-03-10
person: {birth: 1964-03-10, sex: male}
ledger:
  - {from: 2010-01, to: 2024-02, scheme: employee, status: paid}
`, date: "2024-03-10", rulesOn: "2024-03-10", reached: true, now: 170, at: 170, required: 300},
		// the day before: one month (2024-03) would be projected, but it is the retirement month
		{name: "the day before", src: `region: "110000"
as_of: 2024-03-09
person: {birth: 1964-03-10, sex: male}
ledger:
  - {from: 2010-01, to: 2024-02, scheme: employee, status: paid}
`, date: "2024-03-10", rulesOn: "2024-03-10", now: 170, at: 170, required: 300},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := caseio.Parse([]byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			p, err := ad.Plan(c)
			if err != nil {
				t.Fatal(err)
			}
			r := p.Retirement
			if tt.nilAnswer {
				if r != nil {
					t.Fatalf("retirement %+v, want none", r)
				}
				return
			}
			if r == nil {
				t.Fatal("no retirement answer")
			}
			if !slices.Equal(r.Needs, tt.needs) {
				t.Fatalf("needs %v, want %v", r.Needs, tt.needs)
			}
			if tt.needs != nil {
				b, _ := json.Marshal(r)
				want, _ := json.Marshal(map[string][]string{"needs": tt.needs})
				if string(b) != string(want) {
					t.Errorf("JSON %s, want %s", b, want)
				}
				return
			}
			if r.Date.String() != tt.date || r.Date.Month() != r.Month {
				t.Errorf("date %s (month %s), want %s", r.Date, r.Month, tt.date)
			}
			if r.RulesOn.String() != tt.rulesOn || r.Reached != tt.reached {
				t.Errorf("rules on %s, reached %v; want %s, %v", r.RulesOn, r.Reached, tt.rulesOn, tt.reached)
			}
			if r.CumulativeNow != tt.now || r.CumulativeAtRetire != tt.at {
				t.Errorf("cumulative now %d, at retirement %d; want %d, %d", r.CumulativeNow, r.CumulativeAtRetire, tt.now, tt.at)
			}
			if r.RequiredKnown != (tt.required > 0) || r.RequiredMonths != tt.required {
				t.Errorf("required %d (known %v), want %d", r.RequiredMonths, r.RequiredKnown, tt.required)
			}
			if want := max(0, tt.required-tt.at); tt.required > 0 && r.ShortfallMonths != want {
				t.Errorf("shortfall %d, want %d", r.ShortfallMonths, want)
			}
			for _, u := range r.Minimum.Params {
				if u.Since().String() > tt.rulesOn {
					t.Errorf("%s read from %s, after the rules date %s", u.ID(), u.Since(), tt.rulesOn)
				}
			}
		})
	}
}
