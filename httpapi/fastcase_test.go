package httpapi

import (
	"encoding/json"
	"reflect"
	"testing"

	"yibao/caseio"
	"yibao/internal/corpus"
)

// caseCorpus returns every example and every analyst case as JSON (each
// read by caseio.Parse and written back), plus hand-made oddities.
func caseCorpus(tb testing.TB) [][]byte {
	tb.Helper()
	cases, err := corpus.Cases("..")
	if err != nil {
		tb.Fatal(err)
	}
	if len(cases) < 100 {
		tb.Fatalf("only %d cases in the corpus", len(cases))
	}
	var out [][]byte
	for _, c := range cases {
		b, err := json.Marshal(c)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	out = append(out,
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":450000}]}`),
		[]byte(`{"region":510500,"as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":"450000"}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":4.5e5}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","person":null,"ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}],"bills":[{"date":"2026-08-01","amount_fen":100,"note":"门诊\t\"x\"\\/"}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}],"bills":[{"date":"2026-08-01","amount_fen":100,"note":"\u00e9\ud83d\ude00"}]}`),
		// money at and beyond the sanity bounds (the fast path must decline the latter)
		[]byte(`{"region":"310000","as_of":"2026-04-15","ledger":[{"from":"2025-01","to":"2026-03","scheme":"flexible","status":"paid","base_fen":1000000000}],"bills":[{"date":"2026-04-01","amount_fen":10000000000}],"quote":{"base_fen":1000000000},"plan":{"base_fen":1000000000,"monthly_spend_fen":10000000000}}`),
		[]byte(`{"region":"310000","as_of":"2026-04-15","ledger":[{"from":"2025-01","to":"2026-03","scheme":"flexible","status":"paid","base_fen":1000000001}],"bills":[{"date":"2026-04-01","amount_fen":9223372036854775807}],"quote":{"base_fen":999999999999999},"plan":{"base_fen":-1,"monthly_spend_fen":10000000001}}`),
		[]byte(`{"region":"510500","region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}]}`),
	)
	return out
}

var testDecoder = func() *caseDecoder {
	d, err := newCaseDecoder()
	if err != nil {
		panic(err)
	}
	return d
}()

func TestFastCaseAgreesWithParse(t *testing.T) {
	fast := 0
	for _, src := range caseCorpus(t) {
		if checkFast(t, src) {
			fast++
		}
	}
	if fast < 100 {
		t.Errorf("the fast path took only %d cases", fast)
	}
}

// checkFast: whatever the fast path accepts, caseio.Parse accepts, with the same case.
func checkFast(t *testing.T, src []byte) bool {
	c := testDecoder.decode(src)
	if c == nil {
		return false
	}
	want, err := caseio.Parse(src)
	if err != nil {
		t.Fatalf("fastCase accepted what caseio.Parse rejects: %v\n%s", err, src)
	}
	if !reflect.DeepEqual(c, want) {
		t.Fatalf("fastCase and caseio.Parse differ:\n%+v\n%+v\n%s", c, want, src)
	}
	return true
}

func FuzzFastCase(f *testing.F) {
	for _, src := range caseCorpus(f) {
		f.Add(src)
	}
	f.Add(append([]byte("\uFEFF"), caseCorpus(f)[0]...)) // a byte order mark: readCase drops it before either path
	f.Fuzz(func(t *testing.T, src []byte) {
		if c := testDecoder.decode(src); c != nil && !json.Valid(src) {
			t.Fatalf("the fast path accepted invalid JSON: %q", src)
		}
		checkFast(t, src)
		// what readCase hands to both paths
		if dec, err := caseio.Decode(src, ""); err == nil {
			checkFast(t, dec)
		}
	})
}
