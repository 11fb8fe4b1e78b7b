package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"yibao"
	"yibao/engine"
	"yibao/httpapi"
	"yibao/policy"
	"yibao/region"
	"yibao/report"
)

// The policy commands' views: text tables aligned by display width, every
// value with its unit, sources listed once below the table (a citation is
// too long for a table cell), and the same facts as JSON.

// textWidth is the width the long texts (sources, notes) are wrapped to.
const textWidth = 100

// valueText is an entry's value with its unit (元, %, 个月, 天, 年), one
// line per named option.
func valueText(def *policy.Def, e *policy.Entry) string {
	switch {
	case e == nil:
		return cliText("cli.pv.not_encoded")
	case e.Null:
		return cliText("cli.pv.na")
	case e.Value.Formula != nil:
		return report.Msg("cli.pv.formula", report.ZH) + e.Raw
	case len(e.Value.Options) > 0:
		var lines []string
		for _, o := range e.Value.Options {
			l := o.Name + " " + withUnit(def.Unit, o.Raw, o.Value)
			if o.Default {
				l += report.Msg("cli.pv.default", report.ZH)
			}
			lines = append(lines, l)
		}
		return strings.Join(lines, "\n")
	}
	return withUnit(def.Unit, e.Raw, e.Value)
}

// withUnit writes a scalar value with its unit.
func withUnit(u policy.Unit, raw string, v policy.Value) string {
	switch u {
	case policy.UnitMonth:
		return raw + report.Msg("cli.pv.months", report.ZH)
	case policy.UnitDay:
		return raw + report.Msg("cli.pv.days", report.ZH)
	case policy.UnitYear:
		return raw + report.Msg("cli.pv.years", report.ZH)
	case policy.UnitYuan:
		return raw + report.Msg("cli.pv.yuan", report.ZH)
	case policy.UnitRate:
		if !strings.HasSuffix(raw, "%") {
			return raw + "%"
		}
		return raw
	case policy.UnitBool:
		if v.Int == 1 {
			return cliText("cli.pv.yes")
		}
		return cliText("cli.pv.no")
	case policy.UnitEnum, policy.UnitRounding:
		key := "value." + raw
		if u == policy.UnitRounding {
			key = "round." + raw
		}
		if w := report.Pair(key)[report.ZH]; w != "" {
			return w + "（" + raw + "）" // the words, and the value as the data writes it
		}
		return raw
	case policy.UnitTiers:
		var parts []string
		for _, t := range v.Tiers {
			r := report.Sprintf(report.ZH, "cli.pv.tier_range", t.From, t.To)
			if t.To == 0 {
				r = report.Sprintf(report.ZH, "cli.pv.tier_from", t.From)
			} else if t.From == t.To {
				r = report.Sprintf(report.ZH, "cli.pv.tier_one", t.From)
			}
			parts = append(parts, report.Sprintf(report.ZH, "cli.pv.tier_row", r, t.Value))
		}
		return strings.Join(parts, "\n")
	}
	return raw
}

// valueLine is valueText on one line (for JSON and one-line cells).
func valueLine(def *policy.Def, e *policy.Entry) string {
	return strings.ReplaceAll(valueText(def, e), "\n", "；")
}

// levelZH names the level that supplied a value (直辖市 for 上海, 北京, …),
// as the answers do.
func levelZH(l yibao.Level, code string) string {
	return report.LevelText(string(l), code, report.ZH)
}

// confKeys are the catalogue keys of the confidence levels' names.
var confKeys = map[yibao.Confidence]string{
	yibao.Official:   "cli.pv.conf.official",
	yibao.Reposted:   "cli.pv.conf.reposted",
	yibao.Aggregator: "cli.pv.conf.aggregator",
	yibao.Seed:       "cli.pv.conf.seed",
	yibao.Draft:      "cli.pv.conf.draft",
}

func confText(c yibao.Confidence) string {
	s := string(c)
	if k, ok := confKeys[c]; ok {
		s = cliText(k)
	}
	if c.Low() {
		s += "\n" + report.Msg("cli.pv.unverified", report.ZH)
	}
	return s
}

