// Package caseio reads a case file (YAML or JSON, one schema) into a
// yibao.Case, strictly: every problem is reported with its line and path.
package caseio

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"yibao"
	"yibao/internal/strictyaml"
	"yibao/region"
)

// Error is one problem in a case file.
type Error = strictyaml.Error

// Errors lists every problem in a case file, in document order.
type Errors = strictyaml.Errors

// MaxErrors is how many errors are listed; the rest are counted. The caps on
// a case's lists are `max:"N"` tags on yibao.Case (ledger 2000 rows,
// resident_years 100, events 200, bills 1000: a 40-year monthly ledger is 480
// rows), enforced while decoding so an oversized list is never read.
const MaxErrors = 100

// Parse decodes and validates a case. src is UTF-8 (a byte order mark is
// dropped; other encodings go through Decode first): bytes that are not
// UTF-8 are one error at the first of them, saying what the file looks like
// and how to send it. On failure the error is Errors.
func Parse(src []byte) (*yibao.Case, error) {
	src, err := Decode(src, "utf-8")
	if err != nil {
		return nil, err
	}
	if es := CheckShape(src); es != nil {
		return nil, es
	}
	var c yibao.Case
	pos, err := strictyaml.Decode(src, &c)
	var es Errors
	if err != nil {
		es = err.(strictyaml.Errors)
		if len(es) == 1 && es[0].Path == "" {
			return nil, es // syntax error or empty document: nothing was decoded
		}
	}
	// check the facts too, except where a field already failed to decode
	decoded := newCover(es)
	if decoded.covers("as_of") {
		c.AsOf = yibao.DateOf(2199, 12, 31) // unknown: skip the checks against it
	}
	listFailed := decoded.paths["ledger"] || decoded.paths["resident_years"]
	for _, v := range Validate(&c, pos) {
		if !decoded.covers(v.Path) && !(v.Path == "" && listFailed) { // "nothing to assess" after a refused list says nothing new
			es = append(es, v)
		}
	}
	if len(es) > 0 {
		sort.SliceStable(es, func(i, j int) bool {
			if es[i].Line != es[j].Line {
				return es[i].Line < es[j].Line
			}
			return es[i].Col < es[j].Col
		})
		if len(es) > MaxErrors {
			more := len(es) - MaxErrors
			const format = "… and %d more error(s) not listed (at most %d are listed); fix these first"
			es = append(es[:MaxErrors:MaxErrors], Error{Line: es[MaxErrors].Line, Col: es[MaxErrors].Col,
				Msg: fmt.Sprintf(format, more, MaxErrors), Format: format, Args: []any{more, MaxErrors}})
		}
		return nil, es
	}
	return &c, nil
}

// cover is the set of items and paths that already failed to decode, so a
// follow-on fact error about them (e.g. "ledger[1].to" after "ledger[1]"
// failed) is not reported twice. Lookups are constant time: a case with many
// bad rows is checked in linear time.
type cover struct{ items, paths map[string]bool }

func newCover(es Errors) cover {
	c := cover{items: make(map[string]bool, len(es)), paths: make(map[string]bool, len(es))}
	for _, e := range es {
		c.items[itemOf(e.Path)] = true
		c.paths[e.Path] = true
	}
	return c
}

func (c cover) covers(path string) bool { return c.items[itemOf(path)] || c.paths[path] }

func itemOf(path string) string {
	if i := strings.IndexByte(path, ']'); i >= 0 {
		return path[:i+1]
	}
	if i := strings.IndexByte(path, '.'); i >= 0 {
		return path[:i]
	}
	return path
}

