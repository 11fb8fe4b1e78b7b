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

// caseCorpus returns every example and every analyst case under cases/ as
// JSON (each read by caseio.Parse and written back), plus hand-made oddities.
func caseCorpus(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	add := func(src []byte) {
		c, err := caseio.Parse(src)
		if err != nil {
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	files, _ := filepath.Glob("../examples/*")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		add(src)
	}
	files, _ = filepath.Glob("../cases/*/*.yaml")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var doc struct {
			Cases []struct {
				Case yaml.Node `yaml:"case"`
			} `yaml:"cases"`
		}
		if yaml.Unmarshal(src, &doc) != nil {
			continue
		}
		for _, c := range doc.Cases {
			if c.Case.Kind == 0 {
				continue
			}
			b, err := yaml.Marshal(&c.Case)
			if err != nil {
				tb.Fatal(err)
			}
			add(b)
		}
	}
	if len(out) < 100 {
		tb.Fatalf("only %d cases in the corpus", len(out))
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
	f.Fuzz(func(t *testing.T, src []byte) {
		if c := testDecoder.decode(src); c != nil && !json.Valid(src) {
			t.Fatalf("the fast path accepted invalid JSON: %q", src)
		}
		checkFast(t, src)
	})
}
