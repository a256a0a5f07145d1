"""`vinhdanh build`: the site built at its public address into a fresh folder, swapped in only on success.

The previous site stays whole until the new one is complete: a failed check or build writes nothing into
the site directory, and the swap is two renames (`build.check_site_dir` says which folders may be replaced).

A build has one public address (`site_url` in mkdocs.yml, or `vinhdanh build --site-url`): canonical links,
the sitemap, feeds, QR codes and share images all print it. A build for publication (`--deploy`) refuses a
missing or example address before anything else, since printed QR codes cannot be taken back; a local build
or preview keeps the placeholder.
"""

from __future__ import annotations

import contextlib
import fcntl
import ipaddress
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from . import mkdocs_plugin
from .build import check_site_dir, load
from .load import Paths
from .model import STATUS_LABELS, Site
from .problems import visible
from .urls import safe_url


class AddressError(Exception):
    """The site's public address cannot be used; the message says why and what to do, in Vietnamese."""


_ADDRESS_FORM = "https://<tên miền>/<đường dẫn>/"
_EXAMPLE_HOSTS = {"example.github.io", "example.com", "example.net", "example.org", "localhost"}
"""Hosts that name no real site: mkdocs.yml's placeholder and the names reserved for examples and tests."""
_EXAMPLE_DOMAINS = ("example", "test", "invalid", "localhost")
"""Top-level domains reserved for examples and tests (RFC 2606, RFC 6761)."""


def site_address(url: str) -> str:
    """`url` as a site's public address: absolute http(s) with a host, no query or fragment, ending in `/`.

    AddressError otherwise. Pages live under it (`ho-so/an/`), so the slash is added when missing.
    """
    cleaned = safe_url(url.strip())
    parts = urlsplit(cleaned) if cleaned else None
    if cleaned is None or parts is None or parts.query or parts.fragment or "@" in parts.netloc:
        raise AddressError(visible(f"'{url}' không phải địa chỉ trang web đầy đủ; hãy ghi dạng {_ADDRESS_FORM}."))
    return cleaned.rstrip("/") + "/"


