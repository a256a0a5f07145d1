"""The articles' pages (tin bài): one page per published article, their paged list, a list per category
and per year, the home page's latest articles, and what a profile page lists of the articles about it.

Generated here rather than by Material's blog plugin (docs/design/articles.md): the plugin reads its posts
from files of `content/` itself, with its own YAML reading, and publishes their Markdown unsanitised.

Python builds contexts (plain values); the fragments `article.html`, `article-list.html` and
`article-cards.html` write them, escaped. Links are relative to the page they are written in.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup

from .derive import Media, MetaTag, Picture, Share, ShareLink
from .model import ARTICLE_CATEGORIES, Article, Profile, Site
from .output import Page
from .render_listings import Card, card_contexts
from .routes import (
    ARTICLES,
    absolute,
    article_category_base,
    article_src,
    article_year_base,
    index_src,
    listing_src,
    page_lang,
    page_url,
    profile_src,
    relative,
)
from .search import FIELD_WEIGHT, SearchTerms, _folded_d_words, abbreviation_terms
from .templates import Templates
from .text import fold

ARTICLES_PER_PAGE = 12
"""Articles per page of a list: a phone scrolls through it comfortably."""
LATEST = 3
"""Articles on the home page."""
COVER_SIZES = "(max-width: 44.9375em) 100vw, 700px"
CARD_SIZES = "(max-width: 44.9375em) 100vw, 340px"
"""CSS widths a cover is shown at on its page and on a card, for the browser to pick from `srcset`."""
SUMMARY_LENGTH = 220
"""Longest summary made from the body when the article has none."""

_TAG = re.compile(r"<[^>]*>")


def plain_summary(article: Article) -> str:
    """The article's summary, or the start of its body as plain text."""
    if article.data.summary:
        return article.data.summary
    text = " ".join(html.unescape(_TAG.sub(" ", article.body_html)).split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] if " " in text[:SUMMARY_LENGTH] else text[:SUMMARY_LENGTH - 1]
    return cut.rstrip(" ,;:.") + "…"


# --- cards ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleCard:
    """An article in a list (`article-cards.html`): its title links to its page."""

    url: str
    """The article page's site path."""
    title: str
    date: dt.date
    category: str
    """The category's label."""
    summary: str
    picture: Picture | None
    """The cover, or None."""
    lazy: bool


def article_cards(articles: list[Article], media: Media, here: str, eager: int = 2) -> list[ArticleCard]:
    """Cards of `articles` on the page at `here`; the first `eager` covers load at once."""
    return [ArticleCard(page_url(article_src(a)), a.title, a.data.date, a.category_label, plain_summary(a),
                        media.cover_context(a, lambda uri: relative(here, uri), CARD_SIZES), i >= eager)
            for i, a in enumerate(articles)]


# --- the article page -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ArticleView:
    """What the page of one article shows (`article.html`)."""

    here: str
    title: str
    date: dt.date
    author: str
    category: str
    category_path: str
    """The site path of the category's list."""
    sample: bool
    """A made-up article of the sample site: the page says so."""
    summary: str | None
    cover: Picture | None
    cover_alt: str
    body: Markup
    """The body's HTML, safe (`Media.article_html`)."""
    profiles: list[Card]
    """The published profiles it is about, as cards."""
    share: Share
    search: SearchTerms


def article_search_terms(article: Article, image: str | None) -> SearchTerms:
    """What the index holds of an article beyond its page's words, and the metadata its result shows: the
    title without diacritics, weighted as a profile's facts (below a name: a name typed finds the person's
    page before the articles about them)."""
    # `type:article`: the search box lists the exemplars found before the articles (search.js).
    meta = [("title", article.title), ("kind", article.category_label), ("type", "article")]
    if image:
        meta.insert(1, ("photo", image))
    title_terms = [fold(article.title), *abbreviation_terms([article.title])]
    # The body's words with "đ" folded, as often as they occur (as a profile's story: ranking counts them).
    body = " ".join(html.unescape(_TAG.sub(" ", article.body_html)).split())
    terms: list[tuple[float | None, list[str]]] = [(FIELD_WEIGHT, list(dict.fromkeys(title_terms)))]
    folded = _folded_d_words([body])
    if folded:
        terms.append((None, folded))
    return SearchTerms(meta, terms)


