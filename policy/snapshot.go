package policy

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"go.yaml.in/yaml/v3"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"testing/fstest"

	"yibao"
	"yibao/internal/strictyaml"
)

//go:embed data
var embedded embed.FS

// Value is a typed parameter value.
type Value struct {
	Int  int64      // month, day, year counts; fen for yuan; ppm for rate; 0/1 for bool
	Str  string     // enum value
	From yibao.Date // date_range start
	To   yibao.Date // date_range end (inclusive)
	// FromMonthOnly: the source gives the start month but no day
	// (陕西 2026: 「2025年10月至12月25日」); From is that month's first day
	FromMonthOnly bool
	Round         yibao.Rounding
	Tiers         []Tier // month_tiers, in order, not overlapping

	Options []Option // named alternatives; the scalar fields above hold the default's value
	Formula *Formula // a share of another parameter's value; the scalar fields are unset
}

// RangeText is a date_range as the source gives it: "2025-10～2025-12-25"
// when the start day is not published.
func (v Value) RangeText() string {
	if v.FromMonthOnly {
		return v.From.Month().String() + "～" + v.To.String()
	}
	return v.From.String() + "～" + v.To.String()
}

// Tier is one row of a month_tiers table: lapses of From..To months (To 0 =
// no upper bound) give Value months.
type Tier struct {
	From, To int
	Value    int
}

// TierFor returns the value of the tier containing n.
func (v Value) TierFor(n int) (int, bool) {
	for _, t := range v.Tiers {
		if n >= t.From && (t.To == 0 || n <= t.To) {
			return t.Value, true
		}
	}
	return 0, false
}

// parseTiers reads "4-6: 1, 7-: 6": ranges in increasing order, not overlapping.
func parseTiers(s string) ([]Tier, string) {
	var out []Tier
	bad := func(part, why string) ([]Tier, string) {
		return nil, fmt.Sprintf("%q: %s; want FROM-TO: MONTHS, comma-separated in increasing order, the last range may be open, e.g. \"4-6: 1, 7-: 6\"", part, why)
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		rng, val, ok := strings.Cut(part, ":")
		lo, hi, ok2 := strings.Cut(strings.TrimSpace(rng), "-")
		if !ok || !ok2 {
			return bad(part, "not a range with a value")
		}
		var t Tier
		var err error
		if t.From, err = strconv.Atoi(strings.TrimSpace(lo)); err != nil || t.From < 0 {
			return bad(part, "the range must start with a whole number")
		}
		if h := strings.TrimSpace(hi); h != "" {
			if t.To, err = strconv.Atoi(h); err != nil || t.To < t.From || t.To == 0 {
				return bad(part, "the range must end with a whole number not below its start")
			}
		}
		if t.Value, err = strconv.Atoi(strings.TrimSpace(val)); err != nil || t.Value < 0 {
			return bad(part, "the value must be a whole number of months")
		}
		if n := len(out); n > 0 && (out[n-1].To == 0 || t.From <= out[n-1].To) {
			return bad(part, "ranges overlap or are out of order")
		}
		out = append(out, t)
	}
	return out, ""
}

// Def describes a parameter (from the catalogue).
type Def struct {
	Param            Param
	ID               string
	Unit             Unit
	Values           []string
	Local            bool // set locally; a national value is only a default
	LabelZH, LabelEN string
	Doc              string
}

// Entry is one dated value of a parameter at one region.
type Entry struct {
	Param    Param
	Since    yibao.Date
	Until    yibao.Date // inclusive; valid only if HasUntil
	HasUntil bool
	Null     bool // not applicable here
	Value    Value
	Raw      string // the value as written, for display
	Region   string
	Level    yibao.Level
	Source   *yibao.Citation
	Article  string
	Conf     yibao.Confidence
	ReviewBy yibao.Date
	Note     string
	File     string
	Line     int
}

// InForce reports whether e applies on date d.
func (e *Entry) InForce(d yibao.Date) bool {
	return d >= e.Since && (!e.HasUntil || d <= e.Until)
}

// Region is the data of one region file.
type Region struct {
	Code     string
	NameZH   string
	NameEN   string
	Level    yibao.Level
	AreaCode string
	File     string
	Sources  map[string]*yibao.Citation
	entries  [NumParams][]*Entry
}

