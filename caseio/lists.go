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
	i := 0
	for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
		i++
	}
	if i >= len(src) || src[i] != '{' {
		return nil
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
