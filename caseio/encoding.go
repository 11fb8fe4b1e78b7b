package caseio

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"yibao/internal/strictyaml"
)

// Encodings are the encoding names Decode accepts, the CLI's --encoding and
// the API's charset: UTF-8 (the default) and GB18030, which Chinese Excel
// and agency systems write. GBK (Code Page 936) and GB2312 are subsets of
// GB18030 and are decoded as GB18030. Names are compared without case;
// "utf8" is UTF-8 too.
var Encodings = []string{"utf-8", "gb18030", "gbk", "gb2312"}

// UnknownEncodingError is Decode's error for a name not in Encodings.
type UnknownEncodingError struct{ Name string }

func (e *UnknownEncodingError) Error() string {
	return fmt.Sprintf("不支持的编码 %q：可用 %s / unknown encoding %q: want one of %s",
		e.Name, strings.Join(Encodings, "、"), e.Name, strings.Join(Encodings, ", "))
}

// EncodingName returns the canonical name of enc ("utf-8" for "" or
// "UTF8", "gb18030" for "GBK"), or false if Decode does not accept it.
func EncodingName(enc string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(enc)) {
	case "", "utf-8", "utf8":
		return "utf-8", true
	case "gb18030", "gbk", "gb2312":
		return "gb18030", true
	}
	return "", false
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// Decode returns src as UTF-8 without a byte order mark, ready for Parse:
// the one place where the CLI (--encoding) and the API (charset=) turn what
// they read into text.
//
// enc is a name from Encodings ("" is UTF-8). A UTF-8 byte order mark is
// dropped, and wins over enc (as in the WHATWG Encoding Standard): such a
// file is UTF-8 whatever it was called. UTF-8 input that is valid is
// returned as it is (a subslice of src, no copy).
//
// An unknown enc is an *UnknownEncodingError. Bytes that are not valid in
// the encoding are Errors holding one Error at the first bad byte's line and
// column (in characters, as Parse counts them); for input that is not UTF-8
// the message says whether it reads as GB18030, and how to send it.
func Decode(src []byte, enc string) ([]byte, error) {
	name, ok := EncodingName(enc)
	if !ok {
		return nil, &UnknownEncodingError{Name: enc}
	}
	if rest, ok := bytes.CutPrefix(src, utf8BOM); ok {
		src, name = rest, "utf-8"
	}
	if name == "gb18030" {
		return decodeGB18030(src)
	}
	if utf8.Valid(src) {
		return src, nil
	}
	return nil, Errors{notUTF8(src)}
}

// notUTF8 describes the first byte of src that is not UTF-8. Its Msg is
// the English; Format and Args let a reader write it in Chinese (the
// catalogue's err.* entry of the same format).
func notUTF8(src []byte) Error {
	bad := firstInvalidUTF8(src)
	p := strictyaml.OffsetPos(src, bad)
	var e Error
	switch {
	case bytes.HasPrefix(src, []byte{0xFF, 0xFE}) || bytes.HasPrefix(src, []byte{0xFE, 0xFF}):
		e = Error{Format: "the file is UTF-16 (Excel's \"Unicode text\"): save it as UTF-8"}
	case firstInvalidGB18030(src) < 0:
		e = Error{Format: "the file is not UTF-8 (looks like GB18030/GBK, as Chinese Excel writes): save it as UTF-8, or pass --encoding gb18030 (CLI) or charset=gb18030 (HTTP Content-Type)"}
	default:
		e = Error{Format: "the file is not UTF-8 (first bad byte 0x%02X): save it as UTF-8", Args: []any{src[bad]}}
	}
	e.Line, e.Col, e.Msg = p.Line, p.Col, fmt.Sprintf(e.Format, e.Args...)
	return e
}

func firstInvalidUTF8(src []byte) int {
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return len(src)
}

// gbReplacement is U+FFFD written in GB18030: the one sequence that decodes
// to U+FFFD without being an error.
var gbReplacement = []byte{0x84, 0x31, 0xA4, 0x37}

// decodeGB18030 decodes src (GB18030, GBK or GB2312) to UTF-8, or reports
// its first bad byte.
func decodeGB18030(src []byte) ([]byte, error) {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	if err != nil { // the decoder replaces bad bytes; it fails on nothing else
		return nil, Errors{{Line: 1, Col: 1, Msg: "GB18030: " + err.Error(), Format: "GB18030: %s", Args: []any{err.Error()}}}
	}
	if bytes.Contains(out, []byte("\uFFFD")) {
		if bad := firstInvalidGB18030(src); bad >= 0 {
			p := gbPos(src, bad)
			e := Error{Line: p.Line, Col: p.Col, Format: "not valid GB18030/GBK (first bad byte 0x%02X)", Args: []any{src[bad]}}
			if utf8.Valid(src) {
				e.Format = "not valid GB18030/GBK (first bad byte 0x%02X); the file looks like UTF-8: leave out --encoding / charset"
			}
			e.Msg = fmt.Sprintf(e.Format, e.Args...)
			return nil, Errors{e}
		}
	}
	// a GB18030 byte order mark (84 31 95 33) decodes to U+FEFF: drop it too
	return bytes.TrimPrefix(out, []byte("\uFEFF")), nil
}

// gbCharLen is the length of the GB18030 sequence that starts src by its
// shape (1, 2 or 4 bytes), as golang.org/x/text's decoder steps through it;
// a byte that starts no sequence is 1.
func gbCharLen(src []byte) int {
	c0 := src[0]
	if c0 <= 0x80 || c0 == 0xFF || len(src) < 2 {
		return 1
	}
	switch c1 := src[1]; {
	case c1 >= 0x40 && c1 <= 0xFE && c1 != 0x7F:
		return 2
	case c1 >= 0x30 && c1 <= 0x39 && len(src) >= 4 && src[2] >= 0x81 && src[2] <= 0xFE && src[3] >= 0x30 && src[3] <= 0x39:
		return 4
	}
	return 1
}

// firstInvalidGB18030 is the offset of the first byte of src that does not
// decode as GB18030 (golang.org/x/text decodes it to U+FFFD), or -1.
func firstInvalidGB18030(src []byte) int {
	dec := simplifiedchinese.GB18030.NewDecoder()
	var buf [8]byte
	for i := 0; i < len(src); {
		n := gbCharLen(src[i:])
		if n == 1 && src[i] < utf8.RuneSelf {
			i++
			continue
		}
		dec.Reset()
		nDst, _, err := dec.Transform(buf[:], src[i:i+n], true)
		if r, _ := utf8.DecodeRune(buf[:nDst]); err != nil || (r == utf8.RuneError && !bytes.Equal(src[i:i+n], gbReplacement)) {
			return i
		}
		i += n
	}
	return -1
}

// gbPos is the line and column (in characters) of offset off in GB18030
// src. A newline byte is never part of a multi-byte sequence.
func gbPos(src []byte, off int) strictyaml.Pos {
	line := 1 + bytes.Count(src[:off], []byte{'\n'})
	col := 1
	for i := bytes.LastIndexByte(src[:off], '\n') + 1; i < off; col++ {
		i += gbCharLen(src[i:off])
	}
	return strictyaml.Pos{Line: line, Col: col}
}
