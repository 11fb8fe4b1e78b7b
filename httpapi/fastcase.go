package httpapi

import (
	"bytes"
	"encoding"
	"fmt"
	"reflect"
	"strconv"
	"unicode/utf8"

	"yibao"
	"yibao/caseio"
	"yibao/internal/strictyaml"
)

// caseDecoder decodes a valid JSON case straight into a yibao.Case, without
// the YAML parser, the node tree or path bookkeeping, which cost several
// times the assessment itself. It applies the strict decoder's rules (names
// from `json` tags, a field without omitempty is required, no unknown or
// duplicate fields, enums, text types through UnmarshalText) and then the
// same fact checks. Anything wrong or merely unusual (an error, an escape in
// a string, a number written as a string, null where a value is required)
// makes it give up, and the caller runs caseio.Parse, the one source of
// truth for errors and their positions. FuzzFastCase checks that every case
// it accepts equals caseio.Parse's.
type caseDecoder struct{ root *decPlan }

// decPlan is how to decode one Go type, worked out once.
type decPlan struct {
	kind   reflect.Kind
	typ    reflect.Type
	text   bool     // *T implements encoding.TextUnmarshaler
	enum   []string // allowed values of a string type (strictyaml.Enum)
	elem   *decPlan // pointer and slice element
	fields []decField
	req    uint64 // bit i: fields[i] is required
}

type decField struct {
	name  string
	index int
	plan  *decPlan
}

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

func newCaseDecoder() (*caseDecoder, error) {
	p, err := planFor(reflect.TypeFor[yibao.Case](), map[reflect.Type]*decPlan{})
	if err != nil {
		return nil, err
	}
	return &caseDecoder{root: p}, nil
}

func planFor(t reflect.Type, seen map[reflect.Type]*decPlan) (*decPlan, error) {
	if p, ok := seen[t]; ok {
		return p, nil
	}
	p := &decPlan{kind: t.Kind(), typ: t}
	seen[t] = p
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		p.text = true
		return p, nil
	}
	var err error
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice:
		p.elem, err = planFor(t.Elem(), seen)
	case reflect.Struct:
		// the strict decoder's own field rules: names, order, required
		for _, f := range strictyaml.Fields(t) {
			fp, ferr := planFor(t.Field(f.Index).Type, seen)
			if ferr != nil {
				return nil, ferr
			}
			if len(p.fields) == 64 {
				return nil, fmt.Errorf("%s: more than 64 fields", t)
			}
			if f.Required {
				p.req |= 1 << len(p.fields)
			}
			p.fields = append(p.fields, decField{name: f.Name, index: f.Index, plan: fp})
		}
	case reflect.String:
		if e, ok := reflect.Zero(t).Interface().(strictyaml.Enum); ok {
			p.enum = e.Enum()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Bool:
	default:
		err = fmt.Errorf("%s: kind %s is not decoded by the fast path", t, t.Kind())
	}
	return p, err
}

// decode returns the case in src, or nil to send it to caseio.Parse (after
// the JSON check).
func (d *caseDecoder) decode(src []byte) *yibao.Case {
	if d == nil || !utf8.Valid(src) || !yamlPrintable(src) {
		return nil
	}
	var c yibao.Case
	p := jsonReader{s: src}
	p.space()
	if !p.value(d.root, reflect.ValueOf(&c).Elem(), 0) {
		return nil
	}
	if p.space(); p.i != len(src) {
		return nil
	}
	if es := caseio.Validate(&c, nil); len(es) > 0 {
		return nil
	}
	return &c
}

// yamlPrintable reports whether every character of src is one the YAML
// parser accepts in a document (YAML 1.2 c-printable, as go.yaml.in/yaml/v3
// checks it): caseio.Parse would reject anything else.
func yamlPrintable(src []byte) bool {
	for i := 0; i < len(src); {
		b := src[i]
		if b < utf8.RuneSelf {
			if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		switch {
		case r == 0x85, r >= 0xA0 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF, r >= 0x10000 && r <= 0x10FFFF:
		default:
			return false
		}
		i += size
	}
	return true
}

// jsonReader reads JSON into values by plan. Every method reports false on
// anything it does not handle, and on anything that is not JSON: what it
// accepts is valid JSON (FuzzFastCase checks it against json.Valid).
type jsonReader struct {
	s []byte
	i int
}

const maxDepth = 64

func (p *jsonReader) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonReader) peek() byte {
	if p.i < len(p.s) {
		return p.s[p.i]
	}
	return 0
}

