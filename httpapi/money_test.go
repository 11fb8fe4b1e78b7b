package httpapi_test

import (
	"strings"
	"testing"
)

// TestMoneyBounds: an absurd amount is a problem naming the field — the
// calculator's query.base, a case's ledger[i].base_fen (through the fast
// JSON path's fallback to caseio, with the same message and position).
func TestMoneyBounds(t *testing.T) {
	s := wiredServer(t)
	for _, b := range []string{"9999999999999.99", "92233720368547758.07", "10000000.01"} {
		w := do(t, s, "GET", "/v1/contrib?region=310000&scheme=flexible&year=2025&base="+b, "", nil)
		if w.Code != 400 {
			t.Fatalf("base %s: status %d %s", b, w.Code, w.Body)
		}
		p := checkProblem(t, w)
		want := `"` + b + `" yuan is beyond any plausible monthly base (at most 10,000,000.00 yuan)`
		if len(p.Errors) != 1 || p.Errors[0].Path != "query.base" || p.Errors[0].Message != want {
			t.Errorf("base %s: errors %+v, want query.base: %s", b, p.Errors, want)
		}
	}
	w := do(t, s, "GET", "/v1/contrib?region=310000&scheme=flexible&year=2025&base=10000000", "", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"individual_monthly_fen":100000000,`) {
		t.Errorf("base at the bound: %d %s", w.Code, w.Body)
	}

	body := strings.Replace(seedCase, `"base_fen":450000`, `"base_fen":999999999999999`, 1)
	w = do(t, s, "POST", "/v1/assess", "application/json", strings.NewReader(body))
	if w.Code != 422 {
		t.Fatalf("assess with an absurd base: status %d %s", w.Code, w.Body)
	}
	p := checkProblem(t, w)
	want := "999999999999999 fen is beyond any plausible monthly base (at most 1000000000 fen = 10,000,000.00 yuan)"
	if len(p.Errors) != 1 || p.Errors[0].Path != "ledger[0].base_fen" || p.Errors[0].Message != want || p.Errors[0].Line != 1 || p.Errors[0].Column == 0 {
		t.Errorf("errors %+v, want ledger[0].base_fen: %s at 1:N", p.Errors, want)
	}
}