// Validate checks the facts of a decoded case: codes, date order, overlaps.
// pos may be nil (positions are then reported as line 0).
func Validate(c *yibao.Case, pos strictyaml.Positions) Errors {
	if pos == nil {
		pos = strictyaml.Positions{}
	}
	var es Errors
	add := func(path, format string, args ...any) { es = append(es, pos.At(path, format, args...)) }
	// beyond reports an amount past its sanity bound (yibao.MaxMonthlyBaseFen,
	// yibao.MaxBillFen): not a legal limit, a guard against absurd input.
	beyond := func(path string, f, limit yibao.Fen, what string) {
		if f > limit {
			add(path, "%d fen is beyond any plausible %s (at most %d fen = %s yuan)", f, what, limit, limit.Grouped())
		}
	}
	if c.Region != "" && !allDigits(c.Region) {
		// A name (泸州, 嘉峪关市, 黔南州, 四川泸州) resolves to its code when it is unambiguous.
		r, err := region.Default().Resolve(c.Region)
		var nf *region.NotFoundError
		var amb *region.AmbiguousError
		switch {
		case err == nil:
			c.Region = r.Code
		case errors.As(err, &nf) && len(nf.Suggestions) > 0:
			add("region", "no region matches %q; did you mean %s? Write a name such as \"泸州\" or the six-digit GB/T 2260 code such as \"510500\"", nf.Query, regionList(nf.Suggestions))
		case errors.As(err, &nf):
			add("region", "no region matches %q; write a name such as \"泸州\" or the six-digit GB/T 2260 code such as \"510500\"", nf.Query)
		case errors.As(err, &amb):
			add("region", "%q names %d regions: %s; write the city or county in full, or the six-digit GB/T 2260 code", amb.Query, len(amb.Candidates), regionList(amb.Candidates))
		default:
			add("region", "%s; write a name such as \"泸州\" or the six-digit GB/T 2260 code such as \"510500\"", strings.TrimPrefix(err.Error(), "region: "))
		}
	} else if len(c.Region) != 6 {
		add("region", "%q is not a region code: want the six-digit GB/T 2260 code, e.g. \"510500\" for 泸州市", c.Region)
	} else if _, ok := region.Default().ByCode(c.Region); !ok {
		var nf *region.NotFoundError
		if _, err := region.Default().Lookup(c.Region); errors.As(err, &nf) && len(nf.Suggestions) > 0 {
			add("region", "%s is not a GB/T 2260 region code; did you mean %s?", c.Region, regionList(nf.Suggestions))
		} else {
			add("region", "%s is not a GB/T 2260 region code", c.Region)
		}
	}
	if len(c.Ledger) == 0 && len(c.ResidentYears) == 0 {
		add("", "nothing to assess: give a ledger (employee or flexible months) or resident_years")
	}
	type span struct {
		from, to yibao.Month
		i        int
	}
	var spans []span
	for i, row := range c.Ledger {
		p := fmt.Sprintf("ledger[%d]", i)
		if row.To < row.From {
			add(p+".to", "to %s is before from %s", row.To, row.From)
		}
		if row.Scheme == yibao.Resident {
			add(p+".scheme", "residents' insurance is paid per year: list it under resident_years, not in the ledger")
		}
		if row.BaseFen < 0 {
			add(p+".base_fen", "must not be negative")
		}
		beyond(p+".base_fen", row.BaseFen, yibao.MaxMonthlyBaseFen, "monthly base")
		if row.Due != nil {
			if row.Status == yibao.None {
				add(p+".due", "a month not enrolled has nothing due (status is none)")
			}
			if *row.Due < row.From.First() || row.Due.Month() > row.From.Add(12) {
				add(p+".due", "%s is not a due date for %s: want a day from %s to 12 months later", row.Due, row.From, row.From.First())
			}
		}
		if row.PaidOn != nil {
			if row.Status != yibao.Paid {
				add(p+".paid_on", "only a paid row has a payment date (status is %s)", row.Status)
			}
			if *row.PaidOn > c.AsOf {
				add(p+".paid_on", "%s is after as_of %s: a payment cannot be in the future", row.PaidOn, c.AsOf)
			}
			if row.PaidOn.Month() < row.From.Add(-12) {
				add(p+".paid_on", "%s is more than a year before the months it pays for", row.PaidOn)
			}
		}
		if row.From > c.AsOf.Month().Add(12) {
			add(p+".from", "%s is more than 12 months after as_of", row.From)
		}
		spans = append(spans, span{row.From, row.To, i})
	}
	sort.Slice(spans, func(a, b int) bool { return spans[a].from < spans[b].from })
	for k := 1; k < len(spans); k++ {
		if prev, cur := spans[k-1], spans[k]; cur.from <= prev.to {
			add(fmt.Sprintf("ledger[%d].from", cur.i), "months %s..%s overlap ledger[%d] (%s..%s): each month may appear once", cur.from, cur.to, prev.i, prev.from, prev.to)
		}
	}
	seen := map[int]int{}
	for i, ry := range c.ResidentYears {
		p := fmt.Sprintf("resident_years[%d]", i)
		if ry.Year < 1998 || ry.Year > c.AsOf.Month().Year()+1 {
			add(p+".year", "%d is not a coverage year between 1998 and the year after as_of", ry.Year)
		}
		if j, dup := seen[ry.Year]; dup {
			add(p+".year", "year %d is already listed at resident_years[%d]", ry.Year, j)
		}
		seen[ry.Year] = i
		if ry.PaidOn > c.AsOf {
			add(p+".paid_on", "%s is after as_of %s: a payment cannot be in the future", ry.PaidOn, c.AsOf)
		}
		if ry.PaidOn.Month().Year() > ry.Year {
			add(p+".paid_on", "%s is after the coverage year %d ended", ry.PaidOn, ry.Year)
		}
		if ry.PaidOn.Month().Year() < ry.Year-1 {
			add(p+".paid_on", "%s is more than a year before the coverage year %d", ry.PaidOn, ry.Year)
		}
		if ry.RepairYears < 0 || ry.RepairYears > 30 {
			add(p+".repair_years", "want 0..30 years, got %d", ry.RepairYears)
		}
	}
	for i, ev := range c.Events {
		p := fmt.Sprintf("events[%d]", i)
		if ev.Kind == yibao.TransferIn && (len(ev.From) != 6 || !allDigits(ev.From)) {
			add(p+".from", "a transfer needs the six-digit code of the region it came from")
		}
		if ev.Kind != yibao.TransferIn && ev.From != "" {
			add(p+".from", "only transfer_in has a from region")
		}
		if ev.Date > c.AsOf {
			add(p+".date", "%s is after as_of %s", ev.Date, c.AsOf)
		}
	}
	for i, b := range c.Bills {
		if b.AmountFen <= 0 {
			add(fmt.Sprintf("bills[%d].amount_fen", i), "want a positive amount in fen, got %d", b.AmountFen)
		}
		beyond(fmt.Sprintf("bills[%d].amount_fen", i), b.AmountFen, yibao.MaxBillFen, "bill")
	}
	if c.Person != nil && c.Person.Birth != nil && *c.Person.Birth > c.AsOf {
		add("person.birth", "%s is after as_of %s", c.Person.Birth, c.AsOf)
	}
	if q := c.Quote; q != nil {
		if q.BaseFen < 0 {
			add("quote.base_fen", "must not be negative")
		}
		beyond("quote.base_fen", q.BaseFen, yibao.MaxMonthlyBaseFen, "monthly base")
	}
	if pl := c.Plan; pl != nil {
		if pl.BaseFen < 0 {
			add("plan.base_fen", "must not be negative")
		}
		beyond("plan.base_fen", pl.BaseFen, yibao.MaxMonthlyBaseFen, "monthly base")
		if pl.MonthlySpendFen < 0 {
			add("plan.monthly_spend_fen", "must not be negative")
		}
		beyond("plan.monthly_spend_fen", pl.MonthlySpendFen, yibao.MaxBillFen, "monthly medical spending")
	}
	return es
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// CheckShape runs the checks made before a case is decoded, each in linear
// time: list caps of a JSON case (CheckJSONLists), the size of a YAML case
// (CheckYAMLSize) and one document per input. Its errors are about the
// input's form, not the facts of a case (an API answers them 400).
func CheckShape(src []byte) Errors {
	if es := CheckJSONLists(src); es != nil {
		return es
	}
	if es := CheckYAMLSize(src); es != nil {
		return es
	}
	return oneDocument(src)
}

// oneDocument refuses a YAML input of more than one document ("---"
// between cases): the decoder would read the first and drop the rest
// without a word. The CLI splits such an input with Documents and answers
// each document; a request body is one case.
func oneDocument(src []byte) Errors {
	if isJSON(src) {
		return nil // a second JSON text is a syntax error of the first
	}
	var docs []Document
	for _, d := range splitYAML(src) {
		if !blankYAML(d.Src) {
			docs = append(docs, d)
		}
	}
	if len(docs) < 2 {
		return nil
	}
	const format = "%d documents in one input: a case is one document; send one case at a time (the CLI answers each document of a file in turn; for many persons use yibao batch)"
	return Errors{{Line: docs[1].Line, Col: docs[1].Col, Msg: fmt.Sprintf(format, len(docs)), Format: format, Args: []any{len(docs)}}}
}

// regionList names regions for an error, in any language: "泸州市 (510500),
// 泸县 (510521)", at most five.
func regionList(rs []region.Region) string {
	var b strings.Builder
	for i, r := range rs {
		if i == 5 {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", r.Name, r.Code)
	}
	return b.String()
}
