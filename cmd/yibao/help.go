package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"yibao/internal/strictyaml"
	"yibao/report"
)

// The command table: one description of every command, from which the
// usage, `yibao help CMD`, `CMD --help` and the shell completions are all
// written, so they cannot disagree. The flags come from the same functions
// the commands declare them with (batch and transform, whose flags live in
// batchcmd.go, are checked against the real flag sets by a test).

// command is one command or subcommand.
type command struct {
	name     string
	usage    string      // what follows "yibao NAME" in the synopsis
	key      string      // catalogue key of the one-line summary (cli.cmd.*)
	args     [][2]string // positional arguments: name, catalogue key of the meaning
	argKind  string      // completion of positional arguments: file, dir, region, words
	words    []string    // argKind words: the choices
	notes    []string    // catalogue keys of further lines of help
	examples []string
	flags    func(fs *flag.FlagSet) // declares the flags; nil: none
	subs     []*command
}

// flagMeta describes a flag value for help (the placeholder) and for
// completion (its choices, or that it names a file).
var flagMeta = map[string]struct {
	meta   string
	values []string
	file   bool
}{
	"as-of":               {meta: "DATE"},
	"date":                {meta: "DATE"},
	"birth":               {meta: "DATE"},
	"lang":                {meta: "zh|en", values: []string{"zh", "en"}},
	"encoding":            {meta: "utf-8|gb18030|gbk", values: []string{"utf-8", "gb18030", "gbk"}},
	"scheme":              {meta: "employee|flexible|resident", values: []string{"employee", "flexible", "resident"}},
	"max-input":           {meta: "SIZE"},
	"region":              {meta: "REGION"},
	"year":                {meta: "YEAR"},
	"base":                {meta: "YUAN"},
	"option":              {meta: "NAME"},
	"map":                 {meta: "列名=field,…"},
	"workers":             {meta: "N"},
	"o":                   {meta: "FILE", file: true},
	"rejects":             {meta: "FILE", file: true},
	"persons":             {meta: "FILE", file: true},
	"columns":             {meta: "FIELD,…"},
	"due-within":          {meta: "30d|2w|…"},
	"format":              {meta: "csv|tsv|xlsx|parquet|jsonl", values: []string{"csv", "tsv", "xlsx", "parquet", "jsonl"}},
	"out-format":          {meta: "csv|tsv|xlsx|parquet|jsonl", values: []string{"csv", "tsv", "xlsx", "parquet", "jsonl"}},
	"sheet":               {meta: "SHEET"},
	"delimiter":           {meta: "auto|tab|ctrl-a|CHAR", values: []string{"auto", "tab", "ctrl-a"}},
	"addr":                {meta: "HOST:PORT"},
	"cors-origin":         {meta: "ORIGIN"},
	"max-body":            {meta: "BYTES"},
	"request-timeout":     {meta: "DURATION"},
	"max-in-flight":       {meta: "N"},
	"max-bytes-in-flight": {meta: "BYTES"},
	"cpuprofile":          {meta: "FILE", file: true},
}

var caseArg = [2]string{"CASE", "cli.arg.case"}

var policyAsOf = "cli.note.as_of"

