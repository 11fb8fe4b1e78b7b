package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"yibao"
	"yibao/httpapi"
)

// TestListCapsOnTheFastPath: a valid JSON case with a list past its cap is
// refused (the fast decoder accepted it, issue 12's soak), and a body of a
// million tiny elements is refused before it is parsed.
func TestListCapsOnTheFastPath(t *testing.T) {
	ts := httptest.NewServer(newServer(t, func(c *httpapi.Config) {}))
	defer ts.Close()
	var rows []string
	m := yibao.MonthOf(1900, 1)
	for i := 0; i < 2001; i++ {
		rows = append(rows, fmt.Sprintf(`{"from":%q,"to":%q,"scheme":"flexible","status":"paid"}`, m.Add(i), m.Add(i)))
	}
	bodies := map[string]string{
		"2001 rows":     `{"region":"510500","as_of":"2090-01-01","ledger":[` + strings.Join(rows, ",") + `]}`,
		"201 events":    `{"region":"510500","as_of":"2025-04-15","ledger":[{"from":"2024-01","to":"2024-12","scheme":"employee","status":"paid"}],"events":[` + strings.TrimSuffix(strings.Repeat(`{"date":"2024-12-31","kind":"job_ended"},`, 201), ",") + `]}`,
		"tiny elements": `{"region":"510500","as_of":"2025-04-15","ledger":[` + strings.TrimSuffix(strings.Repeat("0,", 500000), ",") + `]}`,
	}
	for name, body := range bodies {
		resp, err := http.Post(ts.URL+"/v1/assess", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var p struct {
			Errors []struct{ Path, Message string }
		}
		json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Message, "more than") {
			t.Errorf("%s: %d %+v", name, resp.StatusCode, p.Errors)
		}
	}
}
