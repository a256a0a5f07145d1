"""The render stage: a loaded `Site` and its derived files -> the generated pages and assets, as plain data.

Python builds contexts (plain values); the fragments of `theme/fragments/` (`templates.py`, autoescaped) turn
them into HTML, so every value from a profile is escaped by the engine where it is written. A page is its
front matter (title, theme template) and that HTML, which the engine places as the page's content. Links are
relative (`routes.py`), so the site works from any sub-path.

This module builds the profile page and the home page's fragments and gathers the rest: listings
(`render_listings.py`), the articles' pages (`render_articles.py`), the explorer, the conference's pages and files, the ceremony's slideshow, open data
and feeds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .derive import DerivedFiles, Media, Picture, Share
from .memo import Memo, call
from .model import Paper, Profile, Site
from .output import Asset, Output, Page
from .render_articles import ArticleLink, article_links, latest_fragment, render_articles
from .render_conference import conference_fragment, render_conference
from .render_contest import render_contest
from .render_explorer import render_explorer
from .render_listings import card_contexts, render_listings
from .render_opendata import linked_data, render_feeds, render_open_data
from .render_slideshow import render_slideshow
from .routes import KIND_FOLDERS, MOVEMENTS, UNITS, index_src, movement_src, page_url, profile_src, relative, unit_src
from .search import SearchTerms, search_terms_context
from .templates import Templates
from .text import initials

# --- the profile page -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Named:
    """Something the page names, with the site path of its page (None: not linked)."""

    name: str
    path: str | None = None
    note: str | None = None
    """What is said beside it: a member's role."""


@dataclass(frozen=True)
class Fact:
    """A line of the facts beside the portrait: "Năm sinh: 1984"."""

    term: str
    value: str
    path: str | None = None
    """The site path the value links to (the unit's page)."""


@dataclass(frozen=True)
class AwardRow:
    """A row of the awards table: the award's wording, its decision and when and by whom it was signed."""

    wording: str
    decision: str | None
    date: dt.date | None
    year: int | None
    issuer: str | None


@dataclass(frozen=True)
class ProfileView:
    """What the page of one profile shows (`profile.html`): plain values, written escaped by the fragment."""

    here: str
    """The page's own site path: links are written relative to it."""
    kind: str
    """`individual` or `collective` (the page's CSS modifier)."""
    kind_label: str
    sample: bool
    """A made-up profile of the sample site: the page says so."""
    name: str
    display_name: str
    """The name with its academic prefix, the heading."""
    honorific: str | None
    badge: str | None
    """The highest award's wording."""
    photo: Picture | None
    photo_alt: str
    initials: str
    """Shown instead of a photo when there is none."""
    facts: list[Fact]
    quote: str | None
    highlights: list[str]
    story: Markup
    """The story's HTML, safe (`Media.story_html`); empty without one."""
    awards: list[AwardRow]
    members: list[Named]
    paper: Paper | None
    movements: list[Named]
    articles: list[ArticleLink]
    """The published articles about it, newest first."""
    share: Share
    search: SearchTerms


def profile_view(profile: Profile, site: Site, media: Media, memo: Memo | None = None) -> ProfileView:
    """What the page of `profile` shows; places the derived files it refers to in `media`. Its search terms
    are kept in `memo`, the preview's, if there is one."""
    here = page_url(profile_src(profile))
    data = profile.data

    def link(uri: str) -> str:
        return relative(here, uri)

    facts = []
    if data.birth_year:
        facts.append(Fact("Năm sinh", str(data.birth_year)))
    if data.position:
        facts.append(Fact("Chức vụ" if profile.kind == "individual" else "Vị trí", data.position))
    facts.append(Fact("Đơn vị", profile.unit.name, page_url(unit_src(profile.unit.id))))
    if data.headcount:
        facts.append(Fact("Số người", f"{data.headcount:,}".replace(",", ".")))
    published = site.published_by_id
    members = []
    for member in data.members:
        linked = published.get(member.profile) if member.profile else None
        if linked:
            members.append(Named(linked.display_name, page_url(profile_src(linked)), member.role))
        elif member.name:
            members.append(Named(member.name, None, member.role))
    top = profile.top_award
    thumbnail = media.url(profile, "thumbnail")
    return ProfileView(
        here=here, kind=profile.kind, kind_label=profile.kind_label, sample=data.sample, name=profile.name,
        display_name=profile.display_name, honorific=data.honorific, badge=top.wording if top else None,
        photo=media.picture_context(profile, "portrait", link), photo_alt=data.photo_alt or f"Ảnh chân dung {profile.name}",
        initials=initials(profile.name), facts=facts, quote=data.quote, highlights=data.highlights,
        story=media.story_html(profile, link),
        awards=[AwardRow(a.wording, a.award.decision, a.award.date, a.award.year, a.award.issuer) for a in profile.awards],
        members=members, paper=data.paper,
        movements=[Named(m.name, page_url(movement_src(m.id))) for m in profile.movements],
        articles=article_links(site, profile), share=media.share(profile, profile.display_name, here),
        search=call(memo, search_terms_context, profile, profile.display_name, thumbnail[0] if thumbnail else None),
    )


