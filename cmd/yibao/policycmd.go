package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"yibao"
	"yibao/policy"
	"yibao/region"
)

// seedRegions are the regions the seed pages ask about; `policy coverage`
// always lists them, encoded or not, so the gaps stay visible.
var seedRegions = []string{
	"510500", // 泸州
	"530100", // 昆明
	"620200", // 嘉峪关
	"520100", // 贵阳
	"522700", // 黔南
	"522600", // 黔东南
	"522300", // 黔西南
	"611000", // 商洛
	"610900", // 安康
	"610800", // 榆林
	"610700", // 汉中
	"440800", // 湛江
	"320100", // 南京
	"320800", // 淮安
	"320700", // 连云港
	"630100", // 西宁
	"140100", // 太原 (山西)
	"310000", // 上海
	"110000", // 北京
	"360100", // 南昌 (江西)
	"370200", // 青岛
	"350100", // 福州 (福建)
	"420100", // 武汉
	"500000", // 重庆
}

// resolveRegion turns a user's code or name into a region code, or an error
// naming what was typed.
func resolveRegion(q string) (string, error) {
	r, err := region.Default().Resolve(q)
	if err != nil {
		return "", fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "region: "))
	}
	return r.Code, nil
}

func regionLabel(code string) string {
	if n := region.Default().FullName(code); n != "" {
		return n + " " + code
	}
	return code
}

// regions prints registry matches for a query, or every encoded region.
func regions(snap *policy.Snapshot, args []string, stdout, stderr io.Writer) int {
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	defer tw.Flush()
	fmt.Fprintln(tw, "代码 code\t名称 name\t统筹区 pooling\t政策数据 policy data")
	row := func(r region.Region) {
		pool := region.Default().PoolingRegion(r.Code)
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\n", r.Code, region.Default().FullName(r.Code), pool.Code, pool.Name, dataLevel(snap, r.Code))
	}
	if len(args) == 0 {
		for _, r := range snap.Regions() {
			if rr, ok := region.Default().ByCode(r.Code); ok {
				row(rr)
			}
		}
		return exitOK
	}
	rs, err := region.Default().Lookup(strings.Join(args, ""))
	if err != nil {
		tw.Flush()
		fmt.Fprintln(stderr, strings.TrimPrefix(err.Error(), "region: "))
		return exitFailed
	}
	for _, r := range rs {
		row(r)
	}
	return exitOK
}

// dataLevel says which levels of policy data exist for a code.
func dataLevel(snap *policy.Snapshot, code string) string {
	c := snap.Chain(code)
	var parts []string
	for _, r := range c.Levels {
		parts = append(parts, r.Level.ZH()+" "+r.Code)
	}
	if !c.Known {
		return "本地未编码 local not encoded; " + strings.Join(parts, " → ")
	}
	return strings.Join(parts, " → ")
}

func asOfFlag(fs *flag.FlagSet) *string {
	return fs.String("as-of", "", "date YYYY-MM-DD (required: the engine has no clock)")
}

func parseAsOf(s string, stderr io.Writer) (yibao.Date, bool) {
	if s == "" {
		fmt.Fprintln(stderr, "--as-of YYYY-MM-DD is required (yibao never reads the clock)")
		return 0, false
	}
	d, err := yibao.ParseDate(s)
	if err != nil {
		fmt.Fprintf(stderr, "--as-of: %v\n", err)
		return 0, false
	}
	return d, true
}

// parseInterleaved parses flags that may come before or after positional args.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func policyCmd(snap *policy.Snapshot, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadCase
	}
	fs := flag.NewFlagSet("policy "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	asOf := asOfFlag(fs)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitBadCase
	}
	switch args[0] {
	case "lint":
		return lint(snap, stdout)
	case "show":
		d, ok := parseAsOf(*asOf, stderr)
		if !ok || len(pos) != 1 {
			fmt.Fprintln(stderr, "usage: yibao policy show REGION --as-of DATE")
			return exitBadCase
		}
		code, err := resolveRegion(pos[0])
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitBadCase
		}
		return show(snap, code, d, stdout)
	case "coverage":
		d, ok := parseAsOf(*asOf, stderr)
		if !ok {
			return exitBadCase
		}
		codes := pos
		if len(codes) == 0 {
			codes = defaultCoverageRegions(snap)
		}
		bad := false
		for i, q := range codes {
			if codes[i], err = resolveRegion(q); err != nil {
				fmt.Fprintf(stderr, "%s: %v\n", q, err) // every bad region, not just the first
				bad = true
			}
		}
		if bad {
			return exitBadCase
		}
		return coverage(snap, codes, d, stdout)
	case "stale":
		d, ok := parseAsOf(*asOf, stderr)
		if !ok {
			return exitBadCase
		}
		return stale(snap, d, stdout)
	case "diff":
		return diff(snap, pos, *asOf, stdout, stderr)
	}
	fmt.Fprintf(stderr, "unknown policy command %q\n%s", args[0], usage)
	return exitBadCase
}

func defaultCoverageRegions(snap *policy.Snapshot) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range snap.Regions() {
		seen[r.Code] = true
		out = append(out, r.Code)
	}
	for _, c := range seedRegions {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	sort.Strings(out)
	return out
}

func valueText(e *policy.Entry) string {
	if e == nil {
		return "未编码 not encoded"
	}
	if e.Null {
		return "不适用 n/a"
	}
	return e.Raw
}

