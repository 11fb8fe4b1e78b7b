package main

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"yibao/policy"
	"yibao/report"
)

// helpPaths is every command and subcommand of the table.
func helpPaths() [][]string {
	var out [][]string
	for _, c := range commands {
		out = append(out, []string{c.name})
		for _, s := range c.subs {
			out = append(out, []string{c.name, s.name})
		}
	}
	return out
}

// TestHelpEveryCommand: `CMD --help`, `CMD -h` and `yibao help CMD` print
// the command's usage with its positional arguments and every flag, on
// stdout, exit 0 — also after a positional argument, and for the commands
// that used to treat --help as an argument (regions searched for it, test
// opened it as a directory, policy called it an unknown command).
func TestHelpEveryCommand(t *testing.T) {
	for _, path := range helpPaths() {
		c := lookup(path...)
		name := "yibao " + strings.Join(path, " ")
		variants := [][]string{
			append(append([]string{}, path...), "--help"),
			append(append([]string{}, path...), "-h"),
			append(append([]string{}, path...), "-help"),
			append([]string{"help"}, path...),
			append(append([]string{}, path...), "some-arg", "--help"),
		}
		for _, args := range variants {
			code, out, stderr := runCLI(t, "", args...)
			if code != 0 || stderr != "" {
				t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
				continue
			}
			if !strings.HasPrefix(out, "用法 usage: "+name+" ") && out != "用法 usage: "+name+" \n" && !strings.HasPrefix(out, "用法 usage: "+name+"\n") {
				t.Errorf("%q: help does not start with the usage line:\n%s", args, out)
			}
			for _, a := range c.args {
				if !strings.Contains(out, a[0]) {
					t.Errorf("%q: help lacks the argument %s", args, a[0])
				}
			}
			if len(c.subs) > 0 {
				for _, s := range c.subs {
					if !strings.Contains(out, "  "+s.name+" ") {
						t.Errorf("%q: help lacks the subcommand %s", args, s.name)
					}
				}
				continue
			}
			c.flagSet().VisitAll(func(f *flag.Flag) {
				if !strings.Contains(out, flagSynopsis(f)) {
					t.Errorf("%q: help lacks %s", args, flagSynopsis(f))
				}
			})
			if !strings.Contains(out, "-h, --help") {
				t.Errorf("%q: help lacks -h, --help", args)
			}
		}
	}
	// the usage lines name the positional arguments
	for _, want := range []string{"yibao assess CASE", "yibao policy show REGION", "yibao policy diff REGION_A REGION_B", "yibao test [DIR]", "yibao regions [QUERY]", "yibao batch LEDGER -o RESULT"} {
		_, out, _ := runCLI(t, "", "help")
		if !strings.Contains(out, want) {
			t.Errorf("overview lacks %q", want)
		}
	}
}

// TestHelpOverview: help, --help and -h alone print the overview on stdout.
func TestHelpOverview(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		code, out, stderr := runCLI(t, "", args...)
		if code != 0 || stderr != "" || out != usageText() {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
	for _, path := range helpPaths() {
		if !strings.Contains(usageText(), "yibao "+strings.Join(path, " ")) && lookup(path...).subs == nil {
			t.Errorf("overview lacks %q", path)
		}
	}
}

// TestUsageErrors: no command, an unknown command or subcommand, help on an
// unknown topic and bad flags exit 2 with the usage on stderr.
func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args    []string
		wantErr []string
	}{
		{nil, []string{"用法 usage:", "yibao assess CASE"}},
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate"`, "用法 usage:"}},
		{[]string{"polcy"}, []string{`did you mean "policy"`}},
		{[]string{"policy"}, []string{"missing a command", "子命令 commands:"}},
		{[]string{"policy", "shwo", "上海"}, []string{`unknown command "policy shwo"`, `did you mean "show"`, "子命令 commands:"}},
		{[]string{"help", "nope"}, []string{`unknown command "nope"`}},
		{[]string{"help", "policy", "nope"}, []string{`unknown command "policy nope"`}},
		{[]string{"assess", "--nope", "x.yaml"}, []string{"flag provided but not defined: -nope", "用法 usage: yibao assess CASE", "yibao assess --help"}},
		{[]string{"assess"}, []string{"want one case file (- for stdin), got 0", "用法 usage: yibao assess CASE"}},
		{[]string{"policy", "stale", "--nope"}, []string{"flag provided but not defined", "yibao policy stale --help"}},
		{[]string{"regions", "--nope"}, []string{"unknown flag --nope"}},
		{[]string{"test", "--nope"}, []string{"unknown flag --nope"}},
		{[]string{"test", "a", "b"}, []string{"at most one directory"}},
		{[]string{"serve", "extra"}, []string{"takes flags only"}},
		{[]string{"contrib", "泸州"}, []string{"takes flags only"}},
		{[]string{"completion"}, []string{"want one shell"}},
		{[]string{"completion", "powershell"}, []string{"unsupported shell"}},
		{[]string{"version", "x"}, []string{"takes no arguments"}},
	} {
		code, out, stderr := runCLI(t, "", tc.args...)
		if code != 2 || out != "" {
			t.Errorf("%q: exit %d, stdout %q", tc.args, code, out)
		}
		for _, w := range tc.wantErr {
			if !strings.Contains(stderr, w) {
				t.Errorf("%q: stderr lacks %q:\n%s", tc.args, w, stderr)
			}
		}
	}
}

