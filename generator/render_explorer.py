"""Render the explorer: one page that filters exemplars by kind, unit, movement, award and year.

Progressive enhancement: the HTML is the complete listing (paged cards, every profile reachable through
links) with a filter form that stays hidden; `explorer.js` reveals the form, loads the compact data file
written here (`kham-pha/ho-so.json`), and then filters, counts, sorts and shows cards from it, keeping
the filters in the URL's query string so a view can be shared and bookmarked.

The data file holds what a card and the filters need, registries as lists referred to by index, and one
array per profile (`PROFILE_FIELDS`), so that 5,000 profiles stay small enough for a phone.

The English explorer (`en/kham-pha/`) reads the same file and a second, small one (`kham-pha/ho-so.en.json`,
`english_data`): the registries' English names and each profile's English name, position and award, in the
same order, null where there is none (the script then shows the Vietnamese, marked `lang="vi"`). Its order
by name stays the Vietnamese one.

`explorer.html` writes the page: the listing, the filter form (`Filter`s), the settings the script shares
with the page (`script_config`, as JSON) and a blank card of `card.html` in a `<template>`, which the script
copies and fills for each profile it shows, so that its cards are the listings' cards.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass

from .derive import Media
from .messages import DEFAULT
from .model import KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, EnglishName, Profile, ResolvedAward, Site, Wording
from .output import Asset, Page
from .render_listings import BLANK_CARD, PAGE_SIZE, render_listing
from .routes import (
    ENGLISH,
    EXPLORER,
    EXPLORER_DATA_URI,
    EXPLORER_ENGLISH_URI,
    KIND_SLUGS,
    page_url,
    profile_src,
)
from .templates import Templates
from .text import collation_key, initials, person_name_key, slugify

LEVEL_SLUGS = {level: slugify(label) for level, label in LEVEL_LABELS.items()}
"""Award levels as they appear in the URL (`?cap=thanh-pho`)."""

PROFILE_FIELDS = ["url", "name", "initials", "kind", "unit", "movements", "awards", "position", "photo",
                  "top_award", "name_order", "newest"]
"""Meaning of each profile array in the data file. `awards` holds [award title index, year or 0];
`photo` is [site URL, width, height] or null; `newest` is the latest award date as YYYYMMDD (0: none)."""

SORT = "sap-xep"
"""The field, and URL parameter, of the sort order; `SORTS` are its values (explorer.js sorts by them)."""
SORTS = [("", "Thứ bậc khen thưởng"), ("ten", "Tên (theo vần A - Z)"), ("moi-nhat", "Khen thưởng gần đây nhất")]
ENGLISH_FIELDS = ["name", "position", "top_award"]
"""Meaning of each profile array in the English data file: the English of those fields, or null."""


def _name_key(profile: Profile) -> tuple:
    return person_name_key(profile.name) if profile.kind == "individual" else collation_key(profile.name)


def _newest(profile: Profile) -> int:
    """Latest award as YYYYMMDD: its decision date, else its year (as 31 December)."""
    best = 0
    for item in profile.awards:
        award = item.award
        if award.date:
            best = max(best, award.date.year * 10000 + award.date.month * 100 + award.date.day)
        elif award.award_year:
            best = max(best, award.award_year * 10000 + 1231)
    return best


def explorer_data(site: Site, photos: Media) -> dict:
    """The explorer's data: registries in use and one compact array per profile, in the default order."""
    profiles = site.profiles
    units = [u for u in site.registries.units.entries if any(p.unit.id == u.id for p in profiles)]
    used_movements = {m.id for p in profiles for m in p.movements}
    movements = [m for m in site.registries.movements.entries if m.id in used_movements]
    used_titles = {a.title.id for p in profiles for a in p.awards}
    titles = sorted((t for t in site.registries.awards.entries if t.id in used_titles),
                    key=lambda t: (-t.rank, collation_key(t.name)))
    unit_index = {u.id: i for i, u in enumerate(units)}
    movement_index = {m.id: i for i, m in enumerate(movements)}
    title_index = {t.id: i for i, t in enumerate(titles)}
    name_order = {p.id: i for i, p in enumerate(sorted(profiles, key=_name_key))}
    rows = []
    for profile in profiles:
        photo = photos.url(profile, "thumbnail")
        top = profile.top_award
        rows.append([
            page_url(profile_src(profile)),
            profile.display_name,
            initials(profile.name),
            KIND_SLUGS[profile.kind],
            unit_index[profile.unit.id],
            [movement_index[m.id] for m in profile.movements],
            [[title_index[a.title.id], a.award.award_year or 0] for a in profile.awards],
            profile.data.position or "",
            list(photo) if photo else None,
            top.wording if top else "",
            name_order[profile.id],
            _newest(profile),
        ])
    return {
        "version": 1,
        "fields": PROFILE_FIELDS,
        "kinds": {KIND_SLUGS[k]: label for k, label in KIND_LABELS.items()},
        "levels": [[LEVEL_SLUGS[k], label] for k, label in LEVEL_LABELS.items()],
        "units": [[u.id, u.name, u.short_name or u.name] for u in units],
        "movements": [[m.id, m.name] for m in movements],
        "awards": [[t.id, t.name, LEVEL_SLUGS[t.level]] for t in titles],
        "profiles": rows,
    }


