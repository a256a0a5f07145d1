"""Render the conference: the countdown page, the program page, an embeddable countdown and exports.

Every page states the date, time and zone in plain HTML, so it is complete without JavaScript; the site's
script (`theme/assets/javascripts/vinhdanh.js`) then ticks the countdown from the absolute instants in
`data-start`/`data-end` (right in any visitor time zone) and marks the program's current and next items,
with the words it reads from `data-vd-labels` (`LABELS`), so that they are written in one place.

A detail not decided yet (the end, the venue or its address, the program) is said to be announced later
("sẽ thông báo sau") wherever it would be shown: pages, embed, banner, `.ics` and JSON. The pages are
written by the fragments `countdown.html`, `program.html`, `event.html` (the home page's), `banner.html`
and `embed.html` from the contexts made here (plain data); the fragments escape every value, and the
directions link passes `safe_url` there again, whatever the model let through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from typing import ClassVar

import icalendar
from markupsafe import Markup

from .load_conference import UNNAMED_SPEAKER
from .messages import DEFAULT, format_date_in, format_instant_in
from .model import ITEM_KINDS, Conference, ConferenceData, Profile, Session, Site, Speaker
from .names import Said
from .output import Asset, Page
from .routes import (
    CALENDAR_URI,
    COUNTDOWN_SRC,
    EMBED_URI,
    ENGLISH,
    PROGRAM_ICS_URI,
    PROGRAM_JSON_URI,
    PROGRAM_SRC,
    absolute,
    in_lang,
    page_lang,
    page_url,
    profile_src,
)
from .templates import Templates
from .text import WEEKDAYS, format_date
from .urls import safe_url

STATES = {
    "before": "Sắp diễn ra",
    "today": "Hôm nay",
    "live": "Đang diễn ra",
    "past": "Đã diễn ra",
}
"""The countdown's states and their labels."""
LABELS = {
    "states": STATES,
    "captions": {"opening": "Còn lại đến giờ khai mạc", "closing": "Còn lại đến khi kết thúc"},
    "badges": {"now": "Đang diễn ra", "next": "Tiếp theo"},
}
"""Every word the script writes: the states, the timer's caption (counting to the opening, then while the
conference runs to its end) and the program's badges. Pages carry it in `data-vd-labels`."""
TBA = "sẽ thông báo sau"
"""Said of a detail not decided yet."""


def t(key: str, lang: str, templates: Templates | None) -> str:
    """The interface text `key` in `lang`, from the catalogue of `templates` (Vietnamese needs none)."""
    if lang == DEFAULT or templates is None:
        return key
    return templates.t(key, lang)


def labels(templates: Templates | None = None, lang: str = DEFAULT) -> dict[str, dict[str, str]]:
    """`LABELS` in `lang`: the words the script writes on a page of that language."""
    return {group: {key: t(text, lang, templates) for key, text in words.items()} for group, words in LABELS.items()}


def said(english: str | None, vietnamese: str, lang: str) -> Said:
    """On a page in `lang`, the `english` text when there is one, else the `vietnamese` (`names.Said`: the
    fragments' `said` filter writes it in `<span lang="vi">` on an English page)."""
    if lang != DEFAULT and english:
        return Said(english, lang)
    return Said(vietnamese, DEFAULT)


def conference_state(conference: Conference, now: dt.datetime) -> str:
    """`before`, `today` (the day itself, before the start, in the conference's zone), `live` or `past`."""
    if conference.is_over(now):
        return "past"
    if now >= conference.start:
        return "live"
    return "today" if now.astimezone(conference.zone).date() == conference.start.date() else "before"


