package policy

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"yibao"
)

// Value shapes beyond one scalar (docs/policy-format.md):
//
//   - alternatives the person chooses between (统账结合 9% or 单建统筹 6.3%):
//     value: {options: [{name: 统账结合, en: ..., value: "9%", default: true}, ...]}
//   - a formula: a share of a named yuan parameter of a stated year, e.g. a
//     fixed base of 80% of the provincial average wage two years earlier:
//     value: {share: "80%", of: average_wage.provincial_yearly, year: -2, per_month: true}
//
// Tables keyed by the lapse's length are the month_tiers unit.

// Option is one named alternative of a parameter's value.
type Option struct {
	Name    string // as the policy text names it (zh), e.g. 单建统筹
	EN      string
	Value   Value
	Raw     string
	Default bool
	// Ages, when set, is the age group (whole years, To 0 = no upper bound)
	// the option is for: with a birth date in the case the engine picks it.
	AgeFrom, AgeTo int
	HasAges        bool
}

// ForAge returns the option whose age group contains age, if any.
func (v *Value) ForAge(age int) (*Option, bool) {
	for i := range v.Options {
		o := &v.Options[i]
		if o.HasAges && age >= o.AgeFrom && (o.AgeTo == 0 || age <= o.AgeTo) {
			return o, true
		}
	}
	return nil, false
}

// AllByAge reports whether every option is an age group (a birth date then
// decides alone; otherwise groups defined by other facts stay alternatives).
func (v *Value) AllByAge() bool {
	for _, o := range v.Options {
		if !o.HasAges {
			return false
		}
	}
	return len(v.Options) > 0
}

// Formula is share × the value of parameter Of in force on 1 January of
// the year (the read date's year + YearOffset), divided by 12 when PerMonth.
type Formula struct {
	Share      yibao.Rate
	Of         Param
	YearOffset int
	PerMonth   bool
}

// Year returns the year whose value of Of the formula reads, for date d.
func (f *Formula) Year(d yibao.Date) int { return d.Month().Year() + f.YearOffset }

// Apply computes the formula on the referenced value: the yearly product is
// rounded half-up to the fen, then (per month) divided by 12 and rounded
// half-up to the fen again — the rule is stated in docs/policy-format.md.
func (f *Formula) Apply(of yibao.Fen) (yibao.Fen, error) {
	fen := yibao.Rounding{Unit: yibao.ToFen, Mode: yibao.HalfUp}
	v, err := yibao.MulRateChecked(of, f.Share, 1, fen)
	if err != nil || !f.PerMonth {
		return v, err
	}
	q, rem := v/12, v%12
	if rem*2 >= 12 {
		q++
	}
	return q, nil
}

// Choose returns the option named name, or the default one.
func (v *Value) Choose(name string) (*Option, bool) {
	for i := range v.Options {
		if v.Options[i].Name == name {
			return &v.Options[i], true
		}
	}
	for i := range v.Options {
		if v.Options[i].Default {
			return &v.Options[i], false
		}
	}
	return nil, false
}

// parseShape reads a mapping value: options or a formula.
func parseShape(def Def, n *yamlNode, e *Entry) string {
	keys := map[string]*yamlNode{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		keys[n.Content[i].Value] = n.Content[i+1]
	}
	switch {
	case keys["options"] != nil:
		if len(keys) != 1 {
			return "an options value has only the key options"
		}
		return parseOptions(def, keys["options"], e)
	case keys["share"] != nil:
		return parseFormula(def, keys, e)
	}
	return fmt.Sprintf("want a single value for unit %s, {options: [...]} or {share, of, year, per_month}", def.Unit)
}

