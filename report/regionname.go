package report

import (
	"strings"

	"yibao/policy"
	"yibao/region"
)

// RegionNameEN is a region's name in English text: the English names policy
// data gives along the registry chain, most specific first ("Luzhou,
// Sichuan", "Shanghai"). A division without an English name in policy data
// (a county, a region not encoded) keeps its official Chinese name: the
// registry on main has no pinyin. It returns "" for an unknown code.
func RegionNameEN(code string, snap *policy.Snapshot) string {
	en := map[string]string{}
	if snap != nil {
		for _, r := range snap.Regions() {
			if r.NameEN != "" {
				en[r.Code] = r.NameEN
			}
		}
	}
	var parts []string
	for _, r := range region.Default().Chain(code) {
		n := r.Name
		if e, ok := en[r.Code]; ok {
			n = e
		}
		if len(parts) > 0 && parts[len(parts)-1] == n {
			continue
		}
		parts = append(parts, n)
	}
	return strings.Join(parts, ", ")
}

// regionName picks the name text in l shows: the GB/T 2260 full name in
// Chinese, the English name in English (the Chinese one when it has none).
func regionName(zh, en string, l Lang) string {
	if l == EN && en != "" {
		return en
	}
	return zh
}
