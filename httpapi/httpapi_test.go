package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"yibao"
	"yibao/caseio"
	"yibao/httpapi"
	"yibao/report"
)

const seedCase = `{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":450000}]}`

type call struct {
	name        string
	method      string
	target      string
	contentType string // default application/json for a body
	body        string
	status      int
	asOf        string   // Yibao-As-Of wanted
	contains    []string // in the body
	codes       []string // errors[].code, in order, for problems
}

func do(t testing.TB, h http.Handler, method, target, contentType string, body io.Reader) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestRoutes(t *testing.T) {
	s := newServer(t, nil)
	for _, c := range []call{
		// POST /v1/assess
		{name: "assess/seed", method: "POST", target: "/v1/assess", body: seedCase, status: 200, asOf: "2026-09-10",
			contains: []string{`"format":"yibao.assessment.v1"`, `"first_covered_month":"2026-06"`, `"hotline":"0830-12393"`}},
		{name: "assess/yaml", method: "POST", target: "/v1/assess", contentType: "application/yaml",
			body: "region: \"310000\"\nas_of: 2026-07-10\nledger:\n  - {from: 2026-01, to: 2026-06, scheme: flexible, status: paid}\n", status: 200, asOf: "2026-07-10"},
		{name: "assess/text-en", method: "POST", target: "/v1/assess?format=text&lang=en", body: seedCase, status: 200, contains: []string{"yibao continuity assessment (as of 2026-09-10)"}},
		{name: "assess/text-zh", method: "POST", target: "/v1/assess?format=text", body: seedCase, status: 200, contains: []string{"医保服务热线：0830-12393"}},
		{name: "assess/bad-lang", method: "POST", target: "/v1/assess?lang=fr", body: seedCase, status: 400, codes: []string{"enum"}},
		{name: "assess/empty-lang", method: "POST", target: "/v1/assess?lang=&format=json", body: seedCase, status: 400, codes: []string{"enum"}}, // schemathesis: lang= is not a language
		{name: "assess/empty-format", method: "POST", target: "/v1/assess?format=", body: seedCase, status: 400, codes: []string{"enum"}},
		{name: "parameters/empty-as-of", method: "GET", target: "/v1/regions/510500/parameters?as_of=", status: 400, codes: []string{"type"}},
		{name: "assess/bad-format", method: "POST", target: "/v1/assess?format=xml", body: seedCase, status: 400, codes: []string{"enum"}},
		{name: "assess/empty", method: "POST", target: "/v1/assess", body: "", status: 400, codes: []string{"syntax"}},
		{name: "assess/not-json", method: "POST", target: "/v1/assess", body: `{"region":`, status: 400, codes: []string{"syntax"}, contains: []string{`"line":1,"column":11`}},
		{name: "assess/not-object", method: "POST", target: "/v1/assess", body: `[1,2]`, status: 400, codes: []string{"syntax"}},
		{name: "assess/two-yaml-documents", method: "POST", target: "/v1/assess", contentType: "application/yaml",
			body:   "region: \"310000\"\nas_of: 2026-11-28\nledger: [{from: 2020-01, to: 2026-10, scheme: employee, status: paid}]\n---\nregion: \"310000\"\n",
			status: 400, codes: []string{"invalid"}, contains: []string{"2 documents in one input", "一次输入含 2 个文档", `"line":5`}},
		{name: "assess/yaml-as-json", method: "POST", target: "/v1/assess", body: "region: \"510500\"\n", status: 400, codes: []string{"syntax"}},
		{name: "assess/malformed-all-listed", method: "POST", target: "/v1/assess",
			body:   `{"region":"510500","as_of":"2026-13-01","ledgr":[],"ledger":[{"from":"2024-01","to":"2026-05","scheme":"freelance","status":"paid","base_fen":"a lot"}]}`,
			status: 400, codes: []string{"invalid", "unknown_field", "enum", "type"}},
		{name: "assess/missing-field", method: "POST", target: "/v1/assess", body: `{"region":"510500","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible"}]}`,
			status: 400, codes: []string{"required", "required"}},
		{name: "assess/duplicate-key", method: "POST", target: "/v1/assess", body: `{"region":"510500","region":"310000","as_of":"2026-09-10","ledger":[]}`,
			status: 400, codes: []string{"fact", "duplicate"}},
		{name: "assess/overlap", method: "POST", target: "/v1/assess",
			body:   `{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2025-06","scheme":"flexible","status":"paid"},{"from":"2025-03","to":"2026-05","scheme":"flexible","status":"paid"}]}`,
			status: 422, asOf: "2026-09-10", codes: []string{"fact"}, contains: []string{`"path":"ledger[1].from"`, "urn:yibao:problem:impossible-facts"}},
		{name: "assess/paid-after-as-of", method: "POST", target: "/v1/assess",
			body:   `{"region":"510500","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","paid_on":"2026-10-01"}]}`,
			status: 422, codes: []string{"fact"}, contains: []string{"a payment cannot be in the future"}},
		{name: "assess/unknown-region", method: "POST", target: "/v1/assess", body: `{"region":"519900","as_of":"2026-09-10","ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid"}]}`,
			status: 422, codes: []string{"fact"}},
		{name: "assess/nothing", method: "POST", target: "/v1/assess", body: `{"region":"510500","as_of":"2026-09-10"}`, status: 422, codes: []string{"fact"}},
		{name: "assess/form-type", method: "POST", target: "/v1/assess", contentType: "application/x-www-form-urlencoded", body: seedCase, status: 415},
		{name: "assess/GET", method: "GET", target: "/v1/assess", status: 405, contains: []string{"urn:yibao:problem:method-not-allowed"}},

		// GET /v1/regions
		{name: "regions/name", method: "GET", target: "/v1/regions?q=" + url.QueryEscape("泸州"), status: 200,
			contains: []string{`"code":"510500"`, `"full_name":"四川省泸州市"`, `"encoded":true`}},
		{name: "regions/district", method: "GET", target: "/v1/regions?q=" + url.QueryEscape("上海徐汇"), status: 200,
			contains: []string{`"code":"310104"`, `"pooling_code":"310000"`, `"hotline":"021-12393"`}},
		{name: "regions/code", method: "GET", target: "/v1/regions?q=510500", status: 200, contains: []string{`"name":"泸州市"`}},
		// the pooling region's own area code, never the province file's (its capital's): facts-2026-11 §6.1
		{name: "regions/hotline-qiannan", method: "GET", target: "/v1/regions?q=" + url.QueryEscape("黔南"), status: 200,
			contains: []string{`"code":"522700"`, `"area_code":"0854"`, `"hotline":"0854-12393"`}},
		{name: "regions/hotline-shangluo", method: "GET", target: "/v1/regions?q=" + url.QueryEscape("商洛"), status: 200,
			contains: []string{`"code":"611000"`, `"area_code":"0914"`, `"hotline":"0914-12393"`}},
		{name: "regions/hotline-county", method: "GET", target: "/v1/regions?q=522701", status: 200,
			contains: []string{`"pooling_code":"522700"`, `"hotline":"0854-12393"`}},
		{name: "regions/hotline-national-only", method: "GET", target: "/v1/regions?q=430100", status: 200,
			contains: []string{`"encoded":false`, `"hotline":"0731-12393"`}},
		{name: "regions/suggest", method: "GET", target: "/v1/regions?q=" + url.QueryEscape("泸洲"), status: 200, contains: []string{`"regions":[]`, `"suggestions":[{`}},
		{name: "regions/missing-q", method: "GET", target: "/v1/regions", status: 400, codes: []string{"required"}},
		{name: "regions/bad-code", method: "GET", target: "/v1/regions?q=51050", status: 400, codes: []string{"invalid"}},
		{name: "regions/long", method: "GET", target: "/v1/regions?q=" + strings.Repeat("泸", 65), status: 400},
		{name: "regions/POST", method: "POST", target: "/v1/regions", status: 405},

		// GET /v1/regions/{code}/parameters
		{name: "params/shanghai", method: "GET", target: "/v1/regions/310000/parameters?as_of=2026-09-10", status: 200, asOf: "2026-09-10",
			contains: []string{`"id":"employee.grace_months"`, `"status":"in_force"`, `"level":"province"`, `"region":"310000"`}},
		{name: "params/default-date", method: "GET", target: "/v1/regions/510500/parameters", status: 200, asOf: "2026-09-10"},
		{name: "params/county", method: "GET", target: "/v1/regions/510521/parameters", status: 200, contains: []string{`"pooling_code":"510500"`}},
		{name: "params/national", method: "GET", target: "/v1/regions/000000/parameters", status: 200, contains: []string{`"level":"national"`}},
		{name: "params/stale", method: "GET", target: "/v1/regions/510500/parameters?as_of=2099-01-01", status: 200, contains: []string{`"stale":true`}},
		{name: "params/unknown", method: "GET", target: "/v1/regions/519900/parameters", status: 404, codes: []string{"not_found"}},
		{name: "params/bad-code", method: "GET", target: "/v1/regions/51x/parameters", status: 400, codes: []string{"type"}},
		{name: "params/bad-date", method: "GET", target: "/v1/regions/510500/parameters?as_of=2026-02-30", status: 400, codes: []string{"type"}},

		// GET /v1/parameters/{id}
		{name: "history/shanghai", method: "GET", target: "/v1/parameters/employee.grace_months?region=310000&as_of=2026-09-10", status: 200,
			contains: []string{`"in_force":true`, `"level":"national"`, `"label_zh"`}},
		{name: "history/national", method: "GET", target: "/v1/parameters/flexible.waiting.months", status: 200, contains: []string{`"code":"000000"`}},
		{name: "history/unknown", method: "GET", target: "/v1/parameters/employee.grace_month", status: 404, codes: []string{"not_found"}, contains: []string{"did you mean"}},
		{name: "history/unknown-region", method: "GET", target: "/v1/parameters/employee.grace_months?region=519900", status: 404},
		{name: "history/bad-region", method: "GET", target: "/v1/parameters/employee.grace_months?region=abc", status: 400},

		// others
		{name: "version", method: "GET", target: "/v1/version", status: 200, asOf: "2026-09-10",
			contains: []string{`"engine_version":"` + report.Version + `"`, `"answer_format":"yibao.assessment.v1"`, `"code":"310000"`}},
		{name: "version/HEAD", method: "HEAD", target: "/v1/version", status: 200},
		{name: "version/POST", method: "POST", target: "/v1/version", status: 405},
		{name: "openapi", method: "GET", target: "/v1/openapi.json", status: 200, contains: []string{`"openapi": "3.1.0"`}},
		{name: "not-found", method: "GET", target: "/v1/nope", status: 404, contains: []string{"urn:yibao:problem:not-found"}},
		{name: "plan-not-wired", method: "POST", target: "/v1/plan", body: seedCase, status: 404},
		{name: "contrib-not-wired", method: "GET", target: "/v1/contrib", status: 404},
		{name: "page", method: "GET", target: "/", status: 200, contains: []string{`data-testid="submit"`}},
		{name: "page/js", method: "GET", target: "/static/app.js", status: 200, contains: []string{"timelineSVG"}},
		{name: "page/dir", method: "GET", target: "/static/", status: 404},
		{name: "page/missing", method: "GET", target: "/static/nope.js", status: 404},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			ct := c.contentType
			if c.method == "POST" {
				body = strings.NewReader(c.body)
				if ct == "" {
					ct = "application/json"
				}
			}
			w := do(t, s, c.method, c.target, ct, body)
			got := w.Body.String()
			if w.Code != c.status {
				t.Fatalf("status %d, want %d; body:\n%s", w.Code, c.status, got)
			}
			checkHeaders(t, w, c.asOf)
			for _, s := range c.contains {
				if !strings.Contains(got, s) {
					t.Errorf("body lacks %s:\n%.2000s", s, got)
				}
			}
			if w.Code >= 400 {
				p := checkProblem(t, w)
				if c.codes != nil {
					var codes []string
					for _, e := range p.Errors {
						codes = append(codes, e.Code)
					}
					if strings.Join(codes, ",") != strings.Join(c.codes, ",") {
						t.Errorf("error codes %v, want %v:\n%s", codes, c.codes, got)
					}
				}
			}
		})
	}
}

