"""Render the listings: cards of profiles in paged grids, by kind, unit, movement and award title.

A card shows a profile's thumbnail (or its initials), kind, name, position, unit and highest award, and links
to its page. Every listing is paged (`PAGE_SIZE` cards a page: `base/index.md`, `base/trang-2.md`...) so that
a phone scrolls through a page comfortably and every profile is reachable by links alone.

This module builds the contexts (`Card`, `Tab`, `Category`); the fragments write them: `card.html` (the one
card of the site, also the explorer's script's), `listing.html` with `tabs.html` and `pager.html`, `index.html`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from .derive import Media
from .model import KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, Profile, Site
from .output import Page
from .routes import (
    AWARDS,
    EXEMPLARS,
    KIND_FOLDERS,
    MOVEMENTS,
    UNITS,
    award_src,
    index_src,
    listing_src,
    movement_src,
    page_url,
    profile_src,
    relative,
    unit_src,
)
from .templates import Templates
from .text import collation_key, initials

PAGE_SIZE = 48
"""Cards per listing page: a phone scrolls through it comfortably. The explorer's script reads it too."""

# --- cards ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    """What a listing card shows of one profile: the context of `card.html`."""

    url: str
    """The profile page's site path (`ho-so/an/`)."""
    kind: str
    """`individual` or `collective`, the card's modifier class; empty on the explorer's blank card."""
    kind_label: str
    name: str
    """The name as displayed, with its title (`TS. Trần Thị Ngọc Ánh`)."""
    meta: str
    """The position and the unit's short name, as one line."""
    award: str
    """The wording of the highest award, or empty."""
    initials: str
    """What the placeholder shows when there is no photo."""
    picture: Markup | None
    """The thumbnail's `<picture>`, or None: the placeholder is shown."""


BLANK_CARD = Card(url="", kind="", kind_label="", name="", meta="", award="", initials="", picture=None)
"""The explorer's card: `card.html` writes it with every part empty, for its script to fill."""


def card_context(profile: Profile, photos: Media, here: str, *, lazy: bool = True) -> Card:
    """The card of `profile` on the page at `here`; its picture loads lazily unless `lazy` is false."""
    picture = photos.picture(profile, "thumbnail", lambda uri: relative(here, uri), alt="",
                             css_class="vd-card__photo", lazy=lazy)
    top = profile.top_award
    return Card(url=page_url(profile_src(profile)), kind=profile.kind, kind_label=profile.kind_label,
                name=profile.display_name,
                meta=", ".join(x for x in (profile.data.position, profile.unit.short_name or profile.unit.name) if x),
                award=top.wording if top else "", initials=initials(profile.name),
                picture=Markup(picture) if picture else None)  # picture HTML from derive.Media, escaped there


def card_contexts(profiles: Iterable[Profile], photos: Media, here: str, eager: int = 4) -> list[Card]:
    """Cards of `profiles` on the page at `here`; the first `eager` pictures load at once (above the fold)."""
    return [card_context(p, photos, here, lazy=i >= eager) for i, p in enumerate(profiles)]


# --- listings -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tab:
    """A tab between listings: the context of `tabs.html`."""

    url: str
    """The listing's site path."""
    label: str
    current: bool
    """Whether it is the listing shown."""


@dataclass(frozen=True)
class Category:
    """A category in an index (a unit, a movement, an award title): the context of `index.html`."""

    url: str
    """Its listing's site path."""
    label: str
    count: int
    """How many profiles it lists."""


