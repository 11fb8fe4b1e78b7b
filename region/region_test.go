package region

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func codes(rs []Region) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out
}

// TestNamedRegions covers every region the 医保 project names explicitly.
func TestNamedRegions(t *testing.T) {
	reg := Default()
	tests := []struct {
		query    string // short name used for Lookup
		code     string
		name     string
		level    Level
		pooling  string
		chain    []string
		fullName string
	}{
		{"泸州", "510500", "泸州市", LevelPrefecture, "510500", []string{"510500", "510000"}, "四川省泸州市"},
		{"昆明", "530100", "昆明市", LevelPrefecture, "530100", []string{"530100", "530000"}, "云南省昆明市"},
		{"嘉峪关", "620200", "嘉峪关市", LevelPrefecture, "620200", []string{"620200", "620000"}, "甘肃省嘉峪关市"},
		{"贵阳", "520100", "贵阳市", LevelPrefecture, "520100", []string{"520100", "520000"}, "贵州省贵阳市"},
		{"黔南", "522700", "黔南布依族苗族自治州", LevelPrefecture, "522700", []string{"522700", "520000"}, "贵州省黔南布依族苗族自治州"},
		{"黔东南", "522600", "黔东南苗族侗族自治州", LevelPrefecture, "522600", []string{"522600", "520000"}, "贵州省黔东南苗族侗族自治州"},
		{"黔西南", "522300", "黔西南布依族苗族自治州", LevelPrefecture, "522300", []string{"522300", "520000"}, "贵州省黔西南布依族苗族自治州"},
		{"商洛", "611000", "商洛市", LevelPrefecture, "611000", []string{"611000", "610000"}, "陕西省商洛市"},
		{"安康", "610900", "安康市", LevelPrefecture, "610900", []string{"610900", "610000"}, "陕西省安康市"},
		{"榆林", "610800", "榆林市", LevelPrefecture, "610800", []string{"610800", "610000"}, "陕西省榆林市"},
		{"汉中", "610700", "汉中市", LevelPrefecture, "610700", []string{"610700", "610000"}, "陕西省汉中市"},
		{"湛江", "440800", "湛江市", LevelPrefecture, "440800", []string{"440800", "440000"}, "广东省湛江市"},
		{"南京", "320100", "南京市", LevelPrefecture, "320100", []string{"320100", "320000"}, "江苏省南京市"},
		{"淮安", "320800", "淮安市", LevelPrefecture, "320800", []string{"320800", "320000"}, "江苏省淮安市"},
		{"连云港", "320700", "连云港市", LevelPrefecture, "320700", []string{"320700", "320000"}, "江苏省连云港市"},
		{"西宁", "630100", "西宁市", LevelPrefecture, "630100", []string{"630100", "630000"}, "青海省西宁市"},
		{"山西", "140000", "山西省", LevelProvince, "140000", []string{"140000"}, "山西省"},
		{"上海", "310000", "上海市", LevelProvince, "310000", []string{"310000"}, "上海市"},
		{"北京", "110000", "北京市", LevelProvince, "110000", []string{"110000"}, "北京市"},
		{"江西", "360000", "江西省", LevelProvince, "360000", []string{"360000"}, "江西省"},
		{"青岛", "370200", "青岛市", LevelPrefecture, "370200", []string{"370200", "370000"}, "山东省青岛市"},
		{"武汉", "420100", "武汉市", LevelPrefecture, "420100", []string{"420100", "420000"}, "湖北省武汉市"},
		{"重庆", "500000", "重庆市", LevelProvince, "500000", []string{"500000"}, "重庆市"},
		{"福建", "350000", "福建省", LevelProvince, "350000", []string{"350000"}, "福建省"},
		{"四川", "510000", "四川省", LevelProvince, "510000", []string{"510000"}, "四川省"},
		{"广东", "440000", "广东省", LevelProvince, "440000", []string{"440000"}, "广东省"},
		{"甘肃", "620000", "甘肃省", LevelProvince, "620000", []string{"620000"}, "甘肃省"},
		{"东莞", "441900", "东莞市", LevelPrefecture, "441900", []string{"441900", "440000"}, "广东省东莞市"},
		{"中山", "442000", "中山市", LevelPrefecture, "442000", []string{"442000", "440000"}, "广东省中山市"},
		// 省直辖县级行政区划: no prefecture; it is its own pooling region.
		{"仙桃", "429004", "仙桃市", LevelCounty, "429004", []string{"429004", "420000"}, "湖北省仙桃市"},
		// District of a 直辖市: pooled at the municipality.
		{"徐汇", "310104", "徐汇区", LevelCounty, "310000", []string{"310104", "310000"}, "上海市徐汇区"},
		// County under a prefecture: pooled at the prefecture.
		{"泸县", "510521", "泸县", LevelCounty, "510500", []string{"510521", "510500", "510000"}, "四川省泸州市泸县"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r, ok := reg.ByCode(tt.code)
			if !ok {
				t.Fatalf("ByCode(%s) not found", tt.code)
			}
			if r.Name != tt.name || r.Level != tt.level {
				t.Errorf("ByCode(%s) = %+v, want name %s level %s", tt.code, r, tt.name, tt.level)
			}
			for _, q := range []string{tt.query, tt.name, tt.code} {
				got, err := reg.Lookup(q)
				if err != nil {
					t.Errorf("Lookup(%q): %v", q, err)
					continue
				}
				if got[0].Code != tt.code {
					t.Errorf("Lookup(%q)[0] = %s %s, want %s (all: %v)", q, got[0].Code, got[0].Name, tt.code, codes(got))
				}
			}
			if p := reg.PoolingRegion(tt.code); p.Code != tt.pooling {
				t.Errorf("PoolingRegion(%s) = %s %s, want %s", tt.code, p.Code, p.Name, tt.pooling)
			}
			if got := codes(reg.Chain(tt.code)); !slices.Equal(got, tt.chain) {
				t.Errorf("Chain(%s) = %v, want %v", tt.code, got, tt.chain)
			}
			if got := reg.FullName(tt.code); got != tt.fullName {
				t.Errorf("FullName(%s) = %q, want %q", tt.code, got, tt.fullName)
			}
		})
	}
}

