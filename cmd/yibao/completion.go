package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// `yibao completion bash|zsh|fish`: completion scripts written from the
// command table (commands, subcommands, flags, flag values, files).

func completionCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) != 1 {
		fmt.Fprintf(stderr, "yibao completion: want one shell: bash, zsh or fish\n")
		shortUsage(stderr, "completion")
		return exitBadCase
	}
	switch args[0] {
	case "bash":
		io.WriteString(stdout, bashCompletion())
	case "zsh":
		io.WriteString(stdout, zshCompletion())
	case "fish":
		io.WriteString(stdout, fishCompletion())
	default:
		fmt.Fprintln(stderr, "yibao completion: "+cliBoth("cli.err.shell", args[0]))
		return exitBadCase
	}
	return exitOK
}

// compFlag is a flag as completion needs it.
type compFlag struct {
	name, usage string
	takesValue  bool
	values      []string
	file        bool
}

func (f compFlag) dashed() string {
	if len(f.name) == 1 {
		return "-" + f.name
	}
	return "--" + f.name
}

func compFlags(c *command) []compFlag {
	var out []compFlag
	c.flagSet().VisitAll(func(f *flag.Flag) {
		m := flagMeta[f.Name]
		out = append(out, compFlag{name: f.Name, usage: f.Usage, takesValue: !isBool(f), values: m.values, file: m.file})
	})
	out = append(out, compFlag{name: "help", usage: "show this help"})
	return out
}

// leaves is every runnable command with its path, in table order.
func leaves() [][]*command {
	var out [][]*command
	for _, c := range commands {
		if len(c.subs) == 0 {
			out = append(out, []*command{c})
		}
		for _, s := range c.subs {
			out = append(out, []*command{c, s})
		}
	}
	return out
}

func pathName(p []*command) string {
	var s []string
	for _, c := range p {
		s = append(s, c.name)
	}
	return strings.Join(s, " ")
}

