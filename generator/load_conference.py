"""The conference: `data/conference.yml` read, its times resolved and its program checked.

Times are written as text (YAML would turn `08:00` into a number) and resolved here. The conference's start
and end are local date-times in its time zone (`2025-06-19 08:00`, `19/6/2025 08:00`) or instants with an
offset (`2025-06-19T01:00:00+00:00`). Years are bounded (`MIN_YEAR`-`MAX_YEAR`) and offsets are real ones
(-12:00 to +14:00) before anything is converted, so no date at the ends of the calendar reaches a
conversion. A program item's times are clock times on the conference's day (`08:00`) or full date-times.

Every problem of the file is reported, each naming what the editor wrote (the item's title, the value): a
bad `start` does not hide the program's problems. Only the title and the start must be known to publish: a
missing end, venue or program is announced on the pages as "sẽ thông báo sau". The program's rules:

- Items are published in time order; an item written out of order is moved, with a warning.
- Items must lie inside the conference and must not overlap: errors, as the program would state something
  false.
- An item's end written as a clock time not after its start is on the next day, when the item then lasts at
  most `MAX_OVERNIGHT`: "23:00" - "00:30" is a late item; "09:30" - "09:20" (23 h 50) is a slip.
- Without `end`, the conference ends with its last item; with no program either, the end is to be announced
  and the conference counts as held from the next day on.
- Speakers: an unknown profile is an error. An unpublished one (draft, scheduled, no consent) is shown by
  the organisers' `name` or as `UNNAMED_SPEAKER`, never by anything of the profile, with a warning.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .model import ITEM_KINDS, Conference, ConferenceData, Profile, ProgramItem, Session, parse_date, quoted
from .problems import Problems
from .readers import Document
from .schema import field_name, read_document, validate_model
from .text import fold, format_date

MIN_YEAR, MAX_YEAR = 2000, 2099
"""Years a conference may be in: the campaigns this site serves, and no date a conversion cannot hold."""
MAX_LENGTH = dt.timedelta(days=7)
"""Longest conference: a longer one is a mistyped date (the campaign's conference lasts half a day)."""
MAX_OVERNIGHT = dt.timedelta(hours=6)
"""Longest item that ends after midnight, when its end is written as a clock time before its start."""
UNNAMED_SPEAKER = "Đại diện điển hình tiên tiến"
"""Shown for a speaker whose profile is not published and who has no `name` in the program."""
DEFAULT_ZONE = "Asia/Ho_Chi_Minh"

_OFFSETS = (dt.timedelta(hours=-12), dt.timedelta(hours=14))
_STAND_IN_DAY = dt.date(2025, 1, 1)  # checks a program's clock times when the conference's start is wrong
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])")
_DATE_TIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4})(?:T|\s+)"
    r"(?P<hour>[01]?[0-9]|2[0-3])[:hH](?P<minute>[0-5][0-9])(?::(?P<second>[0-5][0-9])(?:[.,][0-9]{1,6})?)?"
    r"\s*(?P<offset>[zZ]|[+-][0-9]{2}(?::?[0-9]{2})?)?")


@functools.cache
def _zones() -> frozenset[str]:
    # Only names of the time zone database: a name is never looked up as a path, and "localtime" (the
    # building machine's own zone) would make the pages depend on where they are built.
    return frozenset(zoneinfo.available_timezones() - {"localtime", "Factory"})


def _offset(text: str, written: str) -> dt.tzinfo:
    if text in "zZ":
        return dt.UTC
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    offset = dt.timedelta(hours=hours, minutes=minutes) * (-1 if text[0] == "-" else 1)
    if minutes >= 60 or not _OFFSETS[0] <= offset <= _OFFSETS[1]:
        raise ValueError(f"độ lệch múi giờ '{text}' trong {quoted(written)} không có thật (chỉ từ -12:00 đến +14:00)")
    return dt.timezone(offset)


