"""Open data and feeds: what the e-portal and readers reuse, built from published profiles only.

- `du-lieu/dien-hinh.json` and `du-lieu/dien-hinh.csv`: every published exemplar with its awards;
- `feed.xml` (Atom), `rss.xml` (RSS 2.0) and `feed.json` (JSON Feed 1.1): the newest published profiles
  and articles (an article's date is the one it is written with).

A profile's publication date is its `publish_on`, else the date of its consent to publication, else its
newest award decision: the best record the files hold of when it became public.

Whatever the text, every file stays well-formed: CSV cells cannot start a formula in Excel, and feeds hold
only characters XML allows, with dates valid at either end of the calendar.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from email.utils import format_datetime

from .model import Profile, Site
from .output import Asset
from .render_articles import plain_summary
from .routes import (
    ATOM_FEED,
    JSON_FEED,
    OPEN_DATA_CSV,
    OPEN_DATA_JSON,
    RSS_FEED,
    absolute,
    article_src,
    page_url,
    profile_src,
)

FEED_SIZE = 50
"""Entries in each feed: the newest profiles and articles."""


def published_on(profile: Profile) -> dt.date | None:
    """When a profile became public, as well as its file records it."""
    data = profile.data
    if data.publish_on:
        return data.publish_on
    if data.consent:
        return data.consent.date
    dates = [a.award.date for a in profile.awards if a.award.date]
    return max(dates) if dates else None


def _record(profile: Profile) -> dict:
    data = profile.data
    published = published_on(profile)
    return {
        "id": profile.id,
        "url": page_url(profile_src(profile)),
        "name": profile.name,
        "kind": profile.kind,
        "honorific": data.honorific,
        "prefix": data.prefix,
        "position": data.position,
        "unit": {"id": profile.unit.id, "name": profile.unit.name},
        "movements": [{"id": m.id, "name": m.name} for m in profile.movements],
        "awards": [
            {"title_id": a.title.id, "title": a.wording, "level": a.title.level, "year": a.award.award_year,
             "decision": a.award.decision, "date": a.award.date.isoformat() if a.award.date else None,
             "issuer": a.award.issuer}
            for a in profile.awards
        ],
        "highlights": data.highlights,
        "paper": data.paper.title if data.paper else None,
        "published": published.isoformat() if published else None,
    }


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell that Excel shows as the text it is: text starting like a formula (`=`, `+`, `-`, `@`, tab,
    carriage return) gets a leading `'`, as OWASP recommends ("=HYPERLINK(...)" would otherwise run)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def excel_csv(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as CSV for Excel: UTF-8 with the byte-order mark Excel needs for Vietnamese, RFC 4180 quoting,
    every text cell passed through `spreadsheet_cell`."""
    return ("\ufeff" + _csv_text(rows)).encode()


