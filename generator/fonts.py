"""The site's typeface, self-hosted: Be Vietnam Pro from its PyPI package, subset to WOFF2.

No page may request a third-party host, so the font ships with the site. The package holds TTF files of
~135 KB; subsetting to Latin and Vietnamese and compressing to WOFF2 brings each to ~25 KB. The result is
cached by the hash of the source file, so it is computed once per machine.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import fontpkg_be_vietnam_pro

from .derived_files import write_atomic

FAMILY = "Be Vietnam Pro"

# (file in the package, CSS weight, CSS style)
FACES = (
    ("BeVietnamPro-Regular.ttf", 400, "normal"),
    ("BeVietnamPro-Italic.ttf", 400, "italic"),
    ("BeVietnamPro-SemiBold.ttf", 600, "normal"),
    ("BeVietnamPro-Bold.ttf", 700, "normal"),
)

# Basic Latin and Latin-1, the Vietnamese letters outside them (ă đ ĩ ũ ơ ư and Latin Extended Additional
# ạ ả ấ ... ỹ), the five tone marks as combining characters, general punctuation, the đồng sign and a few
# symbols. Only what Vietnamese text needs: each face is ~16 KB unhinted instead of ~37 KB with all of Latin, which
# keeps a profile page's first view within its 250 KB budget.
UNICODES = [
    *range(0x20, 0x7F), *range(0xA0, 0x100), 0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0,
    0x1A1, 0x1AF, 0x1B0, 0x300, 0x301, 0x303, 0x309, 0x323, *range(0x1EA0, 0x1EFA), *range(0x2000, 0x2070),
    0x20AB, 0x20AC, 0x2116, 0x2122, 0x2190, 0x2192, 0x2212,
]


HINTING = False
"""TrueType hinting instructions are dropped: Android, iOS and macOS ignore them and Windows barely uses
them at text sizes, and without them each face is about 16 KB instead of 30 KB (bench/LIGHTHOUSE.md)."""

_SUBSET_KEY = hashlib.sha256(repr((UNICODES, HINTING)).encode()).hexdigest()[:8]
"""Part of a cached face's name: a changed subset makes new files."""


@dataclass(frozen=True)
class Face:
    """One generated WOFF2 face."""

    path: Path
    weight: int
    style: str
    name: str
    """Published file name, `be-vietnam-pro-400-normal.woff2`."""


def _subset(source: Path, target: Path) -> None:
    from fontTools import subset  # a tenth of a second to import, needed only when the cache lacks a face

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = HINTING
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    write_atomic(target, out.getvalue())  # another build may be making or reading the same face


def build_faces(cache_dir: Path) -> list[Face]:
    """WOFF2 faces of the site font, from the cache when the package's files are unchanged."""
    root = Path(fontpkg_be_vietnam_pro.__file__).parent / "files"
    faces = []
    for file_name, weight, style in FACES:
        source = root / file_name
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        target = cache_dir / f"{source.stem}-{digest}-{_SUBSET_KEY}.woff2"
        if not target.exists():
            cache_dir.mkdir(parents=True, exist_ok=True)
            _subset(source, target)
        faces.append(Face(target, weight, style, f"be-vietnam-pro-{weight}-{style}.woff2"))
    return faces


def font_css(faces: list[Face], url_prefix: str = "../fonts/") -> str:
    """`@font-face` rules for `faces`, with URLs relative to the stylesheet."""
    rules = []
    for face in faces:
        rules.append(
            f'@font-face{{font-family:"{FAMILY}";font-style:{face.style};font-weight:{face.weight};'
            f'font-display:swap;src:url("{url_prefix}{face.name}") format("woff2")}}'
        )
    return "\n".join(rules) + "\n"


def package_font(file_name: str) -> Path:
    """A TTF file of the site font as installed (full glyph set), for drawing text into images."""
    return Path(fontpkg_be_vietnam_pro.__file__).parent / "files" / file_name
