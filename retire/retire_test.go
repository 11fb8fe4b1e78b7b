package retire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"yibao"
)

func mo(s string) yibao.Month {
	m, err := yibao.ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// TestStatutoryBoundaries checks every phase boundary by hand-written
// values (not recomputed with the package's formula).
func TestStatutoryBoundaries(t *testing.T) {
	tests := []struct {
		birth    string
		c        Category
		age      string
		month    string
		delay    int
		earliest string
		latest   string
	}{
		// Men: original 60, first affected birth month 1965-01, +1 every 4 months.
		{"1964-12", Male60, "60岁", "2024-12", 0, "2024-12", "2024-12"},
		{"1965-01", Male60, "60岁1个月", "2025-02", 1, "2025-01", "2028-02"}, // 对照表
		{"1965-04", Male60, "60岁1个月", "2025-05", 1, "2025-04", "2028-05"},
		{"1965-05", Male60, "60岁2个月", "2025-07", 2, "2025-05", "2028-07"},
		{"1965-08", Male60, "60岁2个月", "2025-10", 2, "2025-08", "2028-10"},
		{"1965-09", Male60, "60岁3个月", "2025-12", 3, "2025-09", "2028-12"},
		{"1965-12", Male60, "60岁3个月", "2026-03", 3, "2025-12", "2029-03"},
		{"1966-01", Male60, "60岁4个月", "2026-05", 4, "2026-01", "2029-05"},
		{"1968-12", Male60, "61岁", "2029-12", 12, "2028-12", "2032-12"},
		{"1969-01", Male60, "61岁1个月", "2030-02", 13, "2029-01", "2033-02"},
		{"1976-08", Male60, "62岁11个月", "2039-07", 35, "2036-08", "2042-07"},
		{"1976-09", Male60, "63岁", "2039-09", 36, "2036-09", "2042-09"},
		{"1976-12", Male60, "63岁", "2039-12", 36, "2036-12", "2042-12"}, // 对照表
		{"1977-01", Male60, "63岁", "2040-01", 36, "2037-01", "2043-01"},
		{"2100-07", Male60, "63岁", "2163-07", 36, "2160-07", "2166-07"},
		{"1900-01", Male60, "60岁", "1960-01", 0, "1960-01", "1960-01"},

		// Women, original 55: first affected 1970-01, +1 every 4 months.
		{"1969-12", Female55, "55岁", "2024-12", 0, "2024-12", "2024-12"},
		{"1970-01", Female55, "55岁1个月", "2025-02", 1, "2025-01", "2028-02"}, // 对照表
		{"1970-04", Female55, "55岁1个月", "2025-05", 1, "2025-04", "2028-05"},
		{"1970-05", Female55, "55岁2个月", "2025-07", 2, "2025-05", "2028-07"},
		{"1981-08", Female55, "57岁11个月", "2039-07", 35, "2036-08", "2042-07"},
		{"1981-09", Female55, "58岁", "2039-09", 36, "2036-09", "2042-09"},
		{"1981-12", Female55, "58岁", "2039-12", 36, "2036-12", "2042-12"}, // 对照表
		{"2120-01", Female55, "58岁", "2178-01", 36, "2175-01", "2181-01"},

		// Women, original 50: first affected 1975-01, +1 every 2 months.
		{"1974-12", Female50, "50岁", "2024-12", 0, "2024-12", "2024-12"},
		{"1975-01", Female50, "50岁1个月", "2025-02", 1, "2025-01", "2028-02"}, // 对照表
		{"1975-02", Female50, "50岁1个月", "2025-03", 1, "2025-02", "2028-03"},
		{"1975-03", Female50, "50岁2个月", "2025-05", 2, "2025-03", "2028-05"},
		{"1975-04", Female50, "50岁2个月", "2025-06", 2, "2025-04", "2028-06"},
		{"1975-05", Female50, "50岁3个月", "2025-08", 3, "2025-05", "2028-08"},
		{"1975-11", Female50, "50岁6个月", "2026-05", 6, "2025-11", "2029-05"},
		{"1980-12", Female50, "53岁", "2033-12", 36, "2030-12", "2036-12"},
		{"1981-01", Female50, "53岁1个月", "2034-02", 37, "2031-02", "2037-02"}, // early floor moves above 50
		{"1984-10", Female50, "54岁11个月", "2039-09", 59, "2036-09", "2042-09"},
		{"1984-11", Female50, "55岁", "2039-11", 60, "2036-11", "2042-11"},
		{"1984-12", Female50, "55岁", "2039-12", 60, "2036-12", "2042-12"}, // 对照表
		{"2140-12", Female50, "55岁", "2195-12", 60, "2192-12", "2198-12"},
	}
	for _, tt := range tests {
		t.Run(tt.c.String()+"/"+tt.birth, func(t *testing.T) {
			r := Statutory(mo(tt.birth), tt.c)
			if got := r.AgeText(); got != tt.age {
				t.Errorf("age = %s, want %s", got, tt.age)
			}
			if r.Month != mo(tt.month) {
				t.Errorf("month = %s, want %s", r.Month, tt.month)
			}
			if r.DelayMonths != tt.delay {
				t.Errorf("delay = %d, want %d", r.DelayMonths, tt.delay)
			}
			if r.EarliestElective != mo(tt.earliest) || r.LatestElective != mo(tt.latest) {
				t.Errorf("elective = %s..%s, want %s..%s", r.EarliestElective, r.LatestElective, tt.earliest, tt.latest)
			}
			if r.Reformed != (tt.delay > 0) {
				t.Errorf("reformed = %v with delay %d", r.Reformed, tt.delay)
			}
			if r.Birth != mo(tt.birth) || r.Category != tt.c {
				t.Errorf("echo = %s %s", r.Birth, r.Category)
			}
			if r.Citation.Title != Title || r.Citation.Issuer != Issuer || r.Citation.Published != Adopted || r.Citation.URL != "" {
				t.Errorf("citation = %+v", r.Citation)
			}
		})
	}
}

// TestStatutoryInvariants walks every birth month from 1900 to 2199.
func TestStatutoryInvariants(t *testing.T) {
	for _, c := range []Category{Male60, Female55, Female50} {
		p := phases[c]
		count := map[int]int{}
		prev := Statutory(yibao.MonthOf(1900, 1), c)
		for b := yibao.MonthOf(1900, 1); b <= yibao.MonthOf(2199, 12); b++ {
			r := Statutory(b, c)
			count[r.DelayMonths]++
			if r.AgeMonths != r.OriginalAgeMonths+r.DelayMonths || r.OriginalAgeMonths != p.original {
				t.Fatalf("%s %s: ages %d = %d + %d", c, b, r.AgeMonths, r.OriginalAgeMonths, r.DelayMonths)
			}
			if r.Month != b.Add(r.AgeMonths) {
				t.Fatalf("%s %s: month %s not birth + age", c, b, r.Month)
			}
			if r.AgeMonths > p.target || r.DelayMonths < 0 {
				t.Fatalf("%s %s: age %d outside [original, target]", c, b, r.AgeMonths)
			}
			if (r.DelayMonths > 0) != (r.Month.Sub(b.Add(p.original)) > 0) || (r.DelayMonths > 0) != (b.Add(p.original) >= yibao.MonthOf(2025, 1)) {
				t.Fatalf("%s %s: reform applies iff the original age falls in 2025-01 or later", c, b)
			}
			if b > yibao.MonthOf(1900, 1) {
				if d := r.DelayMonths - prev.DelayMonths; d < 0 || d > 1 {
					t.Fatalf("%s %s: delay jumps %d → %d", c, b, prev.DelayMonths, r.DelayMonths)
				}
				if r.Month <= prev.Month {
					t.Fatalf("%s %s: retirement month %s not after %s", c, b, r.Month, prev.Month)
				}
			}
			if r.Reformed {
				if r.LatestElective != r.Month.Add(36) {
					t.Fatalf("%s %s: latest %s", c, b, r.LatestElective)
				}
				if r.EarliestElective < r.Month.Add(-36) || r.EarliestElective < b.Add(p.original) || r.EarliestElective > r.Month ||
					(r.EarliestElective != r.Month.Add(-36) && r.EarliestElective != b.Add(p.original)) {
					t.Fatalf("%s %s: earliest %s", c, b, r.EarliestElective)
				}
			} else if r.EarliestElective != r.Month || r.LatestElective != r.Month {
				t.Fatalf("%s %s: no elective window before the reform", c, b)
			}
			prev = r
		}
		// Each intermediate delay lasts exactly `every` birth months.
		for d := 1; d < p.target-p.original; d++ {
			if count[d] != p.every {
				t.Errorf("%s: delay %d covers %d birth months, want %d", c, d, count[d], p.every)
			}
		}
	}
}

func TestPensionMinMonths(t *testing.T) {
	tests := []struct {
		month string
		want  int
	}{
		{"2024-12", 180}, {"2025-01", 180}, {"2029-12", 180},
		{"2030-01", 186}, {"2030-12", 186}, {"2031-01", 192}, {"2032-06", 198},
		{"2035-01", 216}, {"2038-12", 234}, {"2039-01", 240}, {"2060-01", 240},
	}
	for _, tt := range tests {
		if got := PensionMinMonths(mo(tt.month)); got != tt.want {
			t.Errorf("PensionMinMonths(%s) = %d (%s), want %d", tt.month, got, FormatAge(got), tt.want)
		}
	}
}

func TestCategory(t *testing.T) {
	for _, c := range []Category{Male60, Female55, Female50} {
		got, err := ParseCategory(c.String())
		if err != nil || got != c {
			t.Errorf("ParseCategory(%q) = %v, %v", c.String(), got, err)
		}
		if c.ZH() == c.String() || c.EN() == c.String() {
			t.Errorf("%s has no label", c)
		}
		b, err := c.MarshalText()
		if err != nil || string(b) != c.String() {
			t.Errorf("MarshalText(%s) = %q, %v", c, b, err)
		}
	}
	for _, s := range []string{"", "Male60", "male60 ", " male60", "male", "女干部", "男职工", "female", "female_55", "55"} {
		if c, err := ParseCategory(s); err == nil {
			t.Errorf("ParseCategory(%q) = %v, want error", s, c)
		}
	}
	if _, err := Category(0).MarshalText(); err == nil {
		t.Error("MarshalText(0) succeeded")
	}
	if Category(9).String() != "Category(9)" || Category(0).ZH() != "Category(0)" {
		t.Error("invalid category labels")
	}
	defer func() {
		if recover() == nil {
			t.Error("Statutory with an invalid category did not panic")
		}
	}()
	Statutory(yibao.MonthOf(1970, 1), 0)
}

func TestCategoryFor(t *testing.T) {
	tests := []struct {
		sex  yibao.Sex
		post Post
		want Category
		ok   bool
	}{
		{yibao.Male, "", Male60, true},
		{yibao.Male, Cadre, Male60, true},
		{yibao.Male, Worker, Male60, true},
		{yibao.Female, Cadre, Female55, true},
		{yibao.Female, Worker, Female50, true},
		{yibao.Female, "", 0, false},
		{yibao.Female, "Cadre", 0, false},
		{yibao.Male, "manager", 0, false},
		{"", Cadre, 0, false},
		{"男", "", 0, false},
	}
	for _, tt := range tests {
		got, err := CategoryFor(tt.sex, tt.post)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("CategoryFor(%q, %q) = %v, %v; want %v ok=%v", tt.sex, tt.post, got, err, tt.want, tt.ok)
		}
	}
}