def zone_label(conference: Conference, templates: Templates | None = None, lang: str = DEFAULT) -> str:
    """"giờ Hà Nội (UTC+7)" ("Hanoi time (UTC+7)") for the campaign's zone, else the zone's name and offset."""
    offset = conference.start.utcoffset() or dt.timedelta()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    utc = f"UTC{'+' if offset >= dt.timedelta() else '-'}{abs(hours)}" + (f":{minutes:02d}" if minutes else "")
    place = t("giờ Hà Nội", lang, templates) if conference.data.timezone == "Asia/Ho_Chi_Minh" else conference.data.timezone
    return f"{place} ({utc})"


def where_text(conf: ConferenceData) -> str:
    """The hall and address, with what is not decided yet to be announced."""
    name, address = (conf.venue.name, conf.venue.address) if conf.venue else (None, None)
    if name and address:
        return f"{name}, {address}"
    if name:
        return f"{name} (địa chỉ {TBA})"
    return address or f"Địa điểm {TBA}"


def where_parts(conf: ConferenceData, templates: Templates | None = None, lang: str = DEFAULT) -> list[Said]:
    """`where_text` on a page in `lang`: the hall and address in English where the venue's `en` gives them,
    each other part in Vietnamese, marked as such."""
    if lang == DEFAULT:
        return [Said(where_text(conf))]
    venue = conf.venue
    english = venue.en if venue else None
    name = said(english.name if english else None, venue.name, lang) if venue and venue.name else None
    address = said(english.address if english else None, venue.address, lang) if venue and venue.address else None
    tba = t(TBA, lang, templates)
    if name and address:
        return [name, Said(", ", lang), address]
    if name:
        return [name, Said(f" ({t('địa chỉ', lang, templates)} {tba})", lang)]
    return [address] if address else [Said(f"{t('Địa điểm', lang, templates)} {tba}", lang)]


def plain(parts: list[Said]) -> str:
    """Parts of a text as one string (for a page's description)."""
    return "".join(part.text for part in parts)


def pending(conference: Conference) -> list[tuple[str, str]]:
    """The details not decided yet: (field, its Vietnamese words), e.g. `("end", "giờ kết thúc")`."""
    venue = conference.data.venue
    found = []
    if conference.end is None:
        found.append(("end", "giờ kết thúc"))
    if venue is None or not (venue.name or venue.address):
        found.append(("venue", "địa điểm"))
    elif not venue.address:
        found.append(("venue.address", "địa chỉ"))
    if not conference.sessions:
        found.append(("program", "chương trình chi tiết"))
    return found


def pending_sentence(conference: Conference) -> str | None:
    """"Giờ kết thúc và chương trình chi tiết sẽ thông báo sau.", or None when everything is decided."""
    words = [w for _, w in pending(conference)]
    if not words:
        return None
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " và " + words[-1]
    return f"{text[0].upper()}{text[1:]} {TBA}."


def speaker_parts(speaker: Speaker, profile: Profile | None) -> tuple[str, str | None, str | None]:
    """What the program says of a speaker: name, page source (of a published profile) and role.

    The organisers' `name` and `role` come first. Without a published profile nothing of the profile is
    used: its name, paper and position stay private until it is published.
    """
    if profile is None:
        return speaker.name or UNNAMED_SPEAKER, None, speaker.role
    role = speaker.role or ", ".join(x for x in (profile.data.position, profile.unit.short_name or profile.unit.name) if x)
    return speaker.name or profile.display_name, profile_src(profile), role or None


