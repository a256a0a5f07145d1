"""Render the conference: the countdown page, the program page, an embeddable countdown and exports.

Every page states the date, time and zone in plain HTML, so it is complete without JavaScript; the site's
script (`theme/assets/javascripts/vinhdanh.js`) then ticks the countdown from the absolute instants in
`data-start`/`data-end` (right in any visitor time zone) and marks the program's current and next items.

A detail not decided yet (the end, the venue or its address, the program) is said to be announced later
("sẽ thông báo sau") wherever it would be shown: pages, embed, banner, `.ics` and JSON. Editors' text is
escaped where it is written (HTML, attributes; icalendar and json escape their own), and the directions
link passes `urls.safe_url` again here, whatever the model let through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from html import escape

import icalendar

from .load_conference import UNNAMED_SPEAKER
from .model import Conference, ConferenceData, Profile, Session, Site, Speaker
from .output import Asset, Page
from .routes import (
    CALENDAR_URI,
    COUNTDOWN_SRC,
    EMBED_URI,
    EXEMPLARS,
    FAVICON,
    FONT_CSS,
    PROGRAM_ICS_URI,
    PROGRAM_JSON_URI,
    PROGRAM_QR,
    PROGRAM_SRC,
    SCRIPT,
    absolute,
    index_src,
    page_url,
    profile_src,
    relative,
)
from .text import WEEKDAYS, format_date, format_instant
from .urls import safe_url

STATES = {
    "before": "Sắp diễn ra",
    "today": "Hôm nay",
    "live": "Đang diễn ra",
    "past": "Đã diễn ra",
}
"""The countdown's states and their labels (the script uses the same labels)."""
TBA = "sẽ thông báo sau"
"""Said of a detail not decided yet."""


def conference_state(conference: Conference, now: dt.datetime) -> str:
    """`before`, `today` (the day itself, before the start, in the conference's zone), `live` or `past`."""
    if conference.is_over(now):
        return "past"
    if now >= conference.start:
        return "live"
    return "today" if now.astimezone(conference.zone).date() == conference.start.date() else "before"


