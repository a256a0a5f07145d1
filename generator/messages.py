"""The interface's text in the site's languages: Vietnamese as written in the code, English from a catalogue.

Templates and render modules write their interface text in Vietnamese, wrapped in `t("…")`; for Vietnamese
pages `t` returns that text (its `{placeholders}` filled), for English pages its entry in
`theme/messages/en.yml`, a flat mapping keyed by the Vietnamese text (docs/design/english.md):

    "Xem thêm": Show more
    "{n} kết quả":
      one: "{n} result"
      other: "{n} results"

A key may end in `|context` when one Vietnamese wording needs two English ones (`"Khen thưởng|program"`):
the context is dropped from the Vietnamese text. Editors' text (profiles, registries, the conference file)
is never looked up here: its English is the `en` blocks of those files.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .problems import Problems
from .readers import ReadError, parse_yaml, read_text
from .text import format_date, format_instant

LANGUAGES = ("vi", "en")
"""The site's languages, the first its own (the pages of `content/`, the addresses, the editors' text)."""
DEFAULT = "vi"
MESSAGES = "messages"
"""The catalogues' folder in a theme folder: `theme/messages/en.yml`."""

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_FORMS = ("one", "other")


def _placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def source_text(key: str) -> str:
    """The Vietnamese text of a key: the key without its `|context`."""
    return key.split("|", 1)[0]


def _fill(text: str, values: dict[str, Any]) -> str:
    # Not str.format: a brace in a translation is text, and a missing value names the placeholder.
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


@dataclass(frozen=True)
class Catalogue:
    """The English of the interface's Vietnamese text: each key's translation, or its `one`/`other` forms."""

    entries: dict[str, str | dict[str, str]] = field(default_factory=dict)
    sources: tuple[Path, ...] = ()
    """The files read, first wins (a project's theme, then the generator's)."""

    def translate(self, key: str, lang: str, /, **values: Any) -> str:
        """The interface text `key` in `lang`, its `{placeholders}` filled from `values`; a plural entry picks
        `one` when `values["n"]` is 1. A key without an English entry stays Vietnamese (the completeness test
        makes that a failure before it is published)."""
        if lang == DEFAULT or key not in self.entries:
            return _fill(source_text(key), values)
        entry = self.entries[key]
        if isinstance(entry, dict):
            entry = entry["one"] if str(values.get("n")) == "1" else entry["other"]
        return _fill(entry, values)


def read_catalogue(path: Path, folder: Path, problems: Problems) -> dict[str, str | dict[str, str]]:
    """The entries of the catalogue file `path` (inside `folder`), each problem recorded as
    `file:line: key: message`; a wrong entry is left out."""
    try:
        document = parse_yaml(read_text(path, folder))
    except ReadError as error:
        problems.add(path, error.line, "", error.message)
        return {}
    if document.data is None:
        return {}
    if not isinstance(document.data, dict):
        problems.add(path, document.line_of(()), "", "tệp bản dịch phải là danh sách 'câu tiếng Việt: câu tiếng Anh'")
        return {}
    entries: dict[str, str | dict[str, str]] = {}
    for key, value in document.data.items():
        line = document.line_of((key,))
        if not isinstance(key, str) or not key.strip():
            problems.add(path, line, str(key), "khoá phải là câu tiếng Việt")
            continue
        wanted = _placeholders(source_text(key))
        forms = value if isinstance(value, dict) else {"": value}
        if isinstance(value, dict) and set(value) != set(_FORMS):
            problems.add(path, line, key, "bản dịch số nhiều cần đúng hai dạng 'one' và 'other'")
            continue
        bad = [form for form, text in forms.items() if not isinstance(text, str) or not text.strip()]
        if bad:
            problems.add(path, line, key, "thiếu bản dịch tiếng Anh")
            continue
        mismatched = [text for text in forms.values() if _placeholders(text) != wanted]
        if mismatched:
            shown = ", ".join("{" + name + "}" for name in sorted(wanted)) or "không có"
            problems.add(path, line, key, f"bản dịch phải có đúng các chỗ điền của câu gốc ({shown})")
            continue
        entries[key] = value
    return entries


def catalogue_files(theme_folders: tuple[Path, ...], lang: str = "en") -> list[tuple[Path, Path]]:
    """The catalogue files of `lang` in `theme_folders` (each a theme folder), first wins, with their folder."""
    return [(folder / MESSAGES / f"{lang}.yml", folder) for folder in theme_folders
            if (folder / MESSAGES / f"{lang}.yml").is_file()]


_LOADED: dict[tuple[Path, ...], Catalogue] = {}
"""The catalogue each load read, by its theme folders: what `t` translates with until the next load."""


def load_catalogue(theme_folders: tuple[Path, ...], problems: Problems) -> Catalogue:
    """The English catalogue of the themes in `theme_folders` (a project's first), problems recorded; kept
    as the one `catalogue` gives until the next load (every build, and every build of the preview, loads)."""
    entries: dict[str, str | dict[str, str]] = {}
    files = catalogue_files(theme_folders)
    for path, folder in reversed(files):
        entries.update(read_catalogue(path, folder, problems))
    _LOADED[theme_folders] = result = Catalogue(entries, tuple(path for path, _ in files))
    return result


def catalogue(theme_folders: tuple[Path, ...]) -> Catalogue:
    """The catalogue of `theme_folders` as the last load read it (read now if none did). Called for every
    translated text, so it reads no file: its problems are reported by the load, which stops a build
    before anything is written with it."""
    found = _LOADED.get(theme_folders)
    return found if found is not None else load_catalogue(theme_folders, Problems(Path("/")))


def format_date_in(value: dt.date, lang: str) -> str:
    """A date in `lang`: `19/6/2025`, `19 June 2025`."""
    if lang == DEFAULT:
        return format_date(value)
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


def format_instant_in(value: dt.datetime, lang: str) -> str:
    """A moment in `lang`: `08:00, thứ Năm, 19/6/2025`, `Thursday 19 June 2025, 08:00`."""
    if lang == DEFAULT:
        return format_instant(value)
    return f"{WEEKDAYS_EN[value.weekday()]} {format_date_in(value.date(), lang)}, {value:%H:%M}"


def format_number_in(value: int, lang: str) -> str:
    """A whole number in `lang`: `1.250`, `1,250`."""
    return f"{value:,}" if lang != DEFAULT else f"{value:,}".replace(",", ".")


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
