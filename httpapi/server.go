package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"yibao"
	"yibao/engine"
	"yibao/policy"
	"yibao/region"
	"yibao/report"
	"yibao/web"
)

// DefaultMaxBodyBytes is the request body limit when Config.MaxBodyBytes is 0.
const DefaultMaxBodyBytes = 1 << 20

// Response headers carried by every response.
const (
	HeaderEngine = "Yibao-Engine"
	HeaderPolicy = "Yibao-Policy"
	HeaderAsOf   = "Yibao-As-Of"
)

// CaseFunc answers a request whose body is a case (POST /v1/plan). The case
// has passed caseio's checks. A returned *Problem is sent as it is; any other
// error is a 500 whose text is logged, not sent.
type CaseFunc func(ctx context.Context, c *yibao.Case) (any, error)

// QueryFunc answers a GET request from its query (GET /v1/contrib), with
// asOf the query's as_of (or today's date when it names none). Errors as for
// CaseFunc.
type QueryFunc func(ctx context.Context, q url.Values, asOf yibao.Date) (any, error)

// Config configures a Server.
type Config struct {
	Engine *engine.Engine // required

	// Today returns the as-of date for requests that name none (the region
	// and parameter browsers, version). The engine never reads a clock; nil
	// means the server's clock in China Standard Time.
	Today func() yibao.Date

	Logger       *slog.Logger // errors and (unless NoAccessLog) one line per request; nil discards
	NoAccessLog  bool
	MaxBodyBytes int64  // request body limit; 0 means DefaultMaxBodyBytes
	CORSOrigin   string // allowed origin ("*" for any); "" sends no CORS headers

	// Limits (docs/api.md, "Limits and load shedding"); for each, 0 means
	// the default and a negative value means no limit. RequestTimeout is
	// every request's deadline (DefaultRequestTimeout): a request still
	// unanswered then gets a 503. MaxInFlight (DefaultMaxInFlight) and
	// MaxBytesInFlight (DefaultMaxBytesInFlight; at least MaxBodyBytes)
	// bound the requests being served at once and the body bytes they
	// declare; a request beyond either is answered 503 at once, with
	// Retry-After: 1.
	RequestTimeout   time.Duration
	MaxInFlight      int
	MaxBytesInFlight int64

	// Plan and Contrib wire POST /v1/plan and GET /v1/contrib (the advisor).
	// When nil the routes are not registered and not in the OpenAPI
	// document. PlanSpec and ContribSpec, if set, replace the default
	// OpenAPI path items for them (JSON objects).
	Plan        CaseFunc
	PlanSpec    json.RawMessage
	Contrib     QueryFunc
	ContribSpec json.RawMessage
}

// Server is the HTTP API and the web page. It is safe for concurrent use
// and holds nothing between requests.
type Server struct {
	cfg     Config
	eng     *engine.Engine
	snap    *policy.Snapshot
	reg     *region.Registry
	today   func() yibao.Date
	log     *slog.Logger
	max     int64
	mux     *http.ServeMux
	routes  []route
	openapi []byte
	page    http.Handler
	dec     *caseDecoder   // the fast path for JSON cases
	enc     report.Encoder // answers as JSON, without reflection

	lim                     limits
	inFlight, bytesInFlight atomic.Int64
	idPrefix                string // random, per Server
	idSeq                   atomic.Uint64

	engineHdr, policyHdr []string
}

// route is one registered API route.
type route struct {
	method, path string // "POST", "/v1/assess"
	h            http.HandlerFunc
}

// Pattern returns the ServeMux pattern of r.
func (r route) Pattern() string { return r.method + " " + r.path }

var cst = time.FixedZone("CST", 8*3600) // China has one zone and no daylight saving

