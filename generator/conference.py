"""The conference: `data/conference.yml` read, its times resolved and its program checked.

Times are written as text (YAML would turn `08:00` into a number) and resolved here: the event's start and
end are local times in its time zone or instants with an offset; a program item's times are "08:00" on the
event's day or full date-times. Items must be in order, must not overlap and must lie inside the event;
speakers that name a profile must name a published one.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import ITEM_KINDS, Conference, ProgramItem, Speaker
from .problems import Problems
from .readers import Document
from .schema import read_document, validate_model

if TYPE_CHECKING:
    from .validate import Profile

_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:hH]([0-5][0-9])")


@dataclass
class Session:
    """A program item with its times resolved and its speakers matched to profiles."""

    item: ProgramItem
    start: dt.datetime
    end: dt.datetime
    index: int
    """Position in the program as written (for locating problems)."""
    speakers: list[tuple[Speaker, Profile | None]] = field(default_factory=list)
    """Each speaker with its published profile, when it names one."""

    @property
    def kind_label(self) -> str:
        return ITEM_KINDS[self.item.kind]

    @property
    def title(self) -> str:
        """The item's title, or for a paper the title of its speaker's paper."""
        if self.item.title:
            return self.item.title
        for _, profile in self.speakers:
            if profile is not None and profile.data.paper:
                return profile.data.paper.title
        return self.kind_label


@dataclass
class Event:
    """The conference with its times resolved to aware datetimes."""

    data: Conference
    start: dt.datetime
    end: dt.datetime
    sessions: list[Session] = field(default_factory=list)
    source: Document | None = None
    """Where it was read from, for locating problems found later (speakers)."""
    path: Path | None = None

    @property
    def zone(self) -> dt.tzinfo:
        return self.start.tzinfo  # type: ignore[return-value]


def parse_instant(text: str, zone: dt.tzinfo, day: dt.date | None = None) -> dt.datetime:
    """Parse `2025-06-19 08:00` (local to `zone`), an ISO instant with an offset, or, given `day`, `08:00`."""
    text = text.strip()
    clock = _CLOCK.fullmatch(text)
    if clock and day is not None:
        return dt.datetime.combine(day, dt.time(int(clock.group(1)), int(clock.group(2))), tzinfo=zone)
    try:
        value = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        example = "'08:30' hoặc '2025-06-19 08:30'" if day else "'2025-06-19 08:00'"
        raise ValueError(f"thời điểm không hợp lệ '{text}' (dùng dạng {example})") from None
    return value if value.tzinfo else value.replace(tzinfo=zone)


def _hhmm(value: dt.datetime, zone: dt.tzinfo) -> str:
    return f"{value.astimezone(zone):%H:%M}"


def _load_sessions(event: Event, items: list[tuple[int, ProgramItem]], doc: Document, path: Path,
                   problems: Problems) -> None:
    """Resolve the program's times and check order, overlap and the event window."""
    zone, day = event.zone, event.start.astimezone(event.zone).date()
    previous: Session | None = None
    for i, item in items:
        loc = ("program", i)
        times = {}
        for name in ("start", "end"):
            try:
                times[name] = parse_instant(getattr(item, name), zone, day)
            except ValueError as error:
                problems.add(path, doc.line_of((*loc, name)), f"program[{i}].{name}", str(error))
        for j, speaker in enumerate(item.speakers):
            if bool(speaker.profile) == bool(speaker.name):
                problems.add(path, doc.line_of((*loc, "speakers", j)), f"program[{i}].speakers[{j}]",
                             "mỗi người trình bày cần đúng một trong hai trường 'profile' (mã hồ sơ) hoặc 'name'")
        if len(times) < 2:
            continue
        session = Session(item, times["start"], times["end"], i)
        where = (path, doc.line_of((*loc, "start")), f"program[{i}].start")
        if session.end <= session.start:
            problems.add(path, doc.line_of((*loc, "end")), f"program[{i}].end", "giờ kết thúc phải sau giờ bắt đầu")
        elif session.start < event.start or session.end > event.end:
            problems.add(*where, f"mục {_hhmm(session.start, zone)} - {_hhmm(session.end, zone)} nằm ngoài thời gian "
                                 f"Hội nghị ({_hhmm(event.start, zone)} - {_hhmm(event.end, zone)})")
        elif previous and session.start < previous.start:
            problems.add(*where, f"không theo thứ tự thời gian: bắt đầu trước mục trên ({_hhmm(previous.start, zone)})")
        elif previous and session.start < previous.end:
            problems.add(*where, f"trùng giờ với mục trên '{previous.item.title or previous.kind_label}' "
                                 f"(đến {_hhmm(previous.end, zone)})")
        event.sessions.append(session)
        previous = session


def load_conference(path: Path, problems: Problems) -> Event | None:
    """Load the conference file; its times and program are checked for validity, order and overlap."""
    doc = read_document(path, problems)
    if doc is None:
        return None
    raw = doc.data if isinstance(doc.data, dict) else {}
    # Items are validated one by one, so that one bad item does not hide the problems of the others.
    program = raw.get("program") if isinstance(raw.get("program"), list) else []
    items = [(i, item) for i in range(len(program))
             if (item := validate_model(ProgramItem, doc, path, problems, ("program", i))) is not None]
    head = Document({**raw, "program": []} if "program" in raw else doc.data, doc.lines)
    data = validate_model(Conference, head, path, problems)
    if data is None:
        return None
    data = data.model_copy(update={"program": [item for _, item in items]})
    try:
        zone = zoneinfo.ZoneInfo(data.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        problems.add(path, doc.line_of(("timezone",)), "timezone",
                     f"múi giờ '{data.timezone}' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')")
        return None
    times = {}
    for name in ("start", "end"):
        try:
            times[name] = parse_instant(data.start if name == "start" else data.end, zone)
        except ValueError as error:
            problems.add(path, doc.line_of((name,)), name, str(error))
    if len(times) < 2:
        return None
    if times["end"] <= times["start"]:
        problems.add(path, doc.line_of(("end",)), "end", "giờ kết thúc phải sau giờ bắt đầu")
        return None
    event = Event(data, times["start"].astimezone(zone), times["end"].astimezone(zone), source=doc, path=path)
    _load_sessions(event, items, doc, path, problems)
    return event


def resolve_speakers(event: Event, published: dict[str, Profile], known: set[str], problems: Problems) -> None:
    """Match speakers to profiles: an unknown id is a problem; an unpublished one is shown without details.

    `known` holds the ids of every valid profile, published or not, so that a speaker whose profile is a
    draft is not reported as unknown.
    """
    assert event.source is not None and event.path is not None
    for session in event.sessions:
        index = session.index
        session.speakers = []
        for j, speaker in enumerate(session.item.speakers):
            if speaker.profile and speaker.profile not in known:
                problems.add(event.path, event.source.line_of(("program", index, "speakers", j, "profile")),
                             f"program[{index}].speakers[{j}].profile",
                             f"không có hồ sơ nào có mã '{speaker.profile}'")
            session.speakers.append((speaker, published.get(speaker.profile or "")))
        if session.item.kind == "paper" and not session.item.title and session.title == session.kind_label:
            problems.add(event.path, event.source.line_of(("program", index)), f"program[{index}].title",
                         "tham luận cần 'title', hoặc người trình bày có hồ sơ với 'paper'")
