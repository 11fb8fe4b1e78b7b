package main

import (
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
	return cliBoth("cli.err.too_large", formatSize(e.limit), formatSize(e.limit*4), e.limit)
}

// readLimited reads r to its end, but never more than limit+1 bytes: past
// the limit it stops with errTooLarge. The buffer starts at hint bytes (the
// file's size when known) and doubles up to the limit, so whatever r is
// (/dev/zero, a pipe that never ends) at most about twice the limit is
// allocated.
func readLimited(r io.Reader, limit, hint int64) ([]byte, error) {
	buf := make([]byte, 0, min(limit, max(hint+1, 64<<10)))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) >= limit {
				return buf, probeEnd(r, limit) // full: one more byte is one too many
			}
			grown := make([]byte, len(buf), min(limit, 2*int64(cap(buf))))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// probeEnd reports whether r is at its end, errTooLarge if it is not.
func probeEnd(r io.Reader, limit int64) error {
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n > 0 {
			return &errTooLarge{limit}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// readInput reads a case file ("-" = stdin) of at most limit bytes. A
// regular file larger than the limit is refused before it is read.
func readInput(name string, stdin io.Reader, limit int64) ([]byte, string, error) {
	if name == "-" {
		b, err := readLimited(stdin, limit, 0)
		return b, "<stdin>", err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, err
	}
	defer f.Close()
	var hint int64
	if st, err := f.Stat(); err == nil {
		if st.IsDir() {
			return nil, name, errors.New(cliBoth("cli.err.is_dir"))
		}
		if st.Mode().IsRegular() && st.Size() > limit {
			return nil, name, &errTooLarge{limit}
		}
		if st.Mode().IsRegular() {
			hint = st.Size()
		}
	}
	b, err := readLimited(f, limit, hint)
	return b, name, err
}
