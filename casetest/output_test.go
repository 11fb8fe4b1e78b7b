package casetest

import (
	"fmt"
	"strings"
	"testing"
)

// sc01 is SC-01 (examples/luzhou-freelancer.yaml): 泸州, employer-paid until
// 2024-12, three months lapsed, asking on 2025-04-15. Its answer has two
// timeline ranges (covered, suspended), one open lapse of 3 months and a
// quote first covered on 2025-01-01 at 542.00 a month (统账结合, the default;
// 单建统筹 379.00 side by side); the plan offers backpay_flexible (单建统筹,
// min) and resident_now.
const sc01 = `    case:
      region: "510500"
      as_of: 2025-04-15
      person: {birth: 1987-03-10, sex: male}
      ledger:
        - {from: 2015-01, to: 2024-12, scheme: employee, status: paid, base_fen: 600000}
      events:
        - {kind: job_ended, date: 2024-12-31}
`

func oneCase(expect string) []byte {
	return []byte("cases:\n  - name: t\n    source: test\n" + sc01 + "    expect:\n" + expect)
}

// lineOf returns the 1-based line of the first line of src containing s.
func lineOf(t *testing.T, src []byte, s string) int {
	t.Helper()
	for i, l := range strings.Split(string(src), "\n") {
		if strings.Contains(l, s) {
			return i + 1
		}
	}
	t.Fatalf("%q not in the source", s)
	return 0
}

func TestOutputPasses(t *testing.T) {
	src := oneCase(`      output:
        region.known: true
        as_of: 2025-04-15
        quote.first_covered_date: 2025-01-01
        quote.first_covered_month: 2025-01
        quote.amount_known: true
        quote.total_fen: 216800
        timeline.ranges[0].status: covered
        timeline.ranges[-1].status: suspended
        timeline.ranges:
          - {from: 2015-01, to: 2024-12, status: covered}
          - {status: suspended}
        lapses[open=true].months: 3
        lapses[open=true,cause=job_ended]: {from: 2025-01, to: 2025-03, back_paid: false}
        lapses[*].open: true
        counters: {cumulative_months: 120}
        params[id=employee.grace_months].level: national
        params[id=employee.grace_months].value: "3"
        params[id="employee.grace_months"].cite.doc_no: 医保办发〔2021〕43号
        reasons[code=quote.within_grace].args.date: 2025-04-30
        quote.resident_options[year=2025].price_fen: 40000
        plan.options[kind=backpay_flexible,variant=min].rank: 2
        plan.options[kind=resident_now,variant=2025].first_covered_date: 2025-04-01
        plan.options[0].kind: backpay_flexible
        plan.assessment.quote.deadline: 2025-04-30
        plan.retirement.month: 2050-03
`)
	src = append(src, `  - name: contrib
    source: test
    contrib: {region: 上海, scheme: flexible, date: 2026-07-01}
    expect:
      output:
        known: true
        base: {base_fen: 754600, min_fen: 754600, max_fen: 3773100}
        individual_monthly_fen: 75460
        params[id=flexible.base.min].level: province
`...)
	rs := newRunner(t).RunFile("x.yaml", src)
	if len(rs) != 2 {
		t.Fatalf("got %+v", rs)
	}
	for _, r := range rs {
		for _, f := range r.Fails {
			t.Errorf("%s: %s", r.Name, f)
		}
	}
}

