package batch

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress draws one status line on a terminal: rows read, persons, rows per
// second and, when the input's size is known, a bar and the time left. It is
// ours rather than a progress-bar module: the line is ours to word (rows and
// persons at once), terminal detection is one Stat call, and a module would
// bring three more (colour, Unicode width, x/term) for twenty lines.
type Progress struct {
	w        io.Writer
	fraction func() float64 // done, 0..1; nil when the size is unknown
	start    time.Time
	last     time.Time
	now      func() time.Time
	drawn    bool
}

// NewProgress returns a progress line on w, or nil (silence) when w is not
// a terminal. fraction may be nil.
func NewProgress(w io.Writer, fraction func() float64) *Progress {
	f, ok := w.(*os.File)
	if !ok || !IsTerminal(f) {
		return nil
	}
	return newProgress(w, fraction, time.Now)
}

func newProgress(w io.Writer, fraction func() float64, now func() time.Time) *Progress {
	t := now()
	return &Progress{w: w, fraction: fraction, start: t, now: now}
}

// IsTerminal reports whether f is a character device (a terminal), not a
// file or a pipe.
func IsTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Update redraws the line at most five times a second. A nil Progress does
// nothing.
func (p *Progress) Update(rows, persons int) {
	if p == nil {
		return
	}
	t := p.now()
	if p.drawn && t.Sub(p.last) < 200*time.Millisecond {
		return
	}
	p.last, p.drawn = t, true
	fmt.Fprint(p.w, "\r"+p.line(rows, persons, t)+"\x1b[K")
}

// Done clears the line.
func (p *Progress) Done() {
	if p == nil || !p.drawn {
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K")
}

func (p *Progress) line(rows, persons int, t time.Time) string {
	el := t.Sub(p.start).Seconds()
	rate := 0.0
	if el > 0 {
		rate = float64(rows) / el
	}
	s := fmt.Sprintf("行 rows %d · 人 persons %d · %.0f rows/s", rows, persons, rate)
	if p.fraction == nil {
		return s
	}
	f := min(max(p.fraction(), 0), 1)
	const width = 20
	n := int(f * width)
	s += fmt.Sprintf(" [%s%s] %3.0f%%", strings.Repeat("=", n), strings.Repeat(" ", width-n), 100*f)
	if f > 0.01 && el > 1 {
		left := time.Duration(el*(1-f)/f) * time.Second
		s += " ETA " + left.Round(time.Second).String()
	}
	return s
}

// NewProgressFor draws on w whether or not it is a terminal, on a given
// clock (tests).
func NewProgressFor(w io.Writer, fraction func() float64, now func() time.Time) *Progress {
	return newProgress(w, fraction, now)
}
