package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"

	"yibao"
	"yibao/policy"
	"yibao/region"
)

// RegionInfo describes a region and what policy data answers for it.
type RegionInfo struct {
	Code            string   `json:"code"`
	Name            string   `json:"name"`         // 泸州市
	Short           string   `json:"short"`        // 泸州
	FullName        string   `json:"full_name"`    // 四川省泸州市
	NameEN          string   `json:"name_en"`      // Luzhou: pinyin of the short name (region/data/pinyin.tsv)
	FullNameEN      string   `json:"full_name_en"` // Luzhou, Sichuan
	Level           string   `json:"level"`        // province, prefecture, county; national for 000000
	Parent          string   `json:"parent,omitempty"`
	PoolingCode     string   `json:"pooling_code"` // the 医保统筹区 it belongs to
	PoolingName     string   `json:"pooling_name"`
	Encoded         bool     `json:"encoded"`                // the pooling region has policy data of its own
	ProvinceEncoded bool     `json:"province_encoded"`       // its province has policy data
	EncodedCode     string   `json:"encoded_code"`           // the most specific region with data; 000000 = national rules only
	SuppliedLevels  []string `json:"supplied_levels"`        // the levels whose data supply at least one value, most specific first: city, province, national
	Municipality    bool     `json:"municipality,omitempty"` // a 直辖市 (its province level is the city: say 直辖市, not 省级)
	AreaCode        string   `json:"area_code,omitempty"`    // 长途区号 of the pooling region (region/data/areacodes.tsv)
	Hotline         string   `json:"hotline"`                // 医保服务热线, with the area code where known
}

const nationalCode = "000000"

func (s *Server) regionInfo(r region.Region) RegionInfo {
	pool := s.reg.PoolingRegion(r.Code)
	ri := RegionInfo{Code: r.Code, Name: r.Name, Short: r.Short, FullName: s.reg.FullName(r.Code), Level: string(r.Level),
		NameEN: region.NameEN(r.Code), FullNameEN: s.reg.FullNameEN(r.Code), Parent: r.Parent, PoolingCode: pool.Code, PoolingName: pool.Name}
	s.fillEncoded(&ri, s.snap.Chain(r.Code))
	return ri
}

func (s *Server) nationalInfo() RegionInfo {
	ri := RegionInfo{Code: nationalCode, Name: "全国", Short: "全国", FullName: "全国", NameEN: "national", FullNameEN: "national", Level: "national", PoolingCode: nationalCode, PoolingName: "全国"}
	s.fillEncoded(&ri, s.snap.Chain(nationalCode))
	return ri
}

func (s *Server) fillEncoded(ri *RegionInfo, ch *policy.Chain) {
	ri.Encoded = ch.Known
	ri.EncodedCode = nationalCode
	if r := ch.Region(); r != nil {
		ri.EncodedCode = r.Code
	}
	ri.SuppliedLevels = []string{}
	for _, l := range ch.Levels {
		if l.Level == yibao.Province {
			ri.ProvinceEncoded = true
		}
		for p := range policy.NumParams {
			if len(l.Entries(policy.Param(p))) > 0 {
				ri.SuppliedLevels = append(ri.SuppliedLevels, string(l.Level))
				break
			}
		}
	}
	ri.Municipality = s.reg.IsMunicipality(ri.PoolingCode)
	// the pooling region's own area code, from the table the answers use too
	// (engine regionInfo): never a province file's (its capital's) code
	ri.AreaCode = region.AreaCode(ri.PoolingCode)
	ri.Hotline = "12393"
	if ri.AreaCode != "" {
		ri.Hotline = ri.AreaCode + "-12393"
	}
}

// RegionsAnswer is the body of GET /v1/regions.
type RegionsAnswer struct {
	meta
	Query       string       `json:"query"`
	Regions     []RegionInfo `json:"regions"`
	Truncated   bool         `json:"truncated"`   // more matched than the limit
	Suggestions []RegionInfo `json:"suggestions"` // "did you mean", when nothing matched
}

const maxRegions = 20

// regions answers GET /v1/regions?q=: the registry look-up by name or code.
// No match is not an error: the answer lists suggestions instead.
func (s *Server) regions(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		s.problem(w, badQueryf("query.q", "required", "q is required: a region name (泸州, 四川泸州, 上海徐汇) or code (510500)"))
		return
	}
	if len([]rune(q)) > 64 {
		s.problem(w, badQueryf("query.q", "invalid", "q is longer than 64 characters"))
		return
	}
	ans := RegionsAnswer{meta: s.meta(s.today()), Query: q, Regions: []RegionInfo{}, Suggestions: []RegionInfo{}}
	found, err := s.reg.Lookup(q)
	if region.IsLatin(q) {
		// a pinyin name (luzhou, "Luxian, Luzhou"): the English page's search
		if en := s.reg.LookupEN(q); len(en) > 0 {
			found, err = en, nil
		}
	}
	var nf *region.NotFoundError
	switch {
	case errors.As(err, &nf):
		for _, sg := range nf.Suggestions {
			ans.Suggestions = append(ans.Suggestions, s.regionInfo(sg))
		}
	case err != nil:
		s.problem(w, badQuery("query.q", "invalid", strings.TrimPrefix(err.Error(), "region: ")))
		return
	}
	if len(found) > maxRegions {
		found, ans.Truncated = found[:maxRegions], true
	}
	for _, f := range found {
		ans.Regions = append(ans.Regions, s.regionInfo(f))
	}
	writeJSON(w, http.StatusOK, "application/json", ans)
}

