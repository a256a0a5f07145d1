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
import functools
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from .derive import DerivedFiles, Media, Picture, Share
from .memo import call
from .messages import LANGUAGES, format_number_in
from .model import Paper, Profile, Site
from .names import Said, award_wording, display_name, honorific, movement_name, position, profile_name, unit_name
from .output import Asset, Output, Page
from .render_articles import ArticleLink, article_links, latest_fragment, render_articles
from .render_conference import conference_fragment, organiser_said, render_conference, said
from .render_contest import render_contest
from .render_explorer import render_explorer
from .render_listings import card_contexts, render_listings
from .render_opendata import linked_data, open_data_entry, render_feeds, render_open_data
from .render_slideshow import render_slideshow
from .routes import (
    KIND_FOLDERS,
    MOVEMENTS,
    UNITS,
    in_lang,
    index_src,
    movement_src,
    page_lang,
    page_url,
    profile_src,
    relative,
    unit_src,
)
from .search import SearchTerms, search_terms_context
from .templates import Templates
from .text import initials

# --- the profile page -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Named:
    """Something the page names, with the site path of its page (None: not linked)."""

    name: Said
    path: str | None = None
    note: Said | None = None
    """What is said beside it: a member's role."""


@dataclass(frozen=True)
class Fact:
    """A line of the facts beside the portrait: "Năm sinh: 1984"."""

    term: str
    value: Said
    path: str | None = None
    """The site path the value links to (the unit's page)."""


@dataclass(frozen=True)
class AwardRow:
    """A row of the awards table: the award's wording, its decision and when and by whom it was signed."""

    wording: Said
    decision: Said | None
    """The decision's number as written ("Quyết định số 1876/QĐ-UBND"): a Vietnamese document's own words."""
    date: dt.date | None
    year: int | None
    issuer: Said | None


@dataclass(frozen=True)
class ProfileView:
    """What the page of one profile shows (`profile.html`): plain values, written escaped by the fragment.

    An English page (`lang` "en") shows the names, facts and awards in English where the registries and the
    profile's `en` block have them, its English summary, and links the Vietnamese page for the rest: the
    story, highlights, quote and paper are not translated."""

    here: str
    """The page's own site path: links are written relative to it."""
    lang: str
    """The page's language."""
    kind: str
    """`individual` or `collective` (the page's CSS modifier)."""
    kind_heading: str
    """"Cá nhân điển hình tiên tiến", in the page's language."""
    sample: bool
    """A made-up profile of the sample site: the page says so."""
    name: Said
    display_name: Said
    """The name with its academic prefix, the heading."""
    honorific: str | None
    badge: Said | None
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
    summary: str | None = None
    """The English summary (English pages only)."""
    original: str | None = None
    """The Vietnamese page's site path, linked from an English page for what it does not translate."""


KIND_HEADINGS = {"individual": "Cá nhân điển hình tiên tiến", "collective": "Tập thể điển hình tiên tiến"}
"""The kind of a profile as its page's heading names it (translated through the catalogue)."""


@dataclass(frozen=True)
class Around:
    """All that a profile's page reads of the rest of the site (`surroundings`), so that in the live preview
    the page is kept by these, the profile and its derived files (`render_profile_page`)."""

    linked: dict[str, Profile]
    """The published profiles its members name, by id."""
    articles: list[ArticleLink]
    """The published articles about it, newest first."""
    organiser: str
    """The organising body (the linked data's parent organisation)."""
    campaign: str
    """The campaign's name (the share tags' site name)."""

    def key(self, media: Media) -> tuple:
        """What names these in a kept page's key: the linked profiles by `Media.token`."""
        return (sorted((id_, media.token(p)) for id_, p in self.linked.items()), self.articles, self.organiser,
                self.campaign)


def surroundings(profile: Profile, site: Site) -> Around:
    """What the page of `profile` shows of the rest of `site`."""
    published = site.published_by_id
    linked = {m.profile: published[m.profile] for m in profile.data.members if m.profile in published}
    return Around(linked, article_links(site, profile), site.conference.data.organiser, site.conference.data.campaign)


