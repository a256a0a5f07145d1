"""The ceremony's slideshow in real headless Chromium: driven by the keys a presenter (or a clicker) sends, with
the presenter's window in step (BroadcastChannel, and the `storage` fallback alone), from the zip unpacked
and opened from the file system as on the hall's computer (no request to any server), checked by axe, and
photographed at 1920x1080 with the quality screenshots."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.helpers import BROWSER, CHROMIUM, CHROMIUM_ARGS, PHONE, REPO

pytestmark = [*BROWSER, pytest.mark.timeout(300)]

PROJECTOR = {"width": 1920, "height": 1080}
# Where tests/test_quality.py keeps its screenshots, and the axe-core rule sets it runs (a test module imports
# no other: tests/test_structure.py).
ARTIFACTS = Path(os.environ.get("VINHDANH_ARTIFACTS", REPO / "artifacts")) / "quality"
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def usb_stick(sample_site, tmp_path_factory):
    """The sample site's slideshow zip unpacked, as copied to a USB stick: the `file://` address of its page."""
    site, _ = sample_site
    stick = tmp_path_factory.mktemp("usb")
    with zipfile.ZipFile(site / "hoi-nghi/trinh-chieu.zip") as archive:
        archive.extractall(stick)
    return (stick / "trinh-chieu/index.html").as_uri()


def watched(context):
    """A page of `context` that records every request and every error of the page and its console."""
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text) if message.type == "error" else None)
    return page


def shown(page) -> str:
    """The id of the slide the hall's screen shows."""
    return page.evaluate("[...document.querySelectorAll('[data-vd-slide]')].filter(s => !s.hidden).map(s => s.id).join()")


def now_playing(presenter) -> str:
    return presenter.locator("[data-vd-now]").inner_text()


def total_of(page) -> int:
    return page.locator("[data-vd-slide]").count()


def test_the_keys_drive_every_slide_and_the_presenters_window_follows(chromium, usb_stick):
    context = chromium.new_context(viewport=PROJECTOR, locale="vi-VN")
    hall = watched(context)
    hall.goto(usb_stick)
    total = total_of(hall)
    assert total >= 10 and shown(hall) == "trang-1"
    presenter = watched(context)
    presenter.set_viewport_size({"width": 1280, "height": 800})
    presenter.goto(usb_stick + "?nguoi-trinh-bay#trang-1")
    assert presenter.locator("h1:visible").inner_text() == "Màn hình người trình bày"
    assert "Khen thưởng các tập thể, cá nhân điển hình tiên tiến" in presenter.locator(".vd-presenter__item").inner_text()
    assert presenter.locator("[data-vd-clock]").inner_text().count(":") == 2
    for number in range(2, total + 1):
        hall.keyboard.press("ArrowRight" if number % 2 else "PageDown")
        assert shown(hall) == f"trang-{number}" and hall.url.endswith(f"#trang-{number}")
        presenter.wait_for_function(f"document.querySelector('[data-vd-now]').textContent.startsWith('trang {number}/')")
        name = hall.locator(f"#trang-{number} h2").inner_text()
        assert now_playing(presenter).endswith(name)
        next_label = presenter.locator("[data-vd-next-label]").inner_text()
        assert next_label == ("hết" if number == total else f"trang {number + 1}, "
                              + hall.locator(f"#trang-{number + 1} h2").inner_text())
    hall.keyboard.press("ArrowRight")  # past the end: stays on the last slide
    assert shown(hall) == f"trang-{total}"
    hall.keyboard.press("Home")
    assert shown(hall) == "trang-1"
    hall.keyboard.press("End")
    assert shown(hall) == f"trang-{total}"
    for key, expected in (("PageUp", total - 1), ("ArrowLeft", total - 2), ("ArrowUp", total - 3), (" ", total - 2),
                          ("Shift+ ", total - 3), ("ArrowDown", total - 2)):
        hall.keyboard.press(key)
        assert shown(hall) == f"trang-{expected}", key
    presenter.wait_for_function(f"document.querySelector('[data-vd-now]').textContent.startsWith('trang {total - 2}/')")

    # The presenter drives too: the hall's screen follows.
    presenter.keyboard.press("ArrowLeft")
    hall.wait_for_function(f"location.hash === '#trang-{total - 3}'")
    assert shown(hall) == f"trang-{total - 3}"

    # B blanks the hall's screen; the presenter is told, and B again brings it back.
    assert hall.locator("[data-vd-blank]").is_hidden()
    hall.keyboard.press("b")
    assert hall.locator("[data-vd-blank]").is_visible()
    presenter.wait_for_selector("[data-vd-blank-note]:not([hidden])")
    presenter.keyboard.press("B")
    hall.wait_for_selector("[data-vd-blank]", state="hidden")

    # F asks for full screen (granted to the window in front), and F again leaves it.
    hall.bring_to_front()
    hall.keyboard.press("f")
    hall.wait_for_function("document.fullscreenElement === document.documentElement")
    hall.keyboard.press("f")
    hall.wait_for_function("document.fullscreenElement === null")

    # A reload returns to the slide the address carries.
    hall.keyboard.press("Home")
    hall.keyboard.press("ArrowRight")
    hall.keyboard.press("ArrowRight")
    presenter.wait_for_function("document.querySelector('[data-vd-now]').textContent.startsWith('trang 3/')")
    hall.reload()
    assert shown(hall) == "trang-3" and hall.url.endswith("#trang-3")
    assert hall.errors == [] and presenter.errors == []
    context.close()


