package batch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxJSONLine bounds one JSON Lines record: a longer line is rejected, not
// held in memory.
const maxJSONLine = 1 << 20

// NewJSONLSource reads JSON Lines: one object per line, keys as a CSV
// header's names (English or Chinese), values strings, numbers, booleans or
// null. The header is the first object's keys, then every canonical field
// those keys do not name, so that a later object may carry a field the first
// left out (as Spark's JSON writer drops nulls). A later key that names a
// field under another name than the first line's is rejected with its row,
// never dropped silently.
func NewJSONLSource(r io.Reader, overrides map[string]Field) Source {
	return &jsonlSource{r: bufio.NewReaderSize(r, 64<<10), overrides: overrides}
}

type jsonlSource struct {
	r         *bufio.Reader
	overrides map[string]Field
	line      int
	header    []string
	index     map[string]int
	first     []string // the first object's record, yielded after the header
	firstLine int
	eof       bool
}

func (s *jsonlSource) Where(line int) string { return "line " + strconv.Itoa(line) }

// readLine returns the next non-blank line, or a *RecordError for a line
// past maxJSONLine (skipped to its end).
func (s *jsonlSource) readLine() ([]byte, error) {
	for {
		if s.eof {
			return nil, io.EOF
		}
		var buf []byte
		long := false
		for {
			part, err := s.r.ReadSlice('\n')
			if len(buf)+len(part) > maxJSONLine {
				long = true
			} else {
				buf = append(buf, part...)
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err == io.EOF {
				s.eof = true
				break
			}
			if err != nil {
				return nil, err
			}
			break
		}
		if len(buf) == 0 && !long && s.eof {
			return nil, io.EOF
		}
		s.line++
		if long {
			return nil, &RecordError{Line: s.line, Err: fmt.Errorf("line longer than %d bytes", maxJSONLine)}
		}
		if t := bytes.TrimSpace(buf); len(t) > 0 {
			return t, nil
		}
	}
}

func (s *jsonlSource) Next() ([]string, int, error) {
	if s.first != nil {
		rec := s.first
		s.first = nil
		return rec, s.firstLine, nil
	}
	b, err := s.readLine()
	if err != nil {
		return nil, s.line, err
	}
	keys, vals, err := parseObject(b)
	if err != nil {
		return nil, s.line, &RecordError{Line: s.line, Err: err}
	}
	if s.header == nil {
		s.header, s.index = append([]string(nil), keys...), map[string]int{}
		named := map[Field]bool{}
		for i, k := range keys {
			s.index[k] = i
			if f, ok := fieldOf(k, s.overrides); ok {
				named[f] = true
			}
		}
		for _, f := range allFields {
			if _, taken := s.index[string(f)]; !named[f] && !taken {
				s.index[string(f)] = len(s.header)
				s.header = append(s.header, string(f))
			}
		}
		s.first, s.firstLine = make([]string, len(s.header)), s.line
		for i, v := range vals {
			if v == nested {
				if _, named := fieldOf(keys[i], s.overrides); named {
					s.first = nil
					return nil, s.line, &RecordError{Line: s.line, Err: fmt.Errorf("key %q: want a string, number, true/false or null, not an object or a list", keys[i])}
				}
				v = ""
			}
			s.first[i] = v
		}
		return s.header, s.line, nil
	}
	rec := make([]string, len(s.header))
	for i, k := range keys {
		j, ok := s.index[k]
		if !ok {
			if f, named := fieldOf(k, s.overrides); named {
				return nil, s.line, &RecordError{Line: s.line, Err: fmt.Errorf("key %q (%s) is not among the first line's keys: name each field as the first line does", k, f)}
			}
			continue // a column batch does not read, as in CSV
		}
		if vals[i] == nested {
			if _, named := fieldOf(k, s.overrides); named {
				return nil, s.line, &RecordError{Line: s.line, Err: fmt.Errorf("key %q: want a string, number, true/false or null, not an object or a list", k)}
			}
			continue
		}
		rec[j] = vals[i]
	}
	return rec, s.line, nil
}

// fieldOf is the field a header name maps to (as MapHeader reads it).
func fieldOf(h string, overrides map[string]Field) (Field, bool) {
	h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
	if f, ok := overrides[h]; ok {
		return f, true
	}
	f, ok := headerNames[strings.ToLower(h)]
	return f, ok
}

// nested stands for an object or a list value.
const nested = "\x00nested"

// parseObject reads one flat JSON object, keys in order; values as their
// text (numbers as written, null as empty).
func parseObject(b []byte) (keys, vals []string, err error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	t, err := d.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("want a JSON object: %v", err)
	}
	if t != json.Delim('{') {
		return nil, nil, errors.New("want a JSON object {\"person_id\": …} on each line")
	}
	seen := map[string]bool{}
	for d.More() {
		t, err := d.Token()
		if err != nil {
			return nil, nil, err
		}
		k := t.(string) // an object's keys are strings, or Token fails
		if seen[k] {
			return nil, nil, fmt.Errorf("key %q twice", k)
		}
		seen[k] = true
		t, err = d.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("key %q: %v", k, err)
		}
		var v string
		switch x := t.(type) {
		case string:
			v = x
		case json.Number:
			v = x.String()
		case bool:
			v = strconv.FormatBool(x)
		case nil:
		default: // an object or a list: skipped; an error only if the key is a ledger field
			for depth := 1; depth > 0; {
				t, err := d.Token()
				if err != nil {
					return nil, nil, fmt.Errorf("key %q: %v", k, err)
				}
				switch t {
				case json.Delim('{'), json.Delim('['):
					depth++
				case json.Delim('}'), json.Delim(']'):
					depth--
				}
			}
			v = nested
		}
		keys, vals = append(keys, k), append(vals, v)
	}
	if _, err := d.Token(); err != nil {
		return nil, nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, nil, errors.New("more after the object: one object per line")
	}
	return keys, vals, nil
}
