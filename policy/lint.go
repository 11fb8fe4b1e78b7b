package policy

import (
	"fmt"
	"sort"

	"yibao"
)

// Lint checks loaded data for what the loader cannot see in one file:
// values beyond national caps, review dates before the value starts,
// sources without a verification date, unused sources. Load already
// rejects uncited values, unknown units and dates out of order. A draft
// (what-if) value is an error here: drafts live only in case files.
func Lint(s *Snapshot) []LoadError {
	var out []LoadError
	capEntry := s.national.entries[EmployeeWaitingCapMonths]
	regions := append([]*Region{s.national}, s.Regions()...)
	for _, r := range regions {
		used := map[string]bool{}
		for p := Param(0); p < NumParams; p++ {
			for _, e := range r.entries[p] {
				if e.Source != nil {
					used[e.Source.ID] = true
				}
				if e.ReviewBy < e.Since {
					out = append(out, LoadError{File: e.File, Line: e.Line, Path: p.String(), Msg: fmt.Sprintf("review_by %s is before since %s", e.ReviewBy, e.Since)})
				}
				if (p == EmployeeWaitingMonths || p == FlexibleWaitingMonths) && !e.Null {
					for _, c := range capEntry {
						if c.InForce(e.Since) && e.Value.Int > c.Value.Int {
							out = append(out, LoadError{File: e.File, Line: e.Line, Path: p.String(), Msg: fmt.Sprintf("%d months exceeds the national cap of %d (%s)", e.Value.Int, c.Value.Int, c.Source.DocNo)})
						}
					}
				}
				if e.Conf == yibao.Draft {
					out = append(out, LoadError{File: e.File, Line: e.Line, Path: p.String(), Msg: "confidence draft marks a what-if rule: it belongs in a case file's draft: block, never in policy data"})
				}
				if e.Source != nil && e.Source.VerifiedOn == "" {
					out = append(out, LoadError{File: e.File, Line: e.Line, Path: p.String(), Msg: "source has no verified_on date"})
				}
				if r != s.national && !s.defs[p].Local && e.Level != yibao.National && p != EmployeeGraceMonths && p != EmployeeBackpayWithinGrace && p != SwitchMinContinuousMonths && e.Note == "" {
					out = append(out, LoadError{File: e.File, Line: e.Line, Path: p.String(), Msg: "a national rule is overridden locally: mark it local in catalogue.yaml or explain why in its note"})
				}
			}
		}
		ids := make([]string, 0, len(r.Sources))
		for id := range r.Sources {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			if !used[id] {
				out = append(out, LoadError{File: r.File, Line: 1, Msg: fmt.Sprintf("source %q is not cited by any value", id)})
			}
		}
	}
	return out
}