// Chain is the resolved lookup order for a region code: the region itself if
// encoded, its province if encoded, then national.
type Chain struct {
	Code    string    // the code asked for
	Known   bool      // the code itself (or its pooling city) has a region file
	Levels  []*Region // most specific first; the last is national
	entries [NumParams][]*Entry
}

// Snapshot is an immutable, loaded policy database.
type Snapshot struct {
	Hash     string // sha256 of every data file, in path order
	defs     [NumParams]Def
	national *Region
	regions  map[string]*Region
	chains   map[string]*Chain
}

// Load loads and validates the embedded policy data.
func Load() (*Snapshot, error) {
	sub, _ := fs.Sub(embedded, "data")
	return LoadFS(sub)
}

// WithRegions loads the policy data of base (nil: the embedded data) with
// each region file of regions (code → file text) in place of the file of
// its code: a what-if (an analyst case file's draft:) or a test fixture.
func WithRegions(base fs.FS, regions map[string][]byte) (*Snapshot, error) {
	if base == nil {
		base = Data()
	}
	m := fstest.MapFS{}
	err := fs.WalkDir(base, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(base, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		return nil, err
	}
	for code, b := range regions {
		m["regions/"+code+".yaml"] = &fstest.MapFile{Data: b}
	}
	return LoadFS(m)
}

// LoadFS loads policy data from fsys (catalogue.yaml, national.yaml, regions/*.yaml).
// Every problem in every file is reported, as "file:line:col: path: message".
func LoadFS(fsys fs.FS) (*Snapshot, error) {
	var errs LoadErrors
	s := &Snapshot{regions: map[string]*Region{}, chains: map[string]*Chain{}}
	h := sha256.New()

	files := []string{"catalogue.yaml", "national.yaml"}
	regionFiles, _ := fs.Glob(fsys, "regions/*.yaml")
	sort.Strings(regionFiles)
	files = append(files, regionFiles...)
	raw := map[string][]byte{}
	for _, f := range files {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			errs = append(errs, LoadError{File: f, Msg: err.Error()})
			continue
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
		raw[f] = b
	}
	if len(errs) > 0 {
		return nil, errs
	}
	s.Hash = "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]

	errs = append(errs, s.loadCatalogue(raw["catalogue.yaml"])...)
	if len(errs) > 0 {
		return nil, errs
	}
	nat, e := s.loadRegion("national.yaml", raw["national.yaml"])
	errs = append(errs, e...)
	s.national = nat
	for _, f := range regionFiles {
		r, e := s.loadRegion(f, raw[f])
		errs = append(errs, e...)
		if r == nil {
			continue
		}
		if want := strings.TrimSuffix(path.Base(f), ".yaml"); r.Code != want {
			errs = append(errs, LoadError{File: f, Line: 1, Msg: fmt.Sprintf("region %q does not match the file name %s.yaml", r.Code, want)})
		}
		if _, dup := s.regions[r.Code]; dup {
			errs = append(errs, LoadError{File: f, Line: 1, Msg: fmt.Sprintf("region %s is defined twice", r.Code)})
		}
		s.regions[r.Code] = r
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool {
			a, b := errs[i], errs[j]
			if a.File != b.File {
				return a.File < b.File
			}
			return a.Line < b.Line || (a.Line == b.Line && a.Col < b.Col)
		})
		return nil, errs
	}
	for code := range s.regions {
		s.chains[code] = s.buildChain(code)
	}
	s.chains["000000"] = s.buildChain("000000")
	return s, nil
}

// LoadError is a problem in a policy file.
type LoadError struct {
	File      string
	Line, Col int
	Path      string
	Msg       string
}

func (e LoadError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d:%d", e.File, e.Line, e.Col)
	}
	if e.Path != "" {
		return fmt.Sprintf("%s: %s: %s", loc, e.Path, e.Msg)
	}
	return loc + ": " + e.Msg
}

// LoadErrors is every problem found while loading.
type LoadErrors []LoadError

