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

// largestYAMLCase is a case with every list at its cap and every field of
// every item given, one per line: the most a valid YAML case can hold.
func largestYAMLCase(flow bool) string {
	var b strings.Builder
	b.WriteString("# the largest case: every list at its cap\nregion: \"310000\"\nas_of: 2026-11-28\nperson:\n  birth: 1980-01-01\n  sex: female\n  post: worker\nledger:\n")
	item := func(fields ...string) {
		if flow {
			b.WriteString("  - {" + strings.Join(fields, ", ") + "}\n")
			return
		}
		b.WriteString("  - " + strings.Join(fields, "\n    ") + "\n")
	}
	for range 2000 {
		item("from: 2000-01", "to: 2000-01", "scheme: employee", "status: paid", "base_fen: 100000", "paid_on: 2000-01-15", "due: 2000-01-31")
	}
	b.WriteString("resident_years:\n")
	for range 100 {
		item("year: 2000", "paid_on: 1999-12-01", "repair_years: 0", "window: regular", "claimed: false", "used_reward: false")
	}
	b.WriteString("events:\n")
	for range 200 {
		item("date: 2001-01-01", "kind: job_ended", "from: \"110000\"")
	}
	b.WriteString("bills:\n")
	for range 1000 {
		item("date: 2001-01-01", "amount_fen: 100", "note: \"门诊, 复诊 # 不是注释\"")
	}
	return b.String()
}

func TestCheckYAMLSize(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"largest valid case, block style", largestYAMLCase(false), ""},
		{"largest valid case, flow style", largestYAMLCase(true), ""},
		{"flow list of tiny elements", "ledger: [" + strings.Repeat("{}, ", 100000) + "{}]\n", "1:1: too large: more than 40000"},
		{"block list of tiny elements (a line and a brace each)", "ledger:\n" + strings.Repeat("- {}\n", 100000), "20002:1: too large"},
		{"many unknown fields", strings.Repeat("x: 1\n", 100000), "40002:1: too large"},
		{"commas in quotes and comments do not count", "note: \"" + strings.Repeat(",", 50000) + "\"\nx: '" + strings.Repeat(",", 50000) + "' # " + strings.Repeat(",", 50000) + "\n", ""},
		{"an apostrophe in a plain scalar opens no quote", "note: it's\nledger: [" + strings.Repeat("{}, ", 50000) + "]\n", "too large"},
		{"JSON is left to CheckJSONLists", "{\n" + strings.Repeat(" \"x\": 1,\n", 50000) + "}", ""},
	} {
		es := CheckYAMLSize([]byte(tc.src))
		got := ""
		if len(es) > 0 {
			got = es[0].Error()
		}
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestLargestYAMLCaseParses: the budget never refuses a valid case — the
// largest one reaches the decoder (whose answer may be other errors, never
// "too large").
func TestLargestYAMLCaseParses(t *testing.T) {
	for _, flow := range []bool{false, true} {
		_, err := Parse([]byte(largestYAMLCase(flow)))
		if err != nil && strings.Contains(err.Error(), "too large") {
			t.Errorf("flow %v: %v", flow, err)
		}
	}
}

func FuzzCheckYAMLSize(f *testing.F) {
	f.Add("ledger: [1, 2]\n# c, d\nnote: 'a, b'\n")
	f.Add("a: \"\\\"\"\nb: [[],[{}]]\n")
	f.Fuzz(func(t *testing.T, s string) {
		CheckYAMLSize([]byte(s))
	})
}

// BenchmarkParseYAMLAttack: a 500 KB YAML body of tiny list elements is
// refused before the YAML parser sees it (was ~120 ms per 300 KB).
func BenchmarkParseYAMLAttack(b *testing.B) {
	src := []byte("region: \"310000\"\nas_of: 2025-04-15\nledger: [" + strings.Repeat("{}, ", 125000) + "{}]\n")
	for b.Loop() {
		if _, err := Parse(src); err == nil {
			b.Fatal("accepted")
		}
	}
}