def speaker_said(speaker: Speaker, profile: Profile | None, templates: Templates | None,
                 lang: str) -> tuple[Said, str | None, list[Said]]:
    """`speaker_parts` on a page in `lang`: the name, the page source and the role's parts, each in English
    where the speaker's `en` (or the profile's and its unit's) gives it, else in Vietnamese."""
    name, src, role = speaker_parts(speaker, profile)
    if lang == DEFAULT:
        return Said(name), src, [Said(role)] if role else []
    english = speaker.en
    if speaker.name or profile is None:
        shown = said(english.name if english else None, name, lang)
        if not speaker.name and not (english and english.name):
            shown = Said(t(UNNAMED_SPEAKER, lang, templates), lang)
    else:
        own = profile.data.en.name if profile.data.en else None
        shown = said(own, profile.display_name, lang)
    if english and english.role:
        return shown, src, [Said(english.role, lang)]
    if speaker.role or profile is None:
        return shown, src, [Said(speaker.role)] if speaker.role else []
    parts = []
    if profile.data.position:
        parts.append(said(profile.data.en.position if profile.data.en else None, profile.data.position, lang))
    unit = profile.unit
    unit_en = (unit.en.short_name or unit.en.name) if unit.en else None
    shown_unit = said(unit_en, unit.short_name or unit.name, lang)
    # "Deputy Head of the Investment Management Division, Investment Management" says the unit twice.
    if not parts or shown_unit.text.casefold() not in parts[0].text.casefold():
        parts.append(shown_unit)
    joined: list[Said] = []
    for part in parts:
        joined += [Said(", ", lang), part] if joined else [part]
    return shown, src, joined


# --- contexts: what the fragments write -------------------------------------------------------------------

@dataclass(frozen=True)
class Moment:
    """An instant as a page writes it: `<time datetime="{iso}">{shown}</time>`."""

    iso: str
    """ISO 8601 with its offset, for machines."""
    shown: str
    """For readers: `08:00`, or `08:00, thứ Năm, 19/6/2025` (`Thursday 19 June 2025, 08:00`) where the day is
    not said apart."""

    @classmethod
    def at(cls, instant: dt.datetime, with_day: bool = False, lang: str = DEFAULT) -> Moment:
        """`instant` (aware, in the zone it is shown in), its day said only `with_day`, in `lang`."""
        return cls(instant.isoformat(), format_instant_in(instant, lang) if with_day else f"{instant:%H:%M}")


@dataclass(frozen=True)
class When:
    """The conference's time in words (`when.html`): "Từ 08:00 đến 11:30, thứ Năm, 19/6/2025, giờ Hà Nội
    (UTC+7)"; an end on another day says each day, an end not decided is to be announced."""

    start: Moment
    end: Moment | None
    day: str | None
    """The weekday and date both instants share; None when each says its own."""
    zone: str
    """"giờ Hà Nội (UTC+7)"."""
    tba: ClassVar[str] = TBA

    @classmethod
    def of(cls, conference: Conference, templates: Templates | None = None, lang: str = DEFAULT) -> When:
        """The time of `conference`, in `lang` (`templates` translate the zone's name)."""
        start, end = conference.start, conference.end
        zone = zone_label(conference, templates, lang)
        if end is not None and end.date() != start.date():
            return cls(Moment.at(start, True, lang), Moment.at(end, True, lang), None, zone)
        day = (f"{WEEKDAYS[start.weekday()]}, {format_date(start.date())}" if lang == DEFAULT
               else format_instant_in(start, lang).rsplit(", ", 1)[0])
        return cls(Moment.at(start), Moment.at(end) if end else None, day, zone)


@dataclass(frozen=True)
class Clock:
    """What the script reads of a countdown or the program (`timer.html`'s `data`): the conference's instants,
    its zone and the words to write."""

    start: str
    end: str | None
    """ISO 8601 instants; without an end the script counts the conference as held from the next day."""
    timezone: str
    """The zone whose day "today" is (`Asia/Ho_Chi_Minh`)."""
    labels: dict[str, dict[str, str]] = field(default_factory=lambda: LABELS)
    """The words the script writes (`LABELS`, in the page's language)."""

    @classmethod
    def of(cls, conference: Conference, templates: Templates | None = None, lang: str = DEFAULT) -> Clock:
        """The clock of `conference`, its words in `lang`."""
        end = conference.end
        return cls(conference.start.isoformat(), end.isoformat() if end else None, conference.data.timezone,
                   labels(templates, lang))


