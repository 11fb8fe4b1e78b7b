package casetest

// expect.output: assertions on any field of the JSON answer, by path.
//
//	output:
//	  quote.first_covered_date: 2026-07-01
//	  timeline.ranges[0].status: covered
//	  lapses[open=true].months: 4
//	  params[id=employee.grace_months].level: national
//	  plan.options[kind=backpay_flexible,variant=min].cost_fen: 1056440
//
// A path is resolved against the document the CLI prints with --json:
// `yibao assess --json` for a case, `yibao contrib --json` for a contrib
// case, and `yibao plan --json` for a path whose first key is `plan`.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"yibao/internal/strictyaml"
)

// outputCheck is one entry of expect.output.
type outputCheck struct {
	Path string     // as written
	Plan bool       // first key is "plan": resolved against the plan answer
	Segs []segment  // without the leading "plan" when Plan
	Want *yaml.Node // the expected value
	Line int        // of the entry's key
}

type segKind int

const (
	segKey    segKind = iota // .key
	segIndex                 // [N] or [-N]
	segSelect                // [k=v,k2=v2]
	segAll                   // [*]
)

type segment struct {
	kind  segKind
	key   string
	index int
	terms []selTerm
}

// selTerm is one key=value of a selector; the key may be a dotted path
// inside the element.
type selTerm struct {
	keys  []string
	value string
}

func (s segment) String() string {
	switch s.kind {
	case segKey:
		return "." + s.key
	case segIndex:
		return "[" + strconv.Itoa(s.index) + "]"
	case segAll:
		return "[*]"
	}
	parts := make([]string, len(s.terms))
	for i, t := range s.terms {
		parts[i] = t.String()
	}
	return "[" + strings.Join(parts, ",") + "]"
}

func (t selTerm) String() string {
	v := t.value
	if v == "" || strings.ContainsAny(v, ",]\"[ ") {
		v = strconv.Quote(v)
	}
	return strings.Join(t.keys, ".") + "=" + v
}

// joinPath renders a path prefix and one more segment.
func joinPath(at string, s segment) string {
	r := s.String()
	if at == "" && s.kind == segKey {
		return s.key
	}
	return at + r
}

// parsePath parses a path: dot-separated keys, [N] (negative counts from
// the end), [*] (every element) and [key=value,...] (the first element
// whose fields have those values; a value may be written in double quotes).
func parsePath(p string) ([]segment, error) {
	var segs []segment
	i := 0
	bad := func(format string, args ...any) error {
		return fmt.Errorf("malformed path %q at character %d: %s", p, i+1, fmt.Sprintf(format, args...))
	}
	readKey := func() (string, error) {
		j := i
		for i < len(p) && !strings.ContainsRune(".[]=, \t\"", rune(p[i])) {
			i++
		}
		if i == j {
			if i < len(p) {
				return "", bad("want a key, got %q", p[i])
			}
			return "", bad("want a key, got the end of the path")
		}
		return p[j:i], nil
	}
	if p == "" {
		return nil, fmt.Errorf("malformed path: empty")
	}
	k, err := readKey()
	if err != nil {
		return nil, err
	}
	segs = append(segs, segment{kind: segKey, key: k})
	for i < len(p) {
		switch p[i] {
		case '.':
			i++
			k, err := readKey()
			if err != nil {
				return nil, err
			}
			segs = append(segs, segment{kind: segKey, key: k})
		case '[':
			i++
			end := closing(p, i)
			if end < 0 {
				return nil, bad("no closing ]")
			}
			s, err := parseBracket(p[i:end])
			if err != nil {
				return nil, bad("[%s]: %v", p[i:end], err)
			}
			segs = append(segs, s)
			i = end + 1
		default:
			return nil, bad("want . or [ after %q, got %q", p[:i], p[i])
		}
	}
	return segs, nil
}

// closing returns the index of the ] that closes a bracket opened before i,
// skipping quoted values, or -1.
func closing(p string, i int) int {
	for ; i < len(p); i++ {
		switch p[i] {
		case '"':
			for i++; i < len(p) && p[i] != '"'; i++ {
				if p[i] == '\\' {
					i++
				}
			}
			if i >= len(p) {
				return -1
			}
		case ']':
			return i
		case '[':
			return -1
		}
	}
	return -1
}

