package caseio

import (
	"bytes"
	"encoding/json"
)

// Document is one document of an input, with where it starts.
type Document struct {
	Src       []byte
	Line, Col int // 1-based position of Src[0] in the input
}

// Documents splits an input into its documents: YAML documents
// separated by "---" lines (a "..." line ends one), and JSON texts one
// after another ({…}{…} or one per line). Documents holding only
// whitespace and comments are dropped; an input with none gives one empty
// document, for the parser to say so.
func Documents(src []byte) []Document {
	var docs []Document
	for _, y := range splitYAML(src) {
		trim := bytes.TrimLeft(y.Src, " \t\r\n\ufeff")
		if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
			docs = append(docs, splitJSON(y)...)
			continue
		}
		if !blankYAML(y.Src) {
			docs = append(docs, y)
		}
	}
	if len(docs) == 0 {
		return []Document{{Src: src, Line: 1, Col: 1}}
	}
	return docs
}

// splitYAML cuts at document markers: a line that is "---" or "..." (alone
// or followed by a space or tab). YAML forbids them inside a document's
// content, and a JSON text cannot hold a line break inside a string. After
// "--- " the next document may start on the marker's own line.
func splitYAML(src []byte) []Document {
	var docs []Document
	cur := Document{Line: 1, Col: 1}
	start := 0
	line := 1
	for off := 0; off < len(src); line++ {
		next := len(src)
		if end := bytes.IndexByte(src[off:], '\n'); end >= 0 {
			next = off + end + 1
		}
		l := bytes.TrimRight(src[off:next], "\r\n")
		if isMarker(l, "---") || isMarker(l, "...") {
			cur.Src = src[start:off]
			docs = append(docs, cur)
			cur, start = Document{Line: line + 1, Col: 1}, next
			if rest := bytes.TrimLeft(l[3:], " \t"); isMarker(l, "---") && len(rest) > 0 && rest[0] != '#' {
				at := off + len(l) - len(rest)
				cur, start = Document{Line: line, Col: 1 + len([]rune(string(src[off:at])))}, at
			}
		}
		off = next
	}
	cur.Src = src[start:]
	return append(docs, cur)
}

func isMarker(l []byte, m string) bool {
	return bytes.HasPrefix(l, []byte(m)) && (len(l) == len(m) || l[len(m)] == ' ' || l[len(m)] == '\t')
}

// blankYAML reports whether a YAML document holds only whitespace,
// comments and directives.
func blankYAML(b []byte) bool {
	for _, l := range bytes.Split(b, []byte("\n")) {
		t := bytes.TrimSpace(bytes.TrimPrefix(l, []byte("\ufeff")))
		if len(t) > 0 && t[0] != '#' && t[0] != '%' {
			return false
		}
	}
	return true
}

// splitJSON cuts a run of JSON texts. Where a text fails to parse, the rest
// of the input is one document, for the parser to report at its place.
func splitJSON(d Document) []Document {
	var docs []Document
	rest := d.Src
	line, col := d.Line, d.Col
	for {
		skip := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n\ufeff"))
		line, col = advance(rest[:skip], line, col)
		rest = rest[skip:]
		if len(rest) == 0 {
			return docs
		}
		dec := json.NewDecoder(bytes.NewReader(rest))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return append(docs, Document{Src: rest, Line: line, Col: col})
		}
		n := int(dec.InputOffset())
		docs = append(docs, Document{Src: rest[:n], Line: line, Col: col})
		line, col = advance(rest[:n], line, col)
		rest = rest[n:]
	}
}

// advance moves a line and column over b.
func advance(b []byte, line, col int) (int, int) {
	for _, r := range string(b) {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
