package policy

import (
	"yibao"
)

// Resolved is the value of one parameter for one region on one date: the entry
// in force (nil when no level encodes it) and whether it is past review.
type Resolved struct {
	Def   *Def
	Entry *Entry // nil: not encoded anywhere along the chain
	Stale bool   // the entry's review_by is before the date asked about
}

// Level reports which level supplied the value ("" when not encoded).
func (r Resolved) Level() yibao.Level {
	if r.Entry == nil {
		return ""
	}
	return r.Entry.Level
}

// InForce resolves every catalogue parameter for region code on date d, in
// catalogue order. It is what `yibao policy show` and the HTTP parameter
// browser print.
func (s *Snapshot) InForce(code string, d yibao.Date) []Resolved {
	c := s.Chain(code)
	out := make([]Resolved, NumParams)
	for p := Param(0); p < NumParams; p++ {
		e := c.Find(p, d)
		out[p] = Resolved{Def: s.Def(p), Entry: e, Stale: e != nil && e.ReviewBy < d}
	}
	return out
}

// Coverage counts, for one region on one date, how many parameters each level
// supplies and lists the local parameters that no level encodes (Missing) or
// that only the national default supplies (NationalDefault).
type Coverage struct {
	Code            string
	Known           bool // the region (or its pooling city) has its own file
	ByLevel         map[yibao.Level]int
	NationalDefault []Param
	Missing         []Param
}

// CoverageOf computes the coverage of region code on date d.
func (s *Snapshot) CoverageOf(code string, d yibao.Date) Coverage {
	cv := Coverage{Code: code, Known: s.Chain(code).Known, ByLevel: map[yibao.Level]int{}}
	for _, r := range s.InForce(code, d) {
		switch {
		case r.Entry == nil:
			cv.Missing = append(cv.Missing, r.Def.Param)
		case r.Entry.Null:
			cv.ByLevel[r.Entry.Level]++
		default:
			cv.ByLevel[r.Entry.Level]++
			if r.Def.Local && r.Entry.Level == yibao.National {
				cv.NationalDefault = append(cv.NationalDefault, r.Def.Param)
			}
		}
	}
	return cv
}

// Stale lists every entry, at every level, whose review_by date is before d and
// that is still in force on d or has no end date, sorted by file and line.
func (s *Snapshot) Stale(d yibao.Date) []*Entry {
	var out []*Entry
	for _, r := range append([]*Region{s.national}, s.Regions()...) {
		for p := Param(0); p < NumParams; p++ {
			for _, e := range r.entries[p] {
				if e.ReviewBy < d && (!e.HasUntil || e.Until >= d) {
					out = append(out, e)
				}
			}
		}
	}
	return out
}

// Change is one parameter whose resolved value differs between two sides.
type Change struct {
	Def  *Def
	A, B *Entry // nil when not encoded on that side
}

// Diff compares two resolutions (two regions, or one region at two dates) and
// returns the parameters whose value, level or source differ.
func Diff(a, b []Resolved) []Change {
	var out []Change
	for i := range a {
		ea, eb := a[i].Entry, b[i].Entry
		if same(ea, eb) {
			continue
		}
		out = append(out, Change{Def: a[i].Def, A: ea, B: eb})
	}
	return out
}

func same(a, b *Entry) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || (a.Raw == b.Raw && a.Null == b.Null && a.Level == b.Level && a.Source == b.Source)
}
