package region

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrNotFound is matched (with errors.Is) by the errors Lookup returns when
// nothing matches the query.
var ErrNotFound = errors.New("region: not found")

// NotFoundError is returned by Lookup when no region matches. Suggestions
// holds up to five similar regions ("did you mean"), best first.
type NotFoundError struct {
	Query       string
	Suggestions []Region
}

func (e *NotFoundError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "region: no region matches %q", e.Query)
	if len(e.Suggestions) > 0 {
		b.WriteString("; did you mean ")
		for i, s := range e.Suggestions {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%s)", s.Name, s.Code)
		}
		b.WriteString("?")
	}
	return b.String()
}

// Is makes errors.Is(err, ErrNotFound) true.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

const (
	maxSuggestions = 5
	maxQueryRunes  = 64 // longer queries get no fuzzy suggestions
)

// match tiers, best first.
const (
	tierName   = iota // official name equals the query
	tierShort         // short name equals the query
	tierNorm          // short name equals the normalised query (黔南州 → 黔南)
	tierPath          // province/prefecture prefix + name (四川泸州, 上海市徐汇区)
	tierPrefix        // short or official name starts with the query
)

type hit struct {
	i, tier int
}

// Lookup finds regions by code or by name.
//
// A query of digits is a code: six digits (510500), or the two- or four-digit
// province/prefecture prefix (51, 5105), or a nine- or twelve-digit
// statistical code whose first six digits are used.
//
// Otherwise the query is a name (surrounding and inner white space is
// ignored). It matches the official name (泸州市, 黔南布依族苗族自治州), the
// short name (泸州, 黔南), or the name with a different or missing suffix
// (黔南州, 嘉峪关市, 内蒙古自治区). A name prefixed by its province and
// prefecture also matches (四川泸州, 四川省泸州市泸县, 上海徐汇). Only when none
// of those match are regions whose name starts with the query returned.
//
// Results are ordered by match quality (exact official name first), then by
// level (province before prefecture before county), then by code. When
// nothing matches the error is a *NotFoundError carrying up to five
// suggestions.
func (reg *Registry) Lookup(query string) ([]Region, error) {
	q := strings.Join(strings.Fields(query), "")
	if q == "" {
		return nil, fmt.Errorf("region: empty query")
	}
	if isDigits(q) {
		return reg.lookupCode(q)
	}
	hits := reg.exact(q, "")
	if len(hits) == 0 {
		hits = reg.path(q, "", 0)
	}
	if len(hits) == 0 && runeLen(q) >= 2 {
		for i, r := range reg.regions {
			if strings.HasPrefix(r.Short, q) || strings.HasPrefix(r.Name, q) {
				hits = append(hits, hit{i, tierPrefix})
			}
		}
	}
	if len(hits) == 0 {
		return nil, &NotFoundError{Query: query, Suggestions: reg.suggest(q)}
	}
	return reg.collect(hits), nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (reg *Registry) lookupCode(q string) ([]Region, error) {
	var code string
	switch len(q) {
	case 2:
		code = q + "0000"
	case 4:
		code = q + "00"
	case 6:
		code = q
	case 9, 12:
		code = q[:6]
	default:
		return nil, fmt.Errorf("region: invalid code %q: want 6 digits (or 2, 4, 9, 12)", q)
	}
	if r, ok := reg.ByCode(code); ok {
		return []Region{r}, nil
	}
	return nil, &NotFoundError{Query: q, Suggestions: reg.suggestCode(code)}
}

// exact returns the name, short-name and normalised-name matches of q among
// the descendants of scope ("" for all regions).
func (reg *Registry) exact(q, scope string) []hit {
	var hits []hit
	add := func(idx []int, tier int) {
		for _, i := range idx {
			if scope == "" || reg.descends(i, scope) {
				hits = append(hits, hit{i, tier})
			}
		}
	}
	add(reg.byName[q], tierName)
	add(reg.byShort[q], tierShort)
	for _, k := range queryKeys(q) {
		add(reg.byShort[k], tierNorm)
		add(reg.byName[k], tierNorm)
	}
	return hits
}

// descends reports whether region i lies strictly below code scope.
func (reg *Registry) descends(i int, scope string) bool {
	r := reg.regions[i]
	for r.Parent != "" {
		if r.Parent == scope {
			return true
		}
		r = reg.regions[reg.byCode[r.Parent]]
	}
	return false
}

// path matches queries that start with the name of an enclosing region:
// for each child c of scope whose name or short name prefixes q, the rest of
// q is matched among c's descendants.
func (reg *Registry) path(q, scope string, depth int) []hit {
	if depth >= 2 {
		return nil
	}
	var hits []hit
	for _, ci := range reg.children[scope] {
		c := reg.regions[ci]
		if c.Level == LevelCounty {
			continue
		}
		for _, p := range []string{c.Name, c.Short} {
			rest, ok := strings.CutPrefix(q, p)
			if !ok || rest == "" {
				continue
			}
			h := reg.exact(rest, c.Code)
			if len(h) == 0 {
				h = reg.path(rest, c.Code, depth+1)
			}
			for _, x := range h {
				hits = append(hits, hit{x.i, tierPath})
			}
			if len(h) > 0 {
				break // c.Name and c.Short gave the same matches
			}
		}
	}
	return hits
}

// collect deduplicates hits (keeping each region's best tier) and orders them
// by tier, level and code.
func (reg *Registry) collect(hits []hit) []Region {
	best := make(map[int]int, len(hits))
	for _, h := range hits {
		if t, ok := best[h.i]; !ok || h.tier < t {
			best[h.i] = h.tier
		}
	}
	uniq := make([]hit, 0, len(best))
	for i, t := range best {
		uniq = append(uniq, hit{i, t})
	}
	sort.Slice(uniq, func(a, b int) bool {
		x, y := uniq[a], uniq[b]
		if x.tier != y.tier {
			return x.tier < y.tier
		}
		lx, ly := reg.regions[x.i].Level.rank(), reg.regions[y.i].Level.rank()
		if lx != ly {
			return lx < ly
		}
		return x.i < y.i // regions are sorted by code
	})
	out := make([]Region, len(uniq))
	for k, h := range uniq {
		out[k] = reg.regions[h.i]
	}
	return out
}

type scored struct {
	i, dist, shared int
}

// suggest returns up to maxSuggestions regions whose names resemble q: the
// smallest edit distance to the short or official name first, then the most
// shared characters. Regions sharing no character with q are never suggested.
func (reg *Registry) suggest(q string) []Region {
	qr := []rune(q)
	if len(qr) > maxQueryRunes {
		return nil
	}
	keys := [][]rune{qr}
	for _, k := range queryKeys(q) {
		keys = append(keys, []rune(k))
	}
	var cands []scored
	var buf []int
	for i, r := range reg.regions {
		best := scored{i: i, dist: -1}
		for _, name := range []string{r.Short, r.Name} {
			nr := []rune(name)
			for _, k := range keys {
				sh := sharedRunes(k, nr)
				if sh == 0 {
					continue
				}
				var d int
				d, buf = levenshtein(k, nr, buf)
				if best.dist < 0 || d < best.dist || (d == best.dist && sh > best.shared) {
					best.dist, best.shared = d, sh
				}
			}
		}
		if best.dist >= 0 {
			cands = append(cands, best)
		}
	}
	sort.Slice(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if x.dist != y.dist {
			return x.dist < y.dist
		}
		if x.shared != y.shared {
			return x.shared > y.shared
		}
		lx, ly := reg.regions[x.i].Level.rank(), reg.regions[y.i].Level.rank()
		if lx != ly {
			return lx < ly
		}
		return x.i < y.i
	})
	if len(cands) > maxSuggestions {
		cands = cands[:maxSuggestions]
	}
	out := make([]Region, len(cands))
	for k, c := range cands {
		out[k] = reg.regions[c.i]
	}
	return out
}

