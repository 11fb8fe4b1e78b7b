// Command yibao answers questions about China's basic medical insurance
// continuity: lapses (断缴), back-payment (补缴) and waiting periods.
//
//	yibao assess CASE [--json] [--lang en]   assess a case file
//	yibao test [DIR]                          run YAML cases (default: cases)
//	yibao regions [QUERY]                     look up regions
//	yibao policy lint                         check the embedded policy data
//	yibao policy show|coverage|stale|diff     browse the policy data (see usage)
//	yibao version                             engine version and policy snapshot
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"yibao/casetest"
	"yibao/engine"
	"yibao/policy"
	"yibao/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitFailed  = 1 // the command ran and found failures (tests, lint)
	exitBadCase = 2 // bad input or usage
)

const usage = `用法 usage:
  yibao assess CASE [--json] [--lang zh|en]   评估参保记录 assess a case file (YAML or JSON; - for stdin)
  yibao plan CASE [--json] [--lang zh|en]     怎么补划算：列出并排序可选方案 ranked options (docs/plan.md)
                                              assess、plan --encoding gb18030|gbk：读 GB18030/GBK 文件 read a file not in UTF-8
  yibao contrib --region R --scheme S --year Y [--base YUAN] [--option NAME] [--birth DATE] [--minor] [--json]
                                              缴费计算器 contribution calculator
  yibao test [DIR]                            运行测试用例 run YAML cases (default: cases)
  yibao regions [QUERY]                       查地区 look up regions by name or code (default: encoded regions)
  yibao policy lint                           检查政策数据 check the embedded policy data
  yibao policy show REGION --as-of DATE       某地某日适用的全部参数 every value in force, level, citation
  yibao policy coverage [REGION...] --as-of DATE  各地数据覆盖 which levels supply each region's values
  yibao policy stale --as-of DATE             已过复核日期的数据 values past review_by
  yibao policy diff A B --as-of DATE          两地比较 compare two regions (or A@DATE1 A@DATE2)
  yibao batch LEDGER.csv -o RESULT.csv [--as-of D] [--region R] [--map 列名=field]
                                              批量评估 one result row per person (docs/batch.md)
  yibao transform [--columns …] [--as-of D]   Spark/Hive TRANSFORM 行格式（TSV，\N 为空）stdin → stdout
  yibao serve [--addr 127.0.0.1:8080]         网页与 JSON API serve the web page and JSON API
  yibao version                               版本 version and policy snapshot
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitBadCase
	}
	snap, err := policy.Load()
	if err != nil {
		fmt.Fprintf(stderr, "policy data: %v\n", err)
		return exitFailed
	}
	eng := engine.New(snap)
	switch args[0] {
	case "assess":
		return assess(eng, args[1:], stdin, stdout, stderr)
	case "test":
		return test(eng, args[1:], stdout, stderr)
	case "policy":
		return policyCmd(snap, args[1:], stdout, stderr)
	case "plan":
		return planCmd(eng, args[1:], stdin, stdout, stderr)
	case "contrib":
		return contribCmd(eng, args[1:], stdout, stderr)
	case "regions":
		return regions(snap, args[1:], stdout, stderr)
	case "serve":
		return serve(eng, args[1:], stderr)
	case "batch":
		return batchCmd(eng, args[1:], stdout, stderr)
	case "transform":
		return transformCmd(eng, args[1:], stdin, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "yibao %s policy %s\n", report.Version, snap.Hash)
		return exitOK
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "unknown command %q\n%s", args[0], usage)
	return exitBadCase
}

func assess(eng *engine.Engine, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("assess", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the full machine answer (docs/answer-format.md)")
	lang := fs.String("lang", "zh", "report language: zh or en")
	enc := encodingFlag(fs)
	files, err := parseInterleaved(fs, args) // flags before or after the file name
	if err != nil {
		return exitBadCase
	}
	if len(files) != 1 || (*lang != "zh" && *lang != "en") {
		fmt.Fprint(stderr, "usage: yibao assess CASE [--json] [--lang zh|en] [--encoding utf-8|gb18030|gbk]\n")
		return exitBadCase
	}
	c, name, code := loadCase(files[0], *enc, stdin, stderr)
	if c == nil {
		return code
	}
	a, err := eng.Assess(c)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitBadCase
	}
	ans := report.Build(a, eng.Snapshot())
	if *asJSON {
		return writeJSON(stdout, ans)
	}
	l := report.ZH
	if *lang == "en" {
		l = report.EN
	}
	report.WriteText(stdout, ans, l)
	return exitOK
}

func test(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	dir := "cases"
	if len(args) > 0 {
		dir = args[0]
	}
	rs, err := (&casetest.Runner{Engine: eng}).RunDir(dir)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	failed := 0
	for _, r := range rs {
		if len(r.Fails) == 0 {
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s:%d: %s\n", r.File, r.Line, r.Name)
		for _, f := range r.Fails {
			fmt.Fprintf(stdout, "    %s\n", strings.ReplaceAll(f, "\n", "\n    "))
		}
	}
	fmt.Fprintln(stdout, casetest.Summary(rs))
	if failed > 0 {
		return exitFailed
	}
	return exitOK
}

func lint(snap *policy.Snapshot, stdout io.Writer) int {
	issues := policy.Lint(snap)
	for _, i := range issues {
		fmt.Fprintln(stdout, i.Error())
	}
	if len(issues) > 0 {
		fmt.Fprintf(stdout, "%d problem(s)\n", len(issues))
		return exitFailed
	}
	fmt.Fprintf(stdout, "policy data OK: %d regions, snapshot %s\n", len(snap.Regions())+1, snap.Hash)
	return exitOK
}