// TestOutputFailures: each wrong assertion fails alone, at its own line,
// saying what was wanted, what came out and, for a path that does not
// resolve, which segment and what is there instead.
func TestOutputFailures(t *testing.T) {
	for _, tc := range []struct {
		entry string
		want  []string // in the failure message
	}{
		{`quote.first_covered_date: 2025-02-01`,
			[]string{`output quote.first_covered_date: want "2025-02-01", got text "2025-01-01"`}},
		{`quote.first_covred_date: 2025-01-01`,
			[]string{`output quote.first_covred_date: quote has no key "first_covred_date"; its keys: allowed, `, `(did you mean "first_covered_date"?)`}},
		{`quotes.total_fen: 0`,
			[]string{`output quotes: the answer has no key "quotes"; its keys: `, "as_of", "timeline"}},
		// a selector that matches nothing lists what the elements have
		{`lapses[open=false].months: 3`,
			[]string{`output lapses[open=false]: no element of lapses matches open=false; its 1 element(s): [open=true]`}},
		{`plan.options[kind=wait,variant=min].rank: 1`,
			[]string{`output plan.options[kind=wait,variant=min]: no element of plan.options matches kind=wait,variant=min; its 3 element(s): [kind="backpay_flexible",variant="单建统筹"] [kind="backpay_flexible",variant="min"] [kind="resident_now",variant="2025"]`}},
		{`params[idd=employee.grace_months].level: national`,
			[]string{`no element of params matches idd=employee.grace_months`, `[idd missing]`}},
		// index out of range
		{`timeline.ranges[5].status: covered`,
			[]string{`output timeline.ranges[5]: index 5 out of range: timeline.ranges has 2 element(s)`}},
		{`timeline.ranges[-3].status: covered`,
			[]string{`index -3 out of range: timeline.ranges has 2 element(s)`}},
		// type mismatches
		{`quote.total_fen: "216800"`,
			[]string{`output quote.total_fen: want "216800", got number 216800 (the answer has a number here: write it without quotes)`}},
		{`params[id=employee.grace_months].value: 3`,
			[]string{`output params[id=employee.grace_months].value: want 3, got text "3" (the answer has text here: quote it, "3")`}},
		{`quote.gap_covered: "true"`,
			[]string{`want "true", got boolean true (the answer has a boolean here`}},
		{`quote.gap_covered: 1`,
			[]string{`want 1, got boolean true`}},
		{`quote.base_fen: null`,
			[]string{`want null, got number 601467`}},
		{`timeline.ranges.status: covered`,
			[]string{`output timeline.ranges.status: timeline.ranges is an array of 2: [{"from":"2015-01"`, `not an object with key "status" (pick an element with [N], [key=value] or [*])`}},
		{`quote.deadline[0]: x`,
			[]string{`output quote.deadline[0]: quote.deadline is text "2025-04-30", not an array`}},
		{`counters: 120`,
			[]string{`output counters: want 120, got an object: {"continuous_months":0,"cumulative_months":120`}},
		// structure: a mapping checks the keys listed, a sequence its length and elements
		{`quote: {scheme: employee, allowed: "yes"}`,
			[]string{`output quote.scheme: want "employee", got text "flexible"`}},
		{`quote: {schema: flexible}`,
			[]string{`output quote.schema: quote has no key "schema"`}},
		{`timeline.ranges: [{status: covered}]`,
			[]string{`output timeline.ranges: want 1 element(s), got 2: [{"from":"2015-01"`}},
		{`timeline.ranges: [{status: covered}, {status: covered}]`,
			[]string{`output timeline.ranges[1].status: want "covered", got text "suspended"`}},
		{`timeline.ranges[*].status: covered`,
			[]string{`output timeline.ranges[1].status: want "covered", got text "suspended"`}},
		{`bills[*].status: covered`,
			[]string{`output bills: the answer has no key "bills"; its keys: as_of, counters,`}},
		{`plan.retirement.month: 2049-03`,
			[]string{`output plan.retirement.month: want "2049-03", got text "2050-03"`}},
	} {
		src := oneCase("      reasons: [quote.cover]\n      output:\n        " + tc.entry + "\n")
		rs := newRunner(t).RunFile("x.yaml", src)
		if len(rs) != 1 || len(rs[0].Fails) != 1 {
			t.Errorf("%s: want one failure, got %+v", tc.entry, rs)
			continue
		}
		got := rs[0].Fails[0]
		prefix := fmt.Sprintf("x.yaml:%d: output ", lineOf(t, src, tc.entry))
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("%s: want the entry's file:line %q first, got %q", tc.entry, prefix, got)
		}
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s:\n got  %s\n want %s", tc.entry, got, w)
			}
		}
	}
}

