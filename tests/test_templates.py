"""The fragments' engine: what it escapes, what it refuses, and the filters the fragments use."""

from __future__ import annotations

import datetime as dt

import jinja2
import pytest
from markupsafe import Markup

from generator.templates import FRAGMENTS, Templates


@pytest.fixture
def templates(tmp_path):
    def make(**fragments: str) -> Templates:
        for name, text in fragments.items():
            (tmp_path / f"{name}.html").write_text(text, encoding="utf-8")
        return Templates((tmp_path,))
    return make


def test_every_value_is_escaped_for_where_it_is_written(templates):
    t = templates(x='<p title="{{ v }}">{{ v }}</p>')
    assert t.render("x.html", v='"><script>a&b</script>') == (
        '<p title="&#34;&gt;&lt;script&gt;a&amp;b&lt;/script&gt;">&#34;&gt;&lt;script&gt;a&amp;b&lt;/script&gt;</p>')


def test_safe_html_passes_as_it_is_and_the_result_is_safe_html(templates):
    t = templates(inner="<b>{{ v }}</b>", outer="<div>{{ inner }}</div>")
    inner = t.render("inner.html", v="<")
    assert isinstance(inner, Markup)
    assert t.render("outer.html", inner=inner) == "<div><b>&lt;</b></div>"


def test_a_missing_value_is_an_error_not_an_empty_string(templates):
    with pytest.raises(jinja2.UndefinedError):
        templates(x="{{ nope }}").render("x.html")


def test_url_is_relative_to_the_page_being_written(templates):
    t = templates(x='<a href="{{ (routes.EXPLORER ~ \'/\') | url }}">{{ "ho-so/an/" | url }}</a>')
    assert t.render("x.html", here="ho-so/binh/") == '<a href="../../kham-pha/">../an/</a>'
    assert t.render("x.html", here="") == '<a href="kham-pha/">ho-so/an/</a>'


@pytest.mark.parametrize("link, shown", [
    ("https://maps.example.vn/?q=a&b", '<a href="https://maps.example.vn/?q=a&amp;b">'),
    ("javascript:alert(1)", "none"), ("JaVa\tScRiPt:alert(1)", "none"), ("data:text/html,x", "none"),
    ("mailto:a@b.vn", "none"),
])
def test_safe_url_publishes_web_links_only(templates, link, shown):
    t = templates(x='{% set href = link | safe_url %}{% if href %}<a href="{{ href }}">{% else %}none{% endif %}')
    assert t.render("x.html", link=link) == shown


def test_safe_url_allows_contact_links_where_asked(templates):
    t = templates(x="{{ link | safe_url('contact') }}")
    assert t.render("x.html", link="tel:+84241234567") == "tel:+84241234567"
    assert t.render("x.html", link="javascript:x") == "None"


def test_vietnamese_dates_and_numbers(templates):
    t = templates(x="{{ d | date }} · {{ i | instant }} · {{ n | number }}")
    assert t.render("x.html", d=dt.date(2025, 6, 19), i=dt.datetime(2025, 6, 19, 8, 0), n=1250) == (
        "19/6/2025 · 08:00, thứ Năm, 19/6/2025 · 1.250")


def test_json_in_a_script_cannot_close_it_and_keeps_vietnamese(templates):
    t = templates(x="<script>{{ data | tojson }}</script>")
    out = t.render("x.html", data={"tên": "</script><b>Hòa Lạc</b>"})
    assert "</script><b>" not in out and "Hòa Lạc" in out and out.count("</script>") == 1


def test_a_project_fragment_overrides_the_generators_own(tmp_path):
    (tmp_path / "fragments").mkdir()
    assert Templates.of(tmp_path).folders == (tmp_path / "fragments", FRAGMENTS)
    assert Templates.of(None).folders == (FRAGMENTS,)
    assert Templates.of(tmp_path / "missing").folders == (FRAGMENTS,)


def test_the_previews_last_resort_page_shows_the_message_as_text():
    page = Templates().render("preview-failure.html", message="mẫu giao diện theme/main.html: <script>x</script> & ")
    assert page.startswith("<!doctype html>") and '<html lang="vi">' in page
    assert "<p>mẫu giao diện theme/main.html: &lt;script&gt;x&lt;/script&gt; &amp; </p>" in page


@pytest.mark.parametrize("here, target, link", [
    ("", "", "./"), ("", "ho-so/an/", "ho-so/an/"), ("./", "ho-so/an/", "ho-so/an/"), ("ho-so/an/", "", "../../"),
    ("ho-so/an/", "ho-so/binh/", "../binh/"), ("ho-so/an/", "ho-so/an/", "./"),
    ("ho-so/an/", "assets/anh/an-1-card-240.webp", "../../assets/anh/an-1-card-240.webp"),
    ("don-vi/x/trang-2/", "don-vi/x/", "../"), ("hoi-nghi/nhung.html", "hoi-nghi/", "./"),
    ("hoi-nghi/nhung.html", "feed.xml", "../feed.xml"), ("kham-pha/", "kham-pha/ho-so.json", "ho-so.json"),
    ("a/", "a", "../a"),  # a file named as the page's folder is not that folder
])
def test_relative_links_between_pages_and_files(here, target, link):
    from generator.routes import relative

    assert relative(here, target) == link
