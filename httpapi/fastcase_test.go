package httpapi

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"go.yaml.in/yaml/v3"

	"yibao/caseio"
)

// caseCorpus returns every example and analyst case that reads as a case, as JSON.
func caseCorpus(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	files, _ := filepath.Glob("../examples/*")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var v any
		if yaml.Unmarshal(src, &v) != nil {
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			continue
		}
		out = append(out, b)
	}
	out = append(out,
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":450000}]}`),
		[]byte(`{"region":510500,"as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":"450000"}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":4.5e5}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","person":null,"ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}],"bills":[{"date":"2026-08-01","amount_fen":100,"note":"门诊\t\"x\"\\/"}]}`),
		[]byte(`{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}],"bills":[{"date":"2026-08-01","amount_fen":100,"note":"\u00e9\ud83d\ude00"}]}`),
		[]byte(`{"region":"510500","region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}]}`),
	)
	return out
}

func TestFastCaseAgreesWithParse(t *testing.T) {
	fast := 0
	for _, src := range caseCorpus(t) {
		if checkFast(t, src) {
			fast++
		}
	}
	if fast < 4 {
		t.Errorf("the fast path took only %d cases", fast)
	}
}

// checkFast: whatever fastCase accepts, caseio.Parse accepts, with the same case.
func checkFast(t *testing.T, src []byte) bool {
	c := fastCase(src)
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
	f.Fuzz(func(t *testing.T, src []byte) {
		if !json.Valid(src) {
			return
		}
		checkFast(t, src)
	})
}
