package httpapi_test

import (
	"encoding/json"
	"net/http/httptest"
	"net/url"
	"testing"
)

// TestRegionsEnglish: /v1/regions answers pinyin queries (the English page's
// search) and gives every region its English name.
func TestRegionsEnglish(t *testing.T) {
	s := newServer(t, nil)
	for _, tc := range []struct {
		q, code, nameEN, fullEN string
		n                       int // regions answered
	}{
		{"luzhou", "510500", "Luzhou", "Luzhou, Sichuan", 2}, // and 潞州区 (长治)
		{"Luzhou, Sichuan", "510500", "Luzhou", "Luzhou, Sichuan", 1},
		{"Xi'an", "610100", "Xi'an", "Xi'an, Shaanxi", 3},
		{"泸州", "510500", "Luzhou", "Luzhou, Sichuan", 1},
		{"上海徐汇", "310104", "Xuhui", "Xuhui, Shanghai", 1},
		{"510521", "510521", "Luxian", "Luxian, Luzhou, Sichuan", 1},
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/regions?q="+url.QueryEscape(tc.q), nil))
		if rec.Code != 200 {
			t.Fatalf("%s: status %d: %s", tc.q, rec.Code, rec.Body)
		}
		var ans struct {
			Regions []struct {
				Code       string `json:"code"`
				NameEN     string `json:"name_en"`
				FullNameEN string `json:"full_name_en"`
			} `json:"regions"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &ans); err != nil {
			t.Fatal(err)
		}
		if len(ans.Regions) != tc.n {
			t.Errorf("%s: %d regions, want %d: %s", tc.q, len(ans.Regions), tc.n, rec.Body)
			continue
		}
		if r := ans.Regions[0]; r.Code != tc.code || r.NameEN != tc.nameEN || r.FullNameEN != tc.fullEN {
			t.Errorf("%s: first region %+v, want %s %s %q", tc.q, r, tc.code, tc.nameEN, tc.fullEN)
		}
	}
	// a pinyin name that is no region falls through to the usual answer:
	// nothing, with suggestions where the Chinese look-up has any
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("GET", "/v1/regions?q=nowhere", nil))
	if rec.Code != 200 {
		t.Errorf("nowhere: status %d", rec.Code)
	}
}
