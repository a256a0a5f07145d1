"""The load stage: read and validate every input into the model (registries, conference, profiles, the rules
across files), and decide what is published.

`load_site` gathers all inputs before anything is written, records every problem it finds (a bad file is
reported and skipped, so one run shows all problems), and returns a `Site` only when there are none.
`load_site_for_preview` makes the live preview's site from what is valid, with the same problems.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote

from . import photos
from .load_articles import load_articles, published_articles
from .load_conference import load_conference, resolve_ceremony, resolve_speakers
from .load_contest import load_contest
from .memo import Memo, call, call_recording
from .messages import load_catalogue
from .model import (
    KIND_LABELS,
    STATUS_LABELS,
    Article,
    AwardTitle,
    Conference,
    ContestRound,
    Movement,
    Profile,
    ProfileData,
    Registries,
    Registry,
    ResolvedAward,
    Site,
    Unit,
    Wording,
    parse_date,
)
from .problems import InputError, Problem, Problems
from .readers import MAX_FILE_BYTES, Document, ReadError, check_input, parse_yaml, read_text, split_front_matter
from .routes import page_url, profile_src, relative
from .schema import field_name, read_document, report_cleaned, validate_model
from .stories import StoryCache, StoryError, shorten
from .templates import Templates, theme_folders
from .text import fold, make_id, nfc, slugify, tone_key

TIMEZONE = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
PROFILE_SUFFIXES = (".md", ".yml", ".yaml")
DEFAULT_CACHE = ".cache/vinhdanh"
"""The cache folder's default place, relative to the project."""
DEFAULT_ARTICLES = "articles"
"""The articles folder's default place, relative to the project."""
DEFAULT_CONTEST = "contest"
"""The writing contest's folder (`contest/<round>/`), relative to the project; none there, no contest."""
MAX_PAPER_BYTES = 50_000_000
"""Largest full text of a paper (`paper.file`: a PDF or Word file) accepted."""
MAX_CONTENT_BYTES = 30_000_000
"""Largest file other than a page in the hand-written pages' folder (a picture, a PDF); pages are text
files of at most `readers.MAX_FILE_BYTES`."""


# --- registries -----------------------------------------------------------------------------------------

T = TypeVar("T", bound=Unit | Movement | AwardTitle)


def _load_registry(path: Path, key: str, model: type[T], label: str, problems: Problems) -> Registry:
    registry = Registry(label)
    doc = read_document(path, problems)
    if doc is None:
        return registry
    if not isinstance(doc.data, dict) or not isinstance(doc.data.get(key), list):
        problems.add(path, 1, key, f"tệp phải có khóa '{key}' chứa danh sách {label}")
        return registry
    english: dict[str, T] = {}  # English names, which two entries may not share either
    for i in range(len(doc.data[key])):
        entry = validate_model(model, doc, path, problems, (key, i))
        if entry is None:
            continue
        short_name: str | None = getattr(entry, "short_name", None)  # units and movements have one
        names: list[str | Wording] = [entry.id, entry.name, *entry.aliases]
        if short_name:
            names.append(short_name)
        taken = registry.add(entry, names)
        if taken:
            problems.add(path, doc.line_of((key, i)), f"{key}[{i}]",
                         f"tên hoặc mã '{taken}' đã dùng cho một {label} khác")
        if entry.en is not None:
            english_key = Registry.key(entry.en.name)
            if english_key in english:
                problems.add(path, doc.line_of((key, i, "en", "name")), f"{key}[{i}].en.name",
                             f"tên tiếng Anh '{entry.en.name}' đã dùng cho {label} '{english[english_key].name}'")
            else:
                english[english_key] = entry
    return registry


def load_registries(data_dir: Path, problems: Problems) -> Registries:
    """Load `units.yml`, `movements.yml` and `awards.yml` from `data_dir`."""
    return Registries(
        units=_load_registry(data_dir / "units.yml", "units", Unit, "đơn vị", problems),
        movements=_load_registry(data_dir / "movements.yml", "movements", Movement, "phong trào", problems),
        awards=_load_registry(data_dir / "awards.yml", "awards", AwardTitle, "danh hiệu, hình thức khen thưởng",
                              problems),
    )


# --- profiles -------------------------------------------------------------------------------------------

@dataclass
class ProfileSource:
    """A profile file read and parsed, before schema validation."""

    path: Path
    doc: Document
    story: str
    """The story's Markdown, from the body, the `story` field or the `.md` beside a `.yml`."""
    story_path: Path
    """The file the story is written in."""
    story_line: int = 1
    """Line of `story_path` where the story's first line is."""
    story_exact: bool = True
    """Whether story line n is line `story_line + n - 1` of the file; not in a folded YAML value, whose
    lines were joined: every story line is then reported at `story_line`."""

    def file_line(self, line: int) -> int:
        """The line of `story_path` holding line `line` of the story."""
        return self.story_line + max(line, 1) - 1 if self.story_exact else self.story_line


_LITERAL_BLOCK = re.compile(r":[ \t]*\|[-+0-9]*[ \t]*(?:#.*)?\r?$")


