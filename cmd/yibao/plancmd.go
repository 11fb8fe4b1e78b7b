package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"strings"

	"yibao"
	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/internal/strictyaml"
	"yibao/report"
)

// caseOpts are the flags of the commands that read a case (assess, plan).
type caseOpts struct {
	json     bool
	lang     string
	enc      string
	maxInput byteSize
}

func (o *caseOpts) register(fs *flag.FlagSet, cmd string) {
	what := "cli.flag.json.assess"
	if cmd == "plan" {
		what = "cli.flag.json.plan"
	}
	fs.BoolVar(&o.json, "json", false, cliText(what))
	fs.StringVar(&o.lang, "lang", "zh", cliText("cli.flag.lang"))
	o.enc = "utf-8"
	fs.Func("encoding", cliText("cli.flag.encoding"), func(v string) error {
		if _, ok := caseio.EncodingName(v); !ok {
			return &caseio.UnknownEncodingError{Name: v}
		}
		o.enc = v
		return nil
	})
	o.maxInput = defaultMaxInput
	fs.Var(&o.maxInput, "max-input", cliText("cli.flag.max-input"))
}

// runCases is assess and plan: read the input (every document of it),
// answer each valid document, print the answers in order, and exit with
// the worst code. A document with errors is listed on stderr with every
// error, at its line in the input.
func runCases(args []string, stdin io.Reader, stdout, stderr io.Writer, cmd string,
	answer func(*yibao.Case) (any, error), text func(io.Writer, any, report.Lang)) int {
	fs := newFlagSet(stderr, cmd)
	var o caseOpts
	o.register(fs, cmd)
	files, err := parseInterleaved(fs, args) // flags before or after the file name
	if err != nil {
		return exitBadCase
	}
	l, err := parseLang(o.lang)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "yibao %s: want one case file (- for stdin), got %d\n", cmd, len(files))
		shortUsage(stderr, cmd)
		return exitBadCase
	}
	docs, name, code := loadCases(files[0], o.enc, int64(o.maxInput), stdin, stderr)
	if docs == nil {
		return code
	}
	worst := exitOK
	for i, d := range docs {
		label := name
		if len(docs) > 1 {
			at := cliTextf("cli.doc.line", d.line)
			if d.col > 1 {
				at = cliTextf("cli.doc.line_col", d.line, d.col)
			}
			label = name + " " + cliTextf("cli.doc.n", i+1, len(docs)) + "（" + at + "）"
			if !o.json {
				if i > 0 {
					fmt.Fprintln(stdout)
				}
				fmt.Fprintf(stdout, "===== %s =====\n", label)
			}
		}
		if d.errs != nil {
			printCaseErrors(stderr, name, label, d.errs)
			if !o.json && len(docs) > 1 {
				fmt.Fprintln(stdout, cliText("cli.doc.not_answered"))
			}
			worst = max(worst, exitBadCase)
			continue
		}
		ans, err := answer(d.c)
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", label, err)
			worst = max(worst, exitBadCase)
			continue
		}
		if o.json {
			if c := writeJSON(stdout, ans); c != exitOK {
				return c
			}
			continue
		}
		text(stdout, ans, l)
	}
	return worst
}

// parsedDoc is one document of an input: its case, or its errors.
type parsedDoc struct {
	c         *yibao.Case
	errs      error
	line, col int
}

// loadCases reads a case file ("-" = stdin) of at most limit bytes in
// encoding enc and parses every document in it. On an input that cannot
// be read at all it prints the error and returns nil and the exit code.
func loadCases(name, enc string, limit int64, stdin io.Reader, stderr io.Writer) ([]parsedDoc, string, int) {
	src, name, err := readInput(name, stdin, limit)
	if err == nil {
		src, err = caseio.Decode(src, enc)
	}
	if err != nil {
		printCaseErrors(stderr, name, name, err)
		return nil, name, exitBadCase
	}
	docs := caseio.Documents(src)
	if len(docs) > maxDocuments {
		fmt.Fprintf(stderr, "%s: %s\n", name, cliBoth("cli.err.too_many_docs", len(docs), maxDocuments))
		return nil, name, exitBadCase
	}
	out := make([]parsedDoc, len(docs))
	for i, d := range docs {
		out[i].line, out[i].col = d.Line, d.Col
		c, err := caseio.Parse(d.Src)
		if err != nil {
			out[i].errs = shiftErrors(err, d.Line, d.Col)
			continue
		}
		out[i].c = c
	}
	return out, name, exitOK
}

// shiftErrors moves a document's error positions to the input's.
func shiftErrors(err error, line, col int) error {
	var es strictyaml.Errors
	if !errors.As(err, &es) || (line == 1 && col == 1) {
		return err
	}
	moved := make(strictyaml.Errors, len(es))
	for i, e := range es {
		if e.Line == 1 {
			e.Col += col - 1
		}
		e.Line += line - 1
		moved[i] = e
	}
	return moved
}