def parse_instant(text: str, zone: dt.tzinfo, day: dt.date | None = None) -> dt.datetime:
    """Parse `2025-06-19 08:00` or `19/6/2025 08:00` (local to `zone`), an instant with an offset
    (`2025-06-19T01:00:00+00:00`), or, given `day`, a clock time `08:00` on that day.

    Raises ValueError with a Vietnamese message naming the value, also for a year outside
    `MIN_YEAR`-`MAX_YEAR` and an offset no place has.
    """
    text = text.strip()
    clock = _CLOCK.fullmatch(text)
    if clock and day is not None:
        return dt.datetime.combine(day, dt.time(int(clock[1]), int(clock[2])), tzinfo=zone)
    match = _DATE_TIME.fullmatch(text)
    if match is None:
        example = "'08:30' hoặc '2025-06-19 08:30'" if day else "'2025-06-19 08:00'"
        raise ValueError(f"thời điểm không hợp lệ {quoted(text)} (dùng dạng {example})")
    year = int(re.findall("[0-9]{4}", match["date"])[0])  # the one group of four digits, in either order
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"thời điểm {quoted(text)} ở năm {year}, ngoài khoảng {MIN_YEAR} - {MAX_YEAR}")
    try:
        date = parse_date(match["date"])
    except ValueError:
        raise ValueError(f"thời điểm không hợp lệ {quoted(text)}: không có ngày {match['date']}") from None
    tzinfo = _offset(match["offset"], text) if match["offset"] else zone
    time = dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
    return dt.datetime.combine(date, time, tzinfo=tzinfo).astimezone(zone)


def _hhmm(value: dt.datetime, zone: dt.tzinfo) -> str:
    return f"{value.astimezone(zone):%H:%M}"


def _written(data: object, key: str) -> str | None:
    """The text written for `key`, when it is text or a number; the schema reports any other type."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return (value.strip() or None) if isinstance(value, str) else None


def _item_name(data: object, index: int) -> str:
    """How an editor knows a program item: its title, else its position and kind."""
    title, kind = _written(data, "title"), _written(data, "kind")
    if title:
        return f"mục {quoted(title)}"
    label = f" ({ITEM_KINDS[kind]})" if kind in ITEM_KINDS else ""
    return f"mục thứ {index + 1}{label}"


def _named(problems: Problems, since: int, name: str) -> None:
    """Prefix the problems recorded since `since` with the item's name."""
    problems.items[since:] = [replace(p, message=f"{name}: {p.message}") for p in problems.items[since:]]


@dataclass
class _Reader:
    """What every check of one conference file needs to report a problem at its line."""

    doc: Document
    path: Path
    problems: Problems

    def add(self, loc: tuple, message: str, *, warning: bool = False) -> None:
        record = self.problems.warn if warning else self.problems.add
        record(self.path, self.doc.line_of(loc), field_name(loc), message)

    def instant(self, data: object, loc: tuple, zone: dt.tzinfo, day: dt.date | None = None,
                name: str = "") -> dt.datetime | None:
        text = _written(data, loc[-1])
        if text is None:
            return None
        try:
            return parse_instant(text, zone, day)
        except ValueError as error:
            self.add(loc, f"{name}: {error}" if name else str(error))
            return None


def _item_times(reader: _Reader, data: object, index: int, name: str, conference_start: dt.datetime | None,
                conference_end: dt.datetime | None, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime] | None:
    """An item's start and end, each problem reported; the start of a conference that runs past midnight
    takes a clock time earlier than its own start as the next day's."""
    loc = ("program", index)
    day = conference_start.date() if conference_start else _STAND_IN_DAY
    start = reader.instant(data, (*loc, "start"), zone, day, name)
    if start is None:
        return None
    if (conference_start and conference_end and conference_end.date() > day and start < conference_start
            and _CLOCK.fullmatch(_written(data, "start") or "")):
        start += dt.timedelta(days=1)
    end = reader.instant(data, (*loc, "end"), zone, start.date(), name)
    if end is None:
        return None
    written = _written(data, "end") or ""
    if end <= start and _CLOCK.fullmatch(written) and end + dt.timedelta(days=1) - start <= MAX_OVERNIGHT:
        end += dt.timedelta(days=1)  # a late item that ends after midnight
    if end <= start:
        hint = f" (một mục qua nửa đêm dài tối đa {MAX_OVERNIGHT.seconds // 3600} giờ)" if _CLOCK.fullmatch(written) else ""
        reader.add((*loc, "end"), f"{name}: giờ kết thúc {quoted(written)} phải sau giờ bắt đầu "
                                  f"{quoted(_written(data, 'start'))}{hint}")
        return None
    return start, end