// sources numbers the citations of a table's rows, each listed once with
// the articles the rows cite from it.
type sources struct {
	order []*yibao.Citation
	num   map[*yibao.Citation]int
	uses  map[*yibao.Citation][]string // "param — article"
}

func newSources() *sources {
	return &sources{num: map[*yibao.Citation]int{}, uses: map[*yibao.Citation][]string{}}
}

// ref returns the note number of e's citation ("" without one) and
// records which parameter uses it.
func (s *sources) ref(param string, e *policy.Entry) string {
	if e == nil || e.Source == nil {
		return ""
	}
	n, ok := s.num[e.Source]
	if !ok {
		s.order = append(s.order, e.Source)
		n = len(s.order)
		s.num[e.Source] = n
	}
	use := param
	if e.Article != "" {
		use += " — " + e.Article
	}
	s.uses[e.Source] = append(s.uses[e.Source], use)
	return "[" + strconv.Itoa(n) + "]"
}

// write lists the sources, wrapped.
func (s *sources) write(w io.Writer) {
	if len(s.order) == 0 {
		return
	}
	fmt.Fprintln(w, "\n"+cliText("cli.pv.sources")+":")
	for i, c := range s.order {
		head := c.Title
		if c.DocNo != "" {
			head += " · " + c.DocNo
		}
		if c.Issuer != "" {
			head += " · " + c.Issuer
		}
		prefix := fmt.Sprintf("[%d] ", i+1)
		writeWrapped(w, prefix, head, textWidth)
		pad := strings.Repeat(" ", len(prefix))
		if c.URL != "" {
			writeWrapped(w, pad, c.URL, textWidth)
		} else if c.SeenVia != "" {
			writeWrapped(w, pad, cliText("cli.pv.seen_via")+": "+c.SeenVia, textWidth)
		}
		for _, u := range s.uses[c] {
			writeWrapped(w, pad+"· ", u, textWidth)
		}
	}
}

// show prints every parameter in force for one region on one date.
func show(snap *policy.Snapshot, code string, d yibao.Date, defaulted bool, stdout io.Writer) int {
	fmt.Fprintf(stdout, "%s (%s)\n", report.Sprintf(report.ZH, "cli.pv.show_title", regionLabel(code), d), report.Msg("cli.pv.show_title", report.EN))
	fmt.Fprintln(stdout, asOfNote(d, defaulted))
	fmt.Fprintf(stdout, "%s: %s\n\n", cliText("cli.pv.levels"), dataLevel(snap, code))
	t := newTable(cliText("cli.pv.col.parameter"), cliText("cli.pv.col.value"), cliText("cli.pv.col.level"), cliText("cli.pv.col.confidence"), cliText("cli.pv.col.review_by"), cliText("cli.pv.col.source")).limit(38, 30, 0, 0, 0, 0)
	src := newSources()
	for _, r := range snap.InForce(code, d) {
		e := r.Entry
		name := r.Def.ID + "\n" + r.Def.LabelZH
		if e == nil {
			v := cliText("cli.pv.not_encoded")
			if r.Def.Local {
				v += "\n" + cliText("cli.pv.local")
			}
			t.add(name, v, "-", "-", "-", "")
			continue
		}
		review := e.ReviewBy.String()
		if r.Stale {
			review += "\n" + cliText("cli.pv.overdue")
		}
		level := levelZH(e.Level, e.Region)
		if r.Def.Local && e.Level == yibao.National {
			level += cliText("cli.pv.national_default")
		}
		t.add(name, valueText(r.Def, e), level+" "+e.Region, confText(e.Conf), review, src.ref(r.Def.ID, e))
	}
	t.write(stdout)
	src.write(stdout)
	return exitOK
}

// showJSON prints the API's answer to GET /v1/regions/{code}/parameters,
// asked in process: one answer for the CLI and the API.
func showJSON(eng *engine.Engine, code string, d yibao.Date, stdout, stderr io.Writer) int {
	api, err := httpapi.New(httpapi.Config{Engine: eng})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	req, err := http.NewRequest("GET", "/v1/regions/"+code+"/parameters?as_of="+d.String(), nil)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	var rec recorder
	api.ServeHTTP(&rec, req)
	if rec.status != 0 && rec.status != http.StatusOK {
		fmt.Fprintf(stderr, "%s\n", rec.body.Bytes())
		return exitBadCase
	}
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(rec.body.Bytes()), "", "  "); err != nil {
		fmt.Fprintln(stderr, err)
		return exitFailed
	}
	out.WriteByte('\n')
	stdout.Write(out.Bytes())
	return exitOK
}

