package region

import (
	"strings"
	"testing"
)

// TestAreaCodeSeeds checks the table against the reference codes of the seed
// regions (facts-2026-11 §6.1, standard telephone area codes) and the two
// prefectures issue 11 found wrong (黔南 0854, 商洛 0914).
func TestAreaCodeSeeds(t *testing.T) {
	for code, want := range map[string]string{
		"510500": "0830", // 泸州
		"530100": "0871", // 昆明
		"620200": "0937", // 嘉峪关 (shares 酒泉's code)
		"440800": "0759", // 湛江
		"320100": "025",  // 南京
		"320800": "0517", // 淮安
		"320700": "0518", // 连云港
		"310000": "021",  // 上海
		"110000": "010",  // 北京
		"120000": "022",  // 天津
		"500000": "023",  // 重庆
		"630100": "0971", // 西宁
		"140100": "0351", // 太原 (山西's capital)
		"370200": "0532", // 青岛
		"420100": "027",  // 武汉
		"361100": "0793", // 上饶
		"520100": "0851", // 贵阳
		"522700": "0854", // 黔南
		"522600": "0855", // 黔东南
		"522300": "0859", // 黔西南
		"611000": "0914", // 商洛
		"610900": "0915", // 安康
		"610800": "0912", // 榆林
		"610700": "0916", // 汉中
		"610100": "029",  // 西安
		"620100": "0931", // 兰州
		"130300": "0335", // 秦皇岛 (a prefix in the source, whole code from additions.tsv)
		"460200": "0898", // 三亚 (all of Hainan)
	} {
		if got := AreaCode(code); got != want {
			t.Errorf("AreaCode(%s) = %q, want %q", code, got, want)
		}
	}
	for code, want := range map[string]string{"510000": "028", "620000": "0931", "520000": "0851", "610000": "029"} {
		if got := AreaCode(code); got != want {
			t.Errorf("AreaCode(%s) = %q, want the capital's %q", code, got, want)
		}
	}
	for _, code := range []string{"000000", "510521", "310104", "990000", "999999", ""} {
		if got := AreaCode(code); got != "" {
			t.Errorf("AreaCode(%q) = %q, want none (counties and unknown codes have no entry)", code, got)
		}
	}
}

// TestAreaCodeEveryPrefecture checks that every prefecture-level region and
// every 直辖市 of the registry has an area code, naming those that lack one,
// and that every row of the table is a pooling region of the registry.
func TestAreaCodeEveryPrefecture(t *testing.T) {
	reg := Default()
	var missing []string
	n := 0
	for _, r := range reg.All() {
		if r.Level != LevelPrefecture && !reg.IsMunicipality(r.Code) {
			continue
		}
		n++
		if AreaCode(r.Code) == "" {
			missing = append(missing, r.Code+" "+r.Name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%d of %d prefectures and 直辖市 have no area code (add them to tools/areacodegen/data/additions.tsv and regenerate): %s",
			len(missing), n, strings.Join(missing, ", "))
	}
	if n < 330 {
		t.Errorf("only %d prefectures and 直辖市 in the registry", n)
	}
	for _, e := range AreaCodes() {
		r, ok := reg.ByCode(e.Code)
		if !ok {
			t.Errorf("area code table: %s %s is not in the registry", e.Code, e.Name)
			continue
		}
		if r.Name != e.Name {
			t.Errorf("area code table: %s is %s in the table, %s in the registry", e.Code, e.Name, r.Name)
		}
		if p := reg.PoolingRegion(e.Code); p.Code != e.Code {
			t.Errorf("area code table: %s %s is not a pooling region (pools into %s)", e.Code, e.Name, p.Code)
		}
		if e.Basis == "" {
			t.Errorf("area code table: %s %s names no basis", e.Code, e.Name)
		}
	}
	if src := AreaCodeSource(); !strings.Contains(src, "libphonenumber") || !strings.Contains(src, "Apache-2.0") {
		t.Errorf("AreaCodeSource() = %q, want the data set and its licence", src)
	}
}

// TestAreaCodePoolingRegions: every county resolves, through its pooling
// region, to the area code of its prefecture or 直辖市.
func TestAreaCodePoolingRegions(t *testing.T) {
	reg := Default()
	for q, want := range map[string]string{
		"522701": "0854", // 都匀市 → 黔南
		"611002": "0914", // 商州区 → 商洛
		"510521": "0830", // 泸县 → 泸州
		"310104": "021",  // 徐汇区 → 上海
		"500101": "023",  // 万州区 → 重庆
		"429004": "0728", // 仙桃市 (省直辖县级, named by the source)
	} {
		if got := AreaCode(reg.PoolingRegion(q).Code); got != want {
			t.Errorf("AreaCode(PoolingRegion(%s)) = %q, want %q", q, got, want)
		}
	}
}

func TestParseAreaCodes(t *testing.T) {
	good := "# source: test\n# code\tarea_code\tname\tbasis\n510500\t0830\t泸州市\t86830|四川省泸州市\n"
	tab, err := parseAreaCodes(good)
	if err != nil {
		t.Fatal(err)
	}
	if tab.header != "source: test" || tab.byCode["510500"].AreaCode != "0830" {
		t.Errorf("parsed %+v", tab)
	}
	for _, bad := range []string{
		"",
		"510500\t0830\t泸州市\n",
		"51050\t0830\t泸州市\tx\n",
		"510500\t830\t泸州市\tx\n",
		"510500\t08301\t泸州市\tx\n",
		"510500\t0830\t泸州市\tx\n510500\t0830\t泸州市\tx\n",
	} {
		if _, err := parseAreaCodes(bad); err == nil {
			t.Errorf("parseAreaCodes(%q): no error", bad)
		}
	}
}