def _load_sessions(reader: _Reader, program: list, items: dict[int, ProgramItem], start: dt.datetime | None,
                   end: dt.datetime | None, zone: dt.tzinfo) -> list[Session]:
    """Resolve the program's times, check them against the conference, sort them and check overlaps.

    Without the conference's start (it has a problem), clock times are read on a stand-in day: their own
    problems are reported and the speakers can still be checked.
    """
    sessions: list[Session] = []
    for index, data in enumerate(program):
        name = _item_name(data, index)
        times = _item_times(reader, data, index, name, start, end, zone)
        if times is None or index not in items:
            continue
        session = Session(items[index], *times, index, name)
        sessions.append(session)
        if start is None:
            continue
        if session.start < start or session.end > (end or start + MAX_LENGTH):
            window = f"{_hhmm(start, zone)} - {_hhmm(end, zone)}" if end else f"từ {_hhmm(start, zone)}"
            reader.add(("program", index, "start"), f"{name} ({_hhmm(session.start, zone)} - "
                       f"{_hhmm(session.end, zone)}) nằm ngoài thời gian Hội nghị ({window})")
    if start is None:
        return sessions
    # Written out of order: published in order, and the editor told which item to move.
    latest: Session | None = None
    for session in sessions:
        if latest and session.start < latest.start:
            reader.add(("program", session.index, "start"),
                       f"{session.name} ({_hhmm(session.start, zone)}) được viết sau {latest.name} "
                       f"({_hhmm(latest.start, zone)}) nhưng bắt đầu sớm hơn; trang hiện chương trình theo giờ, "
                       "hãy chuyển mục này lên đúng chỗ", warning=True)
        else:
            latest = session
    sessions.sort(key=lambda s: s.start)
    running: Session | None = None  # the item that ends last so far: any later start before its end overlaps
    for session in sessions:
        if running and session.start < running.end:
            reader.add(("program", session.index, "start"),
                       f"{session.name} ({_hhmm(session.start, zone)} - {_hhmm(session.end, zone)}) trùng giờ với "
                       f"{running.name} ({_hhmm(running.start, zone)} - {_hhmm(running.end, zone)})")
        if running is None or session.end > running.end:
            running = session
    return sessions


_WORD = re.compile(r"[^\W\d_]+")
_PASTED = ("có vẻ viết bằng tiếng Việt; trường trong khối en là chữ của trang tiếng Anh, hãy ghi bằng tiếng Anh "
           "(bỏ trường này nếu chưa có bản tiếng Anh)")


def _looks_vietnamese(text: str) -> bool:
    """Whether half or more of `text`'s words carry Vietnamese letters or marks: the Vietnamese text pasted
    into an English field (an English text quotes a few names, as the profiles' check counts them)."""
    words = _WORD.findall(text)
    return bool(words) and sum(fold(word) != word.casefold() for word in words) / len(words) >= 0.5


def _check_english(reader: _Reader, data: ConferenceData | None, items: dict[int, ProgramItem]) -> None:
    """Warn about the conference's English fields written in Vietnamese; they are kept (shown as written)."""
    found: list[tuple[tuple, str | None]] = []
    if data is not None and data.en is not None:
        found += [(("en", name), getattr(data.en, name)) for name in ("title", "campaign", "tagline", "recap")]
    if data is not None and data.venue is not None and data.venue.en is not None:
        found.append((("venue", "en", "name"), data.venue.en.name))
    for index, item in items.items():
        if item.en is not None:
            found += [(("program", index, "en", name), getattr(item.en, name)) for name in ("title", "notes")]
        for j, speaker in enumerate(item.speakers):
            if speaker.en is not None:
                found += [(("program", index, "speakers", j, "en", name), getattr(speaker.en, name))
                          for name in ("name", "role")]
    for loc, value in found:
        if value and _looks_vietnamese(value):
            reader.add(loc, _PASTED, warning=True)


