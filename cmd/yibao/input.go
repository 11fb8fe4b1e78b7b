package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Reading case files: at most --max-input bytes (default 8 MiB), and every
// document of a multi-document input (docs/cli.md, "Input").

// defaultMaxInput is the most a case file may hold unless --max-input says
// otherwise: 8 MiB is over a hundred times the largest case the caps allow
// to be useful (2,000 ledger rows, 1,000 bills) and bounds the memory of a
// mistaken `yibao assess /dev/zero` or a log file given by accident.
const defaultMaxInput = 8 << 20

// maxDocuments is how many documents one input may hold; more is refused
// (yibao batch is the tool for many persons).
const maxDocuments = 1000

// byteSize is a flag value in bytes, written as 8388608, 8MiB, 512KiB, 1GiB
// (also 8M, 8MB: binary multiples either way).
type byteSize int64

func (b *byteSize) String() string { return formatSize(int64(*b)) }

func (b *byteSize) Set(s string) error {
	n, err := parseSize(s)
	if err != nil {
		return err
	}
	*b = byteSize(n)
	return nil
}

func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix []string
		m      int64
	}{{[]string{"GiB", "GB", "G"}, 1 << 30}, {[]string{"MiB", "MB", "M"}, 1 << 20}, {[]string{"KiB", "KB", "K"}, 1 << 10}, {[]string{"B"}, 1}} {
		for _, suf := range u.suffix {
			if len(t) > len(suf) && strings.EqualFold(t[len(t)-len(suf):], suf) {
				t, mult = strings.TrimSpace(t[:len(t)-len(suf)]), u.m
				goto parsed
			}
		}
	}
parsed:
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, fmt.Errorf("%q: want a positive size such as 8MiB, 64MiB or 1048576 (bytes; at most 1TiB)", s)
	}
	return n * mult, nil
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return strconv.FormatInt(n, 10)
}

// errTooLarge is returned when an input exceeds its limit.
type errTooLarge struct{ limit int64 }

func (e *errTooLarge) Error() string {
	return fmt.Sprintf("输入超过 %s 上限，已停止读取；确需更大的文件请用 --max-input %s 放宽，多人数据请用 yibao batch / "+
		"input exceeds the %s limit (%d bytes), reading stopped: allow more with --max-input %s, or use yibao batch for many persons",
		formatSize(e.limit), formatSize(e.limit*4), formatSize(e.limit), e.limit, formatSize(e.limit*4))
}

// readLimited reads r to its end, but never more than limit+1 bytes: past
// the limit it stops with errTooLarge. Memory stays within about twice the
// limit whatever r is (/dev/zero, a pipe that never ends).
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	var buf bytes.Buffer
	n, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if n > limit {
		return nil, &errTooLarge{limit}
	}
	return buf.Bytes(), nil
}

// readInput reads a case file ("-" = stdin) of at most limit bytes. A
// regular file larger than the limit is refused before it is read.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, string, error) {
	if name == "-" {
		b, err := readLimited(stdin, limit)
		return b, "<stdin>", err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, name, errors.New("是目录而不是文件 is a directory: want a case file (YAML or JSON)")
		}
		if st.Mode().IsRegular() && st.Size() > limit {
			return nil, name, &errTooLarge{limit}
		}
	}
	b, err := readLimited(f, limit)
	return b, name, err
}

// document is one document of an input, with where it starts.
type document struct {
	src       []byte
	line, col int // 1-based position of src[0] in the input
}

// splitDocuments splits an input into its documents: YAML documents
// separated by "---" lines (a "..." line ends one), and JSON texts one
// after another ({…}{…} or one per line). Documents holding only
// whitespace and comments are dropped; an input with none gives one empty
// document, for the parser to say so.
func splitDocuments(src []byte) []document {
	var docs []document
	for _, y := range splitYAML(src) {
		trim := bytes.TrimLeft(y.src, " \t\r\n\ufeff")
		if len(trim) > 0 && (trim[0] == '{' || trim[0] == '[') {
			docs = append(docs, splitJSON(y)...)
			continue
		}
		if !blankYAML(y.src) {
			docs = append(docs, y)
		}
	}
	if len(docs) == 0 {
		return []document{{src: src, line: 1, col: 1}}
	}
	return docs
}

// splitYAML cuts at document markers: a line that is "---" or "..." (alone
// or followed by a space or tab). YAML forbids them inside a document's
// content, and a JSON text cannot hold a line break inside a string. After
// "--- " the next document may start on the marker's own line.
func splitYAML(src []byte) []document {
	var docs []document
	cur := document{line: 1, col: 1}
	start := 0
	line := 1
	for off := 0; off < len(src); line++ {
		next := len(src)
		if end := bytes.IndexByte(src[off:], '\n'); end >= 0 {
			next = off + end + 1
		}
		l := bytes.TrimRight(src[off:next], "\r\n")
		if isMarker(l, "---") || isMarker(l, "...") {
			cur.src = src[start:off]
			docs = append(docs, cur)
			cur, start = document{line: line + 1, col: 1}, next
			if rest := bytes.TrimLeft(l[3:], " \t"); isMarker(l, "---") && len(rest) > 0 && rest[0] != '#' {
				at := off + len(l) - len(rest)
				cur, start = document{line: line, col: 1 + len([]rune(string(src[off:at])))}, at
			}
		}
		off = next
	}
	cur.src = src[start:]
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
func splitJSON(d document) []document {
	var docs []document
	rest := d.src
	line, col := d.line, d.col
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
			return append(docs, document{src: rest, line: line, col: col})
		}
		n := int(dec.InputOffset())
		docs = append(docs, document{src: rest[:n], line: line, col: col})
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