def _read_source(path: Path, profiles_dir: Path, problems: Problems, memo: Memo | None = None) -> ProfileSource | None:
    """The source of the profile file `path` (and of the story beside a `.yml`), its problems recorded; None
    when it cannot be read. Parsing is kept in `memo`, the preview's, by the files' text."""
    companion = path.with_suffix(".md") if path.suffix != ".md" else None
    reading = path  # the file a read error belongs to: the profile, or the story beside it
    try:
        text = _read_kept(path, profiles_dir, memo)
        reading = companion or path
        companion_text = (_read_kept(companion, profiles_dir, memo) if companion is not None and companion.exists()
                          else None)
    except ReadError as error:
        problems.add(reading, error.line, "", error.message)
        return None
    source, found = call(memo, _parse_source, path, text, companion_text, problems.root)
    problems.items += found
    return source


def _parse_source(path: Path, text: str, companion_text: str | None,
                  root: Path) -> tuple[ProfileSource | None, list[Problem]]:
    """`_read_source` once the files are read: the source parsed from `text` (and `companion_text`, the
    story beside a `.yml`), with the problems found, their paths relative to `root`."""
    problems = Problems(root)
    reading = path
    story_line, companion_front = 1, None
    try:
        if path.suffix == ".md":
            front, story, story_line = split_front_matter(text)
            if front is None:
                problems.add(path, 1, "", "thiếu phần thông tin đầu tệp (front matter) giữa hai dòng '---'")
                return None, problems.items
            doc = parse_yaml(front, line_offset=1)
            story_path = path
        else:
            doc = parse_yaml(text)
            story, story_path = "", path
            if companion_text is not None:
                companion = reading = path.with_suffix(".md")
                front, story, story_line = split_front_matter(companion_text)
                story_path = companion
                if front is not None:
                    companion_front = parse_yaml(front, line_offset=1)
    except ReadError as error:
        problems.add(reading, error.line, "", error.message)
        return None, problems.items
    report_cleaned(doc, path, problems)
    if not isinstance(doc.data, dict):
        problems.add(path, doc.line_of(()), "", "phần thông tin phải là các dòng 'khóa: giá trị'")
        return None, problems.items
    if companion_front is not None:
        _check_companion_front(path, doc, story_path, companion_front, problems)
    source = ProfileSource(path, doc, story, story_path, story_line)
    if isinstance(doc.data.get("story"), str):
        if story.strip():
            problems.add(path, doc.line_of(("story",)), "story",
                         f"đã có câu chuyện trong {problems.relative(story_path)}; chỉ dùng một nơi")
            return None, problems.items
        line = doc.line_of(("story",))
        # A literal block (`story: |`) keeps its lines from the next line on; other styles join them.
        literal = _LITERAL_BLOCK.search(text.split("\n")[line - 1]) if 0 < line <= text.count("\n") + 1 else None
        source = ProfileSource(path, doc, doc.data["story"], path, line + bool(literal), bool(literal))
    return source, problems.items


def _check_companion_front(path: Path, doc: Document, companion: Path, front: Document, problems: Problems) -> None:
    """The front matter of the story beside a `.yml` profile: an error where it contradicts the `.yml`,
    else a warning that it is ignored (it used to be published as the story's first lines)."""
    yml = problems.relative(path)
    data = front.data if isinstance(front.data, dict) else {}
    contradicting = False
    for key, value in data.items():
        if key in doc.data and doc.data[key] != value:
            contradicting = True
            problems.add(companion, front.line_of((key,)), key,
                         f"'{shorten(str(value), 60)}' khác với '{shorten(str(doc.data[key]), 60)}' trong {yml} (dòng "
                         f"{doc.line_of((key,))}); thông tin hồ sơ chỉ lấy từ tệp .yml: hãy sửa trong {yml} "
                         f"và xóa phần thông tin đầu tệp {companion.name} (giữa hai dòng '---')")
    if not contradicting:
        moved = [key for key in data if key not in doc.data]
        todo = f"chuyển {', '.join(moved)} sang {yml} rồi xóa" if moved else "xóa"
        problems.warn(companion, 1, "", f"phần thông tin đầu tệp (giữa hai dòng '---') bị bỏ qua vì thông tin hồ sơ "
                      f"chỉ lấy từ {yml}: hãy {todo} phần này khỏi {companion.name}")


def discover_profiles(profiles_dir: Path) -> list[Path]:
    """Profile files under `profiles_dir`, in a stable order.

    A `.md` beside a same-named `.yml` is that profile's story, not a profile; names starting with `_`
    or `.`, and README files, are skipped. Linked folders are not walked into: a link may lead out of the
    profiles folder (and a linked file that does is refused when it is read).
    """
    found = []
    for top, folders, files in os.walk(profiles_dir):  # does not follow links to folders
        folders[:] = [name for name in folders if not name.startswith(("_", "."))]
        for name in files:
            path = Path(top, name)
            if name.startswith(("_", ".")) or name.lower() == "readme.md" or path.suffix not in PROFILE_SUFFIXES:
                continue
            if path.suffix == ".md" and (path.with_suffix(".yml").exists() or path.with_suffix(".yaml").exists()):
                continue
            found.append(path)
    return sorted(found)