def _csv_text(rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([spreadsheet_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


OPEN_DATA_HEADERS = ["id", "ho_ten", "loai", "chuc_vu", "don_vi", "danh_hieu", "cap", "nam", "so_quyet_dinh",
                     "ngay_quyet_dinh", "cap_quyet_dinh", "duong_dan"]
"""The open data CSV's columns: one row per award."""


@dataclass(frozen=True)
class OpenDataEntry:
    """One profile's part of the open data, as written in its files: the live preview keeps it by the profile
    (`render.render_site`), so that an edit encodes one record, not every one."""

    json: str
    """Its record in the JSON document, indented as `json.dumps(..., indent=1)` writes it at the top level."""
    csv: str
    """Its CSV rows (one per award; one without award columns when it has none)."""


def open_data_entry(profile: Profile) -> OpenDataEntry:
    """The open data of one published exemplar. Birth years are left out: personal data beyond what the
    pages show is not re-published in bulk."""
    r = _record(profile)
    rows = [[r["id"], r["name"], r["kind"], r["position"] or "", r["unit"]["name"], award.get("title", ""),
             award.get("level", ""), award.get("year") or "", award.get("decision") or "", award.get("date") or "",
             award.get("issuer") or "", r["url"]]
            for award in r["awards"] or [{}]]
    return OpenDataEntry(json.dumps(r, ensure_ascii=False, indent=1), _csv_text(rows))


def render_open_data(site: Site, entries: Sequence[OpenDataEntry] | None = None) -> list[Asset]:
    """The published exemplars as JSON (nested awards) and CSV (one row per award, UTF-8 with BOM for Excel):
    `entries` are `open_data_entry` of each of `site.profiles`, in order (None: made here).

    The JSON is written as `json.dumps(document, ensure_ascii=False, indent=1)` would write it, from each
    record's text: JSON strings hold no raw line break, so a record is moved two levels in by indenting its
    lines."""
    if entries is None:
        entries = [open_data_entry(p) for p in site.profiles]
    document = json.dumps({"title": site.conference.data.campaign, "publisher": site.conference.data.organiser,
                           "licence": "Dữ liệu công khai; ghi rõ nguồn khi sử dụng lại.", "count": len(entries),
                           "exemplars": []}, ensure_ascii=False, indent=1)
    if entries:
        records = ",\n".join("  " + entry.json.replace("\n", "\n  ") for entry in entries)
        document = document.removesuffix("[]\n}") + "[\n" + records + "\n ]\n}"
    return [
        Asset(OPEN_DATA_JSON, content=(document + "\n").encode()),
        Asset(OPEN_DATA_CSV, content=("\ufeff" + _csv_text([OPEN_DATA_HEADERS])
                                      + "".join(entry.csv for entry in entries)).encode()),
    ]


def linked_data(profile: Profile, organiser: str, site_url: str | None) -> dict:
    """schema.org `Person` or `Organization` with its awards, its unit's parent the `organiser`: the data
    `json-ld.html` writes into the page's head, as JSON no text can close the script element of."""
    data = profile.data
    unit = {"@type": "Organization", "name": profile.unit.name,
            "parentOrganization": {"@type": "GovernmentOrganization", "name": organiser}}
    thing: dict = {"@context": "https://schema.org", "name": profile.name,
                   "award": [f"{a.wording} ({a.award.award_year})" if a.award.award_year else a.wording
                             for a in profile.awards]}
    if profile.kind == "individual":
        thing.update({"@type": "Person", "worksFor": unit})
        if data.prefix or data.honorific:
            thing["honorificPrefix"] = " ".join(x for x in (data.honorific, data.prefix) if x)
        if data.position:
            thing["jobTitle"] = data.position
    else:
        thing.update({"@type": "Organization", "parentOrganization": unit})
        if data.headcount:
            thing["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": data.headcount}
    if site_url:
        thing["url"] = absolute(site_url, page_url(profile_src(profile)))
    return thing


@dataclass(frozen=True)
class FeedEntry:
    """An entry of the feeds: a published profile or article."""

    title: str
    path: str
    """The page's site path."""
    summary: str
    day: dt.date
    key: str
    """What orders entries of the same day (stable across builds)."""


def _newest(site: Site) -> list[FeedEntry]:
    """The newest profiles and articles, newest first, at most `FEED_SIZE`."""
    entries = [FeedEntry(p.display_name, page_url(profile_src(p)), _summary(p), published_on(p) or dt.date(2000, 1, 1),
                         f"ho-so/{p.id}") for p in site.profiles]
    entries += [FeedEntry(a.title, page_url(article_src(a)), plain_summary(a), a.data.date, f"tin-bai/{a.id}")
                for a in site.articles]
    return sorted(entries, key=lambda e: (e.day, e.key), reverse=True)[:FEED_SIZE]


# Characters XML 1.0 does not allow (C0 controls but tab and line breaks, surrogates, U+FFFE and U+FFFF) and
# the other noncharacters of Unicode, which no reader can show: dropped from everything a feed says.
_NOT_IN_FEEDS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef"
                           + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                     for plane in range(17)) + "]")


def _feed_text(text: str) -> str:
    return _NOT_IN_FEEDS.sub("", text)


def _feed_xml(element: ET.Element) -> bytes:
    """`element` as a UTF-8 XML document, every text and attribute cleaned with `_feed_text`."""
    for node in element.iter():
        node.text = node.text and _feed_text(node.text)
        node.attrib = {key: _feed_text(value) for key, value in node.attrib.items()}
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def _feed_json(value: object) -> object:
    """`value` (JSON data) with every string cleaned with `_feed_text`."""
    if isinstance(value, str):
        return _feed_text(value)
    if isinstance(value, dict):
        return {key: _feed_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_feed_json(item) for item in value]
    return value


def _rfc3339(day: dt.date) -> str:
    """A date as the start of its day in UTC: "2025-06-10T00:00:00Z", the same calendar day.

    Not midnight in the site's zone: that overflows at the ends of the calendar (year 1 minus 7 hours), and
    Hanoi's offset before 1906 had seconds, which RFC 3339 cannot write.
    """
    return f"{day.isoformat()}T00:00:00Z"


def _rfc822(day: dt.date) -> str | None:
    """A date for RSS (RFC 822 as RFC 2822 writes it: four-digit years from 1900); None before 1900."""
    if day.year < 1900:
        return None
    return format_datetime(dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC), usegmt=True)


