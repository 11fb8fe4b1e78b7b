package httpapi

import (
	"net/http"
	"strings"

	"yibao"
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

	EngineVersion  string `json:"engine_version"`
	PolicySnapshot string `json:"policy_snapshot"`
	AsOf           string `json:"as_of"`

	asOf yibao.Date // the case's as_of, when it could be read
}

// FieldError is one problem with the request.
type FieldError struct {
	Path    string `json:"path"`             // e.g. ledger[1].to, query.as_of, path.code; "" for the whole body
	Code    string `json:"code"`             // stable: syntax, unknown_field, required, enum, type, fact, invalid, not_found
	Message string `json:"message"`          // English, for people
	Line    int    `json:"line,omitempty"`   // in the body, when known
	Column  int    `json:"column,omitempty"` // in the body, when known
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
		p.Errors[i].Message = clip(p.Errors[i].Message)
	}
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
const maxMessage = 1024

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

// asOfParam reads the optional as_of query parameter (default: today).
func (s *Server) asOfParam(w http.ResponseWriter, r *http.Request) (yibao.Date, *Problem) {
	v := r.URL.Query().Get("as_of")
	if v == "" {
		return s.today(), nil
	}
	d, err := yibao.ParseDate(v)
	if err != nil {
		return 0, badQuery("query.as_of", "type", err.Error())
	}
	setAsOf(w, d)
	return d, nil
}
