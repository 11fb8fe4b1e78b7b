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
		{name: "regions by name", args: []string{"regions", "黔南州"}, want: []string{"522700", "贵州省黔南布依族苗族自治州", "本地未收录"}},
		{name: "regions county resolves to pooling", args: []string{"regions", "泸县"}, want: []string{"510521", "510500 泸州市"}},
		{name: "regions unknown", args: []string{"regions", "泸洲"}, code: 1, wantErr: []string{"did you mean 泸州市 (510500)"}},
		{name: "regions encoded list", args: []string{"regions"}, want: []string{"310000", "620200", "市级 620200 → 省级 620000 → 国家 000000"}},
		{name: "show by name", args: []string{"policy", "show", "上海", "--as-of", "2026-11-22"},
			want: []string{"上海市 310000", "测算日 as of 2026-11-22\n", "flexible.waiting.months", "沪医保规〔2025〕7号", "官方原文 official", "未收录 not encoded",
				"（地方规定）(local rule)", "6 个月", "依据 sources:\n[1] "},
			notWant: []string{"未指定 --as-of"}},
		{name: "show defaults as-of to today in China", args: []string{"policy", "show", "上海"}, want: []string{"未指定 --as-of，按北京时间今天"}},
		{name: "show with a bad as-of", args: []string{"policy", "show", "上海", "--as-of", "2026-02-30"}, code: 2, wantErr: []string{"--as-of: "}},
		{name: "show wants one region", args: []string{"policy", "show"}, code: 2, wantErr: []string{"want one region, got 0", "用法 usage: yibao policy show REGION"}},
		{name: "show unknown region", args: []string{"policy", "show", "泸洲", "--as-of", "2026-01-01"}, code: 2, wantErr: []string{"did you mean"}},
		{name: "coverage lists the seeds' regions", args: []string{"policy", "coverage", "--as-of", "2026-11-22"},
			want: []string{"贵州省黔南布依族苗族自治州 522700", "陕西省商洛市 611000", "四川省泸州市 510500", "甘肃省嘉峪关市 620200"}},
		{name: "coverage of named regions", args: []string{"policy", "coverage", "嘉峪关", "--as-of", "2026-01-01"}, want: []string{"620200  是 yes"}, notWant: []string{"510500"}},
		{name: "coverage names every bad region", args: []string{"policy", "coverage", "泸洲", "朝阳", "上海", "--as-of", "2026-01-01"}, code: 2,
			wantErr: []string{"泸洲: no region matches", "朝阳: \"朝阳\" names 4 regions"}},
		{name: "contrib lists every bad flag", args: []string{"contrib", "--region", "泸洲", "--scheme", "x"}, code: 2,
			wantErr: []string{"--region: no region matches", "--scheme: \"x\""}},
		{name: "contrib checks the year", args: []string{"contrib", "--region", "泸州", "--scheme", "flexible", "--year", "1800"}, code: 2,
			wantErr: []string{"--year: 1800: want a year between 1990 and 2100"}},
		{name: "contrib defaults the year to the as-of year", args: []string{"contrib", "--region", "310000", "--scheme", "flexible", "--as-of", "2025-03-01"},
			want: []string{"测算日 as of 2025-03-01 → --year 2025", "按 2025-07-01 适用的规定"}},
		{name: "contrib defaults the year to this year in China", args: []string{"contrib", "--region", "310000", "--scheme", "resident"},
			want: []string{"未指定 --as-of，按北京时间今天"}},
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
			want: []string{"flexible.waiting.months", "6 个月", "（直辖市 310000）", "3 个月", "（市级 370200）", "来源 source only"}},
		{name: "diff one region at two dates", args: []string{"policy", "diff", "甘肃@2025-06-01", "甘肃@2026-06-01"},
			want: []string{"resident.contribution.subsidy", "670 元", "700 元", "（省级 620000）", "A = 甘肃省 620000 @2025-06-01"}, notWant: []string{"测算日"}},
		{name: "diff defaults the date to today", args: []string{"policy", "diff", "上海", "青岛"}, want: []string{"未指定 --as-of，按北京时间今天"}},
		{name: "diff names every bad side", args: []string{"policy", "diff", "泸洲@2025-01-01", "上海@2025-02-30"}, code: 2,
			wantErr: []string{"泸洲@2025-01-01: no region matches", "上海@2025-02-30: "}},
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

// TestShowEveryParameterReadable: for every encoded region, `policy show`
// lists each catalogue parameter once, every value carries its unit, and
// no line is wider than 150 terminal columns (wide characters count two).
func TestShowEveryParameterReadable(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	codes := []string{"000000"}
	for _, r := range snap.Regions() {
		codes = append(codes, r.Code)
	}
	for _, code := range codes {
		if code == "000000" {
			continue // national: no region to resolve; its values appear under every region
		}
		code1, out, stderr := runCLI(t, "", "policy", "show", code, "--as-of", "2026-11-22")
		if code1 != 0 {
			t.Fatalf("%s: exit %d: %s", code, code1, stderr)
		}
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			if w := displayWidth(l); w > 150 {
				t.Errorf("%s line %d is %d columns wide: %s", code, i+1, w, l)
			}
		}
		for p := policy.Param(0); p < policy.NumParams; p++ {
			def := snap.Def(p)
			n := 0
			for _, l := range lines {
				if strings.HasPrefix(l, def.ID+" ") {
					n++
					checkUnit(t, code, def, l)
				}
			}
			if n != 1 {
				t.Errorf("%s: %s on %d rows, want 1", code, def.ID, n)
			}
		}
	}
}

// checkUnit fails when a row's value lacks the unit its parameter has.
func checkUnit(t *testing.T, code string, def *policy.Def, row string) {
	t.Helper()
	if strings.Contains(row, "未收录 not encoded") || strings.Contains(row, "不适用 n/a") {
		return
	}
	want := map[policy.Unit]string{policy.UnitMonth: " 个月", policy.UnitDay: " 天", policy.UnitYear: " 年", policy.UnitYuan: "元",
		policy.UnitRate: "%", policy.UnitBool: "yes", policy.UnitTiers: " 个月"}[def.Unit]
	if def.Unit == policy.UnitBool && strings.Contains(row, "否 no") {
		return
	}
	if want != "" && !strings.Contains(row, want) {
		t.Errorf("%s: %s (%s) shows no %q: %s", code, def.ID, def.Unit, want, row)
	}
}
