"""Render: a validated `Site` -> the generated pages and assets, as plain data.

Pages are Markdown files whose body is one block of HTML written here (Python-Markdown passes it through
untouched), with front matter choosing a theme template. Links are relative, computed here, so the site
works from any sub-path. Every value from a profile is escaped for the context it is written into.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from html import escape

from .images import RenditionCache
from .media import Media
from .model import LEVEL_LABELS, UNIT_GROUP_LABELS, Profile, Site
from .pages import (
    Asset,
    Output,
    Page,
    format_date,
    front_matter,
    page_url,
    profile_src,
    relative,
)
from .render_conference import conference_fragment, render_conference
from .render_opendata import json_ld, render_feeds, render_open_data
from .search import search_terms_html
from .text import collation_key, initials

PAGE_SIZE = 48
"""Cards per listing page: a phone scrolls through it comfortably."""

# --- pieces ---------------------------------------------------------------------------------------------

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


def _sample_note(profile: Profile) -> str:
    if not profile.data.sample:
        return ""
    return ('<p class="vd-sample" role="note" data-pagefind-ignore><strong>Hồ sơ mẫu.</strong> Nhân vật, đơn vị và nội dung '
            'là hư cấu, dùng để minh họa cách trình bày.</p>')


AWARD_COLUMNS = ("Danh hiệu, hình thức", "Số quyết định", "Ngày", "Cấp quyết định")


def _awards_table(profile: Profile) -> str:
    rows = []
    for item in profile.awards:
        award = item.award
        when = format_date(award.date) if award.date else (str(award.year) if award.year else "")
        cells = zip(AWARD_COLUMNS, (escape(item.wording), escape(award.decision or ""), when,
                                    escape(award.issuer or "")), strict=True)
        # data-label lets narrow screens show each row as a labelled block instead of four thin columns.
        rows.append("<tr>" + "".join(f'<td data-label="{label}">{value}</td>' for label, value in cells) + "</tr>")
    return ('<div class="vd-table"><table class="vd-awards"><caption class="vd-visually-hidden">Danh hiệu và hình thức khen '
            f'thưởng của {escape(profile.name)}</caption><thead><tr>'
            + "".join(f'<th scope="col">{label}</th>' for label in AWARD_COLUMNS)
            + f'</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _facts(profile: Profile, here: str) -> str:
    data = profile.data
    facts = []
    if data.birth_year:
        facts.append(("Năm sinh", str(data.birth_year)))
    if data.position:
        facts.append(("Chức vụ" if profile.kind == "individual" else "Vị trí", escape(data.position)))
    unit_link = escape(relative(here, page_url(f"don-vi/{profile.unit.id}.md")))
    facts.append(("Đơn vị", f'<a href="{unit_link}">{escape(profile.unit.name)}</a>'))
    if data.headcount:
        facts.append(("Số người", f"{data.headcount:,}".replace(",", ".")))
    # The spaces keep terms and values apart for the search index (the grid ignores them on screen).
    return '<dl class="vd-facts">' + "".join(f"<dt>{k}</dt> <dd>{v}</dd> " for k, v in facts) + "</dl>"


def _section(title: str, body: str, css: str) -> str:
    return f'<section class="vd-section vd-section--{css}"><h2>{title}</h2>{body}</section>'


def render_profile_page(profile: Profile, site: Site, photos: Media) -> Page:
    """The page of one profile."""
    src = profile_src(profile)
    here = page_url(src)
    data = profile.data
    alt = data.photo_alt or f"Ảnh chân dung {profile.name}"
    picture = (photos.picture(profile, "portrait", lambda uri: relative(here, uri), alt=alt,
                              css_class="vd-profile__image", lazy=False, priority=True)
               or placeholder(profile, "vd-profile__placeholder"))
    honorific = f'<span class="vd-profile__honorific">{escape(data.honorific)}</span> ' if data.honorific else ""
    top = profile.top_award
    badge = f'<p class="vd-badge">{escape(top.wording)}</p>' if top else ""
    parts = [
        # Only profiles are indexed for search (listings and navigation are not). A <div>: Material's
        # content is already the page's <article>.
        f'<div class="vd-profile vd-profile--{profile.kind}" data-pagefind-body>',
        _sample_note(profile),
        f'<header class="vd-profile__header"><figure class="vd-profile__photo">{picture}</figure>',
        f'<div class="vd-profile__intro"><p class="vd-profile__kind">{profile.kind_label} điển hình tiên tiến</p>',
        f"<h1>{honorific}{escape(profile.display_name)}</h1>{badge}{_facts(profile, here)}</div></header>",
    ]
    if data.quote:
        parts.append(f'<blockquote class="vd-quote"><p>{escape(data.quote)}</p></blockquote>')
    if data.highlights:
        items = "".join(f"<li>{escape(h)}</li>" for h in data.highlights)
        parts.append(_section("Thành tích nổi bật", f'<ul class="vd-highlights">{items}</ul>', "highlights"))
    story = photos.story_html(profile, lambda uri: relative(here, uri))
    if story.strip():
        parts.append(_section("Câu chuyện", f'<div class="vd-story">{story}</div>', "story"))
    if profile.awards:
        parts.append(_section("Khen thưởng", _awards_table(profile), "awards"))
    if data.members:
        parts.append(_section("Thành viên tiêu biểu", _members(profile, site, here), "members"))
    if data.paper:
        summary = f"<p>{escape(data.paper.summary)}</p>" if data.paper.summary else ""
        parts.append(_section("Tham luận tại Hội nghị",
                              f'<p class="vd-paper__title">{escape(data.paper.title)}</p>{summary}', "paper"))
    if profile.movements:
        chips = "".join(f'<li><a href="{escape(relative(here, page_url(f"phong-trao/{m.id}.md")))}">'
                        f"{escape(m.name)}</a></li>" for m in profile.movements)
        parts.append(_section("Phong trào thi đua", f'<ul class="vd-chips">{chips}</ul>', "movements"))
    parts.append(photos.share_section(profile, profile.display_name, here, lambda uri: relative(here, uri)))
    thumbnail = photos.url(profile, "thumbnail")
    parts.append(search_terms_html(profile, profile.display_name, thumbnail[0] if thumbnail else None))
    parts.append("</div>")
    description = ", ".join(x for x in (data.position, profile.unit.name) if x)
    if top:
        description += f". {top.wording}"
    head = photos.head(profile, profile.display_name, description, here, site.conference.data.campaign)
    head += json_ld(profile, site, photos.site_url)
    meta = front_matter(title=profile.name, description=description, template="profile.html",
                        hide=["navigation", "toc"], vinhdanh_head=head)
    return Page(src, meta + "\n".join(p for p in parts if p) + "\n")


def _members(profile: Profile, site: Site, here: str) -> str:
    published = site.published_by_id
    items = []
    for member in profile.data.members:
        role = f'<span class="vd-member__role">{escape(member.role)}</span>' if member.role else ""
        linked = published.get(member.profile) if member.profile else None
        if linked:
            link = escape(relative(here, page_url(profile_src(linked))))
            items.append(f'<li><a href="{link}">{escape(linked.display_name)}</a> {role}</li>')
        elif member.name:
            items.append(f"<li><span>{escape(member.name)}</span> {role}</li>")
    return f'<ul class="vd-members">{"".join(items)}</ul>'


# --- listings -------------------------------------------------------------------------------------------

def _pager(base: str, page: int, pages: int, here: str) -> str:
    if pages <= 1:
        return ""

    def src(n: int) -> str:
        return f"{base}/index.md" if n == 1 else f"{base}/trang-{n}.md"

    links = []
    for n in range(1, pages + 1):
        url = escape(relative(here, page_url(src(n))))
        current = ' aria-current="page"' if n == page else ""
        links.append(f'<li><a href="{url}"{current}>{n}</a></li>')
    return f'<nav class="vd-pager" aria-label="Phân trang"><ul>{"".join(links)}</ul></nav>'


def render_listing(base: str, title: str, intro: str, profiles: list[Profile], photos: Media,
                   nav: Callable[[str], str] | None = None) -> list[Page]:
    """A listing split into pages of `PAGE_SIZE` cards: `base/index.md`, `base/trang-2.md`, ..."""
    pages = max(1, math.ceil(len(profiles) / PAGE_SIZE))
    out = []
    for n in range(1, pages + 1):
        src = f"{base}/index.md" if n == 1 else f"{base}/trang-{n}.md"
        here = page_url(src)
        chunk = profiles[(n - 1) * PAGE_SIZE: n * PAGE_SIZE]
        heading = escape(title) + (f" <small>(trang {n}/{pages})</small>" if pages > 1 else "")
        count = f'<p class="vd-count">{len(profiles)} hồ sơ</p>'
        body = (f'<div class="vd-listing"><h1>{heading}</h1>{intro}{nav(here) if nav else ""}{count}'
                f'{card_grid(chunk, photos, here) if chunk else "<p>Chưa có hồ sơ nào.</p>"}'
                f"{_pager(base, n, pages, here)}</div>")
        meta = front_matter(title=title if n == 1 else f"{title} (trang {n})", template="listing.html",
                            hide=["navigation", "toc"])
        out.append(Page(src, meta + body + "\n"))
    return out


def _kind_nav(current: str) -> Callable[[str], str]:
    """Tabs between the listings of everyone, individuals and collectives; `current` is the shown one."""
    def nav(here: str) -> str:
        items = []
        for base, label in (("dien-hinh", "Tất cả"), ("dien-hinh/ca-nhan", "Cá nhân"),
                            ("dien-hinh/tap-the", "Tập thể")):
            mark = ' aria-current="page"' if base == current else ""
            url = escape(relative(here, page_url(f"{base}/index.md")))
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
    meta = front_matter(title=title, template="listing.html", hide=["navigation", "toc"])
    return Page(src, meta + f'<div class="vd-listing"><h1>{escape(title)}</h1>{intro}{"".join(sections)}</div>\n')


def render_listings(site: Site, photos: Media) -> list[Page]:
    """All listings: every exemplar, by kind, by unit, by movement and by award title."""
    pages: list[Page] = []
    everyone = site.profiles
    pages += render_listing("dien-hinh", "Điển hình tiên tiến",
                            "<p>Các cá nhân, tập thể điển hình tiên tiến, xếp theo thứ bậc khen thưởng.</p>",
                            everyone, photos, _kind_nav("dien-hinh"))
    for kind, slug, label in (("individual", "ca-nhan", "Cá nhân"), ("collective", "tap-the", "Tập thể")):
        pages += render_listing(f"dien-hinh/{slug}", f"{label} điển hình tiên tiến", "",
                                [p for p in everyone if p.kind == kind], photos, _kind_nav(f"dien-hinh/{slug}"))

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
        entries = [(f"don-vi/{u.id}.md", u.name, len(by_unit.get(u.id, []))) for u in units if u.group == group]
        if entries:
            groups.append((label, entries))
    pages.append(_index_page("don-vi/index.md", "Theo đơn vị",
                             "<p>Mỗi đơn vị giới thiệu một cá nhân hoặc một tập thể tiêu biểu.</p>", groups))
    for unit in units:
        pages += _single(f"don-vi/{unit.id}.md", unit.name, by_unit.get(unit.id, []), photos)

    movements = site.registries.movements.entries
    pages.append(_index_page("phong-trao/index.md", "Theo phong trào thi đua", "", [
        ("", [(f"phong-trao/{m.id}.md", m.name, len(by_movement.get(m.id, []))) for m in movements])]))
    for movement in movements:
        intro = f"<p>{escape(movement.description)}</p>" if movement.description else ""
        pages += _single(f"phong-trao/{movement.id}.md", movement.name, by_movement.get(movement.id, []),
                         photos, intro)

    titles = sorted(site.registries.awards.entries, key=lambda t: (-t.rank, collation_key(t.name)))
    award_groups = []
    for level, label in LEVEL_LABELS.items():
        entries = [(f"khen-thuong/{t.id}.md", t.name, len(by_award.get(t.id, []))) for t in titles
                   if t.level == level]
        if entries:
            award_groups.append((f"Cấp {label}", entries))
    pages.append(_index_page("khen-thuong/index.md", "Theo danh hiệu, hình thức khen thưởng", "", award_groups))
    for title in titles:
        pages += _single(f"khen-thuong/{title.id}.md", title.name, by_award.get(title.id, []), photos)
    return pages


def _single(src: str, title: str, profiles: list[Profile], photos: Media, intro: str = "") -> list[Page]:
    """One category's page (`don-vi/x.md`), paged into `don-vi/x/trang-2.md` when long."""
    pages = render_listing(src[: -len(".md")], title, intro, profiles, photos)
    first = pages[0]
    return [Page(src, first.text), *pages[1:]]


