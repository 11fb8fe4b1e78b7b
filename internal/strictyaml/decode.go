// Package strictyaml decodes YAML (and JSON, which is YAML) into Go structs
// strictly: unknown fields, duplicate keys, missing required fields and
// values of the wrong shape are all reported at once, each with its
// line, column and path. It walks go.yaml.in/yaml/v3 nodes itself so that
// one bad value never hides the next.
//
// Field names come from `json` tags; a field without ",omitempty" is
// required. Types implementing encoding.TextUnmarshaler decode from a
// scalar; types with an Enum() []string method are checked against it.
package strictyaml

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Error is one problem in a document.
type Error struct {
	Path string `json:"path"`
	Line int    `json:"line"`
	Col  int    `json:"column"`
	Msg  string `json:"message"`
	// Format and Args are what Msg was written from: a renderer finds the
	// format in its message catalogue (report.ErrorText) to say the same in
	// another language. Format is "" for messages written another way.
	Format string `json:"-"`
	Args   []any  `json:"-"`
}

func (e Error) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return fmt.Sprintf("%d:%d: %s: %s", e.Line, e.Col, e.Path, e.Msg)
}

// Errors is every problem found, in document order.
type Errors []Error

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Pos is a position in the source.
type Pos struct{ Line, Col int }

// Positions maps a decoded path (e.g. "ledger[2].to") to where it was written,
// so later semantic checks can point at the right line.
type Positions map[string]Pos

