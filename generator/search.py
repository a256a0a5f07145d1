"""Site search: what the index knows beyond a page's own words, and the Pagefind run over the built site.

Pagefind (pinned: 1.5 folds tone marks and NFD and ranks exact spellings first; 1.4 folded nothing) indexes
the built HTML after MkDocs has written it. Profile pages mark their content `data-pagefind-body`, so
listings, navigation and hand-written pages stay out of the index, and carry hidden blocks of *search
terms* computed here (`search_terms_context`; `search-terms.html` writes them):

- **name terms**, weighted like the name itself: the accent-free form of name words that contain `đ`
  (Pagefind folds tone and shape marks but keeps `đ` a letter of its own, so "dang" would not find "Đặng");
- **other terms**, at the weight of body text: the same folding for every other indexed word, the other
  names of the profile's unit, movements and award titles from the registries ("Phòng TNMT", the 2003-law
  wording of a title), and abbreviations with their expansions both ways ("KCNC" <-> "khu công nghệ cao").

Design note with measurements: docs/design/search.md.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .model import Profile
from .text import fold, nfc

PAGEFIND_VERSION = "1.5.2"
"""The Pagefind release the index and its browser code come from (pinned in pyproject.toml)."""

ABBREVIATIONS = {
    "KCN": "khu công nghiệp",
    "KCNC": "khu công nghệ cao",
    "CNC": "công nghệ cao",
    "BQL": "Ban Quản lý",
    "UBND": "Ủy ban nhân dân",
    "CSTĐ": "chiến sĩ thi đua",
    "LĐTT": "lao động tiên tiến",
    "TTLĐXS": "tập thể lao động xuất sắc",
    "QĐ": "quyết định",
    "DN": "doanh nghiệp",
    "TNHH": "trách nhiệm hữu hạn",
    "MTV": "một thành viên",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "NLĐ": "người lao động",
    "ĐTN": "đoàn thanh niên",
}
"""Abbreviations common in the Board's documents, and what they stand for."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "QĐ-BQL", "315/QĐ-UBND". Linear: it starts only where a word starts (the look-behind) and never gives
# back letters (possessive `++`); without both, one 40,000-letter word took 30 s.
_COMPOUND = re.compile(r"(?<![^\W_])[^\W_]++(?:[-/.][^\W_]++)+", re.UNICODE)
_TAG = re.compile(r"<[^<>]*>")  # a run of "<" never makes it rescan the rest of the text


def words(text: str) -> list[str]:
    """The words of `text` (NFC), split at spaces and punctuation: "(Hòa Lạc)" -> ["Hòa", "Lạc"]."""
    return _WORD.findall(nfc(text))


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub(" ", fragment))


def _folded_d_words(texts: Iterable[str]) -> list[str]:
    """Accent-free forms of the words with `đ`, as often as they occur (ranking counts occurrences)."""
    return [fold(word) for text in texts for word in [*words(text), *_COMPOUND.findall(nfc(text))]
            if "đ" in word or "Đ" in word]


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    # Cached: registry names, award wordings and positions recur on every profile that names them.
    return " ".join(words(fold(text)))


@lru_cache(maxsize=1)
def _expansion_keys() -> tuple[tuple[str, str, str], ...]:
    """(abbreviation, expansion, the expansion folded as ` key `): folded once, not once a text."""
    return tuple((short, long, f" {_key(long)} ") for short, long in ABBREVIATIONS.items())


def abbreviation_terms(texts: Iterable[str]) -> list[str]:
    """For each abbreviation in `texts` its expansion, and for each expansion its abbreviation."""
    texts = list(texts)
    found: dict[str, None] = {}
    folded = " " + " ".join(_key(t) for t in texts) + " "
    tokens = {word for text in texts for word in words(text)}
    for short, long, key in _expansion_keys():
        if short in tokens:
            found.setdefault(long, None)
        if key in folded:
            found.setdefault(short, None)
    return list(found)


def _registry_names(profile: Profile) -> list[str]:
    """Other names of the profile's unit, movements and award titles."""
    names: list[str] = []
    unit = profile.unit
    names += [unit.name, *(x for x in (unit.short_name, unit.park) if x), *unit.aliases]
    for movement in profile.movements:
        names += [movement.name, *([movement.short_name] if movement.short_name else []), *movement.aliases]
    for item in profile.awards:
        title = item.title
        names += [title.name, *(a if isinstance(a, str) else a.name for a in title.aliases)]
    return list(dict.fromkeys(names))


