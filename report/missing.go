package report

import (
	"strings"

	"yibao/engine"
)

// MissingText says in one sentence which headline figures are not encoded
// for the region and what to ask on its 12393 line — the caveat that
// matters, instead of a list of parameter ids. The parameter-level warnings
// stay in the answer's warnings. It is nil when nothing asked about is
// missing.
func MissingText(a *engine.Assessment, regionName, hotline string) *[2]string {
	return missingSentence(a.Warnings, func(p string) bool { return headline(a, p) }, regionName, a.Region.NameZH, a.Region.NameEN, a.AsOf.Month().Year(), hotline)
}

// MissingContribText is MissingText for the calculator: the figures that
// left the amount open, or a residents' standard taken from the national
// floor.
func MissingContribText(c *engine.Contribution, regionName string) *[2]string {
	hotline := "12393"
	if c.Region.AreaCode != "" {
		hotline = c.Region.AreaCode + "-12393"
	}
	keep := func(p string) bool {
		if p == "resident.contribution.individual" {
			return true
		}
		return !c.Known && p != "employee.waiting.mode" && p != "flexible.waiting.mode" && p != "employee.backpay_beyond_grace" && p != "flexible.first_enrolment.waiting.mode"
	}
	return missingSentence(c.Warnings, keep, regionName, c.Region.NameZH, c.Region.NameEN, c.Date.Month().Year(), hotline)
}

func missingSentence(ws []engine.Warning, keep func(string) bool, regionName, nameZH, nameEN string, y int, hotline string) *[2]string {
	var zh, en []string
	seen := map[string]bool{}
	for _, w := range ws {
		if w.Code != "not_encoded" && w.Code != "local_not_encoded" {
			continue
		}
		t, ok := catalogue["ask."+w.Param]
		if !ok || seen[t[0]] || !keep(w.Param) {
			continue
		}
		seen[t[0]] = true
		zh, en = append(zh, t[0]), append(en, t[1])
	}
	if len(zh) == 0 {
		return nil
	}
	name := regionName
	if name == "" {
		name = nameZH
	}
	z := Sprintf(ZH, "txt.missing", name, y, strings.Join(zh, "、"), hotline, nameEN, strings.Join(en, "; "))
	e := Sprintf(EN, "txt.missing", name, y, strings.Join(zh, "、"), hotline, nameEN, strings.Join(en, "; "))
	return &[2]string{z, e}
}

// headline reports whether a missing parameter decides something the answer
// states up front: the quote's amount or start, a residents' price.
func headline(a *engine.Assessment, param string) bool {
	q := a.Quote
	switch param {
	case "flexible.rate", "flexible.base.min", "flexible.base.max", "average_wage.provincial_yearly", "employee.rate.employer", "employee.rate.individual":
		return q != nil && q.Scheme != "resident" && !q.AmountKnown
	case "employee.waiting.mode", "flexible.waiting.mode":
		return q != nil && q.FirstCovered == nil && q.Scheme != "resident"
	case "employee.backpay_beyond_grace":
		return q != nil && q.Allowed == "unknown"
	case "flexible.first_enrolment.waiting.mode":
		return false // history: rarely what the person asks; the warning stays
	}
	return true
}

func itoa(n int) string {
	var b [12]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return string(b[i:])
}
