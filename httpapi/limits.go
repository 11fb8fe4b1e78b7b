package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
	"yibao/report"

	"yibao"
)

// Defaults for the limits when their Config field is 0 (docs/api.md,
// "Limits and load shedding").
const (
	DefaultRequestTimeout   = 5 * time.Second
	DefaultMaxBytesInFlight = 64 << 20
)

// DefaultMaxInFlight is the limit on requests in flight when
// Config.MaxInFlight is 0: 16 × GOMAXPROCS. An answer takes tens of
// microseconds of CPU, so more requests than that at once only queue; at
// 4 × GOMAXPROCS ordinary keep-alive load (bench/serve.sh, 8 to 64
// connections) already saw a few 503s, when a handler was paused for the
// collector while others entered. Memory is bounded by the bytes in flight.
func DefaultMaxInFlight() int { return 16 * runtime.GOMAXPROCS(0) }

// HeaderRequestID carries the request's id on every response; the access
// log line of the request has the same id. It is a counter with a random
// per-process prefix, and says nothing about the request.
const HeaderRequestID = "Yibao-Request-Id"

// Problem types for 503 answers.
const (
	TypeOverloaded = "urn:yibao:problem:overloaded"
	TypeDeadline   = "urn:yibao:problem:deadline"
)

// limits are the resolved limits of a Server; 0 means none.
type limits struct {
	timeout  time.Duration
	inFlight int64
	bytes    int64
}

func (s *Server) initLimits(cfg Config) error {
	l := limits{timeout: cfg.RequestTimeout, inFlight: int64(cfg.MaxInFlight), bytes: cfg.MaxBytesInFlight}
	switch {
	case l.timeout == 0:
		l.timeout = DefaultRequestTimeout
	case l.timeout < 0:
		l.timeout = 0
	}
	switch {
	case l.inFlight == 0:
		l.inFlight = int64(DefaultMaxInFlight())
	case l.inFlight < 0:
		l.inFlight = 0
	}
	switch {
	case l.bytes == 0:
		l.bytes = DefaultMaxBytesInFlight
	case l.bytes < 0:
		l.bytes = 0
	}
	if l.bytes > 0 && l.bytes < s.max {
		return fmt.Errorf("httpapi: the limit on request bytes in flight (%d) is below the body limit (%d): no request of the largest size could ever be admitted", l.bytes, s.max)
	}
	s.lim = l
	var b [4]byte
	rand.Read(b[:])
	s.idPrefix = hex.EncodeToString(b[:]) + "-"
	return nil
}

// Limits returns the limits in force: the per-request deadline, requests
// in flight and request bytes in flight (0: none).
func (s *Server) Limits() (timeout time.Duration, maxInFlight int, maxBytesInFlight int64) {
	return s.lim.timeout, int(s.lim.inFlight), s.lim.bytes
}

// reservation is the number of body bytes a request may hold while in
// flight: its declared length, or the body limit when the length is not
// declared (chunked). A declared length over the limit is answered 413
// without reading, so it holds nothing.
func (s *Server) reservation(r *http.Request) int64 {
	switch n := r.ContentLength; {
	case n < 0:
		return s.max
	case n > s.max:
		return 0
	default:
		return n
	}
}

// admit takes a slot for a request holding n body bytes, or says which
// limit refused it ("requests" or "bytes"). A refused request holds nothing.
func (s *Server) admit(n int64) string {
	if s.lim.inFlight > 0 && s.inFlight.Add(1) > s.lim.inFlight {
		s.inFlight.Add(-1)
		return "requests"
	}
	if s.lim.bytes > 0 && n > 0 && s.bytesInFlight.Add(n) > s.lim.bytes {
		s.bytesInFlight.Add(-n)
		if s.lim.inFlight > 0 {
			s.inFlight.Add(-1)
		}
		return "bytes"
	}
	return ""
}

func (s *Server) release(n int64) {
	if s.lim.inFlight > 0 {
		s.inFlight.Add(-1)
	}
	if s.lim.bytes > 0 && n > 0 {
		s.bytesInFlight.Add(-n)
	}
}

