package httpapi

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"yibao"
	"yibao/caseio"
	"yibao/internal/strictyaml"
)

// fastCase decodes a valid JSON case without the YAML parser, which costs
// more than the assessment itself. It builds the yaml.Node tree that the
// YAML parser would build for the same JSON, decodes it with the same strict
// decoder and runs the same fact checks. It returns nil whenever anything is
// wrong or unusual (an error, a \u escape, a character YAML does not accept),
// and the caller then runs caseio.Parse, the one source of truth for errors
// and their positions. FuzzFastCase checks that an accepted case equals
// caseio.Parse's.
func fastCase(src []byte) *yibao.Case {
	if !utf8.Valid(src) || !yamlPrintable(src) || bytes.Contains(src, []byte(`\u`)) {
		return nil
	}
	p := jsonParser{s: src}
	p.space()
	n := p.value(0)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	var c yibao.Case
	if es := strictyaml.DecodeNode(n, &c, ""); len(es) > 0 {
		return nil
	}
	if es := caseio.Validate(&c, nil); len(es) > 0 {
		return nil
	}
	return &c
}

// yamlPrintable reports whether every character of src is one the YAML
// parser accepts in a document (YAML 1.2 c-printable, as go.yaml.in/yaml/v3
// checks it).
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

// jsonParser builds yaml.Nodes from JSON that json.Valid accepted. Any
// surprise returns nil (and the slow path decides).
type jsonParser struct {
	s []byte
	i int
}

const maxDepth = 64

func (p *jsonParser) space() {
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

func (p *jsonParser) value(depth int) *yaml.Node {
	if p.i >= len(p.s) || depth > maxDepth {
		return nil
	}
	switch c := p.s[p.i]; {
	case c == '{':
		p.i++
		n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Style: yaml.FlowStyle}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == '}' {
			p.i++
			return n
		}
		for {
			p.space()
			k := p.str()
			if k == nil {
				return nil
			}
			p.space()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil
			}
			p.i++
			p.space()
			v := p.value(depth + 1)
			if v == nil {
				return nil
			}
			n.Content = append(n.Content, k, v)
			p.space()
			if p.i >= len(p.s) {
				return nil
			}
			if p.s[p.i] == '}' {
				p.i++
				return n
			}
			if p.s[p.i] != ',' {
				return nil
			}
			p.i++
		}
	case c == '[':
		p.i++
		n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle}
		p.space()
		if p.i < len(p.s) && p.s[p.i] == ']' {
			p.i++
			return n
		}
		for {
			p.space()
			v := p.value(depth + 1)
			if v == nil {
				return nil
			}
			n.Content = append(n.Content, v)
			p.space()
			if p.i >= len(p.s) {
				return nil
			}
			if p.s[p.i] == ']' {
				p.i++
				return n
			}
			if p.s[p.i] != ',' {
				return nil
			}
			p.i++
		}
	case c == '"':
		return p.str()
	case c == 't' && bytes.HasPrefix(p.s[p.i:], []byte("true")):
		p.i += 4
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"}
	case c == 'f' && bytes.HasPrefix(p.s[p.i:], []byte("false")):
		p.i += 5
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"}
	case c == 'n' && bytes.HasPrefix(p.s[p.i:], []byte("null")):
		p.i += 4
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
	case c == '-' || (c >= '0' && c <= '9'):
		start := p.i
		integer := true
		for p.i < len(p.s) {
			b := p.s[p.i]
			if b == '.' || b == 'e' || b == 'E' || b == '+' {
				integer = false
			} else if b != '-' && (b < '0' || b > '9') {
				break
			}
			p.i++
		}
		tag := "!!float"
		if integer {
			tag = "!!int"
		}
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: tag, Value: string(p.s[start:p.i])}
	}
	return nil
}

// str reads a JSON string as a double-quoted YAML scalar.
func (p *jsonParser) str() *yaml.Node {
	if p.i >= len(p.s) || p.s[p.i] != '"' {
		return nil
	}
	start := p.i
	p.i++
	escaped := false
	for p.i < len(p.s) {
		switch p.s[p.i] {
		case '\\':
			escaped = true
			p.i += 2
			continue
		case '"':
			p.i++
			raw := p.s[start:p.i]
			var v string
			if escaped {
				if json.Unmarshal(raw, &v) != nil {
					return nil
				}
			} else {
				v = string(raw[1 : len(raw)-1])
			}
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: v}
		}
		p.i++
	}
	return nil
}
