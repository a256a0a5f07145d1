"""The one check every URL passes before it reaches a page, a feed or a data file.

A link written by an editor (`venue.map_url`, a story's links) is published only when its scheme is one the
site means to publish: `http` and `https`, and `mailto:`/`tel:` where a field means an address or a number.
`javascript:`, `data:`, `vbscript:` and every other scheme are refused, in whatever case and with whatever
tabs, line breaks or control characters around them (browsers ignore those, so "java\\tscript:" runs).
"""

from __future__ import annotations

import re

WEB = ("http", "https")
"""Schemes of a web address."""
CONTACT = ("mailto", "tel")
"""Schemes of an e-mail address or a phone number."""

_END_CHARACTERS = "".join(map(chr, range(0x21)))  # C0 controls and space: browsers strip them at the ends
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")  # removed anywhere by browsers
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")


def safe_url(url: str, schemes: tuple[str, ...] = WEB, *, relative: bool = False) -> str | None:
    """`url` if it may be published as a link, else None.

    An absolute URL passes when its scheme is in `schemes` (and, for the web, it names a host); a relative
    one (`../x/`, `#id`) passes only with `relative=True`. The URL returned has the characters browsers
    ignore removed, so what is checked is what a browser would follow.
    """
    cleaned = _TAB_OR_NEWLINE.sub("", url.strip(_END_CHARACTERS)) if url else ""
    if not cleaned or _CONTROL.search(cleaned):
        return None
    match = _SCHEME.match(cleaned)
    if match is None:
        # No scheme: relative, unless it starts like a scheme-relative address (//host) or hides a colon
        # before its first slash, which some browsers read as a scheme.
        if cleaned.startswith(("//", "\\\\", "/\\")) or (":" in cleaned.split("/", 1)[0] and cleaned[0] not in "#?"):
            return None
        return cleaned if relative else None
    scheme = match.group(1).lower()
    if scheme not in schemes:
        return None
    if scheme in WEB and not re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#\s]+", cleaned):
        return None  # "https:evil" or "https:///x": no host
    return cleaned
