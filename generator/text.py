"""Vietnamese text: normalisation, accent folding, slugs, tone-placement-free keys, collation and dates.

Vietnamese letters carry two kinds of marks: *shape* marks that make a different letter (ă â ê ô ơ ư, and
đ which Unicode does not decompose at all) and *tone* marks (huyền, hỏi, ngã, sắc, nặng). Old and new
spelling put the tone on different vowels ("Hoà" / "Hòa"), so every comparison here separates the tone
from the letters of its syllable.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from functools import lru_cache

# Combining tone marks, in dictionary order: huyền, hỏi, ngã, sắc, nặng (ngang has none).
TONE_MARKS = "\u0300\u0309\u0303\u0301\u0323"
_TONE_SET = frozenset(TONE_MARKS)
_TONE_ALIASES = {"\u0340": "\u0300", "\u0341": "\u0301"}

# The Vietnamese alphabet; letters outside it (f j w z and digits) sort after it by code point.
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC, the one form stored and published."""
    return unicodedata.normalize("NFC", text)


# Characters that carry no visible meaning in published text and arrive with text pasted from Word, Zalo,
# web pages and PDF files: zero-width spaces, soft hyphens, a byte-order mark inside text, bidirectional
# controls (which can also reorder what a reader sees), invisible operators, and control characters.
_INVISIBLE_KINDS = (
    ("\u200b\u2060\u180e", "khoảng trắng độ rộng 0"),
    ("\u00ad", "dấu gạch nối mềm"),
    ("\ufeff", "dấu BOM"),
    ("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069", "ký tự điều khiển hướng chữ"),
    ("\u2061\u2062\u2063\u2064", "toán tử ẩn"),
    ("".join(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])), "ký tự điều khiển"),
    # Noncharacters: never text, and not allowed in XML (feeds).
    ("".join(map(chr, [*range(0xFDD0, 0xFDF0), *(plane + end for plane in range(0, 0x110000, 0x10000)
                                                  for end in (0xFFFE, 0xFFFF))])), "ký tự không hợp lệ"),
)
_INVISIBLE_NAME = {ch: name for chars, name in _INVISIBLE_KINDS for ch in chars}
_JOINERS = "\u200c\u200d"  # zero-width non-joiner and joiner: meaningful in emoji sequences and some scripts
_INVISIBLE = re.compile("[" + re.escape("".join(_INVISIBLE_NAME) + _JOINERS) + "]")


def _joins_something(text: str, at: int) -> bool:
    """Whether the joiner at `at` does a job: inside an emoji sequence (👨‍👩‍👧) or between two letters of a
    script that uses joiners (Arabic, Persian, Indic); not in Latin text such as Vietnamese."""
    if at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    if before.isspace() or after.isspace():
        return False

    def emoji(ch: str) -> bool:
        return unicodedata.category(ch) == "So" or ch in "\ufe0f\u20e3" or "\U0001f3fb" <= ch <= "\U0001f3ff"

    def other_script(ch: str) -> bool:
        return (ch.isalpha() or unicodedata.category(ch).startswith("M")) and ord(ch) > 0x24F \
            and not unicodedata.name(ch, "").startswith("LATIN")

    return (text[at] == "\u200d" and (emoji(before) or emoji(after))) or (other_script(before) and other_script(after))


def strip_invisible(text: str) -> tuple[str, list[str]]:
    """`text` without the invisible characters that have no visible purpose, and the kinds removed.

    Kept: tab and line breaks, joiners that join (`_joins_something`), letters of any script and combining
    marks. Removed kinds are named in Vietnamese for the editor's warning.
    """
    if not _INVISIBLE.search(text):
        return text, []
    kinds: dict[str, None] = {}
    out = []
    for at, ch in enumerate(text):
        if ch in _JOINERS:
            if _joins_something(text, at):
                out.append(ch)
            else:
                kinds.setdefault("ký tự nối độ rộng 0", None)
        elif ch in _INVISIBLE_NAME:
            kinds.setdefault(_INVISIBLE_NAME[ch], None)
        else:
            out.append(ch)
    return "".join(out), list(kinds)


def clean_line(text: str) -> str:
    """NFC with runs of white space folded to one space and the ends trimmed (names, titles)."""
    return _SPACES.sub(" ", nfc(text)).strip()


