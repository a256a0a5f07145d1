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
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .derive import Media
from .model import KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, Profile, Site
from .names import (
    Said,
    award_wording,
    display_name,
    movement_description,
    movement_name,
    position,
    title_name,
    unit_name,
)
from .output import Page
from .routes import (
    AWARDS,
    EXEMPLARS,
    KIND_FOLDERS,
    MOVEMENTS,
    UNITS,
    award_src,
    in_lang,
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
    name: Said | str
    """The name as displayed, with its title (`TS. Trần Thị Ngọc Ánh`)."""
    meta: tuple[Said, ...]
    """The position and the unit's short name, written as one line."""
    award: Said | str
    """The wording of the highest award, or empty."""
    initials: str
    """What the placeholder shows when there is no photo."""
    picture: Markup | None
    """The thumbnail's `<picture>`, or None: the placeholder is shown."""


BLANK_CARD = Card(url="", kind="", kind_label="", name="", meta=(), award="", initials="", picture=None)
"""The explorer's card: `card.html` writes it with every part empty, for its script to fill."""


def card_context(profile: Profile, photos: Media, here: str, *, lazy: bool = True, kind_label: str | None = None,
                 lang: str = "vi") -> Card:
    """The card of `profile` on the page at `here` in `lang`, whose kind reads `kind_label` (the Vietnamese
    label by default); its picture loads lazily unless `lazy` is false."""
    picture = photos.picture(profile, "thumbnail", lambda uri: relative(here, uri), alt="",
                             css_class="vd-card__photo", lazy=lazy)
    top = profile.top_award
    return Card(url=page_url(profile_src(profile)), kind=profile.kind, kind_label=kind_label or profile.kind_label,
                name=display_name(profile, lang),
                meta=tuple(x for x in (position(profile, lang), unit_name(profile.unit, lang, short=True)) if x),
                award=award_wording(top, lang, short=True) if top else "", initials=initials(profile.name),
                picture=Markup(picture) if picture else None)  # picture HTML from derive.Media, escaped there


def card_contexts(profiles: Iterable[Profile], photos: Media, here: str, eager: int = 4,
                  templates: Templates | None = None, lang: str = "vi") -> list[Card]:
    """Cards of `profiles` on the page at `here` in `lang` (its kind labels from `templates`' catalogue); the
    first `eager` pictures load at once (above the fold)."""
    labels = {kind: templates.t(label, lang) if templates else label for kind, label in KIND_LABELS.items()}
    return [card_context(p, photos, here, lazy=i >= eager, kind_label=labels[p.kind], lang=lang)
            for i, p in enumerate(profiles)]


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
    label: Said
    count: int
    """How many profiles it lists."""


def render_listing(base: str, title: str, intro: str, profiles: list[Profile], photos: Media, templates: Templates,
                   *, tabs: list[Tab] | None = None, fragment: str = "listing.html", lang: str = "vi",
                   **context: Any) -> list[Page]:
    """A listing in `lang` split into pages of `PAGE_SIZE` cards: `base/index.md`, `base/trang-2.md`, ... (under
    `en/` in English).

    `intro` is a paragraph of text; `fragment` writes each page (the explorer's extends `listing.html`) with
    the listing's context and `context`.
    """
    pages = max(1, math.ceil(len(profiles) / PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        src = in_lang(listing_src(base, n), lang)
        here = page_url(src)
        chunk = profiles[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]

        def make(chunk: list[Profile] = chunk, here: str = here, n: int = n) -> Markup:
            return templates.render(fragment, here=here, base=base, title=title, intro=intro, number=n, pages=pages,
                                    total=len(profiles), cards=card_contexts(chunk, photos, here, templates=templates,
                                                                             lang=lang),
                                    tabs=tabs, lang=lang, **context)

        def key(chunk: list[Profile] = chunk, here: str = here, n: int = n) -> tuple:
            return ("listing", fragment, here, base, title, intro, n, pages, len(profiles), tabs, lang, context,
                    [photos.token(p) for p in chunk])

        # In the live preview, kept by its cards' profiles: made again when one of them changed.
        html = photos.kept(make, key)
        meta = {"title": title if n == 1 else templates.t("{title} (trang {n})", lang, title=title, n=n),
                "template": "listing.html", "hide": ["navigation", "toc"]}
        out.append(Page(src, meta, html))
    return out


def _kind_tabs(current: str, templates: Templates, lang: str) -> list[Tab]:
    """Tabs between the listings of everyone, individuals and collectives; `current` is the shown one."""
    return [Tab(page_url(index_src(base)), label, base == current)
            for base, label in ((EXEMPLARS, templates.t("Tất cả", lang)),
                                (KIND_FOLDERS["individual"], templates.t(KIND_LABELS["individual"], lang)),
                                (KIND_FOLDERS["collective"], templates.t(KIND_LABELS["collective"], lang)))]


def _index_page(src: str, title: str, intro: str, groups: list[tuple[str, list[Category]]],
                templates: Templates, lang: str) -> Page:
    """An index of categories (units, movements, award titles) with their counts, under headings (or "")."""
    src = in_lang(src, lang)
    html = templates.render("index.html", here=page_url(src), title=title, intro=intro, groups=groups, lang=lang)
    meta = {"title": title, "template": "listing.html", "hide": ["navigation", "toc"]}
    return Page(src, meta, html)


KIND_TITLES = {"individual": "Cá nhân điển hình tiên tiến|listing", "collective": "Tập thể điển hình tiên tiến|listing"}
"""The title of each kind's listing (translated through the catalogue; a profile's heading says the same in
Vietnamese, in the singular in English)."""


def render_listings(site: Site, photos: Media, templates: Templates, lang: str = "vi") -> list[Page]:
    """All listings in `lang`: every exemplar, by kind, by unit, by movement and by award title."""
    def t(key: str, **values: Any) -> str:
        return templates.t(key, lang, **values)

    pages: list[Page] = []
    everyone = site.profiles
    pages += render_listing(EXEMPLARS, t("Điển hình tiên tiến"),
                            t("Các cá nhân, tập thể điển hình tiên tiến, xếp theo thứ bậc khen thưởng."),
                            everyone, photos, templates, tabs=_kind_tabs(EXEMPLARS, templates, lang), lang=lang)
    for kind, folder in KIND_FOLDERS.items():
        pages += render_listing(folder, t(KIND_TITLES[kind]), "", [p for p in everyone if p.kind == kind], photos,
                                templates, tabs=_kind_tabs(folder, templates, lang), lang=lang)

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
        entries = [Category(page_url(unit_src(u.id)), unit_name(u, lang), len(by_unit.get(u.id, []))) for u in units
                   if u.group == group]
        if entries:
            groups.append((t(label), entries))
    pages.append(_index_page(index_src(UNITS), t("Theo đơn vị"),
                             t("Mỗi đơn vị giới thiệu một cá nhân hoặc một tập thể tiêu biểu."), groups, templates, lang))
    for unit in units:
        pages += _single(unit_src(unit.id), unit_name(unit, lang).text, by_unit.get(unit.id, []), photos, templates,
                         lang=lang)

    movements = site.registries.movements.entries
    pages.append(_index_page(index_src(MOVEMENTS), t("Theo phong trào thi đua"), "", [
        ("", [Category(page_url(movement_src(m.id)), movement_name(m, lang), len(by_movement.get(m.id, [])))
              for m in movements])], templates, lang))
    for movement in movements:
        pages += _single(movement_src(movement.id), movement_name(movement, lang).text,
                         by_movement.get(movement.id, []), photos, templates,
                         movement_description(movement, lang).text, lang=lang)

    titles = sorted(site.registries.awards.entries, key=lambda t: (-t.rank, collation_key(t.name)))
    award_groups = []
    for level, label in LEVEL_LABELS.items():
        entries = [Category(page_url(award_src(a.id)), title_name(a, lang), len(by_award.get(a.id, [])))
                   for a in titles if a.level == level]
        if entries:
            award_groups.append((t("Cấp {level}", level=t(label)), entries))
    pages.append(_index_page(index_src(AWARDS), t("Theo danh hiệu, hình thức khen thưởng"), "", award_groups,
                             templates, lang))
    for title in titles:
        pages += _single(award_src(title.id), title_name(title, lang).text, by_award.get(title.id, []), photos,
                         templates, lang=lang)
    return pages


def _single(src: str, title: str, profiles: list[Profile], photos: Media, templates: Templates,
            intro: str = "", lang: str = "vi") -> list[Page]:
    """One category's page (`don-vi/x.md`), paged into `don-vi/x/trang-2.md` when long."""
    pages = render_listing(src[: -len(".md")], title, intro, profiles, photos, templates, lang=lang)
    first = pages[0]
    return [first.moved(in_lang(src, lang)), *pages[1:]]
