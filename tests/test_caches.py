"""Caches by content: what they keep is reused only while it is still right, and the site built from them is
the site built without them, byte for byte."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.stories import StoryCache
from tests.helpers import INDIVIDUAL, build, snapshot


class Targets:
    """Story targets whose answers a test changes."""

    def __init__(self):
        self.published = True
        self.asked = 0

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        self.asked += 1
        return ("../binh/", "") if self.published else (None, "hồ sơ 'Bình' chưa được xuất bản")

    def image(self, path: str) -> tuple[Path | None, str]:
        return None, "không có ảnh"


STORY = "Cùng [chị Bình](binh.md) đổi mới quy trình.\n\n![Ảnh](khong-co.jpg)\n"


def test_a_story_is_taken_from_the_cache_while_its_links_resolve_as_before(tmp_path, monkeypatch):
    path = tmp_path / "stories.json"
    targets = Targets()
    first = StoryCache(path)
    rendered = first.render(STORY, targets)
    assert '<a href="../binh/" rel="noopener noreferrer">chị Bình</a>' in rendered.html
    first.save()

    calls = []
    monkeypatch.setattr("generator.stories.render_story", lambda *a: calls.append(a))
    again = StoryCache(path).render(STORY, targets)
    assert calls == [] and again == rendered  # from the file: the same story, its notes included
    assert [n.message for n in again.notes] == [n.message for n in rendered.notes] and again.notes


def test_a_story_is_rendered_again_when_a_link_resolves_differently(tmp_path):
    path = tmp_path / "stories.json"
    targets = Targets()
    cache = StoryCache(path)
    cache.render(STORY, targets)
    cache.save()
    targets.published = False
    story = StoryCache(path).render(STORY, targets)
    assert "href" not in story.html and "chị Bình" in story.html


def test_a_changed_renderer_or_an_unreadable_file_means_no_cache(tmp_path):
    path = tmp_path / "stories.json"
    cache = StoryCache(path)
    cache.render(STORY, Targets())
    cache.save()
    kept = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**kept, "version": "older"}), encoding="utf-8")
    assert StoryCache(path).entries == {}
    path.write_text("{not json", encoding="utf-8")
    assert StoryCache(path).entries == {}


def test_only_the_stories_a_build_used_are_kept(tmp_path):
    path = tmp_path / "stories.json"
    cache = StoryCache(path)
    cache.render("Một.", Targets())
    cache.render("Hai.", Targets())
    cache.save()
    cache = StoryCache(path)
    cache.render("Hai.", Targets())
    cache.save()
    assert len(json.loads(path.read_text(encoding="utf-8"))["stories"]) == 1


@pytest.mark.timeout(300)
def test_a_site_built_from_the_caches_is_the_site_built_without_them(project):
    project.write("profiles/an.md", INDIVIDUAL + "\nCùng [chị Bình](binh.md) và ![ảnh](anh/a.jpg).\n")
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình"))
    project.photo("anh/a.jpg")
    stories = project.root / ".cache/vinhdanh/stories.json"
    stories.unlink(missing_ok=True)
    build(project, project.root / "cold")
    assert stories.is_file()  # the second build reads it
    build(project, project.root / "warm")
    cold, warm = snapshot(project.root / "cold"), snapshot(project.root / "warm")
    assert len(cold) > 50 and cold == warm
