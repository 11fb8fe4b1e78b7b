package report

import (
	"regexp"
	"strings"
	"testing"

	"yibao"
	"yibao/engine"
)

func TestTemplatesComplete(t *testing.T) {
	known := map[string]bool{"{from}": true, "{to}": true, "{span}": true, "{month}": true, "{date}": true, "{n}": true, "{m}": true,
		"{fen}": true, "{mfen}": true, "{nfen}": true, "{scheme}": true, "{text}": true, "{year}": true, "{rate}": true}
	re := regexp.MustCompile(`\{[a-z]+\}`)
	for code, t2 := range catalogue {
		if strings.HasPrefix(code, "page.") || strings.HasPrefix(code, "cli.") { // the page fills its own {name} placeholders; CLI help is printed as written (a URL template)
			continue
		}
		if t2[0] == "" || t2[1] == "" {
			t.Errorf("%s: missing a language", code)
		}
		for _, s := range t2 {
			for _, ph := range re.FindAllString(s, -1) {
				if !known[ph] {
					t.Errorf("%s: unknown placeholder %s", code, ph)
				}
			}
		}
	}
}

func TestText(t *testing.T) {
	m, _ := yibao.ParseMonth("2025-01")
	r := engine.Reason{Code: "quote.amount", Args: engine.Args{Fen: 75460, N: 2, M: 150920, Rate: 100000}}
	if got := Text(r, ZH); got != "每月 754.60 元（基数×10%，含固定附加费），共 2 个月，合计 1,509.20 元。" {
		t.Errorf("zh: %s", got)
	}
	r = engine.Reason{Code: "quote.cover", Args: engine.Args{Month: m, Date: m.First()}}
	if got := Text(r, EN); got != "If paid today: covered from 2025-01-01." {
		t.Errorf("en: %s", got)
	}
}
