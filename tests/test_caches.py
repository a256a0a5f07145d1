"""Caches by content: what they keep is reused only while it is still right, and the site built from them is
the site built without them, byte for byte."""

from __future__ import annotations

import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

from generator.derive import DerivedFiles
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


@pytest.mark.own_cache
@pytest.mark.timeout(300)
def test_a_cold_build_makes_the_site_a_warm_build_makes(project, monkeypatch):
    """Nothing derived yet: the photos are derived first, the share images and QR codes on the workers while
    MkDocs writes the pages, and copied once made. The next build finds every file made and waits for none."""
    for i in range(4):
        photo = f"\nphoto: anh/p{i}.jpg" if i % 2 == 0 else ""
        if photo:
            project.photo(f"anh/p{i}.jpg", color=f"#{40 * i:02x}6d3b")
        project.write(f"profiles/p{i}.md", INDIVIDUAL.replace("Nguyễn Văn An", f"Nguyễn Văn An {i}")
                      .replace("unit: van-phong", "unit: van-phong" + photo))
    shutil.rmtree(project.root / ".cache/vinhdanh/renditions", ignore_errors=True)
    made_late = []
    complete = DerivedFiles.complete

    def counting(derived: DerivedFiles) -> None:
        made_late.append(len(derived.pending))
        complete(derived)

    monkeypatch.setattr(DerivedFiles, "complete", counting)
    build(project, project.root / "cold")
    assert made_late[0] == 4 + 4 + 1  # share images, QR codes (enough for the workers) and the program's code
    assert multiprocessing.active_children() == []  # the workers stopped once they were done
    build(project, project.root / "warm")
    assert set(made_late[1:]) == {0}
    cold, warm = snapshot(project.root / "cold"), snapshot(project.root / "warm")
    assert len(cold) > 50 and cold == warm


@pytest.mark.own_cache
def test_a_share_image_that_cannot_be_made_stops_the_build_and_leaves_the_site_as_it_was(project, monkeypatch):
    project.write("profiles/an.md", INDIVIDUAL)
    build(project)
    before = snapshot(project.root / "site")
    shutil.rmtree(project.root / ".cache/vinhdanh/renditions")

    def full_disk(*args: object) -> None:
        raise OSError(28, "No space left on device")

    # Made after MkDocs has written the pages, when the build copies it.
    monkeypatch.setattr("generator.share_images.share_image_task", full_disk)
    with pytest.raises(OSError, match="assets/chia-se/an-.*No space left on device"):
        build(project)
    assert snapshot(project.root / "site") == before
    assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site")) == []
