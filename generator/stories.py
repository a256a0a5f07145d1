"""Story Markdown -> HTML that is safe to publish.

A story is cleaned of invisible characters, measured against the limits below (Python-Markdown is
quadratic, or worse, in some structures), rendered by Python-Markdown with tables, fenced code and
footnotes, and cleaned with an allow-list (nh3, the ammonia sanitiser): no scripts, frames, forms, styles
(but a table cell's alignment), event handlers, foreign ids or `javascript:` links survive.

Links and images are checked on the way: a web, e-mail or phone link stays; a link to a profile's file is
rewritten to that profile's page and an image beside the profile becomes a marker (`<img
src="#vd-image-0">`) that the renderer replaces with its `<picture>` (`derive.Media.story_html`), both
through the caller's `Targets`. Whatever cannot be published is left out with a warning: the text of a
link stays, an image goes.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

import markdown
import nh3
from markdown.treeprocessors import Treeprocessor

from .derived_files import make_key, write_atomic
from .model import StoryImage
from .text import strip_invisible
from .urls import CONTACT, WEB, safe_url

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "sub", "sup", "mark", "small", "abbr",
    "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "a", "code", "pre", "img", "div",
    "table", "thead", "tbody", "tr", "th", "td", "caption", "dl", "dt", "dd", "figure", "figcaption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"}, "abbr": {"title"}, "img": {"src", "alt"},
    # Python-Markdown aligns a column with `style="text-align: ..."`; only that property is kept.
    "th": {"style"}, "td": {"style"},
    # Footnotes link to their notes and back by id; `_attribute` keeps only the footnotes' own ids.
    "li": {"id"}, "sup": {"id"},
}
ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}, "figure": {"vd-story__figure"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

MAX_CHARACTERS = 50_000
"""Longest story, in characters (about 11.000 words, 20 printed pages)."""
MAX_LINES = 2_000
"""Most lines in a story."""
MAX_NESTING = 10
"""Deepest nesting of quotes (`>`) and lists on one line."""
MAX_UNCLOSED = 16
"""Most unclosed `[`, link `(`, unpaired backtick runs in a paragraph, and `<` without `>` in a story."""
MAX_MARKS = 3_000
"""Most inline marks (`*`, `_`, backticks, `[`, `&`, quotes, escapes, a tag's `<`) in one paragraph, list
item, table row or heading: Python-Markdown's cost grows with the square of the elements of one text."""
# Why the limits: Python-Markdown scans from every `[`, link `(` and backtick run to its closing partner,
# or to the end of the paragraph when there is none, and the HTML reader it uses scans from every `<` to
# the next `>`; many block and inline elements cost it the square of their number. Measured on this
# project's two-core machine: 4,000 `[` take 2.5 s (300 KB of them, hours), 8,000 `![` 5 s, 500 backtick runs
# of different lengths 3 s, 12,500 headings 9.5 s, 12,500 emphases in one paragraph 7 s; under these limits
# the worst of some sixty crafted stories renders in 1.4 s and ordinary ones in milliseconds.

IMAGE_MARKER = "#vd-image-"
"""`src` of a story image until the page is written: `#vd-image-<n>`, `n` its index in `Story.images`."""


class StoryError(Exception):
    """A story over a limit: rendering it could take hours. `line` is 1-based in the story."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Note:
    """A warning about a story: what was left out or changed, at a 1-based line of the story."""

    line: int
    message: str


@dataclass
class Story:
    """A rendered story."""

    html: str
    """Sanitised HTML; images are `IMAGE_MARKER` placeholders until the page is written."""
    images: list[StoryImage] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    """Warnings, in the order found."""


class Targets(Protocol):
    """What a story's relative links and images point to; each answer is (target, or None and why)."""

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        """The published address for a link to the file `path` (`#anchor` split off), or None and a reason."""

    def image(self, path: str) -> tuple[Path | None, str]:
        """The photo file at `path` if it can be published, or None and a reason."""


class NoTargets:
    """Targets of a story outside a site (a preview, a test): no file can be linked or shown."""

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        return None, "chỉ liên kết được tới hồ sơ khác hoặc địa chỉ web"

    def image(self, path: str) -> tuple[Path | None, str]:
        return None, "không có thư mục hồ sơ để tìm ảnh"


# --- limits -----------------------------------------------------------------------------------------------

_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")  # a horizontal rule, not a list
_NEW_TEXT = re.compile(r"[ \t]*(?:>[ \t]?)*(?:[-+*]|\d{1,9}[.)]|#{1,6})(?:[ \t]|$)")  # a list item or heading
_TABLE_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_CONTAINER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
_INLINE_MARK = re.compile(r"\\.|`+|[*_]+|[\[\]()<>&\"']", re.DOTALL)


def _indent(line: str) -> int:
    columns = 0
    for ch in line:
        if ch == " ":
            columns += 1
        elif ch == "\t":
            columns += 4 - columns % 4
        else:
            break
    return columns


def _nesting(line: str) -> int:
    """Quote and list levels a line opens: its markers, and its indentation when it has one."""
    if _RULE.fullmatch(line):
        return 0
    markers, pos = 0, 0
    while match := _CONTAINER.match(line, pos):
        markers, pos = markers + 1, match.end()
    return markers + _indent(line) // 4 if markers else 0


class _Paragraph:
    """Counts, over one paragraph (lines between blank lines), what Python-Markdown scans from."""

    def __init__(self, line: int):
        self.line = line
        self.brackets = 0  # open `[`, at most MAX_UNCLOSED at any time
        self.parens: list[bool] = []  # open `(`, True for a link's (`](`)
        self.links = 0  # open link parens
        self.ticks: list[int] = []  # lengths of the backtick runs, in order
        self.marks = 0  # what may start an inline element, in the current text: each costs as the others
        self.lines = 0
        self.table = False  # every row of a table is a text of its own

    def start_line(self, line: str) -> None:
        """Count a new line: a list item, a heading or a table row starts a new text."""
        self.lines += 1
        if self.lines == 2 and _TABLE_DELIMITER.fullmatch(line) and "-" in line:
            self.table = True
        if self.table or _NEW_TEXT.match(line):
            self.marks = 0

    def add(self, token: str, before: str) -> str | None:
        if token not in "]()":
            self.marks += len(token) if token[0] in "*_`" else 1
            if self.marks > MAX_MARKS:
                return (f"đoạn văn có quá nhiều định dạng (hơn {_number(MAX_MARKS)} dấu *, _, `, [, &, <, \\, nháy): hãy chia "
                        "thành nhiều đoạn, mỗi đoạn cách nhau một dòng trống")
        if token == "[":
            self.brackets += 1
            if self.brackets > MAX_UNCLOSED:
                return (f"có hơn {MAX_UNCLOSED} dấu '[' chưa đóng hoặc lồng nhau trong một đoạn: hãy thêm dấu ']' "
                        "còn thiếu, hoặc viết '\\[' để hiện dấu '['")
        elif token == "]":
            self.brackets = max(0, self.brackets - 1)
        elif token == "(":
            link = before == "]"
            self.parens.append(link)
            self.links += link
            if self.links > MAX_UNCLOSED:
                return (f"có hơn {MAX_UNCLOSED} liên kết '](' chưa có dấu ')' đóng trong một đoạn: hãy thêm dấu ')' "
                        "còn thiếu")
        elif token == ")":
            if self.parens:
                self.links -= self.parens.pop()
        elif token[0] == "`":
            self.ticks.append(len(token))
        return None  # an escape (`\[`) is a mark, and opens nothing

    def unpaired_ticks(self) -> int:
        """Backtick runs with no later run of the same length: each is scanned to the paragraph's end."""
        seen: set[int] = set()
        unpaired = 0
        for length in reversed(self.ticks):
            unpaired += length not in seen
            seen.add(length)
        return unpaired


def check_limits(text: str) -> None:
    """Raise StoryError when `text` is over a limit that keeps rendering it fast; linear in its length."""
    size = len(text.strip())
    if size > MAX_CHARACTERS:
        first = text[:len(text) - len(text.lstrip())].count("\n") + 1  # where the story's text begins
        raise StoryError(first, f"câu chuyện quá dài ({_number(size)} ký tự; tối đa {_number(MAX_CHARACTERS)}): "
                                "hãy rút gọn, hoặc đưa toàn văn bài tham luận vào tệp riêng (trường paper.file)")
    lines = text.removesuffix("\n").split("\n")
    if len(lines) > MAX_LINES:
        raise StoryError(MAX_LINES + 1, f"câu chuyện quá nhiều dòng ({_number(len(lines))}; tối đa "
                                        f"{_number(MAX_LINES)}): hãy nối các dòng của cùng một đoạn văn")
    code = _fenced_code(lines)
    open_tags = 0  # `<` that start a tag, comment or declaration and meet another `<` before any `>`
    pending = False
    paragraph = _Paragraph(1)
    for number, line in enumerate(lines, 1):
        if code[number - 1]:
            continue  # Python-Markdown sets fenced code aside first: it costs nothing, whatever it holds
        if not line.strip():
            _close(paragraph)
            paragraph = _Paragraph(number + 1)
            continue
        depth = _nesting(line)
        if depth > MAX_NESTING:
            raise StoryError(number, f"trích dẫn (>) hoặc danh sách lồng nhau quá sâu ({depth} cấp; tối đa "
                                     f"{MAX_NESTING}): hãy bớt dấu '>' hoặc bớt thụt lề")
        paragraph.start_line(line)
        for match in _INLINE_MARK.finditer(line):
            token, start = match.group(), match.start()
            if token == ">":
                pending = False
                continue
            if token == "<":
                after = line[start + 1:start + 2]
                if not after or not (after.isalpha() or after in "/!?"):
                    continue  # "a < b" is text
                open_tags += pending
                pending = True
            problem = paragraph.add(token, line[start - 1] if start else "")
            if problem:
                raise StoryError(paragraph.line, problem)
        if open_tags > MAX_UNCLOSED:
            raise StoryError(number, f"có hơn {MAX_UNCLOSED} dấu '<' không có dấu '>' đóng: hãy viết '&lt;' "
                                     "(hoặc thêm một khoảng trắng sau dấu '<') để hiện dấu '<'")
    _close(paragraph)


# An opening fence as Python-Markdown's fenced_code reads it: at the start of a line, with at most a language.
_FENCE = re.compile(r"(`{3,}|~{3,})[ ]*(?:\{?\.?[\w#.+-]*\}?)?[ ]*")


def _fenced_code(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included). A fence that is never
    closed opens no block, as in Python-Markdown: what follows it is read as Markdown, and counted."""
    code = [False] * len(lines)
    opened, fence = -1, ""
    for number, line in enumerate(lines):
        if opened < 0:
            if _FENCE.fullmatch(line):
                opened, fence = number, line[:len(line) - len(line.lstrip(line[0]))]
        elif line.rstrip(" ") == fence:
            code[opened:number + 1] = [True] * (number + 1 - opened)
            opened = -1
    return code


def _close(paragraph: _Paragraph) -> None:
    if paragraph.unpaired_ticks() > MAX_UNCLOSED:
        raise StoryError(paragraph.line, f"có hơn {MAX_UNCLOSED} dấu '`' không thành cặp trong một đoạn: hãy bỏ "
                                         "dấu '`' thừa, hoặc viết '\\`' để hiện dấu '`'")


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


# --- rendering --------------------------------------------------------------------------------------------

_HEADING = re.compile(r"<(/?)h([1-6])\b")
_FOOTNOTE_ID = re.compile(r"(fn|fnref\d*)-(.+)", re.DOTALL)
_FOOTNOTE_SAFE_ID = re.compile(r"(?:fn|fnref\d*)-\d+")
_LINK_WITHOUT_HREF = re.compile(r"<a\b(?:(?!href=)[^>])*>(.*?)</a>", re.DOTALL)
_IMG = re.compile(r"<img\b[^>]*>")
_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
_MARKER_SRC = re.compile(r'\bsrc="' + re.escape(IMAGE_MARKER) + r'(\d+)"')


def _demote_headings(html: str) -> str:
    # The page's own <h1> is the exemplar's name, so the story's headings start at <h2>.
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", html)


class _Render:
    """The state of one story's rendering: its text, targets, images and warnings."""

    def __init__(self, text: str, targets: Targets):
        self.text = text
        self.targets = targets
        self.images: list[StoryImage] = []
        self.notes: list[Note] = []
        self._cursor: dict[str, int] = {}

    def locate(self, needle: str) -> int:
        """Story line where `needle` (a link or image address) next appears; 1 when it is not found.

        Python-Markdown keeps no line numbers; each address is searched from after its previous find, so
        the same address twice gets both its lines.
        """
        at = self.text.find(needle, self._cursor.get(needle, 0)) if needle else -1
        if at < 0:
            at = self.text.find(needle) if needle else -1
        self._cursor[needle] = at + 1
        return self.text.count("\n", 0, at) + 1 if at >= 0 else 1

    def note(self, needle: str, message: str, line: int = 0) -> None:
        """Warn about `needle` at its line (or at `line`, already located)."""
        self.notes.append(Note(line or self.locate(needle), message))

    def refused(self, url: str) -> bool:
        """Whether `url` has a scheme that is never published (`javascript:`, `data:`...); warns if so."""
        if url.startswith("#") or safe_url(url, WEB + CONTACT) or safe_url(url, (), relative=True):
            return False
        self.note(url, f"liên kết '{shorten(url)}' không được đăng (chỉ dùng địa chỉ http://, https://, "
                       "mailto:, tel: hoặc tệp hồ sơ .md, .yml); chữ được giữ, không có liên kết")
        return True

    def href(self, url: str) -> str | None:
        """The address a link is published with, or None (its text stays, without link)."""
        if url.startswith("#"):
            return url  # within the story: its footnotes
        if safe_url(url, WEB + CONTACT):
            return url
        if self.refused(url):
            return None
        path, _, anchor = url.partition("#")
        target, reason = self.targets.link(path, anchor)
        if target is None:
            self.note(url, f"liên kết '{shorten(url)}': {reason}; chữ được giữ, không có liên kết")
        return target

    def image(self, src: str, alt: str) -> int | None:
        """Index of the image at `src` in `images`, or None when it is left out."""
        line = self.locate(src)
        if safe_url(src, (), relative=True) is None or src.startswith(("#", "?")):
            self.note(src, f"ảnh '{shorten(src)}' phải là tệp trong thư mục profiles/, không dùng địa chỉ web; "
                           "ảnh bị bỏ khỏi câu chuyện", line)
            return None
        path, reason = self.targets.image(src)
        if path is None:
            self.note(src, f"ảnh '{shorten(src)}': {reason}; ảnh bị bỏ khỏi câu chuyện", line)
            return None
        if not alt.strip():
            self.note(src, f"ảnh '{shorten(src)}' chưa có mô tả: hãy viết mô tả ngắn trong ngoặc vuông, "
                           "![mô tả](đường-dẫn), cho người đọc bằng trình đọc màn hình", line)
        self.images.append(StoryImage(path, alt, line))
        return len(self.images) - 1

    def attribute(self, tag: str, name: str, value: str) -> str | None:
        """nh3's filter of every attribute kept by the allow-list, raw HTML's included."""
        if tag == "a" and name == "href":
            return self.href(value)
        if tag == "img" and name == "src":
            if value.startswith(IMAGE_MARKER):
                return value
            self.note(value, f"ảnh '{shorten(value)}' viết bằng thẻ HTML không được đăng: hãy dùng "
                             "![mô tả](anh/ten-tep.jpg) với tệp ảnh trong thư mục profiles/")
            return None
        if name == "id":
            return value if _FOOTNOTE_SAFE_ID.fullmatch(value) else None
        return value


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut to `limit` characters with an ellipsis, to quote it in a message."""
    return text if len(text) <= limit else text[:limit - 1] + "…"


class _StoryTree(Treeprocessor):
    """After the inline patterns: images become markers (or go), footnote ids become numbers."""

    render: _Render

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    self._image(parent, child)
                elif child.tag == "a" and self.render.refused(child.get("href", "")):
                    child.attrib.pop("href")
        self._number_footnotes(root)

    def _image(self, parent: etree.Element, img: etree.Element) -> None:
        title = img.get("title")
        index = self.render.image(img.get("src", ""), img.get("alt", ""))
        if index is None:
            _remove(parent, img)
            return
        img.attrib = {"src": f"{IMAGE_MARKER}{index}", "alt": img.get("alt", "")}
        # An image alone in its paragraph is a figure; its title (`![alt](x.jpg "title")`) the caption.
        if parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip() \
                and not (img.tail or "").strip():
            parent.tag = "figure"
            parent.set("class", "vd-story__figure")
            if title:
                etree.SubElement(parent, "figcaption").text = title

    @staticmethod
    def _number_footnotes(root: etree.Element) -> None:
        # Python-Markdown names a footnote's ids after its label ("fn-ghi chú"): a space is not allowed in
        # an id, and a label could repeat an id of the page. The notes' numbers are safe ids.
        numbers: dict[str, int] = {}
        for item in root.iter("li"):
            match = _FOOTNOTE_ID.fullmatch(item.get("id", ""))
            if match and match.group(1) == "fn":
                numbers.setdefault(match.group(2), len(numbers) + 1)
        if not numbers:
            return

        def renamed(value: str) -> str:
            match = _FOOTNOTE_ID.fullmatch(value)
            if match and match.group(2) in numbers:
                return f"{match.group(1)}-{numbers[match.group(2)]}"
            return value

        for element in root.iter():
            if identifier := element.get("id"):
                element.set("id", renamed(identifier))
            href = element.get("href", "")
            if element.tag == "a" and href.startswith("#"):
                element.set("href", "#" + renamed(href[1:]))


def _remove(parent: etree.Element, child: etree.Element) -> None:
    """Remove `child`, keeping the text that follows it."""
    if child.tail:
        index = list(parent).index(child)
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + child.tail
        else:
            parent.text = (parent.text or "") + child.tail
    parent.remove(child)


_TREE = _StoryTree()
_MARKDOWN = markdown.Markdown(
    extensions=["tables", "fenced_code", "footnotes", "sane_lists", "smarty"],
    extension_configs={"footnotes": {
        "SEPARATOR": "-",
        "BACKLINK_TITLE": "Quay lại chỗ chú thích %d",
        # U+FE0E: the arrow as text, not as a coloured emoji on phones.
        "BACKLINK_TEXT": "&#8617;&#xFE0E;",
    }},
    output_format="html",
)
_MARKDOWN.treeprocessors.register(_TREE, "vinhdanh-story", 5)  # after the inline patterns (20)


def invisible_note(text: str) -> tuple[str, Note | None]:
    """`text` without invisible characters (`text.strip_invisible`), and a warning at the first line with one."""
    lines = text.split("\n")
    first, kinds = 0, {}
    for number, line in enumerate(lines, 1):
        cleaned, found = strip_invisible(line)
        if found:
            lines[number - 1] = cleaned
            first = first or number
            kinds.update(dict.fromkeys(found))
    if not kinds:
        return text, None
    return "\n".join(lines), Note(first, f"đã xóa ký tự ẩn ({', '.join(kinds)}) khỏi câu chuyện (thường có khi dán "
                                         "từ Word, Zalo hay PDF); hãy xóa chúng trong tệp để bỏ cảnh báo này")


def render_story(text: str, targets: Targets | None = None) -> Story:
    """Render a story's Markdown to sanitised HTML; raise StoryError when it is over a limit.

    Relative links and images are resolved through `targets` (by default none is found).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, invisible = invisible_note(text)
    check_limits(text)
    render = _Render(text, targets or NoTargets())
    if invisible:
        render.notes.append(invisible)
    _TREE.render = render
    # One converter, reset between stories: building one per story costs more than converting it.
    html = _MARKDOWN.reset().convert(text)
    html = nh3.clean(
        _demote_headings(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=render.attribute,
        allowed_classes=ALLOWED_CLASSES,
        filter_style_properties={"text-align"},
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    html = _LINK_WITHOUT_HREF.sub(r"\1", html)  # a link left out keeps its text
    html = _IMG.sub(lambda m: m.group() if _MARKER_SRC.search(m.group()) else "", html)
    html = _EMPTY_PARAGRAPH.sub("", html)  # where an image alone was left out
    render.notes.sort(key=lambda n: n.line)
    return Story(html, render.images, render.notes)


# --- rendered stories kept between builds -----------------------------------------------------------------

def _code_version() -> str:
    """What rendering depends on besides a story's text: this module and the Markdown and nh3 releases."""
    return make_key("story", Path(__file__).read_bytes(), markdown.__version__, version("nh3"))


class _Recorder:
    """`Targets` that remembers every question asked and its answer, to check them again next time."""

    def __init__(self, targets: Targets):
        self.targets = targets
        self.asked: list[list] = []

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        answer = self.targets.link(path, anchor)
        self.asked.append(["link", [path, anchor], list(answer)])
        return answer

    def image(self, path: str) -> tuple[Path | None, str]:
        found, reason = self.targets.image(path)
        self.asked.append(["image", [path], [str(found) if found else None, reason]])
        return found, reason


class StoryCache:
    """Rendered stories kept between builds, by their text, in a JSON file of the cache folder.

    A story is rendered again only when its text changed, this module or its libraries changed, or one of
    its links or images now resolves differently (each question the story asked is asked again: a linked
    profile unpublished, an image removed). Rendering is the costly part of loading a large site; checking
    answers costs a few look-ups. A story over a limit is never kept: it raises again. Entries not used by
    a build are dropped when it saves, so the file holds the current stories only.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.version = _code_version()
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        if path is not None:
            try:
                kept = json.loads(path.read_bytes())
            except (OSError, ValueError):
                kept = {}  # none yet, or unreadable: every story is rendered
            if isinstance(kept, dict) and kept.get("version") == self.version:
                self.entries = kept.get("stories", {})

    def render(self, text: str, targets: Targets) -> Story:
        """`render_story(text, targets)`, from the cache when every answer is the same as when it was kept."""
        key = make_key(text)
        entry = self.entries.get(key)
        if entry is not None and all(self._answer(targets, kind, args) == answer for kind, args, answer in entry["asked"]):
            self.used[key] = entry
            return Story(entry["html"], [StoryImage(Path(s), alt) for s, alt in entry["images"]],
                         [Note(line, message) for line, message in entry["notes"]])
        recorder = _Recorder(targets)
        story = render_story(text, recorder)
        self.used[key] = self.entries[key] = {
            "asked": recorder.asked, "html": story.html,
            "images": [[str(image.source), image.alt] for image in story.images],
            "notes": [[note.line, note.message] for note in story.notes]}
        return story

    @staticmethod
    def _answer(targets: Targets, kind: str, args: list) -> list:
        if kind == "link":
            return list(targets.link(*args))
        found, reason = targets.image(*args)
        return [str(found) if found else None, reason]

    def save(self) -> None:
        """Keep the stories this build used (written whole and at once: a reader never sees half a file)."""
        if self.path is None:
            return
        data = json.dumps({"version": self.version, "stories": self.used}, ensure_ascii=False).encode()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data)
        except OSError:
            pass  # a cache that cannot be written only costs time
