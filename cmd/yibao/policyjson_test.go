package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"yibao/engine"
	"yibao/httpapi"
	"yibao/policy"
)

// golden compares out with testdata/name; -update rewrites it.
func golden(t *testing.T, name, out string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		os.WriteFile(path, []byte(out), 0o644)
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/yibao -update)", err)
	}
	if out != string(want) {
		t.Errorf("%s differs from the output; review with go test ./cmd/yibao -update && git diff", path)
	}
}

// TestPolicyGolden keeps the policy commands' JSON answers (and the show
// table) byte-stable. Each JSON answer names the date it is for.
func TestPolicyGolden(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"policy-show-shanghai.json", []string{"policy", "show", "上海", "--as-of", "2026-11-22", "--json"}, 0},
		{"policy-show-shanghai.txt", []string{"policy", "show", "上海", "--as-of", "2026-11-22"}, 0},
		{"policy-coverage.json", []string{"policy", "coverage", "泸州", "嘉峪关", "上海", "--as-of", "2026-11-22", "--json"}, 0},
		{"policy-stale.json", []string{"policy", "stale", "--as-of", "2027-01-02", "--json"}, 1},
		{"policy-diff.json", []string{"policy", "diff", "上海", "青岛", "--as-of", "2026-11-22", "--json"}, 0},
		{"policy-diff-dates.json", []string{"policy", "diff", "甘肃@2025-06-01", "甘肃@2026-06-01", "--json"}, 0},
		{"policy-lint.json", []string{"policy", "lint", "--json"}, 0},
	} {
		code, out, stderr := runCLI(t, "", tc.args...)
		if code != tc.code || stderr != "" {
			t.Fatalf("%v: exit %d, want %d: %s", tc.args, code, tc.code, stderr)
		}
		if strings.HasSuffix(tc.golden, ".json") {
			var v map[string]any
			if err := json.Unmarshal([]byte(out), &v); err != nil {
				t.Fatalf("%v: not JSON: %v", tc.args, err)
			}
			_, hasAsOf := v["as_of"]
			_, hasA := v["a"]
			if !hasAsOf && !hasA && tc.args[1] != "lint" {
				t.Errorf("%v: the answer does not name its date", tc.args)
			}
		}
		golden(t, tc.golden, out)
	}
}

// TestShowJSONIsTheAPIAnswer: `policy show --json` is the body of GET
// /v1/regions/{code}/parameters?as_of= from the running API.
func TestShowJSONIsTheAPIAnswer(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	api, err := httpapi.New(httpapi.Config{Engine: engine.New(snap)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(api)
	defer srv.Close()
	for _, code := range []string{"510500", "310000", "620200"} {
		resp, err := http.Get(srv.URL + "/v1/regions/" + code + "/parameters?as_of=2026-11-22")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		_, out, _ := runCLI(t, "", "policy", "show", code, "--as-of", "2026-11-22", "--json")
		var a, b bytes.Buffer
		json.Compact(&a, body)
		json.Compact(&b, []byte(out))
		if a.String() != b.String() || a.Len() == 0 {
			t.Errorf("%s: the CLI's answer differs from the API's", code)
		}
	}
}

// TestJSONEveryPolicyCommand: every policy command takes --json and prints
// one JSON value, also with the date defaulted.
func TestJSONEveryPolicyCommand(t *testing.T) {
	for _, args := range [][]string{
		{"policy", "show", "泸州", "--json"},
		{"policy", "coverage", "--json"},
		{"policy", "stale", "--json"},
		{"policy", "diff", "上海", "青岛", "--json"},
		{"policy", "lint", "--json"},
	} {
		code, out, stderr := runCLI(t, "", args...)
		if code > 1 || stderr != "" {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
		dec := json.NewDecoder(strings.NewReader(out))
		var v any
		if err := dec.Decode(&v); err != nil || dec.More() {
			t.Errorf("%v: not one JSON value: %v", args, err)
		}
	}
}

// TestAsOfDefault: without --as-of the CLI uses today's date in China —
// already tomorrow when it is 16:30 UTC — and says so.
func TestAsOfDefault(t *testing.T) {
	defer func(f func() time.Time) { now = f }(now)
	now = func() time.Time { return time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC) }
	if d := todayInChina().String(); d != "2026-04-01" {
		t.Errorf("16:30 UTC on 31 March is %s in China, want 2026-04-01", d)
	}
	if chinaZone.String() != "Asia/Shanghai" {
		t.Errorf("zone %s: the embedded time zone database was not used", chinaZone)
	}
	note := "测算日 as of 2026-04-01（未指定 --as-of，按北京时间今天；重现请加 --as-of 2026-04-01）(--as-of not given: today in China; repeat with --as-of 2026-04-01)"
	for _, args := range [][]string{
		{"policy", "show", "上海"},
		{"policy", "coverage", "上海"},
		{"policy", "stale"},
		{"policy", "diff", "上海", "青岛"},
		{"contrib", "--region", "上海", "--scheme", "flexible"},
	} {
		_, out, stderr := runCLI(t, "", args...)
		if !strings.Contains(out, note) {
			t.Errorf("%v: output lacks %q:\n%s%s", args, note, out, stderr)
		}
	}
	// the same answers as with the date given, bar the note
	_, withDate, _ := runCLI(t, "", "policy", "show", "上海", "--as-of", "2026-04-01")
	_, without, _ := runCLI(t, "", "policy", "show", "上海")
	if strings.Replace(without, note, "测算日 as of 2026-04-01", 1) != withDate {
		t.Error("policy show without --as-of differs from --as-of today")
	}
	_, j, _ := runCLI(t, "", "policy", "stale", "--json")
	if !strings.Contains(j, `"as_of": "2026-04-01"`) {
		t.Errorf("stale --json does not name the date used")
	}
	code, out, stderr := runCLI(t, "", "contrib", "--region", "上海", "--scheme", "flexible", "--json")
	if code != 0 || !strings.Contains(stderr, "--year 2026") || !strings.Contains(out, `"date": "2026-07-01"`) {
		t.Errorf("contrib --json: exit %d, stderr %q", code, stderr)
	}
}
