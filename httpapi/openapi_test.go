package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"testing"

	"yibao/httpapi"
)

// wiredServer has stand-ins for the advisor's routes, so their documented
// examples are checked too.
func wiredServer(t *testing.T) *httpapi.Server {
	return newServer(t, func(c *httpapi.Config) {
		c.Plan = httpapi.PlanFunc(testEngine)
		c.Contrib = httpapi.ContribFunc(testEngine)
	})
}

func openAPIDoc(t *testing.T, s http.Handler) map[string]any {
	t.Helper()
	w := do(t, s, "GET", "/v1/openapi.json", "", nil)
	var doc map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

// TestOpenAPIRoutes: every registered route is documented and every
// documented operation is registered.
func TestOpenAPIRoutes(t *testing.T) {
	for _, s := range []*httpapi.Server{newServer(t, nil), wiredServer(t)} {
		doc := openAPIDoc(t, s)
		var documented []string
		for path, item := range doc["paths"].(map[string]any) {
			for method := range item.(map[string]any) {
				documented = append(documented, strings.ToUpper(method)+" "+path)
			}
		}
		registered := s.Routes()
		sort.Strings(documented)
		sort.Strings(registered)
		if strings.Join(documented, "\n") != strings.Join(registered, "\n") {
			t.Errorf("documented:\n%s\nregistered:\n%s", strings.Join(documented, "\n"), strings.Join(registered, "\n"))
		}
	}
}

// TestOpenAPIExamples sends every example of every operation (x-examples)
// and checks the documented status and the response against its schema.
func TestOpenAPIExamples(t *testing.T) {
	s := wiredServer(t)
	doc := openAPIDoc(t, s)
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi %v", doc["openapi"])
	}
	v := &validator{doc: doc}
	n := 0
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			op := o.(map[string]any)
			exs, _ := op["x-examples"].([]any)
			if len(exs) == 0 {
				t.Errorf("%s %s has no x-examples", method, path)
			}
			for _, e := range exs {
				ex := e.(map[string]any)
				name := fmt.Sprintf("%s %s %s", strings.ToUpper(method), path, ex["name"])
				t.Run(name, func(t *testing.T) {
					n++
					target := path
					for k, val := range asMap(ex["path"]) {
						target = strings.ReplaceAll(target, "{"+k+"}", url.PathEscape(val.(string)))
					}
					q := url.Values{}
					for k, val := range asMap(ex["query"]) {
						q.Set(k, val.(string))
					}
					if len(q) > 0 {
						target += "?" + q.Encode()
					}
					var body *bytes.Reader
					ct := ""
					if bn, ok := ex["body"].(string); ok {
						rb := op["requestBody"].(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)
						value := asMap(rb["examples"])[bn].(map[string]any)["value"]
						b, _ := json.Marshal(value)
						body, ct = bytes.NewReader(b), "application/json"
					}
					var w = do(t, s, strings.ToUpper(method), target, ct, readerOrNil(body))
					status := int(ex["status"].(float64))
					if w.Code != status {
						t.Fatalf("status %d, want %d\n%.1500s", w.Code, status, w.Body)
					}
					resp := asMap(asMap(op["responses"])[fmt.Sprint(status)])
					if resp == nil {
						t.Fatalf("status %d is not documented", status)
					}
					resp = v.deref(resp)
					wantCT, _ := ex["content_type"].(string)
					if wantCT == "" {
						wantCT = "application/json"
						if status >= 400 {
							wantCT = "application/problem+json"
						}
					}
					if got := w.Header().Get("Content-Type"); !strings.HasPrefix(got, wantCT) {
						t.Fatalf("Content-Type %q, want %s", got, wantCT)
					}
					media := asMap(asMap(resp["content"])[wantCT])
					if media == nil {
						t.Fatalf("%s is not documented for status %d", wantCT, status)
					}
					for h := range asMap(resp["headers"]) {
						if w.Header().Get(h) == "" {
							t.Errorf("documented header %s missing", h)
						}
					}
					if wantCT != "text/plain" {
						var got any
						if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
							t.Fatal(err)
						}
						for _, err := range v.check(media["schema"], got, "$") {
							t.Error(err)
						}
					}
				})
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d examples", n)
	}
}