// printCaseErrors lists every error of a document as name:line:col: path: message.
func printCaseErrors(stderr io.Writer, name, label string, err error) {
	var es strictyaml.Errors
	var pe *iofs.PathError
	if errors.As(err, &pe) {
		fmt.Fprintln(stderr, err)
		return
	}
	if errors.As(err, &es) {
		report.WriteCaseErrors(stderr, label, name, es) // each in Chinese, then in English
		return
	}
	fmt.Fprintf(stderr, "%s: %v\n", label, err)
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
	return runCases(args, stdin, stdout, stderr, "plan",
		func(c *yibao.Case) (any, error) {
			p, err := (&advisor.Advisor{Eng: eng}).Plan(c)
			if err != nil {
				return nil, err
			}
			return report.BuildPlan(p, eng.Snapshot()), nil
		},
		func(w io.Writer, ans any, l report.Lang) { report.WritePlan(w, ans.(*report.PlanAnswer), l) })
}

// contribOpts are the calculator's flags.
type contribOpts struct {
	region, scheme, date, base, option, birth string
	lang                                      string
	year                                      int
	minor, json                               bool
	asOf                                      asOf
}

func (o *contribOpts) register(fs *flag.FlagSet) {
	fs.StringVar(&o.region, "region", "", cliText("cli.flag.contrib.region"))
	fs.StringVar(&o.scheme, "scheme", "", cliText("cli.flag.contrib.scheme"))
	fs.IntVar(&o.year, "year", 0, cliText("cli.flag.contrib.year"))
	fs.StringVar(&o.date, "date", "", cliText("cli.flag.contrib.date"))
	o.asOf.register(fs)
	fs.StringVar(&o.base, "base", "", cliText("cli.flag.contrib.base"))
	fs.BoolVar(&o.minor, "minor", false, cliText("cli.flag.contrib.minor"))
	fs.StringVar(&o.option, "option", "", cliText("cli.flag.contrib.option"))
	fs.StringVar(&o.birth, "birth", "", cliText("cli.flag.contrib.birth"))
	fs.BoolVar(&o.json, "json", false, cliText("cli.flag.contrib.json"))
	fs.StringVar(&o.lang, "lang", "zh", cliText("cli.flag.contrib.lang"))
}

func contribCmd(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet(stderr, "contrib")
	var o contribOpts
	o.register(fs)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return exitBadCase
	}
	var errs []string
	lang, err := parseLang(o.lang)
	if err != nil {
		errs = append(errs, err.Error())
	}
	if len(pos) > 0 {
		errs = append(errs, report.Sprintf(report.EN, "cli.err.contrib_positional", pos))
	}
	code, err := resolveRegion(o.region)
	if o.region == "" {
		errs = append(errs, report.Msg("cli.err.region_required", report.EN))
	} else if err != nil {
		errs = append(errs, "--region: "+err.Error())
	}
	var sch yibao.Scheme
	switch o.scheme {
	case "employee", "flexible", "resident":
		sch = yibao.Scheme(o.scheme)
	default:
		errs = append(errs, fmt.Sprintf("--scheme: %q: want employee, flexible or resident", o.scheme))
	}
	asOfDate, defaulted, ok := o.asOf.date(stderr)
	if !ok {
		return exitBadCase
	}
	var d yibao.Date
	year := o.year
	yearNote := ""
	if year == 0 && o.date == "" {
		year = asOfDate.Month().Year()
		yearNote = fmt.Sprintf("%s → --year %d", asOfNote(asOfDate, defaulted), year)
	}
	switch {
	case o.date != "":
		if d, err = yibao.ParseDate(o.date); err != nil {
			errs = append(errs, "--date: "+err.Error())
		}
	case year >= 1990 && year <= 2100:
		d = yibao.DateOf(year, 7, 1)
		if sch == yibao.Resident {
			d = yibao.DateOf(year, 1, 1)
		}
	default:
		errs = append(errs, fmt.Sprintf("--year: %d: want a year between 1990 and 2100, e.g. 2026 (or --date YYYY-MM-DD)", year))
	}
	var base yibao.Fen
	if o.base != "" {
		base, err = yibao.ParseYuan(o.base)
		switch {
		case errors.Is(err, yibao.ErrTooLarge) || (err == nil && base > yibao.MaxMonthlyBaseFen):
			errs = append(errs, fmt.Sprintf("--base: %s yuan is beyond any plausible monthly base (at most %s yuan)", o.base, yibao.MaxMonthlyBaseFen.Grouped()))
		case err != nil || base <= 0:
			errs = append(errs, fmt.Sprintf("--base: %q: want a positive amount in yuan, e.g. 7646.00", o.base))
		}
	}
	if len(o.option) > 64 {
		errs = append(errs, report.Msg("cli.err.option_long", report.EN))
	}
	var birth yibao.Date
	if o.birth != "" {
		if birth, err = yibao.ParseDate(o.birth); err != nil {
			errs = append(errs, "--birth: "+err.Error())
		}
	}
	if len(errs) > 0 {
		fmt.Fprintln(stderr, strings.Join(errs, "\n"))
		return exitBadCase
	}
	res, err := eng.Contribution(engine.ContribRequest{Region: code, Scheme: sch, Date: d, BaseFen: base, Minor: o.minor, Option: o.option, Birth: birth})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitBadCase
	}
	ans := report.BuildContrib(res, eng.Snapshot())
	if o.json {
		if yearNote != "" {
			fmt.Fprintln(stderr, yearNote) // stdout stays one JSON value; its date says the rest
		}
		return writeJSON(stdout, ans)
	}
	if yearNote != "" {
		fmt.Fprintln(stdout, yearNote)
	}
	report.WriteContrib(stdout, ans, lang)
	return exitOK
}