def _resolve_file(source: ProfileSource, loc: tuple[str, ...], written: str, profiles_dir: Path, noun: str,
                  problems: Problems) -> Path | None:
    """The file a profile names at `loc` (`photo`, `paper.file`), resolved; None after recording why not.

    It must exist inside the profiles folder, links followed; what it is (a regular file, its size, its
    content) is for the caller to check.
    """
    def refuse(message: str) -> None:
        problems.add(source.path, source.doc.line_of(loc), field_name(loc), message)

    candidate = Path(written)
    if candidate.is_absolute() or ".." in candidate.parts:
        refuse(f"đường dẫn {noun} phải nằm trong thư mục profiles/ (không dùng '..' hay đường dẫn tuyệt đối)")
        return None
    try:
        resolved = (source.path.parent / candidate).resolve()
    except (OSError, RuntimeError):  # a loop of links
        refuse(f"không đọc được tệp {noun} (liên kết tắt vòng hoặc đường dẫn không hợp lệ): {written}")
        return None
    if not resolved.exists():
        found = _written_otherwise(source.path.parent, candidate)
        if found is None:
            refuse(f"không tìm thấy tệp {noun}: {written}")
            return None
        on_disk = nfc(found.relative_to(source.path.parent).as_posix())
        if on_disk != nfc(written):
            refuse(f"không tìm thấy tệp {noun}: {written}; có phải ý bạn là '{on_disk}'? (tên tệp phải ghi đúng "
                   "từng chữ hoa, chữ thường và dấu)")
            return None
        # The same name in another Unicode form (macOS writes names decomposed) is the same name to the
        # editor, who cannot type the difference: the file is taken as written.
        resolved = found.resolve()
    if not resolved.is_relative_to(profiles_dir.resolve()):
        refuse(f"{noun} trỏ ra ngoài thư mục profiles/ (liên kết tắt không được phép): {written}")
        return None
    return resolved


def _written_otherwise(folder: Path, written: Path) -> Path | None:
    """The path under `folder` that `written` names when letter case, Unicode form and tone placement are
    ignored ("Anh/Hoà.JPG" for "anh/hòa.jpg"), or None. Looked for only when `written` is missing: one
    listing per folder on the way."""
    current = folder
    for part in written.parts:
        if part == ".":
            continue
        try:
            names = sorted(os.listdir(current))
        except OSError:
            return None
        wanted = tone_key(part).casefold()
        match = part if part in names else next((n for n in names if tone_key(n).casefold() == wanted), None)
        if match is None:
            return None
        current = current / match
    return current


def _resolve_photo(source: ProfileSource, photo: str, profiles_dir: Path, problems: Problems,
                   memo: Memo | None = None) -> Path | None:
    if "://" in photo or photo.startswith(("//", "data:")):
        problems.add(source.path, source.doc.line_of(("photo",)), "photo",
                     "ảnh phải là tệp trong thư mục profiles/, không dùng đường dẫn web")
        return None
    resolved = _resolve_file(source, ("photo",), photo, profiles_dir, "ảnh", problems)
    if resolved is None:
        return None
    # Kept in the preview's memo while the file is the same file, unchanged (its identity, size and times).
    check = call(memo, photos.check_photo, resolved, profiles_dir, depends=(_file_state(resolved),))
    if check.error or check.warning:
        record = problems.add if check.error else problems.warn
        record(source.path, source.doc.line_of(("photo",)), "photo", f"{check.error or check.warning}: {photo}")
    return None if check.error else resolved


def _read_kept(path: Path, folder: Path, memo: Memo | None) -> str:
    """`read_text(path, folder)`; with the preview's memo, kept while `path` leads to the same file, unchanged:
    the name itself (a link replaced, or a file replaced by a link, is read and checked again) and the file it
    leads to (`_file_state`). What cannot be read is never kept: it raises ReadError every time."""
    if memo is None:
        return read_text(path, folder)
    try:
        own = os.lstat(path)
    except OSError:
        return read_text(path, folder)  # gone: says so
    state = (own.st_dev, own.st_ino, own.st_mode, own.st_size, own.st_mtime_ns, own.st_ctime_ns, _file_state(path))
    return memo.get(Memo.key("read", str(path), str(folder), state), lambda: read_text(path, folder))