// checkHeaders checks the three Yibao headers (and as-of when wanted).
func checkHeaders(t *testing.T, w *httptest.ResponseRecorder, asOf string) {
	t.Helper()
	h := w.Result().Header
	if h.Get(httpapi.HeaderEngine) != report.Version || h.Get(httpapi.HeaderPolicy) != testEngine.Snapshot().Hash {
		t.Errorf("headers %s=%q %s=%q", httpapi.HeaderEngine, h.Get(httpapi.HeaderEngine), httpapi.HeaderPolicy, h.Get(httpapi.HeaderPolicy))
	}
	if _, err := yibao.ParseDate(h.Get(httpapi.HeaderAsOf)); err != nil {
		t.Errorf("%s: %v", httpapi.HeaderAsOf, err)
	}
	if asOf != "" && h.Get(httpapi.HeaderAsOf) != asOf {
		t.Errorf("%s = %s, want %s", httpapi.HeaderAsOf, h.Get(httpapi.HeaderAsOf), asOf)
	}
	if strings.Contains(h.Get("Content-Type"), "json") && w.Body.Len() > 0 && !strings.HasPrefix(w.Body.String(), `{"openapi"`) && !strings.HasPrefix(w.Body.String(), "{\n") {
		var m struct {
			Engine string `json:"engine_version"`
			Policy string `json:"policy_snapshot"`
			AsOf   string `json:"as_of"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
		if m.Engine != report.Version || m.Policy != testEngine.Snapshot().Hash || m.AsOf != h.Get(httpapi.HeaderAsOf) {
			t.Errorf("body meta %+v, headers %v", m, h)
		}
	}
}

func checkProblem(t *testing.T, w *httptest.ResponseRecorder) httpapi.Problem {
	t.Helper()
	if ct := w.Result().Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("Content-Type %q", ct)
	}
	var p httpapi.Problem
	dec := json.NewDecoder(bytes.NewReader(w.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&p); err != nil {
		t.Fatalf("problem: %v\n%s", err, w.Body)
	}
	if p.Status != w.Code || p.Type == "" || p.Title == "" || p.Errors == nil {
		t.Errorf("problem %+v", p)
	}
	return p
}

// TestAssessMatchesCLI: the API answer is the CLI's --json answer.
func TestAssessMatchesCLI(t *testing.T) {
	s := newServer(t, nil)
	for _, name := range []string{"luzhou-freelancer.yaml", "shanghai-flexible.yaml", "jiayuguan-resident.yaml", "luzhou-freelancer.json"} {
		src, err := os.ReadFile("../examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		c, err := caseio.Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		a, err := testEngine.Assess(c)
		if err != nil {
			t.Fatal(err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.Encode(report.Build(a, testEngine.Snapshot()))
		ct := "application/json"
		if strings.HasSuffix(name, ".yaml") {
			ct = "application/yaml"
		}
		w := do(t, s, "POST", "/v1/assess", ct, bytes.NewReader(src))
		if w.Code != 200 {
			t.Fatalf("%s: %d %s", name, w.Code, w.Body)
		}
		if w.Body.String() != want.String() {
			t.Errorf("%s: the API answer differs from report.Build's", name)
		}
	}
}

func TestBodyLimit(t *testing.T) {
	s := newServer(t, func(c *httpapi.Config) { c.MaxBodyBytes = 1000 })
	big := `{"region":"510500","as_of":"2026-09-10","bills":[` + strings.Repeat(`{"date":"2026-01-01","amount_fen":1},`, 100) + `{"date":"2026-01-01","amount_fen":1}]}`
	w := do(t, s, "POST", "/v1/assess", "application/json", strings.NewReader(big))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", w.Code)
	}
	checkProblem(t, w)
	// without a Content-Length the limit still holds
	req := httptest.NewRequest("POST", "/v1/assess", io.MultiReader(strings.NewReader(big)))
	req.ContentLength = -1
	req.Header.Set("Content-Type", "application/json")
	w = httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked: status %d", w.Code)
	}
}

// TestAccessLog: one line per request with the route pattern, and nothing a
// person typed.
func TestAccessLog(t *testing.T) {
	var buf bytes.Buffer
	s := newServer(t, func(c *httpapi.Config) { c.Logger = slog.New(slog.NewJSONHandler(&buf, nil)) })
	body := `{"region":"510500","as_of":"2026-09-10","person":{"birth":"1987-03-10"},"ledger":[{"from":"2024-01","to":"2026-05","scheme":"flexible","status":"paid","base_fen":987654}],"bills":[{"date":"2026-08-01","amount_fen":123457,"note":"住院张三"}]}`
	do(t, s, "POST", "/v1/assess", "application/json", strings.NewReader(body))
	do(t, s, "GET", "/v1/regions?q="+url.QueryEscape("张三"), "", nil)
	do(t, s, "POST", "/v1/assess", "application/json", strings.NewReader(`{"region":"510500","as_of":"2026-09-10","ledger":[],"note":"李四"}`))
	log := buf.String()
	for _, secret := range []string{"张三", "李四", "987654", "123457", "1987-03-10", "510500"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log contains %q:\n%s", secret, log)
		}
	}
	lines := strings.Split(strings.TrimSpace(log), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines:\n%s", len(lines), log)
	}
	var rec map[string]any
	json.Unmarshal([]byte(lines[0]), &rec)
	for _, k := range []string{"method", "route", "status", "duration_us", "bytes"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("log line lacks %s: %s", k, lines[0])
		}
	}
	if rec["route"] != "POST /v1/assess" {
		t.Errorf("route %v", rec["route"])
	}
}

func TestCORS(t *testing.T) {
	get := func(s http.Handler, method string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, "/v1/version", nil)
		req.Header.Set("Origin", "https://hr.example")
		req.Header.Set("Access-Control-Request-Method", "GET")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		return w
	}
	off := newServer(t, nil)
	if w := get(off, "GET"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS headers without --cors-origin")
	}
	if w := get(off, "OPTIONS"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("preflight without CORS: %d", w.Code)
	}
	on := newServer(t, func(c *httpapi.Config) { c.CORSOrigin = "https://hr.example" })
	if w := get(on, "GET"); w.Header().Get("Access-Control-Allow-Origin") != "https://hr.example" {
		t.Errorf("GET: %v", w.Header())
	}
	if w := get(on, "OPTIONS"); w.Code != http.StatusNoContent || w.Header().Get("Access-Control-Allow-Methods") == "" {
		t.Errorf("preflight: %d %v", w.Code, w.Header())
	}
	other := newServer(t, func(c *httpapi.Config) { c.CORSOrigin = "https://other.example" })
	if w := get(other, "GET"); w.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Error("CORS headers for an origin not allowed")
	}
}

// TestPlanAndContribWired: the advisor's routes appear, with the case
// checked first and the function's errors mapped.
func TestPlanAndContribWired(t *testing.T) {
	var gotCase *yibao.Case
	s := newServer(t, func(c *httpapi.Config) {
		c.Plan = func(ctx context.Context, cs *yibao.Case) (any, error) {
			gotCase = cs
			if cs.Region == "310000" {
				return nil, &httpapi.Problem{Status: http.StatusUnprocessableEntity, Errors: []httpapi.FieldError{{Code: "fact", Message: "no options"}}}
			}
			if cs.Region == "620200" {
				return nil, errors.New("secret internal detail")
			}
			return map[string]any{"options": []map[string]any{{"name": "a", "total_fen": 100}}}, nil
		}
		c.Contrib = func(ctx context.Context, q url.Values, asOf yibao.Date) (any, error) {
			return map[string]any{"region": q.Get("region"), "as_of": asOf}, nil
		}
	})
	w := do(t, s, "POST", "/v1/plan", "application/json", strings.NewReader(seedCase))
	if w.Code != 200 || gotCase == nil || gotCase.Region != "510500" || w.Header().Get(httpapi.HeaderAsOf) != "2026-09-10" {
		t.Fatalf("plan: %d %s", w.Code, w.Body)
	}
	w = do(t, s, "POST", "/v1/plan", "application/json", strings.NewReader(strings.Replace(seedCase, "510500", "310000", 1)))
	if w.Code != 422 {
		t.Errorf("plan problem: %d", w.Code)
	}
	w = do(t, s, "POST", "/v1/plan", "application/json", strings.NewReader(strings.Replace(seedCase, "510500", "620200", 1)))
	if w.Code != 500 || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("plan error: %d %s", w.Code, w.Body)
	}
	w = do(t, s, "POST", "/v1/plan", "application/json", strings.NewReader(`{"region":"510500"}`))
	if w.Code != 400 {
		t.Errorf("plan bad case: %d", w.Code)
	}
	w = do(t, s, "GET", "/v1/contrib?region=310000&as_of=2026-01-31", "", nil)
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"as_of":"2026-01-31"`) {
		t.Errorf("contrib: %d %s", w.Code, w.Body)
	}
	w = do(t, s, "GET", "/v1/openapi.json", "", nil)
	if !strings.Contains(w.Body.String(), `"/v1/plan"`) || !strings.Contains(w.Body.String(), `"/v1/contrib"`) {
		t.Error("plan and contrib are not in the OpenAPI document")
	}
	w = do(t, newServer(t, nil), "GET", "/v1/openapi.json", "", nil)
	if strings.Contains(w.Body.String(), `"/v1/plan"`) {
		t.Error("plan is in the OpenAPI document but not wired")
	}
}

func TestPanicIs500(t *testing.T) {
	s := newServer(t, func(c *httpapi.Config) {
		c.Contrib = func(context.Context, url.Values, yibao.Date) (any, error) { panic("boom") }
	})
	w := do(t, s, "GET", "/v1/contrib", "", nil)
	if w.Code != 500 {
		t.Fatalf("status %d", w.Code)
	}
	checkProblem(t, w)
}
