"""The conference pages in real headless Chromium, with a fixed clock and chosen time zones."""

import datetime as dt
import functools
import http.server
import re
import threading
import zoneinfo

import pytest

from tests.helpers import BROWSER, REPO, TODAY, QuietHandler, new_project, serve, use_cache

pytestmark = BROWSER

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(scope="module")
def base_url(sample_site):
    site, _ = sample_site
    with serve(site) as url:
        yield url


def open_at(chromium, url, when, timezone="Asia/Ho_Chi_Minh", javascript=True, viewport=None):
    """A page of a fresh context whose clock reads `when` (and is frozen until advanced)."""
    context = chromium.new_context(timezone_id=timezone, java_script_enabled=javascript, locale="vi-VN",
                                   viewport=viewport or {"width": 1366, "height": 900})
    page = context.new_page()
    if javascript:
        # Installed a day early, before the page has a timer, then jumped to `when`: the installed clock runs
        # in real time until paused, and a second early was overtaken on a loaded machine ("Cannot
        # fast-forward to the past").
        page.clock.install(time=when - dt.timedelta(days=1))
        page.clock.pause_at(when)
    page.goto(url, wait_until="networkidle")
    return page


def timer_text(page) -> list[str]:
    return page.locator(".vd-countdown .vd-timer__value").all_inner_texts()


@pytest.mark.parametrize("when, state, timer", [
    (dt.datetime(2025, 6, 16, 7, 30, 15, tzinfo=HANOI), "Sắp diễn ra", ["3", "00", "29", "45"]),
    (dt.datetime(2025, 6, 19, 6, 0, 0, tzinfo=HANOI), "Hôm nay", ["0", "02", "00", "00"]),
    (dt.datetime(2025, 6, 19, 9, 0, 0, tzinfo=HANOI), "Đang diễn ra", ["0", "02", "30", "00"]),
    (dt.datetime(2025, 6, 20, 9, 0, 0, tzinfo=HANOI), "Đã diễn ra", None),
])
def test_every_countdown_state(chromium, base_url, when, state, timer):
    page = open_at(chromium, base_url + "hoi-nghi/", when)
    assert page.locator(".vd-countdown__state").inner_text().casefold() == state.casefold()
    if timer is None:
        assert page.locator(".vd-countdown .vd-timer").is_hidden()
        assert page.locator(".vd-countdown .vd-timer").bounding_box() is None  # no empty room kept for it
        assert page.locator("[data-vd-after]").is_visible()  # the recap, once it has been held
    else:
        assert timer_text(page) == timer
        assert page.locator("[data-vd-after]").is_hidden()
    page.context.close()


def test_same_remaining_time_in_two_time_zones(chromium, base_url):
    when = dt.datetime(2025, 6, 18, 22, 15, 0, tzinfo=HANOI)  # 17:15 the day before in New York... and UTC 15:15
    seen = []
    for zone in ("Asia/Ho_Chi_Minh", "America/New_York", "Pacific/Kiritimati"):
        page = open_at(chromium, base_url + "hoi-nghi/", when, timezone=zone)
        seen.append((page.locator(".vd-countdown__state").inner_text(), timer_text(page)))
        page.context.close()
    assert seen[0] == seen[1] == seen[2] == ("SẮP DIỄN RA", ["0", "09", "45", "00"]) or \
        seen[0] == seen[1] == seen[2] == ("Sắp diễn ra", ["0", "09", "45", "00"])


def test_countdown_ticks_without_spamming_screen_readers(chromium, base_url):
    page = open_at(chromium, base_url + "hoi-nghi/", dt.datetime(2025, 6, 19, 7, 59, 50, tzinfo=HANOI))
    page.evaluate("""() => {
        window.__changes = 0;
        new MutationObserver(() => window.__changes++).observe(
            document.querySelector('.vd-countdown__state'), {childList: true, characterData: true, subtree: true});
    }""")
    assert page.get_by_role("timer").count() == 1
    page.clock.run_for(5000)
    assert timer_text(page)[-1] == "05"
    assert page.evaluate("window.__changes") == 0  # the live region did not change while ticking
    page.clock.run_for(6000)  # 08:00:01: the state changes once
    assert page.locator(".vd-countdown__state").inner_text().casefold() == "đang diễn ra"
    assert page.evaluate("window.__changes") == 1
    page.context.close()


def test_without_javascript_date_time_zone_and_program_link_show(chromium, base_url):
    page = open_at(chromium, base_url + "hoi-nghi/", None, javascript=False)
    text = page.locator(".vd-countdown").inner_text()
    assert "Từ 08:00 đến 11:30, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7)" in text
    assert page.locator(".vd-countdown .vd-timer").is_hidden()  # no "--" placeholders
    assert page.get_by_role("link", name="Xem chương trình").get_attribute("href") == "chuong-trinh/"
    page.context.close()