func parseBracket(b string) (segment, error) {
	switch {
	case b == "*":
		return segment{kind: segAll}, nil
	case b == "":
		return segment{}, fmt.Errorf("empty brackets: want [N], [*] or [key=value]")
	case !strings.Contains(b, "="):
		n, err := strconv.Atoi(b)
		if err != nil {
			return segment{}, fmt.Errorf("want an index (0, 1, …, -1 for the last), * or key=value")
		}
		return segment{kind: segIndex, index: n}, nil
	}
	var terms []selTerm
	seen := map[string]bool{}
	for rest := b; ; {
		k, after, ok := strings.Cut(rest, "=")
		if !ok {
			return segment{}, fmt.Errorf("%q: want key=value", rest)
		}
		var keys []string
		for _, part := range strings.Split(k, ".") {
			if part == "" || strings.ContainsAny(part, " \t\",[]") {
				return segment{}, fmt.Errorf("%q is not a key", k)
			}
			keys = append(keys, part)
		}
		if seen[k] {
			return segment{}, fmt.Errorf("key %s given twice", k)
		}
		seen[k] = true
		var val string
		if strings.HasPrefix(after, `"`) {
			q, err := strconv.QuotedPrefix(after)
			if err != nil {
				return segment{}, fmt.Errorf("bad quoted value %s", after)
			}
			val, _ = strconv.Unquote(q)
			after = after[len(q):]
			if after != "" && after[0] != ',' {
				return segment{}, fmt.Errorf("want , after the quoted value %s", q)
			}
		} else {
			j := strings.IndexByte(after, ',')
			if j < 0 {
				j = len(after)
			}
			val = after[:j]
			if val == "" {
				return segment{}, fmt.Errorf("%s= has no value (write \"\" for the empty string)", k)
			}
			if strings.ContainsAny(val, "=\"") {
				return segment{}, fmt.Errorf("value %q: quote a value holding = or \"", val)
			}
			after = after[j:]
		}
		terms = append(terms, selTerm{keys: keys, value: val})
		if after == "" {
			break
		}
		rest = after[1:] // after the comma
		if rest == "" {
			return segment{}, fmt.Errorf("trailing comma")
		}
	}
	return segment{kind: segSelect, terms: terms}, nil
}

// parseOutput reads expect.output (a mapping of path: value) of one case.
// Problems are load errors, each at its line.
func parseOutput(n *yaml.Node, path string, contrib, invalid bool) ([]outputCheck, strictyaml.Errors) {
	if n.Kind == 0 {
		return nil, nil
	}
	var errs strictyaml.Errors
	fail := func(at *yaml.Node, p, format string, args ...any) {
		errs = append(errs, strictyaml.Error{Path: p, Line: at.Line, Col: at.Column, Msg: fmt.Sprintf(format, args...)})
	}
	if n.Kind != yaml.MappingNode {
		fail(n, path, "want a mapping of path: expected value (e.g. quote.first_covered_date: 2026-07-01)")
		return nil, errs
	}
	if invalid {
		fail(n, path, "the case is expected to be invalid (errors:), so there is no answer to check")
		return nil, errs
	}
	var out []outputCheck
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		p := path + "." + k.Value
		if k.Kind != yaml.ScalarNode {
			fail(k, path, "a key must be a path written as text, e.g. timeline.ranges[0].status")
			continue
		}
		if prev, dup := seen[k.Value]; dup {
			fail(k, p, "path %q is already given at line %d", k.Value, prev)
			continue
		}
		seen[k.Value] = k.Line
		segs, err := parsePath(k.Value)
		if err != nil {
			fail(k, p, "%v", err)
			continue
		}
		if msg := checkWantNode(v); msg != "" {
			fail(v, p, "%s", msg)
			continue
		}
		c := outputCheck{Path: k.Value, Segs: segs, Want: v, Line: k.Line}
		if segs[0].key == "plan" {
			if contrib {
				fail(k, p, "a contrib case has no plan answer; paths are read from the contrib answer (drop plan.)")
				continue
			}
			c.Plan, c.Segs = true, segs[1:]
		}
		out = append(out, c)
	}
	return out, errs
}

// checkWantNode rejects what cannot be compared: aliases, non-text keys,
// duplicate keys.
func checkWantNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.AliasNode:
		return "YAML aliases are not allowed; write the value out"
	case yaml.MappingNode:
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if k.Kind != yaml.ScalarNode {
				return fmt.Sprintf("line %d: a key must be text", k.Line)
			}
			if seen[k.Value] {
				return fmt.Sprintf("line %d: key %q is given twice", k.Line, k.Value)
			}
			seen[k.Value] = true
			if m := checkWantNode(n.Content[i+1]); m != "" {
				return m
			}
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			if m := checkWantNode(c); m != "" {
				return m
			}
		}
	}
	return ""
}