def profile_view(profile: Profile, around: Around, media: Media, templates: Templates, lang: str = "vi") -> ProfileView:
    """What the page of `profile` in `lang` shows; places the derived files it refers to in `media`. Its search
    terms are kept in the templates' memo, the preview's, if there is one."""
    here = page_url(in_lang(profile_src(profile), lang))
    data = profile.data
    english = lang != "vi"

    def t(key: str) -> str:
        return templates.t(key, lang)

    def link(uri: str) -> str:
        return relative(here, uri)

    facts = []
    if data.birth_year:
        facts.append(Fact(t("Năm sinh"), Said(str(data.birth_year), lang)))
    if data.position:
        facts.append(Fact(t("Chức vụ") if profile.kind == "individual" else t("Vị trí"), position(profile, lang)))
    facts.append(Fact(t("Đơn vị"), unit_name(profile.unit, lang), page_url(unit_src(profile.unit.id))))
    if data.headcount:
        facts.append(Fact(t("Số người"), Said(format_number_in(data.headcount, lang), lang)))
    members = []
    for member in data.members:
        linked = around.linked.get(member.profile) if member.profile else None
        role = Said(member.role) if member.role else None
        if linked:
            members.append(Named(display_name(linked, lang), page_url(profile_src(linked)), role))
        elif member.name:
            members.append(Named(Said(member.name), None, role))
    top = profile.top_award
    thumbnail = media.url(profile, "thumbnail")
    shown = display_name(profile, lang)
    name = profile_name(profile, lang)
    alt = data.photo_alt if data.photo_alt and not english else templates.t("Ảnh chân dung {name}", lang, name=name.text)
    return ProfileView(
        here=here, lang=lang, kind=profile.kind, kind_heading=t(KIND_HEADINGS[profile.kind]), sample=data.sample,
        name=name, display_name=shown, honorific=honorific(profile, lang),
        badge=award_wording(top, lang) if top else None,
        photo=media.picture_context(profile, "portrait", link), photo_alt=alt,
        initials=initials(profile.name), facts=facts, quote=None if english else data.quote,
        highlights=[] if english else data.highlights,
        story=Markup() if english else media.story_html(profile, link),
        awards=[AwardRow(award_wording(a, lang), Said(a.award.decision) if a.award.decision else None,
                         a.award.date, a.award.year,
                         Said(a.award.issuer) if a.award.issuer else None) for a in profile.awards],
        members=members, paper=None if english else data.paper,
        movements=[Named(movement_name(m, lang), page_url(movement_src(m.id))) for m in profile.movements],
        articles=around.articles,
        share=media.share(profile, shown.text, here, qr=not english),
        search=call(templates.memo, search_terms_context, profile, shown.text, thumbnail[0] if thumbnail else None,
                    lang, t(profile.kind_label)),
        summary=data.en.summary if english and data.en else None,
        original=page_url(profile_src(profile)) if english else None,
    )


def render_profile_page(profile: Profile, site: Site, media: Media, templates: Templates, lang: str = "vi") -> Page:
    """The page of one profile in `lang`: `profile.html`, and `head.html` for its head. In the live preview
    it is kept by the profile, its derived files and what it shows of the site (`Around`), and made again
    only when one of them changed."""
    around = surroundings(profile, site)
    return media.kept(lambda: _profile_page(profile, around, media, templates, lang),
                      lambda: ("profile page", lang, media.token(profile), around.key(media)))


def _profile_page(profile: Profile, around: Around, media: Media, templates: Templates, lang: str) -> Page:
    view = profile_view(profile, around, media, templates, lang)
    description = ", ".join(x.text for x in (position(profile, lang), unit_name(profile.unit, lang)) if x)
    if view.badge:
        description += f". {view.badge.text}"
    head = templates.render("head.html", tags=media.meta_tags(profile, view.display_name.text, description, view.here,
                                                               around.campaign, lang),
                            linked_data=linked_data(profile, around.organiser, media.site_url))
    meta = {"title": view.name.text, "description": description, "template": "profile.html",
            "hide": ["navigation", "toc"]}
    return Page(in_lang(profile_src(profile), lang), meta,
                templates.render("profile.html", view=view, here=view.here, lang=lang) + "\n", head)


