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
	var zh, en []string
	seen := map[string]bool{}
	for _, w := range a.Warnings {
		if w.Code != "not_encoded" && w.Code != "local_not_encoded" {
			continue
		}
		t, ok := askFor[w.Param]
		if !ok || seen[t[0]] || !headline(a, w.Param) {
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
		name = a.Region.NameZH
	}
	y := a.AsOf.Month().Year()
	z := name + itoa(y) + "年的" + strings.Join(zh, "、") + "未收录（按国家规定或无法测算）：请拨打 " + hotline + " 询问“" + strings.Join(zh, "、") + "”。"
	e := "Not encoded for " + a.Region.NameEN + " in " + itoa(y) + ": " + strings.Join(en, "; ") + " (national rules used, or no figure) — call " + hotline + " and ask for " + strings.Join(en, "; ") + "."
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
