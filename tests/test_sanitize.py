"""Story Markdown: hostile HTML never survives, ordinary formatting does."""

import pytest

from generator.stories import render_story


@pytest.mark.parametrize("hostile, forbidden", [
    ("<script>alert(1)</script>", ["<script", "alert(1)"]),
    ("<iframe src='https://evil.example'></iframe>", ["<iframe", "evil.example"]),
    ('<img src=x onerror="alert(1)">', ["onerror", "<img"]),
    ("[bấm](javascript:alert(1))", ["javascript:"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript", "JaVaScRiPt"]),
    ('<div style="position:fixed;inset:0">phủ</div>', ["style=", "position:fixed"]),
    ("<style>body{display:none}</style>", ["<style", "display:none"]),
    ('<form action="https://evil.example"><input name=p></form>', ["<form", "<input"]),
    ('<svg onload="alert(1)"><circle/></svg>', ["<svg", "onload"]),
    ("<object data=x></object><embed src=x>", ["<object", "<embed"]),
    ('<p onclick="alert(1)">x</p>', ["onclick"]),
    ("<!-- <script>alert(1)</script> -->", ["<script", "<!--"]),
])
def test_hostile_html_is_removed(hostile, forbidden):
    html = render_story(f"Trước.\n\n{hostile}\n\nSau.").html
    for needle in forbidden:
        assert needle.lower() not in html.lower()
    assert "Trước." in html and "Sau." in html


def test_ordinary_formatting_survives():
    story = ("## Sáng kiến\n\n**Đậm**, *nghiêng* và [liên kết](https://example.org).\n\n"
             "- một\n- hai\n\n> Trích dẫn\n\n| Năm | Kết quả |\n|---|---|\n| 2024 | 40% |\n")
    html = render_story(story).html
    assert "<h3>Sáng kiến</h3>" in html
    assert "<strong>Đậm</strong>" in html and "<em>nghiêng</em>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer">liên kết</a>' in html
    assert "<li>một</li>" in html and "<blockquote>" in html and "<td>40%</td>" in html
