package caseio

import (
	"encoding/json"
	"flag"
	"os"
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