# --- home page fragments --------------------------------------------------------------------------------

def render_fragments(site: Site, photos: Media, now: dt.datetime) -> dict[str, Callable[[str], str]]:
    """Fragments hand-written pages place with markers (`<!-- vinhdanh:featured -->`)."""
    conf = site.conference.data

    def conference(here: str) -> str:
        return conference_fragment(site, now, here)

    def featured(here: str) -> str:
        chosen = [p for p in site.profiles if p.data.featured][:6] or site.profiles[:6]
        return card_grid(chosen, photos, here, eager=6)

    def stats(here: str) -> str:
        individuals = sum(p.kind == "individual" for p in site.profiles)
        units = len({p.unit.id for p in site.profiles})
        movements = len({m.id for p in site.profiles for m in p.movements})
        figures = [(individuals, "cá nhân", "dien-hinh/ca-nhan/index.md"),
                   (len(site.profiles) - individuals, "tập thể", "dien-hinh/tap-the/index.md"),
                   (units, "đơn vị", "don-vi/index.md"), (movements, "phong trào thi đua", "phong-trao/index.md")]
        items = "".join(f'<li><a href="{escape(relative(here, page_url(src)))}"><strong>{n}</strong> '
                        f"<span>{label}</span></a></li>" for n, label, src in figures)
        return f'<ul class="vd-stats">{items}</ul>'

    def campaign(here: str) -> str:
        tagline = f'<p class="vd-hero__tagline">{escape(conf.tagline)}</p>' if conf.tagline else ""
        return (f'<div class="vd-hero"><p class="vd-hero__organiser">{escape(conf.organiser)}</p>'
                f"<h1>{escape(conf.campaign)}</h1>{tagline}</div>")

    return {"campaign": campaign, "conference": conference, "featured": featured, "stats": stats}


def render_site(site: Site, cache: RenditionCache, now: dt.datetime, site_url: str | None = None,
                built: dt.datetime | None = None) -> Output:
    """Render every generated page and asset of `site`; `site_url` is its public address, for absolute links.

    `now` decides the countdown's state; `built` is the time written into files as theirs (the calendar's
    `DTSTAMP`, an empty feed's date): the inputs' time, for a reproducible site (`build.build_time`).
    Raises InputError when a photo cannot be derived.
    """
    from .render_explorer import render_explorer  # it builds on this module's cards and listings

    built = built or now

    media = Media(cache, site_url)
    media.prepare(site, {p.id: page_url(profile_src(p)) for p in site.profiles})
    pages = [render_profile_page(p, site, media) for p in site.profiles]
    pages += render_listings(site, media)
    explorer_pages, explorer_assets = render_explorer(site, media)
    conference_pages, conference_assets = render_conference(site, now, site_url, built)
    fragments = render_fragments(site, media, now)
    assets = [Asset(a.uri, a.source) for a in media.assets.values()]
    assets += explorer_assets + conference_assets + render_open_data(site) + render_feeds(site, site_url, built)
    return Output(pages + explorer_pages + conference_pages, assets, fragments)
