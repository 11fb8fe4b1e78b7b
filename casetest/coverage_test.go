package casetest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"yibao/internal/strictyaml"
	"yibao/report"
)

// notYetAsserted lists the reason codes of the report message catalogue
// (report/messages.go) that no analyst case under cases/ asserts today,
// neither in reasons: nor in an output path on reasons (docs/case-format.md,
// "Every reason code is asserted"). The list may only shrink:
// TestEveryReasonCodeAsserted fails when a code missing from cases/ is not
// listed here, and when a listed code is asserted (or gone) so the entry
// must be removed. Add a case for a code, then delete its line.
var notYetAsserted = []string{
	// empty: the codes no real region reaches (benefit.start.days,
	// .days_not_encoded, .payment_month, flexible.first_enrolment.none,
	// waiting.rules_not_encoded and their quote.* forms) are asserted by
	// the what-if cases in cases/whatif/, on draft rules
	// (docs/case-format.md, "Draft rules").
}

// TestEveryReasonCodeAsserted: every reason code the message catalogue knows
// is asserted by at least one analyst case (issue 10, item 10c).
func TestEveryReasonCodeAsserted(t *testing.T) {
	known := catalogueCodes(t, "../report")
	var codes []string
	for _, c := range known {
		if report.IsReasonCode(c) { // not a warning or a label
			codes = append(codes, c)
		}
	}
	asserted := assertedReasonCodes(t, "../cases")
	var uncovered []string
	for _, c := range codes {
		if !asserted[c] {
			uncovered = append(uncovered, c)
		}
	}
	sort.Strings(uncovered)
	t.Logf("%d of %d reason codes asserted by a case; not yet asserted (%d): %s",
		len(codes)-len(uncovered), len(codes), len(uncovered), strings.Join(uncovered, ", "))

	allowed := map[string]bool{}
	for _, c := range notYetAsserted {
		allowed[c] = true
	}
	if !slices.IsSorted(notYetAsserted) {
		t.Errorf("notYetAsserted is not sorted")
	}
	var newly, nowCovered []string
	for _, c := range uncovered {
		if !allowed[c] {
			newly = append(newly, c)
		}
	}
	for _, c := range notYetAsserted {
		if !slices.Contains(uncovered, c) {
			nowCovered = append(nowCovered, c)
		}
	}
	if len(newly) > 0 {
		t.Errorf("reason codes no analyst case asserts (add a case with reasons: or output: reasons[code=…], see docs/case-format.md):\n\t%s",
			strings.Join(newly, "\n\t"))
	}
	if len(nowCovered) > 0 {
		t.Errorf("remove from notYetAsserted (now asserted by a case, or no longer in the catalogue):\n\t%s",
			strings.Join(nowCovered, "\n\t"))
	}
}

// catalogueCodes reads the keys of the report package's `messages` map from
// its source: the catalogue is unexported, and the test must see codes that
// no case produces.
func catalogueCodes(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	found := false
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, name := range vs.Names {
				if name.Name != "catalogue" || i >= len(vs.Values) {
					continue
				}
				lit, ok := vs.Values[i].(*ast.CompositeLit)
				if !ok {
					continue
				}
				found = true
				for _, e := range lit.Elts {
					kv, ok := e.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					if bl, ok := kv.Key.(*ast.BasicLit); ok && bl.Kind == token.STRING {
						if s, err := strconv.Unquote(bl.Value); err == nil {
							codes = append(codes, s)
						}
					}
				}
			}
			return false
		})
	}
	if !found || len(codes) == 0 {
		t.Fatalf("no `catalogue` map literal with string keys in %s/*.go: this test reads the catalogue from there", dir)
	}
	return codes
}

// assertedReasonCodes collects the reason codes the cases under dir assert:
// expect.reasons, and output entries that pick a reason by its code
// (reasons[code=X]) or state one (reasons[N].code: X, reasons: [{code: X}], …),
// wherever the reasons list is (the answer, the plan's assessment, …).
func assertedReasonCodes(t *testing.T, dir string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var f File
		if _, err := strictyaml.Decode(src, &f); err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		for i, c := range f.Cases {
			for _, code := range c.Expect.Reasons {
				out[code] = true
			}
			checks, errs := parseOutput(&c.Expect.Output, "", c.Contrib != nil, len(c.Expect.Errors) > 0)
			if len(errs) > 0 {
				t.Errorf("%s: cases[%d]: %v", p, i, errs)
			}
			for _, oc := range checks {
				for _, code := range outputReasonCodes(oc.Segs, oc.Want) {
					out[code] = true
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// outputReasonCodes flattens an output entry into path → scalar pairs and
// returns the codes it asserts on a list named reasons.
func outputReasonCodes(segs []segment, want *yaml.Node) []string {
	var codes []string
	var flat func(segs []segment, n *yaml.Node)
	flat = func(segs []segment, n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				flat(append(slices.Clip(segs), segment{kind: segKey, key: n.Content[i].Value}), n.Content[i+1])
			}
			return
		case yaml.SequenceNode:
			for i, c := range n.Content {
				flat(append(slices.Clip(segs), segment{kind: segIndex, index: i}), c)
			}
			return
		}
		for i := 0; i+1 < len(segs); i++ {
			if segs[i].kind != segKey || segs[i].key != "reasons" {
				continue
			}
			b := segs[i+1]
			if b.kind == segSelect {
				for _, term := range b.terms {
					if len(term.keys) == 1 && term.keys[0] == "code" {
						codes = append(codes, term.value)
					}
				}
			}
			if b.kind != segKey && i+3 == len(segs) && segs[i+2].kind == segKey && segs[i+2].key == "code" && n.Kind == yaml.ScalarNode {
				codes = append(codes, n.Value)
			}
		}
	}
	flat(segs, want)
	return codes
}

func TestOutputReasonCodes(t *testing.T) {
	for entry, want := range map[string]string{
		"reasons[code=quote.cover].args.month: 2025-01": "quote.cover",
		"reasons[0].code: quote.cover":                  "quote.cover",
		"reasons[*].code: quote.cover":                  "quote.cover",
		"plan.assessment.reasons[1].code: a.b":          "a.b",
		"reasons: [{code: a}, {code: b}]":               "a b",
		"reasons[code=a]: {code: a}":                    "a a",
		"reasons[2]: {code: c, args: {n: 1}}":           "c",
		"reasons[0].args.code: x":                       "",
		"warnings[code=not_encoded].param: x":           "",
		"no_reasons: [x]":                               "",
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(entry), &doc); err != nil {
			t.Fatal(err)
		}
		m := doc.Content[0]
		segs, err := parsePath(m.Content[0].Value)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(outputReasonCodes(segs, m.Content[1]), " "); got != want {
			t.Errorf("%s: got %q, want %q", entry, got, want)
		}
	}
}
