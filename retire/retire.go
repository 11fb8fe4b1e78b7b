// Package retire computes the statutory retirement month under the 2024
// decision on gradually raising the statutory retirement age
// (全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定, adopted
// 2024-09-13, in force 2025-01-01) and the State Council measures attached
// to it (国务院关于渐进式延迟法定退休年龄的办法).
//
// Everything here is a pure function of its arguments: no clock, no I/O, no
// allocation. Months are yibao.Month values; ages are whole months.
//
// The rule (办法第一条 and the three 对照表 in its annex):
//
//	category  original  target  first birth month  one more month every  full target from
//	Male60    60        63      1965-01            4 birth months        1976-09
//	Female55  55        58      1970-01            4 birth months        1981-09
//	Female50  50        55      1975-01            2 birth months        1984-11
//
// For a birth month b on or after the first one, the delay is
// min((b − first)/every + 1, target − original) months; earlier births keep
// the original age. The first birth month of each category is the one that
// reached the original age in 2025-01, the month the decision took effect,
// so the first cohort retires one month later, in 2025-02
// (对照表: 1965年1月出生的男职工, 60岁1个月, 2025年2月).
//
// Convention: the retirement month is the month the person reaches the
// statutory age, birth month + age, as in the 对照表's 改革后退休时间 column.
// ReachedOn gives the day within that month the age is reached: the
// birthday, clamped to the month's last day (born on the 31st, a 30-day
// retirement month gives the 30th; born on 29 February, a common-year
// February gives the 28th). Whether the retirement itself (and the pension)
// starts that day or on the first of the next month is local practice and
// is not modelled.
//
// Scope: the decision changes the pension (养老) rules only. The minimum
// contribution years for lifetime employee medical insurance after
// retirement stay local (Social Insurance Law art. 27) and are not changed
// by it; see PensionMinMonths for the pension minimum. Special rules "另有规定"
// (special types of work, illness, some occupations) are outside this package.
package retire

import (
	"fmt"
	"strconv"
	"strings"

	"yibao"
)

// Source metadata of the decision. The decision has no 文号.
const (
	Title   = "全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定（附：国务院关于渐进式延迟法定退休年龄的办法）"
	Issuer  = "全国人民代表大会常务委员会"
	Adopted = "2024-09-13"
	InForce = "2025-01-01"
)

// Articles of the attached 办法 used here.
const (
	ArticleAge      = "办法第一条；附件1–3 延迟法定退休年龄对照表"
	ArticleMinYears = "办法第二条"
	ArticleElective = "办法第三条"
)

// Cite returns the citation of the decision, pointing at article.
// No URL is given: the official page was not read for this package; the
// wording of 办法第一至三条 was seen quoted verbatim in public repositories
// and the 对照表 boundary rows in third-party transcriptions, which agree
// with the rule above (see the package tests).
func Cite(article string) yibao.Citation {
	return yibao.Citation{
		ID:         "npc-2024-retirement-age",
		Title:      Title,
		Issuer:     Issuer,
		Article:    article,
		Published:  Adopted,
		Confidence: yibao.Reposted,
		VerifiedOn: "2026-11-22",
		SeenVia:    "办法第一至三条 quoted verbatim in public repositories; 对照表 rows in third-party transcriptions (official annex not read here); facts.md §1.8 reports the mohrss capture",
	}
}

// Category is a person's original statutory retirement age group, which
// decides the phase-in schedule. The zero value is invalid.
type Category uint8

// Categories, named by the original (pre-2025) statutory age.
const (
	Male60   Category = iota + 1 // 男职工, original age 60
	Female55                     // 原法定退休年龄五十五周岁的女职工 (usually 女干部)
	Female50                     // 原法定退休年龄五十周岁的女职工 (usually 女工人)
)

var categoryCodes = [...]string{Male60: "male60", Female55: "female55", Female50: "female50"}

// Valid reports whether c is one of the three categories.
func (c Category) Valid() bool { return c >= Male60 && c <= Female50 }

// String returns the code: male60, female55 or female50.
func (c Category) String() string {
	if !c.Valid() {
		return "Category(" + strconv.Itoa(int(c)) + ")"
	}
	return categoryCodes[c]
}

