package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"yibao"
	"yibao/caseio"
	"yibao/httpapi"
)

var bom = []byte{0xEF, 0xBB, 0xBF}

func toGB18030(t *testing.T, src []byte) []byte {
	t.Helper()
	out, err := simplifiedchinese.GB18030.NewEncoder().Bytes(src)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bodies returns the UTF-8 Excel twin as YAML and as JSON (with its Chinese
// note), and the JSON examples.
func bodies(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	yml, err := os.ReadFile("../caseio/testdata/excel-utf8.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out["excel.yaml"] = yml
	c, err := caseio.Parse(yml)
	if err != nil {
		t.Fatal(err)
	}
	if out["excel.json"], err = json.Marshal(c); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"luzhou-freelancer.json", "shanghai-flexible.json", "jiayuguan-resident.json"} {
		if out[name], err = os.ReadFile("../examples/" + name); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func mediaType(name string) string {
	if strings.HasSuffix(name, ".yaml") {
		return "application/yaml"
	}
	return "application/json"
}

// TestCharsetAndBOM: a body in GB18030 with charset=gb18030 (or gbk), and a
// UTF-8 body with a byte order mark, get the same answer as the plain UTF-8
// body, on /v1/assess and /v1/plan, through the fast JSON path and
// caseio.Parse alike.
func TestCharsetAndBOM(t *testing.T) {
	var planned []*yibao.Case
	s := newServer(t, func(c *httpapi.Config) {
		c.Plan = func(ctx context.Context, cs *yibao.Case) (any, error) {
			planned = append(planned, cs)
			return map[string]any{"region": cs.Region}, nil
		}
	})
	for name, src := range bodies(t) {
		mt := mediaType(name)
		want := do(t, s, "POST", "/v1/assess", mt, bytes.NewReader(src))
		if want.Code != 200 {
			t.Fatalf("%s: %d %s", name, want.Code, want.Body)
		}
		gb := toGB18030(t, src)
		for _, v := range []struct {
			ct   string
			body []byte
		}{
			{mt + "; charset=gb18030", gb},
			{mt + "; charset=GBK", gb},
			{mt + `; charset="gb2312"`, gb},
			{mt + "; charset=utf-8", src},
			{mt, append(append([]byte{}, bom...), src...)},
			{mt + "; charset=utf-8", append(append([]byte{}, bom...), src...)},
			{mt + "; charset=gb18030", append(append([]byte{}, bom...), src...)}, // the byte order mark wins
		} {
			w := do(t, s, "POST", "/v1/assess", v.ct, bytes.NewReader(v.body))
			if w.Code != 200 || w.Body.String() != want.Body.String() {
				t.Errorf("%s as %s (%q…): %d, same answer %v: %.300s", name, v.ct, v.body[:4], w.Code, w.Body.String() == want.Body.String(), w.Body)
			}
			planned = planned[:0]
			for _, b := range [][]byte{src, v.body} {
				ct := mt
				if len(planned) == 1 {
					ct = v.ct
				}
				if w := do(t, s, "POST", "/v1/plan", ct, bytes.NewReader(b)); w.Code != 200 {
					t.Fatalf("plan %s as %s: %d %s", name, ct, w.Code, w.Body)
				}
			}
			if len(planned) != 2 || !equalCases(planned[0], planned[1]) {
				t.Errorf("plan %s as %s: the case differs from the UTF-8 body's", name, v.ct)
			}
		}
	}
}

func equalCases(a, b *yibao.Case) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

// TestNotUTF8Body: a GB18030 body sent without a charset is a 400 at its
// first non-UTF-8 byte, saying how to send it, in Chinese (zh) and in
// English (message, en).
func TestNotUTF8Body(t *testing.T) {
	s := newServer(t, nil)
	gb, err := os.ReadFile("../caseio/testdata/excel-gb18030.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range []string{"application/yaml", "application/json", "application/json; charset=utf-8", ""} {
		w := do(t, s, "POST", "/v1/assess", ct, bytes.NewReader(gb))
		p := decodeProblem(t, w)
		if w.Code != 400 || len(p.Errors) != 1 || p.Errors[0].Code != "encoding" || p.Errors[0].Line != 22 || p.Errors[0].Column != 11 ||
			!strings.Contains(p.Errors[0].ZH, "疑似 GB18030/GBK") || !strings.Contains(p.Errors[0].Message, "looks like GB18030/GBK") ||
			!strings.Contains(p.Errors[0].Message, "charset=gb18030") || p.Errors[0].EN != p.Errors[0].Message {
			t.Errorf("%q: %d %s", ct, w.Code, w.Body)
		}
	}
	w := do(t, s, "POST", "/v1/assess", "application/json; charset=gb18030", strings.NewReader("{\"region\": \"\xd6\"}"))
	if p := decodeProblem(t, w); w.Code != 400 || len(p.Errors) != 1 || p.Errors[0].Code != "encoding" || p.Errors[0].Column != 13 {
		t.Errorf("bad GB18030: %d %s", w.Code, w.Body)
	}
}

// TestUnknownCharset: a charset other than UTF-8, GB18030, GBK (GB2312) is
// 415, naming it and the accepted ones.
func TestUnknownCharset(t *testing.T) {
	s := newServer(t, func(c *httpapi.Config) {
		c.Plan = func(ctx context.Context, cs *yibao.Case) (any, error) { return map[string]any{}, nil }
	})
	for _, route := range []string{"/v1/assess", "/v1/plan"} {
		for _, cs := range []string{"latin1", "iso-8859-1", "utf-16", "big5"} {
			w := do(t, s, "POST", route, "application/json; charset="+cs, strings.NewReader(seedCase))
			body := w.Body.String()
			if w.Code != 415 || w.Header().Get("Content-Type") != "application/problem+json" {
				t.Fatalf("%s charset=%s: %d %s", route, cs, w.Code, body)
			}
			for _, want := range []string{`charset \"` + cs + `\"`, "UTF-8", "gb18030", "gbk", "urn:yibao:problem:unsupported-media-type"} {
				if !strings.Contains(body, want) {
					t.Errorf("%s charset=%s: the problem lacks %q: %s", route, cs, want, body)
				}
			}
		}
	}
}

// TestJSONSyntaxColumn: a JSON syntax error is at the bad byte, the same
// line and column whether the body is read as JSON or as YAML (caseio.Parse).
func TestJSONSyntaxColumn(t *testing.T) {
	s := newServer(t, nil)
	for _, tc := range []struct {
		body      string
		line, col int
	}{
		{`{"region": "510500",, "as_of": "2026-09-10"}`, 1, 21},
		{"{\n  \"region\": \"泸州\"\n  \"as_of\": \"2026-09-10\"\n}", 3, 3},
		{`{"region": "泸州市", "ledger": [{"from": "2024-01"}}`, 1, 49},
		{`{"region":`, 1, 11},
	} {
		for _, ct := range []string{"application/json", "application/yaml"} {
			w := do(t, s, "POST", "/v1/assess", ct, strings.NewReader(tc.body))
			p := decodeProblem(t, w)
			if w.Code != 400 || len(p.Errors) != 1 || p.Errors[0].Code != "syntax" || p.Errors[0].Line != tc.line || p.Errors[0].Column != tc.col {
				t.Errorf("%s %q: want syntax at %d:%d, got %d %s", ct, tc.body, tc.line, tc.col, w.Code, w.Body)
			}
		}
	}
}

type problemBody struct {
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Line    int    `json:"line"`
		Column  int    `json:"column"`
		ZH      string `json:"zh"`
		EN      string `json:"en"`
	} `json:"errors"`
}

func decodeProblem(t *testing.T, w interface{ Result() *http.Response }) problemBody {
	t.Helper()
	var p problemBody
	json.NewDecoder(w.Result().Body).Decode(&p)
	return p
}