def zone_label(conference: Conference) -> str:
    """"giờ Hà Nội (UTC+7)" for the campaign's zone, else the zone's name and offset."""
    offset = conference.start.utcoffset() or dt.timedelta()
    hours, minutes = divmod(int(offset.total_seconds()) // 60, 60)
    utc = f"UTC{'+' if offset >= dt.timedelta() else '-'}{abs(hours)}" + (f":{minutes:02d}" if minutes else "")
    place = "giờ Hà Nội" if conference.data.timezone == "Asia/Ho_Chi_Minh" else conference.data.timezone
    return f"{place} ({utc})"


def when_html(conference: Conference) -> str:
    """`Từ <time>08:00</time> đến <time>11:30</time>, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7)`; the day is
    repeated for an end on another day, and an end not decided is to be announced."""
    start, end, zone = conference.start, conference.end, escape(zone_label(conference))
    day = f"{WEEKDAYS[start.weekday()]}, {format_date(start.date())}"
    first = f'<time datetime="{start.isoformat()}">{start:%H:%M}</time>'
    if end is None:
        return f"Từ {first}, {day}, {zone}; giờ kết thúc {TBA}"
    if end.date() == start.date():
        return f'Từ {first} đến <time datetime="{end.isoformat()}">{end:%H:%M}</time>, {day}, {zone}'
    return (f'Từ <time datetime="{start.isoformat()}">{format_instant(start)}</time> đến '
            f'<time datetime="{end.isoformat()}">{format_instant(end)}</time>, {zone}')


def where_text(conf: ConferenceData) -> str:
    """The hall and address, with what is not decided yet to be announced."""
    name, address = (conf.venue.name, conf.venue.address) if conf.venue else (None, None)
    if name and address:
        return f"{name}, {address}"
    if name:
        return f"{name} (địa chỉ {TBA})"
    return address or f"Địa điểm {TBA}"


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


def _data_attributes(conference: Conference) -> str:
    # Without an end the script counts the conference as held from the next day in its zone.
    end = f'data-end="{conference.end.isoformat()}" ' if conference.end else ""
    return f'data-start="{conference.start.isoformat()}" {end}data-timezone="{escape(conference.data.timezone)}"'


def _timer(state: str, conference: Conference) -> str:
    # role="timer" is read on demand and never announced by itself: screen readers are not told every
    # second. Hidden until the script fills it, so without JavaScript no "--" placeholders show; where
    # scripts run, its room is kept from the first paint (`vd-timer--due`) so nothing below it jumps,
    # unless the conference was over when the site was built, or is running with no end to count to.
    due = " vd-timer--due" if state != "past" and (state != "live" or conference.end) else ""
    units = (("days", "ngày"), ("hours", "giờ"), ("minutes", "phút"), ("seconds", "giây"))
    cells = "".join(f'<span class="vd-timer__cell"><span class="vd-timer__value" data-unit="{u}">--</span>'
                    f'<span class="vd-timer__unit">{label}</span></span>' for u, label in units)
    return (f'<div class="vd-timer{due}" role="timer" hidden><span class="vd-timer__caption" data-vd-caption>'
            f"Còn lại đến giờ khai mạc</span>{cells}</div>")


def conference_fragment(site: Site, now: dt.datetime, here: str) -> str:
    """The home page's teaser: state, title, date, place, and the ways to the conference pages."""
    conference = site.conference
    conf = conference.data
    state = conference_state(conference, now)
    links = [(page_url(COUNTDOWN_SRC), "Thông tin Hội nghị"), (page_url(PROGRAM_SRC), "Chương trình")]
    actions = "".join(f'<li><a href="{escape(relative(here, url))}">{label}</a></li>' for url, label in links)
    return (f'<section class="vd-event vd-event--{state}" aria-labelledby="vd-event-title" data-vd-countdown '
            f'{_data_attributes(conference)}>'
            f'<p class="vd-event__state" data-vd-state>{STATES[state]}</p>'
            f'<h2 id="vd-event-title">{escape(conf.title)}</h2>'
            f'<p class="vd-event__when">{when_html(conference)}</p>'
            f'<p class="vd-event__where">{escape(where_text(conf))}</p>'
            + (f'<p class="vd-event__delegates">Khoảng {escape(conf.delegates)} đại biểu</p>' if conf.delegates else "")
            + _timer(state, conference) + f'<ul class="vd-actions">{actions}</ul></section>')


def _speakers(session: Session, here: str) -> str:
    names = []
    for speaker, profile in session.speakers:
        name, src, role = speaker_parts(speaker, profile)
        link = f'<a href="{escape(relative(here, page_url(src)))}">{escape(name)}</a>' if src else escape(name)
        names.append(link + (f' <span class="vd-session__role">{escape(role)}</span>' if role else ""))
    return f'<p class="vd-session__speakers">{"; ".join(names)}</p>' if names else ""


def _session(session: Session, conference: Conference, here: str) -> str:
    zone = conference.zone
    start, end = session.start.astimezone(zone), session.end.astimezone(zone)
    notes = f'<p class="vd-session__notes">{escape(session.item.notes)}</p>' if session.item.notes else ""
    return (f'<li class="vd-session vd-session--{session.item.kind}" data-start="{start.isoformat()}" '
            f'data-end="{end.isoformat()}"><p class="vd-session__time">'
            f'<time datetime="{start.isoformat()}">{start:%H:%M}</time>'
            f'<span aria-hidden="true"> – </span><span class="vd-visually-hidden"> đến </span>'
            f'<time datetime="{end.isoformat()}">{end:%H:%M}</time></p>'
            f'<div class="vd-session__body"><p class="vd-session__kind">{escape(session.kind_label)}'
            f'<span class="vd-session__badge" data-vd-badge></span></p>'
            f'<h2 class="vd-session__title">{escape(session.title)}</h2>{_speakers(session, here)}{notes}</div></li>')


def _downloads(here: str, qr: bool = False) -> str:
    links = [(CALENDAR_URI, "Thêm vào lịch (.ics)", "calendar"),
             (PROGRAM_ICS_URI, "Chương trình dạng lịch (.ics)", "program-ics"),
             (PROGRAM_JSON_URI, "Dữ liệu chương trình (JSON)", "program-json")]
    if qr:
        links.append((PROGRAM_QR, "Tải mã QR của chương trình (PNG)", "program-qr"))
    return '<ul class="vd-actions vd-no-print">' + "".join(
        f'<li><a href="{escape(relative(here, uri))}" download data-vd-link="{key}">{label}</a></li>'
        for uri, label, key in links) + "</ul>"


def render_countdown_page(site: Site, now: dt.datetime) -> Page:
    """The conference page: a live countdown, with a distinct state before, on the day, during and after."""
    conference = site.conference
    conf = conference.data
    here = page_url(COUNTDOWN_SRC)
    state = conference_state(conference, now)
    map_url = safe_url(conf.venue.map_url) if conf.venue and conf.venue.map_url else None
    venue_link = f' <a href="{escape(map_url)}" rel="noopener">Chỉ đường</a>' if map_url else ""
    recap = f'<p class="vd-countdown__recap">{escape(conf.recap)}</p>' if conf.recap else ""
    links = [(page_url(PROGRAM_SRC), "Xem chương trình"), (page_url(index_src(EXEMPLARS)), "Các điển hình tiên tiến")]
    actions = "".join(f'<li><a href="{escape(relative(here, url))}">{label}</a></li>' for url, label in links)
    body = (
        f'<div class="vd-countdown vd-countdown--{state}" data-vd-countdown {_data_attributes(conference)}>'
        # Announced politely when the state changes (never on each tick).
        f'<p class="vd-countdown__state" data-vd-state aria-live="polite">{STATES[state]}</p>'
        f"<h1>{escape(conf.title)}</h1>"
        f'<p class="vd-countdown__when">{when_html(conference)}</p>'
        f'<p class="vd-countdown__where">{escape(where_text(conf))}.{venue_link}</p>'
        f"{_timer(state, conference)}"
        f'<div class="vd-countdown__after" data-vd-after{"" if state == "past" else " hidden"}>{recap}</div>'
        f'<ul class="vd-actions">{actions}</ul>{_downloads(here)}'
        f'<p class="vd-countdown__embed">Nhúng đồng hồ đếm ngược vào trang khác: '
        f'<a href="{escape(relative(here, EMBED_URI))}">{escape(EMBED_URI)}</a> (dùng trong thẻ iframe).</p>'
        "</div>"
    )
    meta = {"title": "Hội nghị điển hình tiên tiến", "template": "conference.html",
            "description": f"{format_instant(conference.start)}, {where_text(conf)}", "hide": ["navigation", "toc"]}
    return Page(COUNTDOWN_SRC, meta, body + "\n")


def _program_qr(here: str, site_url: str | None) -> str:
    """The QR code back to the program online, in the printed page's corner (on screen it is a download)."""
    if not site_url:
        return ""
    src = escape(relative(here, PROGRAM_QR))
    return (f'<figure class="vd-print-qr"><img src="{src}" alt="Mã QR dẫn tới chương trình trực tuyến" '
            f'width="116" height="116"><figcaption>Chương trình trực tuyến: '
            f"{escape(absolute(site_url, page_url(PROGRAM_SRC)))}</figcaption></figure>")


def render_program_page(site: Site, site_url: str | None = None) -> Page:
    """The program: a timeline of the half day, with speakers linked to their profiles."""
    conference = site.conference
    conf = conference.data
    here = page_url(PROGRAM_SRC)
    sessions = (f'<ol class="vd-timeline">{"".join(_session(s, conference, here) for s in conference.sessions)}</ol>'
                if conference.sessions else f'<p class="vd-program__pending">Chương trình chi tiết {TBA}.</p>')
    body = (
        f'<div class="vd-program" data-vd-program {_data_attributes(conference)}>{_program_qr(here, site_url)}'
        f'<p class="vd-program__kicker">{escape(conf.organiser)}</p>'
        f"<h1>Chương trình Hội nghị</h1>"
        f'<p class="vd-program__title">{escape(conf.title)}</p>'
        f'<p class="vd-program__when">{when_html(conference)}. {escape(where_text(conf))}.</p>'
        # The program itself first: on a phone the downloads would fill the first screen.
        f'{sessions}<section class="vd-program__downloads vd-no-print" aria-labelledby="vd-downloads">'
        f'<h2 id="vd-downloads">Tải về</h2>{_downloads(here, qr=bool(site_url))}</section>'
        "</div>"
    )
    meta = {"title": "Chương trình Hội nghị", "template": "conference.html",
            "description": f"Chương trình Hội nghị, {format_date(conference.start.date())}", "hide": ["navigation", "toc"]}
    return Page(PROGRAM_SRC, meta, body + "\n")


def render_embed(site: Site, now: dt.datetime) -> Asset:
    """A minimal countdown page for the e-portal to embed in an iframe."""
    conference = site.conference
    here = EMBED_URI
    css = relative(here, FONT_CSS)
    script = relative(here, SCRIPT)
    page = relative(here, page_url(COUNTDOWN_SRC))
    # The site's icon, or the browser asks for /favicon.ico at the host's root (a 404 on GitHub Pages).
    icon = relative(here, FAVICON)
    description = f"Đếm ngược đến {conference.data.title}, {format_date(conference.start.date())}, {where_text(conference.data)}."
    html = f"""<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<script>document.documentElement.className="vd-js"</script>
<title>Đếm ngược: {escape(conference.data.title)}</title>
<meta name="description" content="{escape(description)}">
<link rel="icon" href="{escape(icon)}" type="image/svg+xml">
<link rel="stylesheet" href="{escape(css)}">
<style>
body{{margin:0;font-family:"Be Vietnam Pro",system-ui,sans-serif;color:#1f1f24;background:#fff}}
.vd-embed{{padding:12px 16px;border-top:4px solid #a3161d}}
.vd-embed h1{{font-size:15px;line-height:1.35;margin:4px 0}}
.vd-embed p{{margin:4px 0;font-size:13px}}
.vd-embed__state{{display:inline-block;padding:1px 8px;border-radius:99px;background:#a3161d;color:#fff;font-weight:700;font-size:11px;text-transform:uppercase}}
.vd-timer{{display:flex;gap:8px;margin:8px 0}}
.vd-timer[hidden]{{display:none}}
.vd-js .vd-timer--due[hidden]{{display:flex;visibility:hidden}}
.vd-timer__cell{{display:flex;flex-direction:column;align-items:center;min-width:52px;padding:4px;border-radius:8px;background:#fbf3dc}}
.vd-timer__value{{font-size:22px;font-weight:700;color:#a3161d;font-variant-numeric:tabular-nums}}
.vd-timer__unit{{font-size:11px;color:#55555f}}
a{{color:#a3161d}}
a:focus-visible{{outline:3px solid #7d0f15;outline-offset:2px}}
</style>
</head>
<body>
<main class="vd-embed" data-vd-countdown {_data_attributes(conference)}>
<p><span class="vd-embed__state" data-vd-state aria-live="polite">{STATES[conference_state(conference, now)]}</span></p>
<h1>{escape(conference.data.title)}</h1>
<p>{when_html(conference)}</p>
{_timer(conference_state(conference, now), conference)}
<p><a href="{escape(page)}" target="_blank" rel="noopener">Xem chương trình và thông tin Hội nghị</a></p>
</main>
<script src="{escape(script)}"></script>
</body>
</html>
"""
    return Asset(EMBED_URI, content=html.encode())


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


def render_conference(site: Site, now: dt.datetime, site_url: str | None = None,
                      stamp: dt.datetime | None = None) -> tuple[list[Page], list[Asset]]:
    """Every page and file of the conference; `stamp` is the calendars' `DTSTAMP` (the build's time)."""
    pages = [render_countdown_page(site, now), render_program_page(site, site_url)]
    assets = [render_embed(site, now), *render_calendars(site, stamp or now), render_program_json(site)]
    return pages, assets


def render_banner(site: Site, now: dt.datetime) -> str | None:
    """The site-wide countdown banner, while the conference file asks for it and it has not ended.

    Its link is the conference page's address from the site's root (`hoi-nghi/`), made relative to each page
    by the theme.
    """
    conference = site.conference
    if not conference.data.banner or conference.is_over(now):
        return None
    state = conference_state(conference, now)
    return (f'<div class="vd-banner vd-banner--{state}" data-vd-countdown {_data_attributes(conference)}>'
            f'<a href="{page_url(COUNTDOWN_SRC)}"><strong data-vd-state>{STATES[state]}</strong> '
            f'<span class="vd-banner__title">{escape(conference.data.title)}</span> <span class="vd-banner__when">{when_html(conference)}</span></a>'
            f"{_timer(state, conference)}</div>")
