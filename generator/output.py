"""What the render stage returns and an engine writes: generated pages and files, as plain data.

Generated pages are Markdown files (front matter + one block of HTML) placed in the docs namespace by
`src_uri`, as if they were files of `content/`; assets are files copied from disk or written from bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml


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


def front_matter(**fields: object) -> str:
    """YAML front matter block for a generated page."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # LibYAML's emitter is ~10x faster
    return "---\n" + yaml.dump(fields, Dumper=dumper, allow_unicode=True, sort_keys=False) + "---\n\n"
