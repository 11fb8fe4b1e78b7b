package report

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"yibao/engine"
)

// TestCatalogueLanguages: every key has both languages.
func TestCatalogueLanguages(t *testing.T) {
	for k, v := range catalogue {
		if strings.TrimSpace(v[0]) == "" || strings.TrimSpace(v[1]) == "" {
			t.Errorf("%s: missing a language: %q", k, v)
		}
	}
}

// legalNumber is a figure with a unit written into a text: a number that
// belongs in policy data with its citation, not in a template
// ("最长不超过6个月"). A calendar year (2025年) is a date, not a figure.
var (
	legalNumberZH = regexp.MustCompile(`\d+(\.\d+)?\s*(个月|天|年|%|元)`)
	legalNumberEN = regexp.MustCompile(`\b\d+(\.\d+)?\s*(months?\b|days?\b|years?\b|%|yuan\b)`)
	calendarYear  = regexp.MustCompile(`^(19|20)\d\d\s*年$`)
	// snake_case ids (parameter ids, enum values) have no place in Chinese
	placeholder = regexp.MustCompile(`\{[a-z_]+\}`)
	identifier  = regexp.MustCompile(`[a-z]+(_[a-z]+)+|[a-z]+\.[a-z_]+\.[a-z_]+`)
)

// numberAllowed lists the texts that may write a figure, and why.
var numberAllowed = map[string]string{
	"page.requiredUnknown":  "quotes the common belief \"15 years for life\" in order to deny it",
	"plan.required_unknown": "quotes the common belief \"15 years for life\" in order to deny it",
}

// TestNoLegalNumbersInTemplates fails when a template writes a figure a
// policy sets. Errors (err.*) are exempt: their figures are input bounds
// (at most 30 repair years, 64 characters), not policy.
func TestNoLegalNumbersInTemplates(t *testing.T) {
	for k, v := range catalogue {
		if strings.HasPrefix(k, "err.") || numberAllowed[k] != "" {
			continue
		}
		for _, m := range legalNumberZH.FindAllString(v[0], -1) {
			if !calendarYear.MatchString(m) {
				t.Errorf("%s: zh writes %q: a figure belongs in policy data (cite it through a placeholder)", k, m)
			}
		}
		for _, m := range legalNumberEN.FindAllString(v[1], -1) {
			t.Errorf("%s: en writes %q: a figure belongs in policy data (cite it through a placeholder)", k, m)
		}
		if !strings.HasPrefix(k, "arg.") && !strings.HasPrefix(k, "cli.") { // arg.* keys translate English words; CLI help names flags, values and paths
			if m := identifier.FindString(placeholder.ReplaceAllString(v[0], "")); m != "" {
				t.Errorf("%s: zh shows the identifier %q", k, m)
			}
		}
	}
}

func TestLegalNumberDetector(t *testing.T) {
	for s, want := range map[string]bool{"最长不超过6个月": true, "等待 {n} 天": false, "每年 5,868元": true, "2025年起算": false,
		"费率 9%": true, "第1行": false} {
		hit := false
		for _, m := range legalNumberZH.FindAllString(s, -1) {
			hit = hit || !calendarYear.MatchString(m)
		}
		if hit != want {
			t.Errorf("%q: detected %v, want %v", s, hit, want)
		}
	}
}

// TestPageStatusesMatchCLI: the page draws a status with the catalogue's
// status.* text, the one the CLI and batch print (StatusText); it keeps no
// status label of its own and no page.* key shadows a status.
func TestPageStatusesMatchCLI(t *testing.T) {
	js, err := os.ReadFile("../web/static/app.js")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`const STATUSES = \[([^\]]*)\]`).FindSubmatch(js)
	if m == nil {
		t.Fatal("app.js: no STATUSES list")
	}
	page := map[string]bool{}
	for _, q := range regexp.MustCompile(`"([a-z_]+)"`).FindAllSubmatch(m[1], -1) {
		page[string(q[1])] = true
	}
	for st := engine.NotEnrolled; st <= engine.ResidentCannotEnrol; st++ {
		s := st.String()
		if !page[s] {
			t.Errorf("the page's legend lacks the status %s", s)
		}
		if _, ok := catalogue["status."+s]; !ok {
			t.Errorf("no status.%s in the catalogue", s)
		}
		if _, ok := catalogue["page."+s]; ok {
			t.Errorf("page.%s would shadow status.%s on the page", s, s)
		}
		if txt := StatusText(s, ZH); strings.Contains(string(js), txt) {
			t.Errorf("app.js writes the status text %q itself", txt)
		}
	}
}

