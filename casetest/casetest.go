// Package casetest runs YAML test cases that a policy analyst can write:
// a case (the same schema as `yibao assess`) and the answers expected of it.
// Failures are reported as file:line with what was wanted and what came out.
package casetest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"yibao"
	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/internal/strictyaml"
	"yibao/policy"
	"yibao/report"
)

// File is one case file: a list of cases, and optionally draft rules.
type File struct {
	// Draft holds what-if region files (the policy/data/regions format,
	// every value cited with confidence draft): the file's cases run on
	// the policy data with each draft replacing the region file of its
	// code. An analyst sees what a proposed or not yet encoded rule would
	// answer without touching policy/data, where draft values are refused
	// (policy.Lint).
	Draft []yaml.Node `json:"draft,omitempty"`
	Cases []Case      `json:"cases"`
}

// Case is one test case.
type Case struct {
	Name    string       `json:"name"`
	Source  string       `json:"source"`
	Note    string       `json:"note,omitempty"`
	Case    yaml.Node    `json:"case,omitempty"`
	Input   string       `json:"input,omitempty"`
	Contrib *ContribCase `json:"contrib,omitempty"`
	Expect  Expect       `json:"expect"`
}

// ContribCase asks the contribution calculator (yibao contrib).
type ContribCase struct {
	Region  string       `json:"region"`
	Scheme  yibao.Scheme `json:"scheme"`
	Date    yibao.Date   `json:"date"`
	BaseFen yibao.Fen    `json:"base_fen,omitempty"`
	Minor   bool         `json:"minor,omitempty"`
	Option  string       `json:"option,omitempty"` // the way to pay, where the region offers several (e.g. 单建统筹)
	Birth   *yibao.Date  `json:"birth,omitempty"`  // picks the age group where residents' standards are by age
}

// ExpContrib is the expected calculator answer.
type ExpContrib struct {
	Known                *bool  `json:"known,omitempty"`
	BaseFen              *int64 `json:"base_fen,omitempty"`
	MinFen               *int64 `json:"min_fen,omitempty"`
	MaxFen               *int64 `json:"max_fen,omitempty"`
	Derived              *bool  `json:"derived,omitempty"`
	Clamped              string `json:"clamped,omitempty"`
	IndividualMonthlyFen *int64 `json:"individual_monthly_fen,omitempty"`
	IndividualYearlyFen  *int64 `json:"individual_yearly_fen,omitempty"`
	EmployerMonthlyFen   *int64 `json:"employer_monthly_fen,omitempty"`
}

// ExpPlan is the expected advisor answer.
type ExpPlan struct {
	Rule    string      `json:"rule,omitempty"`
	Options []ExpOption `json:"options,omitempty"` // matched by kind and variant
	NoKinds []string    `json:"no_kinds,omitempty"`
	Agency  *bool       `json:"agency,omitempty"`
	Retire  *ExpRetire  `json:"retirement,omitempty"`
}

// ExpOption is one expected option.
type ExpOption struct {
	Kind           string `json:"kind"`
	Variant        string `json:"variant,omitempty"`
	Rank           *int   `json:"rank,omitempty"`
	Allowed        string `json:"allowed,omitempty"`
	CostFen        *int64 `json:"cost_fen,omitempty"`
	NowFen         *int64 `json:"now_fen,omitempty"`
	CostKnown      *bool  `json:"cost_known,omitempty"`
	FirstCovered   string `json:"first_covered,omitempty"` // YYYY-MM-DD
	Uncovered      *int   `json:"uncovered_months,omitempty"`
	GapCovered     *bool  `json:"gap_covered,omitempty"`
	CareCovered    *bool  `json:"care_covered,omitempty"`
	ContinuityKept *bool  `json:"continuity_kept,omitempty"`
	Deadline       string `json:"deadline,omitempty"`
}

