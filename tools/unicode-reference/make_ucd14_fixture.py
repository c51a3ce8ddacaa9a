"""Writes tests/Winnow.Tests/Text/Unicode/Fixtures/ucd14-normalization.json.gz: every code point that one of the four
Unicode normalization forms changes, with what it becomes, as Python's unicodedata (UCD 14.0.0 on Python 3.11)
normalises it. Hangul syllables are left out: the normaliser composes and decomposes them arithmetically and a test
covers them by hand. Usage: python3 make_ucd14_fixture.py <output .json.gz>"""
import gzip
import json
import sys
import unicodedata

if unicodedata.unidata_version != "14.0.0":
    sys.exit(f"needs UCD 14.0.0 (Python 3.11); this Python has {unicodedata.unidata_version}")
forms = {}
for form in ("NFC", "NFD", "NFKC", "NFKD"):
    changed = []
    for c in range(0x110000):
        if 0xD800 <= c < 0xE000 or 0xAC00 <= c < 0xAC00 + 11172:
            continue
        normalized = unicodedata.normalize(form, chr(c))
        if normalized != chr(c):
            changed.append([c, [ord(x) for x in normalized]])
    forms[form] = changed
body = json.dumps({"unicode": unicodedata.unidata_version, "forms": forms}, separators=(",", ":")).encode()
with open(sys.argv[1], "wb") as f:
    f.write(gzip.compress(body, 9, mtime=0))
