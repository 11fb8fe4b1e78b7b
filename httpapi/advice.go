package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"yibao"
	"yibao/advisor"
	"yibao/caseio"
	"yibao/engine"
	"yibao/region"
	"yibao/report"
)

// PlanFunc answers POST /v1/plan with the advisor (yibao plan --json).
func PlanFunc(eng *engine.Engine) CaseFunc {
	ad := &advisor.Advisor{Eng: eng}
	return func(_ context.Context, c *yibao.Case) (any, error) {
		p, err := ad.Plan(c)
		if err != nil {
			return nil, &Problem{Status: http.StatusUnprocessableEntity, Detail: err.Error(), Errors: []FieldError{{Code: "fact", Message: err.Error()}}}
		}
		return report.BuildPlan(p, eng.Snapshot()), nil
	}
}

// ContribFunc answers GET /v1/contrib?region=&scheme=&year=|as_of=&base=&minor=
// with the contribution calculator (yibao contrib --json). Every bad query
// field is listed at once.
func ContribFunc(eng *engine.Engine) QueryFunc {
	return func(_ context.Context, q url.Values, asOf yibao.Date) (any, error) {
		var errs []FieldError
		// each message is a catalogue err.* format, so it reads in Chinese too
		bad := func(field, code, format string, args ...any) {
			errs = append(errs, caseError(caseio.Error{Path: "query." + field, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}, code))
		}
		req := engine.ContribRequest{Date: asOf}
		notFound := false
		switch rq := q.Get("region"); {
		case rq == "":
			bad("region", "required", "give a region name (泸州) or GB/T 2260 code (510500)")
		default:
			r, err := region.Default().Resolve(rq)
			if err != nil {
				bad("region", "not_found", "%s", err.Error())
				notFound = true
			} else {
				req.Region = r.Code
			}
		}
		switch s := q.Get("scheme"); s {
		case "employee", "flexible", "resident":
			req.Scheme = yibao.Scheme(s)
		case "":
			bad("scheme", "required", "want employee, flexible or resident")
		default:
			bad("scheme", "enum", "%q: want employee, flexible or resident", s)
		}
		if y := q.Get("year"); y != "" {
			n, err := strconv.Atoi(y)
			if err != nil || n < 1990 || n > 2100 {
				bad("year", "invalid", "%q: want a year such as 2026", y)
			} else if req.Scheme == yibao.Resident {
				req.Date = yibao.DateOf(n, 1, 1)
			} else {
				req.Date = yibao.DateOf(n, 7, 1)
			}
		}
		if b := q.Get("base"); b != "" {
			f, err := yibao.ParseYuan(b)
			switch {
			case errors.Is(err, yibao.ErrTooLarge) || (err == nil && f > yibao.MaxMonthlyBaseFen):
				bad("base", "invalid", "%q yuan is beyond any plausible monthly base (at most %s yuan)", b, yibao.MaxMonthlyBaseFen.Grouped())
			case err != nil || f <= 0:
				bad("base", "invalid", "%q: want a positive amount in yuan, e.g. 7646.00", b)
			}
			req.BaseFen = f
		}
		if bs := q.Get("birth"); bs != "" {
			bd, err := yibao.ParseDate(bs)
			if err != nil {
				bad("birth", "invalid", "%[3]v", bs, "a date YYYY-MM-DD", err)
			}
			req.Birth = bd
		}
		if o := q.Get("option"); o != "" {
			if len(o) > 64 {
				bad("option", "invalid", "at most 64 bytes: the way to pay as the region names it, e.g. 单建统筹")
			}
			req.Option = o
		}
		if m := q.Get("minor"); m != "" {
			v, err := strconv.ParseBool(m)
			if err != nil {
				bad("minor", "invalid", "%q: want true or false", m)
			}
			req.Minor = v
		}
		if len(errs) > 0 {
			st := http.StatusBadRequest
			if notFound && len(errs) == 1 {
				st = http.StatusNotFound
			}
			return nil, &Problem{Status: st, Errors: errs}
		}
		res, err := eng.Contribution(req)
		if err != nil {
			return nil, &Problem{Status: http.StatusBadRequest, Errors: []FieldError{{Code: "invalid", Message: err.Error()}}}
		}
		return report.BuildContrib(res, eng.Snapshot()), nil
	}
}