// TestLangUnsupported: --lang fr names the languages there are.
func TestLangUnsupported(t *testing.T) {
	for _, cmd := range []string{"assess", "plan"} {
		code, out, stderr := runCLI(t, "", cmd, "../../examples/luzhou-freelancer.yaml", "--lang", "fr")
		if code != 2 || out != "" {
			t.Errorf("%s: exit %d", cmd, code)
		}
		for _, w := range []string{`--lang "fr"`, "不支持", "zh（中文）", "en（English）", "choose zh (Chinese) or en (English)"} {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr lacks %q: %s", cmd, w, stderr)
			}
		}
	}
}

// TestVersion: --version, -V and version print the engine version and the
// policy snapshot.
func TestVersion(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := "yibao " + report.Version + " policy " + snap.Hash + "\n"
	for _, args := range [][]string{{"--version"}, {"-version"}, {"-V"}, {"version"}} {
		code, out, stderr := runCLI(t, "", args...)
		if code != 0 || out != want || stderr != "" {
			t.Errorf("%q: exit %d, %q, stderr %q; want %q", args, code, out, stderr, want)
		}
	}
}

// TestHelpFlagsMatchCommands: the table's flags for batch and transform
// (declared again in help.go) are the flags batchcmd.go parses: Go's flag
// package lists a flag set's real flags when it meets an unknown one.
func TestHelpFlagsMatchCommands(t *testing.T) {
	re := regexp.MustCompile(`(?m)^  -(\S+)`)
	for _, cmd := range []string{"batch", "transform"} {
		_, _, stderr := runCLI(t, "", cmd, "--no-such-flag")
		var real []string
		for _, m := range re.FindAllStringSubmatch(stderr, -1) {
			real = append(real, m[1])
		}
		var table []string
		lookup(cmd).flagSet().VisitAll(func(f *flag.Flag) { table = append(table, f.Name) })
		sort.Strings(real)
		if strings.Join(real, " ") != strings.Join(table, " ") || len(real) == 0 {
			t.Errorf("%s: batchcmd.go parses %v, the help table says %v", cmd, real, table)
		}
	}
	// every flag the table declares has a placeholder for its value
	for _, path := range helpPaths() {
		lookup(path...).flagSet().VisitAll(func(f *flag.Flag) {
			if !isBool(f) && flagMeta[f.Name].meta == "" {
				t.Errorf("%v --%s: no placeholder in flagMeta", path, f.Name)
			}
		})
	}
}

// TestCompletionScripts: each script parses in its shell (bash -n always;
// zsh -n and fish -n where installed) and names every command, subcommand
// and flag.
func TestCompletionScripts(t *testing.T) {
	for _, sh := range []string{"bash", "zsh", "fish"} {
		code, script, stderr := runCLI(t, "", "completion", sh)
		if code != 0 || stderr != "" {
			t.Fatalf("completion %s: exit %d: %s", sh, code, stderr)
		}
		for _, path := range helpPaths() {
			for _, p := range path {
				if !strings.Contains(script, p) {
					t.Errorf("%s: script lacks %q", sh, p)
				}
			}
			lookup(path...).flagSet().VisitAll(func(f *flag.Flag) {
				if !strings.Contains(script, f.Name) {
					t.Errorf("%s: script lacks --%s of %v", sh, f.Name, path)
				}
			})
		}
		file := filepath.Join(t.TempDir(), "yibao."+sh)
		os.WriteFile(file, []byte(script), 0o644)
		check := map[string][]string{"bash": {"bash", "-n", file}, "zsh": {"zsh", "-n", file}, "fish": {"fish", "--no-execute", file}}[sh]
		if _, err := exec.LookPath(check[0]); err != nil {
			if sh == "bash" {
				t.Fatal("bash is not installed")
			}
			t.Logf("%s not installed: syntax not checked", sh)
			continue
		}
		if out, err := exec.Command(check[0], check[1:]...).CombinedOutput(); err != nil {
			t.Errorf("%s does not parse its script: %v\n%s", sh, err, out)
		}
	}
}

