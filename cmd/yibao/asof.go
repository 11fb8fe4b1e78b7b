package main

import (
	"flag"
	"fmt"
	"io"
	"time"
	_ "time/tzdata" // Asia/Shanghai without the system's zoneinfo (containers, Windows)

	"yibao"
)

// The CLI's clock. The engine reads no clock: a command without --as-of
// asks this adapter for today's date in China and prints the date it used,
// so the answer can be repeated with --as-of.

// now is the adapter's clock; tests replace it.
var now = time.Now

// chinaZone is Asia/Shanghai from the embedded time zone database (China
// has kept UTC+8 without daylight saving since 1991; the fixed zone is only
// a fallback should the database ever lack the name).
var chinaZone = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// todayInChina is the date in China now.
func todayInChina() yibao.Date {
	y, m, d := now().In(chinaZone).Date()
	return yibao.DateOf(y, int(m), d)
}

// asOf is a command's --as-of flag: the date given, or today in China.
type asOf struct {
	s string
}

func (a *asOf) register(fs *flag.FlagSet) {
	fs.StringVar(&a.s, "as-of", "", cliText("cli.flag.as-of"))
}

// date returns the date and whether it was defaulted to today, or writes
// the error and returns ok false.
func (a *asOf) date(stderr io.Writer) (d yibao.Date, defaulted, ok bool) {
	if a.s == "" {
		return todayInChina(), true, true
	}
	d, err := yibao.ParseDate(a.s)
	if err != nil {
		fmt.Fprintf(stderr, "--as-of: %v\n", err)
		return 0, false, false
	}
	return d, false, true
}

// asOfNote says which date an answer is for and, when it was defaulted,
// how to repeat it.
func asOfNote(d yibao.Date, defaulted bool) string {
	s := cliText("cli.asof") + " " + d.String()
	if defaulted {
		s += cliTextf("cli.asof.defaulted", d)
	}
	return s
}
