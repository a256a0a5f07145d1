"""The stages, one after another: load, derive, render. Render is a pure function of the loaded site and its
derived files: no cache, no disk, no clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil

from generator.derive import derive_site
from generator.derived_files import DerivedFileCache
from generator.render import render_site
from tests.helpers import INDIVIDUAL

NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)
BUILT = dt.datetime(2025, 5, 31, 17, 0, tzinfo=dt.UTC)
ADDRESS = "https://dien-hinh.example.gov.vn/"


def test_render_reads_no_cache_and_gives_the_same_output_for_the_same_arguments(project, tmp_path):
    project.photo("anh/a.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))
    site = project.load()
    cache = DerivedFileCache(tmp_path / "cache")
    derived = derive_site(site, cache, ADDRESS)
    cache.release()
    assert not derived.problems and set(derived.share_images) == {"an"} and set(derived.qr_codes) == {"an"}
    shutil.rmtree(tmp_path / "cache")  # what render needs is in `derived`: it opens no file of the cache

    first = render_site(site, derived, NOW, ADDRESS, BUILT)
    again = render_site(site, derived, NOW, ADDRESS, BUILT)
    assert [dataclasses.astuple(p) for p in first.pages] == [dataclasses.astuple(p) for p in again.pages]
    assert [dataclasses.astuple(a) for a in first.assets] == [dataclasses.astuple(a) for a in again.assets]
    uris = {asset.src_uri for asset in first.assets}
    assert {"assets/qr/ho-so/an.png", "assets/qr/chuong-trinh.png"} <= uris
    assert any(uri.startswith("assets/anh/an-") and uri.endswith("-card-240.webp") for uri in uris)
    assert any(uri.startswith("assets/chia-se/an-") for uri in uris)
    calendar = next(a for a in first.assets if a.src_uri == "hoi-nghi/hoi-nghi.ics").content
    assert b"DTSTAMP:20250531T170000Z" in calendar  # the build's time, as given


def test_without_a_public_address_only_photos_are_derived(project, tmp_path):
    project.photo("anh/a.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))
    site = project.load()
    cache = DerivedFileCache(tmp_path / "cache")
    derived = derive_site(site, cache)
    cache.release()
    assert len(derived.photos) == 1 and not derived.share_images and not derived.qr_codes and not derived.placed