// New returns a Server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Engine == nil {
		return nil, errors.New("httpapi: Config.Engine is required")
	}
	s := &Server{cfg: cfg, eng: cfg.Engine, snap: cfg.Engine.Snapshot(), reg: region.Default(), today: cfg.Today, log: cfg.Logger, max: cfg.MaxBodyBytes}
	if s.today == nil {
		s.today = func() yibao.Date {
			y, m, d := time.Now().In(cst).Date()
			return yibao.DateOf(y, int(m), d)
		}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.engineHdr, s.policyHdr = []string{report.Version}, []string{s.snap.Hash}
	dec, err := newCaseDecoder()
	if err != nil {
		return nil, fmt.Errorf("httpapi: %w", err)
	}
	s.dec = dec
	if s.max <= 0 {
		s.max = DefaultMaxBodyBytes
	}
	if err := s.initLimits(cfg); err != nil {
		return nil, err
	}
	if cfg.Plan != nil {
		s.cfg.Plan = guardCase(cfg.Plan, s)
	}
	if cfg.Contrib != nil {
		s.cfg.Contrib = guardQuery(cfg.Contrib, s)
	}
	s.routes = []route{
		{"POST", "/v1/assess", s.assess},
		{"POST", "/v1/batch", s.batch},
		{"GET", "/v1/regions", s.regions},
		{"GET", "/v1/regions/{code}/parameters", s.regionParameters},
		{"GET", "/v1/parameters/{id}", s.parameterHistory},
		{"GET", "/v1/version", s.version},
		{"GET", "/v1/openapi.json", s.openAPI},
		{"GET", "/v1/messages", s.messages},
	}
	if cfg.Plan != nil {
		s.routes = append(s.routes, route{"POST", "/v1/plan", s.plan})
	}
	if cfg.Contrib != nil {
		s.routes = append(s.routes, route{"GET", "/v1/contrib", s.contrib})
	}
	doc, err := s.buildOpenAPI()
	if err != nil {
		return nil, err
	}
	s.openapi = doc
	s.page = web.Handler(http.HandlerFunc(s.notFound))

	s.mux = http.NewServeMux()
	allowed := map[string][]string{}
	for _, rt := range s.routes {
		s.mux.HandleFunc(rt.Pattern(), rt.h)
		allowed[rt.path] = append(allowed[rt.path], rt.method)
	}
	for path, methods := range allowed {
		s.mux.HandleFunc(path, s.methodNotAllowed(methods))
	}
	s.mux.Handle("GET /{$}", s.page)
	s.mux.Handle("GET /static/", s.page)
	s.mux.HandleFunc("/", s.notFound)
	return s, nil
}

// Routes returns the API routes as ServeMux patterns ("POST /v1/assess"),
// without the web page.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, r := range s.routes {
		out[i] = r.Pattern()
	}
	return out
}