# --- home page fragments --------------------------------------------------------------------------------

STATS = (("individual", "cá nhân"), ("collective", "tập thể"), ("units", "đơn vị"), ("movements", "phong trào thi đua"))
"""The home page's figures, each with its label (translated through the catalogue)."""


def render_fragments(site: Site, photos: Media, now: dt.datetime,
                     templates: Templates) -> dict[str, Callable[[str], str]]:
    """Fragments hand-written pages place with markers (`<!-- vinhdanh:featured -->`): the campaign's banner
    (`hero.html`), the featured cards (`featured.html`), the figures (`stats.html`), the latest articles
    (`article-latest.html`) and the conference's. Each is written for the page at `here`, in its language
    (`content/en/index.md` gets them in English)."""
    conf = site.conference.data

    def conference(here: str) -> str:
        return conference_fragment(site, now, here, templates)

    def featured(here: str) -> str:
        lang = page_lang(here)
        chosen = [p for p in site.profiles if p.data.featured][:6] or site.profiles[:6]
        return templates.render("featured.html", here=here, lang=lang,
                                cards=card_contexts(chosen, photos, here, eager=6, templates=templates, lang=lang))

    def stats(here: str) -> str:
        individuals = sum(p.kind == "individual" for p in site.profiles)
        counts = {"individual": individuals, "collective": len(site.profiles) - individuals,
                  "units": len({p.unit.id for p in site.profiles}),
                  "movements": len({m.id for p in site.profiles for m in p.movements})}
        targets = {"individual": index_src(KIND_FOLDERS["individual"]),
                   "collective": index_src(KIND_FOLDERS["collective"]),
                   "units": index_src(UNITS), "movements": index_src(MOVEMENTS)}
        lang = page_lang(here)
        return templates.render("stats.html", here=here, lang=lang, figures=[
            (counts[key], templates.t(label, lang), page_url(targets[key])) for key, label in STATS])

    def campaign(here: str) -> str:
        lang = page_lang(here)
        en = conf.en
        return templates.render("hero.html", here=here, lang=lang, organiser=organiser_said(site, lang),
                                campaign=said(en.campaign if en else None, conf.campaign, lang),
                                tagline=said(en.tagline if en else None, conf.tagline or "", lang))

    def articles(here: str) -> str:
        return latest_fragment(site, photos, templates, here)

    return {"campaign": campaign, "conference": conference, "featured": featured, "stats": stats, "articles": articles}


def _open_data_key(media: Media, profile: Profile) -> tuple:
    return ("open data", media.token(profile))


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
    pages = [render_profile_page(p, site, media, templates, lang) for lang in LANGUAGES for p in site.profiles]
    pages += [page for lang in LANGUAGES for page in render_listings(site, media, templates, lang)]
    pages += render_articles(site, media, templates)
    pages += render_contest(site, media, templates)
    explorer_pages, explorer_assets = render_explorer(site, media, templates)
    conference_pages, conference_assets = render_conference(site, now, templates, site_url, built)
    slideshow_assets = render_slideshow(site, media, templates)
    fragments = render_fragments(site, media, now, templates)
    assets = [Asset(a.uri, a.source) for a in media.assets.values()]
    # In the live preview, each profile's part of the open data is kept by the profile: an edit encodes one.
    open_data = render_open_data(site, [media.kept(functools.partial(open_data_entry, p),
                                                   functools.partial(_open_data_key, media, p))
                                        for p in site.profiles])
    assets += explorer_assets + conference_assets + slideshow_assets + open_data + render_feeds(site, site_url, built)
    return Output(pages + explorer_pages + conference_pages, assets, fragments)