var commands = []*command{
	{name: "assess", usage: "CASE [--json] [--lang zh|en] [--encoding E] [--max-input SIZE]",
		key:  "cli.cmd.assess",
		args: [][2]string{caseArg}, argKind: "file",
		notes: []string{
			"cli.note.assess.formats",
			"cli.note.assess.errors",
		},
		examples: []string{"yibao assess examples/luzhou-freelancer.yaml", "yibao assess - --json < case.json", "yibao assess case.yaml --lang en"},
		flags:    func(fs *flag.FlagSet) { new(caseOpts).register(fs, "assess") }},
	{name: "plan", usage: "CASE [--json] [--lang zh|en] [--encoding E] [--max-input SIZE]",
		key:  "cli.cmd.plan",
		args: [][2]string{caseArg}, argKind: "file",
		examples: []string{"yibao plan examples/luzhou-freelancer.yaml"},
		flags:    func(fs *flag.FlagSet) { new(caseOpts).register(fs, "plan") }},
	{name: "contrib", usage: "--region R --scheme S [--year Y | --date D] [--base YUAN] [--option NAME] [--birth DATE] [--minor] [--json]",
		key:      "cli.cmd.contrib",
		notes:    []string{"cli.note.contrib.year"},
		examples: []string{"yibao contrib --region 泸州 --scheme flexible --year 2026", "yibao contrib --region 510500 --scheme resident --birth 1960-05-01 --json"},
		flags:    func(fs *flag.FlagSet) { new(contribOpts).register(fs) }},
	{name: "test", usage: "[DIR]", key: "cli.cmd.test",
		args: [][2]string{{"DIR", "cli.arg.test.dir"}}, argKind: "dir",
		notes:    []string{"cli.note.test.exit"},
		examples: []string{"yibao test", "yibao test cases/luzhou"}},
	{name: "regions", usage: "[QUERY]", key: "cli.cmd.regions",
		args:     [][2]string{{"QUERY", "cli.arg.regions.query"}},
		examples: []string{"yibao regions 泸州", "yibao regions 510521", "yibao regions"}},
	{name: "policy", usage: "COMMAND [ARGS] [--as-of DATE] [--json]", key: "cli.cmd.policy",
		subs: []*command{
			{name: "show", usage: "REGION [--as-of DATE] [--json]", key: "cli.cmd.policy.show",
				args: [][2]string{{"REGION", "cli.arg.region"}}, argKind: "region",
				notes:    []string{policyAsOf, "cli.note.policy.show.json"},
				examples: []string{"yibao policy show 上海 --as-of 2026-11-22", "yibao policy show 510500 --json"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "coverage", usage: "[REGION...] [--as-of DATE] [--json]", key: "cli.cmd.policy.coverage",
				args: [][2]string{{"REGION...", "cli.arg.policy.coverage.regions"}}, argKind: "region",
				notes:    []string{policyAsOf},
				examples: []string{"yibao policy coverage", "yibao policy coverage 泸州 嘉峪关 --as-of 2026-01-01"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "stale", usage: "[--as-of DATE] [--json]", key: "cli.cmd.policy.stale",
				notes:    []string{policyAsOf, "cli.note.policy.stale.exit"},
				examples: []string{"yibao policy stale", "yibao policy stale --as-of 2027-06-01 --json"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "diff", usage: "REGION_A REGION_B [--as-of DATE] [--json] | REGION@DATE1 REGION@DATE2", key: "cli.cmd.policy.diff",
				args: [][2]string{{"REGION_A REGION_B", "cli.arg.policy.diff.regions"}, {"REGION@DATE", "cli.arg.policy.diff.dates"}}, argKind: "region",
				notes:    []string{policyAsOf},
				examples: []string{"yibao policy diff 上海 青岛", "yibao policy diff 甘肃@2025-06-01 甘肃@2026-06-01"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "lint", usage: "[--json]", key: "cli.cmd.policy.lint",
				notes:    []string{"cli.note.policy.lint.exit"},
				examples: []string{"yibao policy lint"},
				flags:    func(fs *flag.FlagSet) { fs.Bool("json", false, cliText("cli.flag.lint.json")) }},
		}},
	{name: "batch", usage: "LEDGER -o RESULT [--as-of D] [--region R] [--map 列名=field,…] [--encoding E] [--format F] [--out-format F] [--lang en] [--due-within 30d]",
		key:  "cli.cmd.batch",
		args: [][2]string{{"LEDGER", "cli.arg.batch.ledger"}}, argKind: "file",
		examples: []string{"yibao batch ledger.csv -o result.csv --region 泸州"},
		flags:    batchFlagsForHelp},
	{name: "transform", usage: "[--columns FIELD,…] [--as-of D] [--region R]",
		key:      "cli.cmd.transform",
		examples: []string{"yibao transform --region 泸州 < rows.tsv"},
		flags:    transformFlagsForHelp},
	{name: "serve", usage: "[--addr 127.0.0.1:8080] [limits…]", key: "cli.cmd.serve",
		examples: []string{"yibao serve", "yibao serve --addr :8080 --quiet"},
		flags:    func(fs *flag.FlagSet) { new(serveOpts).register(fs) }},
	{name: "completion", usage: "bash|zsh|fish", key: "cli.cmd.completion",
		args: [][2]string{{"SHELL", "cli.arg.completion.shell"}}, argKind: "words", words: []string{"bash", "zsh", "fish"},
		notes: []string{
			"cli.note.completion.bash",
			"cli.note.completion.zsh",
			"cli.note.completion.fish",
		}},
	{name: "version", key: "cli.cmd.version"},
	{name: "help", usage: "[COMMAND [SUBCOMMAND]]", key: "cli.cmd.help",
		args: [][2]string{{"COMMAND", "cli.arg.help.command"}}, argKind: "commands"},
}

// batchFlagsForHelp and transformFlagsForHelp declare the flags the
// commands declare, by the same functions.
func batchFlagsForHelp(fs *flag.FlagSet)     { registerBatch(fs) }
func transformFlagsForHelp(fs *flag.FlagSet) { registerTransform(fs) }

// zh and en are c's one-line summary.
func (c *command) zh() string { return report.Msg(c.key, report.ZH) }
func (c *command) en() string { return report.Msg(c.key, report.EN) }

// cliText is a help text of the catalogue as the bilingual help writes it:
// the Chinese, then the English (no space after a full-width bracket).
func cliText(key string) string {
	p := report.Pair(key)
	if strings.HasSuffix(p[0], "）") {
		return p[0] + p[1]
	}
	return p[0] + " " + p[1]
}

// cliTextf is cliText of a catalogue format: the Chinese, then the English,
// each formatted with args.
func cliTextf(key string, args ...any) string {
	zh, en := report.Sprintf(report.ZH, key, args...), report.Sprintf(report.EN, key, args...)
	if strings.HasSuffix(zh, "）") {
		return zh + en
	}
	return zh + " " + en
}

// cliBoth is a catalogue format in Chinese, then in English, as the CLI's
// errors and notes read: "中文 / English".
func cliBoth(key string, args ...any) string {
	return report.Sprintf(report.ZH, key, args...) + " / " + report.Sprintf(report.EN, key, args...)
}

// cliLines is a longer help text of the catalogue (a note): the Chinese
// line, then the English line.
func cliLines(key string) string {
	p := report.Pair(key)
	return p[0] + "\n" + p[1]
}

// lookup finds a command by its path ("policy", "show").
func lookup(path ...string) *command {
	cmds := commands
	var c *command
	for _, p := range path {
		c = nil
		for _, x := range cmds {
			if x.name == p {
				c = x
			}
		}
		if c == nil {
			return nil
		}
		cmds = c.subs
	}
	return c
}

// flagSet returns c's flags as a new FlagSet.
func (c *command) flagSet() *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	if c.flags != nil {
		c.flags(fs)
	}
	return fs
}

// newFlagSet is the flag set a command parses with: errors go to stderr
// followed by the command's synopsis and where to find its help.
func newFlagSet(stderr io.Writer, path ...string) *flag.FlagSet {
	fs := flag.NewFlagSet(strings.Join(path, " "), flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { shortUsage(stderr, path...) }
	return fs
}

// shortUsage writes a command's synopsis and how to get its help.
func shortUsage(w io.Writer, path ...string) {
	name := strings.Join(path, " ")
	if c := lookup(path...); c != nil {
		fmt.Fprintf(w, "%s: yibao %s %s\n", cliText("cli.head.usage"), name, c.usage)
	}
	fmt.Fprintf(w, "%s: yibao %s --help\n", cliText("cli.head.more"), name)
}

// usageText is the overview of every command.
func usageText() string {
	t := newTable()
	for _, c := range commands {
		if c.subs != nil {
			for _, s := range c.subs {
				t.add("  yibao "+c.name+" "+s.name+" "+argsSynopsis(s), s.zh()+" "+s.en())
			}
			continue
		}
		t.add("  yibao "+c.name+" "+argsSynopsis(c), c.zh()+" "+c.en())
	}
	var b strings.Builder
	b.WriteString("yibao：" + cliText("cli.title") + "\n\n" + cliText("cli.head.usage") + ":\n")
	t.limit(48, 80).write(&b)
	b.WriteString("\n" + cliLines("cli.overview.help") + "\n" + cliLines("cli.overview.version") + "\n")
	return b.String()
}

// argsSynopsis is the part of c's usage before its first flag.
func argsSynopsis(c *command) string {
	var keep []string
	for _, f := range strings.Fields(c.usage) {
		if strings.HasPrefix(f, "[-") || f == "|" {
			break
		}
		keep = append(keep, f)
	}
	return strings.Join(keep, " ")
}

// writeHelp writes the help of the command at path (nil: the overview).
func writeHelp(w io.Writer, path ...string) {
	c := lookup(path...)
	if c == nil {
		io.WriteString(w, usageText())
		return
	}
	name := "yibao " + strings.Join(path, " ")
	fmt.Fprintf(w, "%s: %s %s\n\n%s\n%s\n", cliText("cli.head.usage"), name, c.usage, c.zh(), upperFirst(c.en()))
	if len(c.subs) > 0 {
		fmt.Fprintf(w, "\n%s:\n", cliText("cli.head.commands"))
		t := newTable()
		for _, s := range c.subs {
			t.add("  "+s.name+" "+argsSynopsis(s), s.zh()+" "+s.en())
		}
		t.limit(0, 80).write(w)
		fmt.Fprintf(w, "\n%s: %s COMMAND --help\n", cliText("cli.head.more"), name)
		return
	}
	if len(c.args) > 0 {
		fmt.Fprintf(w, "\n%s:\n", cliText("cli.head.arguments"))
		t := newTable()
		for _, a := range c.args {
			t.add("  "+a[0], cliText(a[1]))
		}
		t.limit(0, 80).write(w)
	}
	fmt.Fprintf(w, "\n%s:\n", cliText("cli.head.options"))
	t := newTable()
	c.flagSet().VisitAll(func(f *flag.Flag) {
		t.add("  "+flagSynopsis(f), flagUsage(f))
	})
	t.add("  -h, --help", cliText("cli.flag.help"))
	t.limit(0, 80).write(w)
	if len(c.notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range c.notes {
			for _, line := range strings.Split(cliLines(n), "\n") {
				writeWrapped(w, "", line, 110)
			}
		}
	}
	if len(c.examples) > 0 {
		fmt.Fprintf(w, "\n%s:\n", cliText("cli.head.examples"))
		for _, e := range c.examples {
			fmt.Fprintln(w, "  "+e)
		}
	}
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// flagSynopsis is "--name META" ("-o FILE" for a one-letter name).
func flagSynopsis(f *flag.Flag) string {
	dash := "--"
	if len(f.Name) == 1 {
		dash = "-"
	}
	if isBool(f) {
		return dash + f.Name
	}
	meta := flagMeta[f.Name].meta
	if meta == "" {
		meta = "VALUE"
	}
	return dash + f.Name + " " + meta
}

func isBool(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// flagUsage is the flag's usage text with its default, unless the text
// already says it.
func flagUsage(f *flag.Flag) string {
	u := f.Usage
	switch f.DefValue {
	case "", "0", "false":
		return u
	}
	if strings.Contains(u, "default") {
		return u
	}
	return u + " (default " + f.DefValue + ")"
}

// helpPath finds a help request in args: "help CMD [SUB]", or -h, -help or
// --help anywhere before "--". It returns the command path the help is
// for, whether help was asked, and for `help X` with an unknown X, false
// in known.
func helpPath(args []string) (path []string, asked, known bool) {
	if len(args) == 0 {
		return nil, false, true
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		rest := args[1:]
		if len(rest) == 0 {
			return nil, true, true
		}
		for _, a := range rest {
			if args[0] == "help" && (a == "-h" || a == "-help" || a == "--help") {
				return []string{"help"}, true, true // help on help
			}
		}
		if lookup(rest...) == nil {
			return rest, true, false
		}
		return rest, true, true
	}
	for _, a := range args[1:] {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" {
			asked = true
		}
	}
	if !asked || lookup(args[0]) == nil {
		return nil, false, true
	}
	path = []string{args[0]}
	if len(args) > 1 && lookup(args[0], args[1]) != nil {
		path = append(path, args[1])
	}
	return path, true, true
}

// unknownCommand reports an unknown command with the closest known one.
func unknownCommand(w io.Writer, what string, names []string, usage string) {
	fmt.Fprint(w, cliBoth("cli.err.unknown_command", what))
	last := what[strings.LastIndexByte(what, ' ')+1:]
	if s := strictyaml.Closest(last, names); s != "" {
		fmt.Fprint(w, "\n"+cliBoth("cli.err.did_you_mean", s))
	}
	fmt.Fprintf(w, "\n\n%s", usage)
}

func commandNames(cmds []*command) []string {
	var out []string
	for _, c := range cmds {
		out = append(out, c.name)
	}
	return out
}

// langFlag checks --lang: zh or en; anything else is an error naming the
// languages there are.
func parseLang(s string) (report.Lang, error) {
	switch strings.ToLower(s) {
	case "zh", "zh-cn", "cn":
		return report.ZH, nil
	case "en":
		return report.EN, nil
	}
	return report.ZH, errors.New(cliBoth("cli.err.lang", s))
}

// versionText is what --version prints.
func versionText(hash string) string {
	return fmt.Sprintf("yibao %s policy %s\n", report.Version, hash)
}
