// Command yibao answers questions about China's basic medical insurance
// continuity: lapses (断缴), back-payment (补缴) and waiting periods.
//
//	yibao assess CASE [--json] [--lang zh|en]  assess a case file (every document in it)
//	yibao plan CASE                            ranked options
//	yibao contrib --region R --scheme S        contribution calculator
//	yibao test [DIR]                           run YAML cases (default: cases)
//	yibao regions [QUERY]                      look up regions
//	yibao policy show|coverage|stale|diff|lint browse and check the policy data
//	yibao batch | transform | serve            many persons; Spark/Hive rows; the web API
//	yibao completion bash|zsh|fish             shell completion
//	yibao help [CMD] · CMD --help · --version
//
// The command table in help.go describes every command once; the usage,
// the help of each command and the completion scripts are written from it.
// docs/cli.md documents the conventions (as-of dates, input limits,
// multi-document input, exit codes).
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"yibao"
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

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		io.WriteString(stderr, usageText())
		return exitBadCase
	}
	if path, asked, known := helpPath(args); asked {
		if !known {
			unknownCommand(stderr, strings.Join(path, " "), commandNames(commands), usageText())
			return exitBadCase
		}
		writeHelp(stdout, path...)
		return exitOK
	}
	if args[0] == "completion" {
		return completionCmd(args[1:], stdout, stderr)
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
		return policyCmd(eng, args[1:], stdout, stderr)
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
	case "version", "--version", "-version", "-V":
		if len(args) > 1 {
			fmt.Fprintf(stderr, "yibao version takes no arguments, got %q\n", args[1:])
			return exitBadCase
		}
		io.WriteString(stdout, versionText(snap.Hash))
		return exitOK
	}
	unknownCommand(stderr, args[0], commandNames(commands), usageText())
	return exitBadCase
}

func assess(eng *engine.Engine, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runCases(args, stdin, stdout, stderr, "assess",
		func(c *yibao.Case) (any, error) {
			a, err := eng.Assess(c)
			if err != nil {
				return nil, err
			}
			return report.Build(a, eng.Snapshot()), nil
		},
		func(w io.Writer, ans any, l report.Lang) { report.WriteText(w, ans.(*report.Answer), l) })
}

func test(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	dir := "cases"
	switch {
	case len(args) == 1 && strings.HasPrefix(args[0], "-") && args[0] != "-":
		fmt.Fprintf(stderr, "yibao test: unknown flag %s\n", args[0])
		shortUsage(stderr, "test")
		return exitBadCase
	case len(args) == 1:
		dir = args[0]
	case len(args) > 1:
		fmt.Fprintf(stderr, "yibao test: want at most one directory, got %d arguments\n", len(args))
		shortUsage(stderr, "test")
		return exitBadCase
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
