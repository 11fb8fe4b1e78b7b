package caseio

import (
	"strings"
	"testing"
)

// An oversized list is refused whole, at its own line, naming the cap.
func TestCaps(t *testing.T) {
	body := `{"region":"510500","as_of":"2025-04-15","ledger":[` + strings.Repeat("{},", 2000) + `{}]}`
	_, err := Parse([]byte(body))
	es, _ := err.(Errors)
	if len(es) == 0 || !strings.Contains(es[0].Error(), "1:50: ledger: more than 2000 items: at most 2000 per case") {
		t.Fatalf("got %v", err)
	}
	// the same list in YAML block form is refused by the decoder, with the count
	yml := "region: \"510500\"\nas_of: 2025-04-15\nledger:\n" + strings.Repeat("  - {}\n", 2001)
	_, err = Parse([]byte(yml))
	if es, _ := err.(Errors); len(es) == 0 || !strings.Contains(es[0].Error(), "ledger: 2001 items: at most 2000 per case") {
		t.Fatalf("yaml: got %v", err)
	}
	// at the cap it is read (and its rows checked)
	body = `{"region":"510500","as_of":"2025-04-15","ledger":[` + strings.Repeat("{},", 1999) + `{}]}`
	_, err = Parse([]byte(body))
	es, _ = err.(Errors)
	if len(es) != MaxErrors+1 || !strings.Contains(es[MaxErrors].Msg, "more error(s) not listed") {
		t.Fatalf("want %d errors and a count of the rest, got %d: %v", MaxErrors, len(es), es[len(es)-1])
	}
	if !strings.Contains(es[0].Error(), "ledger[0]") {
		t.Errorf("first error %v", es[0])
	}
}

// BenchmarkParseManyBadRows is the attack of issue 12: thousands of empty
// rows, each with several errors. Checking them is linear (it was quadratic:
// 30,000 rows took seconds).
func BenchmarkParseManyBadRows(b *testing.B) {
	body := []byte(`{"region":"510500","as_of":"2025-04-15","ledger":[` + strings.Repeat("{},", 1999) + `{}]}`)
	for b.Loop() {
		Parse(body)
	}
}

// BenchmarkParseOversized: a 300 KB body of 100,000 empty rows is refused at
// the cap without reading the rows.
func BenchmarkParseOversized(b *testing.B) {
	body := []byte(`{"region":"510500","as_of":"2025-04-15","ledger":[` + strings.Repeat("{},", 100000) + `{}]}`)
	for b.Loop() {
		Parse(body)
	}
}