// ExpRetire is the expected retirement block.
type ExpRetire struct {
	Month         string    `json:"month,omitempty"`
	Age           string    `json:"age,omitempty"`
	Required      *int      `json:"required_months,omitempty"`
	RequiredKnown *bool     `json:"required_known,omitempty"`
	Shortfall     *int      `json:"shortfall_months,omitempty"`
	TopUp         *ExpTopUp `json:"top_up,omitempty"`
}

// ExpTopUp is the expected cost of making up the shortfall; known: false
// with missing lists the local figures that are not encoded.
type ExpTopUp struct {
	Mode       string   `json:"mode,omitempty"`
	Known      *bool    `json:"known,omitempty"`
	MonthlyFen *int64   `json:"monthly_fen,omitempty"`
	TotalFen   *int64   `json:"total_fen,omitempty"`
	Missing    []string `json:"missing,omitempty"`
}

// ExpIncentive is the expected 大病 incentive.
type ExpIncentive struct {
	ContinuousYears *int   `json:"continuous_years,omitempty"`
	TotalFen        *int64 `json:"total_fen,omitempty"`
	ZeroClaimSteps  *int   `json:"zero_claim_steps,omitempty"`
	CapFen          *int64 `json:"cap_fen,omitempty"`
	Capped          *bool  `json:"capped,omitempty"`
	NextStepYear    *int   `json:"next_step_year,omitempty"`
}

// Expect lists what must hold; anything not listed is not checked.
type Expect struct {
	Contrib          *ExpContrib       `json:"contrib,omitempty"`
	Plan             *ExpPlan          `json:"plan,omitempty"`
	Incentive        *ExpIncentive     `json:"incentive,omitempty"`
	Known            *bool             `json:"known,omitempty"`
	Months           map[string]string `json:"months,omitempty"`
	Lapses           *int              `json:"lapses,omitempty"`
	CumulativeMonths *int              `json:"cumulative_months,omitempty"`
	ContinuousMonths *int              `json:"continuous_months,omitempty"`
	Quote            *ExpQuote         `json:"quote,omitempty"`
	NoQuote          bool              `json:"no_quote,omitempty"`
	Resident         []ExpResident     `json:"resident,omitempty"`
	Options          []ExpResident     `json:"resident_options,omitempty"`
	Reasons          []string          `json:"reasons,omitempty"`
	NoReasons        []string          `json:"no_reasons,omitempty"`
	Warnings         []string          `json:"warnings,omitempty"`
	NoWarnings       []string          `json:"no_warnings,omitempty"`
	Bills            []string          `json:"bills,omitempty"`
	Levels           map[string]string `json:"levels,omitempty"`
	Text             []string          `json:"text,omitempty"`
	NotText          []string          `json:"not_text,omitempty"`
	Errors           []string          `json:"errors,omitempty"`
	// Output maps a path in the JSON answer to its expected value
	// (docs/case-format.md, "output:"); read into checks when the file loads.
	Output yaml.Node `json:"output,omitempty"`

	checks []outputCheck
}

// ExpQuote is the expected quote.
type ExpQuote struct {
	Scheme           string `json:"scheme,omitempty"`
	Allowed          string `json:"allowed,omitempty"`
	Deadline         string `json:"deadline,omitempty"`
	Months           *int   `json:"months,omitempty"`
	BaseFen          *int64 `json:"base_fen,omitempty"`
	PerMonthFen      *int64 `json:"per_month_fen,omitempty"`
	TotalFen         *int64 `json:"total_fen,omitempty"`
	LateFeeFen       *int64 `json:"late_fee_fen,omitempty"`
	AmountKnown      *bool  `json:"amount_known,omitempty"`
	FirstCovered     string `json:"first_covered,omitempty"`
	FirstCoveredDate string `json:"first_covered_date,omitempty"`
	GapCovered       *bool  `json:"gap_covered,omitempty"`
	WaitingMonths    *int   `json:"waiting_months,omitempty"`
}

