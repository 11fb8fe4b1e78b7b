package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"yibao"
	"yibao/httpapi"
)

// logLines is a log writer that hands each line to the test.
type logLines chan string

func (l logLines) Write(p []byte) (int, error) {
	l <- string(p)
	return len(p), nil
}

// next returns the next access-log line ("msg":"request"), decoded; every
// line read on the way must be JSON.
func (l logLines) next(t *testing.T) map[string]any {
	t.Helper()
	for {
		select {
		case line := <-l:
			var m map[string]any
			if err := json.Unmarshal([]byte(line), &m); err != nil {
				t.Fatalf("log line is not JSON: %v: %.200q", err, line)
			}
			if m["msg"] == "request" {
				return m
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no access-log line")
			return nil
		}
	}
}

// hold is a handler hook: it signals entered, then waits for release (or,
// with waitCtx, for the request's context to end).
type hold struct {
	entered, release chan struct{}
	waitCtx          bool
}

func newHold(waitCtx bool) *hold {
	return &hold{entered: make(chan struct{}, 16), release: make(chan struct{}), waitCtx: waitCtx}
}

func (h *hold) wait(ctx context.Context) {
	h.entered <- struct{}{}
	if h.waitCtx {
		<-ctx.Done()
		return
	}
	<-h.release
}

func (h *hold) plan(ctx context.Context, c *yibao.Case) (any, error) {
	h.wait(ctx)
	return map[string]bool{"held": true}, nil
}

func (h *hold) contrib(ctx context.Context, q url.Values, asOf yibao.Date) (any, error) {
	h.wait(ctx)
	return map[string]bool{"held": true}, nil
}

// limitServer runs a Server with hooks on a real loopback server.
func limitServer(t *testing.T, h *hold, edit func(*httpapi.Config)) (*httptest.Server, logLines) {
	t.Helper()
	logs := make(logLines, 1000)
	s := newServer(t, func(c *httpapi.Config) {
		c.Logger = slog.New(slog.NewJSONHandler(logs, nil))
		c.Plan, c.Contrib = h.plan, h.contrib
		if edit != nil {
			edit(c)
		}
	})
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	return ts, logs
}

type answer struct {
	status int
	header http.Header
	body   string
}

func send(t *testing.T, method, u, body string) answer {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return answer{}
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return answer{resp.StatusCode, resp.Header, string(b)}
}

// check503 checks a shed or deadline answer.
func check503(t *testing.T, a answer, typ, retryAfter string, detailHas ...string) {
	t.Helper()
	var p httpapi.Problem
	if a.status != 503 || a.header.Get("Content-Type") != "application/problem+json" || json.Unmarshal([]byte(a.body), &p) != nil {
		t.Fatalf("want a 503 problem: %d %s %s", a.status, a.header.Get("Content-Type"), a.body)
	}
	if a.header.Get("Retry-After") != retryAfter {
		t.Errorf("Retry-After %q, want %q", a.header.Get("Retry-After"), retryAfter)
	}
	if p.Type != typ || p.Status != 503 || p.Detail == "" || p.DetailZH == "" || p.Errors == nil || p.PolicySnapshot == "" {
		t.Errorf("problem %+v", p)
	}
	for _, s := range detailHas {
		if !strings.Contains(p.Detail+" "+p.DetailZH, s) {
			t.Errorf("detail lacks %q: %s / %s", s, p.Detail, p.DetailZH)
		}
	}
	if a.header.Get(httpapi.HeaderRequestID) == "" || a.header.Get(httpapi.HeaderEngine) == "" {
		t.Errorf("headers %v", a.header)
	}
}

func TestInFlightLimit(t *testing.T) {
	h := newHold(false)
	ts, logs := limitServer(t, h, func(c *httpapi.Config) { c.MaxInFlight = 2 })
	held := make(chan answer, 2)
	for range 2 {
		go func() { held <- send(t, "GET", ts.URL+"/v1/contrib", "") }()
		<-h.entered
	}
	// both slots taken: any request, with or without a body, is shed
	check503(t, send(t, "GET", ts.URL+"/v1/version", ""), httpapi.TypeOverloaded, "1", "2 requests", "2 个")
	check503(t, send(t, "POST", ts.URL+"/v1/assess", seedCase), httpapi.TypeOverloaded, "1")
	for range 2 {
		if m := logs.next(t); m["status"] != 503.0 || m["shed"] != "requests" || m["route"] != "-" {
			t.Errorf("shed log line %v", m)
		}
	}
	close(h.release)
	for range 2 {
		if a := <-held; a.status != 200 {
			t.Errorf("held request: %d %s", a.status, a.body)
		}
	}
	// the slots are free again
	if a := send(t, "GET", ts.URL+"/v1/version", ""); a.status != 200 {
		t.Errorf("after release: %d %s", a.status, a.body)
	}
}

func TestBytesInFlightLimit(t *testing.T) {
	if _, err := httpapi.New(httpapi.Config{Engine: testEngine, MaxBodyBytes: 2000, MaxBytesInFlight: 1000}); err == nil {
		t.Error("a bytes-in-flight limit below the body limit was accepted")
	}
	h := newHold(false)
	ts, logs := limitServer(t, h, func(c *httpapi.Config) { c.MaxBodyBytes, c.MaxBytesInFlight = 1000, 1500 })
	body := seedCase + strings.Repeat(" ", 800-len(seedCase))
	held := make(chan answer, 1)
	go func() { held <- send(t, "POST", ts.URL+"/v1/plan", body) }()
	<-h.entered
	// 800 bytes held: another 800 would pass 1500
	check503(t, send(t, "POST", ts.URL+"/v1/assess", body), httpapi.TypeOverloaded, "1", "1500 bytes", "1500 字节")
	if m := logs.next(t); m["shed"] != "bytes" {
		t.Errorf("log %v", m)
	}
	// a body without a declared length reserves the body limit (1000)
	req, _ := http.NewRequest("POST", ts.URL+"/v1/assess", io.MultiReader(strings.NewReader(seedCase)))
	req.Header.Set("Content-Type", "application/json")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 503 {
		t.Errorf("chunked body: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	// smaller bodies and bodiless requests still pass
	if a := send(t, "POST", ts.URL+"/v1/assess", seedCase); a.status != 200 {
		t.Errorf("small body: %d %s", a.status, a.body)
	}
	if a := send(t, "GET", ts.URL+"/v1/version", ""); a.status != 200 {
		t.Errorf("no body: %d", a.status)
	}
	close(h.release)
	if a := <-held; a.status != 200 {
		t.Errorf("held: %d %s", a.status, a.body)
	}
	if a := send(t, "POST", ts.URL+"/v1/assess", body); a.status != 200 {
		t.Errorf("after release: %d %s", a.status, a.body)
	}
}

func TestDeadline(t *testing.T) {
	h := newHold(true) // the hook returns when the request's context ends
	ts, logs := limitServer(t, h, func(c *httpapi.Config) { c.RequestTimeout = 50 * time.Millisecond })
	a := send(t, "POST", ts.URL+"/v1/plan", seedCase)
	check503(t, a, httpapi.TypeDeadline, "", "50ms")
	if a.header.Get(httpapi.HeaderAsOf) == "" || a.header.Get("Content-Language") != "" {
		t.Errorf("headers %v", a.header)
	}
	if m := logs.next(t); m["status"] != 503.0 || m["aborted"] != "deadline" || m["route"] != "POST /v1/plan" {
		t.Errorf("log %v", m)
	}

	// a body still arriving at the deadline: 503 then, not at ReadTimeout
	c, err := net.Dial("tcp", ts.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	io.WriteString(c, "POST /v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	check503(t, answer{resp.StatusCode, resp.Header, string(b)}, httpapi.TypeDeadline, "")
	if m := logs.next(t); m["aborted"] != "deadline" || m["route"] != "POST /v1/assess" {
		t.Errorf("log %v", m)
	}
}

func TestClientAbortLogged(t *testing.T) {
	h := newHold(true)
	ts, logs := limitServer(t, h, nil) // default deadline: 5 s, far off
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		req, _ := http.NewRequestWithContext(ctx, "POST", ts.URL+"/v1/plan", strings.NewReader(seedCase))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	<-h.entered
	cancel() // the client goes: its connection closes, the request's context ends
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v", err)
	}
	m := logs.next(t)
	if m["aborted"] != "client_gone" || m["status"] != 499.0 || m["bytes"] != 0.0 || m["route"] != "POST /v1/plan" {
		t.Errorf("log %v", m)
	}
}

func TestLogLinesBounded(t *testing.T) {
	ts, logs := limitServer(t, newHold(false), nil)
	method := strings.Repeat("X", 60000)
	long := strings.Repeat("5", 30000)
	for _, c := range []struct {
		method, target, route string
		status                int
	}{
		{method, "/v1/assess", "/v1/assess", 405},
		{method, "/" + long, "/", 404},
		{"GET", "/v1/regions/" + long + "/parameters?as_of=" + long, "GET /v1/regions/{code}/parameters", 400},
	} {
		conn, err := net.Dial("tcp", ts.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(conn, c.method+" "+c.target+" HTTP/1.1\r\nHost: x\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		conn.Close()
		if resp.StatusCode != c.status || len(b) > 4000 {
			t.Errorf("%.20s %.30s: %d, %d bytes: %.300s", c.method, c.target, resp.StatusCode, len(b), b)
		}
		var line string
		select {
		case line = <-logs:
		case <-time.After(10 * time.Second):
			t.Fatal("no log line")
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || len(line) > 400 {
			t.Errorf("log line not JSON or too long (%d bytes): %v %.300s", len(line), err, line)
		}
		wantMethod := c.method
		if len(wantMethod) > 10 {
			wantMethod = "OTHER"
			if m["method_len"] != 60000.0 {
				t.Errorf("method_len %v", m["method_len"])
			}
		}
		if m["method"] != wantMethod || m["route"] != c.route || m["id"] != resp.Header.Get(httpapi.HeaderRequestID) {
			t.Errorf("log %v, request id %q", m, resp.Header.Get(httpapi.HeaderRequestID))
		}
	}
}

func TestRequestID(t *testing.T) {
	ts, logs := limitServer(t, newHold(false), nil)
	seen := map[string]bool{}
	for _, target := range []string{"/v1/version", "/v1/version", "/nope", "/"} {
		a := send(t, "GET", ts.URL+target, "")
		id := a.header.Get(httpapi.HeaderRequestID)
		if id == "" || len(id) > 40 || seen[id] {
			t.Errorf("%s: request id %q (seen: %v)", target, id, seen)
		}
		seen[id] = true
		if m := logs.next(t); m["id"] != id {
			t.Errorf("log id %v, header %q", m["id"], id)
		}
	}
	// the id is the server's, whatever the client sends
	req, _ := http.NewRequest("GET", ts.URL+"/v1/version", nil)
	req.Header.Set(httpapi.HeaderRequestID, "张三-110101199003077777")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if id := resp.Header.Get(httpapi.HeaderRequestID); strings.Contains(id, "张三") || id == "" {
		t.Errorf("request id %q", id)
	}
}
