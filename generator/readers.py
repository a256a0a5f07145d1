"""Readers: bytes on disk -> NFC text -> plain data with a line number for every value.

YAML is composed into PyYAML's node tree and built into Python values here, not by PyYAML's constructors,
so that the rules are ours: YAML 1.2 core scalars only (no `12:30` -> 750, no `no` -> False, no timestamps:
dates stay strings for the schema to parse), no tags, bounded alias expansion, nesting and file size.
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

import yaml

from .text import nfc, strip_invisible

MAX_FILE_BYTES = 1_000_000
"""Largest profile or registry file read; a larger one is refused (profiles are a page or two)."""
MAX_NODES = 100_000
"""Most values one YAML document may expand to, aliases included (stops "billion laughs")."""
MAX_DEPTH = 40
"""Deepest nesting of lists and mappings accepted."""
MAX_CHARACTERS = 2 * MAX_FILE_BYTES
"""Most characters one YAML document may expand to: a long text aliased many times stays under
`MAX_NODES` and would still cost gigabytes."""

Path_ = tuple[str | int, ...]


class ReadError(Exception):
    """An input that cannot be read at all; `line` is 0 when unknown."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message = message
        self.line = line


# Text typed in the legacy TCVN3 (ABC) and VNI fonts, read as Windows-1252 or pasted from such a font,
# shows Latin-1 characters that Vietnamese in Unicode never uses: "Nguyễn" reads "NguyÔn" (TCVN3) or
# "Nguyeãn" (VNI). A line with such characters and no Vietnamese letter beyond Latin-1 is legacy text.
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_ORDINARY_LATIN1 = set("\u00a0«»°×©")
_VNI_MARKS = set("øûïöüäëñÑØÛÏÖÜÄËÕõ")


def _legacy_font_guess(text: str) -> tuple[int, str] | None:
    """(line, name) of the first line whose mojibake shows a legacy encoding; None for ordinary text."""
    for number, line in enumerate(text.splitlines(), 1):
        suspicious = [ch for ch in line if "\u0080" <= ch <= "\u00ff"
                      and ch not in _VIETNAMESE_LATIN1 and ch not in _ORDINARY_LATIN1]
        if suspicious and not any("\u0100" <= ch <= "\u1eff" for ch in line):
            vni = sum(ch in _VNI_MARKS for ch in suspicious)
            return number, ("VNI" if vni * 2 > len(suspicious) else "TCVN3 (ABC)")
    return None