// ExpResident is an expected residents' year.
type ExpResident struct {
	Year           int    `json:"year"`
	Allowed        *bool  `json:"allowed,omitempty"`
	Window         string `json:"window,omitempty"`
	LapseYears     *int   `json:"lapse_years,omitempty"`
	WaitingMonths  *int   `json:"waiting_months,omitempty"`
	VariableMonths *int   `json:"variable_months,omitempty"`
	CoveredFrom    string `json:"covered_from,omitempty"`
	RepairYears    *int   `json:"repair_years,omitempty"`
	RepairFen      *int64 `json:"repair_fen,omitempty"`
	PriceFen       *int64 `json:"price_fen,omitempty"`
	Exempt         string `json:"exempt,omitempty"`
}

// Result is the outcome of one case.
type Result struct {
	File  string
	Line  int
	Name  string
	Fails []string
}

// Runner runs cases against an engine.
type Runner struct {
	Engine *engine.Engine
	// Data is the policy data a file's drafts are laid over (nil: the
	// embedded policy.Data()).
	Data fs.FS
}

// RunDir runs every *.yaml file under dir, in path order.
func (r *Runner) RunDir(dir string) ([]Result, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".yaml") {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []Result
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		out = append(out, r.RunFile(f, src)...)
	}
	return out, nil
}

// RunFile runs the cases of one file.
func (r *Runner) RunFile(name string, src []byte) []Result {
	var f File
	pos, err := strictyaml.Decode(src, &f)
	if err != nil {
		var out []Result
		for _, e := range err.(strictyaml.Errors) {
			out = append(out, Result{File: name, Line: e.Line, Name: "(file)", Fails: []string{e.Error()}})
		}
		return out
	}
	// output paths are checked as the file loads: a malformed one is a
	// load error, like an unknown field
	var loadErrs strictyaml.Errors
	for i := range f.Cases {
		c := &f.Cases[i]
		checks, errs := parseOutput(&c.Expect.Output, fmt.Sprintf("cases[%d].expect.output", i), c.Contrib != nil, len(c.Expect.Errors) > 0)
		c.Expect.checks = checks
		loadErrs = append(loadErrs, errs...)
	}
	if len(loadErrs) > 0 {
		var out []Result
		for _, e := range loadErrs {
			out = append(out, Result{File: name, Line: e.Line, Name: "(file)", Fails: []string{e.Error()}})
		}
		return out
	}
	run := r
	if len(f.Draft) > 0 {
		var fails []Result
		if run, fails = r.withDrafts(name, f.Draft, pos); fails != nil {
			return fails
		}
	}
	out := make([]Result, 0, len(f.Cases))
	for i, c := range f.Cases {
		res := Result{File: name, Line: pos[fmt.Sprintf("cases[%d]", i)].Line, Name: c.Name}
		res.Fails = run.run(name, &c)
		if c.Source == "" {
			res.Fails = append(res.Fails, "source: every case names its source")
		}
		out = append(out, res)
	}
	return out
}

// withDrafts is a runner on the policy data with each draft region file in
// place of the file of its code; a draft that does not load is a file
// error naming the draft and the loader's message.
func (r *Runner) withDrafts(name string, drafts []yaml.Node, pos strictyaml.Positions) (*Runner, []Result) {
	files := map[string][]byte{}
	var fails []Result
	for i := range drafts {
		d := &drafts[i]
		at := fmt.Sprintf("draft[%d]", i)
		var head struct {
			Region string `yaml:"region"`
		}
		if d.Kind != yaml.MappingNode || d.Decode(&head) != nil || len(head.Region) != 6 {
			fails = append(fails, Result{File: name, Line: d.Line, Name: "(draft)", Fails: []string{at + ": want a region file (a mapping with region: six-digit code, name, level, sources, params)"}})
			continue
		}
		b, err := yaml.Marshal(d)
		if err != nil {
			fails = append(fails, Result{File: name, Line: d.Line, Name: "(draft)", Fails: []string{at + ": " + err.Error()}})
			continue
		}
		files[head.Region] = b
	}
	if fails != nil {
		return nil, fails
	}
	s, err := policy.WithRegions(r.Data, files)
	if err != nil {
		line := 0
		if p, ok := pos["draft"]; ok {
			line = p.Line
		}
		return nil, []Result{{File: name, Line: line, Name: "(draft)", Fails: []string{"the drafts do not load (lines are counted within the draft):\n" + indent(err.Error())}}}
	}
	return &Runner{Engine: engine.New(s), Data: r.Data}, nil
}

