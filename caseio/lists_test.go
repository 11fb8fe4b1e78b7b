package caseio

import (
	"strings"
	"testing"
)

func TestCheckJSONLists(t *testing.T) {
	rows := func(n int) string {
		return strings.TrimSuffix(strings.Repeat(`{"from":"2020-01","to":"2020-01","scheme":"employee","status":"paid"},`, n), ",")
	}
	for _, tc := range []struct {
		name, src, want string
	}{
		{"at the cap", `{"region":"510500","ledger":[` + rows(2000) + `]}`, ""},
		{"one past the cap", `{"region":"510500","ledger":[` + rows(2001) + `]}`, "1:29: ledger: more than 2000 items"},
		{"events cap", `{"events":[` + strings.TrimSuffix(strings.Repeat(`{"date":"2025-01-01","kind":"job_ended"},`, 201), ",") + `]}`, "events: more than 200 items"},
		{"tiny elements", `{"region":"510500","ledger":[` + strings.TrimSuffix(strings.Repeat("0,", 500000), ",") + `]}`, "ledger: more than 2000"},
		{"nested list", `{"x":[[` + strings.TrimSuffix(strings.Repeat("0,", 10001), ",") + `]]}`, "a list: more than 10000"},
		{"commas in strings do not count", `{"ledger":["` + strings.Repeat(",", 5000) + `"]}`, ""},
		{"escaped quotes", `{"ledger":["a\",` + strings.Repeat(",", 5000) + `"]}`, ""},
		{"empty list", `{"ledger":[]}`, ""},
		{"deep", strings.Repeat("[", 1) + "", ""},
		{"too deep", `{"a":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `}`, "nested more than 64 deep"},
		{"not JSON", "region: \"510500\"\nledger: []\n", ""},
	} {
		es := CheckJSONLists([]byte(tc.src))
		got := ""
		if len(es) > 0 {
			got = es[0].Error()
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// FuzzCheckJSONLists: never panics; a document it refuses has a list longer
// than a cap or is nested too deep.
func FuzzCheckJSONLists(f *testing.F) {
	f.Add(`{"ledger":[1,2,3]}`)
	f.Add(`{"a":"\"","b":[[],[{}]]}`)
	f.Fuzz(func(t *testing.T, s string) {
		CheckJSONLists([]byte(s))
	})
}

// BenchmarkCheckJSONLists: a 1 MiB body of tiny elements (the attack of
// issue 12's soak) is refused without parsing.
func BenchmarkCheckJSONLists(b *testing.B) {
	src := []byte(`{"region":"510500","ledger":[` + strings.TrimSuffix(strings.Repeat("0,", 520000), ",") + `]}`)
	for b.Loop() {
		CheckJSONLists(src)
	}
}