def _file_state(path: Path) -> tuple[int, ...] | None:
    """What changes when the file at `path` is replaced or written: its identity, size and times (None: gone)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_mode, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def _check_paper(source: ProfileSource, written: str, profiles_dir: Path, problems: Problems) -> None:
    """The full text of a paper is a file inside profiles/ (never read, so only its kind and size are)."""
    resolved = _resolve_file(source, ("paper", "file"), written, profiles_dir, "tham luận", problems)
    if resolved is None:
        return
    try:
        check_input(resolved, profiles_dir, MAX_PAPER_BYTES)
    except ReadError as error:
        problems.add(source.path, source.doc.line_of(("paper", "file")), "paper.file", f"{error.message}: {written}")


def _raw_list(raw: dict, key: str) -> list:
    value = raw.get(key)
    return value if isinstance(value, list) else []


def _award_date(raw: dict) -> dt.date | None:
    """Date an award counts from, read leniently from raw data (the schema reports bad values)."""
    try:
        if raw.get("date") is not None:
            return parse_date(raw["date"])
    except ValueError:
        return None
    year = raw.get("year")
    return dt.date(year, 12, 31) if isinstance(year, int) and 1 <= year <= 9999 else None


def _legal_wording(title: AwardTitle, used: Wording | None, when: dt.date | None) -> str:
    """The wording of `title` that was in force on `when`: an award of 2021 keeps its 2003-law name."""
    if used is not None:
        return used.name
    if when is not None:
        for alias in title.aliases:
            if isinstance(alias, Wording) and (alias.since or when) <= when <= (alias.until or when):
                return alias.name
    return title.name


def _resolve_awards(source: ProfileSource, registries: Registries, problems: Problems
                    ) -> list[tuple[AwardTitle, str] | None]:
    """Resolve each raw award title to its entry and the wording its decision uses; an entry is None where
    the award has a problem."""
    raw_kind = source.doc.data.get("kind")
    resolved: list[tuple[AwardTitle, str] | None] = []
    for i, raw in enumerate(_raw_list(source.doc.data, "awards")):
        loc = ("awards", i, "title")
        line, name = source.doc.line_of(loc), field_name(loc)
        text = raw.get("title") if isinstance(raw, dict) else None
        found = registries.awards.find(text) if isinstance(text, str) else None
        resolved.append(None)
        if not isinstance(text, str):
            continue  # the schema reports it
        if found is None:
            problems.add(source.path, line, name, f"không có danh hiệu '{text}' trong data/awards.yml"
                         + registries.awards.suggest(text))
            continue
        title, wording = found
        if raw_kind in KIND_LABELS and title.applies_to not in ("both", raw_kind):
            problems.add(source.path, line, name,
                         f"'{title.name}' dành cho {KIND_LABELS[title.applies_to].lower()}, "
                         f"không dùng cho hồ sơ {KIND_LABELS[raw_kind].lower()}")
            continue
        when = _award_date(raw)
        if wording and when and wording.until and when > wording.until:
            problems.add(source.path, line, name, f"tên gọi '{wording.name}' chỉ dùng đến {wording.until:%d/%m/%Y}; "
                         f"quyết định năm {when.year} dùng tên '{title.name}'")
            continue
        if wording and when and wording.since and when < wording.since:
            problems.add(source.path, line, name, f"tên gọi '{wording.name}' chỉ dùng từ {wording.since:%d/%m/%Y}; "
                         f"quyết định năm {when.year} dùng tên '{title.name}'")
            continue
        resolved[-1] = (title, _legal_wording(title, wording, when))
    return resolved


def _resolve_references(source: ProfileSource, registries: Registries, problems: Problems
                        ) -> tuple[Unit | None, list[Movement | None], list[tuple[AwardTitle, str] | None]]:
    """Look up unit, movements and award titles in the registries, from the raw data.

    Done on the raw data so that a profile with schema problems still gets its references checked in the
    same run.
    """
    raw = source.doc.data
    unit = None
    if isinstance(raw.get("unit"), str):
        found = registries.units.find(raw["unit"])
        if found is None:
            problems.add(source.path, source.doc.line_of(("unit",)), "unit",
                         registries.units.unknown(raw["unit"], "data/units.yml"))
        else:
            unit = found[0]
    movements: list[Movement | None] = []
    for i, name in enumerate(_raw_list(raw, "movements")):
        found = registries.movements.find(name) if isinstance(name, str) else None
        if isinstance(name, str) and found is None:
            problems.add(source.path, source.doc.line_of(("movements", i)), f"movements[{i}]",
                         f"không có phong trào '{name}' trong data/movements.yml" + registries.movements.suggest(name))
        movements.append(found[0] if found else None)
    return unit, movements, _resolve_awards(source, registries, problems)


def _check_kind_fields(source: ProfileSource, data: ProfileData, problems: Problems) -> None:
    only = {"individual": ("honorific", "birth_year", "consent"), "collective": ("members", "headcount")}
    for kind, names in only.items():
        if data.kind == kind:
            continue
        for name in names:
            if name in source.doc.data and source.doc.data[name] not in (None, []):
                problems.add(source.path, source.doc.line_of((name,)), name,
                             f"chỉ dùng cho hồ sơ {KIND_LABELS[kind].lower()} (kind: {kind})")


_WORD = re.compile(r"[^\W\d_]+")


def _vietnamese_share(text: str) -> float:
    """The share of `text`'s words written with Vietnamese letters or marks ("Phó", "đốc"); 0 without words.
    An English text has a few (the names it quotes), a Vietnamese one most."""
    words = _WORD.findall(text)
    return sum(fold(word) != word.casefold() for word in words) / len(words) if words else 0.0


def _check_english(source: ProfileSource, data: ProfileData, problems: Problems) -> ProfileData:
    """Warn about English fields written in Vietnamese (the Vietnamese text pasted in), and return `data`
    without an individual's `en.name` that only restates the Vietnamese name (without its marks, in another
    order, or the same), with a warning: a Vietnamese name is never translated, the English pages show it as
    written (the accent-free form is added for search)."""
    if data.en is None:
        return data
    for name in ("position", "summary"):
        value = getattr(data.en, name)
        if value and _vietnamese_share(value) >= 0.5:
            problems.warn(source.path, source.doc.line_of(("en", name)), f"en.{name}",
                          "có vẻ viết bằng tiếng Việt; trường trong khối en là chữ của trang tiếng Anh, hãy ghi "
                          "bằng tiếng Anh (bỏ trường này nếu chưa có bản tiếng Anh)")
    if data.kind != "individual" or data.en.name is None:
        return data
    if sorted(fold(data.en.name).split()) != sorted(fold(data.name).split()):
        return data
    problems.warn(source.path, source.doc.line_of(("en", "name")), "en.name",
                  f"tên người Việt không dịch: trang tiếng Anh hiện đúng họ tên có dấu '{data.name}', giá trị bị "
                  "bỏ qua; chỉ ghi en.name khi tên viết bằng tiếng Anh khác hẳn (ví dụ tên người nước ngoài)")
    return data.model_copy(update={"en": data.en.model_copy(update={"name": None})})


def _check_award_dates(source: ProfileSource, data: ProfileData, published: dt.date, problems: Problems) -> None:
    """An award decided after the profile is published is a slip of the keyboard (2042 for 2024)."""
    for i, award in enumerate(data.awards):
        for name, late in (("date", award.date and award.date > published),
                           ("year", award.year and award.year > published.year)):
            if late:
                value = format(award.date, "%d/%m/%Y") if name == "date" else award.year
                problems.add(source.path, source.doc.line_of(("awards", i, name)), f"awards[{i}].{name}",
                             f"{value} ở sau ngày xuất bản hồ sơ ({published:%d/%m/%Y}); hãy kiểm tra lại, hoặc "
                             "hẹn ngày xuất bản (publish_on) từ ngày quyết định")


PLACEHOLDER_STORY = "Viết câu chuyện về {name} ở đây."
"""The story `vinhdanh new` writes: never published."""
_PLACEHOLDER = re.compile(r"\s*" + re.escape(PLACEHOLDER_STORY).replace(re.escape("{name}"), ".*") + r"\s*")


def _check_placeholder_story(source: ProfileSource, problems: Problems) -> None:
    """The placeholder line of a new profile's story, left in, is an error: it would be published as is."""
    for number, line in enumerate(source.story.split("\n"), 1):
        if _PLACEHOLDER.fullmatch(line):
            problems.add(source.story_path, source.file_line(number), "story",
                         f"câu chuyện còn dòng mẫu '{line.strip()}'; hãy thay dòng đó bằng câu chuyện (hoặc xóa "
                         "dòng đó nếu chưa có câu chuyện)")
            return