// jsonDoc returns v as the CLI prints it with --json, decoded generically
// (numbers kept exact as json.Number).
func jsonDoc(v any) (any, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(&buf)
	dec.UseNumber()
	var out any
	err := dec.Decode(&out)
	return out, err
}

// outputRun checks the entries against their documents; a nil document
// means it could not be built (planErr says why).
type outputRun struct {
	file    string
	answer  any // the assess or contrib answer
	plan    any // the plan answer, when a path asks for it
	planErr string
	fails   []string
}

func (o *outputRun) check(cs []outputCheck) []string {
	for _, c := range cs {
		root, name := o.answer, "the answer"
		if c.Plan {
			root, name = o.plan, "the plan answer"
			if root == nil {
				o.fail(c, "plan", "no plan answer: %s", o.planErr)
				continue
			}
		}
		at := ""
		if c.Plan {
			at = "plan"
		}
		o.walk(c, root, c.Segs, at, name)
	}
	return o.fails
}

func (o *outputRun) fail(c outputCheck, at, format string, args ...any) {
	o.fails = append(o.fails, fmt.Sprintf("%s:%d: output %s: %s", o.file, c.Line, at, fmt.Sprintf(format, args...)))
}

// walk resolves segs from v (reached by the path at, described as name in
// messages) and compares what it reaches with the expected value.
func (o *outputRun) walk(c outputCheck, v any, segs []segment, at, name string) {
	if len(segs) == 0 {
		if at == "" {
			at = "(the whole answer)"
		}
		o.compare(c, c.Want, v, at)
		return
	}
	s, rest := segs[0], segs[1:]
	next := joinPath(at, s)
	switch s.kind {
	case segKey:
		m, ok := v.(map[string]any)
		if !ok {
			o.fail(c, next, "%s is %s, not an object with key %q%s", name, describeJSON(v), s.key, arrayHint(v))
			return
		}
		x, ok := m[s.key]
		if !ok {
			keys := sortedAnyKeys(m)
			msg := fmt.Sprintf("%s has no key %q; its keys: %s", name, s.key, strings.Join(keys, ", "))
			if g := strictyaml.Closest(s.key, keys); g != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", g)
			}
			o.fail(c, next, "%s", msg)
			return
		}
		o.walk(c, x, rest, next, next)
	case segIndex:
		a, ok := v.([]any)
		if !ok {
			o.fail(c, next, "%s is %s, not an array", name, describeJSON(v))
			return
		}
		i := s.index
		if i < 0 {
			i += len(a)
		}
		if i < 0 || i >= len(a) {
			o.fail(c, next, "index %d out of range: %s has %d element(s)", s.index, name, len(a))
			return
		}
		o.walk(c, a[i], rest, next, next)
	case segAll:
		a, ok := v.([]any)
		if !ok {
			o.fail(c, next, "%s is %s, not an array", name, describeJSON(v))
			return
		}
		if len(a) == 0 {
			o.fail(c, next, "%s is empty: [*] needs at least one element", name)
			return
		}
		for i, x := range a {
			p := at + "[" + strconv.Itoa(i) + "]"
			o.walk(c, x, rest, p, p)
		}
	case segSelect:
		a, ok := v.([]any)
		if !ok {
			o.fail(c, next, "%s is %s, not an array to select from", name, describeJSON(v))
			return
		}
		for _, x := range a {
			if matches(x, s.terms) {
				o.walk(c, x, rest, next, next)
				return
			}
		}
		o.fail(c, next, "no element of %s matches %s; its %d element(s): %s", name, s.String()[1:len(s.String())-1], len(a), summarise(a, s.terms))
	}
}

func arrayHint(v any) string {
	if _, ok := v.([]any); ok {
		return " (pick an element with [N], [key=value] or [*])"
	}
	return ""
}

// lookup follows a dotted key path inside an element.
func lookup(x any, keys []string) (any, bool) {
	for _, k := range keys {
		m, ok := x.(map[string]any)
		if !ok {
			return nil, false
		}
		if x, ok = m[k]; !ok {
			return nil, false
		}
	}
	return x, true
}

func matches(x any, terms []selTerm) bool {
	for _, t := range terms {
		v, ok := lookup(x, t.keys)
		if !ok || scalarText(v) != t.value {
			return false
		}
	}
	return true
}

// scalarText is the text a selector value is compared with.
func scalarText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	return "\x00" // objects and arrays match no selector value
}