def load_conference(path: Path, problems: Problems) -> Conference | None:
    """Load the conference file: every problem of its fields, times and program is reported.

    Returns None when the file cannot be read as a mapping of fields. The conference of a file with errors is
    returned only for the checks across files (speakers, `resolve_speakers`), and the caller, which stops on
    errors, never renders it.
    """
    doc = read_document(path, problems)
    if doc is None:
        return None
    reader = _Reader(doc, path, problems)
    raw = doc.data if isinstance(doc.data, dict) else {}
    # Items are validated one by one, so that one bad item does not hide the problems of the others. An
    # empty `program:` is a program to be announced.
    program = raw.get("program")
    items: dict[int, ProgramItem] = {}
    for index, entry in enumerate(program if isinstance(program, list) else []):
        since = problems.mark()
        item = validate_model(ProgramItem, doc, path, problems, ("program", index))
        _named(problems, since, _item_name(entry, index))
        if item is not None:
            items[index] = item
    # The program is checked above; the rest of the file (and a program that is not a list) here.
    whole_program = isinstance(doc.data, dict) and (program is None or isinstance(program, list))
    head = {**raw, "program": []} if whole_program else doc.data
    data = validate_model(ConferenceData, Document(head, doc.lines), path, problems)
    if not isinstance(doc.data, dict):
        return None
    _check_english(reader, data, items)
    zone_name = _written(raw, "timezone") if "timezone" in raw else DEFAULT_ZONE
    zone: dt.tzinfo | None = None
    if zone_name in _zones():
        zone = zoneinfo.ZoneInfo(zone_name)
    elif zone_name:
        reader.add(("timezone",), f"múi giờ {quoted(zone_name)} không tồn tại (ví dụ '{DEFAULT_ZONE}')")
    # With a wrong zone, times are still read (in the campaign's zone) for their own problems.
    local = zone or zoneinfo.ZoneInfo(DEFAULT_ZONE)
    start = reader.instant(raw, ("start",), local)
    end = reader.instant(raw, ("end",), local)
    if start and end and end <= start:
        reader.add(("end",), "giờ kết thúc phải sau giờ bắt đầu")
        end = None
    elif start and end and end - start > MAX_LENGTH:
        reader.add(("end",), f"Hội nghị kéo dài từ {format_date(start.date())} đến {format_date(end.date())}, "
                             f"quá {MAX_LENGTH.days} ngày: kiểm tra lại ngày kết thúc")
        end = None
    sessions = _load_sessions(reader, program if isinstance(program, list) else [], items, start, end, local)
    if data is None or start is None:  # errors recorded: a conference for the checks across files only
        data = data or ConferenceData.model_construct()
        start = start or dt.datetime.combine(_STAND_IN_DAY, dt.time(), tzinfo=local)
    data = data.model_copy(update={"program": [s.item for s in sessions]})
    if end is None and sessions:
        end = max(s.end for s in sessions)
    return Conference(data, start, end, sessions, source=doc, path=path)


def _unpublished(profile: Profile) -> str:
    """Why a valid profile is not published, in the editor's words."""
    if profile.status == "draft":
        return "là bản nháp"
    if profile.status == "scheduled" and profile.publish_date:
        return f"hẹn xuất bản ngày {format_date(profile.publish_date)}"
    return "chưa có đồng ý công bố"


def _hidden(profile_id: str, known: Mapping[str, Profile], failed: Mapping[str, str]) -> str:
    """Why the profile `profile_id`, which exists (valid in `known`, or with errors in `failed`), is not
    shown, in the editor's words."""
    return _unpublished(known[profile_id]) if profile_id in known else f"có lỗi (xem {failed[profile_id]})"


