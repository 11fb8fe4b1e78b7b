package casetest

import (
	"encoding/json"
	"strings"
	"testing"

	"yibao/caseio"
	"yibao/engine"
	"yibao/policy"
	"yibao/region"
	"yibao/report"
)

// Prefectures with no rule of their own must give identical answers to the
// same facts: only the region's code and name (and the telephone area code of
// the hotline, where a region file gives one) may differ. Issue 3, item 3.
var consistencyGroups = []struct {
	name  string
	codes []string
}{
	// 贵阳 has its own flexible lapse rule (policy/data/regions/520100.yaml) and is not in the group
	{"贵州：黔南、黔东南、黔西南、遵义", []string{"522700", "522600", "522300", "520300"}},
	{"陕西：商洛、安康、榆林、汉中", []string{"611000", "610900", "610800", "610700"}},
	{"甘肃：兰州、张掖、临夏", []string{"620100", "620700", "622900"}},
	{"云南：曲靖、大理（昆明另有数据时除外）", []string{"530300", "532900"}},
}

var consistencyCases = []string{
	// a flexible worker lapsed five months, asking in September
	`region: "%s"
as_of: 2026-09-10
ledger:
  - {from: 2024-01, to: 2026-03, scheme: flexible, status: paid, base_fen: 764600}
quote: {scheme: flexible}
bills:
  - {date: 2026-06-02, amount_fen: 1250000}
`,
	// an employee lapsed two months after leaving a job
	`region: "%s"
as_of: 2026-09-10
ledger:
  - {from: 2022-01, to: 2026-06, scheme: employee, status: paid}
events:
  - {kind: job_ended, date: 2026-06-30}
quote: {scheme: flexible}
`,
	// a resident who missed 2026 and pays in March
	`region: "%s"
as_of: 2026-03-15
resident_years:
  - {year: 2024, paid_on: 2023-11-20}
  - {year: 2025, paid_on: 2024-12-01}
  - {year: 2026, paid_on: 2026-03-15}
`,
}

func TestConsistentPrefectures(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	eng := engine.New(snap)
	for _, g := range consistencyGroups {
		for ci, tmpl := range consistencyCases {
			var first string
			for _, code := range g.codes {
				got := normalisedAnswer(t, eng, snap, strings.Replace(tmpl, "%s", code, 1), code)
				if first == "" {
					first = got
					continue
				}
				if got != first {
					t.Errorf("%s, case %d: %s answers differently from %s:\n%s", g.name, ci, code, g.codes[0], firstDiff(first, got))
				}
			}
		}
	}
}

func normalisedAnswer(t *testing.T, eng *engine.Engine, snap *policy.Snapshot, src, code string) string {
	t.Helper()
	c, err := caseio.Parse([]byte(src))
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	a, err := eng.Assess(c)
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	ans := report.Build(a, snap)
	hotline := ans.Hotline
	ans.Hotline = ""
	ans.Region.AreaCode = "" // the telephone area code is the one thing allowed to differ
	b, err := json.MarshalIndent(ans, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, old := range []string{region.Default().FullName(code), `"` + code + `"`, "（" + code + "）", "(" + code + ")", hotline} {
		s = strings.ReplaceAll(s, old, "<REGION>")
	}
	return s
}

func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) && i < len(lb); i++ {
		if la[i] != lb[i] {
			return "line " + la[i] + "\n  vs " + lb[i]
		}
	}
	return "lengths differ"
}