func (r *Runner) run(file string, c *Case) []string {
	if c.Contrib != nil {
		if c.Input != "" || c.Case.Kind != 0 {
			return []string{"give exactly one of case, input or contrib"}
		}
		return r.runContrib(file, c)
	}
	var src []byte
	switch {
	case c.Input != "" && c.Case.Kind == 0:
		src = []byte(c.Input)
	case c.Input == "" && c.Case.Kind != 0:
		b, err := yaml.Marshal(&c.Case)
		if err != nil {
			return []string{"case: " + err.Error()}
		}
		src = b
	default:
		return []string{"give exactly one of case (a mapping) or input (raw text)"}
	}
	cs, err := caseio.Parse(src)
	ex := c.Expect
	if len(ex.Errors) > 0 {
		if err == nil {
			return []string{fmt.Sprintf("errors: want %d error(s), got a valid case", len(ex.Errors))}
		}
		return checkErrors(ex.Errors, err.(strictyaml.Errors))
	}
	if err != nil {
		return []string{"case is invalid:\n" + indent(err.Error())}
	}
	a, err := r.Engine.Assess(cs)
	if err != nil {
		return []string{"assess: " + err.Error()}
	}
	needPlan, needAnswer := ex.Plan != nil, false
	for _, oc := range ex.checks {
		needPlan = needPlan || oc.Plan
		needAnswer = needAnswer || !oc.Plan
	}
	// with expect.plan, text expectations apply to the plan report (which
	// ends with the assessment); output paths under plan. alone do not
	// change that
	text, notText := ex.Text, ex.NotText
	if ex.Plan != nil {
		ex.Text, ex.NotText = nil, nil
	}
	fails := check(a, &ex, r.Engine)
	out := &outputRun{file: file}
	if needAnswer {
		if out.answer, err = jsonDoc(report.Build(a, r.Engine.Snapshot())); err != nil {
			return append(fails, "output: the answer: "+err.Error())
		}
	}
	if needPlan {
		p, err := (&advisor.Advisor{Eng: r.Engine}).Plan(cs)
		if err != nil {
			fails = append(fails, "plan: "+err.Error())
			out.planErr = err.Error()
		} else {
			pa := report.BuildPlan(p, r.Engine.Snapshot())
			if ex.Plan != nil {
				fails = append(fails, checkPlan(p, ex.Plan, r.Engine)...)
				var b strings.Builder
				report.WritePlan(&b, pa, report.ZH)
				ck := &checker{}
				checkText(ck, b.String(), text, notText)
				fails = append(fails, ck.fails...)
			}
			if out.plan, err = jsonDoc(pa); err != nil {
				out.plan, out.planErr = nil, err.Error()
			}
		}
	}
	return append(fails, out.check(ex.checks)...)
}

