// Package batch assesses many persons at once: a ledger table in (one row
// per person-month, as a 缴费明细 export has it, or per month range), one
// result row per person out. It is the adapter HR and 代缴 firms and 医保经办
// offices use; every person is assessed by the same engine as `yibao assess`
// (a test checks batch ≡ one by one).
//
// Rows of one person must be contiguous (sort by person first); a person
// whose rows come back after another person's is rejected with both lines
// named, never split in two. Every input row is either used or rejected with
// its line, column and reason.
package batch

import (
	"fmt"
	"strconv"
	"strings"

	"yibao"
)

// Field is a canonical input column.
type Field string

// Canonical columns.
const (
	PersonID Field = "person_id"
	Region   Field = "region"
	Month    Field = "month"    // a person-month row (费款所属期)
	From     Field = "from"     // or a month range
	To       Field = "to"       //
	Scheme   Field = "scheme"   // employee, flexible (or 职工, 灵活就业)
	Status   Field = "status"   // paid, unpaid, none (or 已缴, 欠缴, 未缴)
	BaseFen  Field = "base_fen" // monthly base in fen
	Base     Field = "base"     // monthly base in yuan (缴费基数)
	PaidOn   Field = "paid_on"  // payment date (到账日期)
	Due      Field = "due"      // due date of the month
	Birth    Field = "birth"
	Sex      Field = "sex"
)

// headerNames maps header names as exports write them (English and the
// usual Chinese ones) to canonical columns.
var headerNames = map[string]Field{
	"person_id": PersonID, "person": PersonID, "id": PersonID, "个人编号": PersonID, "人员编号": PersonID, "社会保障号": PersonID,
	"region": Region, "参保地": Region, "统筹区": Region, "参保地代码": Region,
	"month": Month, "费款所属期": Month, "所属期": Month,
	"from": From, "to": To, "起始月": From, "截止月": To,
	"scheme": Scheme, "险种": Scheme, "参保身份": Scheme,
	"status": Status, "缴费状态": Status,
	"base_fen": BaseFen, "base": Base, "缴费基数": Base,
	"paid_on": PaidOn, "到账日期": PaidOn, "缴费日期": PaidOn,
	"due": Due, "缴费截止日": Due,
	"birth": Birth, "出生日期": Birth, "sex": Sex, "性别": Sex,
}

// Mapping says which input column holds which field.
type Mapping map[Field]int

// allFields lists the canonical columns; colIndex is a Mapping compiled to
// an array, read once per field of every row.
var allFields = []Field{PersonID, Region, Month, From, To, Scheme, Status, BaseFen, Base, PaidOn, Due, Birth, Sex}

type colIndex struct {
	at    [13]int // by position in allFields; -1 absent
	has   map[Field]bool
	where func(int) string // names a position in the source
}

func (m Mapping) compile() *colIndex {
	c := &colIndex{has: map[Field]bool{}}
	for i, f := range allFields {
		c.at[i] = -1
		if j, ok := m[f]; ok {
			c.at[i] = j
			c.has[f] = true
		}
	}
	return c
}

func fieldPos(f Field) int {
	for i, x := range allFields {
		if x == f {
			return i
		}
	}
	return -1
}

// MapHeader maps a header row to fields, with explicit overrides
// ("缴费金额基数=base"): unknown columns are ignored, a field named twice is
// an error.
func MapHeader(header []string, overrides map[string]Field) (Mapping, error) {
	m := Mapping{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		f, ok := overrides[h]
		if !ok {
			f, ok = headerNames[strings.ToLower(h)]
		}
		if !ok {
			continue
		}
		if j, dup := m[f]; dup {
			return nil, fmt.Errorf("header: columns %d and %d are both %s", j+1, i+1, f)
		}
		m[f] = i
	}
	if _, ok := m[PersonID]; !ok {
		return nil, fmt.Errorf("header: no person column (person_id or 个人编号); map one with --map 列名=person_id")
	}
	_, hasMonth := m[Month]
	_, hasFrom := m[From]
	if !hasMonth && !hasFrom {
		return nil, fmt.Errorf("header: no month column (month or 费款所属期) and no from/to range")
	}
	for _, f := range []Field{Scheme, Status} {
		if _, ok := m[f]; !ok {
			return nil, fmt.Errorf("header: no %s column", f)
		}
	}
	return m, nil
}

// RowError is a rejected input row: its line (or row), the column and the
// reason. Where, set as the row is written out, is its position as the
// source names it ("12", "Sheet1!R12").
type RowError struct {
	Line   int
	Column string
	Reason string
	Where  string
}

func (e RowError) Error() string {
	if e.Where != "" && e.Where != strconv.Itoa(e.Line) {
		return fmt.Sprintf("%s: %s: %s", e.Where, e.Column, e.Reason)
	}
	return fmt.Sprintf("line %d: %s: %s", e.Line, e.Column, e.Reason)
}

// Loc is the position as the rejects file shows it.
func (e RowError) Loc() string {
	if e.Where != "" {
		return e.Where
	}
	return strconv.Itoa(e.Line)
}

// Row is one parsed input row of a person.
type Row struct {
	Line     int
	Person   string
	Region   string
	Ledger   yibao.LedgerRow
	Birth    *yibao.Date
	Sex      yibao.Sex
	hasBirth bool
}

// Defaults fill columns the table lacks.
type Defaults struct {
	Region string
	AsOf   yibao.Date
	// Persons, when set, is the persons table (--persons) whose facts are
	// joined to the ledger's persons by id.
	Persons *PersonTable
}

