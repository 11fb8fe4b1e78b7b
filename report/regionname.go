package report

import (
	"strings"

	"yibao/engine"
	"yibao/policy"
	"yibao/region"
)

// RegionNameEN is a region's name in English text: the English names policy
// data gives along the registry chain, most specific first ("Luzhou,
// Sichuan", "Shanghai"). A division without an English name in policy data
// (a county, a region not encoded) is named by the registry's pinyin
// (region.NameEN: "Luxian"), and keeps its Chinese name only where the
// registry has none. It returns "" for an unknown code.
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
		} else if p := region.NameEN(r.Code); p != "" {
			n = p
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

// ParamValueText is a parameter's value as l's reader sees it. Chinese
// shows the value as policy data writes it (ValueText); English words the
// alternatives a person chooses between with their English names and a
// formula with the English label of the value it reads, which policy data
// writes in Chinese ("统账结合 9%（默认）／单建统筹 6.3%").
func ParamValueText(u *engine.ParamUse, snap *policy.Snapshot, l Lang) string {
	if l == ZH {
		return ValueText(u.Value(), l)
	}
	if opts := u.Options(); len(opts) > 0 {
		parts := make([]string, len(opts))
		for i, o := range opts {
			if o.EN != "" {
				parts[i] = Sprintf(l, "txt.option", o.Name, o.EN, o.Value)
			} else {
				parts[i] = o.Name + " " + o.Value
			}
			if o.Default {
				parts[i] += Msg("calc.default", l)
			}
		}
		return strings.Join(parts, Msg("txt.options_sep", l))
	}
	if f := u.Formula(); f != nil && snap != nil {
		of := snap.Def(f.Of).LabelEN
		s := Sprintf(l, "txt.formula", f.Share, of)
		if f.YearOffset != 0 {
			s = Sprintf(l, "txt.formula_earlier", f.Share, of, -f.YearOffset)
		}
		if f.PerMonth {
			s += Msg("txt.per_month", l)
		}
		return s
	}
	return ValueText(u.Value(), l)
}
