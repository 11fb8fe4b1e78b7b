package advisor

import (
	"yibao"
	"yibao/engine"
	"yibao/retire"
)

// Retirement is the lifetime-benefit picture at the statutory retirement date.
type Retirement struct {
	Category           string                `json:"category"`
	Month              yibao.Month           `json:"month"`
	Age                string                `json:"age"`
	EarliestElective   yibao.Month           `json:"earliest_elective"`
	LatestElective     yibao.Month           `json:"latest_elective"`
	CumulativeNow      int                   `json:"cumulative_months_now"`
	CumulativeAtRetire int                   `json:"cumulative_months_at_retirement"` // at the current pace
	RequiredMonths     int                   `json:"required_months,omitempty"`       // 0: the region's minimum is not encoded
	RequiredKnown      bool                  `json:"required_known"`
	ShortfallMonths    int                   `json:"shortfall_months"`
	Citation           yibao.Citation        `json:"citation"`
	Minimum            engine.RetireeMinimum `json:"minimum"`
	TopUp              *engine.TopUp         `json:"top_up,omitempty"` // the cost of making up the shortfall, where the region prices it
}

// retirement computes the statutory retirement month and the lifetime-benefit
// shortfall when the case gives a birth date and sex.
func (ad *Advisor) retirement(c *yibao.Case, base *engine.Assessment) *Retirement {
	p := c.Person
	if p == nil || p.Birth == nil || p.Sex == "" {
		return nil
	}
	cat, err := retire.CategoryFor(p.Sex, retire.Post(p.Post))
	if err != nil {
		return nil
	}
	res := retire.Statutory(p.Birth.Month(), cat)
	r := &Retirement{Category: cat.String(), Month: res.Month, Age: res.AgeText(), EarliestElective: res.EarliestElective,
		LatestElective: res.LatestElective, Citation: res.Citation, CumulativeNow: base.Counters.CumulativeMonths}
	r.CumulativeAtRetire = r.CumulativeNow
	if base.Counters.ContinuousMonths > 0 && res.Month > c.AsOf.Month() {
		r.CumulativeAtRetire += res.Month.Sub(c.AsOf.Month())
	}
	rm := ad.Eng.RetireeMin(c.Region, c.AsOf, p.Sex)
	r.Minimum = rm
	r.RequiredKnown = rm.Known
	if rm.Known {
		r.RequiredMonths = 12 * rm.Years
		r.ShortfallMonths = max(0, r.RequiredMonths-r.CumulativeAtRetire)
		r.TopUp = ad.Eng.TopUpCost(c.Region, c.AsOf, r.ShortfallMonths)
	}
	return r
}