# Windows-1258 writes a tone as a combining byte right after its vowel.
_WINDOWS_1258_TONE = re.compile(rb"[aeiouyAEIOUY\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd][\xcc\xec\xd2\xde\xf2]")


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) to NFC text; name any other encoding in a ReadError."""
    advice = "hãy mở tệp và lưu lại với mã UTF-8"
    for bom, name in ((codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
                      (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16")):
        if data.startswith(bom):
            raise ReadError(f"tệp được lưu bằng mã {name}; {advice}")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    if b"\x00" in data[:4000]:
        raise ReadError(f"tệp có ký tự NUL, có thể được lưu bằng mã UTF-16; {advice}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        if _WINDOWS_1258_TONE.search(data):
            guess = "Windows-1258"
        else:
            found = _legacy_font_guess(data.decode("cp1252", errors="replace"))
            guess = found[1] if found else "không xác định"
        raise ReadError(f"tệp không phải UTF-8 (có thể là mã {guess}); {advice}", line) from None
    found = _legacy_font_guess(text)
    if found:
        line, guess = found
        raise ReadError(f"văn bản có vẻ được gõ bằng bảng mã cũ {guess}; hãy chuyển sang Unicode "
                        "(ví dụ bằng Unikey: Công cụ chuyển mã) rồi lưu lại", line)
    return nfc(text)


def _size(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def check_input(path: Path, folder: Path, limit: int = MAX_FILE_BYTES) -> os.stat_result:
    """Refuse `path` unless it is a regular file of at most `limit` bytes inside `folder`.

    A link is followed only while it stays inside `folder`: `profiles/x.md -> ../.git/config` would publish
    the checkout's credentials. Devices, FIFOs and sockets are refused too (`/dev/zero` never ends, a FIFO
    blocks forever). Nothing is read.
    """
    return _check_stat(_inside(path, folder).stat(), limit)


def _inside(path: Path, folder: Path) -> Path:
    """`path` with every link followed, if it exists inside `folder`; ReadError otherwise."""
    try:
        resolved = path.resolve(strict=True)
    except FileNotFoundError:
        raise ReadError("không tìm thấy tệp") from None
    except (OSError, RuntimeError):  # a loop of links, a name too long
        raise ReadError("không đọc được tệp (liên kết tắt vòng hoặc đường dẫn không hợp lệ)") from None
    if not resolved.is_relative_to(folder.resolve()):
        raise ReadError(f"là liên kết tắt trỏ ra ngoài thư mục {folder.name}/; chỉ dùng tệp nằm trong thư mục này")
    return resolved


def _check_stat(info: os.stat_result, limit: int) -> os.stat_result:
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("không phải tệp thông thường (thư mục, thiết bị hay đường ống); chỉ dùng tệp văn bản, tệp ảnh")
    if info.st_size > limit:
        raise ReadError(f"tệp quá lớn ({_size(info.st_size)} byte; tối đa {_size(limit)})")
    return info


def open_input(path: Path, folder: Path, limit: int = MAX_FILE_BYTES) -> BinaryIO:
    """`path` opened for reading, once it passed `check_input`.

    The checks are made again on the opened file, so a file swapped after the first check is still refused.
    Photos are opened this way to read only their header and last bytes.
    """
    resolved = _inside(path, folder)
    _check_stat(resolved.stat(), limit)
    try:
        fd = os.open(resolved, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
                     | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise ReadError(f"không mở được tệp: {error.strerror}") from None
    file = os.fdopen(fd, "rb")
    try:
        _check_stat(os.fstat(fd), limit)
    except ReadError:
        file.close()
        raise
    return file


def read_input(path: Path, folder: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of `path`, a regular file inside `folder` of at most `limit` bytes (`open_input`).

    At most `limit` bytes are read whatever the file's size claims.
    """
    with open_input(path, folder, limit) as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise ReadError(f"tệp quá lớn (hơn {_size(limit)} byte)")
    return data


def read_text(path: Path, folder: Path) -> str:
    """Read a text input file inside `folder`, refusing links out of it, oversized files and non-UTF-8."""
    return decode(read_input(path, folder))


@dataclass
class Document:
    """Plain data read from YAML, with the source line of every key and value."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    """Line of each value by its path of keys and indexes; `()` is the document itself."""
    cleaned: list[tuple[Path_, int, list[str]]] = field(default_factory=list)
    """Values from which invisible characters were removed: (path, line, kinds removed), for warnings."""

    def line_of(self, path: Path_) -> int:
        """Line of the value at `path`, or of its closest ancestor that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9]+([eE][-+]?[0-9]+)?")
MAX_DIGITS = 18
"""Longest number read as a number; a longer one stays text (Python refuses ints of 4,300 digits)."""
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_CORE_TAGS = {_STR, _SEQ, _MAP}


@dataclass
class _Alias:
    """A use of an anchored node (`*name`): where it is used, for the lines of what it expands to."""

    target: yaml.Node
    start_mark: yaml.Mark


