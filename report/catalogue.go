package report

import (
	"fmt"
	"maps"
	"strings"
)

// Msg returns the catalogue text of key in l, or key itself when the
// catalogue has no such text (a test keeps that from happening).
func Msg(key string, l Lang) string {
	if t, ok := catalogue[key]; ok {
		return t[l]
	}
	return key
}

// Sprintf formats the catalogue format of key in l with args (the txt.*,
// err.* and batch.* texts).
func Sprintf(l Lang, key string, args ...any) string {
	return fmt.Sprintf(Msg(key, l), args...)
}

// Pair returns the text of key in both languages.
func Pair(key string) [2]string { return catalogue[key] }

// StatusText is the label of a month's status (engine.Status.String()), as
// the CLI, the page and batch show it.
func StatusText(s string, l Lang) string {
	if t, ok := catalogue["status."+s]; ok {
		return t[l]
	}
	return s
}

// argText is the reader's word for a value a template quotes ({text}) or a
// parameter holds: a status, a share, yes/no, a rounding rule, an enum value.
func argText(s string, l Lang) (string, bool) {
	for _, p := range [...]string{"arg.", "status.", "round.", "value."} {
		if t, ok := catalogue[p+s]; ok {
			return t[l], true
		}
	}
	return "", false
}

// ValueText is a parameter's value as a reader sees it: enum values and
// rounding rules in words, anything else as written.
func ValueText(v string, l Lang) string {
	for _, p := range [...]string{"value.", "round."} {
		if t, ok := catalogue[p+v]; ok {
			return t[l]
		}
	}
	return v
}

// Catalogue returns a copy of the whole catalogue, [zh, en] by key.
func Catalogue() map[string][2]string { return maps.Clone(catalogue) }

// labelPrefixes are the namespaces of the catalogue that are not reason
// codes (see messages.go).
var labelPrefixes = []string{"w.", "status.", "scheme.", "level.", "conf.", "cause.", "allowed.", "bill.status.",
	"arg.", "value.", "round.", "ask.", "txt.", "page.", "err.", "item.", "field.", "batch.", "plan.", "calc.", "cli.", "api.", "disclaimer"}

// IsReasonCode reports whether a catalogue key is a reason code the engine
// emits (not a warning, a label or a report text).
func IsReasonCode(key string) bool {
	for _, p := range labelPrefixes {
		if strings.HasPrefix(key, p) {
			return false
		}
	}
	return true
}