func checkErrors(want []string, got strictyaml.Errors) []string {
	var fails []string
	if len(want) != len(got) {
		fails = append(fails, fmt.Sprintf("errors: want %d, got %d:\n%s", len(want), len(got), indent(got.Error())))
	}
	for i, w := range want {
		if i < len(got) && !strings.Contains(got[i].Error(), w) {
			fails = append(fails, fmt.Sprintf("errors[%d]: want text %q, got %q", i, w, got[i].Error()))
		}
	}
	return fails
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

type checker struct{ fails []string }

func (c *checker) eq(field string, want, got any) {
	if fmt.Sprint(want) != fmt.Sprint(got) {
		c.fails = append(c.fails, fmt.Sprintf("%s: want %v, got %v", field, want, got))
	}
}

func check(a *engine.Assessment, ex *Expect, e *engine.Engine) []string {
	c := &checker{}
	if ex.Known != nil {
		c.eq("known", *ex.Known, a.Region.Known)
	}
	keys := make([]string, 0, len(ex.Months))
	for k := range ex.Months {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		from, to, err := monthRange(k)
		if err != nil {
			c.fails = append(c.fails, "months: "+err.Error())
			continue
		}
		for m := from; m <= to; m++ {
			if got := a.Timeline.At(m).String(); got != ex.Months[k] {
				c.eq("months."+m.String(), ex.Months[k], got)
				break
			}
		}
	}
	if ex.Lapses != nil {
		c.eq("lapses", *ex.Lapses, len(a.Lapses))
	}
	if ex.CumulativeMonths != nil {
		c.eq("cumulative_months", *ex.CumulativeMonths, a.Counters.CumulativeMonths)
	}
	if ex.ContinuousMonths != nil {
		c.eq("continuous_months", *ex.ContinuousMonths, a.Counters.ContinuousMonths)
	}
	if ex.NoQuote && a.Quote != nil {
		c.fails = append(c.fails, "quote: want none, got one")
	}
	if q := ex.Quote; q != nil {
		if a.Quote == nil {
			c.fails = append(c.fails, "quote: want one, got none")
		} else {
			g := a.Quote
			opt(c, "quote.scheme", q.Scheme, string(g.Scheme))
			opt(c, "quote.allowed", q.Allowed, g.Allowed)
			if q.Deadline != "" {
				c.eq("quote.deadline", q.Deadline, dateStr(g.Deadline))
			}
			optI(c, "quote.months", q.Months, int64(len(g.Months)))
			optI64(c, "quote.base_fen", q.BaseFen, int64(g.BaseFen))
			optI64(c, "quote.per_month_fen", q.PerMonthFen, int64(g.PerMonthFen))
			optI64(c, "quote.total_fen", q.TotalFen, int64(g.TotalFen))
			optI64(c, "quote.late_fee_fen", q.LateFeeFen, int64(g.LateFeeFen))
			optB(c, "quote.amount_known", q.AmountKnown, g.AmountKnown)
			optB(c, "quote.gap_covered", q.GapCovered, g.GapCovered)
			optI(c, "quote.waiting_months", q.WaitingMonths, int64(g.WaitingMonths))
			if q.FirstCovered != "" {
				got := "none"
				if g.FirstCovered != nil {
					got = g.FirstCovered.String()
				}
				c.eq("quote.first_covered", q.FirstCovered, got)
			}
			if q.FirstCoveredDate != "" {
				c.eq("quote.first_covered_date", q.FirstCoveredDate, dateStr(g.FirstCoveredDate))
			}
		}
	}
	checkResident(c, "resident", ex.Resident, a.Resident)
	if len(ex.Options) > 0 {
		var got []engine.ResidentYear
		if a.Quote != nil {
			got = a.Quote.Resident
		}
		checkResident(c, "resident_options", ex.Options, got)
	}
	codes := map[string]bool{}
	for _, r := range a.Reasons {
		codes[r.Code] = true
	}
	for _, w := range ex.Reasons {
		if !codes[w] {
			c.fails = append(c.fails, fmt.Sprintf("reasons: want %s, got %s", w, strings.Join(sortedKeys(codes), ", ")))
		}
	}
	for _, w := range ex.NoReasons {
		if codes[w] {
			c.fails = append(c.fails, "reasons: must not contain "+w)
		}
	}
	warns := map[string]bool{}
	for _, w := range a.Warnings {
		warns[w.Code] = true
		warns[w.Code+":"+w.Param+w.Text] = true
	}
	for _, w := range ex.Warnings {
		if !warns[w] {
			c.fails = append(c.fails, fmt.Sprintf("warnings: want %s, got %s", w, strings.Join(sortedKeys(warns), ", ")))
		}
	}
	for _, w := range ex.NoWarnings {
		if warns[w] {
			c.fails = append(c.fails, "warnings: must not contain "+w)
		}
	}
	for i, w := range ex.Bills {
		got := "missing"
		if i < len(a.Bills) {
			b := a.Bills[i]
			got = "not_covered"
			if b.Covered {
				got = "covered"
			} else if b.CoveredIfPaid {
				got = "covered_if_paid"
			}
		}
		c.eq(fmt.Sprintf("bills[%d]", i), w, got)
	}
	if ex.Incentive != nil {
		checkIncentive(c, a.Incentive, ex.Incentive)
	}
	for id, lv := range ex.Levels {
		got := "unused"
		for _, p := range a.Params {
			if p.ID() == id {
				got = string(p.Level())
			}
		}
		c.eq("levels."+id, lv, got)
	}
	if len(ex.Text) > 0 || len(ex.NotText) > 0 {
		var b strings.Builder
		report.WriteText(&b, report.Build(a, e.Snapshot()), report.ZH)
		for _, t := range ex.Text {
			if !strings.Contains(b.String(), t) {
				c.fails = append(c.fails, fmt.Sprintf("text: want %q in the report:\n%s", t, indent(b.String())))
			}
		}
		for _, t := range ex.NotText {
			if strings.Contains(b.String(), t) {
				c.fails = append(c.fails, fmt.Sprintf("text: must not contain %q", t))
			}
		}
	}
	return c.fails
}

func checkResident(c *checker, field string, want []ExpResident, got []engine.ResidentYear) {
	for i, w := range want {
		var g *engine.ResidentYear
		n := 0
		for j := range got {
			if got[j].Year == w.Year {
				if n == countBefore(want, i) {
					g = &got[j]
					break
				}
				n++
			}
		}
		p := fmt.Sprintf("%s[%d](%d)", field, i, w.Year)
		if g == nil {
			c.fails = append(c.fails, p+": missing")
			continue
		}
		optB(c, p+".allowed", w.Allowed, g.Allowed)
		opt(c, p+".window", w.Window, string(g.Window))
		optI(c, p+".lapse_years", w.LapseYears, int64(g.LapseYears))
		optI(c, p+".waiting_months", w.WaitingMonths, int64(g.WaitingMonths))
		optI(c, p+".variable_months", w.VariableMonths, int64(g.VariableMonths))
		optI(c, p+".repair_years", w.RepairYears, int64(g.RepairYears))
		optI64(c, p+".repair_fen", w.RepairFen, int64(g.RepairFen))
		optI64(c, p+".price_fen", w.PriceFen, int64(g.PriceFen))
		opt(c, p+".exempt", w.Exempt, g.Exempt)
		if w.CoveredFrom != "" {
			c.eq(p+".covered_from", w.CoveredFrom, dateStr(g.CoveredFrom))
		}
	}
}

// countBefore counts earlier expectations for the same year (options may repeat a year).
func countBefore(want []ExpResident, i int) int {
	n := 0
	for j := 0; j < i; j++ {
		if want[j].Year == want[i].Year {
			n++
		}
	}
	return n
}

func opt(c *checker, f, want, got string) {
	if want != "" {
		c.eq(f, want, got)
	}
}

func optI(c *checker, f string, want *int, got int64) {
	if want != nil {
		c.eq(f, *want, got)
	}
}

func optI64(c *checker, f string, want *int64, got int64) {
	if want != nil {
		c.eq(f, *want, got)
	}
}

func optB(c *checker, f string, want *bool, got bool) {
	if want != nil {
		c.eq(f, *want, got)
	}
}

func dateStr(d *yibao.Date) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

func monthRange(k string) (yibao.Month, yibao.Month, error) {
	a, b, ok := strings.Cut(k, "..")
	from, err := yibao.ParseMonth(a)
	if err != nil {
		return 0, 0, err
	}
	if !ok {
		return from, from, nil
	}
	to, err := yibao.ParseMonth(b)
	return from, to, err
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Summary returns the closing line "N passed, N failed".
func Summary(rs []Result) string {
	p, f := 0, 0
	for _, r := range rs {
		if len(r.Fails) == 0 {
			p++
		} else {
			f++
		}
	}
	return strconv.Itoa(p) + " passed, " + strconv.Itoa(f) + " failed"
}
