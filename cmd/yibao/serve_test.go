package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"yibao/engine"
	"yibao/httpapi"
	"yibao/policy"
	"yibao/report"
)

// syncBuffer is a bytes.Buffer safe for the server's log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestServe runs the real serve command on a free loopback port, sends a
// case, then stops it as SIGTERM would and checks it shut down cleanly.
func TestServe(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs syncBuffer
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() { done <- serveContext(ctx, engine.New(snap), []string{"--addr", "127.0.0.1:0"}, &logs, ready) }()
	var addr string
	select {
	case addr = <-ready:
	case code := <-done:
		t.Fatalf("serve exited %d: %s", code, logs.String())
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not start")
	}
	body, _ := os.ReadFile("../../examples/luzhou-freelancer.json")
	resp, err := http.Post("http://"+addr+"/v1/assess", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var ans struct {
		Format string `json:"format"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(b, &ans) != nil || ans.Format != "yibao.assessment.v1" {
		t.Fatalf("%d %.300s", resp.StatusCode, b)
	}
	if resp.Header.Get(httpapi.HeaderEngine) != report.Version || resp.Header.Get(httpapi.HeaderAsOf) != "2025-04-15" || resp.Header.Get(httpapi.HeaderPolicy) != snap.Hash {
		t.Errorf("headers %v", resp.Header)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("exit %d: %s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not shut down")
	}
	log := logs.String()
	for _, want := range []string{`"msg":"listening"`, `"route":"POST /v1/assess"`, `"msg":"shutting down"`} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %s:\n%s", want, log)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Errorf("log line is not JSON: %v: %s", err, line)
		}
		if m["msg"] == "listening" && (m["request_timeout"] != "5s" || m["max_in_flight"] == nil || m["max_bytes_in_flight"] != float64(httpapi.DefaultMaxBytesInFlight)) {
			t.Errorf("startup line lacks the limits: %s", line)
		}
	}
	if !strings.Contains(log, `"msg":"stopped"`) {
		t.Errorf("no stopped line:\n%s", log)
	}
	if strings.Contains(log, "600000") || strings.Contains(log, "门诊") {
		t.Errorf("the log holds case data:\n%s", log)
	}
}

func TestServeUsage(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"serve", "--nope"}, nil, io.Discard, &stderr); code != exitBadCase {
		t.Errorf("exit %d", code)
	}
	if code := run([]string{"serve", "extra"}, nil, io.Discard, &stderr); code != exitBadCase {
		t.Errorf("exit %d", code)
	}
	if code := run([]string{"serve", "--max-in-flight", "0"}, nil, io.Discard, &stderr); code != exitBadCase {
		t.Errorf("--max-in-flight 0: exit %d", code)
	}
	if !strings.Contains(stderr.String(), "use -1 for none") {
		t.Errorf("stderr: %s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "usage: yibao serve") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// TestServeErrorsAreJSON: a failure after the flags (here the address is
// taken) is a JSON log line like the others, not plain text.
func TestServeErrorsAreJSON(t *testing.T) {
	snap, err := policy.Load()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var logs syncBuffer
	if code := serveContext(context.Background(), engine.New(snap), []string{"--addr", ln.Addr().String()}, &logs, nil); code != exitFailed {
		t.Errorf("exit %d", code)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(strings.TrimSpace(logs.String())), &m); err != nil || m["level"] != "ERROR" || m["msg"] != "listen" || m["error"] == "" {
		t.Errorf("%v: %s", err, logs.String())
	}
}
