package httpapi

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"yibao/caseio"
	"yibao/engine"
	"yibao/policy"
	"yibao/report"
)

func BenchmarkParts(b *testing.B) {
	body, _ := os.ReadFile("../examples/luzhou-freelancer.json")
	snap, err := policy.Load()
	if err != nil {
		b.Fatal(err)
	}
	eng := engine.New(snap)
	b.Run("fastCase", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			testDecoder.decode(body)
		}
	})
	c := testDecoder.decode(body)
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			caseio.Validate(c, nil)
		}
	})
	b.Run("engine", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			eng.Assess(c)
		}
	})
	a, _ := eng.Assess(c)
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			report.Build(a, snap)
		}
	})
	ans := report.Build(a, snap)
	b.Run("encode", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			e := json.NewEncoder(&buf)
			e.SetEscapeHTML(false)
			e.Encode(ans)
		}
	})
}