func TestLookupVariants(t *testing.T) {
	reg := Default()
	tests := []struct {
		query string
		first string // code of the first result
	}{
		{"黔南州", "522700"},
		{"黔东南州", "522600"},
		{"黔西南州", "522300"},
		{"黔南自治州", "522700"},
		{"黔南布依族苗族自治州", "522700"},
		{"嘉峪关市", "620200"},
		{"湛江", "440800"},
		{"湛江市", "440800"},
		{"上海", "310000"},
		{"上海市", "310000"},
		{"四川省", "510000"},
		{"泸州市", "510500"},
		{" 泸州 ", "510500"},
		{"内蒙古", "150000"},
		{"内蒙古自治区", "150000"},
		{"广西", "450000"},
		{"广西壮族自治区", "450000"},
		{"新疆", "650000"},
		{"香港", "810000"},
		{"延边州", "222400"},
		{"大兴安岭", "232700"},
		{"锡林郭勒", "152500"},
		{"神农架", "429021"},
		{"四川泸州", "510500"},
		{"四川省泸州市", "510500"},
		{"四川省泸州市泸县", "510521"},
		{"四川 泸州 泸县", "510521"},
		{"上海徐汇", "310104"},
		{"湖北仙桃", "429004"},
		{"510500", "510500"},
		{"51", "510000"},
		{"5105", "510500"},
		{"510521000000", "510521"},
		{"吉林", "220000"}, // province before the prefecture 吉林市
		{"吉林市", "220200"},
		{"河南", "410000"}, // province before 河南蒙古族自治县
		{"朝阳", "211300"}, // prefecture 朝阳市 before the districts
		{"黔东", "522600"}, // prefix match only when nothing matches exactly
	}
	for _, tt := range tests {
		got, err := reg.Lookup(tt.query)
		if err != nil {
			t.Errorf("Lookup(%q): %v", tt.query, err)
			continue
		}
		if got[0].Code != tt.first {
			t.Errorf("Lookup(%q) = %v, want first %s", tt.query, codes(got), tt.first)
		}
	}

	got, err := reg.Lookup("吉林")
	if err != nil || !slices.Equal(codes(got), []string{"220000", "220200"}) {
		t.Errorf("Lookup(吉林) = %v, %v; want [220000 220200]", codes(got), err)
	}
	got, _ = reg.Lookup("朝阳区")
	if len(got) < 2 || got[0].Name != "朝阳区" || got[1].Name != "朝阳区" {
		t.Errorf("Lookup(朝阳区): exact names must come first, got %v", got)
	}
	if !slices.ContainsFunc(got, func(r Region) bool { return r.Code == "211300" }) {
		t.Errorf("Lookup(朝阳区) should also list 朝阳市 211300, got %v", codes(got))
	}
}