def resolve_speakers(conference: Conference, published: Mapping[str, Profile], known: Mapping[str, Profile],
                     problems: Problems, failed: Mapping[str, str] | None = None) -> None:
    """Match speakers to profiles: an unknown id is an error; an unpublished one is shown without anything
    of its profile, with a warning; a profile twice in one item is shown once, with a warning.

    `known` holds every valid profile, published or not, so that a speaker whose profile is a draft is not
    reported as unknown, and a paper's title may be announced by a profile not published yet. `failed` maps
    the ids of profile files with errors to their paths: such a speaker is told of as unpublished is, since
    the profile's own errors are reported already and 'no profile has this id' would mislead.
    """
    failed = failed or {}
    assert conference.source is not None and conference.path is not None
    reader = _Reader(conference.source, conference.path, problems)
    for session in conference.sessions:
        index = session.index
        session.speakers = []
        seen: set[str] = set()
        for j, speaker in enumerate(session.item.speakers):
            loc = ("program", index, "speakers", j, "profile")
            if speaker.profile in seen:
                reader.add(loc, f"{session.name}: hồ sơ '{speaker.profile}' đã có trong mục này; chỉ hiện một lần",
                           warning=True)
                continue
            if speaker.profile:
                seen.add(speaker.profile)
                if speaker.profile not in known and speaker.profile not in failed:
                    reader.add(loc, f"{session.name}: không có hồ sơ nào có mã '{speaker.profile}'")
                elif speaker.profile not in published:
                    shown = quoted(speaker.name) if speaker.name else f"'{UNNAMED_SPEAKER}'"
                    hint = "" if speaker.name else "; thêm 'name' để hiện tên do Ban tổ chức ghi"
                    reader.add(loc, f"{session.name}: hồ sơ '{speaker.profile}' {_hidden(speaker.profile, known, failed)}"
                                    f" nên chương trình chỉ hiện {shown}, không có liên kết{hint}", warning=True)
            session.speakers.append((speaker, published.get(speaker.profile or "")))
        if session.item.kind == "paper" and not session.item.title and not any(
                (p := known.get(s.profile or "")) is not None and p.data.paper for s in session.item.speakers):
            # A speaker's profile with errors may be the one that names the paper: its errors are the cause,
            # reported already, and the program is published meanwhile with the kind for a title.
            broken = next((s.profile for s in session.item.speakers if s.profile in failed), None)
            if broken is not None:
                reader.add(("program", index, "title"), f"{session.name}: hồ sơ '{broken}' có lỗi (xem {failed[broken]})"
                                                        f" nên chưa lấy được tên tham luận từ 'paper' của hồ sơ;"
                                                        f" chương trình tạm ghi '{session.kind_label}'", warning=True)
            else:
                reader.add(("program", index, "title"), f"{session.name}: tham luận cần 'title', hoặc người trình "
                                                        "bày có hồ sơ với 'paper'")


def resolve_ceremony(conference: Conference, published: Mapping[str, Profile], known: Mapping[str, Profile],
                     problems: Problems, failed: Mapping[str, str] | None = None) -> None:
    """Set `conference.ceremony`: the published profiles honoured, in the order they are called up.

    The order is the program's award items' speakers (checked by `resolve_speakers`), else the file's
    `ceremony` list, else every published profile by award rank (`Profile.sort_key`). In the list, an unknown
    id is an error; an unpublished profile (draft, scheduled, no consent) is left out with a warning, as is a
    second mention of the same id, and a profile with errors (`failed`, as for `resolve_speakers`). Nothing
    of an unpublished profile is ever shown.
    """
    failed = failed or {}
    assert conference.source is not None and conference.path is not None
    reader = _Reader(conference.source, conference.path, problems)
    listed = conference.data.ceremony or []
    awarded = [(session, speaker.profile) for session in conference.sessions if session.item.kind == "award"
               for speaker in session.item.speakers if speaker.profile]
    if awarded:
        if listed:
            reader.add(("ceremony",), f"thứ tự trình chiếu lấy theo người nhận khen thưởng của {awarded[0][0].name} "
                                      "trong chương trình; danh sách này bị bỏ qua", warning=True)
        ids = dict.fromkeys(profile_id for _, profile_id in awarded)
        conference.ceremony = [published[i] for i in ids if i in published]
        return
    if not listed:
        conference.ceremony = sorted(published.values(), key=Profile.sort_key)
        return
    ceremony: list[Profile] = []
    seen: set[str] = set()
    for index, profile_id in enumerate(listed):
        loc = ("ceremony", index)
        if profile_id in seen:
            reader.add(loc, f"hồ sơ '{profile_id}' đã có trong danh sách; chỉ trình chiếu một lần", warning=True)
        elif profile_id not in known and profile_id not in failed:
            # A name written instead of an id is the likely slip: the message gives the id to write.
            named = [p.id for p in known.values() if fold(p.name) == fold(profile_id)]
            guess = difflib.get_close_matches(profile_id, [*known, *failed], n=1)
            hint = (f": ghi mã hồ sơ (tên tệp, không có phần đuôi), ở đây là '{named[0]}'" if named else
                    f"; có phải ý bạn là '{guess[0]}'?" if guess else "")
            reader.add(loc, f"không có hồ sơ nào có mã {quoted(profile_id)}{hint}")
        elif profile_id not in published:
            reader.add(loc, f"hồ sơ '{profile_id}' {_hidden(profile_id, known, failed)} nên không được trình chiếu",
                       warning=True)
        else:
            ceremony.append(published[profile_id])
        seen.add(profile_id)
    conference.ceremony = ceremony