// At returns an Error at the position recorded for path (or the nearest parent).
func (p Positions) At(path, format string, args ...any) Error {
	q := path
	for {
		if pos, ok := p[q]; ok {
			return Error{Path: path, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
		}
		i := strings.LastIndexAny(q, ".[")
		if i < 0 {
			break
		}
		q = q[:i]
	}
	pos := p[""]
	return Error{Path: path, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Enum is implemented by string types with a closed set of values.
type Enum interface{ Enum() []string }

// Decode decodes src into v (a pointer to a struct), returning every problem
// as Errors (nil if there is none) and the positions of every decoded path.
func Decode(src []byte, v any) (Positions, error) {
	var doc yaml.Node
	pos := Positions{"": {1, 1}}
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return pos, Errors{syntaxError(src, err)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return pos, Errors{{Line: 1, Col: 1, Msg: "document is empty: want a mapping of fields", Format: "document is empty: want a mapping of fields"}}
	}
	d := &decoder{pos: pos}
	d.value(doc.Content[0], reflect.ValueOf(v).Elem(), "")
	if len(d.errs) == 0 {
		return pos, nil
	}
	sort.SliceStable(d.errs, func(i, j int) bool {
		a, b := d.errs[i], d.errs[j]
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	return pos, d.errs
}

// syntaxError turns the YAML parser's error into an Error. The parser names
// a line and no column, so a YAML syntax error is at column 1 of its line. A
// JSON document is placed by encoding/json instead, at the byte it stopped
// on: for JSON the parser's line is often that of the enclosing {…} and is
// no help in a one-line request body.
func syntaxError(src []byte, err error) Error {
	if e, ok := jsonSyntaxError(src); ok {
		return e
	}
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ":"); ok {
			if v, e := strconv.Atoi(n); e == nil {
				line = v
				msg = strings.TrimSpace(after)
				if parserProblems[msg] {
					// go.yaml.in/yaml/v3 adds 1 to its 0-based mark for scanner
					// errors only: a parser error's line is one too low
					line++
				}
			}
		}
	}
	return Error{Line: line, Col: 1, Msg: "YAML syntax: " + msg, Format: "YAML syntax: %s", Args: []any{msg}}
}

// parserProblems are the messages of go.yaml.in/yaml/v3's parser (parserc.go),
// as opposed to its scanner's.
var parserProblems = map[string]bool{
	"did not find expected ',' or ']'":       true,
	"did not find expected ',' or '}'":       true,
	"did not find expected '-' indicator":    true,
	"did not find expected <document start>": true,
	"did not find expected <stream-start>":   true,
	"did not find expected key":              true,
	"did not find expected node content":     true,
	"found duplicate %TAG directive":         true,
	"found duplicate %YAML directive":        true,
	"found incompatible YAML document":       true,
	"found undefined tag handle":             true,
}

// jsonSyntaxError reports where a document that begins as JSON (a '{' or
// '[' followed by a quoted key, a value or the closing bracket) stops being
// JSON, if it does.
func jsonSyntaxError(src []byte) (Error, bool) {
	t := bytes.TrimLeft(src, " \t\r\n")
	if len(t) == 0 || (t[0] != '{' && t[0] != '[') {
		return Error{}, false
	}
	if u := bytes.TrimLeft(t[1:], " \t\r\n"); t[0] == '{' && len(u) > 0 && u[0] != '"' && u[0] != '}' {
		return Error{}, false // YAML flow style ({region: 510500, …}): the YAML parser's word stands
	}
	var se *json.SyntaxError
	if !errors.As(json.Unmarshal(src, new(json.RawMessage)), &se) {
		return Error{}, false
	}
	p := JSONSyntaxPos(src, se)
	return Error{Line: p.Line, Col: p.Col, Msg: "JSON syntax: " + se.Error(), Format: "JSON syntax: %s", Args: []any{se.Error()}}, true
}

// JSONSyntaxPos is where a *json.SyntaxError from decoding src is: the byte
// it stopped on. Its Offset counts the bytes read, the bad one included, so
// that byte is at Offset-1; at the end of the input ("unexpected end of JSON
// input") the position is just past the last character.
func JSONSyntaxPos(src []byte, se *json.SyntaxError) Pos {
	off := int(se.Offset)
	if off > 0 && off <= len(src) && se.Error() != "unexpected end of JSON input" {
		off--
	}
	return OffsetPos(src, off)
}

// OffsetPos is the line and column (both from 1, the column in characters,
// as the YAML parser counts them) of byte offset off in src.
func OffsetPos(src []byte, off int) Pos {
	off = max(0, min(off, len(src)))
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	return Pos{Line: line, Col: 1 + utf8.RuneCount(src[start:off])}
}

type decoder struct {
	errs Errors
	pos  Positions
}

func (d *decoder) fail(n *yaml.Node, path, format string, args ...any) {
	d.errs = append(d.errs, Error{Path: path, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...), Format: format, Args: args})
}

var (
	textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	nodeType        = reflect.TypeFor[yaml.Node]()
)

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "null"
	}
	return fmt.Sprintf("%q", n.Value)
}

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	d.pos[path] = Pos{n.Line, n.Column}
	if n.Kind == yaml.AliasNode {
		d.fail(n, path, "YAML aliases are not allowed; write the value out")
		return
	}
	if v.Kind() == reflect.Pointer {
		if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
			return
		}
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(textUnmarshaler) {
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.fail(n, path, "got %s, want %s", kindName(n), describe(v.Type()))
			return
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(n.Value)); err != nil {
			// the value and what was wanted ride along for other languages
			d.fail(n, path, "%[3]v", n.Value, describe(v.Type()), err)
		}
		return
	}
	if v.Type() == nodeType {
		v.Set(reflect.ValueOf(*n))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		d.structure(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.fail(n, path, "got %s, want a list", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, c := range n.Content {
			d.value(c, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.fail(n, path, "got %s, want a mapping", kindName(n))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]int{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			p := join(path, k.Value)
			if prev, dup := seen[k.Value]; dup {
				d.fail(k, p, "key %q is already defined at line %d", k.Value, prev)
				continue
			}
			seen[k.Value] = k.Line
			ev := reflect.New(v.Type().Elem()).Elem()
			d.value(val, ev, p)
			m.SetMapIndex(reflect.ValueOf(k.Value).Convert(v.Type().Key()), ev)
		}
		v.Set(m)
	case reflect.String:
		// text, not true/false or null (a bare number is refused in structure,
		// except in fields tagged text:"digits" such as region: 510500)
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" || n.Tag == "!!bool" {
			d.fail(n, path, "got %s, want %s", kindName(n), describe(v.Type()))
			return
		}
		if e, ok := v.Interface().(Enum); ok {
			allowed := e.Enum()
			if !contains(allowed, n.Value) {
				d.fail(n, path, "%q is not allowed: want one of %s", n.Value, strings.Join(allowed, ", "))
				return
			}
		}
		v.SetString(n.Value)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!str") {
			d.fail(n, path, "got %s, want %s", kindName(n), describe(v.Type()))
			return
		}
		i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 10, 64)
		if err != nil || v.OverflowInt(i) {
			d.fail(n, path, "got %q, want %s", n.Value, describe(v.Type()))
			return
		}
		v.SetInt(i)
	case reflect.Bool:
		if n.Kind != yaml.ScalarNode || (n.Value != "true" && n.Value != "false") {
			d.fail(n, path, "got %s, want true or false", kindName(n))
			return
		}
		v.SetBool(n.Value == "true")
	default:
		d.fail(n, path, "internal: cannot decode into %s", v.Type())
	}
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, "got %s, want a mapping with fields %s", kindName(n), strings.Join(fieldNames(v.Type()), ", "))
		return
	}
	fields := structFields(v.Type())
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		p := join(path, k.Value)
		if prev, dup := seen[k.Value]; dup {
			d.fail(k, p, "field %q is already defined at line %d", k.Value, prev)
			continue
		}
		seen[k.Value] = k.Line
		f, ok := fields[k.Value]
		if !ok {
			allowed := strings.Join(fieldNames(v.Type()), ", ")
			if s := Closest(k.Value, fieldNames(v.Type())); s != "" {
				d.fail(k, p, "unknown field %q; allowed: %s (did you mean %q?)", k.Value, allowed, s)
			} else {
				d.fail(k, p, "unknown field %q; allowed: %s", k.Value, allowed)
			}
			continue
		}
		if fv := v.Field(f.Index); fv.Kind() == reflect.String && !f.Digits && (val.Tag == "!!int" || val.Tag == "!!float") {
			// a number where text belongs is another type (the schema says string)
			d.fail(val, p, "got a number %s, want text: write it in quotes, \"%s\"", val.Value, val.Value)
			continue
		}
		if f.MaxItems > 0 && val.Kind == yaml.SequenceNode && len(val.Content) > f.MaxItems {
			// bounded work: a list past its cap is refused whole, unread
			d.fail(val, p, "%d items: at most %d per case; merge rows with the same facts or split the case", len(val.Content), f.MaxItems)
			continue
		}
		d.value(val, v.Field(f.Index), p)
	}
	for _, name := range fieldNames(v.Type()) {
		if f := fields[name]; f.Required {
			if _, ok := seen[name]; !ok {
				d.fail(n, join(path, name), "required field %q is missing", name)
			}
		}
	}
}