def _share(media: Media, title: str, here: str) -> Share:
    url = absolute(media.site_url, here) if media.site_url else ""
    links = []
    if url:
        encoded = quote(url, safe="")
        links = [ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded}"),
                 ShareLink("Zalo", f"https://sp.zalo.me/share_inline?url={encoded}")]
    return Share(url, title, links, None, "")


def article_view(article: Article, site: Site, media: Media) -> ArticleView:
    """What the page of `article` shows; places the derived files it refers to in `media`."""
    here = page_url(article_src(article))

    def link(uri: str) -> str:
        return relative(here, uri)

    published = site.published_by_id
    about = [published[i] for i in dict.fromkeys(article.data.profiles) if i in published]
    thumbnail = media.cover_url(article)
    return ArticleView(
        here=here, title=article.title, date=article.data.date, author=article.data.author,
        category=article.category_label, category_path=page_url(index_src(article_category_base(article.data.category))),
        sample=article.data.sample, summary=article.data.summary, cover=media.cover_context(article, link, COVER_SIZES),
        cover_alt=article.data.cover_alt or "", body=media.article_html(article, link),
        profiles=card_contexts(about, media, here, eager=0), share=_share(media, article.title, here),
        search=article_search_terms(article, thumbnail),
    )


def _linked_data(article: Article, site: Site, media: Media) -> dict:
    """schema.org `NewsArticle` of the page, for `json-ld.html`."""
    thing: dict = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
                   "datePublished": article.data.date.isoformat(), "inLanguage": "vi",
                   "author": {"@type": "Organization", "name": article.data.author},
                   "publisher": {"@type": "GovernmentOrganization", "name": site.conference.data.organiser}}
    if media.site_url:
        here = page_url(article_src(article))
        thing["url"] = absolute(media.site_url, here)
        about = [site.published_by_id[i] for i in dict.fromkeys(article.data.profiles) if i in site.published_by_id]
        if about:
            thing["about"] = [{"@type": "Person" if p.kind == "individual" else "Organization", "name": p.name,
                               "url": absolute(media.site_url, page_url(profile_src(p)))} for p in about]
        cover = media.cover_url(article, smallest=False)
        if cover:
            thing["image"] = absolute(media.site_url, cover)
    return thing


def _meta_tags(article: Article, site: Site, media: Media, description: str) -> list[MetaTag]:
    """Open Graph and Twitter tags of an article page (`head.html`), with its cover if there is one."""
    here = page_url(article_src(article))
    tags = [MetaTag("property", "og:type", "article"), MetaTag("property", "og:locale", "vi_VN"),
            MetaTag("property", "og:site_name", site.conference.data.campaign),
            MetaTag("property", "og:title", article.title), MetaTag("property", "og:description", description),
            MetaTag("property", "article:published_time", article.data.date.isoformat()),
            MetaTag("name", "twitter:title", article.title), MetaTag("name", "twitter:description", description)]
    cover = media.cover_url(article, smallest=False)
    if media.site_url:
        tags.append(MetaTag("property", "og:url", absolute(media.site_url, here)))
    if media.site_url and cover:
        image = absolute(media.site_url, cover)
        tags += [MetaTag("property", "og:image", image), MetaTag("property", "og:image:alt", article.data.cover_alt or ""),
                 MetaTag("name", "twitter:card", "summary_large_image"), MetaTag("name", "twitter:image", image)]
    else:
        tags.append(MetaTag("name", "twitter:card", "summary"))
    return tags


def render_article_page(article: Article, site: Site, media: Media, templates: Templates) -> Page:
    """The page of one article: `article.html`, and `head.html` for its head."""
    view = article_view(article, site, media)
    description = plain_summary(article)
    head = templates.render("head.html", tags=_meta_tags(article, site, media, description),
                            linked_data=_linked_data(article, site, media))
    meta = {"title": article.title, "description": description, "template": "article.html",
            "hide": ["navigation", "toc"]}
    return Page(article_src(article), meta, templates.render("article.html", view=view, here=view.here) + "\n", head)