func TestDidYouMean(t *testing.T) {
	reg := Default()
	tests := []struct {
		query string
		want  string // code expected first among the suggestions
	}{
		{"泸洲", "510500"},
		{"泸洲市", "510500"},
		{"贵杨", "520100"},
		{"连云岗", "320700"},
		{"510599", "510500"},
	}
	for _, tt := range tests {
		got, err := reg.Lookup(tt.query)
		if err == nil {
			t.Errorf("Lookup(%q) = %v, want error", tt.query, codes(got))
			continue
		}
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("Lookup(%q) error %v is not ErrNotFound", tt.query, err)
		}
		var nf *NotFoundError
		if !errors.As(err, &nf) {
			t.Fatalf("Lookup(%q) error %T, want *NotFoundError", tt.query, err)
		}
		if len(nf.Suggestions) == 0 || len(nf.Suggestions) > 5 || nf.Suggestions[0].Code != tt.want {
			t.Errorf("Lookup(%q) suggestions %v, want 1-5 starting with %s", tt.query, codes(nf.Suggestions), tt.want)
		}
		if !strings.Contains(err.Error(), "did you mean") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Lookup(%q) error %q lacks the suggestion", tt.query, err)
		}
	}
	for _, q := range []string{"", "   ", "123", "1234567", "zzzz"} {
		if got, err := reg.Lookup(q); err == nil {
			t.Errorf("Lookup(%q) = %v, want error", q, codes(got))
		}
	}
}

func TestUnknownCode(t *testing.T) {
	reg := Default()
	if _, ok := reg.ByCode("999999"); ok {
		t.Error("ByCode(999999) found")
	}
	if c := reg.Chain("999999"); c != nil {
		t.Errorf("Chain(999999) = %v", c)
	}
	if p := reg.PoolingRegion("999999"); !p.IsZero() {
		t.Errorf("PoolingRegion(999999) = %v", p)
	}
	if f := reg.FullName("999999"); f != "" {
		t.Errorf("FullName(999999) = %q", f)
	}
}

// TestEmbeddedData checks invariants over the whole embedded data set.
func TestEmbeddedData(t *testing.T) {
	reg := Default()
	if !strings.Contains(reg.Source(), "source: npm ") {
		t.Errorf("Source() = %q", reg.Source())
	}
	count := map[Level]int{}
	for _, r := range reg.All() {
		count[r.Level]++
		if got := ShortName(r.Name); got != r.Short {
			t.Errorf("%s %s: short %q in data, ShortName gives %q (regenerate the data)", r.Code, r.Name, r.Short, got)
		}
		for _, q := range []string{r.Code, r.Name, r.Short} {
			got, err := reg.Lookup(q)
			if err != nil || !slices.ContainsFunc(got, func(x Region) bool { return x.Code == r.Code }) {
				t.Errorf("Lookup(%q) = %v, %v; want it to include %s", q, codes(got), err, r.Code)
			}
		}
		chain := reg.Chain(r.Code)
		if top := chain[len(chain)-1]; top.Level != LevelProvince || top.Code[:2] != r.Code[:2] {
			t.Errorf("Chain(%s) ends at %v", r.Code, top)
		}
		p := reg.PoolingRegion(r.Code)
		switch {
		case r.Level != LevelCounty:
			if p.Code != r.Code {
				t.Errorf("PoolingRegion(%s) = %s, want itself", r.Code, p.Code)
			}
		case reg.IsMunicipality(r.Code[:2] + "0000"):
			if p.Code != r.Code[:2]+"0000" {
				t.Errorf("PoolingRegion(%s) = %s, want the municipality", r.Code, p.Code)
			}
		case chain[1].Level == LevelPrefecture:
			if p.Code != chain[1].Code {
				t.Errorf("PoolingRegion(%s) = %s, want %s", r.Code, p.Code, chain[1].Code)
			}
		default:
			if p.Code != r.Code {
				t.Errorf("PoolingRegion(%s) = %s, want itself (省直辖县级)", r.Code, p.Code)
			}
		}
	}
	if count[LevelProvince] != 34 || count[LevelPrefecture] < 330 || count[LevelCounty] < 2800 {
		t.Errorf("level counts %v", count)
	}
	for _, code := range []string{"620200", "441900", "442000"} {
		if c := reg.Children(code); len(c) != 0 {
			t.Errorf("%s should have no counties, has %v", code, codes(c))
		}
	}
	for _, code := range []string{"110000", "120000", "310000", "500000"} {
		if !reg.IsMunicipality(code) {
			t.Errorf("IsMunicipality(%s) = false", code)
		}
	}
	if reg.IsMunicipality("510000") || reg.IsMunicipality("510500") {
		t.Error("IsMunicipality true for 四川/泸州")
	}
}