func (es LoadErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

func fromStrict(file string, err error) LoadErrors {
	if err == nil {
		return nil
	}
	var out LoadErrors
	if es, ok := err.(strictyaml.Errors); ok {
		for _, e := range es {
			out = append(out, LoadError{File: file, Line: e.Line, Col: e.Col, Path: e.Path, Msg: e.Msg})
		}
		return out
	}
	return LoadErrors{{File: file, Msg: err.Error()}}
}

func (s *Snapshot) loadCatalogue(b []byte) LoadErrors {
	const file = "catalogue.yaml"
	var c catalogueFile
	pos, err := strictyaml.Decode(b, &c)
	errs := fromStrict(file, err)
	if err != nil {
		return errs
	}
	at := func(p, format string, args ...any) {
		e := pos.At(p, format, args...)
		errs = append(errs, LoadError{File: file, Line: e.Line, Col: e.Col, Path: e.Path, Msg: e.Msg})
	}
	for id, d := range c.Params {
		p, ok := ParamByID(id)
		if !ok {
			at("params."+id, "parameter %q is not known to the engine (policy/params.go)", id)
			continue
		}
		if !validUnit(d.Unit) {
			at("params."+id+".unit", "unknown unit %q; want one of %v", d.Unit, units)
		}
		if (d.Unit == UnitEnum) != (len(d.Values) > 0) {
			at("params."+id+".values", "values are required for unit enum and only for it")
		}
		s.defs[p] = Def{Param: p, ID: id, Unit: d.Unit, Values: d.Values, Local: d.Local, LabelZH: d.Label.ZH, LabelEN: d.Label.EN, Doc: d.Doc}
	}
	for i := Param(0); i < NumParams; i++ {
		if s.defs[i].ID == "" {
			errs = append(errs, LoadError{File: file, Line: 1, Msg: fmt.Sprintf("parameter %q is used by the engine but missing from the catalogue", i)})
		}
	}
	return errs
}

func validUnit(u Unit) bool {
	for _, x := range units {
		if x == u {
			return true
		}
	}
	return false
}

func (s *Snapshot) loadRegion(file string, b []byte) (*Region, LoadErrors) {
	var rf regionFile
	pos, err := strictyaml.Decode(b, &rf)
	errs := fromStrict(file, err)
	if err != nil {
		return nil, errs
	}
	at := func(p, format string, args ...any) {
		e := pos.At(p, format, args...)
		errs = append(errs, LoadError{File: file, Line: e.Line, Col: e.Col, Path: e.Path, Msg: e.Msg})
	}
	r := &Region{Code: rf.Region, NameZH: rf.Name.ZH, NameEN: rf.Name.EN, Level: yibao.Level(rf.Level), AreaCode: rf.AreaCode, File: file, Sources: map[string]*yibao.Citation{}}
	switch {
	case file == "national.yaml":
		if rf.Region != "000000" || r.Level != yibao.National {
			at("region", "national.yaml must have region \"000000\" and level national")
		}
	case len(rf.Region) != 6 || !isDigits(rf.Region) || rf.Region == "000000":
		at("region", "%q is not a GB/T 2260 six-digit region code", rf.Region)
	case r.Level == yibao.Province && !strings.HasSuffix(rf.Region, "0000"):
		at("level", "a province-level region code ends in 0000, got %s", rf.Region)
	case r.Level == yibao.City && (strings.HasSuffix(rf.Region, "0000") || !strings.HasSuffix(rf.Region, "00")):
		at("level", "a city-level (prefecture) region code ends in 00 but not 0000, got %s", rf.Region)
	case r.Level != yibao.Province && r.Level != yibao.City:
		at("level", "%q: want province or city", rf.Level)
	}
	for i, src := range rf.Sources {
		p := fmt.Sprintf("sources[%d]", i)
		conf, err := yibao.ParseConfidence(src.Confidence)
		if err != nil {
			at(p+".confidence", "%v", err)
		}
		if src.DocNo == "" && src.URL == "" && src.SeenVia == "" {
			at(p, "source %q has no doc_no, url or seen_via: cite where it can be read", src.ID)
		}
		if src.DocNo != "" && !validDocNo(src.DocNo) {
			at(p+".doc_no", "%q is not a 文号 in GB/T 9704 form (机关代字〔年份〕序号号), e.g. 国办发〔2024〕38号", src.DocNo)
		}
		if src.URL != "" && !strings.HasPrefix(src.URL, "https://") && !strings.HasPrefix(src.URL, "http://") {
			at(p+".url", "%q is not an http(s) URL", src.URL)
		}
		for _, d := range []struct{ name, v string }{{"published", src.Published}, {"verified_on", src.VerifiedOn}} {
			if d.v != "" {
				if _, err := yibao.ParseDate(d.v); err != nil {
					at(p+"."+d.name, "%v", err)
				}
			}
		}
		if _, dup := r.Sources[src.ID]; dup || src.ID == "" {
			at(p+".id", "source id %q is empty or used twice", src.ID)
		}
		r.Sources[src.ID] = &yibao.Citation{ID: src.ID, Title: src.Title, DocNo: src.DocNo, Issuer: src.Issuer, URL: src.URL, Published: src.Published, Confidence: conf, VerifiedOn: src.VerifiedOn, SeenVia: src.SeenVia}
	}
	ids := make([]string, 0, len(rf.Params))
	for id := range rf.Params {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		pp := "params." + id
		p, ok := ParamByID(id)
		if !ok {
			at(pp, "unknown parameter %q (see catalogue.yaml)", id)
			continue
		}
		def := s.defs[p]
		var prev *Entry
		for i, vf := range rf.Params[id] {
			vp := fmt.Sprintf("%s[%d]", pp, i)
			e := &Entry{Param: p, Region: r.Code, Level: r.Level, Article: vf.Article, Note: vf.Note, File: file, Line: pos[vp].Line}
			var err error
			if e.Since, err = yibao.ParseDate(vf.Since); err != nil {
				at(vp+".since", "%v", err)
			}
			if vf.Until != "" {
				e.HasUntil = true
				if e.Until, err = yibao.ParseDate(vf.Until); err != nil {
					at(vp+".until", "%v", err)
				} else if e.Until < e.Since {
					at(vp+".until", "until %s is before since %s", vf.Until, vf.Since)
				}
			}
			if e.ReviewBy, err = yibao.ParseDate(vf.ReviewBy); err != nil {
				at(vp+".review_by", "%v", err)
			}
			src, ok := r.Sources[vf.Source]
			if !ok {
				at(vp+".source", "source %q is not defined in this file's sources", vf.Source)
			}
			e.Source = src
			if src != nil {
				e.Conf = src.Confidence
			}
			if vf.Confidence != "" {
				if e.Conf, err = yibao.ParseConfidence(vf.Confidence); err != nil {
					at(vp+".confidence", "%v", err)
				}
			}
			if prev != nil && e.Since <= prev.Since {
				at(vp+".since", "dates must increase: %s is not after the previous since %s", vf.Since, prev.Since.String())
			}
			if prev != nil && prev.HasUntil && prev.Until >= e.Since {
				at(vp+".since", "overlaps the previous value, in force until %s", prev.Until.String())
			}
			if msg := parseValue(def, &vf.Value, e); msg != "" {
				at(vp+".value", "%s", msg)
			}
			if f := e.Value.Formula; f != nil {
				of := s.defs[f.Of]
				if of.Unit != UnitYuan {
					at(vp+".value", "of: %s has unit %s; a formula reads a yuan value", of.ID, of.Unit)
				}
				e.Raw = f.Text(of.LabelZH)
			}
			if msg := checkAmount(p, e); msg != "" {
				at(vp+".value", "%s", msg)
			}
			r.entries[p] = append(r.entries[p], e)
			prev = e
		}
	}
	for _, c := range amountClashes(r) {
		at(fmt.Sprintf("params.%s[%d].since", c.p, c.i), "%s", c.msg)
	}
	return r, errs
}

// checkAmount checks a published flexible total (flexible.amount_yearly): a
// figure above zero, never a formula.
func checkAmount(p Param, e *Entry) string {
	if p != FlexibleAmountYearly || e.Null {
		return ""
	}
	if e.Value.Formula != nil {
		return "a published total is a figure as the source prints it, not a formula: want a yuan amount such as \"5365.32\""
	}
	if len(e.Value.Options) == 0 && e.Value.Int <= 0 {
		return fmt.Sprintf("%q: a published total must be above 0 (write null where the region has none)", e.Raw)
	}
	for i, o := range e.Value.Options {
		if o.Value.Int <= 0 {
			return fmt.Sprintf("options[%d].value: %q: a published total must be above 0", i, o.Raw)
		}
	}
	return ""
}

type clash struct {
	p   Param
	i   int
	msg string
}

// amountClashes finds, within one region file, a published flexible total in
// force on the same dates as the file's own flexible.rate: the calculator
// would have two prices for one month, so the file must give one.
func amountClashes(r *Region) []clash {
	var out []clash
	for i, e := range r.entries[FlexibleAmountYearly] {
		if e.Null {
			continue
		}
		for _, o := range r.entries[FlexibleRate] {
			if !o.Null && overlaps(e, o) {
				out = append(out, clash{FlexibleAmountYearly, i, fmt.Sprintf("in force on the same dates as %s (line %d, since %s): this file prices rate × base for these dates; encode a published total only where no rate is published (quote the total in the rate's note)", FlexibleRate, o.Line, o.Since)})
			}
		}
	}
	return out
}

// overlaps reports whether two entries are in force on a common day.
func overlaps(a, b *Entry) bool {
	return (!b.HasUntil || a.Since <= b.Until) && (!a.HasUntil || b.Since <= a.Until)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// validDocNo checks the shape 代字〔YYYY〕N号.
func validDocNo(s string) bool {
	i := strings.Index(s, "〔")
	j := strings.Index(s, "〕")
	if i <= 0 || j != i+len("〔")+4 || !isDigits(s[i+len("〔"):j]) {
		return false
	}
	rest := s[j+len("〕"):]
	num, ok := strings.CutSuffix(rest, "号")
	return ok && isDigits(num) && num[0] != '0'
}

func parseValue(def Def, n *yamlNode, e *Entry) string {
	if n.Tag == "!!null" {
		e.Null = true
		e.Raw = "null"
		return ""
	}
	if def.Unit != UnitDateRange && n.Kind == yaml.MappingNode {
		return parseShape(def, n, e)
	}
	if def.Unit != UnitDateRange && n.Kind != scalarKind {
		return fmt.Sprintf("want a single value for unit %s", def.Unit)
	}
	e.Raw = n.Value
	switch def.Unit {
	case UnitMonth, UnitDay, UnitYear:
		if n.Tag != "!!int" {
			return fmt.Sprintf("%q: want a whole number of %ss", n.Value, def.Unit)
		}
		var v int64
		fmt.Sscan(n.Value, &v)
		if v < 0 {
			return fmt.Sprintf("%q: must not be negative", n.Value)
		}
		e.Value.Int = v
	case UnitYuan:
		f, err := yibao.ParseYuan(n.Value)
		if err != nil {
			return err.Error()
		}
		e.Value.Int = int64(f)
	case UnitRate:
		r, err := yibao.ParseRate(n.Value)
		if err != nil {
			return err.Error()
		}
		e.Value.Int = int64(r)
	case UnitBool:
		if n.Value != "true" && n.Value != "false" {
			return fmt.Sprintf("%q: want true or false", n.Value)
		}
		if n.Value == "true" {
			e.Value.Int = 1
		}
	case UnitEnum:
		for _, v := range def.Values {
			if v == n.Value {
				e.Value.Str = v
				return ""
			}
		}
		return fmt.Sprintf("%q: want one of %s", n.Value, strings.Join(def.Values, ", "))
	case UnitText:
		if n.Tag != "!!str" || strings.TrimSpace(n.Value) == "" {
			return fmt.Sprintf("%q: want a non-empty text", n.Value)
		}
		e.Value.Str = n.Value
	case UnitTiers:
		t, msg := parseTiers(n.Value)
		if msg != "" {
			return msg
		}
		e.Value.Tiers = t
	case UnitRounding:
		r, err := yibao.ParseRounding(n.Value)
		if err != nil {
			return err.Error()
		}
		e.Value.Round = r
	case UnitDateRange:
		var dr dateRangeFile
		if es := strictyaml.DecodeNode(n, &dr, ""); len(es) > 0 {
			return es[0].Msg
		}
		from, err1 := yibao.ParseDate(dr.From)
		if len(dr.From) == 7 {
			// a start month without a day: the source names no day
			m, err := yibao.ParseMonth(dr.From)
			from, err1 = m.First(), err
			e.Value.FromMonthOnly = err == nil
		}
		to, err2 := yibao.ParseDate(dr.To)
		if err1 != nil || err2 != nil || to < from {
			return fmt.Sprintf("want {from: YYYY-MM-DD or YYYY-MM, to: YYYY-MM-DD} with from ≤ to, got %s..%s", dr.From, dr.To)
		}
		e.Value.From, e.Value.To = from, to
		e.Raw = dr.From + "～" + dr.To
	}
	return ""
}

// ProvinceOf returns the province-level code of a six-digit code.
func ProvinceOf(code string) string { return code[:2] + "0000" }

// CityOf returns the prefecture-level code of a six-digit code (itself for a
// prefecture; the province code for 直辖市, whose pooling region is the whole city).
func CityOf(code string) string {
	switch code[:2] {
	case "11", "12", "31", "50":
		if code[2:] == "0000" {
			return code // already the city: no new string
		}
		return code[:2] + "0000"
	}
	if code[4:] == "00" {
		return code
	}
	if code[4:] != "00" && code[2:4] == "90" { // 省直辖县级行政区划: the county is its own pooling region
		return code
	}
	return code[:4] + "00"
}

func (s *Snapshot) buildChain(code string) *Chain {
	c := &Chain{Code: code}
	if len(code) == 6 && code != "000000" {
		if r, ok := s.regions[CityOf(code)]; ok {
			c.Levels = append(c.Levels, r)
			c.Known = true
		}
		if p := ProvinceOf(code); p != CityOf(code) {
			if r, ok := s.regions[p]; ok {
				c.Levels = append(c.Levels, r)
			}
		}
	}
	c.Levels = append(c.Levels, s.national)
	for p := Param(0); p < NumParams; p++ {
		for _, r := range c.Levels {
			c.entries[p] = append(c.entries[p], r.entries[p]...)
		}
	}
	return c
}

// Chain returns the lookup chain for a six-digit region code. Codes without a
// region file of their own resolve through their province (if encoded) to national.
func (s *Snapshot) Chain(code string) *Chain {
	if c, ok := s.chains[code]; ok {
		return c
	}
	if len(code) == 6 && isDigits(code) {
		if c, ok := s.chains[CityOf(code)]; ok {
			return c
		}
		if c, ok := s.chains[ProvinceOf(code)]; ok && CityOf(code) == ProvinceOf(code) {
			return c
		}
		return s.buildChain(code)
	}
	return s.chains["000000"]
}

// Find returns the entry for p in force on date d, most specific level first.
func (c *Chain) Find(p Param, d yibao.Date) *Entry {
	for _, e := range c.entries[p] {
		if e.InForce(d) {
			return e
		}
	}
	return nil
}

// History returns every entry of p along the chain, most specific level first.
func (c *Chain) History(p Param) []*Entry { return c.entries[p] }

// Region returns the most specific encoded region of the chain (nil if only national).
func (c *Chain) Region() *Region {
	if len(c.Levels) > 1 {
		return c.Levels[0]
	}
	return nil
}

// Def returns the catalogue definition of p.
func (s *Snapshot) Def(p Param) *Def { return &s.defs[p] }

// Regions returns the encoded regions sorted by code.
func (s *Snapshot) Regions() []*Region {
	out := make([]*Region, 0, len(s.regions))
	for _, r := range s.regions {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// National returns the national layer.
func (s *Snapshot) National() *Region { return s.national }

// Entries returns the region's own entries for p.
func (r *Region) Entries(p Param) []*Entry { return r.entries[p] }

// Data is the embedded policy data (catalogue.yaml, national.yaml,
// regions/*.yaml), for tools and tests that load it with changes.
func Data() fs.FS {
	sub, _ := fs.Sub(embedded, "data")
	return sub
}
