package policy

import (
	"strings"
	"testing"
)

func TestParseTiers(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []Tier
		err  string
	}{
		{in: "4-6: 1, 7-: 6", want: []Tier{{4, 6, 1}, {7, 0, 6}}},
		{in: "1-3:0", want: []Tier{{1, 3, 0}}},
		{in: "4-6: 1, 6-: 6", err: "overlap"},
		{in: "7-: 6, 4-6: 1", err: "overlap"},
		{in: "4-: 1, 7-: 6", err: "overlap"},
		{in: "6-4: 1", err: "not below its start"},
		{in: "4-6", err: "not a range with a value"},
		{in: "a-6: 1", err: "start with a whole number"},
		{in: "4-6: -1", err: "whole number of months"},
		{in: "", err: "not a range"},
	} {
		got, msg := parseTiers(tc.in)
		if tc.err != "" {
			if !strings.Contains(msg, tc.err) {
				t.Errorf("%q: error %q, want one containing %q", tc.in, msg, tc.err)
			}
			continue
		}
		if msg != "" || len(got) != len(tc.want) {
			t.Fatalf("%q: %v %q", tc.in, got, msg)
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%q: tier %d = %v, want %v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
	v := Value{Tiers: []Tier{{4, 6, 1}, {7, 0, 6}}}
	for n, want := range map[int]int{3: -1, 4: 1, 6: 1, 7: 6, 100: 6} {
		got, ok := v.TierFor(n)
		if (want < 0) == ok || (ok && got != want) {
			t.Errorf("TierFor(%d) = %d, %v", n, got, ok)
		}
	}
}

// FuzzParseTiers: any text either parses into increasing, non-overlapping
// tiers whose lookup agrees with a scan, or is refused with a message.
func FuzzParseTiers(f *testing.F) {
	for _, s := range []string{"4-6: 1, 7-: 6", "1-3:0", "0-0: 0", "4-6", "9999999999999999999-: 1", "1-2:3,3-4:5,6-:7"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, msg := parseTiers(s)
		if msg != "" {
			if ts != nil {
				t.Fatalf("%q: tiers and an error", s)
			}
			return
		}
		if len(ts) == 0 {
			t.Fatalf("%q: no tiers and no error", s)
		}
		for i, x := range ts {
			if x.From < 0 || x.Value < 0 || (x.To != 0 && x.To < x.From) {
				t.Fatalf("%q: bad tier %v", s, x)
			}
			if i > 0 && (ts[i-1].To == 0 || x.From <= ts[i-1].To) {
				t.Fatalf("%q: tiers overlap: %v", s, ts)
			}
		}
		v := Value{Tiers: ts}
		for n := 0; n < 40; n++ {
			got, ok := v.TierFor(n)
			var want, found = 0, false
			for _, x := range ts {
				if n >= x.From && (x.To == 0 || n <= x.To) {
					want, found = x.Value, true
					break
				}
			}
			if ok != found || got != want {
				t.Fatalf("%q: TierFor(%d) = %d, %v; scan %d, %v", s, n, got, ok, want, found)
			}
		}
	})
}
