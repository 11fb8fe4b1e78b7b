package main

import (
	"strings"
	"testing"

	"yibao/policy"
)

func TestPolicyTooling(t *testing.T) {
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		want     []string // in stdout
		wantErr  []string // in stderr
		notWant  []string
		rowsWant int // lines in stdout, 0 = unchecked
	}{
		{name: "regions by name", args: []string{"regions", "黔南州"}, want: []string{"522700", "贵州省黔南布依族苗族自治州", "本地未编码"}},
		{name: "regions county resolves to pooling", args: []string{"regions", "泸县"}, want: []string{"510521", "510500 泸州市"}},
		{name: "regions unknown", args: []string{"regions", "泸洲"}, code: 1, wantErr: []string{"did you mean 泸州市 (510500)"}},
		{name: "regions encoded list", args: []string{"regions"}, want: []string{"310000", "620200", "市级 620200 → 省级 620000 → 国家 000000"}},
		{name: "show by name", args: []string{"policy", "show", "上海", "--as-of", "2026-11-22"},
			want:     []string{"上海市 310000", "flexible.waiting.months", "沪医保规〔2025〕7号", "official", "未编码 not encoded（地方规定 local）"},
			rowsWant: int(policy.NumParams) + 4},
		{name: "show needs as-of", args: []string{"policy", "show", "上海"}, code: 2, wantErr: []string{"--as-of YYYY-MM-DD is required"}},
		{name: "show unknown region", args: []string{"policy", "show", "泸洲", "--as-of", "2026-01-01"}, code: 2, wantErr: []string{"did you mean"}},
		{name: "coverage lists the seeds' regions", args: []string{"policy", "coverage", "--as-of", "2026-11-22"},
			want: []string{"贵州省黔南布依族苗族自治州 522700", "陕西省商洛市 611000", "四川省泸州市 510500", "甘肃省嘉峪关市 620200"}},
		{name: "coverage of named regions", args: []string{"policy", "coverage", "嘉峪关", "--as-of", "2026-01-01"}, want: []string{"620200  是 yes"}, notWant: []string{"510500"}},
		{name: "coverage names every bad region", args: []string{"policy", "coverage", "泸洲", "朝阳", "上海", "--as-of", "2026-01-01"}, code: 2,
			wantErr: []string{"泸洲: no region matches", "朝阳: \"朝阳\" names 4 regions"}},
		{name: "contrib lists every bad flag", args: []string{"contrib", "--region", "泸洲", "--scheme", "x"}, code: 2,
			wantErr: []string{"--region: no region matches", "--scheme: \"x\"", "--year: required"}},
		{name: "contrib rejects an absurd base", args: []string{"contrib", "--region", "310000", "--scheme", "flexible", "--year", "2025", "--base", "9999999999999.99"}, code: 2,
			wantErr: []string{"--base: 9999999999999.99 yuan is beyond any plausible monthly base (at most 10,000,000.00 yuan)"}},
		{name: "contrib rejects a base ParseYuan cannot hold", args: []string{"contrib", "--region", "310000", "--scheme", "flexible", "--year", "2025", "--base", "92233720368547758.07"}, code: 2,
			wantErr: []string{"--base: 92233720368547758.07 yuan is beyond any plausible monthly base"}},
		{name: "contrib rejects a base a fen over the bound", args: []string{"contrib", "--region", "310000", "--scheme", "flexible", "--year", "2025", "--base", "10000000.01"}, code: 2,
			wantErr: []string{"--base: 10000000.01 yuan is beyond any plausible monthly base"}},
		{name: "contrib at the base bound", args: []string{"contrib", "--region", "310000", "--scheme", "flexible", "--year", "2025", "--base", "10000000"},
			want: []string{"1,000,000.00 元/月，12,000,000.00 元/年"}},
		{name: "stale far in the future", args: []string{"policy", "stale", "--as-of", "2099-01-01"}, code: 1, want: []string{"policy/national.yaml:", "已过复核日期"}},
		{name: "diff a region with itself", args: []string{"policy", "diff", "上海", "310000", "--as-of", "2026-11-22"}, want: []string{"0 项不同"}},
		{name: "diff two regions", args: []string{"policy", "diff", "上海", "青岛", "--as-of", "2026-11-22"},
			want: []string{"flexible.waiting.months", "6（省级 310000）", "3（市级 370200）", "来源 source only"}},
		{name: "diff one region at two dates", args: []string{"policy", "diff", "甘肃@2025-06-01", "甘肃@2026-06-01"},
			want: []string{"resident.contribution.subsidy", "670（省级 620000）", "700（省级 620000）"}},
		{name: "diff needs dates", args: []string{"policy", "diff", "上海", "青岛"}, code: 2, wantErr: []string{"no date"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, "", tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, out, stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("stdout lacks %q:\n%s", w, out)
				}
			}
			for _, w := range tc.wantErr {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
			for _, w := range tc.notWant {
				if strings.Contains(out, w) {
					t.Errorf("stdout has %q", w)
				}
			}
			if tc.rowsWant > 0 {
				if n := strings.Count(out, "\n"); n != tc.rowsWant {
					t.Errorf("%d lines, want %d", n, tc.rowsWant)
				}
			}
		})
	}
}