// summary is a command's one-line description for completion menus
// (ASCII quotes and brackets removed: they would need escaping).
func summary(c *command) string {
	return strings.NewReplacer("'", "’", "\"", "”", "[", "(", "]", ")", ":", "：", "\\", "/").Replace(c.zh() + " " + c.en())
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func bashCompletion() string {
	var b strings.Builder
	b.WriteString(`# bash completion for yibao (yibao completion bash)
# source <(yibao completion bash), or save it as /etc/bash_completion.d/yibao

_yibao() {
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n := || return
    else
        COMPREPLY=()
        cur="${COMP_WORDS[COMP_CWORD]}"
        prev="${COMP_WORDS[COMP_CWORD-1]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local cmd="" sub="" i
    for ((i = 1; i < cword; i++)); do
        case "${words[i]}" in
        -*) ;;
        *)
            if [[ -z $cmd ]]; then cmd="${words[i]}"
            elif [[ -z $sub && $cmd == policy ]]; then sub="${words[i]}"
            fi ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(commandNames(commands), " ") + ` --help --version" -- "$cur"))
        return
    fi
    local path="$cmd"
    case "$cmd" in
`)
	for _, c := range commands {
		if len(c.subs) > 0 {
			fmt.Fprintf(&b, "    %s)\n        if [[ -z $sub ]]; then\n            COMPREPLY=($(compgen -W %s -- \"$cur\"))\n            return\n        fi\n        path=\"%s $sub\" ;;\n",
				c.name, shQuote(strings.Join(commandNames(c.subs), " ")+" --help"), c.name)
		}
	}
	b.WriteString("    esac\n    case \"$path\" in\n")
	for _, p := range leaves() {
		c := p[len(p)-1]
		fl := compFlags(c)
		var names []string
		var valueCases []string
		var takes []string
		for _, f := range fl {
			names = append(names, f.dashed())
			if !f.takesValue {
				continue
			}
			takes = append(takes, f.dashed())
			switch {
			case len(f.values) > 0:
				valueCases = append(valueCases, fmt.Sprintf("            %s) COMPREPLY=($(compgen -W %s -- \"$cur\")); return ;;", f.dashed(), shQuote(strings.Join(f.values, " "))))
			case f.file:
				valueCases = append(valueCases, fmt.Sprintf("            %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;", f.dashed()))
			}
		}
		fmt.Fprintf(&b, "    %s)\n", shQuote(pathName(p)))
		if len(takes) > 0 {
			b.WriteString("        case \"$prev\" in\n")
			for _, v := range valueCases {
				b.WriteString(v + "\n")
			}
			fmt.Fprintf(&b, "            %s) return ;;\n        esac\n", strings.Join(takes, "|"))
		}
		fmt.Fprintf(&b, "        if [[ $cur == -* ]]; then\n            COMPREPLY=($(compgen -W %s -- \"$cur\"))\n            return\n        fi\n", shQuote(strings.Join(names, " ")))
		switch c.argKind {
		case "file":
			b.WriteString("        COMPREPLY=($(compgen -f -- \"$cur\"))\n")
		case "dir":
			b.WriteString("        COMPREPLY=($(compgen -d -- \"$cur\"))\n")
		case "words":
			fmt.Fprintf(&b, "        COMPREPLY=($(compgen -W %s -- \"$cur\"))\n", shQuote(strings.Join(c.words, " ")))
		case "commands":
			fmt.Fprintf(&b, "        COMPREPLY=($(compgen -W %s -- \"$cur\"))\n", shQuote(strings.Join(commandNames(commands), " ")))
		}
		b.WriteString("        ;;\n")
	}
	b.WriteString("    esac\n}\n\ncomplete -o default -o bashdefault -F _yibao yibao 2>/dev/null || complete -o default -F _yibao yibao\n")
	return b.String()
}

// zshSpec is one _arguments spec for a flag.
func zshSpec(f compFlag) string {
	desc := strings.NewReplacer("'", "’", "[", "(", "]", ")", ":", "：", "\\", "/").Replace(f.usage)
	if !f.takesValue {
		return shQuote(f.dashed() + "[" + desc + "]")
	}
	action := " "
	switch {
	case len(f.values) > 0:
		action = "(" + strings.Join(f.values, " ") + ")"
	case f.file:
		action = "_files"
	}
	return shQuote(f.dashed() + "[" + desc + "]:" + f.name + ":" + action)
}

func zshDescribe(cmds []*command) string {
	var items []string
	for _, c := range cmds {
		items = append(items, shQuote(c.name+":"+summary(c)))
	}
	return strings.Join(items, " ")
}

func zshLeaf(b *strings.Builder, c *command, indent string) {
	specs := []string{}
	for _, f := range compFlags(c) {
		specs = append(specs, zshSpec(f))
	}
	switch c.argKind {
	case "file":
		specs = append(specs, shQuote("*:file:_files"))
	case "dir":
		specs = append(specs, shQuote("*:directory:_files -/"))
	case "words":
		specs = append(specs, shQuote("1:"+c.args[0][0]+":("+strings.Join(c.words, " ")+")"))
	case "commands":
		specs = append(specs, shQuote("1:command:("+strings.Join(commandNames(commands), " ")+")"))
	}
	fmt.Fprintf(b, "%s_arguments -s -S \\\n%s  %s\n", indent, indent, strings.Join(specs, " \\\n"+indent+"  "))
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString(`#compdef yibao
# zsh completion for yibao (yibao completion zsh)
# yibao completion zsh > "${fpath[1]}/_yibao", or source <(yibao completion zsh)

_yibao() {
    local -a cmds subs
    cmds=(` + zshDescribe(commands) + `)
    if (( CURRENT == 2 )); then
        _describe -t commands 'yibao command' cmds
        return
    fi
    local cmd=$words[2]
    shift words
    (( CURRENT-- ))
    case $cmd in
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "    %s)\n", c.name)
		if len(c.subs) == 0 {
			zshLeaf(&b, c, "        ")
			b.WriteString("        ;;\n")
			continue
		}
		fmt.Fprintf(&b, "        subs=(%s)\n        if (( CURRENT == 2 )); then\n            _describe -t commands 'yibao %s command' subs\n            return\n        fi\n", zshDescribe(c.subs), c.name)
		b.WriteString("        local sub=$words[2]\n        shift words\n        (( CURRENT-- ))\n        case $sub in\n")
		for _, s := range c.subs {
			fmt.Fprintf(&b, "        %s)\n", s.name)
			zshLeaf(&b, s, "            ")
			b.WriteString("            ;;\n")
		}
		b.WriteString("        esac\n        ;;\n")
	}
	b.WriteString(`    esac
}

if [[ $zsh_eval_context[-1] == loadautoload ]]; then
    _yibao "$@"
else
    compdef _yibao yibao
fi
`)
	return b.String()
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for yibao (yibao completion fish)\n# yibao completion fish > ~/.config/fish/completions/yibao.fish\n\n")
	top := commandNames(commands)
	sort.Strings(top)
	b.WriteString("complete -c yibao -f\n")
	fmt.Fprintf(&b, "complete -c yibao -n '__fish_use_subcommand' -l version -d 'version'\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "complete -c yibao -n '__fish_use_subcommand' -a %s -d %s\n", c.name, shQuote(summary(c)))
	}
	for _, c := range commands {
		cond := "__fish_seen_subcommand_from " + c.name
		if len(c.subs) > 0 {
			subNames := strings.Join(commandNames(c.subs), " ")
			for _, s := range c.subs {
				fmt.Fprintf(&b, "complete -c yibao -n %s -a %s -d %s\n",
					shQuote(cond+"; and not __fish_seen_subcommand_from "+subNames), s.name, shQuote(summary(s)))
			}
			for _, s := range c.subs {
				fishLeaf(&b, s, cond+"; and __fish_seen_subcommand_from "+s.name)
			}
			continue
		}
		fishLeaf(&b, c, cond)
	}
	return b.String()
}

func fishLeaf(b *strings.Builder, c *command, cond string) {
	for _, f := range compFlags(c) {
		opt := "-l " + f.name
		if len(f.name) == 1 {
			opt = "-s " + f.name
		}
		line := fmt.Sprintf("complete -c yibao -n %s %s -d %s", shQuote(cond), opt, shQuote(strings.ReplaceAll(f.usage, "\n", " ")))
		if f.takesValue {
			switch {
			case len(f.values) > 0:
				line += " -x -a " + shQuote(strings.Join(f.values, " "))
			case f.file:
				line += " -r -F"
			default:
				line += " -x"
			}
		}
		b.WriteString(line + "\n")
	}
	switch c.argKind {
	case "file", "dir":
		fmt.Fprintf(b, "complete -c yibao -n %s -F\n", shQuote(cond))
	case "words":
		fmt.Fprintf(b, "complete -c yibao -n %s -a %s\n", shQuote(cond), shQuote(strings.Join(c.words, " ")))
	case "commands":
		fmt.Fprintf(b, "complete -c yibao -n %s -a %s\n", shQuote(cond), shQuote(strings.Join(commandNames(commands), " ")))
	}
}
