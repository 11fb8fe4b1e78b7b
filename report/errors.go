package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"yibao/caseio"
)

// errorKeys finds an err.* entry by its English format: the format the
// reader wrote the error from.
var errorKeys = func() map[string]string {
	m := map[string]string{}
	for k, t := range catalogue {
		if strings.HasPrefix(k, "err.") {
			m[t[1]] = k
		}
	}
	return m
}()

// ErrorMessage is what is wrong, in l, without where: the English is the
// reader's own message; the Chinese is the catalogue's translation of the
// format it was written from, its values put in words where the catalogue
// has them. A message the catalogue does not know stays as written.
func ErrorMessage(e caseio.Error, l Lang) string {
	if l == EN || e.Format == "" {
		return e.Msg
	}
	k, ok := errorKeys[e.Format]
	if !ok {
		return e.Msg
	}
	args := make([]any, len(e.Args))
	for i, a := range e.Args {
		args[i] = a
		if s, ok := a.(string); ok {
			if t, ok := catalogue["arg."+s]; ok {
				args[i] = t[l]
			}
		} else if s, ok := a.(fmt.Stringer); ok {
			if t, ok := catalogue["arg."+s.String()]; ok {
				args[i] = t[l]
			}
		} else if s := fmt.Sprint(a); s != "" {
			if t, ok := catalogue["arg."+s]; ok {
				args[i] = t[l]
			}
		}
	}
	return fmt.Sprintf(catalogue[k][l], args...)
}

// FieldName names a path of a case or request (ledger[0].to, person.birth,
// query.as_of) for a reader: 第1行缴费记录的截止月. English keeps the path.
func FieldName(path string, l Lang) string {
	if l == EN || path == "" {
		return path
	}
	var out, parent string
	for _, seg := range strings.Split(path, ".") {
		name, idx := seg, -1
		if i := strings.IndexByte(seg, '['); i > 0 && strings.HasSuffix(seg, "]") {
			if n, err := strconv.Atoi(seg[i+1 : len(seg)-1]); err == nil {
				name, idx = seg[:i], n
			}
		}
		var label string
		if t, ok := catalogue["item."+name]; ok && idx >= 0 {
			label = fmt.Sprintf(t[l], idx+1)
		} else if t, ok := catalogue["field."+parent+"."+name]; ok {
			label = t[l]
		} else if t, ok := catalogue["field."+name]; ok && parent != "query" && parent != "path" {
			label = t[l]
		} else {
			label = seg
		}
		if out == "" {
			out = label
		} else if parent == "query" || parent == "path" {
			out += " " + label
		} else {
			out = fmt.Sprintf(catalogue["field.of"][l], out, label)
		}
		parent = name
	}
	return out
}

// ErrorText is one error for a reader: where, then what is wrong.
func ErrorText(e caseio.Error, l Lang) string {
	msg := ErrorMessage(e, l)
	if e.Path == "" {
		return msg
	}
	return fmt.Sprintf(catalogue["field.at"][l], FieldName(e.Path, l), msg)
}

// WriteCaseErrors writes a case file's errors for the CLI: a count under
// label (the file, or one document of it), then
// each error with its line and column, in Chinese, then in English.
func WriteCaseErrors(w io.Writer, label, name string, es caseio.Errors) {
	fmt.Fprintf(w, "%s (%s):\n", Sprintf(ZH, "err.cli.count", label, len(es)), Sprintf(EN, "err.cli.count", label, len(es)))
	for _, e := range es {
		fmt.Fprintf(w, "%s:%d:%d: %s\n", name, e.Line, e.Col, ErrorText(e, ZH))
		fmt.Fprintf(w, "%s:%d:%d: %s\n", name, e.Line, e.Col, ErrorText(e, EN))
	}
}
