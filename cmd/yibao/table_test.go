package main

import (
	"strings"
	"testing"
)

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{
		"":                0,
		"abc":             3,
		"泸州":              4,
		"四川省泸州市 510500":   19,
		"（地方规定 local）":    18,
		"2025-11-07～2025": 16, // ～ is fullwidth
		"é":               1,  // e + combining acute
		"①":               1,  // ambiguous width: one column, as most terminals
	} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestTableAligns: every column starts at the same terminal column on every
// line, whatever mix of Chinese and ASCII the cells hold.
func TestTableAligns(t *testing.T) {
	tb := newTable("地区 region", "本地文件 own file", "值 value")
	tb.add("北京市 110000", "是 yes", "7546 元")
	tb.add("贵州省黔南布依族苗族自治州 522700", "否 no", "9%")
	tb.add("x", "y", "z")
	var b strings.Builder
	tb.write(&b)
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	starts := func(l string) []int {
		var out []int
		col, prevSpace := 0, 0
		for _, r := range l {
			if r != ' ' && prevSpace >= 2 {
				out = append(out, col)
			}
			if r == ' ' {
				prevSpace++
			} else {
				prevSpace = 0
			}
			col += runeWidth(r)
		}
		return out
	}
	want := starts(lines[0])
	if len(want) != 2 {
		t.Fatalf("header columns at %v", want)
	}
	for _, l := range lines[1:] {
		if got := starts(l); len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%q: columns at %v, want %v\n%s", l, got, want, b.String())
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("%q: trailing space", l)
		}
	}
}

func TestWrap(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want []string
	}{
		{"short", 10, []string{"short"}},
		{"a b c d e f", 5, []string{"a b c", "d e f"}},
		// Chinese breaks between characters, never before closing punctuation
		{"断缴超过3个月的，由统筹地区设置", 10, []string{"断缴超过", "3个月的，", "由统筹地区", "设置"}},
		// a URL or a date stays whole even past the width
		{"见 https://example.com/a/very/long/path 说明", 12, []string{"见", "https://example.com/a/very/long/path", "说明"}},
		{"2025-11-07～2025-12-25", 8, []string{"2025-11-07～", "2025-12-25"}}, // the range sign stays with the first date
		{"一\n二", 10, []string{"一", "二"}},
		// an opening bracket never ends a line
		{"须连续缴费（consecutive）", 12, []string{"须连续缴费", "（consecutive）"}},
	} {
		got := wrap(tc.in, tc.max)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		for _, l := range got {
			if displayWidth(l) > tc.max && len(wrap(l, tc.max)) > 1 { // only an unbreakable piece may be wider
				t.Errorf("wrap(%q, %d): %q is wider than %d", tc.in, tc.max, l, tc.max)
			}
		}
	}
}

// TestRegionsAligned: the regions table lines up its Chinese names.
func TestRegionsAligned(t *testing.T) {
	_, out, _ := runCLI(t, "", "regions")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	col := -1
	for _, l := range lines {
		i := strings.Index(l, "  ")
		rest := l[i:]
		j := i + len(rest) - len(strings.TrimLeft(rest, " "))
		// the second column starts at the same display column everywhere
		w := displayWidth(l[:j])
		if col >= 0 && w != col {
			t.Fatalf("column 2 at %d, want %d:\n%s", w, col, out)
		}
		col = w
	}
	if len(lines) < 10 {
		t.Fatalf("%d lines", len(lines))
	}
}
