package main

import (
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// Terminal text: tables aligned by display width, not bytes or runes.
// text/tabwriter counts every rune as one column, so a column of Chinese
// names pushes the next column out of line; these helpers count a wide or
// fullwidth character (East Asian Width W or F: 汉字, 全角标点) as two
// columns and a combining mark as none.

// runeWidth is the number of terminal columns r takes.
func runeWidth(r rune) int {
	switch {
	case r == '\t':
		return 1
	case r < 0x20 || r == 0x7f || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) || r == 0x200b:
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// displayWidth is the number of terminal columns s takes.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n += runeWidth(r)
	}
	return n
}

// wrap breaks s into lines of at most max columns. It breaks at spaces and
// between wide characters (Chinese text has no spaces), never inside a run
// of narrow characters without spaces, so a URL, a date or an amount stays
// whole even when that makes its line longer than max. Explicit newlines
// are kept. Chinese closing punctuation (，。）、 …) never starts a line.
func wrap(s string, max int) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, wrapLine(para, max)...)
	}
	return out
}

func wrapLine(s string, max int) []string {
	if max <= 0 || displayWidth(s) <= max {
		return []string{s}
	}
	var lines []string
	var line strings.Builder
	lineW := 0
	flush := func() {
		lines = append(lines, strings.TrimRight(line.String(), " "))
		line.Reset()
		lineW = 0
	}
	for _, tok := range tokens(s) {
		w := displayWidth(tok)
		if tok == " " {
			if lineW > 0 && lineW+1 <= max {
				line.WriteString(" ")
				lineW++
			}
			continue
		}
		if lineW > 0 && lineW+w > max && !noLineStart(tok) {
			flush()
		}
		line.WriteString(tok)
		lineW += w
	}
	if line.Len() > 0 {
		flush()
	}
	return lines
}

// tokens splits s into unbreakable pieces: a single space, one wide
// character, or a run of other characters. A number keeps the wide
// character after it (6个, 2年), so a quantity is not split from its unit.
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == ' ' || runeWidth(r) == 2 {
			end := i
			if r != ' ' && start >= 0 && i > 0 && s[i-1] >= '0' && s[i-1] <= '9' {
				end = i + utf8.RuneLen(r) // the unit stays with its number
				out = append(out, s[start:end])
				start = -1
				continue
			}
			if start >= 0 {
				out = append(out, s[start:end])
				start = -1
			}
			out = append(out, s[i:i+utf8.RuneLen(r)])
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	// an opening bracket stays with what follows it
	for i := 0; i+1 < len(out); i++ {
		if r, _ := utf8.DecodeRuneInString(out[i]); len(out[i]) == utf8.RuneLen(r) && strings.ContainsRune("（「『【《〔([", r) && out[i+1] != " " {
			out[i] += out[i+1]
			out = append(out[:i+1], out[i+2:]...)
		}
	}
	return out
}

// noLineStart reports whether tok is punctuation that must not begin a line.
func noLineStart(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	return strings.ContainsRune("，。、；：！？）」』】》〕·…,.;:!?)]", r)
}

// table collects rows of cells and writes them with columns aligned by
// display width. A cell may hold several lines ("\n"), and a column with a
// maximum width wraps its cells (see wrap).
type table struct {
	max  []int // per column; 0 = no limit
	rows [][]string
}

func newTable(header ...string) *table {
	t := &table{}
	if len(header) > 0 {
		t.add(header...)
	}
	return t
}

// limit sets the maximum widths of the columns, in order.
func (t *table) limit(max ...int) *table {
	t.max = max
	return t
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the table, two spaces between columns, no trailing spaces.
func (t *table) write(w io.Writer) {
	cols := 0
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	// split each cell into its lines, wrapped to the column's maximum
	split := make([][][]string, len(t.rows))
	widths := make([]int, cols)
	for i, r := range t.rows {
		split[i] = make([][]string, cols)
		for j := range cols {
			cell := ""
			if j < len(r) {
				cell = r[j]
			}
			lim := 0
			if j < len(t.max) {
				lim = t.max[j]
			}
			split[i][j] = wrap(cell, lim)
			for _, l := range split[i][j] {
				widths[j] = max(widths[j], displayWidth(l))
			}
		}
	}
	var b strings.Builder
	for _, cells := range split {
		height := 1
		for _, c := range cells {
			height = max(height, len(c))
		}
		for k := range height {
			var line strings.Builder
			for j, c := range cells {
				s := ""
				if k < len(c) {
					s = c[k]
				}
				line.WriteString(s)
				if j < cols-1 {
					line.WriteString(strings.Repeat(" ", widths[j]-displayWidth(s)+2))
				}
			}
			b.WriteString(strings.TrimRight(line.String(), " "))
			b.WriteByte('\n')
		}
	}
	io.WriteString(w, b.String())
}

// writeWrapped writes s wrapped to max columns, the first line after
// prefix and the others indented by the prefix's width.
func writeWrapped(w io.Writer, prefix, s string, max int) {
	indent := displayWidth(prefix)
	pad := strings.Repeat(" ", indent)
	for i, l := range wrap(s, max-indent) {
		if i == 0 {
			io.WriteString(w, prefix+l+"\n")
			continue
		}
		io.WriteString(w, pad+l+"\n")
	}
}