// TestBashCompletes runs the bash script's function on command lines and
// checks what it offers.
func TestBashCompletes(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	_, script, _ := runCLI(t, "", "completion", "bash")
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "case-a.yaml"), nil, 0o644)
	os.WriteFile(filepath.Join(dir, "yibao.bash"), []byte(script), 0o644)
	for _, tc := range []struct {
		words string // the command line, the last word being completed
		want  string // COMPREPLY, sorted, space-separated
	}{
		{"yibao pol", "policy"},
		{"yibao co", "completion contrib"},
		{"yibao policy ", "--help coverage diff lint show stale"},
		{"yibao policy show --", "--as-of --help --json"},
		{"yibao assess --lang ", "en zh"},
		{"yibao assess --enc", "--encoding"},
		{"yibao plan --encoding g", "gb18030 gbk"},
		{"yibao contrib --scheme f", "flexible"},
		{"yibao completion ", "bash fish zsh"},
		{"yibao assess case-", "case-a.yaml"},
		{"yibao help pol", "policy"},
		{"yibao serve --max-in", "--max-in-flight"},
		{"yibao batch x.csv --as-of ", ""},
	} {
		words := strings.Fields(tc.words)
		if strings.HasSuffix(tc.words, " ") {
			words = append(words, "")
		}
		var quoted []string
		for _, w := range words {
			quoted = append(quoted, shQuote(w))
		}
		prog := "source yibao.bash; COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=$((${#COMP_WORDS[@]}-1)); _yibao; printf '%s\\n' \"${COMPREPLY[@]}\" | sort | tr '\\n' ' '"
		cmd := exec.Command("bash", "-c", prog)
		cmd.Dir = dir
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || stderr.Len() > 0 {
			t.Fatalf("%q: %v %s", tc.words, err, stderr.String())
		}
		if got := strings.TrimSpace(string(out)); got != tc.want {
			t.Errorf("%q: offers %q, want %q", tc.words, got, tc.want)
		}
	}
}

// TestZshAndFishComplete: zsh registers the function for yibao; fish
// offers the right words (where the shells are installed).
func TestZshAndFishComplete(t *testing.T) {
	dir := t.TempDir()
	if _, err := exec.LookPath("zsh"); err == nil {
		_, script, _ := runCLI(t, "", "completion", "zsh")
		f := filepath.Join(dir, "_yibao")
		os.WriteFile(f, []byte(script), 0o644)
		out, err := exec.Command("zsh", "-f", "-c", "autoload -U compinit; compinit -u -d "+filepath.Join(dir, "zcompdump")+"; source "+f+"; print ${_comps[yibao]}").CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != "_yibao" {
			t.Errorf("zsh: %v: %s", err, out)
		}
	} else {
		t.Log("zsh not installed")
	}
	if _, err := exec.LookPath("fish"); err != nil {
		t.Log("fish not installed")
		return
	}
	_, script, _ := runCLI(t, "", "completion", "fish")
	f := filepath.Join(dir, "yibao.fish")
	os.WriteFile(f, []byte(script), 0o644)
	for line, want := range map[string]string{
		"yibao pol":              "policy",
		"yibao policy ":          "coverage diff lint show stale",
		"yibao policy show --j":  "--json",
		"yibao assess --lang ":   "en zh",
		"yibao completion ":      "bash fish zsh",
		"yibao contrib --scheme": "--scheme",
	} {
		cmd := exec.Command("fish", "--no-config", "-c", "source "+shQuote(f)+"; complete -C "+shQuote(line))
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("fish %q: %v", line, err)
		}
		var words []string
		for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			if w, _, _ := strings.Cut(l, "\t"); w != "" {
				words = append(words, w)
			}
		}
		sort.Strings(words)
		if strings.Join(words, " ") != want {
			t.Errorf("fish %q: offers %q, want %q", line, words, want)
		}
	}
}

// TestHelpFromCatalogue: every text of the help (summaries, arguments,
// notes, flag descriptions) comes from the message catalogue in both
// languages (issue 14: one catalogue for every user-facing text, CLI help
// included). The flags batchcmd.go declares for batch and transform
// (--region, --as-of, --map, --workers) are not yet catalogued.
func TestHelpFromCatalogue(t *testing.T) {
	cat := report.Catalogue()
	has := func(where, key string) {
		t.Helper()
		if v, ok := cat[key]; !ok || v[0] == "" || v[1] == "" {
			t.Errorf("%s: %q is not in the catalogue in both languages", where, key)
		}
	}
	flagTexts := map[string]bool{}
	for k := range cat {
		if strings.HasPrefix(k, "cli.flag.") {
			flagTexts[cliText(k)] = true
		}
	}
	batchOwn := map[string]bool{"region": true, "as-of": true, "map": true, "workers": true}
	var walk func(path []string, cs []*command)
	walk = func(path []string, cs []*command) {
		for _, c := range cs {
			p := strings.Join(append(append([]string{}, path...), c.name), " ")
			has(p, c.key)
			for _, a := range c.args {
				has(p+" "+a[0], a[1])
			}
			for _, n := range c.notes {
				has(p+" note", n)
			}
			c.flagSet().VisitAll(func(f *flag.Flag) {
				if (c.name == "batch" || c.name == "transform") && batchOwn[f.Name] {
					return
				}
				if !flagTexts[f.Usage] {
					t.Errorf("%s --%s: %q is not a catalogue text (cli.flag.*)", p, f.Name, f.Usage)
				}
			})
			walk(append(path, c.name), c.subs)
		}
	}
	walk(nil, commands)
	_, out, _ := runCLI(t, "", "help", "assess")
	out = strings.Join(strings.Fields(out), " ") // undo the wrapping
	for _, l := range []report.Lang{report.ZH, report.EN} {
		if w := report.Msg("cli.arg.case", l); !strings.Contains(out, w) {
			t.Errorf("help assess lacks the catalogue's %q", w)
		}
	}
}