func TestAge(t *testing.T) {
	for _, tt := range []struct {
		s string
		m int
	}{{"60岁", 720}, {"60岁1个月", 721}, {"62岁11个月", 755}, {"0岁", 0}, {"0岁1个月", 1}, {"150岁11个月", 1811}} {
		m, err := ParseAge(tt.s)
		if err != nil || m != tt.m {
			t.Errorf("ParseAge(%q) = %d, %v; want %d", tt.s, m, err, tt.m)
		}
		if got := FormatAge(tt.m); got != tt.s {
			t.Errorf("FormatAge(%d) = %q, want %q", tt.m, got, tt.s)
		}
	}
	for _, s := range []string{"", "60", "岁", "60岁0个月", "60岁12个月", "060岁", "60岁01个月", "60 岁", "60岁3个月 ", "60岁3月", "60.5岁", "-1岁", "151岁", "60岁3个月3个月", "６０岁"} {
		if m, err := ParseAge(s); err == nil {
			t.Errorf("ParseAge(%q) = %d, want error", s, m)
		}
	}
	if FormatAge(-13) != "-1岁1个月" {
		t.Errorf("FormatAge(-13) = %q", FormatAge(-13))
	}
}

// yamlCase is one row of testdata/cases.yaml.
type yamlCase struct {
	Note     string      `yaml:"note"`
	Birth    yibao.Month `yaml:"birth"`
	Category Category    `yaml:"category"`
	Age      string      `yaml:"age"`
	Month    yibao.Month `yaml:"month"`
	Delay    *int        `yaml:"delay"`
	Earliest yibao.Month `yaml:"earliest"`
	Latest   yibao.Month `yaml:"latest"`
}

