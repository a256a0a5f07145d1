"""The writing contest's pages (cuộc thi viết): the index of rounds, a page per round whose results are public
(its prizes and entries) and a page per entry (its text, sanitised when loaded, and the profile it is about).

Python builds contexts (plain values); the fragments `contest-index.html`, `contest-round.html` and
`contest-entry.html` write them, escaped. Links are site paths the fragments make relative (`url`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from markupsafe import Markup

from .derive import Media, Picture
from .model import PRIZES, ContestEntry, ContestRound, Site
from .output import Page
from .routes import CONTEST, contest_entry_src, contest_round_src, index_src, page_url, profile_src, relative
from .templates import Templates
from .text import initials

PHOTO_SIZES = "(max-width: 44.9375em) 100vw, 700px"
"""CSS widths an entry's photo is shown at, for the browser to pick from `srcset` (an article's cover's)."""


@dataclass(frozen=True)
class EntryLine:
    """An entry as listed on its round's page, or shown on its own page."""

    url: str
    """The entry page's site path."""
    title: str
    author: str
    """The author's name, or "(chưa công bố)" without consent."""
    author_url: str
    """The site path of the author's published profile (`author_profile`), or "" (nor without consent)."""
    unit: str
    result: str
    """The prize's label, or "Không đạt giải"."""
    about: str
    """The name of the exemplar written about ("" when not known)."""
    about_url: str
    """The site path of their published profile, or ""."""
    received: dt.date
    sample: bool


@dataclass(frozen=True)
class PrizeGroup:
    """The entries of one prize level on a round's page."""

    label: str
    entries: list[EntryLine]


@dataclass(frozen=True)
class RoundLine:
    """A round on the index: its page's path ("" while its results are not public)."""

    url: str
    title: str
    count: int
    results_on: dt.date | None


def _line(entry: ContestEntry, contest_round: ContestRound, site: Site) -> EntryLine:
    profile = site.published_by_id.get(entry.data.profile) if entry.data.profile else None
    about = profile.display_name if profile else (entry.data.about or "")
    author = site.published_by_id.get(entry.data.author_profile) if entry.data.author_profile else None
    author_url = page_url(profile_src(author)) if author is not None and entry.data.consent else ""
    return EntryLine(page_url(contest_entry_src(contest_round.id, entry.id)), entry.title, entry.author_shown,
                     author_url,
                     entry.data.unit, entry.result_label, about, page_url(profile_src(profile)) if profile else "",
                     entry.data.received, entry.data.sample or contest_round.data.sample)


def _linker(here: str) -> Callable[[str], str]:
    """Links from the page at `here`."""
    return lambda uri: relative(here, uri)


def _groups(lines: list[tuple[ContestEntry, EntryLine]]) -> list[PrizeGroup]:
    """Entries by prize, highest first; those without a prize last ("Các bài dự thi khác")."""
    groups = [PrizeGroup(label, [line for e, line in lines if e.data.result == key]) for key, label in PRIZES.items()]
    groups.append(PrizeGroup("Các bài dự thi khác", [line for e, line in lines if e.data.result is None]))
    return [g for g in groups if g.entries]


THUMBNAIL_SIZES = "96px"
"""The width of an entry's picture on its round's page."""


def _thumbnail(entry: ContestEntry, contest_round: ContestRound, site: Site, media: Media,
               here: str) -> Picture | str | None:
    """What is shown beside an entry on its round's page: the entry's own photo, else the photo of the published
    profile it is about, else that profile's initials (as its cards show them); None without a profile."""
    link = _linker(here)
    picture = media.photo_context(entry.photo, f"cuoc-thi-viet-{contest_round.id}-{entry.id}", link, THUMBNAIL_SIZES)
    profile = site.published_by_id.get(entry.data.profile) if entry.data.profile else None
    if picture is None and profile is not None:
        picture = media.picture_context(profile, "thumbnail", link)
        if picture is None:
            return initials(profile.name)
    return replace(picture, sizes=THUMBNAIL_SIZES) if picture is not None else None


def render_contest(site: Site, media: Media, templates: Templates) -> list[Page]:
    """The index of rounds (always there: the navigation links it), and the pages of each round whose results
    are public and of its entries."""
    hide = ["navigation", "toc"]
    pages = []
    rounds = []
    for contest_round in site.contest:
        if not contest_round.published:
            rounds.append(RoundLine("", contest_round.title, len(contest_round.entries), contest_round.data.results_on))
            continue
        src = contest_round_src(contest_round.id)
        here = page_url(src)
        rounds.append(RoundLine(here, contest_round.title, len(contest_round.entries), contest_round.data.results_on))
        lines = [(e, _line(e, contest_round, site)) for e in contest_round.entries]
        pictures = {line.url: _thumbnail(entry, contest_round, site, media, here) for entry, line in lines}
        html = templates.render("contest-round.html", here=here, round=contest_round.data, groups=_groups(lines),
                                total=len(lines), index=page_url(index_src(CONTEST)), pictures=pictures)
        pages.append(Page(src, {"title": contest_round.title, "template": "listing.html", "hide": hide}, html + "\n"))
        for entry, line in lines:
            entry_here = line.url
            photo: Picture | None = media.photo_context(
                entry.photo, f"cuoc-thi-viet-{contest_round.id}-{entry.id}", _linker(entry_here), PHOTO_SIZES)
            html = templates.render("contest-entry.html", here=entry_here, entry=line, round_title=contest_round.title,
                                    round_url=here, body=Markup(entry.body_html),  # sanitised by nh3 when loaded
                                    photo=photo, photo_alt=entry.data.photo_alt or "")
            pages.append(Page(contest_entry_src(contest_round.id, entry.id),
                              {"title": entry.title, "template": "listing.html", "hide": hide}, html + "\n"))
    index = page_url(index_src(CONTEST))
    pages.insert(0, Page(index_src(CONTEST), {"title": "Cuộc thi viết", "template": "listing.html", "hide": hide},
                         templates.render("contest-index.html", here=index, rounds=rounds) + "\n"))
    return pages
