package batch

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"yibao"
)

// ParseWindow reads a window such as 30d, 2w or 90d as days.
func ParseWindow(s string) (int, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	mult := 0
	switch {
	case strings.HasSuffix(s, "d"):
		mult = 1
	case strings.HasSuffix(s, "w"):
		mult = 7
	}
	n, err := strconv.Atoi(strings.TrimRight(s, "dw"))
	if mult == 0 || err != nil || n < 0 || n*mult > 3660 {
		return 0, fmt.Errorf("%q: want days or weeks up to ten years, e.g. 30d, 2w, 90d", s)
	}
	return n * mult, nil
}

// DueWithin passes on only the persons whose back-pay deadline is still
// open and falls within Days of the as-of date, soonest first (persons with
// the same deadline in input order), when Flush is called. Rejected rows
// pass straight through.
type DueWithin struct {
	Sink
	AsOf yibao.Date
	Days int
	held []Result
}

// Result holds a result whose deadline is in the window.
func (d *DueWithin) Result(r Result) error {
	if r.Deadline == "" || r.BackpayAllowed != "yes" {
		return nil
	}
	dl, err := yibao.ParseDate(r.Deadline)
	if err != nil || dl < d.AsOf || dl > d.AsOf.AddDays(d.Days) {
		return nil
	}
	d.held = append(d.held, r)
	return nil
}

// Flush writes the held results, soonest deadline first, and says how
// many there were.
func (d *DueWithin) Flush() (int, error) {
	sort.SliceStable(d.held, func(i, j int) bool { return d.held[i].Deadline < d.held[j].Deadline })
	for _, r := range d.held {
		if err := d.Sink.Result(r); err != nil {
			return 0, err
		}
	}
	return len(d.held), nil
}