@dataclass(frozen=True)
class Countdown:
    """What every countdown (the conference page, the home page's teaser, the banner, the embed) shows
    before its script runs, and what the script reads."""

    state: str
    """`before`, `today`, `live` or `past` when the site was built (`conference_state`)."""
    title: Said
    when: When
    where: list[Said]
    """The hall and address, or what is to be announced (`where_parts`)."""
    clock: Clock
    due: bool
    """Whether the timer is to tick: its room is kept from the first paint, so nothing below it jumps
    (not when the conference was over when the site was built, or runs with no end to count to)."""

    @classmethod
    def of(cls, conference: Conference, now: dt.datetime, templates: Templates | None = None,
           lang: str = DEFAULT) -> Countdown:
        """The countdown of `conference` as of `now`, on a page in `lang`."""
        state = conference_state(conference, now)
        conf = conference.data
        return cls(state, said(conf.en.title if conf.en else None, conf.title, lang),
                   When.of(conference, templates, lang), where_parts(conf, templates, lang),
                   Clock.of(conference, templates, lang),
                   state != "past" and (state != "live" or conference.end is not None))


@dataclass(frozen=True)
class SpeakerContext:
    """A speaker as the program shows them (`speaker_parts`)."""

    name: Said
    url: str | None
    """Their published profile's address from the site's root, else None (not linked)."""
    role: list[Said]
    """Its parts (a position and a unit may each be English or not); empty: none."""


@dataclass(frozen=True)
class SessionContext:
    """One item of the program's timeline (`session.html`), its times in the conference's zone."""

    kind: str
    kind_label: str
    title: Said
    start: Moment
    end: Moment
    speakers: list[SpeakerContext]
    notes: Said | None

    @classmethod
    def of(cls, session: Session, zone: dt.tzinfo, templates: Templates | None = None,
           lang: str = DEFAULT) -> SessionContext:
        """The context of `session`, shown in `zone`, on a page in `lang`."""
        speakers = [SpeakerContext(name, page_url(src) if src else None, role)
                    for name, src, role in (speaker_said(s, p, templates, lang) for s, p in session.speakers)]
        item = session.item
        english = item.en
        kind_label = t(ITEM_KINDS[item.kind], lang, templates)
        if english and english.title and lang != DEFAULT:
            title = Said(english.title, lang)
        elif session.title == session.kind_label and not item.title:
            title = Said(kind_label, lang)  # no title: the kind, in the page's language
        else:
            title = Said(session.title)
        notes = said(english.notes if english else None, item.notes, lang) if item.notes else None
        return cls(item.kind, kind_label, title, Moment.at(session.start.astimezone(zone)),
                   Moment.at(session.end.astimezone(zone)), speakers, notes)


# --- pages ------------------------------------------------------------------------------------------------

def conference_fragment(site: Site, now: dt.datetime, here: str, templates: Templates) -> Markup:
    """The home page's teaser: state, title, date, place, and the ways to the conference pages; in English
    on an English page (`here` under `en/`)."""
    conf = site.conference.data
    lang = page_lang(here)
    return templates.render("event.html", here=here, lang=lang, countdown=Countdown.of(site.conference, now, templates, lang),
                            delegates=conf.delegates)


def _meta(lang: str, **meta: object) -> dict:
    """A conference page's front matter; an English page's says its language (`vd_lang`)."""
    return meta if lang == DEFAULT else {**meta, "vd_lang": lang}


def organiser_said(site: Site, lang: str) -> Said:
    """The organiser on a page in `lang`: the conference's `en.organiser`, else the English name of the unit
    of the registry that has the organiser's name, else the Vietnamese name."""
    conf = site.conference.data
    english = conf.en.organiser if conf.en else None
    if not english and lang != DEFAULT and conf.organiser:
        found = site.registries.units.find(conf.organiser)
        unit = found[0] if found else None
        english = unit.en.name if unit is not None and unit.en else None
    return said(english, conf.organiser, lang)