def test_without_broadcast_channel_the_storage_event_keeps_the_windows_in_step(chromium, usb_stick):
    context = chromium.new_context(viewport=PROJECTOR)
    context.add_init_script("delete window.BroadcastChannel")
    hall = watched(context)
    hall.goto(usb_stick + "#trang-2")
    presenter = watched(context)
    presenter.goto(usb_stick + "?nguoi-trinh-bay")
    # The presenter's window, opened at the first slide, asks where the hall is and goes there.
    presenter.wait_for_function("document.querySelector('[data-vd-now]').textContent.startsWith('trang 2/')")
    assert hall.evaluate("typeof BroadcastChannel") == "undefined"
    hall.keyboard.press("ArrowRight")
    presenter.wait_for_function("document.querySelector('[data-vd-now]').textContent.startsWith('trang 3/')")
    presenter.keyboard.press("End")
    total = total_of(hall)
    hall.wait_for_function(f"location.hash === '#trang-{total}'")
    assert shown(hall) == f"trang-{total}"
    assert hall.errors == [] and presenter.errors == []
    context.close()


def test_the_copy_on_a_usb_stick_shows_every_picture_and_asks_no_server(chromium, usb_stick):
    context = chromium.new_context(viewport=PROJECTOR)
    hall = watched(context)
    hall.goto(usb_stick, wait_until="load")
    hall.wait_for_function("[...document.images].every(i => i.complete)")
    broken = hall.evaluate("[...document.images].filter(i => i.naturalWidth === 0).map(i => i.src)")
    assert hall.evaluate("document.images.length") >= 10 and broken == []
    hall.evaluate("document.fonts.ready")
    assert hall.evaluate("[...document.fonts].some(f => f.family.includes('Be Vietnam Pro') && f.status === 'loaded')")
    assert hall.requests and all(url.startswith("file://") for url in hall.requests), hall.requests
    assert hall.errors == []
    context.close()


def _axe(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [f"{v['impact']} {v['id']}: {v['help']} ({'; '.join(' '.join(n['target']) for n in v['nodes'][:3])})"
            for v in result["violations"]]


def test_axe_finds_nothing_and_each_slide_type_is_photographed(chromium, usb_stick):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(viewport=PROJECTOR)
    hall = watched(context)
    hall.goto(usb_stick)
    hall.evaluate("document.fonts.ready")
    kinds = hall.evaluate("""[...document.querySelectorAll('[data-vd-slide]')].map(s => [s.id,
        s.classList.contains('vd-slide--title') ? 'tieu-de' : (s.classList.contains('vd-slide--collective') ? 'tap-the'
        : 'ca-nhan') + (s.classList.contains('vd-slide--photo') ? '' : '-khong-anh')])""")
    first = {}
    for slide, kind in kinds:
        first.setdefault(kind, slide)
    assert {"tieu-de", "ca-nhan", "tap-the", "ca-nhan-khong-anh"} <= set(first)
    found = []
    for kind, slide in first.items():
        hall.goto(f"{usb_stick}#{slide}")
        hall.wait_for_function(f"!document.getElementById('{slide}').hidden")
        hall.wait_for_function("[...document.images].every(i => i.complete)")
        # As the hall sees it: the buttons, which show while the mouse moves, stay hidden.
        hall.evaluate("document.querySelector('[data-vd-controls]').hidden = true")
        hall.screenshot(path=str(ARTIFACTS / f"trinh-chieu-{kind}-1920.png"), animations="disabled")
        found += [f"{kind}: {problem}" for problem in _axe(hall)]
        hall.reload()  # axe's script out again
    presenter = watched(context)
    presenter.set_viewport_size({"width": 1366, "height": 900})
    presenter.goto(usb_stick + "?nguoi-trinh-bay#" + first["ca-nhan"])
    presenter.wait_for_function("[...document.images].every(i => i.complete)")
    presenter.evaluate("document.fonts.ready")
    presenter.screenshot(path=str(ARTIFACTS / "trinh-chieu-nguoi-trinh-bay-1366.png"), animations="disabled")
    found += [f"presenter: {problem}" for problem in _axe(presenter)]
    context.close()
    # Without JavaScript: the long page of every slide, on a phone and on a desktop.
    for name, viewport in (("dien-thoai", PHONE), ("may-tinh", {"width": 1366, "height": 900})):
        plain = chromium.new_context(viewport=viewport, java_script_enabled=False)
        page = watched(plain)
        page.goto(usb_stick, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
        page.screenshot(path=str(ARTIFACTS / f"trinh-chieu-khong-js-{name}.png"), full_page=True)
        plain.close()
        scripted = chromium.new_context(viewport=viewport, java_script_enabled=True)
        page = watched(scripted)
        page.goto(usb_stick, wait_until="load")
        page.evaluate("document.documentElement.className = ''")  # the long page, with axe's script able to run
        found += [f"long page ({name}): {problem}" for problem in _axe(page)]
        scripted.close()
    # Not even a minor violation, as for every other page type (tests/test_quality.py).
    assert found == [], "\n".join(found)