def load_profile(source: ProfileSource, registries: Registries, profiles_dir: Path, today: dt.date,
                 problems: Problems, memo: Memo | None = None) -> Profile | None:
    """Validate one profile and resolve it against the registries; None if it has problems. `memo`: what
    the preview keeps between builds (the validated fields, the photo's check)."""
    before = len(problems)
    unit, movements, awards = _resolve_references(source, registries, problems)
    data = call_recording(memo, problems, validate_model, ProfileData, source.doc, source.path)
    if data is None:
        return None
    _check_kind_fields(source, data, problems)
    data = _check_english(source, data, problems)
    photo = _resolve_photo(source, data.photo, profiles_dir, problems, memo) if data.photo else None
    if data.paper and data.paper.file:
        _check_paper(source, data.paper.file, profiles_dir, problems)
    for i, member in enumerate(data.members):
        if bool(member.profile) == bool(member.name):
            problems.add(source.path, source.doc.line_of(("members", i)), f"members[{i}]",
                         "mỗi thành viên cần đúng một trong hai trường 'profile' (mã hồ sơ) hoặc 'name'")
    _check_award_dates(source, data, max(today, data.publish_on or today), problems)
    if not data.draft:  # a draft is where the placeholder belongs
        _check_placeholder_story(source, problems)
    if len(problems) > before or unit is None:
        return None
    resolved = [ResolvedAward(award, *found) for award, found in zip(data.awards, awards, strict=True)
                if found is not None]
    resolved.sort(key=lambda r: (-r.title.rank, -(r.award.award_year or 0)))
    profile_id = data.id or make_id(source.path.stem, data.name)
    profile = Profile(
        data=data, id=profile_id, slug=slugify(profile_id), source=source.path, unit=unit,
        movements=[m for m in movements if m is not None], awards=resolved, photo=photo,
        photo_line=source.doc.line_of(("photo",)) if photo else 0,
    )
    if data.draft:
        profile.status = "draft"
    elif data.kind == "individual" and data.consent is None:
        profile.status = "no-consent"
    elif profile.publish_date and profile.publish_date > today:
        profile.status = "scheduled"  # a consent dated in the future is not consent yet
    return profile


def _check_across(profiles: list[Profile], sources: dict[Path, ProfileSource], problems: Problems,
                  failed: Mapping[str, str]) -> None:
    """Rules across files: unique ids and addresses, no person twice, members that exist (`failed`: the ids
    of the profile files with errors, and their paths).

    A draft's problems are warnings, as everywhere: work in progress never blocks the other profiles.
    """
    def report(profile: Profile, field_name: str, message: str, level: str = "error") -> None:
        line = sources[profile.source].doc.line_of((field_name,))
        record = problems.warn if level == "warning" or profile.status == "draft" else problems.add
        record(profile.source, line, field_name, message)

    def named(profile: Profile) -> str:
        return f"{problems.relative(profile.source)} ('{profile.name}')"

    first_by: dict[tuple[str, str], Profile] = {}
    for profile in profiles:
        for key, label in ((("id", profile.id), "mã hồ sơ"), (("slug", profile.slug), "đường dẫn")):
            other = first_by.setdefault(key, profile)
            if other is not profile:
                report(profile, "id", f"trùng {label} '{key[1]}' với {named(other)}; hãy đặt mã (id) khác")
                break
    # Namesakes are common ("Nguyễn Văn Hùng"): the same name alone is a warning to look twice. The same
    # name in the same unit, born the same year, is most likely the same person entered twice, unless the
    # editor told them apart with an id of their own.
    namesakes: dict[tuple[str, str], Profile] = {}
    for profile in profiles:
        other = namesakes.setdefault((tone_key(profile.name).casefold(), profile.kind), profile)
        if other is profile:
            continue
        years = (profile.data.birth_year, other.data.birth_year)
        if (None not in years and years[0] != years[1]) or any("id" in sources[p.source].doc.data
                                                               for p in (profile, other)):
            continue  # told apart (by an id in either profile, as the message says)
        if profile.unit.id == other.unit.id:
            if profile.kind == "collective":
                same = f"trùng tên và đơn vị với {named(other)}"
                report(profile, "name", f"{same}: nếu là một tập thể, hãy bỏ một hồ sơ; nếu là hai tập thể, mã (id) "
                       "riêng sẽ phân biệt chúng")
                continue
            if years[0] is not None and years[0] == years[1]:
                same = f"trùng tên, đơn vị và năm sinh với {named(other)}"
            else:
                where = "cả hai hồ sơ" if years == (None, None) else "hồ sơ này" if years[0] is None else "hồ sơ kia"
                same = f"trùng tên và đơn vị với {named(other)}, {where} chưa ghi năm sinh"
            report(profile, "name", f"{same}: nếu là một người, hãy bỏ một hồ sơ; nếu là hai người, năm sinh "
                   "(birth_year) khác nhau hoặc mã (id) riêng sẽ phân biệt họ")
        elif profile.kind == "individual":
            report(profile, "name", f"trùng tên với {named(other)} (khác đơn vị): hãy kiểm tra đây là hai người "
                   "khác nhau; ghi năm sinh (birth_year) hoặc mã (id) riêng để phân biệt và bỏ cảnh báo này",
                   "warning")
    by_id = {p.id: p for p in profiles}
    for profile in profiles:
        for i, member in enumerate(profile.data.members):
            if member.profile and member.profile not in by_id:
                source = sources[profile.source]
                line = source.doc.line_of(("members", i, "profile"))
                if member.profile in failed:  # its own errors are reported: 'no such profile' would mislead
                    problems.warn(profile.source, line, f"members[{i}].profile", f"hồ sơ '{member.profile}' có lỗi "
                                  f"(xem {failed[member.profile]}) nên thành viên này chưa hiện")
                    continue
                record = problems.warn if profile.status == "draft" else problems.add
                record(profile.source, line, f"members[{i}].profile", f"không có hồ sơ nào có mã '{member.profile}'")