def _summary(profile: Profile) -> str:
    parts = [x for x in (profile.data.position, profile.unit.name) if x]
    if profile.top_award:
        parts.append(profile.top_award.wording)
    return ". ".join(parts)


def render_feeds(site: Site, site_url: str | None, now: dt.datetime) -> list[Asset]:
    """Atom, RSS and JSON Feed of the newest published profiles and articles; none without a `site_url` (feeds need
    absolute links)."""
    if not site_url:
        return []
    conf = site.conference.data
    entries = _newest(site)
    updated = _rfc3339(max((e.day for e in entries), default=now.date()))
    home = absolute(site_url, "")

    atom = ET.Element("feed", xmlns="http://www.w3.org/2005/Atom", attrib={"xml:lang": "vi"})
    ET.SubElement(atom, "title").text = conf.campaign
    ET.SubElement(atom, "id").text = home
    ET.SubElement(atom, "updated").text = updated
    ET.SubElement(atom, "link", href=home)
    ET.SubElement(atom, "link", rel="self", href=absolute(site_url, ATOM_FEED))
    ET.SubElement(ET.SubElement(atom, "author"), "name").text = conf.organiser
    for e in entries:
        url = absolute(site_url, e.path)
        entry = ET.SubElement(atom, "entry")
        ET.SubElement(entry, "title").text = e.title
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "link", href=url)
        ET.SubElement(entry, "updated").text = _rfc3339(e.day)
        ET.SubElement(entry, "summary").text = e.summary

    rss = ET.Element("rss", version="2.0")
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = conf.campaign
    ET.SubElement(channel, "link").text = home
    ET.SubElement(channel, "description").text = conf.tagline or conf.campaign
    ET.SubElement(channel, "language").text = "vi"
    for e in entries:
        url = absolute(site_url, e.path)
        item = ET.SubElement(channel, "item")
        ET.SubElement(item, "title").text = e.title
        ET.SubElement(item, "link").text = url
        ET.SubElement(item, "guid", isPermaLink="true").text = url
        if pub_date := _rfc822(e.day):
            ET.SubElement(item, "pubDate").text = pub_date
        ET.SubElement(item, "description").text = e.summary

    json_feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": conf.campaign,
        "home_page_url": home,
        "feed_url": absolute(site_url, JSON_FEED),
        "language": "vi",
        "authors": [{"name": conf.organiser}],
        "items": [{"id": absolute(site_url, e.path), "url": absolute(site_url, e.path),
                   "title": e.title, "summary": e.summary, "date_published": _rfc3339(e.day)}
                  for e in entries],
    }

    json_text = json.dumps(_feed_json(json_feed), ensure_ascii=False, indent=1) + "\n"
    return [Asset(ATOM_FEED, content=_feed_xml(atom)), Asset(RSS_FEED, content=_feed_xml(rss)),
            Asset(JSON_FEED, content=json_text.encode())]
