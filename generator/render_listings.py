"""Render the listings: cards of profiles in paged grids, by kind, unit, movement and award title.

A card shows a profile's thumbnail (or its initials), kind, name, position, unit and highest award, and links
to its page. Every listing is paged (`PAGE_SIZE` cards a page: `base/index.md`, `base/trang-2.md`...) so that
a phone scrolls through a page comfortably and every profile is reachable by links alone.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import replace
from html import escape

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
from .text import collation_key, initials

PAGE_SIZE = 48
"""Cards per listing page: a phone scrolls through it comfortably."""

# --- cards ---------------------------------------------------------------------------------------------

def placeholder(profile: Profile, css_class: str) -> str:
    """A portrait placeholder: the initials on the site's colours, as inline SVG (no request)."""
    return (f'<svg class="{css_class} vd-placeholder" viewBox="0 0 100 100" preserveAspectRatio="xMidYMid slice" aria-hidden="true" '
            f'focusable="false"><rect width="100" height="100"/><circle cx="50" cy="50" r="31"/>'
            f'<text x="50" y="50" dy=".35em" text-anchor="middle">{escape(initials(profile.name))}</text></svg>')


def card(profile: Profile, photos: Media, here: str, *, lazy: bool = True) -> str:
    """A listing card; the name is the link text, so the picture is decorative (empty alt)."""
    link = escape(relative(here, page_url(profile_src(profile))))
    picture = (photos.picture(profile, "thumbnail", lambda uri: relative(here, uri), alt="",
                              css_class="vd-card__photo", lazy=lazy) or placeholder(profile, "vd-card__photo"))
    meta = ", ".join(escape(x) for x in (profile.data.position, profile.unit.short_name or profile.unit.name) if x)
    award = profile.top_award
    award_html = f'<span class="vd-card__award">{escape(award.wording)}</span>' if award else ""
    return (f'<li class="vd-card vd-card--{profile.kind}"><a class="vd-card__link" href="{link}">{picture}'
            f'<span class="vd-card__body"><span class="vd-card__kind">{profile.kind_label}</span>'
            f'<span class="vd-card__name">{escape(profile.display_name)}</span>'
            f'<span class="vd-card__meta">{meta}</span>{award_html}</span></a></li>')


def card_grid(profiles: Iterable[Profile], photos: Media, here: str, eager: int = 4) -> str:
    """Cards in a grid; the first `eager` pictures load at once (above the fold), the rest lazily."""
    cards = [card(p, photos, here, lazy=i >= eager) for i, p in enumerate(profiles)]
    return f'<ul class="vd-grid">{"".join(cards)}</ul>'


# --- listings -------------------------------------------------------------------------------------------

def _pager(base: str, page: int, pages: int, here: str) -> str:
    if pages <= 1:
        return ""

    links = []
    for n in range(1, pages + 1):
        url = escape(relative(here, page_url(listing_src(base, n))))
        current = ' aria-current="page"' if n == page else ""
        links.append(f'<li><a href="{url}"{current}>{n}</a></li>')
    return f'<nav class="vd-pager" aria-label="Phân trang"><ul>{"".join(links)}</ul></nav>'