def render_countdown_page(site: Site, now: dt.datetime, templates: Templates, lang: str = DEFAULT) -> Page:
    """The conference page: a live countdown, with a distinct state before, on the day, during and after;
    `lang` its language (the English page is `en/hoi-nghi/`)."""
    conference = site.conference
    conf = conference.data
    src = in_lang(COUNTDOWN_SRC, lang)
    countdown = Countdown.of(conference, now, templates, lang)
    recap = said(conf.en.recap if conf.en else None, conf.recap, lang) if conf.recap else None
    html = templates.render("countdown.html", here=page_url(src), lang=lang, countdown=countdown,
                            map_url=conf.venue.map_url if conf.venue else None, recap=recap)
    meta = _meta(lang, title=t("Hội nghị điển hình tiên tiến", lang, templates), template="conference.html",
                 description=f"{format_instant_in(conference.start, lang)}, {plain(countdown.where)}",
                 hide=["navigation", "toc"])
    return Page(src, meta, html + "\n")


def render_program_page(site: Site, templates: Templates, site_url: str | None = None, lang: str = DEFAULT) -> Page:
    """The program: a timeline of the half day, with speakers linked to their profiles; printed, a QR code
    leads back to it online (when the site's public address is known). `lang` is the page's language."""
    conference = site.conference
    conf = conference.data
    zone = conference.zone
    src = in_lang(PROGRAM_SRC, lang)
    html = templates.render(
        "program.html", here=page_url(src), lang=lang, organiser=organiser_said(site, lang),
        title=said(conf.en.title if conf.en else None, conf.title, lang),
        time=When.of(conference, templates, lang), where=where_parts(conf, templates, lang),
        clock=Clock.of(conference, templates, lang),
        sessions=[SessionContext.of(s, zone, templates, lang) for s in conference.sessions],
        # The QR code is the Vietnamese program's, in both languages: the caption names what it leads to.
        online=absolute(site_url, page_url(PROGRAM_SRC)) if site_url else None)
    heading = t("Chương trình Hội nghị", lang, templates)
    meta = _meta(lang, title=heading, template="conference.html",
                 description=f"{heading}, {format_date_in(conference.start.date(), lang)}", hide=["navigation", "toc"])
    return Page(src, meta, html + "\n")


def render_embed(site: Site, now: dt.datetime, templates: Templates) -> Asset:
    """A minimal countdown page for the e-portal to embed in an iframe: a whole HTML document."""
    html = templates.render("embed.html", here=EMBED_URI, countdown=Countdown.of(site.conference, now),
                            day=site.conference.start.date())
    return Asset(EMBED_URI, content=(html + "\n").encode())


def _calendar() -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//vinhdanh//Hoi nghi dien hinh tien tien//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def _vevent(uid: str, summary: str, start: dt.datetime, end: dt.datetime | None, location: str | None,
            stamp: dt.datetime, description: str | None = None) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", start)
    if end is not None:  # RFC 5545: without DTEND the entry marks its start; the description says why
        vevent.add("dtend", end)
    vevent.add("summary", summary)
    if location:
        vevent.add("location", location)
    if description:
        vevent.add("description", description)
    return vevent


def render_calendars(site: Site, stamp: dt.datetime) -> list[Asset]:
    """The conference as one calendar entry, and the program as one entry per item (RFC 5545, with VTIMEZONE)."""
    conference = site.conference
    conf = conference.data
    venue = conf.venue
    location = ", ".join(x for x in (venue.name, venue.address) if x) if venue else None
    key = hashlib.sha256(f"{conf.title}|{conf.start}".encode()).hexdigest()[:16]
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    about = " ".join(x for x in (f"{conf.organiser}.", f"Khoảng {conf.delegates} đại biểu." if conf.delegates else "",
                                 pending_sentence(conference)) if x)
    whole = _calendar()
    whole.add_component(_vevent(f"{key}@vinhdanh", conf.title, conference.start, conference.end, location, stamp, about))
    program = _calendar()
    for session in conference.sessions:
        parts = [speaker_parts(s, p) for s, p in session.speakers]
        speakers = "; ".join(f"{name} ({role})" if role else name for name, _, role in parts)
        program.add_component(_vevent(f"{key}-{session.index}@vinhdanh", f"{session.kind_label}: {session.title}",
                                      session.start, session.end, location, stamp, speakers or None))
    if not conference.sessions:
        # A calendar holds at least one entry: the conference itself, saying the program is to come. Its
        # UID is the conference's, so a calendar that imported this file updates the same entry.
        program.add_component(_vevent(f"{key}@vinhdanh", conf.title, conference.start, conference.end, location, stamp, about))
    for calendar in (whole, program):
        calendar.add_missing_timezones()
    return [Asset(CALENDAR_URI, content=whole.to_ical()), Asset(PROGRAM_ICS_URI, content=program.to_ical())]


