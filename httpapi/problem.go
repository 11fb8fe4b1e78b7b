package httpapi

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"yibao"
	"yibao/caseio"
	"yibao/report"
)

// Problem is an RFC 9457 problem detail. It is also an error, so a CaseFunc
// or QueryFunc can return one to choose the status.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// DetailZH is the detail in Chinese, for problems a person may see
	// without a client to explain them (503: overloaded, deadline).
	DetailZH string       `json:"detail_zh,omitempty"`
	Errors   []FieldError `json:"errors"` // every problem found, never null
	// ZH and EN say what went wrong for a reader, from the message
	// catalogue (report/messages.go); each of Errors has its own.
	ZH string `json:"zh"`
	EN string `json:"en"`

	EngineVersion  string `json:"engine_version"`
	PolicySnapshot string `json:"policy_snapshot"`
	AsOf           string `json:"as_of"`

	asOf yibao.Date // the case's as_of, when it could be read
	// detailFormat and detailArgs are what Detail was written from, when it
	// was (withDetail): the catalogue's err.* entry gives its Chinese
	detailFormat string
	detailArgs   []any
}

// withDetail sets Detail from a catalogue err.* format, so the problem's zh
// reads in Chinese.
func (p *Problem) withDetail(format string, args ...any) *Problem {
	p.Detail, p.detailFormat, p.detailArgs = fmt.Sprintf(format, args...), format, args
	return p
}

// FieldError is one problem with the request.
type FieldError struct {
	Path    string `json:"path"`             // e.g. ledger[1].to, query.as_of, path.code; "" for the whole body
	Code    string `json:"code"`             // stable: syntax, unknown_field, required, enum, type, fact, invalid, not_found
	Message string `json:"message"`          // English, for people
	Line    int    `json:"line,omitempty"`   // in the body, when known
	Column  int    `json:"column,omitempty"` // in the body, when known
	// ZH and EN are the problem for a reader: where, then what (第1行缴费记录的截止月：2025-01 早于起始月 2026-05);
	// FieldZH names the field alone (第1行缴费记录的截止月), for a page that places the message by it
	ZH      string `json:"zh"`
	EN      string `json:"en"`
	FieldZH string `json:"field_zh,omitempty"`
}

// caseError is a FieldError for an error of a case (caseio, the decoder) or
// of a request, with its texts in both languages.
func caseError(e caseio.Error, code string) FieldError {
	return FieldError{Path: e.Path, Code: code, Message: e.Msg, Line: e.Line, Column: e.Col,
		ZH: report.ErrorText(e, report.ZH), EN: report.ErrorText(e, report.EN), FieldZH: report.FieldName(e.Path, report.ZH)}
}

func (p *Problem) Error() string {
	var b strings.Builder
	b.WriteString(http.StatusText(p.Status))
	if p.Detail != "" {
		b.WriteString(": " + p.Detail)
	}
	for _, e := range p.Errors {
		b.WriteString("; " + e.Path + ": " + e.Message)
	}
	return b.String()
}

// Problem types. They are URNs: names, not pages to fetch; docs/api.md lists them.
var problemTypes = map[int]string{
	http.StatusBadRequest:            "urn:yibao:problem:malformed-input",
	http.StatusNotFound:              "urn:yibao:problem:not-found",
	http.StatusMethodNotAllowed:      "urn:yibao:problem:method-not-allowed",
	http.StatusRequestEntityTooLarge: "urn:yibao:problem:body-too-large",
	http.StatusUnsupportedMediaType:  "urn:yibao:problem:unsupported-media-type",
	http.StatusUnprocessableEntity:   "urn:yibao:problem:impossible-facts",
	http.StatusInternalServerError:   "urn:yibao:problem:internal",
	http.StatusNotImplemented:        "urn:yibao:problem:not-implemented",
	http.StatusServiceUnavailable:    TypeOverloaded,
}

// problem writes p as application/problem+json, filling in its type, title
// and the version fields. The as-of date is the one already in the header.
func (s *Server) problem(w http.ResponseWriter, p *Problem) {
	if p.Type == "" {
		p.Type = problemTypes[p.Status]
		if p.Type == "" {
			p.Type = "about:blank"
		}
	}
	if p.Title == "" {
		p.Title = http.StatusText(p.Status)
	}
	if p.Errors == nil {
		p.Errors = []FieldError{}
	}
	// a message may quote what was sent (a query value, a path segment):
	// bounded, so an answer is never a copy of a huge request line
	p.Detail = clip(p.Detail)
	for i := range p.Errors {
		e := &p.Errors[i]
		e.Message = clip(e.Message)
		if e.ZH == "" { // a message written without a format: the catalogue may still know it
			*e = caseError(caseio.Error{Path: e.Path, Line: e.Line, Col: e.Column, Msg: e.Message, Format: e.Message}, e.Code)
		}
		e.ZH, e.EN = clip(e.ZH), clip(e.EN)
	}
	if p.EN == "" {
		p.EN = p.Title
		if p.Detail != "" {
			p.EN = p.Detail
		}
	}
	if p.ZH == "" {
		switch {
		case p.DetailZH != "":
			p.ZH = p.DetailZH
		case p.detailFormat != "":
			p.ZH = report.ErrorMessage(caseio.Error{Msg: p.Detail, Format: p.detailFormat, Args: p.detailArgs}, report.ZH)
		case p.Detail != "":
			p.ZH = report.ErrorMessage(caseio.Error{Msg: p.Detail, Format: p.Detail}, report.ZH)
		case len(p.Errors) == 1:
			p.ZH = p.Errors[0].ZH
		default:
			p.ZH = report.Msg("err.status."+strconv.Itoa(p.Status), report.ZH)
		}
	}
	p.ZH, p.EN = clip(p.ZH), clip(p.EN)
	p.EngineVersion = report.Version
	p.PolicySnapshot = s.snap.Hash
	p.AsOf = w.Header().Get(HeaderAsOf)
	if p.AsOf == "" {
		p.AsOf = s.today().String()
		setAsOf(w, s.today())
	}
	writeJSON(w, p.Status, "application/problem+json", p)
}

// maxMessage bounds the detail and each message of a problem, in bytes.
const maxMessage = 512

func clip(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	return strings.ToValidUTF8(s[:maxMessage], "") + "…"
}

// badQuery is a 400 problem for one query or path parameter.
func badQuery(path, code, msg string) *Problem {
	return &Problem{Status: http.StatusBadRequest, Detail: msg, Errors: []FieldError{{Path: path, Code: code, Message: msg}}}
}

// badQueryf is badQuery with a message from the catalogue's err.* formats,
// so it reads in Chinese too.
func badQueryf(path, code, format string, args ...any) *Problem {
	e := caseio.Error{Path: path, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
	fe := caseError(e, code)
	return &Problem{Status: http.StatusBadRequest, Detail: e.Msg, ZH: fe.ZH, EN: fe.EN, Errors: []FieldError{fe}}
}

// asOfParam reads the optional as_of query parameter (default: today; an
// empty as_of= is an error, not today).
func (s *Server) asOfParam(w http.ResponseWriter, r *http.Request) (yibao.Date, *Problem) {
	q := r.URL.Query()
	v := q.Get("as_of")
	if v == "" && !q.Has("as_of") {
		return s.today(), nil
	}
	d, err := yibao.ParseDate(v)
	if err != nil {
		return 0, badQuery("query.as_of", "type", err.Error())
	}
	setAsOf(w, d)
	return d, nil
}