def _compose(text: str, line_offset: int) -> yaml.Node | None:
    """The node tree of one YAML document, built from LibYAML's events with a stack of our own.

    PyYAML's composer recurses in C for every level of nesting and overflows the stack (a segmentation
    fault, no message) on about 30,000 levels of `[`. Here nesting is counted as the events arrive and the
    document is refused at `MAX_DEPTH`, before LibYAML has read further.
    """
    root: yaml.Node | None = None
    stack: list[tuple[yaml.Node, str | None]] = []  # open collections and their anchors
    anchors: dict[str, yaml.Node] = {}
    documents = 0

    def attach(node: yaml.Node | _Alias) -> None:
        nonlocal root
        if stack:
            stack[-1][0].value.append(node)
        else:
            root = cast(yaml.Node, node)  # an alias cannot be a whole document: its anchor is inside it

    for event in yaml.parse(text, Loader=_TaglessLoader):
        # LibYAML's events carry marks of its own class, with PyYAML's fields; every event has them.
        start, end = cast(yaml.Mark, event.start_mark), cast(yaml.Mark, event.end_mark)
        line = start.line + 1 + line_offset
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise ReadError("tệp chỉ được có một tài liệu YAML (bỏ dòng '---' thứ hai)", line)
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise ReadError(f"YAML không hợp lệ: {_YAML_PROBLEMS[('found undefined alias',)]}", line)
            attach(_Alias(anchors[event.anchor], start))
        elif isinstance(event, yaml.ScalarEvent):
            tag = _STR if event.tag in (None, "!") else event.tag
            scalar = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
            if event.anchor:
                anchors[event.anchor] = scalar
            attach(scalar)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise ReadError(f"YAML lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", line)
            sequence = isinstance(event, yaml.SequenceStartEvent)
            kind = yaml.SequenceNode if sequence else yaml.MappingNode
            default = _SEQ if sequence else _MAP
            collection = kind(default if event.tag in (None, "!") else event.tag, [], start, end,
                              flow_style=event.flow_style)
            attach(collection)
            stack.append((collection, event.anchor))
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            closed, anchor = stack.pop()
            if isinstance(closed, yaml.MappingNode):  # items arrived as a flat list: key, value, key, value
                closed.value = list(zip(closed.value[::2], closed.value[1::2], strict=True))
            if anchor:  # after its end, as PyYAML does: a node cannot contain itself
                anchors[anchor] = closed
    return root


class _Builder:
    """Builds Python values from a composed node tree under the limits above."""

    def __init__(self, line_offset: int):
        self.offset = line_offset
        self.lines: dict[Path_, int] = {}
        self.cleaned: list[tuple[Path_, int, list[str]]] = []
        self.count = 0
        self.characters = 0
        self.alias: _Alias | None = None
        """The alias being expanded: what it expands to is located where the alias is written."""

    def line(self, node: yaml.Node) -> int:
        return (self.alias or node).start_mark.line + 1 + self.offset

    def build(self, node: yaml.Node | _Alias, path: Path_, depth: int = 0) -> Any:
        if isinstance(node, _Alias):
            outer, self.alias = self.alias, self.alias or node
            try:
                return self.build(node.target, path, depth)
            finally:
                self.alias = outer
        self.count += 1
        if self.count > MAX_NODES:
            raise ReadError(f"tài liệu YAML quá lớn sau khi mở rộng bí danh (quá {_size(MAX_NODES)} giá trị)",
                            self.line(node))
        if depth > MAX_DEPTH:
            raise ReadError(f"YAML lồng nhau quá sâu (quá {MAX_DEPTH} cấp)", self.line(node))
        self.lines.setdefault(path, self.line(node))
        if node.tag not in _CORE_TAGS:
            raise ReadError(f"thẻ YAML {node.tag} không được phép", self.line(node))
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise ReadError("khóa YAML phải là văn bản", self.line(key_node))
                if key_node.value == "<<":
                    raise ReadError("không hỗ trợ khóa gộp '<<' của YAML", self.line(key_node))
                key = self.text(key_node, None)
                if key_node.value != key:  # invisible characters in a field name
                    self.cleaned.append(((*path, key), self.line(key_node), strip_invisible(key_node.value)[1]))
                if key in result:
                    raise ReadError(f"khóa '{key}' bị lặp lại", self.line(key_node))
                self.lines[(*path, key)] = self.line(key_node)
                result[key] = self.build(value_node, (*path, key), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)  # `_compose` makes no other node
        return self.scalar(node, path)

    def text(self, node: yaml.ScalarNode, path: Path_ | None) -> str:
        """A scalar's text: NFC, invisible characters removed (recorded at `path`), within the expansion budget."""
        self.characters += len(node.value)
        if self.characters > MAX_CHARACTERS:
            raise ReadError(f"tài liệu YAML quá lớn sau khi mở rộng bí danh (quá {_size(MAX_CHARACTERS)} ký tự)",
                            self.line(node))
        value, kinds = strip_invisible(nfc(node.value))
        if kinds and path is not None:
            self.cleaned.append((path, self.line(node), kinds))
        return value

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        value = self.text(node, path)
        if node.style:  # quoted or block scalar: always text (plain is None, or "" from LibYAML)
            return value
        lowered = value.lower()
        if lowered in ("", "~", "null"):
            return None
        if lowered in ("true", "false"):
            return lowered == "true"
        digits = sum(ch.isdigit() for ch in value)
        if _INT.fullmatch(value) and digits <= MAX_DIGITS:
            return int(value.replace("_", ""))
        if _FLOAT.fullmatch(value) and digits <= MAX_DIGITS and math.isfinite(number := float(value.replace("_", ""))):
            return number
        return value


