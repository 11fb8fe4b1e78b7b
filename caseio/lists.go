package caseio

import (
	"fmt"
	"reflect"

	"yibao"
	"yibao/internal/strictyaml"
)

// maxAnyList bounds every list a JSON case may hold that has no cap of its
// own: no list in a case needs more (the largest cap, the ledger's, is 2000).
const maxAnyList = 10000

// listCaps are the top-level lists' caps, from the max tags on yibao.Case.
var listCaps = func() map[string]int {
	m := map[string]int{}
	for _, f := range strictyaml.Fields(reflect.TypeOf(yibao.Case{})) {
		if f.MaxItems > 0 {
			m[f.Name] = f.MaxItems
		}
	}
	return m
}()

// CheckJSONLists scans a JSON document byte by byte — before anything is
// parsed, in linear time and constant memory — and refuses a list longer
// than its cap (the case's max tags, else 10,000) at the list's line. A body
// of a million tiny elements is thus refused in milliseconds instead of
// being parsed into a large tree first. Input that is not JSON is left alone.
func CheckJSONLists(src []byte) Errors {
	if !isJSON(src) {
		return nil
	}
	i := 0
	for src[i] != '{' {
		i++
	}
	type frame struct {
		array bool
		n     int
		key   string
		cap   int
		at    int
	}
	var stack []frame
	var lastStr string
	strStart := -1
	for ; i < len(src); i++ {
		c := src[i]
		if strStart >= 0 {
			switch c {
			case '\\':
				i++
			case '"':
				lastStr = string(src[strStart:i])
				strStart = -1
			}
			continue
		}
		switch c {
		case '"':
			strStart = i + 1
			if len(stack) > 0 && stack[len(stack)-1].array && stack[len(stack)-1].n == 0 {
				stack[len(stack)-1].n = 1
			}
		case ':':
			if len(stack) == 1 {
				stack[0].key = lastStr // a top-level field name
			}
		case '{', '[':
			if len(stack) > 0 && stack[len(stack)-1].array && stack[len(stack)-1].n == 0 {
				stack[len(stack)-1].n = 1
			}
			f := frame{array: c == '[', at: i, cap: maxAnyList}
			if c == '[' && len(stack) == 1 {
				f.key = stack[0].key
				if m, ok := listCaps[f.key]; ok {
					f.cap = m
				}
			}
			stack = append(stack, f)
			if len(stack) > 64 {
				p := strictyaml.OffsetPos(src, i)
				return Errors{{Line: p.Line, Col: p.Col, Msg: "nested more than 64 deep: a case is a few levels of fields and lists", Format: "nested more than 64 deep: a case is a few levels of fields and lists"}}
			}
		case ']', '}':
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case ',':
			if len(stack) > 0 && stack[len(stack)-1].array {
				f := &stack[len(stack)-1]
				f.n++
				if f.n > f.cap {
					p := strictyaml.OffsetPos(src, f.at)
					path, what := f.key, ""
					if path == "" || len(stack) > 2 {
						path, what = "", "a list: "
					}
					const format = "%smore than %d items: at most %d per case; merge rows with the same facts or split the case"
					return Errors{{Line: p.Line, Col: p.Col, Path: path,
						Msg: fmt.Sprintf(format, what, f.cap, f.cap), Format: format, Args: []any{what, f.cap, f.cap}}}
				}
			}
		case ' ', '\t', '\n', '\r':
		default:
			if len(stack) > 0 && stack[len(stack)-1].array && stack[len(stack)-1].n == 0 {
				stack[len(stack)-1].n = 1
			}
		}
	}
	return nil
}

// maxYAMLTokens bounds the work of parsing a YAML case: its lines plus its
// flow separators (',', '[', '{' outside quotes and comments). The largest
// valid case — 2000 ledger rows, 1000 bills, 200 events and 100 resident
// years, every field given, one per line or in flow style — has about
// 23,000; a body past the budget is refused before the YAML parser builds a
// node for each of its items.
const maxYAMLTokens = 40000

// CheckYAMLSize refuses a YAML document with more than maxYAMLTokens tokens,
// at the line where the budget ran out, in linear time and constant memory.
// JSON documents are left to CheckJSONLists.
func CheckYAMLSize(src []byte) Errors {
	if isJSON(src) {
		return nil
	}
	n, line := 0, 1
	var quote byte // the open quote, if any
	comment := false
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '\n' {
			line++
			n++
			comment = false // a quoted scalar may span lines: each still counts
		} else if comment {
			continue
		} else if quote != 0 {
			switch {
			case c == '\\' && quote == '"':
				i++
			case c == quote:
				quote = 0
			}
			continue
		} else {
			switch c {
			case '"', '\'':
				if i == 0 || !isPlainChar(src[i-1]) {
					quote = c
				}
			case '#':
				if i == 0 || src[i-1] == ' ' || src[i-1] == '\t' || src[i-1] == '\n' {
					comment = true
				}
			case ',', '[', '{':
				n++
			}
		}
		if n > maxYAMLTokens {
			const format = "too large: more than %d lines and list items in one case (a case holds at most %d ledger rows, %d bills, %d events, %d resident years); split the case or merge rows with the same facts"
			args := []any{maxYAMLTokens, listCaps["ledger"], listCaps["bills"], listCaps["events"], listCaps["resident_years"]}
			return Errors{{Line: line, Col: 1, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}}
		}
	}
	return nil
}

// isPlainChar: a quote after such a byte is part of a plain scalar (it's).
func isPlainChar(c byte) bool {
	return c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '[' && c != '{' && c != ',' && c != ':' && c != '-'
}

// isJSON: the document's first non-blank byte opens a JSON object.
func isJSON(src []byte) bool {
	for _, c := range src {
		switch c {
		case ' ', '\t', '\n', '\r':
		default:
			return c == '{'
		}
	}
	return false
}
