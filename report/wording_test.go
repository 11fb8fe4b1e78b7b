package report_test

import (
	"bytes"
	"regexp"
	"testing"

	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
	"yibao/report"
)

// TestChineseReportHasNoIdentifiers: across every analyst case, the Chinese
// report shows no English enum value or parameter id (issue 14 item 5), no
// run written as "X 至 X", and the 直辖市 上海 is never called 省级.
func TestChineseReportHasNoIdentifiers(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s)
	cs, err := corpus.Cases("..")
	if err != nil {
		t.Fatal(err)
	}
	url := regexp.MustCompile(`https?://\S+`)
	ident := regexp.MustCompile(`\b[a-z]+(_[a-z]+)+\b|\b[a-z]+\.[a-z_]+\.[a-z_]+\b|\b[a-z]+:[a-z_]+\b`)
	same := regexp.MustCompile(`(\d{4}-\d{2}) 至 (\d{4}-\d{2})`)
	shanghai := regexp.MustCompile(`省级 310000`)
	for _, c := range cs {
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		report.WriteText(&b, report.Build(a, s), report.ZH)
		txt := url.ReplaceAll(b.Bytes(), nil)
		if m := ident.Find(txt); m != nil {
			t.Errorf("%s %s: the Chinese report shows %q", c.Region, c.AsOf, m)
		}
		for _, m := range same.FindAllSubmatch(txt, -1) {
			if string(m[1]) == string(m[2]) {
				t.Errorf("%s %s: %q: one month is written once", c.Region, c.AsOf, m[0])
			}
		}
		if shanghai.Match(txt) {
			t.Errorf("%s %s: 上海 (310000) called 省级", c.Region, c.AsOf)
		}
	}
}