def profile_texts(profile: Profile) -> list[str]:
    """Every text of a profile that its page shows and the index holds, name excluded."""
    data = profile.data
    texts = [x for x in (data.position, profile.unit.name, data.quote) if x]
    texts += data.highlights
    texts += [item.wording for item in profile.awards]
    texts += [item.award.decision or "" for item in profile.awards]
    texts += [item.award.issuer or "" for item in profile.awards]
    texts += [m.name for m in profile.movements]
    texts += [m.name or "" for m in data.members] + [m.role or "" for m in data.members]
    if data.paper:
        texts += [data.paper.title, data.paper.summary or ""]
    texts.append(plain_text(profile.story_html))
    return [t for t in texts if t]


def search_terms(profile: Profile) -> tuple[list[str], list[str], list[str]]:
    """(name terms, field terms, story terms) to index with a profile, beyond the words its page shows.

    Field terms are the profile's structured facts (position, unit, movements, award titles) under all
    their registry names, weighted above the story so a unit or title outranks a passing mention.
    """
    name_terms = list(dict.fromkeys(_folded_d_words([profile.name, profile.data.prefix or ""])))
    name_terms += [t for t in abbreviation_terms([profile.name]) if t not in name_terms]
    fields = [*([profile.data.position] if profile.data.position else []), *_registry_names(profile),
              *(item.wording for item in profile.awards)]
    fields += abbreviation_terms(fields)
    fields = list(dict.fromkeys(fields))
    fields += [t for t in dict.fromkeys(_folded_d_words(fields)) if t not in fields]
    # The rest of the page: its words with "đ" folded as often as they occur (ranking counts them).
    texts = profile_texts(profile)
    story = [t for t in abbreviation_terms(texts) if t not in fields] + _folded_d_words(texts)
    return name_terms, fields, story


NAME_WEIGHT = 7.0
"""Pagefind's own weight of an `h1`: the accent-free name counts as much as the name."""
FIELD_WEIGHT = 3.0
"""Facts of the profile: between the name (7) and the story (1)."""


@dataclass(frozen=True)
class SearchTerms:
    """Hidden search terms and result metadata placed inside a profile's content (`search-terms.html`)."""

    meta: list[tuple[str, str]]
    """Pagefind's metadata of the result, (key, value): its title, thumbnail, kind, unit, highest award."""
    terms: list[tuple[float | None, list[str]]]
    """Terms with their Pagefind weight (None: body text's): name terms, field terms, story terms."""


def search_terms_context(profile: Profile, title: str, image: str | None) -> SearchTerms:
    """What the index holds of a profile beyond its page's words, and the metadata its result shows.

    `title` is the result's title, `image` the site-relative URL of the thumbnail shown beside it. It is
    stored as `photo`, not Pagefind's `image`: Pagefind fills `image` itself from the page's first picture
    (the QR code, for a profile without a photo), with an address from the server root, not the site's.
    """
    award = profile.top_award
    meta = {"title": title, "photo": image, "kind": profile.kind_label,
            "unit": profile.unit.short_name or profile.unit.name, "award": award.wording if award else None}
    weighted = zip((NAME_WEIGHT, FIELD_WEIGHT, None), search_terms(profile), strict=True)
    return SearchTerms([(key, value) for key, value in meta.items() if value],
                       [(weight, terms) for weight, terms in weighted if terms])


# --- the index ------------------------------------------------------------------------------------------

class SearchIndexError(RuntimeError):
    """Pagefind could not index the built site."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the `pagefind[bin]` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:  # pragma: no cover - the dependency is pinned
        raise SearchIndexError("thiếu gói 'pagefind[bin]'; hãy chạy 'make setup'") from error
    return Path(get_executable())


def build_search_index(site_dir: Path) -> Path:
    """Index the built site in `site_dir` into `site_dir/pagefind/`; return that folder."""
    command = [str(pagefind_executable()), "--site", str(site_dir), "--output-subdir", "pagefind",
               "--force-language", "vi", "--silent",
               # Table captions and headings repeat the name and column labels on every profile.
               "--exclude-selectors", ".vd-awards caption", "--exclude-selectors", ".vd-awards thead"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {(result.stderr or result.stdout).strip()}")
    out = site_dir / "pagefind"
    if not (out / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind không ghi {out / 'pagefind.js'}")
    return out