// lookupCode resolves a path code: a registry code or 000000 (national).
func (s *Server) lookupCode(code, path string) (RegionInfo, *Problem) {
	if code == nationalCode {
		return s.nationalInfo(), nil
	}
	if len(code) != 6 || strings.Trim(code, "0123456789") != "" {
		return RegionInfo{}, badQueryf(path, "type", "%q is not a six-digit GB/T 2260 code (e.g. 510500 for 泸州市; 000000 for national rules)", code)
	}
	rg, ok := s.reg.ByCode(code)
	if !ok {
		msg := fmt.Sprintf("%s is not a GB/T 2260 region code", code)
		if _, err := s.reg.Lookup(code); err != nil {
			msg = strings.TrimPrefix(err.Error(), "region: ")
		}
		return RegionInfo{}, &Problem{Status: http.StatusNotFound, Detail: msg, Errors: []FieldError{{Path: path, Code: "not_found", Message: msg}}}
	}
	return s.regionInfo(rg), nil
}

// ParamValue is one parameter's value at one region on one date.
type ParamValue struct {
	ID      string      `json:"id"`
	LabelZH string      `json:"label_zh"`
	LabelEN string      `json:"label_en"`
	Unit    policy.Unit `json:"unit"`
	Local   bool        `json:"local"` // set locally; a national value is only a default
	// Status: in_force (a value applies), not_applicable (the data says the
	// rule does not apply here), not_encoded (no value at any level).
	Status string `json:"status"`
	EntryView
	NationalDefault bool `json:"national_default"` // a local rule answered with the national default
}

// EntryView is one dated value with its source.
type EntryView struct {
	Value      string      `json:"value,omitempty"` // as written in the data
	Since      *yibao.Date `json:"since,omitempty"`
	Until      *yibao.Date `json:"until,omitempty"` // inclusive
	Level      yibao.Level `json:"level,omitempty"` // city, province, national
	Region     string      `json:"region,omitempty"`
	RegionName string      `json:"region_name,omitempty"`
	// RegionNameEN is RegionName in English (pinyin, region/data/pinyin.tsv)
	RegionNameEN string           `json:"region_name_en,omitempty"`
	Article      string           `json:"article,omitempty"`
	Citation     *yibao.Citation  `json:"citation,omitempty"`
	Confidence   yibao.Confidence `json:"confidence,omitempty"`
	ReviewBy     *yibao.Date      `json:"review_by,omitempty"`
	Stale        bool             `json:"stale"` // as_of is after review_by
	Note         string           `json:"note,omitempty"`
}

func entryView(e *policy.Entry, asOf yibao.Date) EntryView {
	v := EntryView{Value: e.Raw, Level: e.Level, Region: e.Region, Article: e.Article, Citation: e.Source, Confidence: e.Conf, Note: e.Note}
	since := e.Since
	v.Since = &since
	if e.HasUntil {
		until := e.Until
		v.Until = &until
	}
	if e.ReviewBy != 0 {
		rb := e.ReviewBy
		v.ReviewBy = &rb
		v.Stale = asOf > rb
	}
	if e.Region == nationalCode {
		v.RegionName, v.RegionNameEN = "全国", "national"
	} else {
		v.RegionName, v.RegionNameEN = region.Default().FullName(e.Region), region.Default().FullNameEN(e.Region)
	}
	return v
}

// ParametersAnswer is the body of GET /v1/regions/{code}/parameters.
type ParametersAnswer struct {
	meta
	Region     RegionInfo   `json:"region"`
	Parameters []ParamValue `json:"parameters"`
}