def render_program_json(site: Site) -> Asset:
    """The program as JSON for the e-portal and other reuse; URLs are relative to the site's root.

    A detail not decided yet is null, its field is listed in `pending` and `pending_note` says it in
    Vietnamese ("Giờ kết thúc và địa chỉ sẽ thông báo sau.").
    """
    conference = site.conference
    conf = conference.data
    venue = conf.venue
    data = {
        "title": conf.title,
        "organiser": conf.organiser,
        "start": conference.start.isoformat(),
        "end": conference.end.isoformat() if conference.end else None,
        "timezone": conf.timezone,
        "venue": {"name": venue.name if venue else None, "address": venue.address if venue else None,
                  "map_url": safe_url(venue.map_url) if venue and venue.map_url else None},
        "pending": [key for key, _ in pending(conference)],
        "pending_note": pending_sentence(conference),
        "program": [
            {
                "start": s.start.isoformat(), "end": s.end.isoformat(), "kind": s.item.kind,
                "kind_label": s.kind_label, "title": s.title, "notes": s.item.notes,
                "speakers": [{"name": name, "role": role, "url": page_url(src) if src else None}
                             for name, src, role in (speaker_parts(sp, p) for sp, p in s.speakers)],
            }
            for s in conference.sessions
        ],
    }
    return Asset(PROGRAM_JSON_URI, content=(json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode())


def render_conference(site: Site, now: dt.datetime, templates: Templates, site_url: str | None = None,
                      stamp: dt.datetime | None = None) -> tuple[list[Page], list[Asset]]:
    """Every page and file of the conference; `stamp` is the calendars' `DTSTAMP` (the build's time)."""
    pages = [render_countdown_page(site, now, templates), render_program_page(site, templates, site_url)]
    pages += [render_countdown_page(site, now, templates, ENGLISH), render_program_page(site, templates, site_url, ENGLISH)]
    assets = [render_embed(site, now, templates), *render_calendars(site, stamp or now), render_program_json(site)]
    return pages, assets



@dataclass(frozen=True)
class Banner:
    """The site-wide countdown banner (`banner.html`), written for each page it is placed in."""

    countdown: Countdown
    templates: Templates
    english: Countdown | None = None
    """The banner's countdown on English pages (`here` under `en/`); None: the Vietnamese one."""

    def __call__(self, here: str, root: str | None = None) -> Markup:
        """The banner of the page at `here`, its link relative to it, in its language; or, with `root` (the
        site's path, `/vinhdanh/`), of a page served at any address (the 404 page), its link absolute."""
        lang = page_lang(here)
        countdown = self.english if lang != DEFAULT and self.english is not None else self.countdown
        return self.templates.render("banner.html", here=here, root=root, lang=lang, countdown=countdown)


def render_banner(site: Site, now: dt.datetime, templates: Templates) -> Banner | None:
    """The site-wide countdown banner, while the conference file asks for it and it has not ended."""
    conference = site.conference
    if not conference.data.banner or conference.is_over(now):
        return None
    return Banner(Countdown.of(conference, now), templates, Countdown.of(conference, now, templates, ENGLISH))
