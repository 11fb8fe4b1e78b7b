package report_test

import (
	"testing"

	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
	"yibao/report"
)

func TestNoDuplicateWarningsInAnswer(t *testing.T) {
	s, _ := policy.Load()
	e := engine.New(s)
	cs, _ := corpus.Cases("..")
	for _, c := range cs {
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		ans := report.Build(a, s)
		seen := map[string]bool{}
		for _, w := range ans.Warnings {
			k := w.Code + "|" + w.Param + "|" + w.TextZH
			if seen[k] {
				t.Errorf("%s twice in %s %s", k, c.Region, c.AsOf)
			}
			seen[k] = true
		}
	}
}
