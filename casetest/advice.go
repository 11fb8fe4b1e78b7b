package casetest

import (
	"fmt"
	"strings"
	"yibao"

	"yibao/advisor"
	"yibao/engine"
	"yibao/region"
	"yibao/report"
)

func resolve(q string) (string, error) {
	r, err := region.Default().Resolve(q)
	return r.Code, err
}

func (r *Runner) runContrib(file string, c *Case) []string {
	code, err := resolve(c.Contrib.Region)
	if err != nil {
		return []string{"contrib.region: " + err.Error()}
	}
	res, err := r.Engine.Contribution(engine.ContribRequest{Region: code, Scheme: c.Contrib.Scheme, Date: c.Contrib.Date, BaseFen: c.Contrib.BaseFen, Minor: c.Contrib.Minor, Option: c.Contrib.Option, Birth: birthOf(c.Contrib.Birth)})
	if err != nil {
		return []string{"contrib: " + err.Error()}
	}
	ck := &checker{}
	ex := c.Expect
	if w := ex.Contrib; w != nil {
		optB(ck, "contrib.known", w.Known, res.Known)
		if b := res.Base; b != nil {
			optI64(ck, "contrib.base_fen", w.BaseFen, int64(b.Fen))
			optI64(ck, "contrib.min_fen", w.MinFen, int64(b.MinFen))
			optI64(ck, "contrib.max_fen", w.MaxFen, int64(b.MaxFen))
			optB(ck, "contrib.derived", w.Derived, b.Derived)
			opt(ck, "contrib.clamped", w.Clamped, b.Clamped)
		} else if w.BaseFen != nil || w.MinFen != nil {
			ck.fails = append(ck.fails, "contrib: no base in the answer")
		}
		optI64(ck, "contrib.individual_monthly_fen", w.IndividualMonthlyFen, int64(res.IndividualMonthlyFen))
		optI64(ck, "contrib.individual_yearly_fen", w.IndividualYearlyFen, int64(res.IndividualYearlyFen))
		optI64(ck, "contrib.employer_monthly_fen", w.EmployerMonthlyFen, int64(res.EmployerMonthlyFen))
	}
	codes := map[string]bool{}
	for _, x := range res.Reasons {
		codes[x.Code] = true
	}
	for _, want := range ex.Reasons {
		if !codes[want] {
			ck.fails = append(ck.fails, fmt.Sprintf("reasons: want %s, got %v", want, sortedKeys(codes)))
		}
	}
	ws := map[string]bool{}
	for _, x := range res.Warnings {
		ws[x.Code] = true
		ws[x.Code+":"+x.Param] = true
	}
	for _, want := range ex.Warnings {
		if !ws[want] {
			ck.fails = append(ck.fails, fmt.Sprintf("warnings: want %s, got %v", want, sortedKeys(ws)))
		}
	}
	for id, lv := range ex.Levels {
		got := "not used"
		for _, pu := range res.Params {
			if pu.ID() == id {
				got = string(pu.Level())
				break
			}
		}
		ck.eq("levels."+id, lv, got)
	}
	if len(ex.Text) > 0 || len(ex.NotText) > 0 {
		var b strings.Builder
		report.WriteContrib(&b, report.BuildContrib(res, r.Engine.Snapshot()), report.ZH)
		checkText(ck, b.String(), ex.Text, ex.NotText)
	}
	if len(ex.checks) > 0 {
		doc, err := jsonDoc(report.BuildContrib(res, r.Engine.Snapshot()))
		if err != nil {
			return append(ck.fails, "output: the contrib answer: "+err.Error())
		}
		ck.fails = append(ck.fails, (&outputRun{file: file, answer: doc}).check(ex.checks)...)
	}
	return ck.fails
}

func checkText(ck *checker, out string, want, notWant []string) {
	for _, t := range want {
		if !strings.Contains(out, t) {
			ck.fails = append(ck.fails, fmt.Sprintf("text: want %q in the report:\n%s", t, indent(out)))
		}
	}
	for _, t := range notWant {
		if strings.Contains(out, t) {
			ck.fails = append(ck.fails, fmt.Sprintf("text: must not contain %q", t))
		}
	}
}