// Field is a document field of a struct type.
type Field struct {
	Name     string // from the json tag, else the Go name
	Index    int    // the Go field index
	Required bool   // no ",omitempty"
	MaxItems int    // a list's cap, from the tag `max:"N"` (0: none): longer lists are refused before their items are decoded
	Digits   bool   // a text field that may be written as a bare number (tag `text:"digits"`, e.g. region: 510500)
}

// Fields lists the document fields of struct type t in declaration order:
// names from `json` tags; a field without ",omitempty" is required.
func Fields(t reflect.Type) []Field {
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fd := Field{Name: name, Index: i, Required: !strings.Contains(opts, "omitempty")}
		if m := f.Tag.Get("max"); m != "" {
			fd.MaxItems, _ = strconv.Atoi(m)
		}
		fd.Digits = f.Tag.Get("text") == "digits"
		out = append(out, fd)
	}
	return out
}

func structFields(t reflect.Type) map[string]Field {
	m := map[string]Field{}
	for _, f := range Fields(t) {
		m[f.Name] = f
	}
	return m
}

func fieldNames(t reflect.Type) []string {
	var out []string
	for _, f := range Fields(t) {
		out = append(out, f.Name)
	}
	return out
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func describe(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(textUnmarshaler) || t.Implements(textUnmarshaler) {
		if h, ok := reflect.New(t).Interface().(interface{ Hint() string }); ok {
			return h.Hint()
		}
		return "a " + t.Name()
	}
	switch t.Kind() {
	case reflect.String:
		if e, ok := reflect.Zero(t).Interface().(Enum); ok {
			return "one of " + strings.Join(e.Enum(), ", ")
		}
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if strings.HasSuffix(t.Name(), "Fen") {
			return "an integer amount in fen (分)"
		}
		return "an integer"
	}
	return t.String()
}

// closest returns the candidate within edit distance 2 of s, if any.
// Closest returns the candidate within edit distance 2 of s, if any — the
// "did you mean" of every strict reader in the project.
func Closest(s string, cands []string) string {
	best, bestD := "", 3
	for _, c := range cands {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// DecodeNode decodes one node (as kept in a yaml.Node field) into v, a pointer,
// reporting problems under path.
func DecodeNode(n *yaml.Node, v any, path string) Errors {
	d := &decoder{pos: Positions{}}
	d.value(n, reflect.ValueOf(v).Elem(), path)
	return d.errs
}
