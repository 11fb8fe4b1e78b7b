package batch

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"yibao"
)

// MaxPersons is the most rows a persons table may have: the table is held
// in memory for the whole run (measured: 1 million persons, ids of 9
// characters, raise the process's peak RSS by about 205 MB, so 5 million ≈
// 1 GB); a larger table is refused with an error naming this cap — put
// the facts into the ledger's rows instead (出生日期/性别 columns).
var MaxPersons = 5_000_000

// Post is the persons-table column of a woman's post (岗位: 干部/工人).
const Post Field = "post"

// PersonTable is the persons table (--persons): one row per person with
// their facts (birth, sex, post), read into memory before the ledger and
// joined to its persons by id. A run marks which rows it used; a table is
// for one run at a time (Run, RunSource and RunFile reset the marks).
type PersonTable struct {
	Name   string // the file, as positions are named: "persons.csv"
	where  func(int) string
	index  map[string]int32
	rows   []factRow
	why    map[int32]string // why a row's facts cannot be used, by index
	bad    []RowError       // rows rejected while loading (no id, a bad value, a duplicate id)
	rowsIn int

	mu        sync.Mutex
	conflicts []RowError // rows that contradict the ledger, found during the run
}

// factRow is one person of the table, kept small (about 40 bytes, plus
// the map entry and the id's bytes).
type factRow struct {
	id     string
	line   int32
	birth  yibao.Date
	used   uint32 // atomic: a ledger person has this id
	clash  uint32 // atomic: the row contradicts its ledger person
	sex    uint8  // 0 none, 1 male, 2 female
	post   uint8  // 0 none, 1 cadre, 2 worker
	hasBir bool
	bad    bool // the id's facts cannot be used: why in PersonTable.why
}

var (
	sexCodes  = [...]yibao.Sex{"", yibao.Male, yibao.Female}
	postCodes = [...]yibao.Post{"", yibao.Cadre, yibao.Worker}
)

// FactStats account for the persons table: rows in = used + rejected +
// unmatched (rows whose person is not in the ledger).
type FactStats struct {
	RowsIn, Used, Rejected, Unmatched int
	// UnmatchedIDs are the first few unmatched rows, as "id (position)".
	UnmatchedIDs []string
}

var personHeaders = map[string]Field{"post": Post, "岗位": Post, "岗位类别": Post}