func checkPlan(p *advisor.Plan, w *ExpPlan, e *engine.Engine) []string {
	ck := &checker{}
	opt(ck, "plan.rule", w.Rule, p.Rule)
	optB(ck, "plan.agency", w.Agency, p.Agency)
	kinds := map[string]bool{}
	for _, o := range p.Options {
		kinds[o.Kind] = true
	}
	for _, k := range w.NoKinds {
		if kinds[k] {
			ck.fails = append(ck.fails, "plan: must not offer "+k)
		}
	}
	for _, wo := range w.Options {
		var got *advisor.Option
		for i := range p.Options {
			o := &p.Options[i]
			if o.Kind == wo.Kind && (wo.Variant == "" || o.Variant == wo.Variant) {
				got = o
				break
			}
		}
		f := "plan." + wo.Kind
		if wo.Variant != "" {
			f += "[" + wo.Variant + "]"
		}
		if got == nil {
			var have []string
			for _, o := range p.Options {
				have = append(have, o.Kind+"["+o.Variant+"]")
			}
			ck.fails = append(ck.fails, fmt.Sprintf("%s: not offered; got %v", f, have))
			continue
		}
		optI(ck, f+".rank", wo.Rank, int64(got.Rank))
		opt(ck, f+".allowed", wo.Allowed, got.Allowed)
		optI64(ck, f+".cost_fen", wo.CostFen, int64(got.CostFen))
		optI64(ck, f+".now_fen", wo.NowFen, int64(got.NowFen))
		optB(ck, f+".cost_known", wo.CostKnown, got.CostKnown)
		first := ""
		if got.FirstCoveredDate != nil {
			first = got.FirstCoveredDate.String()
		}
		opt(ck, f+".first_covered", wo.FirstCovered, first)
		optI(ck, f+".uncovered_months", wo.Uncovered, int64(got.UncoveredMonths))
		optB(ck, f+".gap_covered", wo.GapCovered, got.GapCovered)
		if wo.CareCovered != nil {
			optB(ck, f+".care_covered", wo.CareCovered, got.CareCovered != nil && *got.CareCovered)
		}
		optB(ck, f+".continuity_kept", wo.ContinuityKept, got.ContinuityKept)
		dl := ""
		if got.Deadline != nil {
			dl = got.Deadline.String()
		}
		opt(ck, f+".deadline", wo.Deadline, dl)
	}
	if wr := w.Retire; wr != nil {
		if p.Retirement == nil {
			ck.fails = append(ck.fails, "plan.retirement: missing (give person.birth and sex)")
		} else {
			r := p.Retirement
			opt(ck, "plan.retirement.month", wr.Month, r.Month.String())
			opt(ck, "plan.retirement.age", wr.Age, r.Age)
			optI(ck, "plan.retirement.required_months", wr.Required, int64(r.RequiredMonths))
			optB(ck, "plan.retirement.required_known", wr.RequiredKnown, r.RequiredKnown)
			optI(ck, "plan.retirement.shortfall_months", wr.Shortfall, int64(r.ShortfallMonths))
			if wt := wr.TopUp; wt != nil {
				if t := r.TopUp; t == nil {
					ck.fails = append(ck.fails, "plan.retirement.top_up: none (the region's rule is not to pay, or there is no shortfall)")
				} else {
					opt(ck, "plan.retirement.top_up.mode", wt.Mode, t.Mode)
					optB(ck, "plan.retirement.top_up.known", wt.Known, t.Known)
					optI64(ck, "plan.retirement.top_up.monthly_fen", wt.MonthlyFen, int64(t.MonthlyFen))
					optI64(ck, "plan.retirement.top_up.total_fen", wt.TotalFen, int64(t.TotalFen))
					if wt.Missing != nil {
						ck.eq("plan.retirement.top_up.missing", strings.Join(wt.Missing, ","), strings.Join(t.Missing, ","))
					}
				}
			}
		}
	}
	return ck.fails
}

func checkIncentive(ck *checker, in *engine.Incentive, w *ExpIncentive) {
	if in == nil {
		ck.fails = append(ck.fails, "incentive: none computed (give resident_years)")
		return
	}
	optI(ck, "incentive.continuous_years", w.ContinuousYears, int64(in.ContinuousYears))
	optI64(ck, "incentive.total_fen", w.TotalFen, int64(in.TotalFen))
	optI(ck, "incentive.zero_claim_steps", w.ZeroClaimSteps, int64(in.ZeroClaimSteps))
	optI64(ck, "incentive.cap_fen", w.CapFen, int64(in.CapFen))
	optB(ck, "incentive.capped", w.Capped, in.Capped)
	optI(ck, "incentive.next_step_year", w.NextStepYear, int64(in.NextStepYear))
}

func birthOf(d *yibao.Date) yibao.Date {
	if d == nil {
		return 0
	}
	return *d
}
