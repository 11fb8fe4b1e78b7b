#!/usr/bin/env python3
"""Generate region/data/pinyin.tsv: the Hanyu Pinyin of every region's short
name in region/data/regions.tsv, for the page's and API's English mode.

Source of the readings: the PyPI package pypinyin (MIT; its data are
mozillazg/pinyin-data and phrase-pinyin-data, built from Unihan and
public word lists). Usage, from the module root:

    pip install pypinyin==0.55.0
    python3 tools/regionpinyin/gen.py > region/data/pinyin.tsv
    go test ./region/

pypinyin reads some place names with the everyday reading of a polyphonic
character; the few corrections below are yibao's own, listed here so a
reviewer sees each one: 长 is "chang" in place names (长治, 长垣, 长寿 …)
except 长子县 (Zhangzi); 朝阳 is Chaoyang; 单县 is Shanxian. Province names use
their customary English spellings where those differ from plain pinyin
(Shaanxi, Inner Mongolia, Hong Kong, Macao).
"""
import sys

import pypinyin
from pypinyin import Style, lazy_pinyin

PROVINCE_EN = {"610000": "Shaanxi", "150000": "Inner Mongolia", "810000": "Hong Kong", "820000": "Macao"}
PHRASES = {"朝阳": "chao yang", "单县": "shan xian", "长子": "zhang zi"}


def syllables(name):
    out = []
    i = 0
    while i < len(name):
        for p, r in PHRASES.items():
            if name.startswith(p, i):
                out.extend(r.split())
                i += len(p)
                break
        else:
            ch = name[i]
            if ch == "长":
                out.append("chang")
            else:
                out.extend(lazy_pinyin(ch, style=Style.NORMAL))
            i += 1
    return out


def romanize(name):
    # phrase readings first (pypinyin knows many place names as phrases),
    # then the corrections above where they apply
    base = lazy_pinyin(name, style=Style.NORMAL)
    fixed = syllables(name) if any(p in name for p in PHRASES) or "长" in name else base
    if len(fixed) != len(base):
        fixed = base
    s = ""
    for k, syl in enumerate(fixed):
        if k > 0 and syl[:1] in ("a", "o", "e"):
            s += "'"  # Xi'an, Lu'an: the syllable boundary is marked
        s += syl
    return s[:1].upper() + s[1:]


def main():
    src = "region/data/regions.tsv"
    rows = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, name, short = line.rstrip("\n").split("\t")[:3]
            en = PROVINCE_EN.get(code) or romanize(short or name)
            rows.append((code, en))
    print(f"# source: pypinyin {pypinyin.__version__} (PyPI, MIT) readings of the short names in {src}; corrections in tools/regionpinyin/gen.py")
    print("# code\tname_en")
    for code, en in rows:
        print(f"{code}\t{en}")


if __name__ == "__main__":
    sys.exit(main())
