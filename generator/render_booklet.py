"""What the printed booklet (kỷ yếu) says, as plain data for its layout (`booklet.py`): a pure function.

Cover, the Board's introduction, the program, one chapter per published profile (in the site's order:
highest award first) and an index of names and units. Values are plain text, drawn as text; the only HTML is a
story's and the introduction's, sanitised when they were read (`stories.render_story`). The files a chapter
shows (portrait, QR code, story images) are named by their path in the derived files' cache, and `files`
lists every one: the layout reads nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .derive import Media
from .model import Paper, Profile, Site
from .render_conference import TBA, SessionContext, When, where_text
from .routes import absolute, page_url, profile_src
from .text import collation_key, initials, person_name_key

SIZES = ("A4", "A5")
"""Paper sizes the booklet is made for."""


@dataclass(frozen=True)
class Row:
    """A row of a chapter's awards table."""

    wording: str
    decision: str
    when: str
    issuer: str


@dataclass(frozen=True)
class Chapter:
    """One exemplar's pages (`booklet.html`): plain values, written escaped."""

    anchor: str
    """The chapter's id, which the table of contents and the index link to."""
    kind: str
    """`individual` or `collective` (the chapter's CSS modifier)."""
    kind_label: str
    name: str
    display_name: str
    honorific: str | None
    badge: str | None
    unit: str
    portrait: tuple[Path, int, int] | None
    """The portrait's JPEG rendition, its width and height; None: the initials are shown."""
    initials: str
    facts: list[tuple[str, str]]
    quote: str | None
    highlights: list[str]
    awards: list[Row]
    members: list[tuple[str, str | None]]
    """(name, role) of the collective's members."""
    paper: Paper | None
    movements: list[str]
    story: Markup
    address: str | None
    """The profile page's public address, printed under its QR code (none without the site's address)."""
    sample: bool


@dataclass(frozen=True)
class IndexEntry:
    """A line of the index: a name (or a unit) and the chapters it leads to."""

    name: str
    anchors: list[tuple[str, str]]
    """(anchor, what the line says of it): for a unit, its exemplars' names."""


@dataclass(frozen=True)
class Booklet:
    """What the booklet says, part by part."""

    campaign: str
    organiser: str
    title: str
    tagline: str | None
    when: str
    """"Từ 08:00 đến 11:30, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7)"."""
    where: str
    delegates: str | None
    intro: Markup
    sessions: list[SessionContext]
    chapters: list[Chapter]
    names: list[IndexEntry]
    units: list[IndexEntry]
    site_url: str | None
    built: str
    """The day the booklet was made, `19/6/2025`, on its last page."""
    files: frozenset[str]
    """The story images' files (paths, as the stories name them): the only ones a story may show."""
    tba: str = TBA


def anchor(profile: Profile) -> str:
    """The id of a profile's chapter."""
    return f"hs-{profile.slug}"


def chapter(profile: Profile, site: Site, media: Media, files: set[str]) -> Chapter:
    """The chapter of `profile`: what its page on the site says, for paper. Its story's images are named by
    their file (added to `files`), its links absolute under the site's address."""
    data = profile.data
    here = page_url(profile_src(profile))
    site_url = media.site_url

    def link(uri: str) -> str:
        published = media.assets.get(uri)
        if published is not None:  # a story image: its file, in the cache
            files.add(str(published.source))
            return str(published.source)
        return absolute(site_url, uri) if site_url else uri

    facts = []
    if data.birth_year:
        facts.append(("Năm sinh", str(data.birth_year)))
    if data.position:
        facts.append(("Chức vụ" if profile.kind == "individual" else "Vị trí", data.position))
    facts.append(("Đơn vị", profile.unit.name))
    if data.headcount:
        facts.append(("Số người", f"{data.headcount:,}".replace(",", ".")))
    published = site.published_by_id
    members = []
    for member in data.members:
        linked = published.get(member.profile) if member.profile else None
        if linked:
            members.append((linked.display_name, member.role))
        elif member.name:
            members.append((member.name, member.role))
    portrait = media.picture_context(profile, "portrait", lambda uri: uri)
    top = profile.top_award
    rows = [Row(a.wording, a.award.decision or "",
                f"{a.award.date:%d/%m/%Y}" if a.award.date else str(a.award.year or ""), a.award.issuer or "")
            for a in profile.awards]
    return Chapter(
        anchor=anchor(profile), kind=profile.kind, kind_label=profile.kind_label, name=profile.name, display_name=profile.display_name,
        honorific=data.honorific, badge=top.wording if top else None, unit=profile.unit.name,
        portrait=(media.assets[portrait.src].source, portrait.width, portrait.height) if portrait else None,
        initials=initials(profile.name),
        facts=facts, quote=data.quote, highlights=data.highlights, awards=rows, members=members, paper=data.paper,
        movements=[m.name for m in profile.movements], story=media.story_html(profile, link),
        address=absolute(site_url, here) if site_url else None,
        sample=data.sample)


def _name_key(profile: Profile) -> tuple:
    return person_name_key(profile.name) if profile.kind == "individual" else collation_key(profile.name)


def index_entries(site: Site) -> tuple[list[IndexEntry], list[IndexEntry]]:
    """The index: every name in Vietnamese order (individuals by given name, as lists of people are read),
    and every unit with its exemplars."""
    names = [IndexEntry(p.display_name, [(anchor(p), "")]) for p in sorted(site.profiles, key=_name_key)]
    by_unit: dict[str, list[Profile]] = {}
    for profile in site.profiles:
        by_unit.setdefault(profile.unit.id, []).append(profile)
    units = []
    for group in sorted(by_unit.values(), key=lambda g: collation_key(g[0].unit.name)):
        units.append(IndexEntry(group[0].unit.name, [(anchor(p), p.display_name) for p in sorted(group, key=_name_key)]))
    return names, units


def when_text(when: When) -> str:
    """The conference's time in words, as `when.html` writes it, without markup."""
    text = f"Từ {when.start.shown}" + (f" đến {when.end.shown}" if when.end else "")
    text += (f", {when.day}" if when.day else "") + f", {when.zone}"
    return text + ("" if when.end else f"; giờ kết thúc {TBA}")


def booklet_context(site: Site, media: Media, intro: Markup, built: dt.date) -> Booklet:
    """What the booklet of `site` says.

    `media` holds the derived files (portraits, QR codes: with the site's address, else none), `intro` the
    Board's introduction, sanitised. Only published profiles are in `site.profiles`: drafts, scheduled
    profiles and people without consent are never in it (`load.py` decides).
    """
    conference = site.conference
    conf = conference.data
    names, units = index_entries(site)
    files: set[str] = set()
    chapters = [chapter(p, site, media, files) for p in site.profiles]
    return Booklet(
        campaign=conf.campaign, organiser=conf.organiser, title=conf.title, tagline=conf.tagline,
        when=when_text(When.of(conference)), where=where_text(conf), delegates=conf.delegates, intro=intro,
        sessions=[SessionContext.of(s, conference.zone) for s in conference.sessions], chapters=chapters,
        names=names, units=units, site_url=media.site_url, built=f"{built.day}/{built.month}/{built.year}",
        files=frozenset(files))