var retryAfter1 = []string{"1"}

// shed answers 503 for a request refused by limit ("requests" or "bytes").
func (s *Server) shed(w http.ResponseWriter, limit string) {
	p := &Problem{Status: http.StatusServiceUnavailable, Type: TypeOverloaded}
	if limit == "requests" {
		p.Detail = report.Sprintf(report.EN, "api.busy.requests", s.lim.inFlight)
		p.DetailZH = report.Sprintf(report.ZH, "api.busy.requests", s.lim.inFlight)
	} else {
		p.Detail = report.Sprintf(report.EN, "api.busy.bytes", s.lim.bytes)
		p.DetailZH = report.Sprintf(report.ZH, "api.busy.bytes", s.lim.bytes)
	}
	w.Header()["Retry-After"] = retryAfter1
	s.problem(w, p)
}

// deadlineProblem is the 503 for a request past its deadline.
func (s *Server) deadlineProblem() *Problem {
	return &Problem{Status: http.StatusServiceUnavailable, Type: TypeDeadline,
		Detail:   report.Sprintf(report.EN, "api.deadline", s.lim.timeout),
		DetailZH: report.Sprintf(report.ZH, "api.deadline", s.lim.timeout)}
}

// ctxProblem reports whether the request should stop: its deadline has
// passed (a 503) or the client has gone (a 503 too, though nobody reads
// it: the recorder drops it and logs the request as aborted). Handlers call
// it before each expensive step.
func (s *Server) ctxProblem(r *http.Request) *Problem {
	if r.Context().Err() == nil {
		return nil
	}
	return s.deadlineProblem()
}

// guardCase and guardQuery wrap the advisor's functions (which take no
// context) so that they are not started for a request already past its
// deadline or whose client has gone.
func guardCase(f CaseFunc, s *Server) CaseFunc {
	return func(ctx context.Context, c *yibao.Case) (any, error) {
		if ctx.Err() != nil {
			return nil, s.deadlineProblem()
		}
		return f(ctx, c)
	}
}

func guardQuery(f QueryFunc, s *Server) QueryFunc {
	return func(ctx context.Context, q url.Values, asOf yibao.Date) (any, error) {
		if ctx.Err() != nil {
			return nil, s.deadlineProblem()
		}
		return f(ctx, q, asOf)
	}
}

// bodyReadFailed classifies a failed body read: past the deadline, the
// client gone, or a malformed body (nil: the caller answers 400).
func (s *Server) bodyReadFailed(w http.ResponseWriter, r *http.Request, err error) *Problem {
	rec, _ := w.(*recorder)
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded) || (rec != nil && rec.pastDeadline()):
		return s.deadlineProblem()
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || r.Context().Err() != nil:
		if rec != nil {
			rec.gone = true
		}
		return s.deadlineProblem() // dropped: nobody is there to read it
	}
	return nil
}

// Access-log values.
const (
	abortedClient    = "client_gone"
	abortedDeadline  = "deadline"
	statusClientGone = 499 // nginx's "client closed request": nothing was sent
)

// methodOf is the method as logged: one of the standard methods, else
// "OTHER" (the log line then gives its length, not its text).
func methodOf(m string) (string, bool) {
	switch m {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
		return m, true
	}
	return "OTHER", false
}

// shortMethod is a method as quoted in a response: at most 16 bytes.
func shortMethod(m string) string {
	if _, ok := methodOf(m); ok {
		return m
	}
	if len(m) > 16 {
		return strconv.Quote(m[:16]) + "… (" + strconv.Itoa(len(m)) + " bytes)"
	}
	return strconv.Quote(m)
}

// maxRouteLog bounds the route in a log line (routes are our own patterns;
// the bound is a guard).
const maxRouteLog = 64

func boundRoute(s string) string {
	if len(s) > maxRouteLog {
		return strings.ToValidUTF8(s[:maxRouteLog], "") + "…"
	}
	return s
}
