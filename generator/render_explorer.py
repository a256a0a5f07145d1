"""Render the explorer: one page that filters exemplars by kind, unit, movement, award and year.

Progressive enhancement: the HTML is the complete listing (paged cards, every profile reachable through
links) with a filter form that stays hidden; `explorer.js` reveals the form, loads the compact data file
written here (`kham-pha/ho-so.json`), and then filters, counts, sorts and shows cards from it, keeping
the filters in the URL's query string so a view can be shared and bookmarked.

The data file holds what a card and the filters need, registries as lists referred to by index, and one
array per profile (`PROFILE_FIELDS`), so that 5,000 profiles stay small enough for a phone.

`explorer.html` writes the page: the listing, the filter form (`Filter`s), the settings the script shares
with the page (`script_config`, as JSON) and a blank card of `card.html` in a `<template>`, which the script
copies and fills for each profile it shows, so that its cards are the listings' cards.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass

from .derive import Media
from .model import KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, Profile, Site
from .output import Asset, Page
from .render_listings import BLANK_CARD, PAGE_SIZE, render_listing
from .routes import EXPLORER, EXPLORER_DATA_URI, KIND_SLUGS, page_url, profile_src
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


def _filter(name: str, label: str, options: list[tuple[str, str]], groups: list[str] | None = None,
            empty: str = "Tất cả") -> Filter:
    """A filter of `options`; with `groups` (a label for each option), consecutive options of one label are
    grouped under it."""
    labels: list[str | None] = list(groups) if groups else [None] * len(options)
    runs = [(group, [option for _, option in run])
            for group, run in itertools.groupby(zip(labels, options, strict=True), key=lambda pair: pair[0])]
    return Filter(name, label, runs, empty)


def filters(data: dict, site: Site) -> list[Filter]:
    """The filter form's selects, in order; their names are the URL's parameters (after the text's `q`)."""
    units_by_id = {u.id: u for u in site.registries.units.entries}
    unit_rows = sorted(data["units"], key=lambda u: list(UNIT_GROUP_LABELS).index(units_by_id[u[0]].group))
    years = sorted({year for row in data["profiles"] for _, year in row[6] if year}, reverse=True)
    level_of_title = {t.id: t.level for t in site.registries.awards.entries}
    return [
        _filter("loai", "Cá nhân hay tập thể", [(slug, data["kinds"][slug]) for slug in KIND_SLUGS.values()]),
        _filter("don-vi", "Đơn vị", [(u[0], u[1]) for u in unit_rows],
                [UNIT_GROUP_LABELS[units_by_id[u[0]].group] for u in unit_rows]),
        _filter("phong-trao", "Phong trào thi đua", [(m[0], m[1]) for m in data["movements"]]),
        _filter("khen-thuong", "Danh hiệu, hình thức khen thưởng", [(t[0], t[1]) for t in data["awards"]],
                [f"Cấp {LEVEL_LABELS[level_of_title[t[0]]]}" for t in data["awards"]]),
        _filter("cap", "Cấp khen thưởng", [(slug, label) for slug, label in data["levels"]]),
        _filter("nam", "Năm khen thưởng", [(str(y), str(y)) for y in years]),
        _filter(SORT, "Sắp xếp", SORTS, empty=""),
    ]


def script_config(selects: list[Filter]) -> dict:
    """What `explorer.js` shares with the page (its wording is in `explorer.html`): the cards a step shows,
    the URL's parameters, the filters among them, the sort order's, and each kind's card class by its slug."""
    names = [f.name for f in selects]
    return {"pageSize": PAGE_SIZE, "params": ["q", *names], "facets": [n for n in names if n != SORT], "sort": SORT,
            "kindClasses": {slug: kind for kind, slug in KIND_SLUGS.items()}}


def render_explorer(site: Site, photos: Media, templates: Templates) -> tuple[list[Page], list[Asset]]:
    """The explorer's pages (`kham-pha/index.md`, then `trang-2.md`... for readers without JavaScript) and
    its data file."""
    data = explorer_data(site, photos)
    selects = filters(data, site)
    intro = ("Tìm và lọc các cá nhân, tập thể điển hình tiên tiến theo đơn vị, phong trào thi đua, danh "
             "hiệu, cấp và năm khen thưởng. Đường dẫn của trang giữ bộ lọc đã chọn, có thể chia sẻ.")
    pages = render_listing(EXPLORER, "Khám phá điển hình tiên tiến", intro, site.profiles, photos, templates,
                           fragment="explorer.html", data_uri=EXPLORER_DATA_URI, filters=selects,
                           config=script_config(selects), blank_card=BLANK_CARD)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return pages, [Asset(EXPLORER_DATA_URI, content=payload)]