func TestShortName(t *testing.T) {
	tests := map[string]string{
		"四川省":        "四川",
		"泸州市":        "泸州",
		"泸县":         "泸县",
		"城区":         "城区",
		"黔南布依族苗族自治州": "黔南",
		"海西蒙古族藏族自治州": "海西",
		"博尔塔拉蒙古自治州":  "博尔塔拉",
		"广西壮族自治区":    "广西",
		"新疆维吾尔自治区":   "新疆",
		"西藏自治区":      "西藏",
		"香港特别行政区":    "香港",
		"大兴安岭地区":     "大兴安岭",
		"锡林郭勒盟":      "锡林郭勒",
		"神农架林区":      "神农架",
		"万柏林区":       "万柏林",
		"东乡族自治县":     "东乡",
		"鄂伦春自治旗":     "鄂伦春",
		"三都水族自治县":    "三都",
		"龙胜各族自治县":    "龙胜",
		"管城回族区":      "管城",
		"积石山保安族东乡族撒拉族自治县": "积石山",
		"浦东新区": "浦东",
		"正蓝旗":  "正蓝旗",
	}
	for in, want := range tests {
		if got := ShortName(in); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParse(t *testing.T) {
	const good = "# test data\n" +
		"510000\t四川省\t四川\t\tprovince\n" +
		"510500\t泸州市\t\t510000\tprefecture\n" +
		"510521\t泸县\t泸县\t510500\tcounty\r\n" +
		"\n"
	reg, err := Parse(strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	if reg.Len() != 3 || reg.Source() != "test data" {
		t.Errorf("Len %d Source %q", reg.Len(), reg.Source())
	}
	if r, _ := reg.ByCode("510500"); r.Short != "泸州" {
		t.Errorf("derived short name %q", r.Short)
	}
	if got := reg.FullName("510521"); got != "四川省泸州市泸县" {
		t.Errorf("FullName = %q", got)
	}

	bad := []struct {
		data, want string
	}{
		{"510000\t四川省\t四川\tprovince\n", "line 1: want 5"},
		{"# c\n51000\t四川省\t四川\t\tprovince\n", "line 2: invalid code"},
		{"510000\t\t四川\t\tprovince\n", "line 1: code 510000: empty name"},
		{"510000\t四川省\t四川\t\tstate\n", "line 1: code 510000: invalid level"},
		{"510000\t四川省\t四川\t\tprovince\n510000\t四川省\t四川\t\tprovince\n", "line 2: duplicate code 510000 (first on line 1)"},
		{"510000\t四川省\t四川\t\tprovince\n510500\t泸州市\t泸州\t520000\tprefecture\n", "line 2: code 510500: parent 520000 not found"},
		{"510000\t四川省\t四川\t\tprovince\n520000\t贵州省\t贵州\t\tprovince\n510500\t泸州市\t泸州\t520000\tprefecture\n", "line 3: code 510500 does not lie under"},
		{"510000\t四川省\t四川\t510000\tprovince\n", "line 1: province 510000 has parent"},
		{"510000\t四川省\t四川\t\tprovince\n510521\t泸县\t泸县\t510000\tprefecture\n", "line 2: prefecture code"},
		{"# only comments\n", "no regions"},
	}
	for _, tt := range bad {
		_, err := Parse(strings.NewReader(tt.data))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Parse(%q) error %v, want it to contain %q", tt.data, err, tt.want)
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"泸州", "黔南州", "510500", "51", "四川省泸州市泸县", "泸洲", "", "\xff\xfe", "上海 徐汇", "123456789012", "自治州", "族族族族"} {
		f.Add(s)
	}
	reg := Default()
	f.Fuzz(func(t *testing.T, q string) {
		got, err := reg.Lookup(q)
		if err == nil && len(got) == 0 {
			t.Fatalf("Lookup(%q): no results and no error", q)
		}
		if err != nil && got != nil {
			t.Fatalf("Lookup(%q): results %v with error %v", q, got, err)
		}
		for _, r := range got {
			if _, ok := reg.ByCode(r.Code); !ok {
				t.Fatalf("Lookup(%q) returned unknown %v", q, r)
			}
		}
		_ = reg.Chain(q)
		_ = reg.PoolingRegion(q)
		_ = reg.FullName(q)
		_ = ShortName(q)
	})
}

func BenchmarkLookup(b *testing.B) {
	reg := Default()
	for _, q := range []string{"510500", "泸州", "泸州市", "黔南州", "四川省泸州市泸县", "黔东", "泸洲"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = reg.Lookup(q)
			}
		})
	}
}