func decodeCases(src []byte) ([]yamlCase, error) {
	dec := yaml.NewDecoder(bytes.NewReader(src))
	dec.KnownFields(true)
	var cases []yamlCase
	if err := dec.Decode(&cases); err != nil {
		return nil, err
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("more than one YAML document")
	}
	for i, c := range cases {
		if c.Note == "" || c.Birth == 0 || !c.Category.Valid() || c.Age == "" || c.Month == 0 || c.Delay == nil || c.Earliest == 0 || c.Latest == 0 {
			return nil, fmt.Errorf("row %d (%q): every field is required: note, birth, category, age, month, delay, earliest, latest", i+1, c.Note)
		}
	}
	return cases, nil
}

func TestCasesYAML(t *testing.T) {
	src, err := os.ReadFile("testdata/cases.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := decodeCases(src)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 20 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.Category.String()+"/"+c.Birth.String(), func(t *testing.T) {
			age, err := ParseAge(c.Age)
			if err != nil {
				t.Fatal(err)
			}
			r := Statutory(c.Birth, c.Category)
			if r.AgeMonths != age || r.Month != c.Month || r.DelayMonths != *c.Delay {
				t.Errorf("%s: got %s %s delay %d, want %s %s delay %d", c.Note, r.AgeText(), r.Month, r.DelayMonths, c.Age, c.Month, *c.Delay)
			}
			if r.EarliestElective != c.Earliest || r.LatestElective != c.Latest {
				t.Errorf("%s: elective %s..%s, want %s..%s", c.Note, r.EarliestElective, r.LatestElective, c.Earliest, c.Latest)
			}
		})
	}
}