def _english(entry: object) -> EnglishName | None:
    return getattr(entry, "en", None)


def award_english(award: ResolvedAward) -> str | None:
    """The English of an award as its decision words it: the dated wording's own `en` when the decision used
    one (a 2003-law title), else the title's; None without any."""
    for alias in award.title.aliases:
        if isinstance(alias, Wording) and alias.name == award.wording and alias.en is not None:
            return alias.en.name
    return award.title.en.name if award.title.en else None


def english_data(site: Site, data: dict, translate: Callable[[str], str]) -> dict:
    """The English of the explorer's data `data` (`explorer_data`), entry for entry: registries as
    [English name or null, ...] and one [name, position, top award] array per profile, each null where there
    is no English. `translate` gives the interface's words (kinds, levels) in English."""
    units = {u.id: u for u in site.registries.units.entries}
    movements = {m.id: m for m in site.registries.movements.entries}
    titles = {t.id: t for t in site.registries.awards.entries}
    rows = []
    for profile in site.profiles:
        own = profile.data.en
        top = profile.top_award
        rows.append([own.name if own and own.name else None, own.position if own and own.position else None,
                     award_english(top) if top else None])

    def names(entry: object) -> list[str | None]:
        english = _english(entry)
        return [english.name, english.short_name or english.name] if english else [None, None]

    return {
        "version": 1,
        "fields": ENGLISH_FIELDS,
        "kinds": {slug: translate(label) for slug, label in data["kinds"].items()},
        "levels": [[slug, translate(label)] for slug, label in data["levels"]],
        "units": [names(units[u[0]]) for u in data["units"]],
        "movements": [names(movements[m[0]])[:1] for m in data["movements"]],
        "awards": [names(titles[t[0]])[:1] for t in data["awards"]],
        "profiles": rows,
    }


@dataclass(frozen=True)
class Filter:
    """A labelled `<select>` of the filter form: the context of `explorer.html`."""

    name: str
    """The field's name, also its parameter in the page's URL (`don-vi`)."""
    label: str
    groups: list[tuple[str | None, list[tuple[str, str]]]]
    """Runs of (value, text) options, each under its `<optgroup>` label, or None for no group."""
    empty: str = "Tất cả"
    """The text of the first option, which sets no filter; empty: no such option."""
    vietnamese: frozenset[str] = frozenset()
    """The values whose text is Vietnamese on an English page (no English name): written `lang="vi"`."""


def _filter(name: str, label: str, options: list[tuple[str, str]], groups: list[str] | None = None,
            empty: str = "Tất cả") -> Filter:
    """A filter of `options`; with `groups` (a label for each option), consecutive options of one label are
    grouped under it."""
    labels: list[str | None] = list(groups) if groups else [None] * len(options)
    runs = [(group, [option for _, option in run])
            for group, run in itertools.groupby(zip(labels, options, strict=True), key=lambda pair: pair[0])]
    return Filter(name, label, runs, empty)


