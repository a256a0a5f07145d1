"""The render stage: a loaded `Site` and its derived files -> the generated pages and assets, as plain data.

Pages are Markdown files whose body is one block of HTML written here (Python-Markdown passes it through
untouched), with front matter choosing a theme template. Links are relative (`routes.py`), so the site
works from any sub-path. Every value from a profile is escaped for the context it is written into.

This module writes the profile page and the home page's fragments and gathers the rest: listings
(`render_listings.py`), the explorer, the conference's pages and files, open data and feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from .derive import DerivedFiles, Media
from .model import Profile, Site
from .output import Asset, Output, Page
from .render_conference import conference_fragment, render_conference
from .render_explorer import render_explorer
from .render_listings import card_grid, placeholder, render_listings
from .render_opendata import json_ld, render_feeds, render_open_data
from .routes import KIND_FOLDERS, MOVEMENTS, UNITS, index_src, movement_src, page_url, profile_src, relative, unit_src
from .search import search_terms_html
from .templates import Templates
from .text import format_date

# --- the profile page -----------------------------------------------------------------------------------

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
    unit_link = escape(relative(here, page_url(unit_src(profile.unit.id))))
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
        chips = "".join(f'<li><a href="{escape(relative(here, page_url(movement_src(m.id))))}">'
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
    meta = {"title": profile.name, "description": description, "template": "profile.html", "hide": ["navigation", "toc"]}
    return Page(src, meta, "\n".join(p for p in parts if p) + "\n", head)


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


# --- home page fragments --------------------------------------------------------------------------------

def render_fragments(site: Site, photos: Media, now: dt.datetime, templates: Templates) -> dict[str, Callable[[str], str]]:
    """Fragments hand-written pages place with markers (`<!-- vinhdanh:featured -->`)."""
    conf = site.conference.data

    def conference(here: str) -> str:
        return conference_fragment(site, now, here, templates)

    def featured(here: str) -> str:
        chosen = [p for p in site.profiles if p.data.featured][:6] or site.profiles[:6]
        return card_grid(chosen, photos, here, eager=6)

    def stats(here: str) -> str:
        individuals = sum(p.kind == "individual" for p in site.profiles)
        units = len({p.unit.id for p in site.profiles})
        movements = len({m.id for p in site.profiles for m in p.movements})
        figures = [(individuals, "cá nhân", index_src(KIND_FOLDERS["individual"])),
                   (len(site.profiles) - individuals, "tập thể", index_src(KIND_FOLDERS["collective"])),
                   (units, "đơn vị", index_src(UNITS)), (movements, "phong trào thi đua", index_src(MOVEMENTS))]
        items = "".join(f'<li><a href="{escape(relative(here, page_url(src)))}"><strong>{n}</strong> '
                        f"<span>{label}</span></a></li>" for n, label, src in figures)
        return f'<ul class="vd-stats">{items}</ul>'

    def campaign(here: str) -> str:
        tagline = f'<p class="vd-hero__tagline">{escape(conf.tagline)}</p>' if conf.tagline else ""
        return (f'<div class="vd-hero"><p class="vd-hero__organiser">{escape(conf.organiser)}</p>'
                f"<h1>{escape(conf.campaign)}</h1>{tagline}</div>")

    return {"campaign": campaign, "conference": conference, "featured": featured, "stats": stats}


def render_site(site: Site, derived: DerivedFiles, now: dt.datetime, site_url: str | None = None,
                built: dt.datetime | None = None, templates: Templates | None = None) -> Output:
    """Every generated page and asset of `site`, whose derived files are `derived`; `site_url` is its public
    address, for absolute links; `templates` are the fragments that write the pages' HTML (None: the
    generator's own).

    A pure function of its arguments: it reads no clock, file or cache and writes nothing. `now` decides the
    countdown's state; `built` is the time written into files as theirs (the calendar's `DTSTAMP`, an empty
    feed's date): the inputs' time, for a reproducible site (`build.build_time`).
    """
    built = built or now
    templates = templates or Templates()
    media = Media(derived)
    pages = [render_profile_page(p, site, media) for p in site.profiles]
    pages += render_listings(site, media)
    explorer_pages, explorer_assets = render_explorer(site, media)
    conference_pages, conference_assets = render_conference(site, now, templates, site_url, built)
    fragments = render_fragments(site, media, now, templates)
    assets = [Asset(a.uri, a.source) for a in media.assets.values()]
    assets += explorer_assets + conference_assets + render_open_data(site) + render_feeds(site, site_url, built)
    return Output(pages + explorer_pages + conference_pages, assets, fragments)