func readerOrNil(r *bytes.Reader) interface {
	Read([]byte) (int, error)
} {
	if r == nil {
		return nil
	}
	return r
}

func asMap(v any) map[string]any { m, _ := v.(map[string]any); return m }

// validator checks a value against a JSON Schema structurally: $ref, type,
// required, properties, items, enum, const, allOf, oneOf (at least one),
// pattern and additionalProperties: false.
type validator struct{ doc map[string]any }

func (v *validator) deref(s map[string]any) map[string]any {
	for s != nil && s["$ref"] != nil {
		ref := strings.TrimPrefix(s["$ref"].(string), "#/")
		var cur any = v.doc
		for _, p := range strings.Split(ref, "/") {
			cur = asMap(cur)[p]
		}
		s = asMap(cur)
	}
	return s
}

func (v *validator) check(schema any, val any, at string) []string {
	s := v.deref(asMap(schema))
	if s == nil {
		return nil
	}
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, at+": "+fmt.Sprintf(f, a...)) }
	if typ, ok := s["type"].(string); ok && !hasType(val, typ) {
		bad("want %s, got %T", typ, val)
		return errs
	}
	if c, ok := s["const"]; ok && c != val {
		bad("want %v, got %v", c, val)
	}
	if e, ok := s["enum"].([]any); ok {
		found := false
		for _, x := range e {
			found = found || x == val
		}
		if !found {
			bad("%v is not in %v", val, e)
		}
	}
	if p, ok := s["pattern"].(string); ok {
		if str, ok := val.(string); ok && !regexp.MustCompile(p).MatchString(str) {
			bad("%q does not match %s", str, p)
		}
	}
	for _, sub := range asSlice(s["allOf"]) {
		errs = append(errs, v.check(sub, val, at)...)
	}
	if one := asSlice(s["oneOf"]); len(one) > 0 {
		ok := false
		for _, sub := range one {
			ok = ok || len(v.check(sub, val, at)) == 0
		}
		if !ok {
			bad("matches none of oneOf")
		}
	}
	if obj, ok := val.(map[string]any); ok {
		for _, r := range asSlice(s["required"]) {
			if _, ok := obj[r.(string)]; !ok {
				bad("required field %s missing", r)
			}
		}
		props := asMap(s["properties"])
		for k, pv := range obj {
			if ps, ok := props[k]; ok {
				errs = append(errs, v.check(ps, pv, at+"."+k)...)
			} else if s["additionalProperties"] == false {
				bad("field %s is not in the schema", k)
			}
		}
	}
	if arr, ok := val.([]any); ok && s["items"] != nil {
		for i, x := range arr {
			errs = append(errs, v.check(s["items"], x, fmt.Sprintf("%s[%d]", at, i))...)
		}
	}
	return errs
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

func hasType(v any, typ string) bool {
	switch typ {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	case "number":
		_, ok := v.(float64)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	}
	return true
}

// TestOpenAPIRequestExamplesMatchCaseSchema: the documented request bodies
// of the good examples validate against the generated Case schema.
func TestOpenAPIRequestExamplesMatchCaseSchema(t *testing.T) {
	doc := openAPIDoc(t, newServer(t, nil))
	v := &validator{doc: doc}
	exs := asMap(asMap(asMap(asMap(asMap(asMap(doc["paths"])["/v1/assess"])["post"])["requestBody"])["content"])["application/json"])["examples"]
	for _, name := range []string{"luzhou", "seed", "shanghai", "facts", "unknown_region"} {
		val := asMap(asMap(exs)[name])["value"]
		for _, err := range v.check(map[string]any{"$ref": "#/components/schemas/Case"}, val, name) {
			t.Error(err)
		}
	}
	if errs := v.check(map[string]any{"$ref": "#/components/schemas/Case"}, asMap(asMap(exs)["malformed"])["value"], "malformed"); len(errs) == 0 {
		t.Error("the malformed example passes the Case schema")
	}
}