class _StoryTargets:
    """What the relative links and images of one profile's story point to (`stories.Targets`)."""

    def __init__(self, profile: Profile, source: ProfileSource, profiles_dir: Path, by_file: dict[Path, Profile],
                 failed: frozenset[Path] = frozenset()):
        self.profile = profile
        self.base = source.story_path.parent
        self.profiles_dir = profiles_dir
        self.by_file = by_file
        self.failed = failed
        """The files of profiles with errors (resolved)."""

    def _inside(self, written: str) -> Path | None:
        """The absolute path `written` names from the story's folder, if it stays in the profiles folder."""
        decoded = unquote(written)
        if "\x00" in decoded:
            return None
        path = Path(os.path.normpath(self.base / decoded))
        return path if path.is_relative_to(self.profiles_dir) else None

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        if Path(unquote(path)).suffix.lower() not in PROFILE_SUFFIXES:
            return None, "chỉ liên kết được tới tệp hồ sơ (.md, .yml) trong thư mục profiles/ hoặc địa chỉ web"
        target = self._inside(path)
        if target is None:
            return None, "tệp nằm ngoài thư mục profiles/"
        try:
            resolved: Path | None = target.resolve()
        except (OSError, RuntimeError):
            resolved = None
        other = self.by_file.get(resolved) if resolved else None
        if other is None and resolved in self.failed:
            return None, "hồ sơ ở tệp này có lỗi (xem các lỗi của tệp ấy) nên chưa có trang"
        if other is None:
            return None, "không có hồ sơ nào ở tệp này trong thư mục profiles/"
        if other.status != "published":
            return None, f"hồ sơ '{other.name}' chưa được xuất bản ({STATUS_LABELS[other.status]})"
        url = relative(page_url(profile_src(self.profile)), page_url(profile_src(other)))
        return url + (f"#{anchor}" if anchor else ""), ""

    def image(self, path: str) -> tuple[Path | None, str]:
        target = self._inside(path)
        if target is None:
            return None, "ảnh phải nằm trong thư mục profiles/"
        try:
            check_input(target, self.profiles_dir, photos.MAX_PHOTO_BYTES)
        except ReadError as error:
            return None, error.message
        resolved = target.resolve()
        message = photos.inspect_photo(resolved)
        return (None, message) if message else (resolved, "")


def render_stories(profiles: list[Profile], sources: dict[Path, ProfileSource], profiles_dir: Path,
                   problems: Problems, cache: StoryCache | None = None) -> dict[Path, Profile]:
    """Render every profile's story, now that every profile's status is known (links to a profile that is
    not published lose their link). A story over a limit is an error (a draft's, a warning); what a story
    loses (a broken link, a missing image, invisible characters) is a warning. `cache` keeps rendered
    stories between builds (`stories.StoryCache`). Returns each profile by its files (profile and story),
    links followed."""
    cache = cache or StoryCache(None)
    profiles_dir = profiles_dir.resolve()
    by_file: dict[Path, Profile] = {}
    for profile in profiles:
        for path in {profile.source, sources[profile.source].story_path}:
            by_file[path.resolve()] = profile
    # The files of profiles with errors (or left out of a preview for them): a link there says so.
    loaded = {p.source for p in profiles}
    failed = frozenset(path.resolve() for found, source in sources.items() if found not in loaded
                       for path in (found, source.story_path))
    for profile in profiles:
        source = sources[profile.source]
        try:
            story = cache.render(source.story, _StoryTargets(profile, source, profiles_dir, by_file, failed))
        except StoryError as error:
            record = problems.warn if profile.status == "draft" else problems.add
            record(source.story_path, source.file_line(error.line), "story", error.message)
            continue
        profile.story_html = story.html
        profile.story_images = [replace(image, line=source.file_line(image.line), written_in=source.story_path)
                                for image in story.images]
        for note in story.notes:
            problems.warn(source.story_path, source.file_line(note.line), "story", note.message)
    return by_file


