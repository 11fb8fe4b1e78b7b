package main

import (
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
	zh, en   string      // one-line summary
	args     [][2]string // positional arguments: name, meaning
	argKind  string      // completion of positional arguments: file, dir, region, words
	words    []string    // argKind words: the choices
	notes    []string    // further lines of help
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

var caseArg = [2]string{"CASE", "案例文件（YAML 或 JSON；- 为标准输入；可含多个文档，逐个评估）case file, YAML or JSON; - reads stdin; several documents are answered one by one"}

var policyAsOf = "测算日默认为北京时间今天，输出注明所用日期 --as-of defaults to today in China; the output names the date used"

var commands = []*command{
	{name: "assess", usage: "CASE [--json] [--lang zh|en] [--encoding E] [--max-input SIZE]",
		zh: "评估参保记录：断缴、补缴、等待期", en: "assess a case file: lapses, back-payment, waiting periods",
		args: [][2]string{caseArg}, argKind: "file",
		notes: []string{
			"案例格式见 case format: docs/case-format.md；--json 答案格式见 answer format: docs/answer-format.md",
			"错误全部列出为 every error is listed as file:line:col: path: message，退出码 exit 2",
		},
		examples: []string{"yibao assess examples/luzhou-freelancer.yaml", "yibao assess - --json < case.json", "yibao assess case.yaml --lang en"},
		flags:    func(fs *flag.FlagSet) { new(caseOpts).register(fs, "assess") }},
	{name: "plan", usage: "CASE [--json] [--lang zh|en] [--encoding E] [--max-input SIZE]",
		zh: "怎么补划算：列出并排序可选方案", en: "ranked options: how to pay back or wait (docs/plan.md)",
		args: [][2]string{caseArg}, argKind: "file",
		examples: []string{"yibao plan examples/luzhou-freelancer.yaml"},
		flags:    func(fs *flag.FlagSet) { new(caseOpts).register(fs, "plan") }},
	{name: "contrib", usage: "--region R --scheme S [--year Y | --date D] [--base YUAN] [--option NAME] [--birth DATE] [--minor] [--json]",
		zh: "缴费计算器", en: "contribution calculator",
		notes:    []string{"--year 默认为测算日（--as-of，默认北京时间今天）所在年份 --year defaults to the year of --as-of (default: today in China)"},
		examples: []string{"yibao contrib --region 泸州 --scheme flexible --year 2026", "yibao contrib --region 510500 --scheme resident --birth 1960-05-01 --json"},
		flags:    func(fs *flag.FlagSet) { new(contribOpts).register(fs) }},
	{name: "test", usage: "[DIR]", zh: "运行 YAML 测试用例", en: "run the YAML test cases",
		args: [][2]string{{"DIR", "用例目录，默认 cases the directory of cases (default: cases)"}}, argKind: "dir",
		notes:    []string{"退出码 exit: 0 全部通过 all pass, 1 有失败 failures, 2 目录或文件有误 bad directory or file"},
		examples: []string{"yibao test", "yibao test cases/luzhou"}},
	{name: "regions", usage: "[QUERY]", zh: "查地区（名称或代码）", en: "look up regions by name or code",
		args:     [][2]string{{"QUERY", "地名或六位代码；省略则列出已编码地区 a name or six-digit code; none lists the encoded regions"}},
		examples: []string{"yibao regions 泸州", "yibao regions 510521", "yibao regions"}},
	{name: "policy", usage: "COMMAND [ARGS] [--as-of DATE] [--json]", zh: "浏览与检查政策数据", en: "browse and check the policy data",
		subs: []*command{
			{name: "show", usage: "REGION [--as-of DATE] [--json]", zh: "某地某日适用的全部参数", en: "every value in force: level, citation, confidence",
				args: [][2]string{{"REGION", "地名或代码 a region name or code"}}, argKind: "region",
				notes:    []string{policyAsOf, "--json 与 API 相同 the same as GET /v1/regions/{code}/parameters?as_of=DATE"},
				examples: []string{"yibao policy show 上海 --as-of 2026-11-22", "yibao policy show 510500 --json"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "coverage", usage: "[REGION...] [--as-of DATE] [--json]", zh: "各地数据覆盖", en: "which levels supply each region's values",
				args: [][2]string{{"REGION...", "地名或代码；省略则列出已编码地区及种子地区 names or codes; none lists the encoded and seed regions"}}, argKind: "region",
				notes:    []string{policyAsOf},
				examples: []string{"yibao policy coverage", "yibao policy coverage 泸州 嘉峪关 --as-of 2026-01-01"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "stale", usage: "[--as-of DATE] [--json]", zh: "已过复核日期的数据", en: "values past their review date",
				notes:    []string{policyAsOf, "退出码 exit 1 若有过期数据 when any value is overdue"},
				examples: []string{"yibao policy stale", "yibao policy stale --as-of 2027-06-01 --json"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "diff", usage: "REGION_A REGION_B [--as-of DATE] [--json] | REGION@DATE1 REGION@DATE2", zh: "两地或两日比较", en: "compare two regions, or one region on two dates",
				args: [][2]string{{"REGION_A REGION_B", "两个地区，同一测算日 two regions on the --as-of date"}, {"REGION@DATE", "地区@日期 a region on a date of its own"}}, argKind: "region",
				notes:    []string{policyAsOf},
				examples: []string{"yibao policy diff 上海 青岛", "yibao policy diff 甘肃@2025-06-01 甘肃@2026-06-01"},
				flags:    func(fs *flag.FlagSet) { new(policyOpts).register(fs) }},
			{name: "lint", usage: "[--json]", zh: "检查政策数据", en: "check the embedded policy data",
				notes:    []string{"退出码 exit 1 若有问题 when a problem is found"},
				examples: []string{"yibao policy lint"},
				flags:    func(fs *flag.FlagSet) { fs.Bool("json", false, "输出 JSON print the problems as JSON") }},
		}},
	{name: "batch", usage: "LEDGER -o RESULT [--as-of D] [--region R] [--map 列名=field,…] [--encoding E] [--format F] [--out-format F] [--lang en] [--due-within 30d]",
		zh: "批量评估：每人一行结果", en: "batch assessment: one result row per person (docs/batch.md)",
		args: [][2]string{{"LEDGER", "缴费明细 .csv/.tsv/.xlsx/.parquet/.jsonl the contribution rows"}}, argKind: "file",
		examples: []string{"yibao batch ledger.csv -o result.csv --region 泸州"},
		flags:    batchFlagsForHelp},
	{name: "transform", usage: "[--columns FIELD,…] [--as-of D] [--region R]",
		zh: "Spark/Hive TRANSFORM 行格式（TSV，\\N 为空），标准输入到标准输出", en: "Spark/Hive TRANSFORM rows (TSV, \\N for NULL), stdin to stdout",
		examples: []string{"yibao transform --region 泸州 < rows.tsv"},
		flags:    transformFlagsForHelp},
	{name: "serve", usage: "[--addr 127.0.0.1:8080] [limits…]", zh: "网页与 JSON API", en: "serve the web page and the JSON API (docs/api.md)",
		examples: []string{"yibao serve", "yibao serve --addr :8080 --quiet"},
		flags:    func(fs *flag.FlagSet) { new(serveOpts).register(fs) }},
	{name: "completion", usage: "bash|zsh|fish", zh: "生成 shell 自动补全脚本", en: "print a shell completion script",
		args: [][2]string{{"SHELL", "bash、zsh 或 fish"}}, argKind: "words", words: []string{"bash", "zsh", "fish"},
		notes: []string{
			"bash: source <(yibao completion bash)  （或写入 or save to /etc/bash_completion.d/yibao）",
			"zsh:  yibao completion zsh > \"${fpath[1]}/_yibao\"  （或 or source <(yibao completion zsh)）",
			"fish: yibao completion fish > ~/.config/fish/completions/yibao.fish",
		}},
	{name: "version", zh: "版本与政策数据快照", en: "engine version and policy snapshot"},
	{name: "help", usage: "[COMMAND [SUBCOMMAND]]", zh: "显示帮助", en: "show help for a command",
		args: [][2]string{{"COMMAND", "命令名 a command"}}, argKind: "commands"},
}

// batchFlagsForHelp and transformFlagsForHelp declare the flags the
// commands declare, by the same functions.
func batchFlagsForHelp(fs *flag.FlagSet)     { registerBatch(fs) }
func transformFlagsForHelp(fs *flag.FlagSet) { registerTransform(fs) }

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
		fmt.Fprintf(w, "用法 usage: yibao %s %s\n", name, c.usage)
	}
	fmt.Fprintf(w, "详见 more: yibao %s --help\n", name)
}

// usageText is the overview of every command.
func usageText() string {
	t := newTable()
	for _, c := range commands {
		if c.subs != nil {
			for _, s := range c.subs {
				t.add("  yibao "+c.name+" "+s.name+" "+argsSynopsis(s), s.zh+" "+s.en)
			}
			continue
		}
		t.add("  yibao "+c.name+" "+argsSynopsis(c), c.zh+" "+c.en)
	}
	var b strings.Builder
	b.WriteString("yibao：医保断缴、补缴与等待期 China's basic medical insurance: lapses, back-payment, waiting periods\n\n用法 usage:\n")
	t.limit(48, 80).write(&b)
	b.WriteString("\n每个命令的说明 help for a command: yibao help COMMAND 或 or yibao COMMAND --help\n" +
		"版本 version: yibao --version · 自动补全 completion: yibao completion bash|zsh|fish\n")
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
	fmt.Fprintf(w, "用法 usage: %s %s\n\n%s\n%s\n", name, c.usage, c.zh, upperFirst(c.en))
	if len(c.subs) > 0 {
		fmt.Fprintln(w, "\n子命令 commands:")
		t := newTable()
		for _, s := range c.subs {
			t.add("  "+s.name+" "+argsSynopsis(s), s.zh+" "+s.en)
		}
		t.limit(0, 80).write(w)
		fmt.Fprintf(w, "\n详见 more: %s COMMAND --help\n", name)
		return
	}
	if len(c.args) > 0 {
		fmt.Fprintln(w, "\n参数 arguments:")
		t := newTable()
		for _, a := range c.args {
			t.add("  "+a[0], a[1])
		}
		t.limit(0, 80).write(w)
	}
	fmt.Fprintln(w, "\n选项 options:")
	t := newTable()
	c.flagSet().VisitAll(func(f *flag.Flag) {
		t.add("  "+flagSynopsis(f), flagUsage(f))
	})
	t.add("  -h, --help", "显示本帮助 show this help")
	t.limit(0, 80).write(w)
	if len(c.notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range c.notes {
			writeWrapped(w, "", n, 110)
		}
	}
	if len(c.examples) > 0 {
		fmt.Fprintln(w, "\n例 examples:")
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
	fmt.Fprintf(w, "未知命令 unknown command %q", what)
	last := what[strings.LastIndexByte(what, ' ')+1:]
	if s := strictyaml.Closest(last, names); s != "" {
		fmt.Fprintf(w, "，是否要 did you mean %q?", s)
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
	return report.ZH, fmt.Errorf("--lang %q: 不支持该语言，可选 zh（中文）或 en（English） / language not supported: choose zh (Chinese) or en (English)", s)
}

// versionText is what --version prints.
func versionText(hash string) string {
	return fmt.Sprintf("yibao %s policy %s\n", report.Version, hash)
}