// recorder is an http.ResponseWriter that keeps the response.
type recorder struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header {
	if r.h == nil {
		r.h = http.Header{}
	}
	return r.h
}
func (r *recorder) WriteHeader(s int) {
	if r.status == 0 {
		r.status = s
	}
}
func (r *recorder) Write(b []byte) (int, error) { r.WriteHeader(http.StatusOK); return r.body.Write(b) }

// meta heads every policy command's JSON answer, as the API's answers.
type meta struct {
	EngineVersion  string     `json:"engine_version"`
	PolicySnapshot string     `json:"policy_snapshot"`
	AsOf           yibao.Date `json:"as_of"`
}

func metaOf(snap *policy.Snapshot, d yibao.Date) meta {
	return meta{EngineVersion: report.Version, PolicySnapshot: snap.Hash, AsOf: d}
}

// CoverageAnswer is `yibao policy coverage --json`.
type CoverageAnswer struct {
	meta
	Parameters int              `json:"parameters"` // in the catalogue
	Regions    []RegionCoverage `json:"regions"`
}

// RegionCoverage is one region's row of the coverage table.
type RegionCoverage struct {
	Code            string   `json:"code"`
	Name            string   `json:"name"`
	OwnFile         bool     `json:"own_file"` // the region (or its pooling city) has its own file
	City            int      `json:"city"`     // values the city level supplies
	Province        int      `json:"province"`
	National        int      `json:"national"`
	NationalDefault []string `json:"national_default"` // local rules answered by the national default
	Missing         []string `json:"missing"`          // parameters no level encodes
}

func paramIDs(snap *policy.Snapshot, ps []policy.Param) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, snap.Def(p).ID)
	}
	return out
}

// coverage prints, per region, how many parameters each level supplies and
// which local rules are missing or filled by the national default.
func coverage(snap *policy.Snapshot, codes []string, d yibao.Date, defaulted, asJSON bool, stdout io.Writer) int {
	ans := CoverageAnswer{meta: metaOf(snap, d), Parameters: int(policy.NumParams), Regions: []RegionCoverage{}}
	for _, code := range codes {
		cv := snap.CoverageOf(code, d)
		ans.Regions = append(ans.Regions, RegionCoverage{Code: code, Name: region.Default().FullName(code), OwnFile: cv.Known,
			City: cv.ByLevel[yibao.City], Province: cv.ByLevel[yibao.Province], National: cv.ByLevel[yibao.National],
			NationalDefault: paramIDs(snap, cv.NationalDefault), Missing: paramIDs(snap, cv.Missing)})
	}
	if asJSON {
		return writeJSON(stdout, ans)
	}
	fmt.Fprintf(stdout, "%s\n%s\n\n", cliTextf("cli.pv.coverage_title", policy.NumParams), asOfNote(d, defaulted))
	t := newTable(cliText("cli.pv.col.region"), cliText("cli.pv.col.own_file"), cliText("cli.pv.col.city"), cliText("cli.pv.col.province"), cliText("cli.pv.col.national"), cliText("cli.pv.col.national_default"), cliText("cli.pv.col.missing"))
	for _, r := range ans.Regions {
		own := cliText("cli.pv.no")
		if r.OwnFile {
			own = cliText("cli.pv.yes")
		}
		t.add(regionLabel(r.Code), own, strconv.Itoa(r.City), strconv.Itoa(r.Province), strconv.Itoa(r.National), strconv.Itoa(len(r.NationalDefault)), strconv.Itoa(len(r.Missing)))
	}
	t.write(stdout)
	fmt.Fprintln(stdout, "\n"+cliTextf("cli.pv.coverage_note"))
	fmt.Fprintln(stdout, cliText("cli.pv.details")+": yibao policy show REGION")
	return exitOK
}

// StaleAnswer is `yibao policy stale --json`.
type StaleAnswer struct {
	meta
	Stale []StaleEntry `json:"stale"`
}

