package engine

import (
	"slices"

	"yibao"
	"yibao/policy"
)

// Incentive is the residents' 大病保险 reward in force for one coverage year
// (国办发〔2024〕38号): after a number of full continuous years (4), each
// further continuous year raises the 大病 annual cap by a provincial step
// (at least 1000 yuan); each zero-claim year raises next year's cap too; the
// total raise is at most a share (20%) of the original cap. A lapse restarts
// the count; a 大病 claim that uses the raise clears the zero-claim reward.
type Incentive struct {
	Year               int       `json:"year"`         // the coverage year the raise applies to
	CountedFrom        int       `json:"counted_from"` // first calendar year counted
	Enrolled           bool      `json:"enrolled"`     // the person is enrolled for Year
	ContinuousYears    int       `json:"continuous_years"`
	ContinuousSteps    int       `json:"continuous_steps"`
	ContinuousRaiseFen yibao.Fen `json:"continuous_raise_fen"`
	ZeroClaimSteps     int       `json:"zero_claim_steps"`
	ZeroClaimRaiseFen  yibao.Fen `json:"zero_claim_raise_fen"`
	KeptFen            yibao.Fen `json:"kept_fen,omitempty"` // raise kept from before a lapse, where the region keeps it
	TotalFen           yibao.Fen `json:"total_fen"`
	CapFen             yibao.Fen `json:"cap_fen,omitempty"` // the most the raise may reach (0: the original 大病 cap is not encoded)
	Capped             bool      `json:"capped,omitempty"`
	NextStepYear       int       `json:"next_step_year,omitempty"` // the first year a continuous-enrolment step is earned, while none is yet
}

// incentive computes the reward for the as-of coverage year from the
// resident years.
func (r *run) incentive() {
	if len(r.c.ResidentYears) == 0 {
		return
	}
	d := r.c.AsOf
	Y := d.Month().Year()
	yearStart := yibao.DateOf(Y, 1, 1)
	cf := r.get(policy.IncentiveYearsCountedFrom, yearStart)
	from := 2025
	if cf.ok {
		from = cf.int()
	} else {
		r.warn("assumption", "incentive_from_2025")
	}
	after := r.get(policy.IncentiveAfterYears, yearStart)
	cstep := r.get(policy.IncentiveContinuousStep, yearStart)
	zstep := r.get(policy.IncentiveZeroClaimStep, yearStart)
	share := r.get(policy.IncentiveCapShare, yearStart)
	kept := r.get(policy.IncentiveKeptAfterLapse, yearStart)
	orig := r.get(policy.CriticalIllnessCap, yearStart)
	inc := &Incentive{Year: Y, CountedFrom: from}
	paid := make(map[int]yibao.ResidentYear, len(r.c.ResidentYears))
	years := make([]int, 0, len(r.c.ResidentYears))
	for _, ry := range r.c.ResidentYears {
		if ry.Year >= from && ry.Year <= Y {
			paid[ry.Year] = ry
			years = append(years, ry.Year)
		}
	}
	slices.Sort(years)
	_, inc.Enrolled = paid[Y]
	var raise, keptFen yibao.Fen
	run, zero := 0, 0
	for y := from; y <= Y; y++ {
		ry, ok := paid[y]
		if !ok {
			if run > 0 && kept.bool() {
				keptFen += raise
			}
			run, zero, raise = 0, 0, 0
			continue
		}
		run++
		if y > from {
			if prev, ok := paid[y-1]; ok && !prev.Claimed {
				zero++
			}
		}
		if ry.UsedReward {
			zero = 0 // the zero-claim reward used this year is cleared
		}
		steps := max(0, run-after.int())
		raise = yibao.Fen(steps)*cstep.fen() + yibao.Fen(zero)*zstep.fen()
	}
	if inc.Enrolled {
		inc.ContinuousYears = run
		inc.ContinuousSteps = max(0, run-after.int())
		inc.ContinuousRaiseFen = yibao.Fen(inc.ContinuousSteps) * cstep.fen()
		inc.ZeroClaimSteps = zero
		inc.ZeroClaimRaiseFen = yibao.Fen(zero) * zstep.fen()
		if inc.ContinuousSteps == 0 {
			inc.NextStepYear = Y + after.int() + 1 - run
		}
	}
	inc.KeptFen = keptFen
	inc.TotalFen = inc.ContinuousRaiseFen + inc.ZeroClaimRaiseFen + keptFen
	if orig.ok && share.ok {
		inc.CapFen = yibao.MulRate(orig.fen(), share.rate(), 1, yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp})
		if inc.TotalFen > inc.CapFen {
			inc.TotalFen, inc.Capped = inc.CapFen, true
		}
	}
	r.a.Incentive = inc
	switch {
	case !inc.Enrolled:
		r.because("incentive.not_enrolled", Args{Year: Y}, cf)
	default:
		r.because("incentive", Args{Year: Y, N: inc.ContinuousYears, M: inc.ZeroClaimSteps, Fen: inc.TotalFen}, after, cstep, zstep, share, orig)
		if inc.NextStepYear > 0 {
			r.because("incentive.next_step", Args{Year: inc.NextStepYear, N: after.int()}, after)
		}
		if inc.Capped {
			r.because("incentive.capped", Args{Fen: inc.CapFen}, share, orig)
		}
	}
}
