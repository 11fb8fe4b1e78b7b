package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"yibao"
	"yibao/caseio"
	"yibao/internal/strictyaml"
	"yibao/report"
)

// assess answers POST /v1/assess with the report.Build answer.
func (s *Server) assess(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	lang, format := q.Get("lang"), q.Get("format")
	if (q.Has("lang") || lang != "") && lang != "zh" && lang != "en" { // lang= (empty) is not a language either
		s.problem(w, badQueryf("query.lang", "enum", "lang %q: want zh or en", lang))
		return
	}
	if (q.Has("format") || format != "") && format != "json" && format != "text" {
		s.problem(w, badQueryf("query.format", "enum", "format %q: want json or text", format))
		return
	}
	c, p := s.readCase(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	setAsOf(w, c.AsOf)
	if p := s.ctxProblem(r); p != nil { // past the deadline, or the client left while the body was read
		s.problem(w, p)
		return
	}
	a, err := s.eng.Assess(c)
	if err != nil {
		s.problem(w, &Problem{Status: http.StatusUnprocessableEntity, Detail: "the engine cannot place these facts",
			Errors: []FieldError{{Code: "fact", Message: err.Error()}}})
		return
	}
	if format == "text" {
		ans := report.Build(a, s.snap)
		l := report.ZH
		if lang == "en" {
			l = report.EN
		}
		var b bytes.Buffer
		report.WriteText(&b, ans, l)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Language", map[report.Lang]string{report.ZH: "zh-CN", report.EN: "en"}[l])
		w.Header().Set("Cache-Control", "no-store")
		w.Write(b.Bytes())
		return
	}
	bp := answerPool.Get().(*[]byte)
	b := s.enc.AppendAssessment((*bp)[:0], a, s.snap)
	b = append(b, '\n')
	h := w.Header()
	h["Content-Type"] = jsonType // canonical keys, shared read-only values
	h["Content-Length"] = []string{strconv.Itoa(len(b))}
	h["Cache-Control"] = noStore
	w.WriteHeader(http.StatusOK)
	w.Write(b)
	if cap(b) <= 1<<20 {
		*bp = b
		answerPool.Put(bp)
	}
}

var jsonType, noStore = []string{"application/json"}, []string{"no-store"}

// answerPool holds buffers for answers (a typical answer is 10–20 KB).
var answerPool = sync.Pool{New: func() any { b := make([]byte, 0, 32<<10); return &b }}

// plan answers POST /v1/plan through Config.Plan.
func (s *Server) plan(w http.ResponseWriter, r *http.Request) {
	c, p := s.readCase(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	setAsOf(w, c.AsOf)
	v, err := s.cfg.Plan(r.Context(), c)
	s.answer(w, r, v, err)
}

// contrib answers GET /v1/contrib through Config.Contrib.
func (s *Server) contrib(w http.ResponseWriter, r *http.Request) {
	asOf, p := s.asOfParam(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	v, err := s.cfg.Contrib(r.Context(), r.URL.Query(), asOf)
	s.answer(w, r, v, err)
}

// answer writes the result of a CaseFunc or QueryFunc.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		var p *Problem
		var es caseio.Errors
		switch {
		case errors.As(err, &p):
		case errors.As(err, &es):
			p = factProblem(es)
		default:
			s.log.Error("handler error", "route", routeOf(r), "error", err.Error())
			p = &Problem{Status: http.StatusInternalServerError, Detail: "internal error; the request was not kept"}
		}
		s.problem(w, p)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", v)
}

// readCase reads and checks the case in the body.
//
// The status rule (docs/api.md): a body that does not decode into the case
// schema (bad JSON or YAML, an unknown or duplicate field, a missing required
// field, a value of the wrong type or format, a value outside an enum) is 400
// malformed input. A body that decodes but whose facts cannot be true or
// cannot be answered (caseio's checks: overlapping ledger rows, to before from,
// a payment after as_of, an unknown region code, nothing to assess) is 422.
// When both kinds occur, every problem is listed and the status is 400.
//
// The body is UTF-8 unless the Content-Type's charset says gb18030 or gbk
// (caseio.Decode, as the CLI's --encoding; an unknown charset is 415); a
// UTF-8 byte order mark is dropped. Both the fast path and caseio.Parse read
// what caseio.Decode returns.
func (s *Server) readCase(w http.ResponseWriter, r *http.Request) (*yibao.Case, *Problem) {
	isYAML, charset := false, ""
	if ct := r.Header.Get("Content-Type"); ct != "" && ct != "application/json" {
		mt, params, err := mime.ParseMediaType(ct)
		switch {
		case err != nil:
			return nil, (&Problem{Status: http.StatusUnsupportedMediaType}).withDetail("unreadable Content-Type: %s", err.Error())
		case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		case mt == "application/yaml" || mt == "application/x-yaml" || mt == "text/yaml":
			isYAML = true
		default:
			return nil, (&Problem{Status: http.StatusUnsupportedMediaType}).withDetail("Content-Type %s: send application/json (or application/yaml)", mt)
		}
		charset = params["charset"]
		if _, ok := caseio.EncodingName(charset); !ok {
			return nil, (&Problem{Status: http.StatusUnsupportedMediaType}).withDetail(
				"charset %q is not accepted: send UTF-8 (no charset, or charset=utf-8), or charset=gb18030 or gbk", charset)
		}
	}
	buf, p := s.readBody(w, r)
	if p != nil {
		return nil, p
	}
	defer releaseBody(buf)
	src, err := caseio.Decode(buf.Bytes(), charset)
	if err != nil {
		return nil, encodingProblem(err)
	}
	if es := caseio.CheckJSONLists(src); es != nil {
		// refused before parsing: a list past its cap is never read
		p := &Problem{Status: http.StatusBadRequest}
		for _, e := range es {
			p.Errors = append(p.Errors, caseError(e, "invalid"))
		}
		setDetail(p)
		return nil, p
	}
	if !isYAML {
		if c := s.dec.decode(src); c != nil {
			return c, nil
		}
		if p := checkJSON(src); p != nil {
			return nil, p
		}
	}
	c, p := parseCase(src)
	if p != nil && p.asOf != 0 {
		setAsOf(w, p.asOf)
	}
	return c, p
}

// encodingProblem is a 400 for a body whose bytes are not in its charset.
func encodingProblem(err error) *Problem {
	p := &Problem{Status: http.StatusBadRequest, Detail: "the body is not in its charset (UTF-8 unless Content-Type says charset=gb18030 or gbk)"}
	var es caseio.Errors
	if !errors.As(err, &es) {
		es = caseio.Errors{{Line: 1, Col: 1, Msg: err.Error()}}
	}
	for _, e := range es {
		p.Errors = append(p.Errors, caseError(e, "encoding"))
	}
	return p
}

// checkJSON requires src to be one JSON object.
func checkJSON(src []byte) *Problem {
	if json.Valid(src) {
		if t := bytes.TrimLeft(src, " \t\r\n"); len(t) > 0 && t[0] == '{' {
			return nil
		}
		return &Problem{Status: http.StatusBadRequest, Detail: "the body must be one JSON object (the case)",
			Errors: []FieldError{{Code: "syntax", Message: "want a JSON object {...}", Line: 1, Column: 1}}}
	}
	err := json.Unmarshal(src, new(json.RawMessage))
	pos := strictyaml.Pos{Line: 1, Col: 1}
	var se *json.SyntaxError
	if len(bytes.TrimSpace(src)) == 0 {
		err = errors.New("the body is empty: want a JSON object (the case)")
	} else if errors.As(err, &se) {
		pos = strictyaml.JSONSyntaxPos(src, se) // the bad byte, as caseio.Parse places it
	} else if err == nil {
		err = errors.New("invalid JSON")
	}
	return &Problem{Status: http.StatusBadRequest, Detail: "the body is not valid JSON",
		Errors: []FieldError{{Code: "syntax", Message: err.Error(), Line: pos.Line, Column: pos.Col}}}
}

// parseCase runs caseio.Parse and turns its errors into a problem.
func parseCase(src []byte) (*yibao.Case, *Problem) {
	c, err := caseio.Parse(src)
	if err == nil {
		return c, nil
	}
	var es caseio.Errors
	if !errors.As(err, &es) {
		return nil, &Problem{Status: http.StatusBadRequest, Detail: err.Error(), Errors: []FieldError{{Code: "invalid", Message: err.Error()}}}
	}
	if shape := caseio.CheckShape(bytes.TrimPrefix(src, []byte("\ufeff"))); shape != nil {
		p := &Problem{Status: http.StatusBadRequest} // the input's form (too large, several documents), not its facts
		for _, e := range shape {
			p.Errors = append(p.Errors, caseError(e, "invalid"))
		}
		setDetail(p)
		return nil, p
	}
	// caseio.Parse lists decoding and fact errors together; decoding again
	// tells which are which.
	var partial yibao.Case
	_, derr := strictyaml.Decode(src, &partial)
	type at struct {
		path, msg string
		line, col int
	}
	decodeErrs := map[at]bool{}
	asOfOK := partial.AsOf != 0
	if d, ok := derr.(strictyaml.Errors); ok {
		for _, e := range d {
			decodeErrs[at{e.Path, e.Msg, e.Line, e.Col}] = true
			if e.Path == "as_of" || e.Path == "" {
				asOfOK = false
			}
		}
	}
	p := &Problem{Status: http.StatusUnprocessableEntity}
	if asOfOK {
		p.asOf = partial.AsOf // the answer would have been for this date
	}
	for _, e := range es {
		code := "fact"
		if decodeErrs[at{e.Path, e.Msg, e.Line, e.Col}] {
			code = decodeCode(e)
			p.Status = http.StatusBadRequest
		}
		p.Errors = append(p.Errors, caseError(e, code))
	}
	setDetail(p)
	return nil, p
}

// factProblem is a 422 for caseio errors returned by a CaseFunc.
func factProblem(es caseio.Errors) *Problem {
	p := &Problem{Status: http.StatusUnprocessableEntity}
	for _, e := range es {
		p.Errors = append(p.Errors, caseError(e, "fact"))
	}
	setDetail(p)
	return p
}

// setDetail says how many problems the case has, in both languages.
func setDetail(p *Problem) {
	key := "err.detail.facts"
	if p.Status == http.StatusBadRequest {
		key = "err.detail.schema"
	}
	p.Detail = report.Sprintf(report.EN, key, len(p.Errors))
	p.ZH, p.EN = report.Sprintf(report.ZH, key, len(p.Errors)), p.Detail
}

// decodeCode names the kind of a decoding error from the decoder's wording;
// an unrecognised wording is "invalid".
func decodeCode(e strictyaml.Error) string {
	m := e.Msg
	switch {
	case e.Path == "" || strings.HasPrefix(m, "YAML syntax"):
		return "syntax"
	case strings.HasPrefix(m, "unknown field"):
		return "unknown_field"
	case strings.HasPrefix(m, "required field"):
		return "required"
	case strings.Contains(m, "is already defined"):
		return "duplicate"
	case strings.Contains(m, "is not allowed: want one of"):
		return "enum"
	case strings.HasPrefix(m, "got "):
		return "type"
	}
	return "invalid"
}
