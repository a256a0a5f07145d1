"""Render the explorer: one page that filters exemplars by kind, unit, movement, award and year.

Progressive enhancement: the HTML is the complete listing (paged cards, every profile reachable through
links) with a filter form that stays hidden; `explorer.js` reveals the form, loads the compact data file
written here (`kham-pha/ho-so.json`), and then filters, counts, sorts and shows cards from it, keeping
the filters in the URL's query string so a view can be shared and bookmarked.

The data file holds what a card and the filters need, registries as lists referred to by index, and one
array per profile (`PROFILE_FIELDS`), so that 5,000 profiles stay small enough for a phone.
"""

from __future__ import annotations

import json
from html import escape

from .derive import Media
from .model import KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, Profile, Site
from .output import Asset, Page
from .render_listings import render_listing
from .routes import EXPLORER, EXPLORER_DATA_URI, KIND_SLUGS, index_src, page_url, profile_src, relative
from .text import collation_key, initials, person_name_key, slugify

LEVEL_SLUGS = {level: slugify(label) for level, label in LEVEL_LABELS.items()}
"""Award levels as they appear in the URL (`?cap=thanh-pho`)."""

PROFILE_FIELDS = ["url", "name", "initials", "kind", "unit", "movements", "awards", "position", "photo",
                  "top_award", "name_order", "newest"]
"""Meaning of each profile array in the data file. `awards` holds [award title index, year or 0];
`photo` is [site URL, width, height] or null; `newest` is the latest award date as YYYYMMDD (0: none)."""

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


def _select(name: str, label: str, options: list[tuple[str, str]], groups: dict[str, str] | None = None,
            option_groups: list[str] | None = None, empty: str = "Tất cả") -> str:
    """A labelled `<select>`; with `option_groups`, options are grouped under `groups` labels."""
    items = [f'<option value="">{escape(empty)}</option>'] if empty else []
    current = None
    for i, (value, text) in enumerate(options):
        group = option_groups[i] if option_groups else None
        if group != current:
            if current is not None:
                items.append("</optgroup>")
            items.append(f'<optgroup label="{escape((groups or {})[group])}">')
            current = group
        items.append(f'<option value="{escape(value)}">{escape(text)}</option>')
    if current is not None:
        items.append("</optgroup>")
    field_id = f"vd-filter-{name}"
    return (f'<div class="vd-filter"><label for="{field_id}">{escape(label)}</label>'
            f'<select id="{field_id}" name="{name}">{"".join(items)}</select></div>')


def filter_form(data: dict, site: Site) -> str:
    """The filter form, shown from the first paint when scripts run (the `vd-js` class on <html>), so that
    the cards below do not jump when `explorer.js` has loaded the data; hidden without them."""
    units_by_id = {u.id: u for u in site.registries.units.entries}
    unit_rows = sorted(data["units"], key=lambda u: list(UNIT_GROUP_LABELS).index(units_by_id[u[0]].group))
    years = sorted({year for row in data["profiles"] for _, year in row[6] if year}, reverse=True)
    level_of_title = {t.id: t.level for t in site.registries.awards.entries}
    text = ('<div class="vd-filter vd-filter--text"><label for="vd-filter-q">Tên, đơn vị, chức vụ</label>'
            '<input id="vd-filter-q" name="q" type="search" autocomplete="off" spellcheck="false" '
            'placeholder="Gõ có dấu hoặc không dấu"></div>')
    fields = [
        _select("loai", "Cá nhân hay tập thể", [(slug, data["kinds"][slug]) for slug in KIND_SLUGS.values()]),
        _select("don-vi", "Đơn vị", [(u[0], u[1]) for u in unit_rows], UNIT_GROUP_LABELS,
                [units_by_id[u[0]].group for u in unit_rows]),
        _select("phong-trao", "Phong trào thi đua", [(m[0], m[1]) for m in data["movements"]]),
        _select("khen-thuong", "Danh hiệu, hình thức khen thưởng", [(t[0], t[1]) for t in data["awards"]],
                {k: f"Cấp {v}" for k, v in LEVEL_LABELS.items()}, [level_of_title[t[0]] for t in data["awards"]]),
        _select("cap", "Cấp khen thưởng", [(slug, label) for slug, label in data["levels"]]),
        _select("nam", "Năm khen thưởng", [(str(y), str(y)) for y in years]),
        _select("sap-xep", "Sắp xếp", SORTS, empty=""),
    ]
    # The selects fold away on phones; on wide screens the inline script opens them before the first
    # paint (explorer.js also opens them when a filter is set).
    return (f'<form class="vd-explorer__filters" data-vd-explorer-form aria-label="Lọc hồ sơ">{text}'
            f'<details class="vd-explorer__details"><summary>Lọc và sắp xếp<span data-vd-active></span></summary>'
            f'<div class="vd-explorer__grid">{"".join(fields)}<div class="vd-filter vd-filter--actions">'
            f'<button type="reset" class="md-button">Bỏ lọc</button></div></div></details></form>'
            '<script>document.currentScript.previousElementSibling.querySelector("details").open='
            'matchMedia("(min-width: 60em)").matches</script>')


def render_explorer(site: Site, photos: Media) -> tuple[list[Page], list[Asset]]:
    """The explorer's pages (`kham-pha/index.md`, then `trang-2.md`... for readers without JavaScript) and
    its data file."""
    data = explorer_data(site, photos)
    form = filter_form(data, site)
    intro = ('<p>Tìm và lọc các cá nhân, tập thể điển hình tiên tiến theo đơn vị, phong trào thi đua, danh '
             'hiệu, cấp và năm khen thưởng. Đường dẫn của trang giữ bộ lọc đã chọn, có thể chia sẻ.</p>')

    def nav(here: str) -> str:
        # The form and the data link only on the first page, which the script turns into the explorer.
        if here != page_url(index_src(EXPLORER)):
            return ""
        return (f'<div class="vd-explorer" data-vd-explorer data-src="{relative(here, EXPLORER_DATA_URI)}">{form}'
                f'<p class="vd-explorer__status" hidden></p></div>')

    pages = render_listing(EXPLORER, "Khám phá điển hình tiên tiến", intro, site.profiles, photos, nav)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return pages, [Asset(EXPLORER_DATA_URI, content=payload)]