// TestOutputLoadErrors: a malformed path, or output where there is no answer
// to read, is an error when the file loads, at the entry's line; unknown
// keys in expect stay errors.
func TestOutputLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		expect string
		at     string // the line of the error holds this
		want   string
	}{
		{"      output:\n        quote..deadline: 2025-04-30\n", "quote..deadline", `malformed path "quote..deadline" at character 7: want a key, got '.'`},
		{"      output:\n        lapses[open=true.months: 3\n", "lapses[open", "no closing ]"},
		{"      output:\n        lapses[].months: 3\n", "lapses[]", "empty brackets"},
		{"      output:\n        lapses[first].months: 3\n", "lapses[first]", "want an index (0, 1, …, -1 for the last), * or key=value"},
		{"      output:\n        lapses[open=].months: 3\n", "lapses[open=]", `open= has no value (write "" for the empty string)`},
		{"      output:\n        lapses[open=true,].months: 3\n", "lapses[open=true,]", "trailing comma"},
		{"      output:\n        lapses[0]months: 3\n", "lapses[0]months", `want . or [ after "lapses[0]", got 'm'`},
		{"      output:\n        quote.deadline: 2025-04-30\n        quote.deadline: 2025-04-29\n", "quote.deadline: 2025-04-29", `path "quote.deadline" is already given at line 14`},
		{"      output: [quote.deadline]\n", "output:", "want a mapping of path: expected value"},
		{"      outptu:\n        quote.deadline: 2025-04-30\n", "outptu", `unknown field "outptu"`},
	} {
		src := oneCase(tc.expect)
		rs := newRunner(t).RunFile("x.yaml", src)
		line := lineOf(t, src, tc.at)
		if len(rs) != 1 || rs[0].Name != "(file)" || len(rs[0].Fails) != 1 {
			t.Errorf("%s: want one load error, got %+v", tc.expect, rs)
			continue
		}
		if rs[0].Line != line || !strings.Contains(rs[0].Fails[0], tc.want) || !strings.HasPrefix(rs[0].Fails[0], fmt.Sprint(line, ":")) {
			t.Errorf("%s: want line %d and %q, got line %d: %s", tc.expect, line, tc.want, rs[0].Line, rs[0].Fails[0])
		}
	}
	// a plan. path in a contrib case, output on a case meant to be invalid
	src := []byte(`cases:
  - name: contrib
    source: test
    contrib: {region: 上海, scheme: flexible, date: 2026-07-01}
    expect:
      output:
        plan.rule: x
  - name: invalid
    source: test
    input: "region: 泸州\n"
    expect:
      errors: [as_of]
      output:
        as_of: 2025-04-15
`)
	rs := newRunner(t).RunFile("x.yaml", src)
	if len(rs) != 2 || !strings.Contains(rs[0].Fails[0], "7:9: cases[0].expect.output.plan.rule: a contrib case has no plan answer") ||
		!strings.Contains(rs[1].Fails[0], "14:9: cases[1].expect.output: the case is expected to be invalid") {
		t.Errorf("got %+v", rs)
	}
}

func TestParsePath(t *testing.T) {
	for in, want := range map[string]string{
		"quote.first_covered_date":                        ".quote.first_covered_date",
		"timeline.ranges[0].status":                       ".timeline.ranges[0].status",
		"timeline.ranges[-1]":                             ".timeline.ranges[-1]",
		"lapses[*].open":                                  ".lapses[*].open",
		"plan.options[kind=backpay_flexible,variant=min]": ".plan.options[kind=backpay_flexible,variant=min]",
		`params[id="a,b]"].level`:                         `.params[id="a,b]"].level`,
		`reasons[args.month=2025-01].code`:                ".reasons[args.month=2025-01].code",
		`bills[note=""]`:                                  `.bills[note=""]`,
	} {
		segs, err := parsePath(in)
		if err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		var b strings.Builder
		for _, s := range segs {
			b.WriteString(s.String())
		}
		if b.String() != want {
			t.Errorf("%s: parsed as %s", in, b.String())
		}
	}
}
