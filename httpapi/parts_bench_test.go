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

// BenchmarkParts times each step of POST /v1/assess on one case: the fast
// decoder, the fact checks, the engine, and the answer's JSON — as the
// server writes it (append) and, for comparison, as Build + encoding/json
// (the CLI's path).
func BenchmarkParts(b *testing.B) {
	body, err := os.ReadFile("../examples/luzhou-freelancer.json")
	if err != nil {
		b.Fatal(err)
	}
	snap, err := policy.Load()
	if err != nil {
		b.Fatal(err)
	}
	eng := engine.New(snap)
	b.Run("decode", func(b *testing.B) {
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
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		var e report.Encoder
		var buf []byte
		for b.Loop() {
			buf = e.AppendAssessment(buf[:0], a, snap)
		}
	})
	b.Run("build+encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			e := json.NewEncoder(&buf)
			e.SetEscapeHTML(false)
			e.Encode(report.Build(a, snap))
		}
	})
}
