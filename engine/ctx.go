package engine

import (
	"yibao"
	"yibao/policy"
)

// ctx is the only way rules read parameters: every read is recorded with the
// value, the level that supplied it and its citation, and missing or weak
// values raise warnings.
type ctx struct {
	snap   *policy.Snapshot
	chain  *policy.Chain
	asOf   yibao.Date
	a      *Assessment
	warned [policy.NumParams]uint8 // bit per warning code already given for the parameter
	refs   []int                   // backing store for every Reason.Params
	choice string                  // the alternative the person chose (e.g. 单建统筹), for values with options
	chose  bool                    // a value offered the chosen alternative
	birth  yibao.Date              // the person's birth date, 0 unknown: picks an age group
	at     [policy.NumParams]int32 // 1 + the index in a.Params of the parameter's latest entry used, 0 none (then no entry of it is in a.Params)
}

// ageOn returns the age in whole years on d of a person born on b.
func ageOn(b, d yibao.Date) int {
	by, bm, bd := b.Civil()
	y, m, dd := d.Civil()
	age := y - by
	if m < bm || m == bm && dd < bd {
		age--
	}
	return age
}

// checkChoice says so when the person chose an alternative no value read
// offers (a name the region does not use).
func (c *ctx) checkChoice() {
	if c.choice != "" && !c.chose {
		c.warn("option_not_offered", c.choice)
	}
}

// look is the result of a parameter read. It points at the value in the
// policy data (never copies it: a read is on every path of an assessment).
type look struct {
	val  *policy.Value // the value in force (the chosen option's, for values with options); nil when none
	all  *policy.Value // the entry's value, whose Options are the alternatives; nil when none
	n    int64         // val.Int, or what the formula gave
	ok   bool          // a value is in force
	null bool          // explicitly not applicable here
	ref  int           // index into Assessment.Params, or -1

	option  *policy.Option // the alternative used, when the value has options
	chosen  bool           // the person chose it, or their age decided it (else it is the default)
	byAge   int            // the age that picked the option, 0 if none did
	formula *policy.Formula
	of      look0 // the value the formula read
}

// look0 is the read a formula made (no recursion: a formula's operand is a
// plain value).
type look0 struct {
	fen  yibao.Fen
	year int
	ref  int
}

func (c *ctx) get(p policy.Param, d yibao.Date) (l look) {
	e := c.chain.Find(p, d)
	if e == nil {
		c.warnOnce(p, "not_encoded", d)
		l.ref = -1
		return l
	}
	l.ref = c.use(e)
	if e.Null {
		l.null = true
		return l
	}
	l.val, l.all, l.n, l.ok = &e.Value, &e.Value, e.Value.Int, true
	if len(e.Value.Options) > 0 {
		o, chosen := e.Value.Choose(c.choice)
		if !chosen && c.birth != 0 {
			// no group named: the person's age picks one where the region
			// sets standards by age (上海 2026 by age group)
			if ao, ok := e.Value.ForAge(ageOn(c.birth, d)); ok {
				o, l.byAge = ao, ageOn(c.birth, d)
				chosen = e.Value.AllByAge()
			}
		}
		l.val, l.n, l.option, l.chosen = &o.Value, o.Value.Int, o, chosen
		c.chose = c.chose || chosen && c.choice != ""
	}
	if f := e.Value.Formula; f != nil {
		l.formula = f
		y := f.Year(d)
		of := c.chain.Find(f.Of, yibao.DateOf(y, 1, 1))
		if of == nil || of.Null || of.Value.Formula != nil {
			// the figure the formula needs is not encoded: say which, for which year
			c.warnOnce(f.Of, "not_encoded", yibao.DateOf(y, 1, 1))
			return look{ref: l.ref, formula: f, of: look0{year: y, ref: -1}}
		}
		v, err := f.Apply(yibao.Fen(of.Value.Int))
		if err != nil {
			return look{ref: l.ref, formula: f, of: look0{year: y, ref: -1}}
		}
		l.n = int64(v)
		l.of = look0{fen: yibao.Fen(of.Value.Int), year: y, ref: c.use(of)}
	}
	return l
}

func (c *ctx) use(e *policy.Entry) int {
	if k := int(c.at[e.Param]) - 1; k >= 0 {
		if k < len(c.a.Params) && c.a.Params[k].entry == e {
			return k
		}
		// another entry of the parameter was used last: this one may be earlier
		for i := range c.a.Params {
			if c.a.Params[i].entry == e {
				return i
			}
		}
	}
	def := c.snap.Def(e.Param)
	c.a.Params = append(c.a.Params, ParamUse{def: def, entry: e})
	c.at[e.Param] = int32(len(c.a.Params))
	if def.Local && e.Level == yibao.National {
		c.warnOnce(e.Param, "local_not_encoded", 0)
	}
	if e.Conf.Low() {
		c.warnOnce(e.Param, "low_confidence", 0)
	}
	if c.asOf > e.ReviewBy && (!e.HasUntil || e.Until >= c.asOf) {
		c.a.Warnings = append(c.a.Warnings, Warning{Code: "review_overdue", Param: def.ID, Date: e.ReviewBy})
	}
	return len(c.a.Params) - 1
}

// warnBit is the bit of ctx.warned that records a warning code for a
// parameter (0 for a code not kept once per parameter).
func warnBit(code string) uint8 {
	switch code {
	case "not_encoded":
		return 1
	case "local_not_encoded":
		return 2
	case "low_confidence":
		return 4
	}
	return 0
}

func (c *ctx) warnOnce(p policy.Param, code string, d yibao.Date) {
	bit := warnBit(code)
	if c.warned[p]&bit != 0 {
		return
	}
	c.warned[p] |= bit
	c.a.Warnings = append(c.a.Warnings, Warning{Code: code, Param: p.String(), Date: d})
}

func (c *ctx) warn(code, text string) {
	for _, w := range c.a.Warnings {
		if w.Code == code && w.Text == text {
			return
		}
	}
	c.a.Warnings = append(c.a.Warnings, Warning{Code: code, Text: text})
}

// because records a reason using the given parameter reads.
func (c *ctx) because(code string, args Args, used ...look) {
	start := len(c.refs)
	for i := range used {
		if ref := used[i].ref; ref >= 0 {
			c.refs = append(c.refs, ref)
		}
	}
	c.a.Reasons = append(c.a.Reasons, Reason{Code: code, Args: args})
	if len(c.refs) > start {
		c.a.Reasons[len(c.a.Reasons)-1].Params = c.refs[start:len(c.refs):len(c.refs)]
	}
}

func (l look) int() int         { return int(l.n) }
func (l look) bool() bool       { return l.ok && l.n != 0 }
func (l look) fen() yibao.Fen   { return yibao.Fen(l.n) }
func (l look) rate() yibao.Rate { return yibao.Rate(l.n) }

func (l look) str() string {
	if l.val == nil {
		return ""
	}
	return l.val.Str
}

// options are the alternatives of the value read (nil when it has none).
func (l look) options() []policy.Option {
	if l.all == nil {
		return nil
	}
	return l.all.Options
}

// round is the rounding rule read (zero when none is in force).
func (l look) round() yibao.Rounding {
	if l.val == nil {
		return yibao.Rounding{}
	}
	return l.val.Round
}

// tierFor is the month_tiers row for a lapse of n months.
func (l look) tierFor(n int) (int, bool) {
	if l.val == nil {
		return 0, false
	}
	return l.val.TierFor(n)
}