// LoadPersons reads a persons table from src: a header row naming the
// person id (个人编号, person_id) and at least one of birth (出生日期), sex
// (性别) and post (岗位), then one row per person. Rows with a bad value, no
// id, or an id given twice (both rows) are kept as rejects and their id's
// ledger person is rejected too (its facts are not known); an error stops
// the load only when the table cannot be read at all or exceeds MaxPersons.
func LoadPersons(src Source, name string, overrides map[string]Field) (*PersonTable, error) {
	t := &PersonTable{Name: name, where: src.Where, index: map[string]int32{}, why: map[int32]string{}}
	h, hl, err := src.Next()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: the persons table is empty: want a header row (个人编号, 出生日期, 性别, 岗位), then one row per person", name)
	}
	var re *RecordError
	if errors.As(err, &re) {
		return nil, fmt.Errorf("%s: %s: %v", name, src.Where(re.Line), re.Err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	col := map[Field]int{}
	for i, x := range h {
		x = strings.TrimSpace(strings.TrimPrefix(x, "\ufeff"))
		f, ok := overrides[x]
		if !ok {
			f, ok = personHeaders[strings.ToLower(x)]
		}
		if !ok {
			f, ok = headerNames[strings.ToLower(x)]
		}
		if !ok || (f != PersonID && f != Birth && f != Sex && f != Post) {
			continue
		}
		if j, dup := col[f]; dup {
			return nil, fmt.Errorf("%s: %s: header: columns %d and %d are both %s", name, src.Where(hl), j+1, i+1, f)
		}
		col[f] = i
	}
	if _, ok := col[PersonID]; !ok {
		return nil, fmt.Errorf("%s: %s: header: no person column (person_id or 个人编号)", name, src.Where(hl))
	}
	if len(col) < 2 {
		return nil, fmt.Errorf("%s: %s: header: no fact column: want birth (出生日期), sex (性别) or post (岗位)", name, src.Where(hl))
	}
	get := func(rec []string, f Field) string {
		i, ok := col[f]
		if !ok || i >= len(rec) {
			return ""
		}
		v := strings.TrimSpace(rec[i])
		if v == `\N` {
			return ""
		}
		return v
	}
	for {
		rec, line, err := src.Next()
		if err == io.EOF {
			break
		}
		t.rowsIn++
		if err != nil {
			if !errors.As(err, &re) {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			t.reject(RowError{Line: re.Line, Column: "-", Reason: re.Err.Error()})
			continue
		}
		if len(t.rows) >= MaxPersons {
			return nil, fmt.Errorf("%s: %s: more than %d persons (batch.MaxPersons, the persons table is held in memory): put birth and sex into the ledger's rows instead", name, src.Where(line), MaxPersons)
		}
		id := strings.Clone(get(rec, PersonID)) // not a slice of the whole record
		if id == "" {
			t.reject(RowError{Line: line, Column: string(PersonID), Reason: "empty: every persons row needs the person's id"})
			continue
		}
		r := factRow{id: id, line: int32(line)}
		var why []string
		if v := get(rec, Birth); v != "" {
			if d, ok := parseDay(v); ok {
				r.birth, r.hasBir = d, true
			} else {
				why = append(why, fmt.Sprintf("birth %q: want a date YYYY-MM-DD or YYYYMMDD", v))
			}
		}
		if v := get(rec, Sex); v != "" {
			switch sexOf(v) {
			case yibao.Male:
				r.sex = 1
			case yibao.Female:
				r.sex = 2
			default:
				why = append(why, fmt.Sprintf("sex %q: want male or female (男, 女)", v))
			}
		}
		if v := get(rec, Post); v != "" {
			switch strings.ToLower(v) {
			case "cadre", "干部", "管理岗位", "管理":
				r.post = 1
			case "worker", "工人", "生产岗位", "生产":
				r.post = 2
			default:
				why = append(why, fmt.Sprintf("post %q: want cadre or worker (干部, 工人)", v))
			}
		}
		if k, dup := t.index[id]; dup {
			first := &t.rows[k]
			fl := int(first.line)
			if !strings.HasPrefix(t.why[k], "duplicate") {
				t.reject(RowError{Line: fl, Column: string(PersonID), Reason: fmt.Sprintf("%s is in the persons table twice: %s and %s; one row per person (neither row is used)", id, t.where(fl), t.where(line))})
			}
			first.bad = true
			t.why[k] = fmt.Sprintf("duplicate: %s is in the persons table twice (%s and %s)", id, t.where(fl), t.where(line))
			t.reject(RowError{Line: line, Column: string(PersonID), Reason: fmt.Sprintf("%s is in the persons table twice: %s and %s; one row per person (neither row is used)", id, t.where(fl), t.where(line))})
			continue
		}
		t.index[id] = int32(len(t.rows))
		if len(why) > 0 {
			r.bad = true
			t.why[int32(len(t.rows))] = strings.Join(why, "; ")
			for _, w := range why {
				c, reason, _ := strings.Cut(w, " ")
				t.reject(RowError{Line: line, Column: c, Reason: reason})
			}
		}
		t.rows = append(t.rows, r)
	}
	return t, nil
}

func (t *PersonTable) reject(e RowError) { t.bad = append(t.bad, e) }

// at names a position of the table: "persons.csv line 12".
func (t *PersonTable) at(line int) string { return t.Name + " " + t.where(line) }

func parseDay(v string) (yibao.Date, bool) {
	if len(v) == 8 && !strings.Contains(v, "-") {
		v = v[:4] + "-" + v[4:6] + "-" + v[6:]
	}
	d, err := yibao.ParseDate(v)
	return d, err == nil
}

func sexOf(v string) yibao.Sex {
	switch strings.ToLower(v) {
	case "male", "m", "男":
		return yibao.Male
	case "female", "f", "女":
		return yibao.Female
	}
	return ""
}

// reset clears the marks of a previous run.
func (t *PersonTable) reset() {
	if t == nil {
		return
	}
	for i := range t.rows {
		atomic.StoreUint32(&t.rows[i].used, 0)
		atomic.StoreUint32(&t.rows[i].clash, 0)
	}
	t.mu.Lock()
	t.conflicts = nil
	t.mu.Unlock()
}

// ledgerFacts are the facts a person's ledger rows gave, with the line of
// each (0: not given).
type ledgerFacts struct {
	birthLine, sexLine int
	where              func(int) string
}

// mark notes that the ledger has person id (a person rejected for its own
// rows still matched its table row).
func (t *PersonTable) mark(id string) {
	if t == nil {
		return
	}
	if k, ok := t.index[id]; ok {
		atomic.StoreUint32(&t.rows[k].used, 1)
	}
}

// join adds the table's facts for person id to c, marking the row used.
// A table row that cannot be used, or that contradicts a fact of the
// ledger, rejects the person (the error at first, or the ledger line of the
// contradicted fact, naming the table's row).
func (t *PersonTable) join(id string, c *yibao.Case, lf ledgerFacts, first int) []RowError {
	if t == nil {
		return nil
	}
	k, ok := t.index[id]
	if !ok {
		return nil
	}
	r := &t.rows[k]
	atomic.StoreUint32(&r.used, 1)
	if r.bad {
		return []RowError{{Line: first, Column: string(PersonID), Reason: fmt.Sprintf("the persons table's row for %s cannot be used (%s: %s)", id, t.at(int(r.line)), t.why[k])}}
	}
	if c.Person == nil {
		c.Person = &yibao.Person{}
	}
	p := c.Person
	var es []RowError
	clash := func(f Field, line int, ledger, table string) {
		w := lf.where
		if w == nil {
			w = lineWhere
		}
		es = append(es, RowError{Line: line, Column: string(f), Reason: fmt.Sprintf("%s %s here contradicts %s %s in the persons table (%s)", f, ledger, f, table, t.at(int(r.line)))})
		t.mu.Lock()
		t.conflicts = append(t.conflicts, RowError{Line: int(r.line), Column: string(f), Reason: fmt.Sprintf("%s %s contradicts %s %s in the ledger (%s); %s is rejected", f, table, f, ledger, w(line), id)})
		t.mu.Unlock()
		atomic.StoreUint32(&r.clash, 1)
	}
	if r.hasBir {
		if p.Birth != nil && *p.Birth != r.birth {
			clash(Birth, lf.birthLine, p.Birth.String(), r.birth.String())
		} else {
			b := r.birth
			p.Birth = &b
		}
	}
	if sex := sexCodes[r.sex]; sex != "" {
		if p.Sex != "" && p.Sex != sex {
			clash(Sex, lf.sexLine, string(p.Sex), string(sex))
		} else {
			p.Sex = sex
		}
	}
	if r.post != 0 {
		p.Post = postCodes[r.post]
	}
	return es
}

// account writes the table's rejected rows (sorted by position, after the
// ledger's) and returns its accounting.
func (t *PersonTable) account(sink Sink) (*FactStats, error) {
	if t == nil {
		return nil, nil
	}
	fs := &FactStats{}
	rej := append([]RowError(nil), t.bad...)
	t.mu.Lock()
	rej = append(rej, t.conflicts...)
	t.mu.Unlock()
	sort.SliceStable(rej, func(i, j int) bool { return rej[i].Line < rej[j].Line })
	rejected := map[int]bool{}
	for _, e := range rej {
		rejected[e.Line] = true
		e.Where = t.at(e.Line)
		if err := sink.Reject(e); err != nil {
			return nil, err
		}
	}
	fs.Rejected = len(rejected)
	fs.RowsIn = t.rowsIn
	for i := range t.rows {
		r := &t.rows[i]
		switch {
		case r.bad || atomic.LoadUint32(&r.clash) == 1: // among the rejected
		case atomic.LoadUint32(&r.used) == 1:
			fs.Used++
		default:
			fs.Unmatched++
			if len(fs.UnmatchedIDs) < 5 { // the rows are in table order
				fs.UnmatchedIDs = append(fs.UnmatchedIDs, fmt.Sprintf("%s (%s)", r.id, t.where(int(r.line))))
			}
		}
	}
	return fs, nil
}