@dataclass
class Paths:
    """Where the inputs live, and the cache of what is derived from them."""

    root: Path
    """The project: the folder of `mkdocs.yml`."""
    profiles: Path
    data: Path
    content: Path
    """The hand-written pages (MkDocs' `docs_dir`)."""
    theme: Path | None = None
    """The theme's own templates and assets (MkDocs' `theme.custom_dir`), if any."""
    config: Path | None = None
    """The configuration file, `mkdocs.yml`."""
    cache: Path | None = None
    """The folder of derived photos and fonts, kept between builds (the plugin's `cache_dir`); None: the
    project's `.cache/vinhdanh`."""
    articles: Path | None = None
    """The articles (tin bài), `articles/` (the plugin's `articles_dir`); None: the project's `articles/`."""

    @classmethod
    def at(cls, root: Path, profiles: str = "profiles", data: str = "data", content: str = "content",
           theme: str | None = "theme", config: str = "mkdocs.yml", cache: str = DEFAULT_CACHE,
           articles: str = DEFAULT_ARTICLES) -> Paths:
        """The paths of the project at `root`, each folder given relative to it."""
        root = root.resolve()
        return cls(root, root / profiles, root / data, root / content, root / theme if theme else None,
                   root / config, root / cache, root / articles)

    @property
    def articles_dir(self) -> Path:
        """The articles folder (`articles`, or its default); it may be missing: then there are none."""
        return self.articles or self.root / DEFAULT_ARTICLES

    @property
    def contest_dir(self) -> Path:
        """The writing contest's folder (`contest/` beside the configuration); it may be missing."""
        return self.root / DEFAULT_CONTEST

    @property
    def cache_dir(self) -> Path:
        """The cache folder (`cache`, or its default)."""
        return self.cache or self.root / DEFAULT_CACHE


# --- the folders MkDocs reads itself --------------------------------------------------------------------

def check_page_file(path: Path, folder: Path) -> None:
    """Raise ReadError unless `path` is a regular file inside `folder`, of at most its size limit.

    MkDocs reads the pages and copies the other files of `content/` (and of the theme) itself, so they are
    checked before it does, as `readers.read_input` checks what is read here.
    """
    check_input(path, folder, MAX_FILE_BYTES if path.suffix == ".md" else MAX_CONTENT_BYTES)


def check_page_folder(folder: Path, problems: Problems) -> None:
    """Record an error for every file of `folder` (`content/`, the theme) that MkDocs must not read.

    MkDocs walks into linked folders too: one leaving `folder`, or containing itself (MkDocs would walk it
    forty levels deep), is refused like a linked file leaving it.
    """
    if not folder.is_dir():
        return  # MkDocs names a missing docs_dir; the theme folder is optional
    inside = folder.resolve()
    for top, folders, files in os.walk(folder):  # does not follow links to folders: each is checked below
        for name in sorted(folders):
            link = Path(top, name)
            if not link.is_symlink():
                continue
            try:
                target = link.resolve(strict=True)
            except (OSError, RuntimeError):
                target = None
            if target is None or not target.is_relative_to(inside):
                problems.add(link, 0, "", f"là thư mục liên kết tắt trỏ ra ngoài thư mục {folder.name}/; "
                             "chỉ dùng thư mục nằm trong thư mục này")
            elif link.parent.resolve().is_relative_to(target):
                problems.add(link, 0, "", "là thư mục liên kết tắt trỏ về thư mục chứa nó (vòng lặp không dứt); "
                             "hãy xóa liên kết này")
        for name in sorted(files):
            try:
                check_page_file(Path(top, name), folder)
            except ReadError as error:
                problems.add(Path(top, name), error.line, "", error.message)


def today_in_hanoi() -> dt.date:
    """Today's date where the campaign runs (publication dates are Hanoi dates).

    `VINHDANH_TODAY=2025-06-01` fixes it, to preview a scheduled release or to make tests repeatable.
    """
    fixed = os.environ.get("VINHDANH_TODAY")
    return dt.date.fromisoformat(fixed) if fixed else dt.datetime.now(TIMEZONE).date()


@dataclass
class _Gathered:
    """Everything read and checked, before deciding what is published: `load_site` refuses it on any error,
    `load_site_for_preview` builds what is valid."""

    problems: Problems
    registries: Registries
    conference: Conference | None
    profiles: list[Profile]
    """Every profile that passed its own checks (published or not), in file order."""
    sources: dict[Path, ProfileSource]
    speakers_mark: int
    """Where the problems found by matching the program's speakers to profiles begin."""
    stories: StoryCache
    """Rendered stories: the caller's cache of them, or one for this load alone."""
    articles: list[Article] = field(default_factory=list)
    """Every article that passed its own checks (published or not)."""
    contest: list[ContestRound] = field(default_factory=list)
    """Every round of the writing contest that passed its checks, with its entries that passed theirs."""

    def site(self, root: Path, profiles: list[Profile], articles: list[Article] | None = None) -> Site:
        assert self.conference is not None
        profiles = sorted(profiles, key=Profile.sort_key)
        published, skipped = published_articles(self.articles if articles is None else articles)
        return Site(root, self.registries, self.conference, [p for p in profiles if p.status == "published"],
                    [p for p in profiles if p.status != "published"], self.problems, published, skipped,
                    self.contest)