// suggestCode returns existing regions near an unknown code: those sharing
// the longest code prefix (four, then two digits), ancestors first, then by
// numeric closeness.
func (reg *Registry) suggestCode(code string) []Region {
	for _, n := range []int{4, 2} {
		prefix := code[:n]
		lo := sort.Search(len(reg.regions), func(i int) bool { return reg.regions[i].Code >= prefix })
		var idx []int
		for i := lo; i < len(reg.regions) && strings.HasPrefix(reg.regions[i].Code, prefix); i++ {
			idx = append(idx, i)
		}
		if len(idx) == 0 {
			continue
		}
		target := atoi(code)
		sort.SliceStable(idx, func(a, b int) bool {
			x, y := reg.regions[idx[a]], reg.regions[idx[b]]
			if x.Level != y.Level {
				return x.Level.rank() < y.Level.rank()
			}
			return absDiff(atoi(x.Code), target) < absDiff(atoi(y.Code), target)
		})
		if len(idx) > maxSuggestions {
			idx = idx[:maxSuggestions]
		}
		out := make([]Region, len(idx))
		for k, i := range idx {
			out[k] = reg.regions[i]
		}
		return out
	}
	return nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func absDiff(a, b int) int {
	if a < b {
		return b - a
	}
	return a - b
}

// sharedRunes counts the distinct runes of a that also occur in b.
func sharedRunes(a, b []rune) int {
	n := 0
	for i, r := range a {
		seen := false
		for _, p := range a[:i] {
			if p == r {
				seen = true
				break
			}
		}
		if seen {
			continue
		}
		for _, s := range b {
			if s == r {
				n++
				break
			}
		}
	}
	return n
}

// confusables groups characters that are commonly typed for one another in
// place names (same or similar pronunciation: 泸洲 for 泸州, 贵杨 for 贵阳).
// Substituting one for another costs half an edit.
var confusables = func() map[[2]rune]bool {
	m := make(map[[2]rune]bool)
	for _, g := range []string{
		"州洲舟周", "阳杨扬羊洋", "港岗刚", "江疆姜", "宁凝", "安按鞍", "西溪熙",
		"陵林临凌", "庆青清", "山珊衫", "川穿", "城成诚", "源原元", "泉全",
		"沙砂", "昌常", "德得", "兴星", "和河合", "宜义仪", "乡湘香", "梧吴无",
	} {
		rs := []rune(g)
		for _, a := range rs {
			for _, b := range rs {
				if a != b {
					m[[2]rune{a, b}] = true
				}
			}
		}
	}
	return m
}()

// levenshtein returns twice the edit distance between a and b (insertions,
// deletions and substitutions cost 2, a confusable substitution 1), reusing
// buf.
func levenshtein(a, b []rune, buf []int) (int, []int) {
	if cap(buf) < len(b)+1 {
		buf = make([]int, len(b)+1)
	}
	row := buf[:len(b)+1]
	for j := range row {
		row[j] = 2 * j
	}
	for i := 1; i <= len(a); i++ {
		prev := row[0] // row[i-1][j-1]
		row[0] = 2 * i
		for j := 1; j <= len(b); j++ {
			cur := row[j]
			cost := 2
			if a[i-1] == b[j-1] {
				cost = 0
			} else if confusables[[2]rune{a[i-1], b[j-1]}] {
				cost = 1
			}
			row[j] = min(row[j]+2, row[j-1]+2, prev+cost)
			prev = cur
		}
	}
	return row[len(b)], buf
}

// AmbiguousError is returned by Resolve when a name matches regions in more
// than one pooling region (朝阳: 朝阳市 in 辽宁 and 朝阳区 in 北京).
type AmbiguousError struct {
	Query      string
	Candidates []Region
}

func (e *AmbiguousError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "region: %q names %d regions: ", e.Query, len(e.Candidates))
	for i, c := range e.Candidates {
		if i == maxSuggestions {
			b.WriteString(", …")
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s (%s)", c.Name, c.Code)
	}
	return b.String()
}

// Resolve turns what a user typed (a code or a name) into one region. When a
// name matches several regions that all lie in one pooling region — 长沙
// (长沙市 and its 长沙县), 吉林 (吉林省 and its 吉林市) — the pooling region
// (the prefecture) is chosen, since that is where medical-insurance policy is
// set. Otherwise several matches give an *AmbiguousError and none a
// *NotFoundError.
func (reg *Registry) Resolve(query string) (Region, error) {
	rs, err := reg.Lookup(query)
	if err != nil {
		return Region{}, err
	}
	if len(rs) == 1 {
		return rs[0], nil
	}
	var pool Region
	for _, r := range rs {
		if r.Level == LevelProvince && !reg.IsMunicipality(r.Code) {
			continue // a province contains its prefectures; judged below
		}
		p := reg.PoolingRegion(r.Code)
		if pool.IsZero() {
			pool = p
		} else if p.Code != pool.Code {
			return Region{}, &AmbiguousError{Query: query, Candidates: rs}
		}
	}
	if pool.IsZero() {
		return Region{}, &AmbiguousError{Query: query, Candidates: rs}
	}
	for _, r := range rs {
		if r.Level == LevelProvince && r.Code[:2] != pool.Code[:2] {
			return Region{}, &AmbiguousError{Query: query, Candidates: rs}
		}
	}
	return pool, nil
}
