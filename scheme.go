package yibao

import "fmt"

// Scheme is a basic medical insurance scheme (险种/参保身份).
type Scheme string

// Schemes.
const (
	Employee Scheme = "employee" // 职工医保 through an employer (单位参保)
	Flexible Scheme = "flexible" // 灵活就业人员参加职工医保 (individual pays all)
	Resident Scheme = "resident" // 城乡居民医保
)

// Schemes lists every scheme, for validation and documentation.
var Schemes = []Scheme{Employee, Flexible, Resident}

// IsEmployeeKind reports whether s is part of employee insurance (职工医保), employer or flexible.
func (s Scheme) IsEmployeeKind() bool { return s == Employee || s == Flexible }

// ZH returns the Chinese name of s.
func (s Scheme) ZH() string {
	switch s {
	case Employee:
		return "职工医保（单位参保）"
	case Flexible:
		return "职工医保（灵活就业）"
	case Resident:
		return "城乡居民医保"
	}
	return string(s)
}

// EN returns the English name of s.
func (s Scheme) EN() string {
	switch s {
	case Employee:
		return "employee insurance (via employer)"
	case Flexible:
		return "employee insurance (flexible worker)"
	case Resident:
		return "residents' insurance"
	}
	return string(s)
}

// PayStatus is the state of a ledger row.
type PayStatus string

// Ledger row statuses.
const (
	Paid   PayStatus = "paid"   // contributions paid (on time, or back-paid if paid_on is after the range)
	Unpaid PayStatus = "unpaid" // owed and not paid: arrears (欠费)
	None   PayStatus = "none"   // not enrolled (未参保/停保)
)

// Sex of a person; used only for retirement rules.
type Sex string

// Sexes.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// EventKind names a life or insurance event.
type EventKind string

// Events.
const (
	JobEnded     EventKind = "job_ended"     // 离职，单位停止缴费
	Stopped      EventKind = "stopped"       // 停保（个人申请暂停/终止）
	TransferIn   EventKind = "transfer_in"   // 从外地转入（转移接续）
	SpecialGroup EventKind = "special_group" // 属于当地免等待期的特殊群体（如退役军人、低保对象）
)

// Level is the level of government whose data supplied a value.
type Level string

// Levels, from most to least specific.
const (
	City     Level = "city"
	Province Level = "province"
	National Level = "national"
)

// ZH returns the Chinese name of a level.
func (l Level) ZH() string {
	switch l {
	case City:
		return "市级"
	case Province:
		return "省级"
	case National:
		return "国家"
	}
	return string(l)
}

// Confidence says how directly a value's source was seen.
type Confidence string

// Confidence levels.
const (
	Official   Confidence = "official"   // official document text seen (or a verbatim capture)
	Reposted   Confidence = "reposted"   // official wording quoted by reposts or official accounts
	Aggregator Confidence = "aggregator" // summary or aggregator site
	Seed       Confidence = "seed"       // only the seed pages
	// Draft marks a rule nobody has enacted: a what-if an analyst writes in
	// a case file's draft: block (docs/case-format.md) to see what a
	// proposed or unencoded rule would answer. Never allowed in policy/data.
	Draft Confidence = "draft"
)

// Low reports whether c is too weak to be stated without a caveat (未经官方文件核实).
func (c Confidence) Low() bool { return c == Aggregator || c == Seed || c == Draft }

// ParseConfidence validates a confidence level.
func ParseConfidence(s string) (Confidence, error) {
	switch c := Confidence(s); c {
	case Official, Reposted, Aggregator, Seed, Draft:
		return c, nil
	}
	return "", fmt.Errorf("%q is not a confidence level: want official, reposted, aggregator, seed or draft", s)
}

// Citation is where a policy value comes from.
type Citation struct {
	ID         string     `json:"id"`
	Title      string     `json:"title"`
	DocNo      string     `json:"doc_no,omitempty"`
	Issuer     string     `json:"issuer,omitempty"`
	Article    string     `json:"article,omitempty"`
	URL        string     `json:"url,omitempty"`
	Published  string     `json:"published,omitempty"`
	Confidence Confidence `json:"confidence"`
	VerifiedOn string     `json:"verified_on,omitempty"`
	SeenVia    string     `json:"seen_via,omitempty"`
}