def _intended_id(source: ProfileSource) -> str:
    """The id a profile with errors would have (as `load_profile` makes it), from what its file says."""
    written = source.doc.data.get("id")
    name = source.doc.data.get("name")
    if isinstance(written, str) and written:
        return written
    return make_id(source.path.stem, name if isinstance(name, str) else "")


def _gather(paths: Paths, today: dt.date, stories: StoryCache | None, memo: Memo | None = None) -> _Gathered:
    """Read and check every input, recording every problem; nothing is refused yet."""
    problems = Problems(paths.root)
    registries = load_registries(paths.data, problems)
    conference = load_conference(paths.data / "conference.yml", problems)
    for folder in (paths.content, paths.theme):
        if folder is not None:
            check_page_folder(folder, problems)
    # The interface's English: a broken entry is reported here, with the inputs', not found on a page.
    load_catalogue(theme_folders(Templates.of(paths.theme).folders), problems)
    if not paths.profiles.is_dir():
        problems.add(paths.profiles, 0, "", "không tìm thấy thư mục hồ sơ")
    sources = {}
    for path in discover_profiles(paths.profiles) if paths.profiles.is_dir() else []:
        source = _read_source(path, paths.profiles, problems, memo)
        if source:
            sources[path] = source
    profiles = []
    failed: dict[str, str] = {}
    for source in sources.values():
        mark = problems.mark()
        profile = load_profile(source, registries, paths.profiles, today, problems, memo)
        if source.doc.data.get("draft") is True:
            problems.downgrade(mark)  # a draft is work in progress: it must never block the others
        if profile is not None:
            profiles.append(profile)
        else:
            failed.setdefault(_intended_id(source), problems.relative(source.path))
    _check_across(profiles, sources, problems, failed)
    stories = stories or StoryCache(None)
    profile_files = render_stories(profiles, sources, paths.profiles, problems, stories)
    articles = load_articles(paths.articles_dir, paths.profiles, profiles, profile_files, today, problems, stories,
                             memo, failed)
    contest = load_contest(paths.contest_dir, paths.profiles, profiles, today, problems, stories, memo,
                           failed)
    speakers_mark = problems.mark()
    if conference is not None:
        published = {p.id: p for p in profiles if p.status == "published"}
        resolve_speakers(conference, published, {p.id: p for p in profiles}, problems, failed)
        resolve_ceremony(conference, published, {p.id: p for p in profiles}, problems, failed)
    return _Gathered(problems, registries, conference, profiles, sources, speakers_mark, stories, articles,
                     contest)


def load_site(paths: Paths, today: dt.date | None = None, stories: StoryCache | None = None) -> Site:
    """Read and validate every input; raise InputError carrying all problems if there are any. `stories`:
    rendered stories kept between builds (the caller saves them); none, every story is rendered."""
    gathered = _gather(paths, today or today_in_hanoi(), stories)
    if gathered.problems or gathered.conference is None:
        raise InputError(gathered.problems)
    return gathered.site(paths.root, gathered.profiles)


def load_site_for_preview(paths: Paths, today: dt.date | None = None, stories: StoryCache | None = None,
                          memo: Memo | None = None) -> tuple[Site | None, Problems]:
    """What the live preview shows: the site made of what is valid, and every problem `load_site` finds.

    A profile with an error is left out, as a draft is, so one broken file never hides the others. The
    registries and the conference file are what every page is made from: with an error there (other than a
    speaker naming a profile that is not there), there is no site (None), and the preview keeps the last one.
    Never used to publish: `load_site` refuses any error. `memo` is what the preview keeps between builds.
    """
    gathered = _gather(paths, today or today_in_hanoi(), stories, memo)
    problems = gathered.problems
    if not problems and gathered.conference is not None:
        return gathered.site(paths.root, gathered.profiles), problems
    own = [folder.resolve() for folder in (paths.profiles, paths.content, paths.theme, paths.articles_dir,
                                           paths.contest_dir)
           if folder is not None]

    def anywhere(index: int, path: str) -> bool:
        """Whether the error at `index` of the record, in `path`, concerns more than its own file."""
        if index >= gathered.speakers_mark:
            return False  # a speaker (or ceremony entry) without a profile: shown by name, or left out
        where = (paths.root / path).parent.resolve()  # the folder a link lies in, not where it leads
        return not any(where.is_relative_to(folder) for folder in own)

    errors = [(i, p) for i, p in enumerate(problems.items) if p.level == "error"]
    if gathered.conference is None or any(anywhere(i, p.path) for i, p in errors):
        return None, problems
    broken = {p.path for _, p in errors}
    kept = [p for p in gathered.profiles if problems.relative(p.source) not in broken
            and problems.relative(gathered.sources[p.source].story_path) not in broken]
    if len(kept) < len(gathered.profiles):
        # Story links and speakers that named a profile now left out would lead nowhere: they are made
        # again from what is kept. What that finds follows from the errors listed already, so it is dropped.
        scratch = Problems(paths.root)
        render_stories(kept, gathered.sources, paths.profiles, scratch, gathered.stories)
        published = {p.id: p for p in kept if p.status == "published"}
        resolve_speakers(gathered.conference, published, {p.id: p for p in kept}, scratch)
        resolve_ceremony(gathered.conference, published, {p.id: p for p in kept}, scratch)
    articles = [a for a in gathered.articles if problems.relative(a.source) not in broken]
    return gathered.site(paths.root, kept, articles), problems
