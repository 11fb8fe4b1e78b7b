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
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
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
	s.routes = []route{
		{"POST", "/v1/assess", s.assess},
		{"GET", "/v1/regions", s.regions},
		{"GET", "/v1/regions/{code}/parameters", s.regionParameters},
		{"GET", "/v1/parameters/{id}", s.parameterHistory},
		{"GET", "/v1/version", s.version},
		{"GET", "/v1/openapi.json", s.openAPI},
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

// ServeHTTP implements http.Handler: common headers, CORS, access log,
// panic recovery, then the routes.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var start time.Time
	if !s.cfg.NoAccessLog {
		start = time.Now()
	}
	rec := &recorder{ResponseWriter: w, s: s}
	h := w.Header()
	h[HeaderEngine] = s.engineHdr // canonical keys, shared read-only values
	h[HeaderPolicy] = s.policyHdr
	h["X-Content-Type-Options"] = nosniff
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.Error("panic", "route", r.Pattern, "panic", v, "stack", string(debug.Stack()))
			if rec.status == 0 {
				s.problem(rec, &Problem{Status: http.StatusInternalServerError, Detail: "internal error; the request was not kept"})
			}
		}
		if !s.cfg.NoAccessLog {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
				slog.String("method", r.Method), slog.String("route", routeOf(r)),
				slog.Int("status", rec.code()), slog.Int64("duration_us", time.Since(start).Microseconds()),
				slog.Int64("bytes", rec.bytes))
		}
	}()
	if s.cors(rec, r) {
		return
	}
	s.mux.ServeHTTP(rec, r)
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
	h.Set("Access-Control-Expose-Headers", HeaderEngine+", "+HeaderPolicy+", "+HeaderAsOf)
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
type recorder struct {
	http.ResponseWriter
	s      *Server
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
		r.asOf()
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
		r.asOf()
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

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
		s.problem(w, &Problem{Status: http.StatusMethodNotAllowed,
			Detail: r.Method + " is not allowed here; use " + allow})
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
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	_, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, s.max))
	if err != nil {
		bufPool.Put(buf)
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, tooLarge(s.max)
		}
		return nil, &Problem{Status: http.StatusBadRequest, Detail: "reading the body: " + err.Error()}
	}
	return buf, nil
}

func releaseBody(buf *bytes.Buffer) {
	if buf != nil && buf.Cap() <= 1<<20 {
		bufPool.Put(buf)
	}
}

func tooLarge(max int64) *Problem {
	return &Problem{Status: http.StatusRequestEntityTooLarge,
		Detail: "the body is larger than " + strconv.FormatInt(max, 10) + " bytes"}
}