func citeText(e *policy.Entry) string {
	if e == nil || e.Source == nil {
		return ""
	}
	s := e.Source
	parts := []string{s.Title}
	if s.DocNo != "" {
		parts = append(parts, s.DocNo)
	}
	if e.Article != "" {
		parts = append(parts, e.Article)
	}
	if s.URL != "" {
		parts = append(parts, s.URL)
	} else if s.SeenVia != "" {
		parts = append(parts, "见 "+s.SeenVia)
	}
	return strings.Join(parts, " · ")
}

func confText(c yibao.Confidence) string {
	if c.Low() {
		return string(c) + " 未经官方文件核实"
	}
	return string(c)
}

// show prints every parameter in force for one region on one date.
func show(snap *policy.Snapshot, code string, d yibao.Date, stdout io.Writer) int {
	fmt.Fprintf(stdout, "%s 在 %s 适用的政策参数 (parameters in force)\n", regionLabel(code), d)
	fmt.Fprintf(stdout, "数据层级 levels: %s\n\n", dataLevel(snap, code))
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "参数 parameter\t值 value\t层级 level\t可信度 confidence\t复核 review_by\t依据 source")
	for _, r := range snap.InForce(code, d) {
		e := r.Entry
		if e == nil {
			mark := ""
			if r.Def.Local {
				mark = "（地方规定 local）"
			}
			fmt.Fprintf(tw, "%s\t未编码 not encoded%s\t-\t-\t-\t%s\n", r.Def.ID, mark, r.Def.LabelZH)
			continue
		}
		review := e.ReviewBy.String()
		if r.Stale {
			review += " 已过期 overdue"
		}
		level := e.Level.ZH()
		if r.Def.Local && e.Level == yibao.National {
			level += "默认 default"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\t%s\t%s\n", r.Def.ID, valueText(e), level, e.Region, confText(e.Conf), review, citeText(e))
	}
	tw.Flush()
	return exitOK
}

// coverage prints, per region, how many parameters each level supplies and
// which local rules are missing or filled by the national default.
func coverage(snap *policy.Snapshot, codes []string, d yibao.Date, stdout io.Writer) int {
	fmt.Fprintf(stdout, "政策数据覆盖 coverage on %s (%d parameters)\n", d, policy.NumParams)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "地区 region\t本地文件 own file\t市级 city\t省级 province\t国家 national\t国家默认 national default (local rules)\t未编码 missing")
	for _, code := range codes {
		cv := snap.CoverageOf(code, d)
		own := "否 no"
		if cv.Known {
			own = "是 yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\n", regionLabel(code), own, cv.ByLevel[yibao.City], cv.ByLevel[yibao.Province], cv.ByLevel[yibao.National], len(cv.NationalDefault), len(cv.Missing))
	}
	tw.Flush()
	fmt.Fprintln(stdout, "\n明细见 details: yibao policy show REGION --as-of DATE")
	return exitOK
}

// stale prints every value past its review date.
func stale(snap *policy.Snapshot, d yibao.Date, stdout io.Writer) int {
	es := snap.Stale(d)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "位置 where\t参数 parameter\t值 value\t复核 review_by\t依据 source")
	for _, e := range es {
		fmt.Fprintf(tw, "policy/%s:%d\t%s\t%s\t%s\t%s\n", e.File, e.Line, e.Param, valueText(e), e.ReviewBy, citeText(e))
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d 项已过复核日期 value(s) past review_by on %s\n", len(es), d)
	if len(es) > 0 {
		return exitFailed
	}
	return exitOK
}

// diff compares two regions on one date (A B --as-of D) or one region on two
// dates (A --as-of D1 --to D2 is spelled A@D1 A@D2).
func diff(snap *policy.Snapshot, pos []string, asOf string, stdout, stderr io.Writer) int {
	if len(pos) != 2 {
		fmt.Fprintln(stderr, "usage: yibao policy diff REGION_A REGION_B --as-of DATE\n       yibao policy diff REGION@DATE1 REGION@DATE2")
		return exitBadCase
	}
	type side struct {
		code string
		d    yibao.Date
	}
	var sides [2]side
	var errs []error
	for i, p := range pos {
		name, date, hasDate := strings.Cut(p, "@")
		if !hasDate {
			date = asOf
		}
		code, err := resolveRegion(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", p, err))
		}
		if date == "" {
			errs = append(errs, fmt.Errorf("%s: no date: give --as-of DATE or REGION@DATE", p))
			continue
		}
		d, err := yibao.ParseDate(date)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %v", p, err))
		}
		sides[i] = side{code, d}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, errors.Join(errs...))
		return exitBadCase
	}
	a := snap.InForce(sides[0].code, sides[0].d)
	b := snap.InForce(sides[1].code, sides[1].d)
	changes := policy.Diff(a, b)
	la := regionLabel(sides[0].code) + " @" + sides[0].d.String()
	lb := regionLabel(sides[1].code) + " @" + sides[1].d.String()
	fmt.Fprintf(stdout, "A = %s\nB = %s\n\n", la, lb)
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "参数 parameter\tA\tB\t差异 differs in")
	cell := func(e *policy.Entry) string {
		if e == nil {
			return "未编码 not encoded"
		}
		return fmt.Sprintf("%s（%s %s）", valueText(e), e.Level.ZH(), e.Region)
	}
	for _, c := range changes {
		what := "值 value"
		if c.A != nil && c.B != nil && valueText(c.A) == valueText(c.B) {
			what = "来源 source only"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", c.Def.ID, cell(c.A), cell(c.B), what)
	}
	tw.Flush()
	fmt.Fprintf(stdout, "%d 项不同 parameter(s) differ\n", len(changes))
	return exitOK
}
