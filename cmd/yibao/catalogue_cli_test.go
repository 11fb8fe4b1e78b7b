package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestNoInlineChinese: every Chinese text the CLI shows comes from the
// message catalogue (report/messages.go, cli.* keys), so the CLI, the page
// and the API never word the same thing two ways (issue 14, item 1). A
// string literal with a Han character in a non-test file of this package
// fails, unless it is one of the kinds below — input a user types, not a
// text the CLI says.
func TestNoInlineChinese(t *testing.T) {
	allowed := []struct {
		why string
		ok  func(file, lit string) bool
	}{
		{"an example command line (region names are what the user types)", func(_, lit string) bool { return strings.HasPrefix(lit, "yibao ") }},
		{"a --map metavar or example: the column headers of the user's own file", func(_, lit string) bool {
			return strings.Contains(lit, "列名=field") || strings.Contains(lit, "单位编号=person_id")
		}},
		{"line-breaking punctuation sets (table.go)", func(file, _ string) bool { return file == "table.go" }},
	}
	han := regexp.MustCompile(`\p{Han}`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(file, func(n ast.Node) bool {
			bl, ok := n.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return true
			}
			lit, err := strconv.Unquote(bl.Value)
			if err != nil || !han.MatchString(lit) {
				return true
			}
			for _, a := range allowed {
				if a.ok(f, lit) {
					return true
				}
			}
			t.Errorf("%s: inline Chinese %q: put the text in report/messages.go (a cli.* key) and render it with cliText/cliTextf/cliBoth", fset.Position(bl.Pos()), lit)
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("only %d files checked", checked)
	}
}
