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
