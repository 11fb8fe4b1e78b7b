package yibao

import (
	"testing"
)

func TestMonth(t *testing.T) {
	tests := []struct {
		in      string
		add     int
		want    string
		last    string
		wantErr bool
	}{
		{"2025-01", 1, "2025-02", "2025-01-31", false},
		{"2025-01", 13, "2026-02", "2025-01-31", false},
		{"2025-12", 1, "2026-01", "2025-12-31", false},
		{"2024-02", 0, "2024-02", "2024-02-29", false},
		{"2025-02", -2, "2024-12", "2025-02-28", false},
		{"2025-13", 0, "", "", true},
		{"2025-1", 0, "", "", true},
		{"25-01-01", 0, "", "", true},
		{"1899-12", 0, "", "", true},
	}
	for _, tt := range tests {
		m, err := ParseMonth(tt.in)
		if (err != nil) != tt.wantErr {
			t.Fatalf("ParseMonth(%q) err = %v", tt.in, err)
		}
		if err != nil {
			continue
		}
		if got := m.Add(tt.add).String(); got != tt.want {
			t.Errorf("%s + %d = %s, want %s", tt.in, tt.add, got, tt.want)
		}
		if got := m.Last().String(); got != tt.last {
			t.Errorf("%s.Last() = %s, want %s", tt.in, got, tt.last)
		}
	}
}

func TestDate(t *testing.T) {
	tests := []struct {
		in   string
		days int
		want string
	}{
		{"2025-01-01", 90, "2025-04-01"},
		{"2025-02-28", 90, "2025-05-29"},
		{"2024-02-28", 1, "2024-02-29"},
		{"1970-01-01", -1, "1969-12-31"},
		{"2000-02-29", 366, "2001-03-01"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.AddDays(tt.days).String(); got != tt.want {
			t.Errorf("%s + %d days = %s, want %s", tt.in, tt.days, got, tt.want)
		}
	}
	for _, bad := range []string{"2025-02-29", "2025-04-31", "2025-00-10", "2025/01/01", "2025-1-01", ""} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestFenAndRate(t *testing.T) {
	for in, want := range map[string]Fen{"400": 40000, "7646.5": 764650, "0.01": 1, "-3.20": -320} {
		got, err := ParseYuan(in)
		if err != nil || got != want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"1.234", "", ".5", "1e3", "12,000"} {
		if _, err := ParseYuan(bad); err == nil {
			t.Errorf("ParseYuan(%q) accepted", bad)
		}
	}
	if got := Fen(1200000).Grouped(); got != "12,000.00" {
		t.Errorf("Grouped = %s", got)
	}
	for in, want := range map[string]Rate{"8.5%": 85000, "0.05%": 500, "10%": 100000, "0.0001%": 1} {
		got, err := ParseRate(in)
		if err != nil || got != want {
			t.Errorf("ParseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("Rate(%d).String() = %s, want %s", got, got.String(), in)
		}
	}
}

func TestMulRate(t *testing.T) {
	half := Rounding{ToFen, HalfUp}
	tests := []struct {
		base Fen
		rate string
		n    int64
		r    Rounding
		want Fen
	}{
		{518600, "8.5%", 1, half, 44081},                // 西宁 SC-17: 5186 × 8.5% = 440.81
		{518600, "2%", 1, half, 10372},                  // 5186 × 2% = 103.72
		{754600, "10%", 1, half, 75460},                 // 上海 7546 × 10%
		{88000, "0.05%", 77, half, 3388},                // late fee
		{449400, "8%", 1, half, 35952},                  // 连云港 4494 × 8% = 359.52
		{754601, "10%", 1, Rounding{ToJiao, Up}, 75470}, // 见分进角
		{754649, "10%", 1, Rounding{ToFen, Down}, 75464},
		{5, "10%", 1, half, 1}, // 0.5 fen rounds up
		{4, "10%", 1, half, 0},
	}
	for _, tt := range tests {
		r, _ := ParseRate(tt.rate)
		if got := MulRate(tt.base, r, tt.n, tt.r); got != tt.want {
			t.Errorf("MulRate(%d, %s, %d, %v) = %d, want %d", tt.base, tt.rate, tt.n, tt.r, got, tt.want)
		}
	}
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2025-01", "2025-13", "0000-00", "abcd-ef", "2025-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseMonth(s)
		if err == nil && m.String() != s {
			t.Fatalf("round trip %q → %q", s, m.String())
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2025-01-31", "2025-02-29", "2024-02-29", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err == nil && d.String() != s {
			t.Fatalf("round trip %q → %q", s, d.String())
		}
	})
}

func FuzzParseYuan(f *testing.F) {
	for _, s := range []string{"400", "7646.50", "-1.5", "1.234", "99999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseYuan(s)
		if err != nil {
			return
		}
		back, err := ParseYuan(v.String())
		if err != nil || back != v {
			t.Fatalf("%q → %d → %q → %d", s, v, v.String(), back)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"8.5%", "0.05%", "100%", "1.23456%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRate(s)
		if err != nil {
			return
		}
		back, err := ParseRate(r.String())
		if err != nil || back != r {
			t.Fatalf("%q → %d → %q", s, r, r.String())
		}
	})
}
