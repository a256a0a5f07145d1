"""Story Markdown -> HTML that is safe to publish.

Markdown is rendered first (raw HTML in it passes through Python-Markdown untouched), then the HTML is
cleaned with an allow-list (nh3, the ammonia sanitiser): no scripts, frames, forms, styles, event
handlers or `javascript:` links survive, while paragraphs, emphasis, lists, quotes, tables and links do.
"""

from __future__ import annotations

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark", "small", "abbr",
    "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "a", "code",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_HEADING = re.compile(r"<(/?)h([1-6])\b")


def _demote_headings(html: str) -> str:
    # The page's own <h1> is the exemplar's name, so the story's headings start at <h2>.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


_MARKDOWN = markdown.Markdown(extensions=["tables", "sane_lists", "smarty"], output_format="html")


def render_story(text: str) -> str:
    """Render a story's Markdown to sanitised HTML."""
    # One converter, reset between stories: building one per story costs more than converting it.
    html = _MARKDOWN.reset().convert(text)
    return nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