func TestCasesYAMLStrict(t *testing.T) {
	good := "- {note: x, birth: 1965-01, category: male60, age: 60岁1个月, month: 2025-02, delay: 1, earliest: 2025-01, latest: 2028-02}\n"
	if _, err := decodeCases([]byte(good)); err != nil {
		t.Fatalf("good row rejected: %v", err)
	}
	for name, src := range map[string]string{
		"unknown field":  strings.Replace(good, "delay: 1", "delay: 1, remark: y", 1),
		"typo field":     strings.Replace(good, "latest:", "lastest:", 1),
		"bad category":   strings.Replace(good, "male60", "男职工", 1),
		"bad month":      strings.Replace(good, "1965-01", "1965-1", 1),
		"missing delay":  strings.Replace(good, "delay: 1, ", "", 1),
		"missing latest": strings.Replace(good, ", latest: 2028-02", "", 1),
		"two documents":  good + "---\n" + good,
	} {
		if _, err := decodeCases([]byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseCategory(f *testing.F) {
	for _, s := range []string{"male60", "female55", "female50", "", "Male60", "female5", "女干部"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCategory(s)
		if err != nil {
			if c != 0 {
				t.Fatalf("error with category %v", c)
			}
			return
		}
		if !c.Valid() || c.String() != s {
			t.Fatalf("ParseCategory(%q) = %v does not round-trip", s, c)
		}
		var u Category
		if err := u.UnmarshalText([]byte(s)); err != nil || u != c {
			t.Fatalf("UnmarshalText(%q) = %v, %v", s, u, err)
		}
	})
}

func FuzzParseAge(f *testing.F) {
	for _, s := range []string{"60岁", "60岁3个月", "62岁11个月", "60岁0个月", "0岁", "岁个月", "1岁12个月", "99999999999岁"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseAge(s)
		if err != nil {
			return
		}
		if !utf8.ValidString(s) || m < 0 || m > 150*12+11 {
			t.Fatalf("ParseAge(%q) = %d", s, m)
		}
		if got := FormatAge(m); got != s {
			t.Fatalf("ParseAge(%q) = %d, formats back as %q", s, m, got)
		}
	})
}

var sink Result

func BenchmarkStatutory(b *testing.B) {
	births := []yibao.Month{yibao.MonthOf(1960, 3), yibao.MonthOf(1968, 7), yibao.MonthOf(1978, 2), yibao.MonthOf(1990, 11)}
	cats := []Category{Male60, Female55, Female50}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sink = Statutory(births[i&3], cats[i%3])
		i++
	}
}