# PyYAML's common problems in both its parsers' wording (pure Python, then LibYAML), in Vietnamese.
_YAML_PROBLEMS = {
    ("mapping values are not allowed",): "dấu ':' không đúng chỗ (kiểm tra thụt lề, hoặc đặt giá trị có dấu ':' "
                                         "trong dấu nháy)",
    ("could not find expected ':'",): "thiếu dấu ':' sau tên trường",
    ("found character that cannot start any token", "found character '"):
        "có ký tự không hợp lệ ở đầu giá trị (giá trị bắt đầu bằng @, ` hoặc % phải đặt trong dấu nháy)",
    ("expected <block end>, but found", "did not find expected key"): "thụt lề không khớp với các dòng trên",
    ("found undefined alias",): "dùng bí danh (*) chưa được định nghĩa",
    ("found unexpected end of stream",): "thiếu dấu nháy đóng",
    ("expected ',' or ']', but got", "did not find expected ',' or ']'"): "thiếu dấu ']' đóng danh sách",
    ("expected ',' or '}', but got", "did not find expected ',' or '}'"): "thiếu dấu '}' đóng nhóm",
}


_TAB = ("có ký tự Tab; phần thông tin chỉ thụt lề bằng dấu cách, kể cả sau dấu '-' của mục danh sách: hãy thay "
        "Tab bằng dấu cách")
"""What any YAML error caused by a tab says: LibYAML words it three ways, some without naming the tab."""


def _yaml_problem(problem: str, character: str = "") -> str:
    """PyYAML's problem in Vietnamese where it is a common one; as is otherwise.

    `character` is the one where the parser stopped: a tab there (at the start of a line, or after the `-`
    of a list item) is what the editor must change, whatever the parser's wording.
    """
    if character == "\t" or "tab character" in problem:
        return _TAB
    for wordings, vietnamese in _YAML_PROBLEMS.items():
        if problem.startswith(wordings):
            return vietnamese
    return problem


class _TaglessLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # a base chosen on import
    """Parses without implicit resolvers: every untagged scalar stays text until `_Builder.scalar`.

    LibYAML's parser (CSafeLoader) when PyYAML was built with it: about ten times faster, same events.
    """

    yaml_implicit_resolvers: dict = {}


def parse_yaml(text: str, line_offset: int = 0) -> Document:
    """Parse one YAML document safely into plain data with line numbers.

    `line_offset` is added to every line, for front matter that starts below line 1.
    """
    try:
        node = _compose(text, line_offset)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        lines = text.split("\n")
        at = lines[mark.line][mark.column:mark.column + 1] if mark and mark.line < len(lines) else ""
        raise ReadError(f"YAML không hợp lệ: {_yaml_problem(error.problem or str(error), at)}", line) from None
    except yaml.YAMLError as error:
        raise ReadError(f"YAML không hợp lệ: {error}") from None
    if node is None:
        return Document(None, {(): 1 + line_offset})
    builder = _Builder(line_offset)
    data = builder.build(node, ())
    return Document(data, builder.lines, builder.cleaned)


_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split a Markdown file into (front matter YAML or None, body, line where the body starts).

    A file that opens front matter with a `---` line and never closes it raises ReadError: read as a story,
    its fields would be published as text.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENING.match(text):
            raise ReadError("phần thông tin đầu tệp (front matter) mở bằng dòng '---' nhưng chưa được đóng: hãy "
                            "thêm một dòng '---' ngay sau trường cuối cùng, trước câu chuyện", 1)
        return None, text, 1
    body_line = match.group(0).count("\n") + 1
    return match.group(1) or "", text[match.end():], body_line