def render_listing(base: str, title: str, intro: str, profiles: list[Profile], photos: Media, templates: Templates,
                   *, tabs: list[Tab] | None = None, fragment: str = "listing.html", **context: Any) -> list[Page]:
    """A listing split into pages of `PAGE_SIZE` cards: `base/index.md`, `base/trang-2.md`, ...

    `intro` is a paragraph of text; `fragment` writes each page (the explorer's extends `listing.html`) with
    the listing's context and `context`.
    """
    pages = max(1, math.ceil(len(profiles) / PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        src = listing_src(base, n)
        here = page_url(src)
        chunk = profiles[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        html = templates.render(fragment, here=here, base=base, title=title, intro=intro, number=n, pages=pages,
                                total=len(profiles), cards=card_contexts(chunk, photos, here), tabs=tabs, **context)
        meta = {"title": title if n == 1 else f"{title} (trang {n})", "template": "listing.html",
                "hide": ["navigation", "toc"]}
        out.append(Page(src, meta, html))
    return out


def _kind_tabs(current: str) -> list[Tab]:
    """Tabs between the listings of everyone, individuals and collectives; `current` is the shown one."""
    return [Tab(page_url(index_src(base)), label, base == current)
            for base, label in ((EXEMPLARS, "Tất cả"), (KIND_FOLDERS["individual"], KIND_LABELS["individual"]),
                                (KIND_FOLDERS["collective"], KIND_LABELS["collective"]))]


def _index_page(src: str, title: str, intro: str, groups: list[tuple[str, list[Category]]],
                templates: Templates) -> Page:
    """An index of categories (units, movements, award titles) with their counts, under headings (or "")."""
    html = templates.render("index.html", here=page_url(src), title=title, intro=intro, groups=groups)
    meta = {"title": title, "template": "listing.html", "hide": ["navigation", "toc"]}
    return Page(src, meta, html)


def render_listings(site: Site, photos: Media, templates: Templates) -> list[Page]:
    """All listings: every exemplar, by kind, by unit, by movement and by award title."""
    pages: list[Page] = []
    everyone = site.profiles
    pages += render_listing(EXEMPLARS, "Điển hình tiên tiến",
                            "Các cá nhân, tập thể điển hình tiên tiến, xếp theo thứ bậc khen thưởng.",
                            everyone, photos, templates, tabs=_kind_tabs(EXEMPLARS))
    for kind, folder in KIND_FOLDERS.items():
        pages += render_listing(folder, f"{KIND_LABELS[kind]} điển hình tiên tiến", "",
                                [p for p in everyone if p.kind == kind], photos, templates, tabs=_kind_tabs(folder))

    by_unit: dict[str, list[Profile]] = {}
    by_movement: dict[str, list[Profile]] = {}
    by_award: dict[str, list[Profile]] = {}
    for profile in everyone:  # already in the default order, which each group keeps
        by_unit.setdefault(profile.unit.id, []).append(profile)
        for movement in profile.movements:
            by_movement.setdefault(movement.id, []).append(profile)
        for award_id in dict.fromkeys(a.title.id for a in profile.awards):
            by_award.setdefault(award_id, []).append(profile)

    units = site.registries.units.entries
    groups = []
    for group, label in UNIT_GROUP_LABELS.items():
        entries = [Category(page_url(unit_src(u.id)), u.name, len(by_unit.get(u.id, []))) for u in units
                   if u.group == group]
        if entries:
            groups.append((label, entries))
    pages.append(_index_page(index_src(UNITS), "Theo đơn vị",
                             "Mỗi đơn vị giới thiệu một cá nhân hoặc một tập thể tiêu biểu.", groups, templates))
    for unit in units:
        pages += _single(unit_src(unit.id), unit.name, by_unit.get(unit.id, []), photos, templates)

    movements = site.registries.movements.entries
    pages.append(_index_page(index_src(MOVEMENTS), "Theo phong trào thi đua", "", [
        ("", [Category(page_url(movement_src(m.id)), m.name, len(by_movement.get(m.id, []))) for m in movements])],
        templates))
    for movement in movements:
        pages += _single(movement_src(movement.id), movement.name, by_movement.get(movement.id, []),
                         photos, templates, movement.description or "")

    titles = sorted(site.registries.awards.entries, key=lambda t: (-t.rank, collation_key(t.name)))
    award_groups = []
    for level, label in LEVEL_LABELS.items():
        entries = [Category(page_url(award_src(t.id)), t.name, len(by_award.get(t.id, []))) for t in titles
                   if t.level == level]
        if entries:
            award_groups.append((f"Cấp {label}", entries))
    pages.append(_index_page(index_src(AWARDS), "Theo danh hiệu, hình thức khen thưởng", "", award_groups,
                             templates))
    for title in titles:
        pages += _single(award_src(title.id), title.name, by_award.get(title.id, []), photos, templates)
    return pages


def _single(src: str, title: str, profiles: list[Profile], photos: Media, templates: Templates,
            intro: str = "") -> list[Page]:
    """One category's page (`don-vi/x.md`), paged into `don-vi/x/trang-2.md` when long."""
    pages = render_listing(src[: -len(".md")], title, intro, profiles, photos, templates)
    first = pages[0]
    return [replace(first, src_uri=src), *pages[1:]]
