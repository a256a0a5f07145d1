"""What the render stage returns and an engine writes: generated pages and files, as plain data.

A generated page is placed in the docs namespace by `src_uri`, as if it were a file of `content/`: its front
matter (`meta`) is what MkDocs reads of it, and its content is HTML made by the fragments (`templates.py`),
which the engine places as the page's content without passing it through Markdown. Assets are files copied
from disk or written from bytes.
"""

from __future__ import annotations

import copy
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, init=False)
class Page:
    """A generated page: `src_uri` as if it were a file in the docs folder.

    Its HTML and head are held compressed (`packed`, `packed_head`), read back as text when asked for: a site
    renders every page before the engine writes the first, and at 10,000 profiles their text alone would be
    half a gigabyte; compressed, it is a tenth of that, for about 0.3 ms a page.
    """

    src_uri: str
    meta: dict[str, Any]
    """Its front matter: `title`, `template`, and `description`, `hide` where wanted."""
    packed: bytes
    """Its content, `html`, compressed: equal bytes for equal HTML, so a digest of it is one of the HTML."""
    packed_head: bytes
    """Its `head`, compressed."""

    def __init__(self, src_uri: str, meta: dict[str, Any], html: str, head: str = "") -> None:
        object.__setattr__(self, "src_uri", src_uri)
        object.__setattr__(self, "meta", meta)
        object.__setattr__(self, "packed", _pack(html))
        object.__setattr__(self, "packed_head", _pack(head))

    @property
    def html(self) -> str:
        """Its content: HTML, placed as is."""
        return _unpack(self.packed)

    @property
    def head(self) -> str:
        """Tags its template places in `<head>` (a profile's Open Graph tags): HTML."""
        return _unpack(self.packed_head)

    def moved(self, src_uri: str | None = None, **meta: Any) -> Page:
        """The same page at `src_uri` (if given), with the fields `meta` added to its front matter."""
        page = copy.copy(self)
        object.__setattr__(page, "src_uri", src_uri or self.src_uri)
        object.__setattr__(page, "meta", {**self.meta, **meta})
        return page

    @property
    def markdown(self) -> str:
        """The page's source for the engine: its front matter alone (the content is placed as HTML)."""
        return front_matter(**self.meta)


def _pack(text: str) -> bytes:
    # Level 1: HTML compresses to about a fifth at it, and a higher level saves little more for twice the time.
    # "surrogatepass": any text at all comes back as it was.
    return zlib.compress(text.encode("utf-8", "surrogatepass"), 1) if text else b""


def _unpack(packed: bytes) -> str:
    return zlib.decompress(packed).decode("utf-8", "surrogatepass") if packed else ""


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


_NOT_YAML_TEXT = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""Characters JSON writes as they are but YAML does not read in a string: line breaks of its own, controls."""


def front_matter(**fields: object) -> str:
    """Front matter block for a generated page: its fields as JSON, which YAML reads as it is (a flow
    mapping of double-quoted strings), written many times faster than YAML is. What YAML would not read
    as written is escaped (`\\u2028`), as YAML's own writer would."""
    text = _NOT_YAML_TEXT.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(fields, ensure_ascii=False))
    return "---\n" + text + "\n---\n\n"
