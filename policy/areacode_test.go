package policy

import (
	"testing"

	"yibao/region"
)

// TestAreaCodesAgreeWithTable: a region file's area_code is documentation
// only (answers take the code from region.AreaCode), so it must agree with
// the one table: a city or 直辖市 file carries its own code, a province file
// its capital's, and every file carries one.
func TestAreaCodesAgreeWithTable(t *testing.T) {
	s, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range s.Regions() {
		want := region.AreaCode(CityOf(r.Code))
		if want == "" {
			t.Errorf("%s (%s): no area code in region/data/areacodes.tsv for %s", r.File, r.NameZH, r.Code)
			continue
		}
		if r.AreaCode != want {
			t.Errorf("%s (%s): area_code %q, but the area-code table gives %q; set area_code: %q", r.File, r.NameZH, r.AreaCode, want, want)
		}
	}
}