@pytest.fixture(scope="module")
def instant_url(tmp_path_factory, shared_cache):
    """The sample site built with `site_url` at its test server: Material's instant navigation only
    intercepts links listed in the sitemap, matched on host and path (and so on port too)."""
    import shutil

    from generator.load import Paths
    from generator.publish import build_site

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    root = tmp_path_factory.mktemp("instant") / "project"
    root.mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url: .*$", f"site_url: {url}", config), encoding="utf-8")
    use_cache(root, shared_cache)
    for name in ("content", "theme", "data", "profiles"):
        shutil.copytree(REPO / name, root / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VINHDANH_TODAY", TODAY.isoformat())
        build_site(Paths.at(root), root / "mkdocs.yml", root / "site")
    server.RequestHandlerClass = functools.partial(QuietHandler, directory=str(root / "site"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


def test_countdown_works_after_instant_navigation(chromium, instant_url):
    page = open_at(chromium, instant_url, dt.datetime(2025, 6, 18, 8, 0, 0, tzinfo=HANOI))
    loads = []
    page.on("load", lambda _: loads.append(1))
    page.locator(".md-tabs").get_by_role("link", name="Hội nghị").click()
    page.wait_for_url(re.compile(r"/hoi-nghi/$"))
    page.wait_for_selector(".vd-countdown .vd-timer:not([hidden])")
    assert loads == []  # Material swapped the page in without a full load
    assert timer_text(page) == ["1", "00", "00", "00"]
    page.clock.run_for(2000)
    assert timer_text(page) == ["0", "23", "59", "58"]
    page.context.close()


def test_program_marks_now_and_next_while_running(chromium, base_url):
    page = open_at(chromium, base_url + "hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI))
    now = page.locator(".vd-session.is-now")
    assert now.count() == 1 and now.get_attribute("data-start") == "2025-06-19T08:55:00+07:00"
    assert now.get_attribute("aria-current") == "time"
    assert now.locator("[data-vd-badge]").text_content() == "Đang diễn ra"
    following = page.locator(".vd-session.is-next")
    assert following.count() == 1 and following.get_attribute("data-start") == "2025-06-19T09:10:00+07:00"
    page.context.close()
    before = open_at(chromium, base_url + "hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 18, 9, 0, tzinfo=HANOI))
    assert before.locator(".vd-session.is-now, .vd-session.is-next").count() == 0
    before.context.close()


def test_program_comes_first_on_a_phone_and_its_qr_code_only_on_paper(chromium, base_url):
    page = open_at(chromium, base_url + "hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 1, 9, 0, tzinfo=HANOI),
                   viewport={"width": 390, "height": 844})
    first = page.locator(".vd-session").first.bounding_box()
    assert first["y"] + first["height"] <= 844  # the first item is on the first screen
    assert page.locator(".vd-print-qr").is_hidden()
    downloads = page.get_by_role("heading", name="Tải về").bounding_box()
    assert downloads["y"] > page.locator(".vd-session").last.bounding_box()["y"]
    page.context.close()


def test_program_prints_on_one_a4_page(chromium, base_url):
    page = open_at(chromium, base_url + "hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI))
    page.emulate_media(media="print")
    qr = page.locator(".vd-print-qr img")
    assert qr.is_visible() and qr.evaluate("i => i.complete && i.naturalWidth > 0")  # the way back to the site
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1
    page.context.close()


UNDECIDED = """\
campaign: Tôn vinh điển hình tiên tiến
organiser: Ban Quản lý
title: Hội nghị điển hình tiên tiến
start: "2025-06-19 08:00"
banner: true
recap: Hội nghị đã biểu dương các điển hình tiên tiến.
"""
"""A conference whose end, venue and program are not decided yet."""


@pytest.fixture(scope="module")
def undecided_url(tmp_path_factory, shared_cache):
    from generator.load import Paths
    from generator.publish import build_site

    root = new_project(tmp_path_factory.mktemp("undecided") / "project", shared_cache).root
    (root / "data/conference.yml").write_text(UNDECIDED, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VINHDANH_TODAY", TODAY.isoformat())
        build_site(Paths.at(root), root / "mkdocs.yml", root / "site")
    with serve(root / "site") as url:
        yield url


def watch_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


@pytest.mark.timeout(300)
@pytest.mark.parametrize("path, root", [("hoi-nghi/", ".vd-countdown"), ("hoi-nghi/nhung.html", ".vd-embed"),
                                        ("", ".vd-event"), ("dien-hinh/", ".vd-banner")])
def test_countdown_without_an_end_counts_to_the_start_runs_all_day_and_is_held_the_next_day(
        chromium, undecided_url, path, root):
    page = open_at(chromium, undecided_url + path, dt.datetime(2025, 6, 18, 8, 0, 0, tzinfo=HANOI))
    errors = watch_errors(page)
    box = page.locator(root)
    assert "giờ kết thúc sẽ thông báo sau" in box.inner_text()
    state = box.locator("[data-vd-state]")
    assert state.inner_text().casefold() == "sắp diễn ra"
    assert box.locator(".vd-timer__value").all_text_contents() == ["1", "00", "00", "00"]
    page.clock.fast_forward(24 * 3600 * 1000 + 1000)  # 08:00:01 on the day: running, with no end to count to
    page.wait_for_function("el => el.getAttribute('data-state') === 'live'", arg=box.element_handle())
    assert state.inner_text().casefold() == "đang diễn ra"
    assert box.locator(".vd-timer").bounding_box() is None  # hidden, and no empty room kept for it
    page.clock.fast_forward(16 * 3600 * 1000)  # 00:00:01 the next day in Hanoi: held
    page.wait_for_function("el => el.getAttribute('data-state') === 'past'", arg=box.element_handle())
    assert state.inner_text().casefold() == "đã diễn ra"
    if path == "hoi-nghi/":
        assert page.locator("[data-vd-after]").is_visible()  # the recap
    assert errors == []
    page.context.close()


def test_program_to_be_announced_reads_well_without_errors(chromium, undecided_url):
    page = open_at(chromium, undecided_url + "hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI))
    errors = watch_errors(page)
    page.clock.run_for(11000)  # the program script ticks every 10 seconds
    assert page.get_by_text("Chương trình chi tiết sẽ thông báo sau.").is_visible()
    assert page.locator(".vd-session").count() == 0
    assert errors == []
    page.context.close()