// StaleEntry is one value past its review date.
type StaleEntry struct {
	File     string          `json:"file"` // policy/…
	Line     int             `json:"line"`
	Param    string          `json:"param"`
	Region   string          `json:"region"`
	Level    yibao.Level     `json:"level"`
	Value    string          `json:"value"`   // as written in the data
	Display  string          `json:"display"` // with its unit
	ReviewBy yibao.Date      `json:"review_by"`
	Citation *yibao.Citation `json:"citation,omitempty"`
	Article  string          `json:"article,omitempty"`
}

// stale prints every value past its review date.
func stale(snap *policy.Snapshot, d yibao.Date, defaulted, asJSON bool, stdout io.Writer) int {
	es := snap.Stale(d)
	ans := StaleAnswer{meta: metaOf(snap, d), Stale: []StaleEntry{}}
	for _, e := range es {
		def := snap.Def(e.Param)
		ans.Stale = append(ans.Stale, StaleEntry{File: "policy/" + e.File, Line: e.Line, Param: def.ID, Region: e.Region, Level: e.Level,
			Value: e.Raw, Display: valueLine(def, e), ReviewBy: e.ReviewBy, Citation: e.Source, Article: e.Article})
	}
	code := exitOK
	if len(es) > 0 {
		code = exitFailed
	}
	if asJSON {
		if c := writeJSON(stdout, ans); c != exitOK {
			return c
		}
		return code
	}
	fmt.Fprintln(stdout, asOfNote(d, defaulted))
	if len(es) > 0 {
		fmt.Fprintln(stdout)
		t := newTable(cliText("cli.pv.col.where"), cliText("cli.pv.col.parameter"), cliText("cli.pv.col.value"), cliText("cli.pv.col.review_by"), cliText("cli.pv.col.source")).limit(0, 0, 34, 0, 0)
		src := newSources()
		for i, e := range es {
			def := snap.Def(e.Param)
			t.add(ans.Stale[i].File+":"+strconv.Itoa(e.Line), def.ID, valueText(def, e), e.ReviewBy.String(), src.ref(def.ID, e))
		}
		t.write(stdout)
		src.write(stdout)
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout, cliTextf("cli.pv.stale_count", len(es), d))
	return code
}

// DiffAnswer is `yibao policy diff --json`.
type DiffAnswer struct {
	EngineVersion  string       `json:"engine_version"`
	PolicySnapshot string       `json:"policy_snapshot"`
	A              DiffSide     `json:"a"`
	B              DiffSide     `json:"b"`
	Changes        []DiffChange `json:"changes"`
}

// DiffSide is one side of a comparison.
type DiffSide struct {
	Region string     `json:"region"`
	Name   string     `json:"name"`
	AsOf   yibao.Date `json:"as_of"`
}

// DiffChange is one parameter that differs.
type DiffChange struct {
	Param      string     `json:"param"`
	LabelZH    string     `json:"label_zh"`
	What       string     `json:"what"` // value, or source (same value, another level or citation)
	A          *DiffValue `json:"a"`    // null: not encoded on that side
	B          *DiffValue `json:"b"`
	SourceOnly bool       `json:"-"`
}

// DiffValue is one side's value.
type DiffValue struct {
	Value    string          `json:"value"`
	Display  string          `json:"display"`
	Level    yibao.Level     `json:"level"`
	Region   string          `json:"region"`
	Citation *yibao.Citation `json:"citation,omitempty"`
}

func diffValue(def *policy.Def, e *policy.Entry) *DiffValue {
	if e == nil {
		return nil
	}
	return &DiffValue{Value: e.Raw, Display: valueLine(def, e), Level: e.Level, Region: e.Region, Citation: e.Source}
}

