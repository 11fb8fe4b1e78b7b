package httpapi_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
)

// BenchmarkAssess measures POST /v1/assess through the whole handler (fast
// JSON path, engine, report.Build, JSON encoding), without the network.
func BenchmarkAssess(b *testing.B) {
	for _, name := range []string{"luzhou-freelancer.json"} {
		body, err := os.ReadFile("../examples/" + name)
		if err != nil {
			b.Fatal(err)
		}
		h := newServer(b, nil)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest("POST", "/v1/assess", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}
