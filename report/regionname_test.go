package report

import (
	"regexp"
	"strings"
	"testing"

	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
)

// TestRegionNameEN: English text names a region in English from policy data
// (issue 14: English mode showed 四川省泸州市); a division without an English
// name is named by the registry's pinyin.
func TestRegionNameEN(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, want string }{
		{"510500", "Luzhou, Sichuan"},
		{"310000", "Shanghai"},
		{"620200", "Jiayuguan, Gansu"},
		{"510521", "Luxian, Luzhou, Sichuan"}, // the registry's pinyin where policy data has no English name
		{"310104", "Xuhui, Shanghai"},
		{"999999", ""},
	} {
		if got := RegionNameEN(c.code, s); got != c.want {
			t.Errorf("RegionNameEN(%s) = %q, want %q", c.code, got, c.want)
		}
	}
	if got := regionName("四川省泸州市", "Luzhou, Sichuan", ZH); got != "四川省泸州市" {
		t.Errorf("Chinese text shows %q", got)
	}
}

// TestAgeText: the statutory age reads in English words in English text
// (issue 14: English mode showed (63岁)).
func TestAgeText(t *testing.T) {
	for _, c := range []struct{ in, zh, en string }{
		{"63岁", "63岁", "age 63"},
		{"60岁3个月", "60岁3个月", "age 60 and 3 months"},
		{"sixty", "sixty", "sixty"},
	} {
		if got := ageText(c.in, ZH); got != c.zh {
			t.Errorf("ageText(%q, ZH) = %q, want %q", c.in, got, c.zh)
		}
		if got := ageText(c.in, EN); got != c.en {
			t.Errorf("ageText(%q, EN) = %q, want %q", c.in, got, c.en)
		}
	}
}

// TestParamValueTextEnglish: over every analyst case, a parameter value
// written as alternatives or a formula reads in English in English text
// (issue 14: English mode showed 统账结合 9%（默认）／单建统筹 6.3% and
// 全省城镇全部单位就业人员年平均工资（前2年）); only the names a person
// passes to --option stay Chinese. Chinese text shows the value as written.
func TestParamValueTextEnglish(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	e := engine.New(s)
	cs, err := corpus.Cases("..")
	if err != nil {
		t.Fatal(err)
	}
	han := regexp.MustCompile(`\p{Han}`)
	n := 0
	for _, c := range cs {
		a, err := e.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Params {
			u := &a.Params[i]
			if len(u.Options()) == 0 && u.Formula() == nil {
				continue
			}
			n++
			if zh := ParamValueText(u, s, ZH); zh != ValueText(u.Value(), ZH) {
				t.Errorf("%s: Chinese %q, want %q as written", u.ID(), zh, u.Value())
			}
			en := ParamValueText(u, s, EN)
			for _, o := range u.Options() {
				en = strings.ReplaceAll(en, o.Name, "")
			}
			if han.MatchString(en) {
				t.Errorf("%s: English value %q has Chinese", u.ID(), ParamValueText(u, s, EN))
			}
		}
	}
	if n == 0 {
		t.Fatal("no case uses a parameter with options or a formula: the test checks nothing")
	}
}