def _is_example(host: str) -> bool:
    """Whether `host` names no public site: an example or test name, or this machine."""
    host = host.lower().rstrip(".")
    if host in _EXAMPLE_HOSTS or host.rsplit(".", 1)[-1] in _EXAMPLE_DOMAINS or host.endswith(".example.com"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def is_example_address(url: str) -> bool:
    """Whether the address `url` names no public site (the placeholder, an example or local host)."""
    return _is_example(urlsplit(url).hostname or "")


def check_deploy_address(given: str | None, configured: str | None) -> str:
    """The address of a site for publication: `given` (`--site-url`) or else `configured` (mkdocs.yml's).

    AddressError when it is missing or an example address, or when mkdocs.yml names a real address that
    `given` would silently replace. The address is printed in QR codes and share images and sent to search
    engines in the sitemap: a wrong one goes on paper and to other sites, where no later build corrects it.
    """
    how = ("Hãy cho địa chỉ thật: vinhdanh build --deploy --site-url ĐỊA_CHỈ (dạng "
           f"{_ADDRESS_FORM}). Trên GitHub Pages, quy trình tự lấy địa chỉ của trang; xem phần "
           "'Publishing' trong README.")
    url = given or configured
    if not url:
        raise AddressError(f"Không xây dựng bản xuất bản: chưa có địa chỉ công khai của trang (site_url). {how}")
    if _is_example(urlsplit(url).hostname or ""):
        raise AddressError(visible(
            f"Không xây dựng bản xuất bản với địa chỉ mẫu '{url}': mã QR, thẻ chia sẻ, sitemap và bảng tin "
            f"sẽ trỏ tới một trang không có thật. {how}"))
    if given and configured and given != configured and not _is_example(urlsplit(configured).hostname or ""):
        raise AddressError(visible(
            f"Không xây dựng bản xuất bản: mkdocs.yml ghi site_url '{configured}' nhưng bản này được giao địa "
            f"chỉ '{given}'. Trang chỉ có một địa chỉ. Trên GitHub Pages, quy trình tự lấy địa chỉ của trang; "
            "muốn dùng địa chỉ khác (ví dụ trên Cổng thông tin điện tử), hãy đặt biến PUBLIC_SITE_URL của kho "
            "(xem README) và trả site_url trong mkdocs.yml về địa chỉ mẫu https://example.github.io/vinhdanh/."))
    return url


@contextlib.contextmanager
def _swapping(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (the site's parent), so that two builds swap one at a time."""
    fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@dataclass
class BuildSummary:
    """What a build did, for the closing lines of `vinhdanh build`."""

    published: int
    skipped: Counter[str]
    pages: int
    seconds: float
    site_dir: Path
    warnings: str = ""
    """The inputs' warnings as printed (the site was published all the same)."""
    site_url: str | None = None
    """The public address the site was built with."""
    articles: int = 0
    """Published articles."""
    skipped_articles: Counter[str] = field(default_factory=Counter)
    """Articles not published, by status."""

    def lines(self) -> list[str]:
        """The summary in Vietnamese, one fact a line."""
        skipped = ", ".join(f"{n} {STATUS_LABELS[k]}" for k, n in sorted(self.skipped.items())) or "không có"
        if not self.site_url:
            address = "Chưa có địa chỉ công khai (site_url): trang không có thẻ chia sẻ, mã QR và bảng tin."
        elif _is_example(urlsplit(self.site_url).hostname or ""):
            address = (f"Địa chỉ công khai: {self.site_url} (địa chỉ mẫu, chỉ để xem thử; bản để xuất bản: "
                       "vinhdanh build --deploy --site-url ĐỊA_CHỈ).")
        else:
            address = f"Địa chỉ công khai: {self.site_url} (trong mã QR, thẻ chia sẻ, sitemap và bảng tin)."
        articles = []
        if self.articles or self.skipped_articles:
            waiting = ", ".join(f"{n} {STATUS_LABELS[k]}" for k, n in sorted(self.skipped_articles.items())) or "không có"
            articles = [f"Đã đăng {self.articles} tin bài; chưa đăng: {waiting}."]
        return [
            f"Đã xuất bản {self.published} hồ sơ; chưa xuất bản: {skipped}.",
            *articles,
            f"Đã tạo {self.pages} trang tự động trong {self.seconds:.1f} giây vào {self.site_dir}.",
            visible(address),
        ]


def build_site(paths: Paths, config_file: Path, site_dir: Path, *, site_url: str | None = None,
               deploy: bool = False) -> BuildSummary:
    """Validate, build into a temporary sibling of `site_dir`, and replace `site_dir` with it.

    `site_url` is the public address (from `site_address`), instead of mkdocs.yml's; `deploy` marks a build
    for publication, which needs a real one. Raises SiteDirError or AddressError before anything else when
    `site_dir` may not be built into or the address may not be published, InputError when the inputs have
    errors, BuildFailed when MkDocs fails.
    """
    started = time.perf_counter()
    site_dir = check_site_dir(site_dir, paths)
    configured = mkdocs_plugin.configured_site_url(config_file)
    if deploy:
        check_deploy_address(site_url, configured)
    site: Site = load(paths)  # raises InputError before anything is written
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    old = site_dir.with_name(f".{site_dir.name}.old-{fresh.name[-8:]}")
    try:
        pages = mkdocs_plugin.build(config_file, fresh, site, site_url)
        with _swapping(site_dir.parent):
            check_site_dir(site_dir, paths)  # again: another command may have used the folder meanwhile
            if site_dir.exists():
                site_dir.rename(old)
            try:
                fresh.rename(site_dir)
            except OSError:
                if old.exists():
                    old.rename(site_dir)
                raise
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return BuildSummary(len(site.profiles), Counter(p.status for p in site.skipped), pages,
                        time.perf_counter() - started, site_dir, site.problems.report(), site_url or configured,
                        len(site.articles), Counter(a.status for a in site.skipped_articles))
