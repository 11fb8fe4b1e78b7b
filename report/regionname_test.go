package report

import (
	"testing"

	"yibao/policy"
)

// TestRegionNameEN: English text names a region in English from policy data
// (issue 14: English mode showed 四川省泸州市); a division without an English
// name keeps its Chinese one.
func TestRegionNameEN(t *testing.T) {
	s, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, want string }{
		{"510500", "Luzhou, Sichuan"},
		{"310000", "Shanghai"},
		{"620200", "Jiayuguan, Gansu"},
		{"510521", "泸县, Luzhou, Sichuan"},
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
