package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"yibao/engine"
	"yibao/internal/corpus"
	"yibao/policy"
)

// corpusAnswers assesses every example and every analyst case.
func corpusAnswers(tb testing.TB) []*Answer {
	tb.Helper()
	snap, err := policy.Load()
	if err != nil {
		tb.Fatal(err)
	}
	eng := engine.New(snap)
	cases, err := corpus.Cases("..")
	if err != nil {
		tb.Fatal(err)
	}
	var out []*Answer
	for _, c := range cases {
		if a, err := eng.Assess(c); err == nil {
			out = append(out, Build(a, snap))
		}
	}
	if len(out) < 100 {
		tb.Fatalf("only %d answers", len(out))
	}
	return out
}

func stdJSON(tb testing.TB, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		tb.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

func TestEncoderMatchesEncodingJSON(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	var e Encoder
	for i, a := range corpusAnswers(t) {
		want := stdJSON(t, a)
		for range 2 { // the second time, parameter and warning records come from the caches
			got := e.AppendAssessment(nil, a.Assessment, snap)
			if !bytes.Equal(got, want) {
				n := 0
				for n < len(got) && n < len(want) && got[n] == want[n] {
					n++
				}
				t.Fatalf("answer %d (%s) differs at byte %d:\n got …%s\nwant …%s", i, a.Region.Code, n,
					got[max(0, n-80):min(len(got), n+80)], want[max(0, n-80):min(len(want), n+80)])
			}
		}
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "泸州", "a\"b\\c", "\x00\x1f\b\f\n\r\t\x7f", "\u2028\u2029", "\xff\xe2\x80", "\xed\xa0\x80", "€\U0001F600é", "<>&"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := stdJSON(t, s)
		if got := appendString(nil, s); !bytes.Equal(got, want) {
			t.Fatalf("%q: got %s, want %s", s, got, want)
		}
		if got := appendInner([]byte("x"), s); !bytes.Equal(got, append([]byte("x"), want[1:len(want)-1]...)) {
			t.Fatalf("%q: inner got %s, want %s", s, got, want)
		}
	})
}

// BenchmarkAppendAssessment is what the server does: the texts and the JSON in one pass.
func BenchmarkAppendAssessment(b *testing.B) {
	snap, err := policy.Load()
	if err != nil {
		b.Fatal(err)
	}
	a := corpusAnswers(b)[0].Assessment
	var e Encoder
	buf := e.AppendAssessment(nil, a, snap)
	b.SetBytes(int64(len(buf)))
	b.ReportAllocs()
	for b.Loop() {
		buf = e.AppendAssessment(buf[:0], a, snap)
	}
}
