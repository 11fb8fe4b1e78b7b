package caseio

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// The GB18030 fixture is the UTF-8 one as Chinese Excel saves it: ASCII
// until line 22, whose first Chinese character is at column 11.
func readTwins(t testing.TB) (utf, gb []byte) {
	t.Helper()
	utf, err := os.ReadFile("testdata/excel-utf8.yaml")
	if err != nil {
		t.Fatal(err)
	}
	gb, err = os.ReadFile("testdata/excel-gb18030.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return utf, gb
}

// TestTwinsAgree: the GB18030 fixture is the encoding of the UTF-8 one (by
// x/text's encoder, not the decoder under test).
func TestTwinsAgree(t *testing.T) {
	utf, gb := readTwins(t)
	want, err := simplifiedchinese.GB18030.NewEncoder().Bytes(utf)
	if err != nil || !bytes.Equal(gb, want) {
		t.Fatalf("testdata/excel-gb18030.yaml is not excel-utf8.yaml in GB18030 (err %v)", err)
	}
	if utf8.Valid(gb) {
		t.Fatal("the GB18030 fixture is valid UTF-8: it tests nothing")
	}
}

func TestDecode(t *testing.T) {
	utf, gb := readTwins(t)
	bom := []byte{0xEF, 0xBB, 0xBF}
	gbHint := "looks like GB18030/GBK"
	for _, tc := range []struct {
		name, enc string
		src       []byte
		want      []byte // decoded text, when no error
		pos       string // "line:col" of the error, when one is wanted
		msg       []string
		notMsg    []string
	}{
		{name: "utf-8 passes unchanged", src: utf, want: utf},
		{name: "utf-8 named", enc: "UTF-8", src: utf, want: utf},
		{name: "utf8 alias", enc: "utf8", src: []byte("a: 泸州\n"), want: []byte("a: 泸州\n")},
		{name: "ascii", src: []byte("region: \"510500\"\n"), want: []byte("region: \"510500\"\n")},
		{name: "empty", src: []byte{}, want: []byte{}},
		{name: "BOM dropped", src: append(append([]byte{}, bom...), utf...), want: utf},
		{name: "BOM wins over gb18030", enc: "gb18030", src: append(append([]byte{}, bom...), utf...), want: utf},
		{name: "only the first BOM", src: append(append([]byte{}, bom...), bom...), want: bom},
		{name: "gb18030 file read as utf-8: line 22", src: gb, pos: "22:11",
			msg: []string{"--encoding gb18030", "charset=gb18030", "the file is not UTF-8 (looks like GB18030/GBK", "save it as UTF-8"}},
		{name: "gb18030 decoded", enc: "gb18030", src: gb, want: utf},
		{name: "gbk decoded", enc: "GBK", src: gb, want: utf},
		{name: "gb2312 decoded", enc: "gb2312", src: gb, want: utf},
		{name: "gb18030 four-byte sequence", enc: "gb18030", src: []byte("a: \x81\x30\x81\x30\n"), want: []byte("a: \u0080\n")},
		{name: "gb18030 0x80 is the euro sign (CP936)", enc: "gbk", src: []byte("a: \x80\n"), want: []byte("a: €\n")},
		{name: "gb18030 BOM dropped", enc: "gb18030", src: []byte("\x84\x31\x95\x33a: 1\n"), want: []byte("a: 1\n")},
		{name: "gb18030 U+FFFD is not an error", enc: "gb18030", src: []byte("a: \x84\x31\xA4\x37\n"), want: []byte("a: \uFFFD\n")},
		{name: "not utf-8, not gb18030 either", src: []byte("a: 1\nb: 泸\xff\n"), pos: "2:5",
			msg: []string{"0xFF", "not UTF-8 (first bad byte 0xFF)"}, notMsg: []string{gbHint, "--encoding"}},
		{name: "truncated gb18030 is not gb18030", src: []byte("a: \xd6\xd0\xd6"), pos: "1:4",
			msg: []string{"0xD6"}, notMsg: []string{gbHint}},
		{name: "column counts characters", src: []byte("名: 泸州\xff\n"), pos: "1:6", msg: []string{"0xFF"}},
		{name: "first of several bad lines", src: []byte("a: 1\n\nc: \xd6\xd0\nd: \xff\n"), pos: "3:4", msg: []string{"0xD6"}},
		{name: "utf-16", src: []byte("\xff\xfea\x00:\x00"), pos: "1:1", msg: []string{"UTF-16", "save it as UTF-8"}},
		{name: "invalid gb18030", enc: "gb18030", src: []byte("a: \xd6\xd0\nb: \xd6\x0a"), pos: "2:4",
			msg: []string{"0xD6", "not valid GB18030/GBK"}},
		{name: "invalid gb18030, column in characters", enc: "gbk", src: []byte("a: \xd6\xd0\xce\xc4\xff\n"), pos: "1:6", msg: []string{"0xFF"}},
		{name: "unassigned two-byte gb18030", enc: "gb18030", src: []byte("a: \xa1\x40\n"), pos: "1:4", msg: []string{"0xA1"}},
		{name: "invalid gb18030 that is utf-8 says so", enc: "gb18030", src: []byte("note: 门\n"), pos: "1:8", msg: []string{"looks like UTF-8"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Decode(tc.src, tc.enc)
			if tc.pos == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if !bytes.Equal(got, tc.want) {
					t.Fatalf("got %q, want %q", got, tc.want)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 {
				t.Fatalf("want one error at %s, got %v (%q)", tc.pos, err, got)
			}
			if !strings.HasPrefix(es[0].Error(), tc.pos+": ") {
				t.Errorf("got %q, want it at %s", es[0].Error(), tc.pos)
			}
			for _, m := range tc.msg {
				if !strings.Contains(es[0].Msg, m) {
					t.Errorf("message lacks %q: %s", m, es[0].Msg)
				}
			}
			for _, m := range tc.notMsg {
				if strings.Contains(es[0].Msg, m) {
					t.Errorf("message has %q: %s", m, es[0].Msg)
				}
			}
		})
	}
}

func TestDecodeUnknownEncoding(t *testing.T) {
	for _, enc := range []string{"latin1", "iso-8859-1", "utf-16", "big5", "x"} {
		_, err := Decode([]byte("a: 1\n"), enc)
		var ue *UnknownEncodingError
		if !errors.As(err, &ue) || ue.Name != enc {
			t.Fatalf("%s: got %v", enc, err)
		}
		for _, want := range []string{enc, "utf-8", "gb18030", "gbk"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%q lacks %q", err, want)
			}
		}
	}
}

// TestParseNotUTF8: Parse itself refuses bytes that are not UTF-8 with the
// line of the first (the YAML parser said 1:1, "invalid trailing UTF-8
// octet"), and reads a file with a byte order mark.
func TestParseNotUTF8(t *testing.T) {
	utf, gb := readTwins(t)
	_, err := Parse(gb)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 22 || es[0].Col != 11 || !strings.Contains(es[0].Msg, "GB18030") {
		t.Fatalf("got %v", err)
	}
	want, err := Parse(utf)
	if err != nil {
		t.Fatal(err)
	}
	if want.Region != "510500" || want.Bills[0].Note != "门诊（复诊）" {
		t.Fatalf("region %q, note %q", want.Region, want.Bills[0].Note)
	}
	for _, src := range [][]byte{append([]byte("\uFEFF"), utf...), mustDecode(t, gb, "gb18030")} {
		got, err := Parse(src)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: the case differs from its UTF-8 twin", src[:8])
		}
	}
}