def filters(data: dict, site: Site, templates: Templates | None = None, lang: str = DEFAULT,
            english: dict | None = None) -> list[Filter]:
    """The filter form's selects, in order; their names are the URL's parameters (after the text's `q`). In
    English (`lang`, with `english_data`), labels from the catalogue and names from the registries' `en`."""

    def t(key: str, **values: str) -> str:
        return templates.t(key, lang, **values) if templates is not None else key.format(**values)

    def name(kind: str, index: int, row: list) -> str:
        """An entry's name on the page: its English one where there is one."""
        found = english[kind][index][0] if english else None
        return found or row[1]

    def vietnamese(kind: str) -> frozenset[str]:
        return frozenset(row[0] for row, en in zip(data[kind], english[kind], strict=True) if not en[0]) \
            if english else frozenset()

    units_by_id = {u.id: u for u in site.registries.units.entries}
    unit_rows = sorted(enumerate(data["units"]), key=lambda u: list(UNIT_GROUP_LABELS).index(units_by_id[u[1][0]].group))
    years = sorted({year for row in data["profiles"] for _, year in row[6] if year}, reverse=True)
    level_of_title = {t.id: t.level for t in site.registries.awards.entries}
    kinds = english["kinds"] if english else data["kinds"]
    levels = english["levels"] if english else data["levels"]
    return [
        _filter("loai", t("Cá nhân hay tập thể"), [(slug, kinds[slug]) for slug in KIND_SLUGS.values()],
                empty=t("Tất cả")),
        dataclasses.replace(_filter("don-vi", t("Đơn vị"), [(u[0], name("units", i, u)) for i, u in unit_rows],
                                    [t(UNIT_GROUP_LABELS[units_by_id[u[0]].group]) for _, u in unit_rows], t("Tất cả")),
                            vietnamese=vietnamese("units")),
        dataclasses.replace(_filter("phong-trao", t("Phong trào thi đua"),
                                    [(m[0], name("movements", i, m)) for i, m in enumerate(data["movements"])],
                                    empty=t("Tất cả")), vietnamese=vietnamese("movements")),
        dataclasses.replace(_filter("khen-thuong", t("Danh hiệu, hình thức khen thưởng"),
                                    [(a[0], name("awards", i, a)) for i, a in enumerate(data["awards"])],
                                    [t("Cấp {level}", level=t(LEVEL_LABELS[level_of_title[a[0]]])) for a in data["awards"]],
                                    t("Tất cả")), vietnamese=vietnamese("awards")),
        _filter("cap", t("Cấp khen thưởng"), [(slug, label) for slug, label in levels], empty=t("Tất cả")),
        _filter("nam", t("Năm khen thưởng"), [(str(y), str(y)) for y in years], empty=t("Tất cả")),
        _filter(SORT, t("Sắp xếp"), [(value, t(label)) for value, label in SORTS], empty=""),
    ]


def script_config(selects: list[Filter]) -> dict:
    """What `explorer.js` shares with the page (its wording is in `explorer.html`): the cards a step shows,
    the URL's parameters, the filters among them, the sort order's, and each kind's card class by its slug."""
    names = [f.name for f in selects]
    return {"pageSize": PAGE_SIZE, "params": ["q", *names], "facets": [n for n in names if n != SORT], "sort": SORT,
            "kindClasses": {slug: kind for kind, slug in KIND_SLUGS.items()}}


EXPLORER_INTRO = ("Tìm và lọc các cá nhân, tập thể điển hình tiên tiến theo đơn vị, phong trào thi đua, danh "
         "hiệu, cấp và năm khen thưởng. Đường dẫn của trang giữ bộ lọc đã chọn, có thể chia sẻ.")
EXPLORER_TITLE = "Khám phá điển hình tiên tiến"


def render_explorer(site: Site, photos: Media, templates: Templates) -> tuple[list[Page], list[Asset]]:
    """The explorer's pages (`kham-pha/index.md`, then `trang-2.md`... for readers without JavaScript), the
    English ones (`en/kham-pha/...`) and its data files."""
    data = explorer_data(site, photos)
    selects = filters(data, site)
    pages = render_listing(EXPLORER, EXPLORER_TITLE, EXPLORER_INTRO, site.profiles, photos, templates,
                           fragment="explorer.html", data_uri=EXPLORER_DATA_URI, filters=selects,
                           config=script_config(selects), blank_card=BLANK_CARD)
    english = english_data(site, data, lambda key: templates.t(key, ENGLISH))
    pages += render_english_explorer(site, photos, templates, data, english)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    english_payload = json.dumps(english, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return pages, [Asset(EXPLORER_DATA_URI, content=payload), Asset(EXPLORER_ENGLISH_URI, content=english_payload)]


def render_english_explorer(site: Site, photos: Media, templates: Templates, data: dict,
                            english: dict) -> list[Page]:
    """The English explorer (`en/kham-pha/`): English labels, registry names from the registries' `en`, its
    script reading the English data file besides the Vietnamese one and linking the profiles' English pages."""
    selects = filters(data, site, templates, ENGLISH, english)
    config = {**script_config(selects), "lang": ENGLISH, "linkPrefix": f"{ENGLISH}/"}
    pages = render_listing(EXPLORER, templates.t(EXPLORER_TITLE, ENGLISH), templates.t(EXPLORER_INTRO, ENGLISH),
                           site.profiles, photos, templates, fragment="explorer.html", data_uri=EXPLORER_DATA_URI,
                           english_uri=EXPLORER_ENGLISH_URI, filters=selects, config=config, blank_card=BLANK_CARD,
                           lang=ENGLISH)
    # The front matter of English pages says their language (docs/design/english.md).
    return [page.moved(vd_lang=ENGLISH) for page in pages]
