package policy

import (
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"yibao"
)

func TestEmbeddedLoadsAndLints(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if issues := Lint(s); len(issues) > 0 {
		t.Fatalf("lint: %v", LoadErrors(issues))
	}
	s2, _ := Load()
	if s.Hash != s2.Hash || !strings.HasPrefix(s.Hash, "sha256:") {
		t.Fatalf("hash not stable: %s %s", s.Hash, s2.Hash)
	}
}

// TestCatalogueMatchesEngine: every Param has a catalogue entry and vice versa.
func TestCatalogueMatchesEngine(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for p := Param(0); p < NumParams; p++ {
		if d := s.Def(p); d.ID != p.String() || d.Unit == "" || d.LabelZH == "" || d.LabelEN == "" {
			t.Errorf("%s: incomplete definition %+v", p, d)
		}
	}
}

func dataFS(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	sub, _ := fs.Sub(embedded, "data")
	fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if !d.IsDir() {
			b, _ := fs.ReadFile(sub, p)
			m[p] = &fstest.MapFile{Data: b}
		}
		return nil
	})
	return m
}

func TestLoaderReportsEveryProblemWithFileAndLine(t *testing.T) {
	m := dataFS(t)
	m["regions/510500.yaml"] = &fstest.MapFile{Data: []byte(`region: "510500"
name: {zh: 泸州市, en: Luzhou}
level: city
sources:
  - id: s1
    title: 某文件
    doc_no: 泸医保[2025]1号
    confidence: official
    verified_on: 2026-09-01
  - id: s2
    title: 无出处
    confidence: rumour
    verified_on: 2026-09-01
params:
  flexible.rate:
    - since: 2025-01-01
      value: "8.5"
      source: s1
      review_by: 2026-01-01
    - since: 2024-01-01
      value: "9%"
      source: s9
      review_by: 2026-01-01
  flexible.waiting.mode:
    - since: 2025-01-01
      value: sometimes
      source: s1
      review_by: 2026-01-01
  no.such.param:
    - since: 2025-01-01
      value: 1
      source: s1
      review_by: 2026-01-01
`)}
	_, err := LoadFS(m)
	if err == nil {
		t.Fatal("bad data loaded")
	}
	got := err.Error()
	for _, want := range []string{
		`regions/510500.yaml:7:13: sources[0].doc_no: "泸医保[2025]1号" is not a 文号`,
		`regions/510500.yaml:10:5: sources[1]: source "s2" has no doc_no, url or seen_via`,
		`regions/510500.yaml:12:17: sources[1].confidence: "rumour" is not a confidence level`,
		`regions/510500.yaml:17:14: params.flexible.rate[0].value: "8.5" is not a rate`,
		`regions/510500.yaml:20:14: params.flexible.rate[1].since: dates must increase`,
		`regions/510500.yaml:22:15: params.flexible.rate[1].source: source "s9" is not defined`,
		`regions/510500.yaml:26:14: params.flexible.waiting.mode[0].value: "sometimes": want one of none`,
		`regions/510500.yaml:30:5: params.no.such.param: unknown parameter`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
}

func TestLintCatchesCapAndUnusedSource(t *testing.T) {
	m := dataFS(t)
	m["regions/510500.yaml"] = &fstest.MapFile{Data: []byte(`region: "510500"
name: {zh: 泸州市, en: Luzhou}
level: city
sources:
  - {id: s1, title: 某文件, doc_no: 泸医保发〔2025〕1号, confidence: seed, verified_on: 2026-09-01}
  - {id: s2, title: 未用, doc_no: 泸医保发〔2025〕2号, confidence: seed, verified_on: 2026-09-01}
  - {id: s3, title: 假设, confidence: draft, seen_via: "a what-if, not a rule", verified_on: 2026-11-28}
params:
  flexible.waiting.months:
    - {since: 2025-01-01, value: 7, source: s1, review_by: 2024-01-01}
  flexible.benefit_start:
    - {since: 2025-01-01, value: payment_month, source: s3, review_by: 2099-01-01}
`)}
	s, err := LoadFS(m)
	if err != nil {
		t.Fatal(err)
	}
	got := LoadErrors(Lint(s)).Error()
	for _, want := range []string{"exceeds the national cap of 6", "review_by 2024-01-01 is before since", `source "s2" is not cited`, "flexible.benefit_start: confidence draft marks a what-if rule"} {
		if !strings.Contains(got, want) {
			t.Errorf("lint missed %q:\n%s", want, got)
		}
	}
}

func TestChain(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	d := yibao.DateOf(2026, 6, 1)
	tests := []struct {
		code  string
		p     Param
		level yibao.Level
		known bool
	}{
		{"620200", ResidentWindowSupplementary, yibao.Province, true},  // 嘉峪关 → 甘肃
		{"620700", ResidentWindowSupplementary, yibao.Province, false}, // 张掖 (no file) → 甘肃
		{"310104", FlexibleRate, yibao.Province, true},                 // 上海徐汇 → 上海
		{"370200", FlexibleRate, yibao.City, true},
		{"430100", EmployeeGraceMonths, yibao.National, false}, // 长沙: no file, no province file
	}
	for _, tt := range tests {
		c := s.Chain(tt.code)
		e := c.Find(tt.p, d)
		if e == nil || e.Level != tt.level || c.Known != tt.known {
			t.Errorf("%s %s: got %+v known=%v", tt.code, tt.p, e, c.Known)
		}
	}
	if e := s.Chain("430100").Find(FlexibleRate, d); e != nil {
		t.Errorf("430100 flexible.rate should be not encoded, got %+v", e)
	}
}

func TestDocNo(t *testing.T) {
	for s, ok := range map[string]bool{"国办发〔2024〕38号": true, "医保办发〔2021〕43号": true, "沪医保规〔2025〕7号": true,
		"国办发[2024]38号": false, "国办发〔24〕38号": false, "国办发〔2024〕038号": false, "〔2024〕38号": false} {
		if validDocNo(s) != ok {
			t.Errorf("validDocNo(%q) = %v", s, !ok)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func FuzzLoadRegion(f *testing.F) {
	b, _ := os.ReadFile("data/regions/310000.yaml")
	f.Add(string(b))
	f.Add("region: x")
	// a published yearly total, alone and beside the file's own rate
	f.Add(string(amountFile(`  flexible.amount_yearly:
    - {since: 2025-01-01, until: 2025-12-31, value: "5365.32", source: s1, review_by: 2026-01-01}
  flexible.rate:
    - {since: 2025-06-01, value: "8%", source: s1, review_by: 2026-01-01}
`)))
	f.Fuzz(func(t *testing.T, s string) {
		m := dataFS(t)
		m["regions/310000.yaml"] = &fstest.MapFile{Data: []byte(s)}
		LoadFS(m) // must not panic
	})
}

// TestDateRangeMonthOnlyStart: a window whose source gives only the start
// month (陕西 2026: 「2025年10月至12月25日」) loads from that month's first day,
// is shown without a day, and a bad month is still an error naming the field.
func TestDateRangeMonthOnlyStart(t *testing.T) {
	for _, tc := range []struct {
		from, want string
		ok         bool
	}{
		{"2025-10", "2025-10～2025-12-25", true},
		{"2025-10-08", "2025-10-08～2025-12-25", true},
		{"2025-13", "", false},
		{"2026-01", "", false}, // after the end
	} {
		m := dataFS(t)
		m["regions/610000.yaml"] = &fstest.MapFile{Data: []byte(`region: "610000"
name: {zh: 陕西省, en: Shaanxi}
level: province
sources:
  - {id: s1, title: 某通知, seen_via: test, confidence: reposted, verified_on: 2026-11-28}
params:
  resident.window.concentrated:
    - since: 2026-01-01
      until: 2026-12-31
      value: {from: ` + tc.from + `, to: 2025-12-25}
      source: s1
      review_by: 2027-01-01
`)}
		s, err := LoadFS(m)
		if !tc.ok {
			if err == nil || !strings.Contains(err.Error(), "regions/610000.yaml:10:14: params.resident.window.concentrated[0].value: want {from: YYYY-MM-DD or YYYY-MM") {
				t.Errorf("from %s: want a load error naming the value, got %v", tc.from, err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("from %s: %v", tc.from, err)
		}
		e := s.Chain("611000").Find(ResidentWindowConcentrated, yibao.DateOf(2026, 1, 1))
		if e == nil {
			t.Fatalf("from %s: window not found", tc.from)
		}
		if got := e.Value.RangeText(); got != tc.want {
			t.Errorf("from %s: RangeText %q, want %q", tc.from, got, tc.want)
		}
		if e.Value.From != yibao.DateOf(2025, 10, 1) && tc.from == "2025-10" {
			t.Errorf("from %s: From %s, want 2025-10-01", tc.from, e.Value.From)
		}
	}
}