func mustDecode(t *testing.T, src []byte, enc string) []byte {
	t.Helper()
	out, err := Decode(src, enc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzDecodeEncoding: Decode never panics; valid UTF-8 without a byte order
// mark passes unchanged; whatever it returns is UTF-8; an error is one
// Error at a real position (or an unknown name).
func FuzzDecodeEncoding(f *testing.F) {
	utf, gb := readTwins(f)
	for _, s := range [][]byte{utf, gb, []byte("\xEF\xBB\xBFa: 1"), []byte("a: \xff"), []byte("\xd6"), []byte("\x81\x30\x81\x30"), []byte("\x84\x31\xA4\x37"), {}} {
		for enc := range 4 {
			f.Add(s, uint8(enc))
		}
	}
	names := []string{"", "utf-8", "gb18030", "GBK", "latin1"}
	f.Fuzz(func(t *testing.T, src []byte, which uint8) {
		enc := names[int(which)%len(names)]
		out, err := Decode(src, enc)
		if err != nil {
			var ue *UnknownEncodingError
			if errors.As(err, &ue) {
				if enc != "latin1" {
					t.Fatalf("%q refused: %v", enc, err)
				}
				return
			}
			var es Errors
			if !errors.As(err, &es) || len(es) != 1 || es[0].Line < 1 || es[0].Col < 1 || es[0].Line > bytes.Count(src, []byte{'\n'})+1 {
				t.Fatalf("error %v", err)
			}
			if n, _ := EncodingName(enc); n == "utf-8" && utf8.Valid(src) {
				t.Fatalf("valid UTF-8 refused: %v", err)
			}
			return
		}
		if enc == "latin1" {
			t.Fatal("latin1 accepted")
		}
		if !utf8.Valid(out) {
			t.Fatalf("%q decoded to invalid UTF-8 %q", src, out)
		}
		if n, _ := EncodingName(enc); n == "utf-8" {
			if !utf8.Valid(src) {
				t.Fatalf("invalid UTF-8 %q accepted", src)
			}
			if !bytes.HasPrefix(src, utf8BOM) && !bytes.Equal(out, src) {
				t.Fatalf("valid UTF-8 changed: %q -> %q", src, out)
			}
		}
	})
}