def fold(text: str) -> str:
    """Lower-case, accent-free ASCII-ish form: "Đặng Thị Hường" -> "dang thi huong".

    `đ` is mapped by hand because NFKD leaves it whole.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slugify(text: str) -> str:
    """Readable ASCII slug: "Đặng Thị Hường" -> "dang-thi-huong"."""
    return _NON_ALNUM.sub("-", fold(text)).strip("-")


MAX_ID = 100
"""Longest id (and so page address) of a profile."""


def make_id(*candidates: str) -> str:
    """A stable id from the first candidate that has letters or digits to make a slug of, at most `MAX_ID`
    characters (cut at a hyphen); `ho-so-<hash>` of the first candidate when none has ("中文.md", "张伟").

    Profiles take it from the file name, then the name: an empty id would give no page, and would match
    every speaker of the program that names no profile.
    """
    for text in candidates:
        slug = slugify(text)
        if slug:
            if len(slug) > MAX_ID:
                slug = slug[:MAX_ID + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_ID + 1] else slug[:MAX_ID]
            return slug.strip("-")
    digest = hashlib.sha256((candidates[0] if candidates else "").encode()).hexdigest()[:10]
    return f"ho-so-{digest}"


def heading_id(text: str, separator: str = "-") -> str:
    """Anchor of a heading in the hand-written pages (the `toc` extension's `slugify` in mkdocs.yml), which
    keeps every letter: "Gương điển hình" -> "guong-dien-hinh", not Markdown's "guong-ien-hinh"."""
    return slugify(text).replace("-", separator)


@lru_cache(maxsize=65536)
def _split_syllable(syllable: str) -> tuple[str, int]:
    """Split one syllable into its letters without tone (NFC, lower case) and its tone (0-5)."""
    tone = 0
    letters = []
    for ch in unicodedata.normalize("NFD", syllable.lower()):
        ch = _TONE_ALIASES.get(ch, ch)
        if ch in _TONE_SET:
            tone = TONE_MARKS.index(ch) + 1
        else:
            letters.append(ch)
    return nfc("".join(letters)), tone


@functools.lru_cache(maxsize=8192)  # registry look-ups ask for the same few names thousands of times a load
def tone_key(text: str) -> str:
    """Key equal for the same words whatever the tone placement or normal form.

    "Hoà" and "Hòa" (and their NFD forms) share the key "hoa2"; "Hùng" and "Hưng" do not.
    """
    keys = []
    for word in clean_line(text).split(" "):
        letters, tone = _split_syllable(word)
        keys.append(f"{letters}{tone}" if tone else letters)
    return " ".join(keys)


def _word_collation(word: str) -> tuple[tuple[int, ...], int]:
    letters, tone = _split_syllable(word)
    ranks = tuple(_LETTER_RANK.get(ch, len(ALPHABET) + ord(ch)) for ch in letters)
    return ranks, tone


@lru_cache(maxsize=16384)  # names and registry names are sorted on every build, many of them again and again
def collation_key(text: str) -> tuple:
    """Vietnamese alphabetical order: letters first (a ă â b ... đ ...), tones only to break ties."""
    words = [_word_collation(word) for word in clean_line(text).split(" ") if word]
    return tuple(w[0] for w in words), tuple(w[1] for w in words)


def person_name_key(name: str) -> tuple:
    """Order of Vietnamese personal names: given name (last word), then family name, then the rest."""
    words = clean_line(name).split(" ")
    ordered = [words[-1], *words[:-1]] if words else []
    return collation_key(" ".join(ordered))


def initials(name: str) -> str:
    """Initials for a placeholder portrait: first and last word, "Nguyễn Thị Hương" -> "NH"."""
    words = [w for w in clean_line(name).split(" ") if w]
    picked = [words[0], words[-1]] if len(words) > 1 else words
    return "".join(w[0].upper() for w in picked)


WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


def format_date(value: dt.date) -> str:
    """Vietnamese date, `19/6/2025`."""
    return f"{value.day}/{value.month}/{value.year}"


def format_instant(value: dt.datetime) -> str:
    """`08:00, thứ Năm, 19/6/2025`."""
    return f"{value:%H:%M}, {WEEKDAYS[value.weekday()]}, {format_date(value.date())}"