# --- lists ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filter:
    """A link of the lists' navigation: to all articles, a category or a year."""

    url: str
    label: str
    count: int
    current: bool


def _filters(site: Site, current: str) -> tuple[list[Filter], list[Filter]]:
    """The categories' and the years' links, `current` being the base of the list shown."""
    categories = [Filter(page_url(index_src(ARTICLES)), "Tất cả", len(site.articles), current == ARTICLES)]
    for key, label in ARTICLE_CATEGORIES.items():
        base = article_category_base(key)
        count = sum(a.data.category == key for a in site.articles)
        if count:
            categories.append(Filter(page_url(index_src(base)), label, count, current == base))
    years = sorted({a.data.date.year for a in site.articles}, reverse=True)
    return categories, [Filter(page_url(index_src(article_year_base(y))), str(y),
                               sum(a.data.date.year == y for a in site.articles), current == article_year_base(y))
                        for y in years]


def _list_pages(base: str, title: str, intro: str, articles: list[Article], site: Site, media: Media,
                templates: Templates) -> list[Page]:
    """A list of articles split into pages of `ARTICLES_PER_PAGE`: `base/index.md`, `base/trang-2.md`..."""
    pages = max(1, math.ceil(len(articles) / ARTICLES_PER_PAGE))
    categories, years = _filters(site, base)
    out = []
    for n in range(1, pages + 1):
        src = listing_src(base, n)
        here = page_url(src)
        chunk = articles[(n - 1) * ARTICLES_PER_PAGE: n * ARTICLES_PER_PAGE]
        html_text = templates.render("article-list.html", here=here, base=base, title=title, intro=intro, number=n,
                                     pages=pages, total=len(articles), cards=article_cards(chunk, media, here),
                                     categories=categories, years=years)
        meta = {"title": title if n == 1 else f"{title} (trang {n})", "template": "listing.html",
                "hide": ["navigation", "toc"]}
        out.append(Page(src, meta, html_text))
    return out


def render_articles(site: Site, media: Media, templates: Templates) -> list[Page]:
    """Every article's page, the list of all articles (always there: the navigation links it), and a list
    per category and per year that has articles."""
    pages = [render_article_page(a, site, media, templates) for a in site.articles]
    pages += _list_pages(ARTICLES, "Tin bài", "Tin tức về phong trào thi đua, câu chuyện về các điển hình tiên "
                         "tiến và tin về Hội nghị, mới nhất trước.", site.articles, site, media, templates)
    for key, label in ARTICLE_CATEGORIES.items():
        chosen = [a for a in site.articles if a.data.category == key]
        if chosen:
            pages += _list_pages(article_category_base(key), label, "", chosen, site, media, templates)
    for year in sorted({a.data.date.year for a in site.articles}, reverse=True):
        chosen = [a for a in site.articles if a.data.date.year == year]
        pages += _list_pages(article_year_base(year), f"Tin bài năm {year}", "", chosen, site, media, templates)
    return pages


def latest_fragment(site: Site, media: Media, templates: Templates, here: str) -> str:
    """The home page's latest articles (`<!-- vinhdanh:articles -->`) in the language of the page at `here`;
    nothing while there is none."""
    if not site.articles:
        return ""
    return templates.render("article-latest.html", here=here, lang=page_lang(here),
                            cards=article_cards(site.articles[:LATEST], media, here, eager=0),
                            all=page_url(index_src(ARTICLES)))


@dataclass(frozen=True)
class ArticleLink:
    """An article listed on a profile page: its title, date and page."""

    title: str
    date: dt.date
    path: str


def article_links(site: Site, profile: Profile) -> list[ArticleLink]:
    """The published articles about `profile`, newest first."""
    return [ArticleLink(a.title, a.data.date, page_url(article_src(a))) for a in site.articles_about.get(profile.id, [])]
