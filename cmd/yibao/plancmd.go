package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"yibao"
	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/internal/strictyaml"
	"yibao/report"
)

// encodingFlag declares --encoding on fs: the case file's encoding, checked
// when the flags are parsed (caseio.Encodings).
func encodingFlag(fs *flag.FlagSet) *string {
	enc := "utf-8"
	fs.Func("encoding", "the case file's encoding: utf-8 (default), gb18030 or gbk (Chinese Excel's; a UTF-8 byte order mark wins)", func(v string) error {
		if _, ok := caseio.EncodingName(v); !ok {
			return &caseio.UnknownEncodingError{Name: v}
		}
		enc = v
		return nil
	})
	return &enc
}

// loadCase reads a case file ("-" = stdin) in encoding enc, then validates
// it, printing every error; it returns nil and the exit code on failure.
func loadCase(name, enc string, stdin io.Reader, stderr io.Writer) (*yibao.Case, string, int) {
	var src []byte
	var err error
	if name == "-" {
		src, err = io.ReadAll(stdin)
		name = "<stdin>"
	} else {
		src, err = os.ReadFile(name)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return nil, name, exitBadCase
	}
	if src, err = caseio.Decode(src, enc); err == nil {
		var c *yibao.Case
		if c, err = caseio.Parse(src); err == nil {
			return c, name, exitOK
		}
	}
	var es strictyaml.Errors
	if errors.As(err, &es) {
		report.WriteCaseErrors(stderr, name, es) // each in Chinese, then in English
	} else {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
	}
	return nil, name, exitBadCase
}

func writeJSON(w io.Writer, v any) int {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return exitFailed
	}
	return exitOK
}

func planCmd(eng *engine.Engine, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("plan", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print the machine answer (docs/plan.md)")
	lang := fs.String("lang", "zh", "report language: zh or en")
	enc := encodingFlag(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil || len(pos) != 1 || (*lang != "zh" && *lang != "en") {
		fmt.Fprint(stderr, "usage: yibao plan CASE [--json] [--lang zh|en] [--encoding utf-8|gb18030|gbk]\n")
		return exitBadCase
	}
	c, name, code := loadCase(pos[0], *enc, stdin, stderr)
	if c == nil {
		return code
	}
	p, err := (&advisor.Advisor{Eng: eng}).Plan(c)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return exitBadCase
	}
	pa := report.BuildPlan(p, eng.Snapshot())
	if *asJSON {
		return writeJSON(stdout, pa)
	}
	l := report.ZH
	if *lang == "en" {
		l = report.EN
	}
	report.WritePlan(stdout, pa, l)
	return exitOK
}

func contribCmd(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("contrib", flag.ContinueOnError)
	fs.SetOutput(stderr)
	regionQ := fs.String("region", "", "region name or code (required)")
	scheme := fs.String("scheme", "", "employee, flexible or resident (required)")
	year := fs.Int("year", 0, "year: rules in force on Y-07-01 (residents: coverage year Y, on Y-01-01)")
	dateS := fs.String("date", "", "exact date YYYY-MM-DD instead of --year")
	baseS := fs.String("base", "", "monthly base in yuan, e.g. 7646 or 7646.50 (default: the regional minimum)")
	minor := fs.Bool("minor", false, "residents: the minors' and students' standard")
	option := fs.String("option", "", "the way to pay where the region offers several, as it names them (e.g. 单建统筹)")
	birthS := fs.String("birth", "", "birth date YYYY-MM-DD: picks the age group where residents' standards are set by age")
	asJSON := fs.Bool("json", false, "print the machine answer")
	if _, err := parseInterleaved(fs, args); err != nil {
		return exitBadCase
	}
	var errs []string
	code, err := resolveRegion(*regionQ)
	if *regionQ == "" {
		errs = append(errs, "--region: required (a name such as 泸州 or a code such as 510500)")
	} else if err != nil {
		errs = append(errs, "--region: "+err.Error())
	}
	var sch yibao.Scheme
	switch *scheme {
	case "employee", "flexible", "resident":
		sch = yibao.Scheme(*scheme)
	default:
		errs = append(errs, fmt.Sprintf("--scheme: %q: want employee, flexible or resident", *scheme))
	}
	var d yibao.Date
	switch {
	case *dateS != "":
		if d, err = yibao.ParseDate(*dateS); err != nil {
			errs = append(errs, "--date: "+err.Error())
		}
	case *year >= 1990 && *year <= 2100:
		d = yibao.DateOf(*year, 7, 1)
		if sch == yibao.Resident {
			d = yibao.DateOf(*year, 1, 1)
		}
	default:
		errs = append(errs, "--year: required, e.g. 2026 (or --date YYYY-MM-DD)")
	}
	var base yibao.Fen
	if *baseS != "" {
		base, err = yibao.ParseYuan(*baseS)
		switch {
		case errors.Is(err, yibao.ErrTooLarge) || (err == nil && base > yibao.MaxMonthlyBaseFen):
			errs = append(errs, fmt.Sprintf("--base: %s yuan is beyond any plausible monthly base (at most %s yuan)", *baseS, yibao.MaxMonthlyBaseFen.Grouped()))
		case err != nil || base <= 0:
			errs = append(errs, fmt.Sprintf("--base: %q: want a positive amount in yuan, e.g. 7646.00", *baseS))
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	if len(*option) > 64 {
		fmt.Fprintln(stderr, "--option: at most 64 bytes, e.g. 单建统筹")
		return exitBadCase
	}
	var birth yibao.Date
	if *birthS != "" {
		if birth, err = yibao.ParseDate(*birthS); err != nil {
			fmt.Fprintln(stderr, "--birth: "+err.Error())
			return exitBadCase
		}
	}
	res, err := eng.Contribution(engine.ContribRequest{Region: code, Scheme: sch, Date: d, BaseFen: base, Minor: *minor, Option: *option, Birth: birth})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	ans := report.BuildContrib(res, eng.Snapshot())
	if *asJSON {
		return writeJSON(stdout, ans)
	}
	report.WriteContrib(stdout, ans, report.ZH)
	return exitOK
}
