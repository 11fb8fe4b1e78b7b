package httpapi_test

import (
	"testing"

	"yibao"
	"yibao/engine"
	"yibao/httpapi"
	"yibao/policy"
)

// fixedToday is the as-of date of requests that name none, in tests.
var fixedToday = yibao.DateOf(2026, 9, 10)

var testEngine = func() *engine.Engine {
	snap, err := policy.Load()
	if err != nil {
		panic(err)
	}
	return engine.New(snap)
}()

// newServer returns a Server with a fixed clock; edit may change the config.
func newServer(tb testing.TB, edit func(*httpapi.Config)) *httpapi.Server {
	tb.Helper()
	cfg := httpapi.Config{Engine: testEngine, Today: func() yibao.Date { return fixedToday }}
	if edit != nil {
		edit(&cfg)
	}
	s, err := httpapi.New(cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}