var schemeNames = map[string]yibao.Scheme{
	"employee": yibao.Employee, "flexible": yibao.Flexible,
	"职工": yibao.Employee, "职工医保": yibao.Employee, "单位": yibao.Employee, "单位参保": yibao.Employee, "在职": yibao.Employee,
	"灵活就业": yibao.Flexible, "灵活就业人员": yibao.Flexible, "个体": yibao.Flexible,
}

var statusNames = map[string]yibao.PayStatus{
	"paid": yibao.Paid, "unpaid": yibao.Unpaid, "none": yibao.None,
	"已缴": yibao.Paid, "已缴费": yibao.Paid, "正常": yibao.Paid, "补缴": yibao.Paid,
	"欠缴": yibao.Unpaid, "欠费": yibao.Unpaid, "未到账": yibao.Unpaid,
	"未缴": yibao.None, "停保": yibao.None, "未参保": yibao.None, "中断": yibao.None,
}

// ParseRow reads one data row by the mapping.
func ParseRow(m Mapping, rec []string, line int, def Defaults) (Row, []RowError) {
	return parseRow(m.compile(), rec, line, def)
}

func parseRow(ci *colIndex, rec []string, line int, def Defaults) (Row, []RowError) {
	var es []RowError
	get := func(f Field) (string, bool) {
		p := fieldPos(f)
		if p < 0 {
			return "", false
		}
		i := ci.at[p]
		if i < 0 || i >= len(rec) {
			return "", false
		}
		v := strings.TrimSpace(rec[i])
		if v == `\N` { // Hive/Spark NULL
			v = ""
		}
		return v, v != ""
	}
	bad := func(f Field, format string, a ...any) {
		es = append(es, RowError{Line: line, Column: string(f), Reason: fmt.Sprintf(format, a...)})
	}
	r := Row{Line: line, Region: def.Region}
	if v, ok := get(PersonID); ok {
		r.Person = v
	} else {
		bad(PersonID, "empty: every row needs the person's id")
	}
	if v, ok := get(Region); ok {
		r.Region = v
	} else if r.Region == "" {
		bad(Region, "empty and no --region default")
	}
	month := func(f Field) (yibao.Month, bool) {
		v, ok := get(f)
		if !ok {
			bad(f, "empty: want a month YYYY-MM or YYYYMM")
			return 0, false
		}
		if len(v) == 6 && !strings.Contains(v, "-") {
			v = v[:4] + "-" + v[4:]
		}
		mo, err := yibao.ParseMonth(v)
		if err != nil {
			bad(f, "%v", err)
			return 0, false
		}
		return mo, true
	}
	if ci.has[Month] {
		if mo, ok := month(Month); ok {
			r.Ledger.From, r.Ledger.To = mo, mo
		}
	} else {
		f, ok1 := month(From)
		t, ok2 := month(To)
		if ok1 && ok2 {
			r.Ledger.From, r.Ledger.To = f, t
			if t < f {
				bad(To, "%s is before from %s", t, f)
			}
		}
	}
	if v, _ := get(Scheme); lookup(schemeNames, v) != "" {
		r.Ledger.Scheme = lookup(schemeNames, v)
	} else {
		bad(Scheme, "%q: want employee or flexible (职工, 灵活就业)", v)
	}
	if v, _ := get(Status); lookup(statusNames, v) != "" {
		r.Ledger.Status = lookup(statusNames, v)
	} else {
		bad(Status, "%q: want paid, unpaid or none (已缴, 欠缴, 未缴)", v)
	}
	if v, ok := get(BaseFen); ok {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 || yibao.Fen(n) > yibao.MaxMonthlyBaseFen {
			bad(BaseFen, "%q: want a whole number of fen from 0 to %d", v, int64(yibao.MaxMonthlyBaseFen))
		} else {
			r.Ledger.BaseFen = yibao.Fen(n)
		}
	} else if v, ok := get(Base); ok {
		f, err := yibao.ParseYuan(strings.ReplaceAll(v, ",", ""))
		if err != nil || f < 0 || f > yibao.MaxMonthlyBaseFen {
			bad(Base, "%q: want an amount in yuan from 0 to %s", v, yibao.MaxMonthlyBaseFen.Grouped())
		} else {
			r.Ledger.BaseFen = f
		}
	}
	date := func(f Field) *yibao.Date {
		v, ok := get(f)
		if !ok {
			return nil
		}
		if len(v) == 8 && !strings.Contains(v, "-") {
			v = v[:4] + "-" + v[4:6] + "-" + v[6:]
		}
		d, err := yibao.ParseDate(v)
		if err != nil {
			bad(f, "%v", err)
			return nil
		}
		return &d
	}
	r.Ledger.PaidOn = date(PaidOn)
	r.Ledger.Due = date(Due)
	if r.Ledger.PaidOn != nil && r.Ledger.Status != yibao.Paid {
		r.Ledger.PaidOn = nil // an export carries the date column for every row; only a paid month has a payment
	}
	r.Birth = date(Birth)
	if v, ok := get(Sex); ok {
		switch strings.ToLower(v) {
		case "male", "m", "男":
			r.Sex = yibao.Male
		case "female", "f", "女":
			r.Sex = yibao.Female
		default:
			bad(Sex, "%q: want male or female (男, 女)", v)
		}
	}
	return r, es
}

// lookup finds v as written, else in lower case (the hot path allocates nothing).
func lookup[T ~string](m map[string]T, v string) T {
	if x, ok := m[v]; ok {
		return x
	}
	return m[strings.ToLower(v)]
}
