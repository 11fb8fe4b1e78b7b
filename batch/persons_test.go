package batch_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"yibao"
	"yibao/batch"
)

// withFacts is a ledger (genLedger's) and each person's facts, as extra
// columns of the ledger's rows and as a persons table (shuffled, with
// extra persons the ledger does not have).
type withFacts struct {
	plain, inLedger string
	table           [][]string
	persons, extra  int
}

func genWithFacts(n int, seed uint64) withFacts {
	r := rand.New(rand.NewPCG(seed, 11))
	plain := genLedger(n, seed)
	lines := strings.Split(strings.TrimSuffix(plain, "\n"), "\n")
	facts := map[string][2]string{}
	var b strings.Builder
	b.WriteString(lines[0] + ",出生日期,性别\n")
	var ids []string
	for _, l := range lines[1:] {
		id := l[:strings.IndexByte(l, ',')]
		f, ok := facts[id]
		if !ok {
			// ages both sides of 贵阳's 35-year rate step, and of 上海's resident age groups
			f = [2]string{fmt.Sprintf("%d-%02d-%02d", 1950+r.IntN(55), 1+r.IntN(12), 1+r.IntN(28)), []string{"男", "女"}[r.IntN(2)]}
			facts[id] = f
			ids = append(ids, id)
		}
		b.WriteString(l + "," + f[0] + "," + f[1] + "\n")
	}
	w := withFacts{plain: plain, inLedger: b.String(), persons: len(ids), extra: 3}
	w.table = [][]string{{"个人编号", "出生日期", "性别"}}
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	for i, id := range ids {
		w.table = append(w.table, []string{id, facts[id][0], facts[id][1]})
		if i%50 == 0 && w.extra > 0 { // persons the ledger does not have
			w.table = append(w.table, []string{fmt.Sprintf("X%03d", w.extra), "1970-01-01", "男"})
			w.extra--
		}
	}
	w.extra = 3 - w.extra
	return w
}

