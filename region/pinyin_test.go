package region

import (
	"strings"
	"testing"
)

func TestNameEN(t *testing.T) {
	reg := Default()
	for _, tc := range []struct{ code, name, full string }{
		{"510500", "Luzhou", "Luzhou, Sichuan"},
		{"510521", "Luxian", "Luxian, Luzhou, Sichuan"},
		{"310000", "Shanghai", "Shanghai"},
		{"310104", "Xuhui", "Xuhui, Shanghai"},
		{"610100", "Xi'an", "Xi'an, Shaanxi"},
		{"140400", "Changzhi", "Changzhi, Shanxi"}, // 长 corrected to chang
		{"211300", "Chaoyang", "Chaoyang, Liaoning"},
		{"522700", "Qiannan", "Qiannan, Guizhou"},
		{"429004", "Xiantao", "Xiantao, Hubei"},
		{"999999", "", ""},
	} {
		if got := NameEN(tc.code); got != tc.name {
			t.Errorf("NameEN(%s) = %q, want %q", tc.code, got, tc.name)
		}
		if got := reg.FullNameEN(tc.code); got != tc.full {
			t.Errorf("FullNameEN(%s) = %q, want %q", tc.code, got, tc.full)
		}
	}
}

// Every region in the registry has an English name, and nothing else has one.
func TestPinyinCoversRegistry(t *testing.T) {
	reg := Default()
	names := pinyinNames()
	for _, r := range reg.All() {
		if names[r.Code] == "" {
			t.Errorf("%s %s has no English name in data/pinyin.tsv", r.Code, r.Name)
		}
	}
	if len(names) != reg.Len() {
		t.Errorf("data/pinyin.tsv has %d names, the registry %d regions", len(names), reg.Len())
	}
	if PinyinSource() == "" {
		t.Error("data/pinyin.tsv names no source")
	}
}

func TestLookupEN(t *testing.T) {
	reg := Default()
	codes := func(rs []Region) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Code)
		}
		return out
	}
	for _, tc := range []struct {
		q    string
		want []string
	}{
		{"luzhou", []string{"510500", "140403"}}, // 泸州市, then 潞州区 (长治)
		{"Luzhou", []string{"510500", "140403"}},
		{"Luzhou, Sichuan", []string{"510500"}},
		{"xian", []string{"610100", "220403", "231005"}}, // 西安市, then two 西安区
		{"Xi'an", []string{"610100", "220403", "231005"}},
		{"Shanghai", []string{"310000"}},
		{"Luxian, Luzhou", []string{"510521"}},
		{"Chaoyang, Beijing", []string{"110105"}},
		{"nowhere", nil},
		{"", nil},
	} {
		got := codes(reg.LookupEN(tc.q))
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("LookupEN(%q) = %v, want %v", tc.q, got, tc.want)
		}
	}
	// a name several regions share lists the larger first
	if rs := reg.LookupEN("Chaoyang"); len(rs) < 3 || rs[0].Code != "211300" {
		t.Errorf("LookupEN(Chaoyang) = %v, want the prefecture 211300 first of several", codes(rs))
	}
	for _, q := range []string{"luzhou", "Xi'an", "Luxian, Luzhou", "a b"} {
		if !IsLatin(q) {
			t.Errorf("IsLatin(%q) = false", q)
		}
	}
	for _, q := range []string{"泸州", "510500", "", " ", "lu1"} {
		if IsLatin(q) {
			t.Errorf("IsLatin(%q) = true", q)
		}
	}
}
