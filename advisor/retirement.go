package advisor

import (
	"encoding/json"

	"yibao"
	"yibao/engine"
	"yibao/retire"
)

// Person facts a retirement answer can need (Retirement.Needs).
const (
	NeedBirth = "birth" // person.birth
	NeedSex   = "sex"   // person.sex
	NeedPost  = "post"  // person.post, for a woman: cadre or worker
)

// Retirement is the lifetime-benefit picture at the statutory retirement date.
//
// When the case gives some person facts but not enough to compute it, Needs
// lists the missing ones (birth, sex, post) and nothing else is set; its
// JSON is then {"needs": [...]} alone.
type Retirement struct {
	Needs            []string    `json:"needs,omitempty"`
	Category         string      `json:"category"`
	Date             yibao.Date  `json:"date"` // the day the statutory age is reached: the birthday in Month, clamped to the month's end
	Month            yibao.Month `json:"month"`
	Age              string      `json:"age"`
	EarliestElective yibao.Month `json:"earliest_elective"`
	LatestElective   yibao.Month `json:"latest_elective"`
	// Reached: Date is on or before the as-of date.
	Reached bool `json:"reached"`
	// RulesOn is the day the region's minimum years and top-up rule are
	// read: Date, or the as-of date when Date has passed (the benefit is
	// settled when the person retires, not earlier, and not in the past).
	RulesOn       yibao.Date `json:"rules_on"`
	CumulativeNow int        `json:"cumulative_months_now"`
	// CumulativeAtRetire is CumulativeNow plus, when the person pays employee
	// insurance now (the as-of month or the month before it is a paid
	// employee or flexible month in the ledger), every month after the last
	// one counted up to the month before Month. Once Date is reached it is
	// CumulativeNow.
	CumulativeAtRetire int                   `json:"cumulative_months_at_retirement"`
	RequiredMonths     int                   `json:"required_months,omitempty"` // 0: the region's minimum is not encoded for RulesOn
	RequiredKnown      bool                  `json:"required_known"`
	ShortfallMonths    int                   `json:"shortfall_months"`
	Citation           yibao.Citation        `json:"citation"`
	Minimum            engine.RetireeMinimum `json:"minimum"`
	TopUp              *engine.TopUp         `json:"top_up,omitempty"` // the cost of making up the shortfall, where the region prices it
}

// MarshalJSON writes {"needs": [...]} alone for an answer that needs more
// facts, and every field otherwise.
func (r Retirement) MarshalJSON() ([]byte, error) {
	if len(r.Needs) > 0 {
		return json.Marshal(struct {
			Needs []string `json:"needs"`
		}{r.Needs})
	}
	type plain Retirement
	return json.Marshal(plain(r))
}

// needs lists the person facts missing for a retirement answer, nil when
// none is.
func needs(p *yibao.Person) []string {
	var n []string
	if p.Birth == nil {
		n = append(n, NeedBirth)
	}
	switch {
	case p.Sex == "":
		n = append(n, NeedSex) // the text says a woman also needs her post
	case p.Sex == yibao.Female && p.Post == "":
		n = append(n, NeedPost)
	}
	return n
}

// retirement computes the statutory retirement date and the lifetime-benefit
// shortfall when the case gives a birth date and sex (and a woman's post).
// With some of these given but not all, it says which are needed; with none,
// it returns nil.
func (ad *Advisor) retirement(c *yibao.Case, base *engine.Assessment) *Retirement {
	p := c.Person
	if p == nil || (p.Birth == nil && p.Sex == "" && p.Post == "") {
		return nil
	}
	if n := needs(p); n != nil {
		return &Retirement{Needs: n}
	}
	cat, err := retire.CategoryFor(p.Sex, retire.Post(p.Post))
	if err != nil {
		return nil // not reached: the case reader admits only male/female and cadre/worker
	}
	res := retire.Statutory(p.Birth.Month(), cat)
	r := &Retirement{Category: cat.String(), Date: retire.ReachedOn(*p.Birth, res.Month), Month: res.Month, Age: res.AgeText(),
		EarliestElective: res.EarliestElective, LatestElective: res.LatestElective, Citation: res.Citation,
		CumulativeNow: base.Counters.CumulativeMonths}
	r.Reached = r.Date <= c.AsOf
	r.RulesOn = max(r.Date, c.AsOf)
	r.CumulativeAtRetire = r.CumulativeNow
	if last, ok := payingThrough(c); ok && !r.Reached {
		r.CumulativeAtRetire += max(0, res.Month.Sub(last)-1)
	}
	rm := ad.Eng.RetireeMin(c.Region, r.RulesOn, p.Sex)
	r.Minimum = rm
	r.RequiredKnown = rm.Known
	if rm.Known {
		r.RequiredMonths = 12 * rm.Years
		r.ShortfallMonths = max(0, r.RequiredMonths-r.CumulativeAtRetire)
		r.TopUp = ad.Eng.TopUpCost(c.Region, r.RulesOn, r.ShortfallMonths)
	}
	return r
}

// payingThrough reports the last month counted in the cumulative years when
// the person pays employee insurance now: the as-of month, or else the month
// before it, if a paid employee or flexible ledger row (paid by the as-of
// date) covers it.
func payingThrough(c *yibao.Case) (yibao.Month, bool) {
	now := c.AsOf.Month()
	paid := func(m yibao.Month) bool {
		for _, row := range c.Ledger {
			if row.Scheme.IsEmployeeKind() && row.Status == yibao.Paid && row.From <= m && m <= row.To &&
				(row.PaidOn == nil || *row.PaidOn <= c.AsOf) {
				return true
			}
		}
		return false
	}
	switch {
	case paid(now):
		return now, true
	case paid(now.Add(-1)):
		return now.Add(-1), true
	}
	return 0, false
}
