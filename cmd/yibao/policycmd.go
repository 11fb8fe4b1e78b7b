package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"yibao/engine"
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
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "yibao regions: unknown flag %s\n", a)
			shortUsage(stderr, "regions")
			return exitBadCase
		}
	}
	t := newTable(cliText("cli.pv.col.code"), cliText("cli.pv.col.name"), cliText("cli.pv.col.pooling"), cliText("cli.pv.col.policy_data")).limit(0, 0, 0, 60)
	row := func(r region.Region) {
		pool := region.Default().PoolingRegion(r.Code)
		t.add(r.Code, region.Default().FullName(r.Code), pool.Code+" "+pool.Name, dataLevel(snap, r.Code))
	}
	if len(args) == 0 {
		for _, r := range snap.Regions() {
			if rr, ok := region.Default().ByCode(r.Code); ok {
				row(rr)
			}
		}
		t.write(stdout)
		return exitOK
	}
	rs, err := region.Default().Lookup(strings.Join(args, ""))
	if err != nil {
		fmt.Fprintln(stderr, strings.TrimPrefix(err.Error(), "region: "))
		return exitFailed
	}
	for _, r := range rs {
		row(r)
	}
	t.write(stdout)
	return exitOK
}

// dataLevel says which levels of policy data exist for a code.
func dataLevel(snap *policy.Snapshot, code string) string {
	c := snap.Chain(code)
	var parts []string
	for _, r := range c.Levels {
		parts = append(parts, levelZH(r.Level, r.Code)+" "+r.Code)
	}
	if !c.Known {
		return cliText("cli.pv.local_not_encoded") + "; " + strings.Join(parts, " → ")
	}
	return strings.Join(parts, " → ")
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

// policyOpts are the flags of the policy commands.
type policyOpts struct {
	asOf asOf
	json bool
}

func (o *policyOpts) register(fs *flag.FlagSet) {
	o.asOf.register(fs)
	fs.BoolVar(&o.json, "json", false, cliText("cli.flag.policy.json"))
}

func policyCmd(eng *engine.Engine, args []string, stdout, stderr io.Writer) int {
	snap := eng.Snapshot()
	policyHelp := func() string {
		var b strings.Builder
		writeHelp(&b, "policy")
		return b.String()
	}
	if len(args) == 0 {
		fmt.Fprint(stderr, "yibao policy: "+cliText("cli.err.policy_missing")+"\n\n"+policyHelp())
		return exitBadCase
	}
	sub := lookup("policy", args[0])
	if sub == nil {
		unknownCommand(stderr, "policy "+args[0], commandNames(lookup("policy").subs), policyHelp())
		return exitBadCase
	}
	fs := newFlagSet(stderr, "policy", sub.name)
	if sub.name == "lint" {
		asJSON := fs.Bool("json", false, "")
		pos, err := parseInterleaved(fs, args[1:])
		if err != nil {
			return exitBadCase
		}
		if len(pos) > 0 {
			fmt.Fprintf(stderr, "yibao policy lint takes no arguments, got %q\n", pos)
			return exitBadCase
		}
		return lint(snap, *asJSON, stdout)
	}
	var o policyOpts
	o.register(fs)
	pos, err := parseInterleaved(fs, args[1:])
	if err != nil {
		return exitBadCase
	}
	d, defaulted, ok := o.asOf.date(stderr)
	if !ok {
		return exitBadCase
	}
	switch sub.name {
	case "show":
		if len(pos) != 1 {
			fmt.Fprintf(stderr, "yibao policy show: want one region, got %d\n", len(pos))
			shortUsage(stderr, "policy", "show")
			return exitBadCase
		}
		code, err := resolveRegion(pos[0])
		if err != nil {
			fmt.Fprintln(stderr, err)
			return exitBadCase
		}
		if o.json {
			return showJSON(eng, code, d, stdout, stderr)
		}
		return show(snap, code, d, defaulted, stdout)
	case "coverage":
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
		return coverage(snap, codes, d, defaulted, o.json, stdout)
	case "stale":
		if len(pos) > 0 {
			fmt.Fprintf(stderr, "yibao policy stale takes no arguments, got %q\n", pos)
			return exitBadCase
		}
		return stale(snap, d, defaulted, o.json, stdout)
	case "diff":
		return diff(snap, pos, d, defaulted, o.json, stdout, stderr)
	}
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
