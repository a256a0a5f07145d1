"""Open data, feeds and structured data: valid, complete, and without drafts or scheduled profiles."""

import csv
import email.utils
import io
import json
import re
import xml.etree.ElementTree as ET

from generator.load import Paths, load_site
from tests.helpers import REPO, TODAY, site_text

SITE_URL = re.search(r"(?m)^site_url: (\S+)", (REPO / "mkdocs.yml").read_text()).group(1)


def unpublished_names() -> list[str]:
    """The names of the sample profiles the sample site leaves out: a draft and one scheduled after `TODAY`."""
    skipped = load_site(Paths.at(REPO), today=TODAY).skipped
    assert {p.status for p in skipped} >= {"draft", "scheduled"}
    return [p.name for p in skipped]


def test_open_data_lists_every_published_exemplar_with_awards(sample_site):
    site, summary = sample_site
    data = json.loads((site / "du-lieu/dien-hinh.json").read_text())
    assert data["count"] == summary.published == len(data["exemplars"])
    first = data["exemplars"][0]
    assert {"id", "name", "kind", "unit", "awards", "url"} <= set(first) and "birth_year" not in first
    assert all(a["decision"] for e in data["exemplars"] for a in e["awards"])
    rows = list(csv.DictReader(io.StringIO((site / "du-lieu/dien-hinh.csv").read_text(encoding="utf-8-sig"))))
    assert {r["id"] for r in rows} == {e["id"] for e in data["exemplars"]}
    assert len(rows) == sum(max(1, len(e["awards"])) for e in data["exemplars"])
    # Written record by record (the preview keeps each), it reads as one document written whole would.
    text = (site / "du-lieu/dien-hinh.json").read_text()
    assert text == json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    written = (site / "du-lieu/dien-hinh.csv").read_bytes().decode()
    whole = io.StringIO()
    csv.writer(whole).writerows(csv.reader(io.StringIO(written.removeprefix("\ufeff"), newline="")))
    assert written == "\ufeff" + whole.getvalue()


def test_feeds_are_valid_and_absolute(sample_site):
    site, summary = sample_site
    atom = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = atom.findall("a:entry", ns)
    published = summary.published + summary.articles  # the profiles and the articles
    assert len(entries) == published and summary.articles == 4
    ids = [e.find("a:id", ns).text for e in entries]
    assert all(i.startswith((SITE_URL + "ho-so/", SITE_URL + "tin-bai/")) for i in ids)
    assert sum(i.startswith(SITE_URL + "tin-bai/") for i in ids) == summary.articles
    rss = ET.parse(site / "rss.xml").getroot()
    assert len(rss.findall("channel/item")) == published
    feed = json.loads((site / "feed.json").read_text())
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and len(feed["items"]) == published
    dates = [item["date_published"] for item in feed["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    # RFC 3339 in Atom and JSON Feed (the day's start in UTC), RFC 822 in RSS: the same days.
    assert [e.find("a:updated", ns).text for e in entries] == dates
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", d) for d in dates)
    assert [email.utils.parsedate_to_datetime(i.findtext("pubDate")).date().isoformat()
            for i in rss.findall("channel/item")] == [d[:10] for d in dates]


def test_drafts_and_scheduled_profiles_are_in_no_feed_or_data_file(sample_site):
    site, _ = sample_site
    files = {path: (site / path).read_text(encoding="utf-8-sig")  # each of them is written
             for path in ("feed.xml", "rss.xml", "feed.json", "du-lieu/dien-hinh.json", "du-lieu/dien-hinh.csv",
                          "sitemap.xml", "hoi-nghi/chuong-trinh.json", "kham-pha/ho-so.json")}
    files["pagefind/"] = site_text(site / "pagefind")  # the search index, unpacked
    assert "Đặng Thị Thu Hường" in files["pagefind/"]  # a published name is found there
    for name in unpublished_names():
        for path, text in files.items():
            assert name not in text, (name, path)


def test_profile_pages_carry_schema_org_json_ld(sample_site):
    site, _ = sample_site
    html = (site / "ho-so/dang-thi-thu-huong/index.html").read_text()
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    person = json.loads(script)
    assert person["@type"] == "Person" and person["name"] == "Đặng Thị Thu Hường"
    assert person["url"] == SITE_URL + "ho-so/dang-thi-thu-huong/"
    assert any(a.startswith("Chiến sĩ thi đua") for a in person["award"])
    team = json.loads(re.findall(r'<script type="application/ld\+json">(.*?)</script>',
                                 (site / "ho-so/to-smt-so-2-sao-mai/index.html").read_text())[0])
    assert team["@type"] == "Organization" and team["numberOfEmployees"]["value"] > 0
    assert f'<link rel="canonical" href="{SITE_URL}ho-so/dang-thi-thu-huong/">' in html


def test_json_ld_cannot_close_its_script(project):
    from generator.render_opendata import linked_data
    from generator.templates import Templates
    from tests.helpers import INDIVIDUAL

    project.write("profiles/x.md", INDIVIDUAL.replace("position: Chuyên viên", 'position: "A & B"'))
    site = project.load()
    script = Templates().render("json-ld.html", linked_data=linked_data(site.profiles[0], site.conference.data.organiser, "https://example.org/"))
    assert script.count("</script>") == 1 and "&" not in script.removeprefix('<script type="application/ld+json">')