// sources reads the texts a key may be used from: the module's Go files
// (not tests, not the catalogue), the page, and the policy data (enum
// values, rounding rules).
func sources(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir("..", func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata" || d.Name() == "cases") {
			return filepath.SkipDir
		}
		ok := strings.HasSuffix(p, ".go") && !strings.HasSuffix(p, "_test.go") && !strings.HasSuffix(p, "report/messages.go") ||
			strings.HasPrefix(p, "../web/static/") || strings.HasPrefix(p, "../policy/data/")
		if !ok || d.IsDir() {
			return nil
		}
		src, err := os.ReadFile(p)
		b.Write(src)
		b.WriteByte('\n')
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestCatalogueKeysUsed fails on a key nothing uses: a literal key in the
// code or the page, a reason code the engine emits, or — for keys built
// from a value (status.covered, round.yuan:up, page.title) — the value
// written somewhere as a word.
func TestCatalogueKeysUsed(t *testing.T) {
	src := sources(t)
	used := func(s string) bool {
		return strings.Contains(src, `"`+s+`"`) || strings.Contains(src, `'`+s+`'`) || strings.Contains(src, ": "+s+"\n") ||
			strings.Contains(src, "["+s+",") || strings.Contains(src, " "+s+",") || strings.Contains(src, " "+s+"]") ||
			strings.Contains(src, `data-i18n="`+s+`"`) || strings.Contains(src, "`"+s+"`") || strings.Contains(src, `json:"`+s)
	}
	// keys the code builds from a value: the value must be written somewhere
	built := func(k string) bool {
		for _, p := range []string{"quote.", "resident.gap."} { // the engine's quote.<code>, resident.gap.<status>
			if rest, ok := strings.CutPrefix(k, p); ok && (used(rest) || used(strings.TrimPrefix(k, "resident.gap."))) {
				return true
			}
		}
		if code, ok := strings.CutPrefix(k, "err.status."); ok { // err.status.<HTTP status>
			return strings.Contains(src, `"err.status."`) && len(code) == 3
		}
		if rule, ok := strings.CutPrefix(k, "round."); ok { // round.<unit>:<mode>, as policy data writes the rule
			unit, mode, _ := strings.Cut(rule, ":")
			return used(unit) && used(mode)
		}
		for _, p := range []string{"plan.need.", "plan.base.", "plan.topup.", "calc.item."} { // built from an advisor value
			if v, ok := strings.CutPrefix(k, p); ok && used(v) {
				return true
			}
		}
		if f, ok := strings.CutPrefix(k, "field."); ok && strings.Contains(f, ".") { // field.<parent>.<name>
			return used(f[strings.LastIndexByte(f, '.')+1:])
		}
		return false
	}
	for k, v := range catalogue {
		switch {
		case used(k), built(k):
		case strings.HasPrefix(k, "err."):
			// an error is used when the reader writes its format
			if !strings.Contains(src, strconv.Quote(v[1])) && !strings.Contains(src, "`"+v[1]+"`") {
				t.Errorf("%s: no reader writes %q", k, v[1])
			}
		case IsReasonCode(k):
			t.Errorf("%s: no code emits this reason", k)
		default:
			i := strings.IndexByte(k, '.')
			rest := k[i+1:]
			if strings.HasPrefix(k, "w.") {
				rest = rest[strings.LastIndexByte(rest, '.')+1:]
			}
			if strings.HasPrefix(k, "bill.status.") {
				rest = strings.TrimPrefix(k, "bill.status.")
			}
			if !used(rest) && !strings.Contains(src, `"`+strings.TrimPrefix(k, "page.")+`"`) {
				t.Errorf("%s: unused (nothing writes %q)", k, rest)
			}
		}
	}
}

// TestReaderFormatsCatalogued: every error format the case readers write
// (caseio, internal/strictyaml, the API's badQueryf) has its err.* entry,
// so no error reaches a Chinese reader in English.
func TestReaderFormatsCatalogued(t *testing.T) {
	fset := token.NewFileSet()
	argAt := map[string]int{"add": 1, "At": 1, "fail": 2, "badQueryf": 2, "bad": 2, "withDetail": 0}
	n := 0
	for _, glob := range []string{"../caseio/*.go", "../internal/strictyaml/*.go", "../httpapi/*.go"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(fset, f, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			check := func(e ast.Expr) {
				bl, ok := e.(*ast.BasicLit)
				if !ok || bl.Kind != token.STRING {
					return
				}
				s, _ := strconv.Unquote(bl.Value)
				n++
				if _, ok := errorKeys[s]; !ok {
					t.Errorf("%s: the format %q has no err.* entry", fset.Position(bl.Pos()), s)
				}
			}
			ast.Inspect(file, func(x ast.Node) bool {
				switch x := x.(type) {
				case *ast.CallExpr:
					name := ""
					switch fn := x.Fun.(type) {
					case *ast.Ident:
						name = fn.Name
					case *ast.SelectorExpr:
						name = fn.Sel.Name
					}
					if i, ok := argAt[name]; ok && i < len(x.Args) {
						check(x.Args[i])
					}
				case *ast.KeyValueExpr:
					if id, ok := x.Key.(*ast.Ident); ok && id.Name == "Format" && !strings.Contains(f, "httpapi") {
						check(x.Value)
					}
				case *ast.ValueSpec:
					for i, nm := range x.Names {
						if nm.Name == "format" && i < len(x.Values) {
							check(x.Values[i])
						}
					}
				}
				return true
			})
		}
	}
	if n < 40 {
		t.Errorf("found %d formats: the scan is missing the readers", n)
	}
}

// TestPageKeysExist: every label the page asks for (t("…"), fill("…"),
// data-i18n="…", a row's field and option keys) is in the catalogue under
// one of the namespaces the page reads (app.js NS), so a label can never be
// missing from the served catalogue and show as its key.
func TestPageKeysExist(t *testing.T) {
	var src []byte
	for _, f := range []string{"../web/static/app.js", "../web/static/index.html"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src = append(src, b...)
	}
	re := regexp.MustCompile(`\b(?:t|fill)\("([A-Za-z_]+)"|data-i18n="([A-Za-z_]+)"|field\("([A-Za-z_]+)"|opt\("[a-z_]+", "([A-Za-z_]+)"`)
	n := 0
	for _, m := range re.FindAllSubmatch(src, -1) {
		k := string(m[1]) + string(m[2]) + string(m[3]) + string(m[4])
		n++
		found := false
		for _, ns := range []string{"page.", "status.", "level.", "conf.", "allowed."} {
			if _, ok := catalogue[ns+k]; ok {
				found = true
			}
		}
		if !found {
			t.Errorf("the page asks for %q: no page.%s (or status./level./conf./allowed.) in the catalogue", k, k)
		}
	}
	if n < 50 {
		t.Errorf("found %d page labels: the scan is missing them", n)
	}
}

// TestValueText: a parameter's value reads in the value.* / round.* words,
// never in a pay status or template argument that happens to share the
// word: a waiting mode "none" is 不设等待期, not 未参保 (status.none/arg.none).
func TestValueText(t *testing.T) {
	for _, c := range []struct{ in, zh, en string }{
		{"none", "不设等待期", "none"},
		{"true", "是", "yes"},
		{"fen:half_up", "四舍五入到分", "half up to the fen"},
		{"paid", "paid", "paid"}, // a status, not a parameter value: as written
		{"6", "6", "6"},
	} {
		if got := ValueText(c.in, ZH); got != c.zh {
			t.Errorf("ValueText(%q, ZH) = %q, want %q", c.in, got, c.zh)
		}
		if got := ValueText(c.in, EN); got != c.en {
			t.Errorf("ValueText(%q, EN) = %q, want %q", c.in, got, c.en)
		}
	}
}

// TestEnglishCatalogueHasNoChinese: English texts are English (issue 14:
// "English mode fully English"). The keys listed keep Chinese on purpose: a
// document number or title the reader will have to quote (citations stay
// Chinese), a region name given as an example of what to type, or the
// Chinese term in parentheses after its English gloss.
func TestEnglishCatalogueHasNoChinese(t *testing.T) {
	keep := map[string]string{
		"arg.an integer amount in fen (分)": "gloss",
		"cli.err.contrib_positional":       "example input",
		"cli.err.map":                      "example input: the user's own column header",
		"cli.err.option_long":              "example input: the way to pay as the region names it",
		"cli.err.region_required":          "example input",
		"err.query.code":                   "example input",
		"err.query.option":                 "example input: the way to pay as the region names it",
		"err.query.q_required":             "example input",
		"err.query.region_required":        "example input",
		"err.region.code":                  "example input",
		"err.region.resolve":               "example input",
		"err.region.not_found":             "example input",
		"err.region.not_found_suggest":     "example input",
		"lapse.rules_not_encoded":          "document number",
		"plan.agency":                      "gloss and the regulation's title",
		"w.assumption.incentive_from_2025": "document number",
	}
	han := regexp.MustCompile(`\p{Han}`)
	for k, v := range catalogue {
		if _, ok := keep[k]; !ok && han.MatchString(v[1]) {
			t.Errorf("%s: the English text has Chinese: %q", k, v[1])
		}
	}
	for k := range keep {
		if v, ok := catalogue[k]; !ok || !han.MatchString(v[1]) {
			t.Errorf("%s is allowed Chinese in English but has none (or is gone): drop it from the list", k)
		}
	}
}