// regionParameters answers GET /v1/regions/{code}/parameters?as_of=.
func (s *Server) regionParameters(w http.ResponseWriter, r *http.Request) {
	asOf, p := s.asOfParam(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	ri, p := s.lookupCode(r.PathValue("code"), "path.code")
	if p != nil {
		s.problem(w, p)
		return
	}
	ch := s.snap.Chain(ri.Code)
	ans := ParametersAnswer{meta: s.meta(asOf), Region: ri, Parameters: make([]ParamValue, 0, policy.NumParams)}
	for id := range policy.NumParams {
		d := s.snap.Def(id)
		pv := ParamValue{ID: d.ID, LabelZH: d.LabelZH, LabelEN: d.LabelEN, Unit: d.Unit, Local: d.Local, Status: "not_encoded"}
		if e := ch.Find(id, asOf); e != nil {
			pv.EntryView = entryView(e, asOf)
			pv.Status = "in_force"
			if e.Null {
				pv.Status, pv.Value = "not_applicable", ""
			}
			pv.NationalDefault = d.Local && e.Level == yibao.National && ri.Code != nationalCode
		}
		ans.Parameters = append(ans.Parameters, pv)
	}
	writeJSON(w, http.StatusOK, "application/json", ans)
}

// ParamDef is a catalogue entry.
type ParamDef struct {
	ID      string      `json:"id"`
	LabelZH string      `json:"label_zh"`
	LabelEN string      `json:"label_en"`
	Unit    policy.Unit `json:"unit"`
	Values  []string    `json:"values,omitempty"` // for unit enum
	Local   bool        `json:"local"`
	Doc     string      `json:"doc,omitempty"`
}

// HistoryEntry is one dated value in a parameter's history.
type HistoryEntry struct {
	EntryView
	NotApplicable bool `json:"not_applicable"` // the data says the rule does not apply at this level
	InForce       bool `json:"in_force"`       // this is the value the chain gives on as_of
}

// HistoryAnswer is the body of GET /v1/parameters/{id}.
type HistoryAnswer struct {
	meta
	Parameter ParamDef       `json:"parameter"`
	Region    RegionInfo     `json:"region"`
	History   []HistoryEntry `json:"history"` // most specific level first, then by date
}

// parameterHistory answers GET /v1/parameters/{id}?region=&as_of=.
func (s *Server) parameterHistory(w http.ResponseWriter, r *http.Request) {
	asOf, p := s.asOfParam(w, r)
	if p != nil {
		s.problem(w, p)
		return
	}
	id := r.PathValue("id")
	par, ok := policy.ParamByID(id)
	if !ok {
		format, args := "no parameter %q in the catalogue", []any{id}
		if sg := similarParams(id); len(sg) > 0 {
			format, args = "no parameter %q in the catalogue; did you mean %s?", append(args, strings.Join(sg, ", "))
		}
		p := badQueryf("path.id", "not_found", format, args...)
		p.Status = http.StatusNotFound
		s.problem(w, p)
		return
	}
	code := r.URL.Query().Get("region")
	if code == "" {
		code = nationalCode
	}
	ri, p := s.lookupCode(code, "query.region")
	if p != nil {
		s.problem(w, p)
		return
	}
	d := s.snap.Def(par)
	ch := s.snap.Chain(ri.Code)
	cur := ch.Find(par, asOf)
	ans := HistoryAnswer{meta: s.meta(asOf), Region: ri, History: []HistoryEntry{},
		Parameter: ParamDef{ID: d.ID, LabelZH: d.LabelZH, LabelEN: d.LabelEN, Unit: d.Unit, Values: d.Values, Local: d.Local, Doc: d.Doc}}
	for _, e := range ch.History(par) {
		he := HistoryEntry{EntryView: entryView(e, asOf), NotApplicable: e.Null, InForce: e == cur}
		if e.Null {
			he.Value = ""
		}
		ans.History = append(ans.History, he)
	}
	writeJSON(w, http.StatusOK, "application/json", ans)
}

// similarParams returns catalogue ids sharing a dotted segment with id.
func similarParams(id string) []string {
	var out []string
	segs := strings.FieldsFunc(id, func(r rune) bool { return r == '.' || r == '_' })
	for p := range policy.NumParams {
		cand := p.String()
		for _, sg := range segs {
			if len(sg) >= 4 && strings.Contains(cand, sg) {
				out = append(out, cand)
				break
			}
		}
	}
	sort.Strings(out)
	if len(out) > 5 {
		out = out[:5]
	}
	return out
}

// VersionAnswer is the body of GET /v1/version.
type VersionAnswer struct {
	meta
	AnswerFormat   string          `json:"answer_format"`
	RegionRegistry string          `json:"region_registry"` // source of the GB/T 2260 data
	Encoded        []EncodedRegion `json:"encoded_regions"` // regions with policy data of their own
}

// EncodedRegion is a region with a policy file.
type EncodedRegion struct {
	Code   string      `json:"code"`
	NameZH string      `json:"name_zh"`
	NameEN string      `json:"name_en"`
	Level  yibao.Level `json:"level"`
}

func (s *Server) version(w http.ResponseWriter, r *http.Request) {
	ans := VersionAnswer{meta: s.meta(s.today()), AnswerFormat: "yibao.assessment.v1", RegionRegistry: s.reg.Source(), Encoded: []EncodedRegion{}}
	for _, rg := range s.snap.Regions() {
		ans.Encoded = append(ans.Encoded, EncodedRegion{rg.Code, rg.NameZH, rg.NameEN, rg.Level})
	}
	writeJSON(w, http.StatusOK, "application/json", ans)
}