// diff compares two regions on one date (A B --as-of D) or one region on two
// dates (A@D1 A@D2).
func diff(snap *policy.Snapshot, pos []string, asOf yibao.Date, defaulted, asJSON bool, stdout, stderr io.Writer) int {
	if len(pos) != 2 {
		fmt.Fprintf(stderr, "yibao policy diff: want two regions, got %d\n", len(pos))
		shortUsage(stderr, "policy", "diff")
		return exitBadCase
	}
	var sides [2]DiffSide
	var errs []string
	for i, p := range pos {
		name, date, hasDate := strings.Cut(p, "@")
		code, err := resolveRegion(name)
		if err != nil {
			errs = append(errs, fmt.Sprintf("%s: %v", p, err))
		}
		d := asOf
		if hasDate {
			if d, err = yibao.ParseDate(date); err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", p, err))
			}
		}
		sides[i] = DiffSide{Region: code, Name: region.Default().FullName(code), AsOf: d}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	a := snap.InForce(sides[0].Region, sides[0].AsOf)
	b := snap.InForce(sides[1].Region, sides[1].AsOf)
	ans := DiffAnswer{EngineVersion: report.Version, PolicySnapshot: snap.Hash, A: sides[0], B: sides[1], Changes: []DiffChange{}}
	for _, c := range policy.Diff(a, b) {
		ch := DiffChange{Param: c.Def.ID, LabelZH: c.Def.LabelZH, What: "value", A: diffValue(c.Def, c.A), B: diffValue(c.Def, c.B)}
		if c.A != nil && c.B != nil && c.A.Raw == c.B.Raw && c.A.Null == c.B.Null {
			ch.What = "source"
		}
		ans.Changes = append(ans.Changes, ch)
	}
	if asJSON {
		return writeJSON(stdout, ans)
	}
	usesAsOf := !strings.Contains(pos[0], "@") || !strings.Contains(pos[1], "@")
	if usesAsOf {
		fmt.Fprintln(stdout, asOfNote(asOf, defaulted))
	}
	fmt.Fprintf(stdout, "A = %s @%s\nB = %s @%s\n\n", regionLabel(sides[0].Region), sides[0].AsOf, regionLabel(sides[1].Region), sides[1].AsOf)
	t := newTable(cliText("cli.pv.col.parameter"), "A", "B", cliText("cli.pv.col.differs")).limit(42, 34, 34, 0)
	cell := func(def *policy.Def, e *policy.Entry) string {
		if e == nil {
			return cliText("cli.pv.not_encoded")
		}
		return fmt.Sprintf("%s\n（%s %s）", valueText(def, e), levelZH(e.Level, e.Region), e.Region)
	}
	for i, c := range policy.Diff(a, b) {
		what := cliText("cli.pv.col.value")
		if ans.Changes[i].What == "source" {
			what = cliText("cli.pv.source_only")
		}
		t.add(c.Def.ID+"\n"+c.Def.LabelZH, cell(c.Def, c.A), cell(c.Def, c.B), what)
	}
	t.write(stdout)
	fmt.Fprintln(stdout, cliTextf("cli.pv.differ_count", len(ans.Changes)))
	return exitOK
}

// LintAnswer is `yibao policy lint --json`.
type LintAnswer struct {
	EngineVersion  string          `json:"engine_version"`
	PolicySnapshot string          `json:"policy_snapshot"`
	Regions        int             `json:"regions"` // region files and national
	Problems       []policyProblem `json:"problems"`
}

type policyProblem struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Col     int    `json:"column,omitempty"`
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
}

func lint(snap *policy.Snapshot, asJSON bool, stdout io.Writer) int {
	issues := policy.Lint(snap)
	code := exitOK
	if len(issues) > 0 {
		code = exitFailed
	}
	if asJSON {
		ans := LintAnswer{EngineVersion: report.Version, PolicySnapshot: snap.Hash, Regions: len(snap.Regions()) + 1, Problems: []policyProblem{}}
		for _, i := range issues {
			ans.Problems = append(ans.Problems, policyProblem{File: i.File, Line: i.Line, Col: i.Col, Path: i.Path, Message: i.Msg})
		}
		if c := writeJSON(stdout, ans); c != exitOK {
			return c
		}
		return code
	}
	for _, i := range issues {
		fmt.Fprintln(stdout, i.Error())
	}
	if len(issues) > 0 {
		fmt.Fprintf(stdout, "%d problem(s)\n", len(issues))
		return code
	}
	fmt.Fprintf(stdout, "policy data OK: %d regions, snapshot %s\n", len(snap.Regions())+1, snap.Hash)
	return exitOK
}
