package report

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"yibao/caseio"
)

// TestEncodingErrorsBilingual: a file in the wrong encoding is refused in
// Chinese and in English, not in one mixed sentence given for both (issue
// 14: the CLI printed the same zh/en string twice).
func TestEncodingErrorsBilingual(t *testing.T) {
	han := regexp.MustCompile(`\p{Han}`)
	for _, tc := range []struct {
		name, enc string
		src       []byte
		zh, en    string
	}{
		{"utf-16", "", []byte("\xff\xfea\x00:\x00"), "UTF-16 编码", "the file is UTF-16"},
		{"gb18030 read as utf-8", "", []byte("note: \xd6\xd0\xce\xc4\n"), "疑似 GB18030/GBK", "looks like GB18030/GBK"},
		{"not utf-8", "", []byte("a: \xff\xff\n"), "第一个无效字节 0xFF", "first bad byte 0xFF"},
		{"not gb18030", "gb18030", []byte("a: \xd6\n"), "不是有效的 GB18030/GBK 编码", "not valid GB18030/GBK"},
		{"utf-8 read as gb18030", "gb18030", []byte("note: 门\n"), "文件像是 UTF-8", "looks like UTF-8"},
	} {
		_, err := caseio.Decode(tc.src, tc.enc)
		var es caseio.Errors
		if !errors.As(err, &es) || len(es) != 1 {
			t.Fatalf("%s: want one error, got %v", tc.name, err)
		}
		zh, en := ErrorMessage(es[0], ZH), ErrorMessage(es[0], EN)
		if !strings.Contains(zh, tc.zh) || !strings.Contains(en, tc.en) {
			t.Errorf("%s:\nzh %q lacks %q or\nen %q lacks %q", tc.name, zh, tc.zh, en, tc.en)
		}
		if han.MatchString(en) {
			t.Errorf("%s: the English has Chinese: %q", tc.name, en)
		}
	}
}

// TestRegionErrorsBilingual: a region that cannot be resolved is refused in
// Chinese without the region package's English sentence inside it (issue
// 14: 无法确定参保地（no region matches …）), and in English.
func TestRegionErrorsBilingual(t *testing.T) {
	english := regexp.MustCompile(`no region|did you mean|names \d+ regions|not a GB`)
	for _, tc := range []struct{ region, zh, en string }{
		{"泸洲", "是否要找：泸州市 (510500)", "did you mean 泸州市 (510500)"},
		{"朝阳", "对应 4 个地区", `"朝阳" names 4 regions`},
		{"xyzzy地", "找不到地区", "no region matches"},
		{"510599", "不是有效的 GB/T 2260 行政区划代码", "is not a GB/T 2260 region code"},
	} {
		_, err := caseio.Parse([]byte("region: " + tc.region + "\nas_of: 2026-01-01\nresident_years: [{year: 2025, status: paid}]\n"))
		var es caseio.Errors
		if !errors.As(err, &es) {
			t.Fatalf("%s: got %v", tc.region, err)
		}
		found := false
		for _, e := range es {
			if e.Path != "region" {
				continue
			}
			found = true
			zh, en := ErrorMessage(e, ZH), ErrorMessage(e, EN)
			if !strings.Contains(zh, tc.zh) || !strings.Contains(en, tc.en) {
				t.Errorf("%s:\nzh %q lacks %q or\nen %q lacks %q", tc.region, zh, tc.zh, en, tc.en)
			}
			if english.MatchString(zh) {
				t.Errorf("%s: the Chinese has English: %q", tc.region, zh)
			}
		}
		if !found {
			t.Errorf("%s: no region error in %v", tc.region, es)
		}
	}
}
