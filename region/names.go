package region

import (
	"strings"
	"unicode/utf8"
)

// nameSuffixes are the administrative suffixes removed by ShortName, longest
// (most specific) first so that e.g. 自治区 wins over 区.
var nameSuffixes = []string{
	"特别行政区",
	"自治区", "自治州", "自治县", "自治旗",
	"地区", "特区", "矿区", "新区",
	"省", "市", "县", "区", "盟",
}

// irregularShort holds names whose short form the suffix rules get wrong:
// 林区 cannot be a general suffix because of 万柏林区 (short 万柏林).
var irregularShort = map[string]string{
	"神农架林区": "神农架",
}

// querySuffixes are extra colloquial suffixes accepted in queries only
// ("黔南州" for 黔南布依族苗族自治州). They are never stripped from official
// names because 州 and 旗 are usually part of the proper name (泸州, 正蓝旗).
var querySuffixes = []string{"州", "旗"}

// ethnicGroups lists the names of China's ethnic groups (without 族) as they
// appear in the names of autonomous areas. "各" covers 各族自治县 (龙胜, 隆林).
var ethnicGroups = []string{
	"蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗",
	"瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山",
	"拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌",
	"布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
	"乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
	"鄂伦春", "赫哲", "门巴", "珞巴", "基诺", "各",
}

// minBase is the minimum number of runes a name must keep after stripping a
// suffix: 泸县 stays 泸县, 城区 stays 城区.
const minBase = 2

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// ShortName returns the customary short form of an official division name:
// the administrative suffix and, for autonomous areas, the ethnic group names
// are removed. At least two characters are always kept.
//
//	四川省 → 四川, 泸州市 → 泸州, 黔南布依族苗族自治州 → 黔南,
//	广西壮族自治区 → 广西, 大兴安岭地区 → 大兴安岭, 泸县 → 泸县.
func ShortName(name string) string {
	s := strings.TrimSpace(name)
	if short, ok := irregularShort[s]; ok {
		return short
	}
	for _, suf := range nameSuffixes {
		base, ok := strings.CutSuffix(s, suf)
		if !ok || runeLen(base) < minBase {
			continue
		}
		if strings.HasPrefix(suf, "自治") || suf == "特别行政区" || strings.HasSuffix(base, "族") {
			base = stripEthnic(base)
		}
		return base
	}
	return s
}

// longestEthnicSuffix returns the longest ethnic group name s ends with.
func longestEthnicSuffix(s string) string {
	best := ""
	for _, e := range ethnicGroups {
		if len(e) > len(best) && strings.HasSuffix(s, e) {
			best = e
		}
	}
	return best
}

// stripEthnic removes trailing ethnic group names ("布依族苗族", "蒙古族藏族",
// or bare multi-character names such as "蒙古" in 博尔塔拉蒙古) while at
// least minBase runes remain.
func stripEthnic(s string) string {
	for {
		if t, ok := strings.CutSuffix(s, "族"); ok {
			e := longestEthnicSuffix(t)
			if e != "" && runeLen(t)-runeLen(e) >= minBase {
				s = t[:len(t)-len(e)]
				continue
			}
			if e == t && runeLen(t) >= minBase {
				return t // 东乡族 → 东乡, 鄂温克族 → 鄂温克
			}
		}
		if e := longestEthnicSuffix(s); runeLen(e) >= 2 && runeLen(s)-runeLen(e) >= minBase {
			s = s[:len(s)-len(e)]
			continue
		}
		return s
	}
}

// queryKeys returns the normalised forms of q (other than q itself) that are
// compared against short names, in order of preference.
func queryKeys(q string) []string {
	var keys []string
	add := func(k string) {
		if k == "" || k == q {
			return
		}
		for _, x := range keys {
			if x == k {
				return
			}
		}
		keys = append(keys, k)
	}
	short := ShortName(q)
	add(short)
	add(stripEthnic(q))
	add(stripEthnic(short))
	for _, base := range []string{q, short} {
		for _, suf := range querySuffixes {
			if b, ok := strings.CutSuffix(base, suf); ok && runeLen(b) >= minBase {
				add(b)
				add(stripEthnic(b))
			}
		}
	}
	return keys
}
