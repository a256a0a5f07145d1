"""Pages and assets as plain data, and the URL and formatting helpers every renderer shares.

Generated pages are Markdown files (front matter + one block of HTML) placed in the docs namespace by
`src_uri`; assets are files copied from disk or written from bytes. Links between them are relative, so
the site works from any sub-path.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import Profile

WEEKDAYS = ["thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"]


@dataclass(frozen=True)
class Page:
    """A generated Markdown page: `src_uri` as if it were a file in the docs folder."""

    src_uri: str
    text: str


@dataclass(frozen=True)
class Asset:
    """A generated static file: copied from `source` on disk, or written from `content`."""

    src_uri: str
    source: Path | None = None
    content: bytes | None = None


@dataclass
class Output:
    """Everything the site adds to the hand-written pages."""

    pages: list[Page]
    assets: list[Asset]
    fragments: dict[str, Callable[[str], str]]
    """Home page fragments by marker name; called with the URL of the page they are placed in."""


# --- URLs -----------------------------------------------------------------------------------------------

def page_url(src_uri: str) -> str:
    """Directory URL of a page source: `ho-so/an.md` -> `ho-so/an/`, `index.md` -> ``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """Relative link from the page at `from_url` to `to_url` (both site-relative)."""
    base = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url) + "/"
    target = posixpath.relpath(to_url or ".", base or ".")
    if to_url.endswith("/") or not to_url:
        target = target.rstrip("/") + "/"
    return "./" if target == "./" else target.removeprefix("./")


def absolute(site_url: str, path: str) -> str:
    """Absolute URL of a site path (`ho-so/an/`) under `site_url` (which may include a sub-path)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def profile_src(profile: Profile) -> str:
    """Source path of a profile's page."""
    return f"ho-so/{profile.slug}.md"


# --- formatting -----------------------------------------------------------------------------------------

def format_date(value: dt.date) -> str:
    """Vietnamese date, `19/6/2025`."""
    return f"{value.day}/{value.month}/{value.year}"


def format_instant(value: dt.datetime) -> str:
    """`08:00, thứ Năm, 19/6/2025`."""
    return f"{value:%H:%M}, {WEEKDAYS[value.weekday()]}, {format_date(value.date())}"


def front_matter(**fields: object) -> str:
    """YAML front matter block for a generated page."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # LibYAML's emitter is ~10x faster
    return "---\n" + yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n\n"

