package caseio

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"

	"yibao"
	"yibao/internal/strictyaml"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSchemaFile keeps schema/case.schema.json generated from the Go types.
func TestSchemaFile(t *testing.T) {
	s := strictyaml.Schema(yibao.Case{}, "case.schema.json", "yibao case (参保记录)")
	b, _ := json.MarshalIndent(s, "", "  ")
	b = append(b, '\n')
	const path = "../schema/case.schema.json"
	if *update {
		os.MkdirAll("../schema", 0o755)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != string(b) {
		t.Fatalf("%s is out of date: run go test ./caseio -update", path)
	}
}

func TestExamplesParse(t *testing.T) {
	for _, f := range []string{"../examples/luzhou-freelancer.yaml", "../examples/luzhou-freelancer.json", "../examples/jiayuguan-resident.yaml", "../examples/shanghai-flexible.yaml"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(src); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"../examples/luzhou-freelancer.yaml", "../examples/luzhou-freelancer.json"} {
		b, _ := os.ReadFile(p)
		f.Add(string(b))
	}
	f.Add("region: 1\nas_of: x\nledger: [{}]")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse([]byte(s))
		if err == nil && c == nil {
			t.Fatal("nil case without error")
		}
		if err != nil {
			if _, ok := err.(Errors); !ok {
				t.Fatalf("error of type %T: %v", err, err)
			}
		}
	})
}

// TestMoneyBounds: an amount beyond its sanity bound is an error naming the
// field, with its line; an amount at the bound is accepted.
func TestMoneyBounds(t *testing.T) {
	at := `region: "310000"
as_of: 2026-04-15
ledger:
  - {from: 2025-01, to: 2026-03, scheme: flexible, status: paid, base_fen: 1000000000}
bills:
  - {date: 2026-04-01, amount_fen: 10000000000}
quote: {scheme: flexible, base_fen: 1000000000}
plan: {base_fen: 1000000000, monthly_spend_fen: 10000000000}
`
	if _, err := Parse([]byte(at)); err != nil {
		t.Fatalf("amounts at the bounds rejected: %v", err)
	}
	over := `region: "310000"
as_of: 2026-04-15
ledger:
  - {from: 2025-01, to: 2026-03, scheme: flexible, status: paid, base_fen: 999999999999999}
bills:
  - {date: 2026-04-01, amount_fen: 9223372036854775807}
quote: {scheme: flexible, base_fen: 1000000001}
plan: {base_fen: 9000000000000000, monthly_spend_fen: 10000000001}
`
	_, err := Parse([]byte(over))
	es, ok := err.(Errors)
	if !ok {
		t.Fatalf("error %v, want Errors", err)
	}
	want := []string{
		"4:76: ledger[0].base_fen: 999999999999999 fen is beyond any plausible monthly base (at most 1000000000 fen = 10,000,000.00 yuan)",
		"6:36: bills[0].amount_fen: 9223372036854775807 fen is beyond any plausible bill (at most 10000000000 fen = 100,000,000.00 yuan)",
		"7:37: quote.base_fen: 1000000001 fen is beyond any plausible monthly base (at most 1000000000 fen = 10,000,000.00 yuan)",
		"8:18: plan.base_fen: 9000000000000000 fen is beyond any plausible monthly base (at most 1000000000 fen = 10,000,000.00 yuan)",
		"8:55: plan.monthly_spend_fen: 10000000001 fen is beyond any plausible monthly medical spending (at most 10000000000 fen = 100,000,000.00 yuan)",
	}
	if len(es) != len(want) {
		t.Fatalf("%d errors, want %d:\n%v", len(es), len(want), es)
	}
	for i, e := range es {
		if e.Error() != want[i] {
			t.Errorf("error %d:\n got %s\nwant %s", i, e.Error(), want[i])
		}
	}
	neg := "region: \"310000\"\nas_of: 2026-04-15\nledger: [{from: 2025-01, to: 2026-03, scheme: flexible, status: paid}]\nplan: {base_fen: -1, monthly_spend_fen: -2}\n"
	_, err = Parse([]byte(neg))
	if es, _ := err.(Errors); len(es) != 2 || es[0].Path != "plan.base_fen" || es[1].Path != "plan.monthly_spend_fen" || es[1].Msg != "must not be negative" {
		t.Errorf("negative plan amounts: %v", err)
	}
	// beyond int64 the decoder says so (one error, not a follow-on bounds error)
	huge := "region: \"310000\"\nas_of: 2026-04-15\nledger: [{from: 2025-01, to: 2026-03, scheme: flexible, status: paid, base_fen: 99999999999999999999}]\n"
	_, err = Parse([]byte(huge))
	if es, _ := err.(Errors); len(es) != 1 || es[0].Path != "ledger[0].base_fen" {
		t.Errorf("base beyond int64: %v", err)
	}
}

func TestDueValidation(t *testing.T) {
	src := []byte(`region: "310000"
as_of: 2026-05-01
ledger:
  - {from: 2026-01, to: 2026-02, scheme: employee, status: none, due: 2025-12-31}
  - {from: 2026-03, to: 2026-04, scheme: employee, status: unpaid, due: 2026-04-15}
`)
	_, err := Parse(src)
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, want := range []string{"ledger[0].due: a month not enrolled has nothing due", "ledger[0].due: 2025-12-31 is not a due date for 2026-01"} {
		if !strings.Contains(msg, want) {
			t.Errorf("missing %q in:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "ledger[1]") {
		t.Errorf("a due date in the month after is fine:\n%s", msg)
	}
}