def render_listing(base: str, title: str, intro: str, profiles: list[Profile], photos: Media,
                   nav: Callable[[str], str] | None = None) -> list[Page]:
    """A listing split into pages of `PAGE_SIZE` cards: `base/index.md`, `base/trang-2.md`, ..."""
    pages = max(1, math.ceil(len(profiles) / PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        src = listing_src(base, n)
        here = page_url(src)
        chunk = profiles[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        heading = escape(title) + (f" <small>(trang {n}/{pages})</small>" if pages > 1 else "")
        count = f'<p class="vd-count">{len(profiles)} hồ sơ</p>'
        body = (f'<div class="vd-listing"><h1>{heading}</h1>{intro}{nav(here) if nav else ""}{count}'
                f'{card_grid(chunk, photos, here) if chunk else "<p>Chưa có hồ sơ nào.</p>"}'
                f"{_pager(base, n, pages, here)}</div>")
        meta = {"title": title if n == 1 else f"{title} (trang {n})", "template": "listing.html",
                "hide": ["navigation", "toc"]}
        out.append(Page(src, meta, body + "\n"))
    return out


def _kind_nav(current: str) -> Callable[[str], str]:
    """Tabs between the listings of everyone, individuals and collectives; `current` is the shown one."""
    def nav(here: str) -> str:
        items = []
        for base, label in ((EXEMPLARS, "Tất cả"), (KIND_FOLDERS["individual"], KIND_LABELS["individual"]),
                            (KIND_FOLDERS["collective"], KIND_LABELS["collective"])):
            mark = ' aria-current="page"' if base == current else ""
            url = escape(relative(here, page_url(index_src(base))))
            items.append(f'<li><a href="{url}"{mark}>{label}</a></li>')
        return f'<nav class="vd-tabs" aria-label="Lọc theo loại"><ul>{"".join(items)}</ul></nav>'
    return nav


def _index_page(src: str, title: str, intro: str, groups: list[tuple[str, list[tuple[str, str, int]]]]) -> Page:
    """An index of categories (units, movements, award titles) with their counts."""
    here = page_url(src)
    sections = []
    for heading, entries in groups:
        items = "".join(
            f'<li><a href="{escape(relative(here, page_url(target)))}"><span>{escape(label)}</span>'
            f'<span class="vd-index__count{" vd-index__count--zero" if not count else ""}">{count}</span></a></li>'
            for target, label, count in entries)
        head = f"<h2>{escape(heading)}</h2>" if heading else ""
        sections.append(f'{head}<ul class="vd-index">{items}</ul>')
    meta = {"title": title, "template": "listing.html", "hide": ["navigation", "toc"]}
    return Page(src, meta, f'<div class="vd-listing"><h1>{escape(title)}</h1>{intro}{"".join(sections)}</div>\n')


def render_listings(site: Site, photos: Media) -> list[Page]:
    """All listings: every exemplar, by kind, by unit, by movement and by award title."""
    pages: list[Page] = []
    everyone = site.profiles
    pages += render_listing(EXEMPLARS, "Điển hình tiên tiến",
                            "<p>Các cá nhân, tập thể điển hình tiên tiến, xếp theo thứ bậc khen thưởng.</p>",
                            everyone, photos, _kind_nav(EXEMPLARS))
    for kind, folder in KIND_FOLDERS.items():
        pages += render_listing(folder, f"{KIND_LABELS[kind]} điển hình tiên tiến", "",
                                [p for p in everyone if p.kind == kind], photos, _kind_nav(folder))

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
        entries = [(unit_src(u.id), u.name, len(by_unit.get(u.id, []))) for u in units if u.group == group]
        if entries:
            groups.append((label, entries))
    pages.append(_index_page(index_src(UNITS), "Theo đơn vị",
                             "<p>Mỗi đơn vị giới thiệu một cá nhân hoặc một tập thể tiêu biểu.</p>", groups))
    for unit in units:
        pages += _single(unit_src(unit.id), unit.name, by_unit.get(unit.id, []), photos)

    movements = site.registries.movements.entries
    pages.append(_index_page(index_src(MOVEMENTS), "Theo phong trào thi đua", "", [
        ("", [(movement_src(m.id), m.name, len(by_movement.get(m.id, []))) for m in movements])]))
    for movement in movements:
        intro = f"<p>{escape(movement.description)}</p>" if movement.description else ""
        pages += _single(movement_src(movement.id), movement.name, by_movement.get(movement.id, []),
                         photos, intro)

    titles = sorted(site.registries.awards.entries, key=lambda t: (-t.rank, collation_key(t.name)))
    award_groups = []
    for level, label in LEVEL_LABELS.items():
        entries = [(award_src(t.id), t.name, len(by_award.get(t.id, []))) for t in titles
                   if t.level == level]
        if entries:
            award_groups.append((f"Cấp {label}", entries))
    pages.append(_index_page(index_src(AWARDS), "Theo danh hiệu, hình thức khen thưởng", "", award_groups))
    for title in titles:
        pages += _single(award_src(title.id), title.name, by_award.get(title.id, []), photos)
    return pages


def _single(src: str, title: str, profiles: list[Profile], photos: Media, intro: str = "") -> list[Page]:
    """One category's page (`don-vi/x.md`), paged into `don-vi/x/trang-2.md` when long."""
    pages = render_listing(src[: -len(".md")], title, intro, profiles, photos)
    first = pages[0]
    return [replace(first, src_uri=src), *pages[1:]]


