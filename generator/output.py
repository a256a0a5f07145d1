"""What the render stage returns and an engine writes: generated pages and files, as plain data.

A generated page is placed in the docs namespace by `src_uri`, as if it were a file of `content/`: its front
matter (`meta`) is what MkDocs reads of it, and its content is HTML made by the fragments (`templates.py`),
which the engine places as the page's content without passing it through Markdown. Assets are files copied
from disk or written from bytes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Page:
    """A generated page: `src_uri` as if it were a file in the docs folder."""

    src_uri: str
    meta: dict[str, Any]
    """Its front matter: `title`, `template`, and `description`, `hide` where wanted."""
    html: str
    """Its content: HTML, placed as is."""
    head: str = ""
    """Tags its template places in `<head>` (a profile's Open Graph tags): HTML."""

    @property
    def markdown(self) -> str:
        """The page's source for the engine: its front matter alone (the content is placed as HTML)."""
        return front_matter(**self.meta)


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