func parseOptions(def Def, n *yamlNode, e *Entry) string {
	switch def.Unit {
	case UnitRate, UnitYuan, UnitMonth, UnitDay, UnitEnum:
	default:
		return fmt.Sprintf("unit %s cannot have options", def.Unit)
	}
	if n.Kind != yaml.SequenceNode || len(n.Content) < 2 {
		return "options: want a list of at least two {name, en, value, default}"
	}
	var raws []string
	defaults := 0
	seen := map[string]bool{}
	for i, on := range n.Content {
		if on.Kind != yaml.MappingNode {
			return fmt.Sprintf("options[%d]: want {name, en, value, default}", i)
		}
		var o Option
		var val *yamlNode
		for j := 0; j+1 < len(on.Content); j += 2 {
			k, v := on.Content[j].Value, on.Content[j+1]
			switch k {
			case "name":
				o.Name = strings.TrimSpace(v.Value)
			case "en":
				o.EN = v.Value
			case "value":
				val = v
			case "default":
				if v.Value != "true" && v.Value != "false" {
					return fmt.Sprintf("options[%d].default: want true or false", i)
				}
				o.Default = v.Value == "true"
			case "ages":
				lo, hi, ok := strings.Cut(strings.TrimSpace(v.Value), "-")
				a, err1 := strconv.Atoi(lo)
				b, err2 := 0, error(nil)
				if hi != "" {
					b, err2 = strconv.Atoi(hi)
				}
				if !ok || err1 != nil || err2 != nil || a < 0 || (hi != "" && b < a) {
					return fmt.Sprintf("options[%d].ages: %q: want FROM-TO or FROM- in whole years, e.g. 18-59 or 70-", i, v.Value)
				}
				o.AgeFrom, o.AgeTo, o.HasAges = a, b, true
			default:
				return fmt.Sprintf("options[%d]: unknown key %q; allowed: name, en, value, default, ages", i, k)
			}
		}
		if o.Name == "" || o.EN == "" || val == nil {
			return fmt.Sprintf("options[%d]: name, en and value are required", i)
		}
		if seen[o.Name] {
			return fmt.Sprintf("options[%d]: the name %q is used twice", i, o.Name)
		}
		seen[o.Name] = true
		if val.Kind != scalarKind {
			return fmt.Sprintf("options[%d].value: want a single value for unit %s", i, def.Unit)
		}
		var oe Entry
		if msg := parseValue(def, val, &oe); msg != "" {
			return fmt.Sprintf("options[%d].value: %s", i, msg)
		}
		o.Value, o.Raw = oe.Value, oe.Raw
		if o.Default {
			defaults++
		}
		raw := o.Name + " " + o.Raw
		if o.Default {
			raw += "（默认）"
		}
		raws = append(raws, raw)
		e.Value.Options = append(e.Value.Options, o)
	}
	if defaults != 1 {
		return fmt.Sprintf("options: want exactly one default: true, got %d", defaults)
	}
	d, _ := e.Value.Choose("")
	opts := e.Value.Options
	e.Value = d.Value
	e.Value.Options = opts
	e.Raw = strings.Join(raws, "／")
	return ""
}

func parseFormula(def Def, keys map[string]*yamlNode, e *Entry) string {
	if def.Unit != UnitYuan {
		return fmt.Sprintf("unit %s cannot be a formula (only yuan)", def.Unit)
	}
	f := &Formula{}
	for k, v := range keys {
		switch k {
		case "share":
			r, err := yibao.ParseRate(v.Value)
			if err != nil {
				return "share: " + err.Error()
			}
			f.Share = r
		case "of":
			p, ok := ParamByID(v.Value)
			if !ok {
				return fmt.Sprintf("of: %q is not a parameter id", v.Value)
			}
			f.Of = p
		case "year":
			y, err := strconv.Atoi(v.Value)
			if err != nil || y > 0 || y < -10 {
				return fmt.Sprintf("year: %q: want the offset of the year read, 0 to -10 (e.g. -2 = two years earlier)", v.Value)
			}
			f.YearOffset = y
		case "per_month":
			if v.Value != "true" && v.Value != "false" {
				return "per_month: want true or false"
			}
			f.PerMonth = v.Value == "true"
		default:
			return fmt.Sprintf("unknown key %q; a formula has share, of, year and per_month", k)
		}
	}
	if keys["of"] == nil || keys["year"] == nil {
		return "a formula needs share, of and year"
	}
	e.Value.Formula = f
	e.Raw = f.Text(keys["of"].Value)
	return ""
}

// Text writes the formula for people, with the label of the value it reads
// (the loader passes the catalogue's zh label once it is known).
func (f *Formula) Text(of string) string {
	s := fmt.Sprintf("%s × %s（当年）", f.Share, of)
	if f.YearOffset != 0 {
		s = fmt.Sprintf("%s × %s（前%d年）", f.Share, of, -f.YearOffset)
	}
	if f.PerMonth {
		s += " ÷ 12"
	}
	return s
}