// summarise lists, for each element, the values of the selector's keys.
func summarise(a []any, terms []selTerm) string {
	const most = 12
	var parts []string
	for i, x := range a {
		if i == most {
			parts = append(parts, fmt.Sprintf("… %d more", len(a)-most))
			break
		}
		var kv []string
		for _, t := range terms {
			k := strings.Join(t.keys, ".")
			if v, ok := lookup(x, t.keys); ok {
				kv = append(kv, k+"="+compactJSON(v))
			} else {
				kv = append(kv, k+" missing")
			}
		}
		parts = append(parts, "["+strings.Join(kv, ",")+"]")
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, " ")
}

// compare checks got against want: scalars exactly and by type, mappings
// by the keys listed, sequences element by element and in length.
func (o *outputRun) compare(c outputCheck, want *yaml.Node, got any, at string) {
	switch want.Kind {
	case yaml.MappingNode:
		m, ok := got.(map[string]any)
		if !ok {
			o.fail(c, at, "want an object, got %s", describeJSON(got))
			return
		}
		for i := 0; i+1 < len(want.Content); i += 2 {
			k := want.Content[i].Value
			p := joinPath(at, segment{kind: segKey, key: k})
			x, ok := m[k]
			if !ok {
				o.fail(c, p, "%s has no key %q; its keys: %s", at, k, strings.Join(sortedAnyKeys(m), ", "))
				continue
			}
			o.compare(c, want.Content[i+1], x, p)
		}
	case yaml.SequenceNode:
		a, ok := got.([]any)
		if !ok {
			o.fail(c, at, "want an array of %d, got %s", len(want.Content), describeJSON(got))
			return
		}
		if len(a) != len(want.Content) {
			o.fail(c, at, "want %d element(s), got %d: %s", len(want.Content), len(a), compactJSON(got))
			return
		}
		for i, w := range want.Content {
			o.compare(c, w, a[i], at+"["+strconv.Itoa(i)+"]")
		}
	default:
		if msg := compareScalar(want, got); msg != "" {
			o.fail(c, at, "%s", msg)
		}
	}
}

// compareScalar compares a YAML scalar with a JSON value; "" if equal.
func compareScalar(want *yaml.Node, got any) string {
	w := wantText(want)
	mismatch := func(hint string) string {
		return fmt.Sprintf("want %s, got %s%s", w, describeJSON(got), hint)
	}
	switch want.ShortTag() {
	case "!!null":
		if got == nil {
			return ""
		}
		return mismatch("")
	case "!!bool":
		b, ok := got.(bool)
		if ok && strconv.FormatBool(b) == strings.ToLower(want.Value) {
			return ""
		}
		if s, ok := got.(string); ok && strings.EqualFold(s, want.Value) {
			return mismatch(fmt.Sprintf(" (the answer has text here: quote it, %q)", s))
		}
		return mismatch("")
	case "!!int", "!!float":
		n, ok := got.(json.Number)
		if ok {
			a, okA := new(big.Rat).SetString(strings.ReplaceAll(want.Value, "_", ""))
			b, okB := new(big.Rat).SetString(n.String())
			if okA && okB && a.Cmp(b) == 0 {
				return ""
			}
			return mismatch("")
		}
		if s, ok := got.(string); ok && s == want.Value {
			return mismatch(fmt.Sprintf(" (the answer has text here: quote it, %q)", s))
		}
		return mismatch("")
	default: // !!str, !!timestamp, anything else: compared as text
		if s, ok := got.(string); ok {
			if s == want.Value {
				return ""
			}
			return mismatch("")
		}
		if t := scalarText(got); t == want.Value {
			return mismatch(" (the answer has a " + jsonKind(got) + " here: write it without quotes)")
		}
		return mismatch("")
	}
}

// wantText renders an expected scalar the way JSON would show it, so that
// a quoted "3" and a number 3 look different in messages.
func wantText(n *yaml.Node) string {
	switch n.ShortTag() {
	case "!!null":
		return "null"
	case "!!bool", "!!int", "!!float":
		return n.Value
	}
	return strconv.Quote(n.Value)
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	}
	return "object"
}

// describeJSON renders a got value for a message: scalars as JSON, arrays
// and objects as their kind and (shortened) JSON.
func describeJSON(v any) string {
	switch x := v.(type) {
	case []any:
		return fmt.Sprintf("an array of %d: %s", len(x), compactJSON(v))
	case map[string]any:
		return "an object: " + compactJSON(v)
	case nil:
		return "null"
	case string:
		return "text " + compactJSON(v)
	case bool:
		return "boolean " + compactJSON(v)
	}
	return "number " + compactJSON(v)
}

func compactJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	s := strings.TrimSpace(buf.String())
	const most = 240
	if r := []rune(s); len(r) > most {
		s = string(r[:most]) + "…"
	}
	return s
}

func sortedAnyKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