// ServeHTTP implements http.Handler: request id, common headers, load
// shedding, the request's deadline, CORS, access log, panic recovery, then
// the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	h := w.Header()
	h[HeaderEngine] = s.engineHdr // canonical keys, shared read-only values
	h[HeaderPolicy] = s.policyHdr
	h["X-Content-Type-Options"] = nosniff
	id := s.requestID()
	h[HeaderRequestID] = []string{id}
	rec := &recorder{ResponseWriter: w, s: s}

	n := s.reservation(r)
	if limit := s.admit(n); limit != "" {
		s.shed(rec, limit)
		s.accessLog(r, rec, id, start, slog.String("shed", limit))
		return
	}
	if s.lim.timeout > 0 {
		rec.deadline = start.Add(s.lim.timeout)
		ctx, cancel := context.WithDeadline(r.Context(), rec.deadline)
		defer cancel()
		r = r.WithContext(ctx)
	}
	rec.ctx = r.Context()
	defer func() {
		v := recover()
		if v != nil {
			if v == http.ErrAbortHandler {
				s.release(n)
				panic(v)
			}
			s.log.Error("panic", "id", id, "route", routeOf(r), "panic", v, "stack", string(debug.Stack()))
			if !rec.started {
				s.problem(rec, &Problem{Status: http.StatusInternalServerError, Detail: "internal error; the request was not kept"})
			}
		}
		rec.finish()
		s.release(n)
		s.accessLog(r, rec, id, start)
	}()
	if s.cors(rec, r) {
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// requestID is a new request id: the Server's random prefix and a counter.
func (s *Server) requestID() string {
	var b [32]byte
	return string(strconv.AppendUint(append(b[:0], s.idPrefix...), s.idSeq.Add(1), 36))
}

// accessLog writes the request's access-log line (unless NoAccessLog):
// the method (standard ones only, else OTHER and its length), the route
// pattern (never the path or query), the status sent, and whether the
// answer was cut short (aborted: client_gone or deadline).
func (s *Server) accessLog(r *http.Request, rec *recorder, id string, start time.Time, extra ...slog.Attr) {
	if s.cfg.NoAccessLog || !s.log.Enabled(context.Background(), slog.LevelInfo) {
		return
	}
	m, std := methodOf(r.Method)
	var buf [10]slog.Attr
	attrs := append(buf[:0], slog.String("id", id), slog.String("method", m))
	if !std {
		attrs = append(attrs, slog.Int("method_len", len(r.Method)))
	}
	attrs = append(attrs, slog.String("route", boundRoute(routeOf(r))),
		slog.Int("status", rec.code()), slog.Int64("duration_us", time.Since(start).Microseconds()),
		slog.Int64("bytes", rec.bytes))
	if rec.aborted != "" {
		attrs = append(attrs, slog.String("aborted", rec.aborted))
	}
	attrs = append(attrs, extra...)
	s.log.LogAttrs(context.Background(), slog.LevelInfo, "request", attrs...)
}

var nosniff = []string{"nosniff"}

// routeOf is the matched pattern, never the path: paths and queries may carry
// what a person typed.
func routeOf(r *http.Request) string {
	if r.Pattern == "" {
		return "-"
	}
	return r.Pattern
}

// cors adds CORS headers for the configured origin and answers preflight
// requests. It reports whether the request was answered.
func (s *Server) cors(w http.ResponseWriter, r *http.Request) bool {
	o := s.cfg.CORSOrigin
	origin := r.Header.Get("Origin")
	if o == "" || origin == "" || (o != "*" && o != origin) {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", o)
	h.Add("Vary", "Origin")
	h.Set("Access-Control-Expose-Headers", HeaderEngine+", "+HeaderPolicy+", "+HeaderAsOf+", "+HeaderRequestID+", Retry-After")
	if r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		h.Set("Access-Control-Allow-Methods", "GET, POST")
		h.Set("Access-Control-Allow-Headers", "Content-Type")
		h.Set("Access-Control-Max-Age", "600")
		w.WriteHeader(http.StatusNoContent)
		return true
	}
	return false
}

// recorder records the status and size of a response for the access log,
// and gives every response the Yibao-As-Of header: today's date unless the
// handler set the date its answer is for.
//
// It also enforces the request's deadline: when a handler starts its
// answer after the deadline, the answer is replaced by a 503 problem; when
// the client has gone, the answer is dropped (logged as status 499). Either
// way the access log says aborted.
type recorder struct {
	http.ResponseWriter
	s        *Server
	ctx      context.Context // the request's; nil until admitted
	deadline time.Time       // zero: none
	status   int
	bytes    int64
	started  bool   // the answer's status is decided
	drop     bool   // the handler's answer is not sent
	gone     bool   // the client went away while the body was read
	aborted  string // "", abortedClient or abortedDeadline
}

func (r *recorder) WriteHeader(code int) {
	if !r.started {
		if !r.start(code) {
			return
		}
	} else if r.drop {
		return
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if !r.started {
		r.start(http.StatusOK)
	}
	if r.drop {
		return 0, errDropped
	}
	return r.write(b)
}

var errDropped = errors.New("httpapi: the answer was dropped (client gone or deadline passed)")

func (r *recorder) write(b []byte) (int, error) {
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	if err != nil && r.aborted == "" {
		r.aborted = abortedClient
		if errors.Is(err, os.ErrDeadlineExceeded) {
			r.aborted = abortedDeadline
		}
	}
	return n, err
}

func (r *recorder) pastDeadline() bool {
	return !r.deadline.IsZero() && !time.Now().Before(r.deadline)
}

// start decides the answer's status: the handler's code, unless the client
// has gone (dropped) or the deadline has passed (a 503 problem instead).
// It reports whether the handler's answer goes out.
func (r *recorder) start(code int) bool {
	r.started = true
	r.status = code
	if r.ctx == nil || (r.ctx.Err() == nil && !r.gone && !r.pastDeadline()) {
		r.asOf()
		return true
	}
	r.drop = true
	if r.gone || !r.pastDeadline() {
		r.status, r.aborted = statusClientGone, abortedClient
		return false
	}
	r.status, r.aborted = http.StatusServiceUnavailable, abortedDeadline
	h := r.Header()
	for k := range h { // the handler's headers were for its answer
		switch {
		case strings.HasPrefix(k, "Yibao-"), strings.HasPrefix(k, "Access-Control-"), k == "Vary", k == "X-Content-Type-Options":
		default:
			delete(h, k)
		}
	}
	r.asOf()
	r.s.problem(rawWriter{r}, r.s.deadlineProblem())
	return false
}

// finish ends the answer after the handler: a handler that wrote nothing
// gets its implicit 200 (or the 503 past the deadline), and an answer of
// known length is flushed so that a failed write (client gone, write
// timeout) is seen and logged.
func (r *recorder) finish() {
	if !r.started {
		r.WriteHeader(http.StatusOK)
	}
	if r.drop || r.aborted != "" || r.Header().Get("Content-Length") == "" {
		return
	}
	if f, ok := r.ResponseWriter.(interface{ FlushError() error }); ok {
		if err := f.FlushError(); err != nil {
			r.aborted = abortedClient
			if errors.Is(err, os.ErrDeadlineExceeded) {
				r.aborted = abortedDeadline
			}
		}
	}
}

// rawWriter writes through a recorder to the client, bypassing the
// handler's answer (for the 503 that replaces it).
type rawWriter struct{ r *recorder }

func (w rawWriter) Header() http.Header         { return w.r.ResponseWriter.Header() }
func (w rawWriter) WriteHeader(code int)        { w.r.ResponseWriter.WriteHeader(code) }
func (w rawWriter) Write(b []byte) (int, error) { return w.r.write(b) }

func (r *recorder) asOf() {
	h := r.Header()
	if _, ok := h[HeaderAsOf]; !ok {
		h[HeaderAsOf] = []string{r.s.today().String()}
	}
}

func (r *recorder) code() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// meta is the envelope every JSON body but the assessment answer starts with
// (the answer has the same three fields of its own).
type meta struct {
	EngineVersion  string     `json:"engine_version"`
	PolicySnapshot string     `json:"policy_snapshot"`
	AsOf           yibao.Date `json:"as_of"`
}

func (s *Server) meta(asOf yibao.Date) meta {
	return meta{EngineVersion: report.Version, PolicySnapshot: s.snap.Hash, AsOf: asOf}
}

// setAsOf sets the Yibao-As-Of header for an answer about date d.
func setAsOf(w http.ResponseWriter, d yibao.Date) { w.Header()[HeaderAsOf] = []string{d.String()} }

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeJSON writes v as a compact JSON body (HTML characters not escaped:
// the answer is data, never pasted into HTML).
func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= 1<<20 {
			bufPool.Put(buf)
		}
	}()
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		buf.Reset()
		status = http.StatusInternalServerError
		contentType = "application/problem+json"
		buf.WriteString(`{"type":"urn:yibao:problem:internal","title":"Internal Server Error","status":500,"errors":[]}` + "\n")
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func (s *Server) methodNotAllowed(methods []string) http.HandlerFunc {
	allow := strings.Join(methods, ", ")
	for _, m := range methods {
		if m == "GET" {
			allow += ", HEAD"
		}
	}
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		s.problem(w, (&Problem{Status: http.StatusMethodNotAllowed}).withDetail("%s is not allowed here; use %s", shortMethod(r.Method), allow))
	}
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.problem(w, &Problem{Status: http.StatusNotFound, Detail: "no such route; see GET /v1/openapi.json"})
}

// readBody reads a request body within the size limit. A too-large body is
// a 413 problem.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) (*bytes.Buffer, *Problem) {
	if r.ContentLength > s.max {
		return nil, tooLarge(s.max)
	}
	if p := s.ctxProblem(r); p != nil {
		return nil, p
	}
	if dl, ok := r.Context().Deadline(); ok && r.ContentLength != 0 {
		// a body still arriving at the deadline stops then, not at the
		// server's ReadTimeout (not supported by test recorders: ignored)
		http.NewResponseController(w).SetReadDeadline(dl)
	}
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.max))
	if err != nil {
		bufPool.Put(buf)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(s.max)
		}
		if p := s.bodyReadFailed(w, r, err); p != nil {
			return nil, p
		}
		return nil, (&Problem{Status: http.StatusBadRequest}).withDetail("reading the body: %s", err.Error())
	}
	if p := s.ctxProblem(r); p != nil { // before decoding
		releaseBody(buf)
		return nil, p
	}
	return buf, nil
}

func releaseBody(buf *bytes.Buffer) {
	if buf != nil && buf.Cap() <= 1<<20 {
		bufPool.Put(buf)
	}
}

func tooLarge(max int64) *Problem {
	return (&Problem{Status: http.StatusRequestEntityTooLarge}).withDetail("the body is larger than %d bytes", max)
}
