package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"yibao/region"
)

// TestCommittedTableIsGenerated: region/data/areacodes.tsv is exactly what
// the generator makes from the vendored data, so the table has one source.
func TestCommittedTableIsGenerated(t *testing.T) {
	got, err := generate("data/libphonenumber-zh-86-fixedline.txt", "data/additions.tsv", sourceName, region.Default(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../region/data/areacodes.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Fatal("region/data/areacodes.tsv differs from the generator's output: run go run ./tools/areacodegen")
	}
}

// TestGeneratorErrors: conflicts and stale additions stop the run with a
// message that says what to do.
func TestGeneratorErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	none := write("none.tsv", "# nothing\n")
	for name, tc := range map[string]struct{ src, add, want string }{
		"conflict":     {"86977|青海省海西蒙古族藏族自治州\n86979|青海省海西蒙古族藏族自治州\n", none, "add a choose line"},
		"prefix":       {"8633|河北省秦皇岛市\n", none, "add a full line"},
		"stale shares": {"86937|甘肃省酒泉市、嘉峪关市\n", write("s.tsv", "shares\t620200\t嘉峪关市\t620900\tx\n"), "drop the shares line"},
		"no province":  {"86999|火星\n", none, "names no province"},
		"bad kind":     {"86830|四川省泸州市\n", write("k.tsv", "guess\t510500\t泸州市\t0830\tx\n"), "unknown kind"},
	} {
		src := write(name+".txt", tc.src)
		_, err := generate(src, tc.add, "test", region.Default(), io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
	// capital-headed entries win over a city's own stale entry
	src := write("merge.txt", "86851|贵州省贵阳市、遵义市、安顺市\n86852|贵州省遵义市\n")
	b, err := generate(src, none, "test", region.Default(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "520300\t0851\t遵义市") {
		t.Errorf("遵义 not 0851:\n%s", b)
	}
}
