package engine

import "yibao"

// LooksProbe exposes looks to the external tests.
type LooksProbe struct{ l looks }

// Add records a read with ref i.
func (p *LooksProbe) Add(i int) { p.l.add(look{ref: i}) }

// Count is how many reads all returns.
func (p *LooksProbe) Count() int { return len(p.l.all()) }

// NewFullSims returns an engine whose quote simulations never resume from
// the base walk (for the equivalence test), and which checks each shortcut
// (run-by-run counts) against its month-by-month definition.
func NewFullSims(e *Engine) *Engine { return &Engine{snap: e.snap, fullSims: true, checks: true} }

// LastDay exposes lastDay to the external tests.
func LastDay(m yibao.Month) yibao.Date { return lastDay(m) }

// SameFrom exposes sameFrom to the external tests.
func SameFrom(b []byte, i int) int { return sameFrom(b, i) }
