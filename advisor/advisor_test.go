package advisor_test

import (
	"encoding/json"
	"testing"

	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/policy"
)

func load(t testing.TB, name string) *advisor.Advisor {
	t.Helper()
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	return &advisor.Advisor{Eng: engine.New(snap)}
}

const shanghai = `region: "310000"
as_of: 2026-09-10
person: {birth: 1985-03-10, sex: male}
ledger:
  - {from: 2010-01, to: 2026-06, scheme: employee, status: paid, base_fen: 1000000}
events:
  - {kind: job_ended, date: 2026-06-30}
plan: {base_fen: 1000000, employer_from: 2026-11, wait_until: 2026-12}
`

// Same input, same bytes; ranks are 1..n; every option is inside the window.
func TestPlanDeterministicAndRanked(t *testing.T) {
	ad := load(t, "")
	var first []byte
	for i := 0; i < 3; i++ {
		c, err := caseio.Parse([]byte(shanghai))
		if err != nil {
			t.Fatal(err)
		}
		p, err := ad.Plan(c)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(p)
		if first == nil {
			first = b
			for j, o := range p.Options {
				if o.Rank != j+1 {
					t.Errorf("option %d has rank %d", j, o.Rank)
				}
				if o.CoveredMonths+o.UncoveredMonths != p.Window.To.Sub(p.Window.From)+1 {
					t.Errorf("%s/%s: %d+%d months, window %v", o.Kind, o.Variant, o.CoveredMonths, o.UncoveredMonths, p.Window)
				}
				if o.FirstCovered != nil && (*o.FirstCovered < p.Window.From || *o.FirstCovered > p.Window.To) {
					t.Errorf("%s: first covered %s outside the window", o.Kind, *o.FirstCovered)
				}
			}
			if len(p.Options) < 5 {
				t.Errorf("%d options, want at least 5 (3 bases, employer, wait, residents)", len(p.Options))
			}
			continue
		}
		if string(b) != string(first) {
			t.Fatal("plan differs between runs")
		}
	}
}

// The ranking prefers fewer uncovered months even at a higher price.
func TestPlanRanksCoverBeforeCost(t *testing.T) {
	ad := load(t, "")
	c, _ := caseio.Parse([]byte(shanghai))
	p, _ := ad.Plan(c)
	for i := 1; i < len(p.Options); i++ {
		a, b := p.Options[i-1], p.Options[i]
		if a.Allowed != "no" && b.Allowed != "no" && a.UncoveredMonths > b.UncoveredMonths {
			t.Errorf("rank %d (%s, %d uncovered) before rank %d (%s, %d uncovered)", a.Rank, a.Kind, a.UncoveredMonths, b.Rank, b.Kind, b.UncoveredMonths)
		}
	}
}

func BenchmarkPlan(b *testing.B) {
	ad := load(b, "")
	c, err := caseio.Parse([]byte(shanghai))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ad.Plan(c); err != nil {
			b.Fatal(err)
		}
	}
}
