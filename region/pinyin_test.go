package region

import "testing"

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
