package policy

import (
	"strings"
	"testing"
	"testing/fstest"

	"yibao"
)

// amountFile is a city file with one source and the given params block.
func amountFile(params string) []byte {
	return []byte(`region: "320800"
name: {zh: 淮安市, en: Huai'an}
level: city
sources:
  - id: s1
    title: t
    seen_via: test
    confidence: seed
    verified_on: 2026-11-28
params:
` + params)
}

// TestPublishedAmountShapes: a published flexible total loads as a yuan
// figure; bad shapes are refused with the file, the line and what was
// expected, every problem at once.
func TestPublishedAmountShapes(t *testing.T) {
	for _, tc := range []struct {
		name   string
		params string
		errs   []string // substrings, each of its own error; none = loads
		fen    yibao.Fen
	}{
		{name: "yearly", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "5365.32", source: s1, review_by: 2026-01-01}
`, fen: 536532},
		{name: "yearly with options", params: `  flexible.amount_yearly:
    - since: 2025-01-01
      value: {options: [{name: 统账结合, en: a, value: "6149.88", default: true}, {name: 单建统筹, en: b, value: "3600"}]}
      source: s1
      review_by: 2026-01-01
`, fen: 614988},
		{name: "null is allowed", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, value: null, source: s1, review_by: 2026-01-01}
`},
		{name: "zero", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, value: "0", source: s1, review_by: 2026-01-01}
`, errs: []string{`regions/320800.yaml:12:`, `must be above 0`}},
		{name: "not money", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, value: "5365.321", source: s1, review_by: 2026-01-01}
`, errs: []string{`regions/320800.yaml:12:`, `flexible.amount_yearly[0].value`}},
		{name: "a rate", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, value: "9%", source: s1, review_by: 2026-01-01}
`, errs: []string{`flexible.amount_yearly[0].value`}},
		{name: "formula", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, value: {share: "80%", of: average_wage.provincial_yearly, year: -2}, source: s1, review_by: 2026-01-01}
`, errs: []string{`not a formula`}},
		{name: "option at zero", params: `  flexible.amount_yearly:
    - since: 2025-01-01
      value: {options: [{name: a, en: a, value: "512.49", default: true}, {name: b, en: b, value: "0"}]}
      source: s1
      review_by: 2026-01-01
`, errs: []string{`options[1].value`}},
		{name: "with the file's own rate", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "5365.32", source: s1, review_by: 2026-01-01}
  flexible.rate:
    - {since: 2024-01-01, value: "8%", source: s1, review_by: 2026-01-01}
`, errs: []string{`flexible.amount_yearly[0].since`, `flexible.rate (line 14, since 2024-01-01)`}},
		{name: "a rate's until ends before the total starts", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "5365.32", source: s1, review_by: 2026-01-01}
  flexible.rate:
    - {since: 2023-01-01, until: 2024-12-31, value: "8%", source: s1, review_by: 2026-01-01}
`, fen: 536532},
		{name: "two problems at once", params: `  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "-1", source: s1, review_by: 2026-01-01}
    - {since: 2026-01-01, value: "abc", source: s1, review_by: 2026-01-01}
`, errs: []string{`flexible.amount_yearly[0].value`, `flexible.amount_yearly[1].value`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := dataFS(t)
			m["regions/320800.yaml"] = &fstest.MapFile{Data: amountFile(tc.params)}
			s, err := LoadFS(m)
			if len(tc.errs) == 0 {
				if err != nil {
					t.Fatal(err)
				}
				e := s.Chain("320800").Find(FlexibleAmountYearly, yibao.DateOf(2025, 7, 1))
				if e == nil || e.Null != (tc.fen == 0) || yibao.Fen(e.Value.Int) != tc.fen {
					t.Fatalf("entry %+v, want %d fen", e, tc.fen)
				}
				if issues := Lint(s); len(issues) > 0 {
					t.Fatalf("lint: %v", LoadErrors(issues))
				}
				return
			}
			if err == nil {
				t.Fatal("loaded; want an error")
			}
			msg := err.Error()
			for _, want := range tc.errs {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			if tc.name == "two problems at once" && len(err.(LoadErrors)) < 2 {
				t.Errorf("want both problems, got %v", err)
			}
		})
	}
}
