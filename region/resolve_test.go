package region

import (
	"errors"
	"testing"
)

func TestResolve(t *testing.T) {
	reg := Default()
	for _, tc := range []struct {
		query, want string
		ambiguous   bool
	}{
		{"泸州", "510500", false},
		{"泸州市", "510500", false},
		{"四川泸州", "510500", false},
		{"嘉峪关市", "620200", false},
		{"黔南州", "522700", false},
		{"黔东南", "522600", false},
		{"泸县", "510521", false}, // a county keeps its code; policy resolves it to 泸州
		{"长沙", "430100", false}, // 长沙市 and its 长沙县: one pooling region
		{"吉林", "220200", false}, // 吉林省 and its 吉林市: the prefecture
		{"上海", "310000", false}, // 直辖市
		{"朝阳", "", true},        // 朝阳市 (辽宁) and 朝阳区 (北京)
		{"510500", "510500", false},
	} {
		r, err := reg.Resolve(tc.query)
		var amb *AmbiguousError
		if tc.ambiguous {
			if !errors.As(err, &amb) || len(amb.Candidates) < 2 {
				t.Errorf("Resolve(%q) = %v, %v; want an ambiguity error", tc.query, r, err)
			}
			continue
		}
		if err != nil || r.Code != tc.want {
			t.Errorf("Resolve(%q) = %s, %v; want %s", tc.query, r.Code, err, tc.want)
		}
	}
	if _, err := reg.Resolve("泸洲"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Resolve(泸洲) err = %v; want not found with suggestions", err)
	}
}