func (p *jsonReader) literal(lit string) bool {
	if !bytes.HasPrefix(p.s[p.i:], []byte(lit)) {
		return false
	}
	p.i += len(lit)
	return true
}

// str reads a string without escapes and returns its bytes (a view of src).
func (p *jsonReader) str() ([]byte, bool) {
	if p.peek() != '"' {
		return nil, false
	}
	start := p.i + 1
	j := bytes.IndexByte(p.s[start:], '"')
	if j < 0 {
		return nil, false
	}
	raw := p.s[start : start+j]
	for _, c := range raw {
		if c < 0x20 || c == '\\' {
			return nil, false // escapes (the slow path decodes them) or a control byte (not JSON)
		}
	}
	p.i = start + j + 1
	return raw, true
}

func (p *jsonReader) value(pl *decPlan, v reflect.Value, depth int) bool {
	if depth > maxDepth {
		return false
	}
	if pl.kind == reflect.Pointer {
		if p.peek() == 'n' {
			return p.literal("null") // strictyaml leaves a pointer nil on null
		}
		if v.IsNil() {
			v.Set(reflect.New(pl.typ.Elem()))
		}
		return p.value(pl.elem, v.Elem(), depth)
	}
	if pl.text {
		raw, ok := p.str()
		return ok && v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(raw) == nil
	}
	switch pl.kind {
	case reflect.Struct:
		return p.object(pl, v, depth)
	case reflect.Slice:
		return p.array(pl, v, depth)
	case reflect.String:
		raw, ok := p.str()
		if !ok {
			return false
		}
		if pl.enum != nil {
			found := false
			for _, e := range pl.enum {
				if string(raw) == e {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		v.SetString(string(raw))
		return true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		start := p.i
		if p.peek() == '-' {
			p.i++
		}
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
		digits := p.s[start:p.i]
		if len(digits) > 0 && digits[0] == '-' {
			digits = digits[1:]
		}
		if c := p.peek(); c == '.' || c == 'e' || c == 'E' || len(digits) == 0 || (digits[0] == '0' && len(digits) > 1) {
			return false // a float, not a number, or a leading zero (not JSON): the slow path says why
		}
		i, err := strconv.ParseInt(string(p.s[start:p.i]), 10, 64)
		if err != nil || v.OverflowInt(i) {
			return false
		}
		v.SetInt(i)
		return true
	case reflect.Bool:
		switch {
		case p.literal("true"):
			v.SetBool(true)
		case p.literal("false"):
			v.SetBool(false)
		default:
			return false
		}
		return true
	}
	return false
}

func (p *jsonReader) array(pl *decPlan, v reflect.Value, depth int) bool {
	if p.peek() != '[' {
		return false
	}
	p.i++
	p.space()
	// strictyaml makes a slice of exactly the elements given, [] included
	v.Set(reflect.MakeSlice(pl.typ, 0, 4))
	if p.peek() == ']' {
		p.i++
		return true
	}
	for n := 0; ; n++ {
		v.Set(reflect.Append(v, reflect.Zero(pl.typ.Elem())))
		p.space()
		if !p.value(pl.elem, v.Index(n), depth+1) {
			return false
		}
		p.space()
		if p.peek() == ']' {
			p.i++
			return true
		}
		if p.peek() != ',' {
			return false
		}
		p.i++
	}
}

func (p *jsonReader) object(pl *decPlan, v reflect.Value, depth int) bool {
	if p.peek() != '{' {
		return false
	}
	p.i++
	var seen uint64
	p.space()
	if p.peek() == '}' {
		p.i++
		return pl.req == 0
	}
	for {
		p.space()
		key, ok := p.str()
		if !ok {
			return false
		}
		f := -1
		for i := range pl.fields {
			if string(key) == pl.fields[i].name {
				f = i
				break
			}
		}
		if f < 0 || seen&(1<<f) != 0 {
			return false // unknown or duplicate field
		}
		seen |= 1 << f
		p.space()
		if p.peek() != ':' {
			return false
		}
		p.i++
		p.space()
		if !p.value(pl.fields[f].plan, v.Field(pl.fields[f].index), depth+1) {
			return false
		}
		p.space()
		if p.peek() == '}' {
			p.i++
			return seen&pl.req == pl.req // a required field is missing: the slow path names it
		}
		if p.peek() != ',' {
			return false
		}
		p.i++
	}
}