func writeCSV(t testing.TB, path string, recs [][]string) {
	t.Helper()
	var b strings.Builder
	for _, r := range recs {
		b.WriteString(strings.Join(r, ",") + "\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
}

func loadPersons(t testing.TB, path string) *batch.PersonTable {
	t.Helper()
	pt, err := batch.LoadPersons(openSource(t, path), filepath.Base(path), nil)
	if err != nil {
		t.Fatal(err)
	}
	return pt
}

// TestPersonsTableEqualsLedgerFacts: birth and sex in a persons table (CSV
// or XLSX) give the same results as the same facts in every ledger row, on
// the generic and the fast reader; the table's accounting adds up; and the
// facts change some answers (so the join is seen to happen).
func TestPersonsTableEqualsLedgerFacts(t *testing.T) {
	w := genWithFacts(300, 5)
	dir := t.TempDir()
	writeCSV(t, filepath.Join(dir, "persons.csv"), w.table)
	writeXLSX(t, filepath.Join(dir, "persons.xlsx"), w.table)
	opt := batch.Options{Defaults: asOfDefaults()}
	want := runGeneric(t, w.inLedger, opt)
	without := runGeneric(t, w.plain, opt)
	if want.Err != "" || len(want.Results) < 250 {
		t.Fatalf("facts in the ledger: %d rejects, %s\n%s", len(want.Rejects), want.Err, rejectsText(want))
	}
	changed := 0
	for i := range want.Results {
		if want.Results[i] != without.Results[i] {
			changed++
		}
	}
	if changed == 0 {
		t.Fatal("birth and sex change no answer: the test cannot tell a join from none")
	}
	t.Logf("%d of %d persons' answers depend on their facts", changed, len(want.Results))
	if fast, ok := runFast(t, w.inLedger, opt, t.TempDir()); !ok {
		t.Fatal("fast reader declined the ledger with facts")
	} else {
		diffOutcome(t, "fast, facts in the ledger", fast, want)
	}
	for _, table := range []string{"persons.csv", "persons.xlsx"} {
		pt := loadPersons(t, filepath.Join(dir, table))
		o := opt
		o.Persons = pt
		check := func(what string, got outcome) {
			t.Helper()
			f := got.Stats.Facts
			got.Stats.Facts = nil
			diffOutcome(t, what, got, want)
			wantF := &batch.FactStats{RowsIn: w.persons + w.extra, Used: w.persons, Unmatched: w.extra}
			if f == nil || f.RowsIn != wantF.RowsIn || f.Used != wantF.Used || f.Rejected != 0 || f.Unmatched != wantF.Unmatched {
				t.Errorf("%s: persons table accounting %+v, want %+v", what, f, wantF)
			} else if f.RowsIn != f.Used+f.Rejected+f.Unmatched {
				t.Errorf("%s: %d in ≠ %d used + %d rejected + %d unmatched", what, f.RowsIn, f.Used, f.Rejected, f.Unmatched)
			}
			if len(f.UnmatchedIDs) != w.extra || !strings.HasPrefix(f.UnmatchedIDs[0], "X00") {
				t.Errorf("%s: unmatched listed as %q", what, f.UnmatchedIDs)
			}
		}
		check(table+", generic", runGeneric(t, w.plain, o))
		fast, ok := runFast(t, w.plain, o, t.TempDir())
		if !ok {
			t.Fatalf("%s: fast reader declined", table)
		}
		check(table+", fast", fast)
		// a second run on the same table starts from fresh marks
		check(table+", generic again", runGeneric(t, w.plain, o))
	}
}

func asOfDefaults() batch.Defaults {
	d, _ := yibao.ParseDate("2026-09-15")
	return batch.Defaults{AsOf: d}
}

const factsLedger = `个人编号,参保地,费款所属期,险种,缴费状态,缴费基数,出生日期,性别
G1,520100,2024-10,灵活就业,已缴,,,
G1,520100,2024-11,灵活就业,已缴,,,
G1,520100,2024-12,灵活就业,已缴,,1995-06-01,
G1,520100,2025-01,灵活就业,未缴,,,
G2,520100,2024-10,灵活就业,已缴,,,
G2,520100,2024-11,灵活就业,已缴,,,男
G2,520100,2025-01,灵活就业,未缴,,,
G3,520100,2024-12,灵活就业,已缴,,,
G3,520100,2025-01,灵活就业,未缴,,,
`

// runBoth runs the generic and the fast reader and checks they agree.
func runBoth(t *testing.T, ledger string, opt batch.Options) outcome {
	t.Helper()
	g := runGeneric(t, ledger, opt)
	f, ok := runFast(t, ledger, opt, t.TempDir())
	if !ok {
		t.Fatal("fast reader declined")
	}
	diffOutcome(t, "fast vs generic", f, g)
	return g
}

func personsOpt(t *testing.T, table string) batch.Options {
	t.Helper()
	path := filepath.Join(t.TempDir(), "persons.csv")
	if err := os.WriteFile(path, []byte(table), 0o600); err != nil {
		t.Fatal(err)
	}
	d, _ := yibao.ParseDate("2025-03-10")
	return batch.Options{Defaults: batch.Defaults{AsOf: d, Persons: loadPersons(t, path)}}
}

func rejectsText(o outcome) string {
	var b strings.Builder
	for _, e := range o.Rejects {
		fmt.Fprintf(&b, "%s|%s|%s\n", e.Loc(), e.Column, e.Reason)
	}
	return b.String()
}

// TestPersonsConflict: a persons row that contradicts the ledger's birth or
// sex rejects the person (at the ledger's line, naming the table's) and is
// itself rejected (naming the ledger's line); facts that agree, or that
// only one side gives, are joined.
func TestPersonsConflict(t *testing.T) {
	opt := personsOpt(t, "个人编号,出生日期,性别\nG1,1990-01-01,女\nG2,1980-03-15,女\nG3,1995-06-01,男\n")
	o := runBoth(t, factsLedger, opt)
	rej := rejectsText(o)
	for _, want := range []string{
		"4|birth|birth 1995-06-01 here contradicts birth 1990-01-01 in the persons table (persons.csv line 2)",
		"7|sex|sex male here contradicts sex female in the persons table (persons.csv line 3)",
		"persons.csv line 2|birth|birth 1990-01-01 contradicts birth 1995-06-01 in the ledger (line 4); G1 is rejected",
		"persons.csv line 3|sex|sex female contradicts sex male in the ledger (line 7); G2 is rejected",
	} {
		if !strings.Contains(rej, want) {
			t.Errorf("rejects lack %q:\n%s", want, rej)
		}
	}
	if len(o.Results) != 1 || !strings.HasPrefix(o.Results[0], "G3|") {
		t.Errorf("results %q, want G3 alone", o.Results)
	}
	f := o.Stats.Facts
	if f.RowsIn != 3 || f.Used != 1 || f.Rejected != 2 || f.Unmatched != 0 {
		t.Errorf("accounting %+v, want 3 in = 1 used + 2 rejected", f)
	}
	if o.Stats.RowsRejected != 7 || o.Stats.PersonsRejected != 2 {
		t.Errorf("ledger: %d rows, %d persons rejected; want 7, 2", o.Stats.RowsRejected, o.Stats.PersonsRejected)
	}

	// the same facts on both sides: no conflict
	opt = personsOpt(t, "个人编号,出生日期,性别\nG1,1995-06-01,女\nG2,1980-03-15,男\n")
	o = runBoth(t, factsLedger, opt)
	if len(o.Rejects) != 0 || len(o.Results) != 3 {
		t.Errorf("agreeing facts: %d results, rejects:\n%s", len(o.Results), rejectsText(o))
	}
	if f := o.Stats.Facts; f.Used != 2 || f.Rejected != 0 || f.Unmatched != 0 || f.RowsIn != 2 {
		t.Errorf("accounting %+v", f)
	}
}

// TestLedgerFactsDisagree: two rows of one person with different births
// (or sexes) reject the person naming both lines — never the last one
// silently.
func TestLedgerFactsDisagree(t *testing.T) {
	ledger := strings.Replace(factsLedger, "G1,520100,2024-10,灵活就业,已缴,,,", "G1,520100,2024-10,灵活就业,已缴,,1990-01-01,女", 1)
	ledger = strings.Replace(ledger, "G2,520100,2025-01,灵活就业,未缴,,,", "G2,520100,2025-01,灵活就业,未缴,,,女", 1)
	d, _ := yibao.ParseDate("2025-03-10")
	o := runBoth(t, ledger, batch.Options{Defaults: batch.Defaults{AsOf: d}})
	rej := rejectsText(o)
	for _, want := range []string{
		"4|birth|1995-06-01 differs from 1990-01-01 on line 2: one person, one birth date",
		"8|sex|female differs from male on line 7: one person, one sex",
	} {
		if !strings.Contains(rej, want) {
			t.Errorf("rejects lack %q:\n%s", want, rej)
		}
	}
	if len(o.Results) != 1 {
		t.Errorf("results %q, want G3 alone", o.Results)
	}
}

// TestPersonsDuplicatesAndBadRows: an id twice in the table rejects both
// rows (each naming both lines) and its ledger person; a bad value rejects
// its row and its person; a row without an id is rejected alone.
func TestPersonsDuplicatesAndBadRows(t *testing.T) {
	opt := personsOpt(t, "个人编号,出生日期,性别\nG1,1995-06-01,女\nG2,1980-02-30,男\nG1,1995-06-01,女\n,1970-01-01,男\nG3,1990-01-01,X\nG9,1990-01-01,男\n")
	o := runBoth(t, factsLedger, opt)
	rej := rejectsText(o)
	for _, want := range []string{
		"persons.csv line 2|person_id|G1 is in the persons table twice: line 2 and line 4; one row per person (neither row is used)",
		"persons.csv line 4|person_id|G1 is in the persons table twice: line 2 and line 4",
		"persons.csv line 3|birth|\"1980-02-30\": want a date YYYY-MM-DD or YYYYMMDD",
		"persons.csv line 5|person_id|empty",
		"persons.csv line 6|sex|\"X\": want male or female",
		"2|person_id|the persons table's row for G1 cannot be used (persons.csv line 2: duplicate: G1 is in the persons table twice (line 2 and line 4))",
		"6|person_id|the persons table's row for G2 cannot be used (persons.csv line 3: birth \"1980-02-30\"",
	} {
		if !strings.Contains(rej, want) {
			t.Errorf("rejects lack %q:\n%s", want, rej)
		}
	}
	if len(o.Results) != 0 {
		t.Errorf("results %q, want none", o.Results)
	}
	f := o.Stats.Facts
	want := batch.FactStats{RowsIn: 6, Used: 0, Rejected: 5, Unmatched: 1, UnmatchedIDs: []string{"G9 (line 7)"}}
	if !reflect.DeepEqual(*f, want) {
		t.Errorf("accounting %+v, want %+v", *f, want)
	}
}

// TestPersonsHeaderAndCap: a table without a fact column, and one beyond
// MaxPersons, are refused with errors that say so.
func TestPersonsHeaderAndCap(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "p.csv")
	os.WriteFile(p, []byte("个人编号,姓名\nA,张三\n"), 0o600)
	if _, err := batch.LoadPersons(openSource(t, p), "p.csv", nil); err == nil || !strings.Contains(err.Error(), "no fact column") {
		t.Errorf("no fact column: %v", err)
	}
	os.WriteFile(p, []byte("个人编号,出生日期,岗位\nA,1970-01-01,干部\nB,1971-01-01,工人\nC,1972-01-01,worker\n"), 0o600)
	defer func(n int) { batch.MaxPersons = n }(batch.MaxPersons)
	batch.MaxPersons = 2
	if _, err := batch.LoadPersons(openSource(t, p), "p.csv", nil); err == nil || !strings.Contains(err.Error(), "line 4: more than 2 persons (batch.MaxPersons") {
		t.Errorf("cap: %v", err)
	}
	batch.MaxPersons = 3
	if _, err := batch.LoadPersons(openSource(t, p), "p.csv", nil); err != nil {
		t.Errorf("at the cap: %v", err)
	}
}

// TestPersonsBirthChangesAnswer: 贵阳 prices flexible workers by age (3.4%
// at 35 or younger, 4.4% above): the same ledger costs less for a person
// born in 1995 than for one born in 1980 or of unknown age.
func TestPersonsBirthChangesAnswer(t *testing.T) {
	ledger := "个人编号,参保地,费款所属期,险种,缴费状态\nG1,520100,2024-10,灵活就业,已缴\nG1,520100,2024-11,灵活就业,已缴\nG1,520100,2024-12,灵活就业,已缴\nG1,520100,2025-01,灵活就业,未缴\nG1,520100,2025-02,灵活就业,未缴\n"
	amount := func(table string) string {
		o := runBoth(t, ledger, personsOpt(t, table))
		if len(o.Results) != 1 {
			t.Fatalf("results %q, rejects:\n%s", o.Results, rejectsText(o))
		}
		return strings.Split(o.Results[0], "|")[12]
	}
	young, older, unknown := amount("个人编号,出生日期\nG1,1995-06-01\n"), amount("个人编号,出生日期\nG1,1980-03-15\n"), amount("个人编号,出生日期\nG0,1980-03-15\n")
	if young != "74178" || older != "95994" || unknown != older {
		t.Errorf("amounts: born 1995 %s, born 1980 %s, unknown %s; want 74178, 95994, 95994", young, older, unknown)
	}
}

// FuzzPersons: any persons table either is refused with an error or loads,
// and then a run on both readers agrees and accounts for every table row
// (in = used + rejected + unmatched, each at least 0).
func FuzzPersons(f *testing.F) {
	f.Add("个人编号,出生日期,性别\nG1,1990-01-01,女\nG2,19800315,男\n")
	f.Add("个人编号,出生日期,性别\nG1,1990-01-01,女\nG1,1990-01-01,女\n,,\nG3,x,y\n")
	f.Add("person_id,birth,sex,post\nG1,1995-06-01,female,cadre\nG9,1970-01-01,m,worker\n\"G2\",\"1980-03-15\",\"男\"\n")
	f.Add("个人编号,岗位\nG1,干部\nG2,\"工人\n")
	f.Fuzz(func(t *testing.T, table string) {
		src := batch.NewCSVSource(strings.NewReader(table), ',')
		pt, err := batch.LoadPersons(src, "p.csv", nil)
		if err != nil {
			return
		}
		d, _ := yibao.ParseDate("2025-03-10")
		o := runBoth(t, factsLedger, batch.Options{Defaults: batch.Defaults{AsOf: d, Persons: pt}})
		fs := o.Stats.Facts
		if fs == nil || fs.Used < 0 || fs.Rejected < 0 || fs.Unmatched < 0 || fs.RowsIn != fs.Used+fs.Rejected+fs.Unmatched {
			t.Fatalf("accounting %+v", fs)
		}
		if st := o.Stats; st.RowsIn != st.RowsUsed+st.RowsRejected {
			t.Fatalf("ledger accounting %+v", st)
		}
	})
}