// ZH returns the Chinese name used by the decision.
func (c Category) ZH() string {
	switch c {
	case Male60:
		return "男职工"
	case Female55:
		return "原法定退休年龄五十五周岁的女职工"
	case Female50:
		return "原法定退休年龄五十周岁的女职工"
	}
	return c.String()
}

// EN returns an English name.
func (c Category) EN() string {
	switch c {
	case Male60:
		return "men (original age 60)"
	case Female55:
		return "women with original age 55 (usually cadres)"
	case Female50:
		return "women with original age 50 (usually workers)"
	}
	return c.String()
}

// Enum lists the codes ParseCategory accepts.
func (Category) Enum() []string { return []string{"male60", "female55", "female50"} }

// ParseCategory parses a code exactly as String writes it (male60,
// female55, female50): no trimming, no case folding, no aliases.
func ParseCategory(s string) (Category, error) {
	for c := Male60; c <= Female50; c++ {
		if s == categoryCodes[c] {
			return c, nil
		}
	}
	return 0, fmt.Errorf("%q is not a retirement category: want male60, female55 or female50", s)
}

// MarshalText implements encoding.TextMarshaler.
func (c Category) MarshalText() ([]byte, error) {
	if !c.Valid() {
		return nil, fmt.Errorf("retire: invalid category %d", uint8(c))
	}
	return []byte(categoryCodes[c]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Category) UnmarshalText(b []byte) error {
	v, err := ParseCategory(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Post is what a woman's original statutory age follows: 干部 (55) or
// 工人 (50). It is an explicit input because nothing else in a case says it.
type Post string

// Posts.
const (
	Cadre  Post = "cadre"  // 干部 (管理、专业技术岗位): original age 55
	Worker Post = "worker" // 工人 (生产岗位): original age 50
)

// CategoryFor derives the category from sex and, for women, the post.
// A man's post is ignored (any of "", cadre, worker). A woman's post must be
// Cadre or Worker: there is no default. Which post a woman counts under
// (notably flexible workers, 灵活就业人员) is local practice; when the local
// original age is known, use the category directly instead.
func CategoryFor(sex yibao.Sex, post Post) (Category, error) {
	if post != "" && post != Cadre && post != Worker {
		return 0, fmt.Errorf("%q is not a post: want cadre or worker", string(post))
	}
	switch sex {
	case yibao.Male:
		return Male60, nil
	case yibao.Female:
		switch post {
		case Cadre:
			return Female55, nil
		case Worker:
			return Female50, nil
		}
		return 0, fmt.Errorf("a woman's retirement category needs her post: cadre (original age 55) or worker (original age 50)")
	}
	return 0, fmt.Errorf("%q is not a sex: want male or female", string(sex))
}

// phase is one category's schedule.
type phase struct {
	original int         // original statutory age, months
	target   int         // final statutory age, months
	first    yibao.Month // first birth month with a delay
	every    int         // birth months per month of delay
}

var phases = [...]phase{
	Male60:   {original: 60 * 12, target: 63 * 12, first: yibao.MonthOf(1965, 1), every: 4},
	Female55: {original: 55 * 12, target: 58 * 12, first: yibao.MonthOf(1970, 1), every: 4},
	Female50: {original: 50 * 12, target: 55 * 12, first: yibao.MonthOf(1975, 1), every: 2},
}

// ElectiveMonths is the most an elective (弹性) retirement may move from
// the statutory age, either way (办法第三条: 最长不超过三年).
const ElectiveMonths = 36

// Result is the statutory retirement of one person.
type Result struct {
	Category          Category    `json:"category"`
	Birth             yibao.Month `json:"birth"`
	OriginalAgeMonths int         `json:"original_age_months"` // pre-reform statutory age
	AgeMonths         int         `json:"age_months"`          // statutory age after the reform
	DelayMonths       int         `json:"delay_months"`        // AgeMonths − OriginalAgeMonths
	Month             yibao.Month `json:"month"`               // Birth + AgeMonths: the month the age is reached
	// Reformed reports whether the decision applies (DelayMonths > 0, i.e.
	// the original age falls in 2025-01 or later). For earlier cohorts the
	// elective window is not available and both bounds equal Month.
	Reformed bool `json:"reformed"`
	// EarliestElective is the earliest elective early retirement
	// (弹性提前): Month − 36, but never before the original age. It also
	// needs the pension minimum contribution years, which is not checked
	// here.
	EarliestElective yibao.Month `json:"earliest_elective"`
	// LatestElective is the latest elective late retirement (弹性延迟,
	// by agreement with the employer): Month + 36.
	LatestElective yibao.Month    `json:"latest_elective"`
	Citation       yibao.Citation `json:"citation"`
}

// Statutory returns the statutory retirement of a person born in birth.
// It panics if c is not a valid Category (use ParseCategory or
// CategoryFor to get one).
func Statutory(birth yibao.Month, c Category) Result {
	if !c.Valid() {
		panic(fmt.Sprintf("retire.Statutory: invalid category %d", uint8(c)))
	}
	p := &phases[c]
	delay := 0
	if birth >= p.first {
		delay = min(birth.Sub(p.first)/p.every+1, p.target-p.original)
	}
	age := p.original + delay
	m := birth.Add(age)
	r := Result{
		Category:          c,
		Birth:             birth,
		OriginalAgeMonths: p.original,
		AgeMonths:         age,
		DelayMonths:       delay,
		Month:             m,
		Reformed:          delay > 0,
		EarliestElective:  m,
		LatestElective:    m,
		Citation:          Cite(ArticleAge + "；" + ArticleElective),
	}
	if r.Reformed {
		r.EarliestElective = max(m.Add(-ElectiveMonths), birth.Add(p.original))
		r.LatestElective = m.Add(ElectiveMonths)
	}
	return r
}

// ReachedOn returns the day in month m on which a person born on birth has
// a birthday: birth's day of month, or m's last day when m is shorter. With
// m = Statutory(birth.Month(), c).Month it is the day the statutory age is
// reached (see the package comment).
func ReachedOn(birth yibao.Date, m yibao.Month) yibao.Date {
	return min(m.First().AddDays(birth.Day()-1), m.Last())
}

// AgeText returns r's statutory age as the 对照表 writes it, e.g. "60岁3个月".
func (r Result) AgeText() string { return FormatAge(r.AgeMonths) }

// PensionMinMonths returns the minimum pension contribution period, in
// months, for drawing a monthly basic pension when retiring in month
// (办法第二条 and its table): 15 years until 2029, then 6 more months for
// each year from 2030, reaching 20 years in 2039. This is the pension
// (养老) minimum only; the medical-insurance minimum years for retirees are
// set locally (Social Insurance Law art. 27) and the decision does not
// change them. For elective late retirement the year that counts may be
// that of the statutory age (实施弹性退休制度暂行办法, as reported; not read
// here): pass the month accordingly.
func PensionMinMonths(month yibao.Month) int {
	y := month.Year()
	switch {
	case y < 2030:
		return 15 * 12
	case y >= 2039:
		return 20 * 12
	}
	return 15*12 + 6*(y-2029)
}

// FormatAge writes an age in months as "60岁" or "60岁3个月".
func FormatAge(months int) string {
	if months < 0 {
		return "-" + FormatAge(-months)
	}
	s := strconv.Itoa(months/12) + "岁"
	if m := months % 12; m != 0 {
		s += strconv.Itoa(m) + "个月"
	}
	return s
}

// ParseAge parses an age exactly as FormatAge writes it: "60岁" or
// "60岁3个月" (months 1..11, no leading zeros, no spaces, years 0..150).
func ParseAge(s string) (int, error) {
	bad := func() (int, error) {
		return 0, fmt.Errorf("%q is not an age: want e.g. 60岁 or 60岁3个月", s)
	}
	ys, rest, ok := strings.Cut(s, "岁")
	if !ok || !canonicalDigits(ys, 3) {
		return bad()
	}
	y, _ := strconv.Atoi(ys)
	if y > 150 {
		return bad()
	}
	if rest == "" {
		return y * 12, nil
	}
	ms, ok := strings.CutSuffix(rest, "个月")
	if !ok || !canonicalDigits(ms, 2) {
		return bad()
	}
	m, _ := strconv.Atoi(ms)
	if m < 1 || m > 11 {
		return bad()
	}
	return y*12 + m, nil
}

// canonicalDigits reports whether s is 1..max ASCII digits without a
// leading zero (except "0" itself).
func canonicalDigits(s string, maxLen int) bool {
	if s == "" || len(s) > maxLen || (len(s) > 1 && s[0] == '0') {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