def render_profile_page(profile: Profile, site: Site, media: Media, templates: Templates) -> Page:
    """The page of one profile: `profile.html`, and `head.html` for its head."""
    view = profile_view(profile, site, media, templates.memo)
    description = ", ".join(x for x in (profile.data.position, profile.unit.name) if x)
    if profile.top_award:
        description += f". {profile.top_award.wording}"
    head = templates.render("head.html", tags=media.meta_tags(profile, profile.display_name, description, view.here,
                                                               site.conference.data.campaign),
                            linked_data=linked_data(profile, site, media.site_url))
    meta = {"title": profile.name, "description": description, "template": "profile.html", "hide": ["navigation", "toc"]}
    return Page(profile_src(profile), meta, templates.render("profile.html", view=view, here=view.here) + "\n", head)


# --- home page fragments --------------------------------------------------------------------------------

def render_fragments(site: Site, photos: Media, now: dt.datetime,
                     templates: Templates) -> dict[str, Callable[[str], str]]:
    """Fragments hand-written pages place with markers (`<!-- vinhdanh:featured -->`): the campaign's banner
    (`hero.html`), the featured cards (`featured.html`), the figures (`stats.html`), the latest articles
    (`article-latest.html`) and the conference's."""
    conf = site.conference.data

    def conference(here: str) -> str:
        return conference_fragment(site, now, here, templates)

    def featured(here: str) -> str:
        chosen = [p for p in site.profiles if p.data.featured][:6] or site.profiles[:6]
        return templates.render("featured.html", here=here, cards=card_contexts(chosen, photos, here, eager=6))

    def stats(here: str) -> str:
        individuals = sum(p.kind == "individual" for p in site.profiles)
        units = len({p.unit.id for p in site.profiles})
        movements = len({m.id for p in site.profiles for m in p.movements})
        figures = [(individuals, "cá nhân", index_src(KIND_FOLDERS["individual"])),
                   (len(site.profiles) - individuals, "tập thể", index_src(KIND_FOLDERS["collective"])),
                   (units, "đơn vị", index_src(UNITS)), (movements, "phong trào thi đua", index_src(MOVEMENTS))]
        return templates.render("stats.html", here=here,
                                figures=[(n, label, page_url(src)) for n, label, src in figures])

    def campaign(here: str) -> str:
        return templates.render("hero.html", here=here, conference=conf)

    def articles(here: str) -> str:
        return latest_fragment(site, photos, templates, here)

    return {"campaign": campaign, "conference": conference, "featured": featured, "stats": stats, "articles": articles}


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
    media = Media(derived, templates)
    pages = [render_profile_page(p, site, media, templates) for p in site.profiles]
    pages += render_listings(site, media, templates)
    pages += render_articles(site, media, templates)
    pages += render_contest(site, media, templates)
    explorer_pages, explorer_assets = render_explorer(site, media, templates)
    conference_pages, conference_assets = render_conference(site, now, templates, site_url, built)
    slideshow_assets = render_slideshow(site, media, templates)
    fragments = render_fragments(site, media, now, templates)
    assets = [Asset(a.uri, a.source) for a in media.assets.values()]
    assets += explorer_assets + conference_assets + slideshow_assets + render_open_data(site) + render_feeds(site, site_url, built)
    return Output(pages + explorer_pages + conference_pages, assets, fragments)
