"""A build, whatever engine writes it: the site folder it may replace, and the time it is made at.

The site folder is never an input (building into `profiles/` would replace every profile), and a folder is
replaced only when a previous build marked it as a site (`MARKER`).

A build is reproducible: its time (the calendar's `DTSTAMP`, MkDocs' sitemap) is `SOURCE_DATE_EPOCH` when
set, else the time of the newest input, never the clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from pathlib import Path

from .load import Paths

MARKER = ".vinhdanh-site"
"""File that marks a folder as a site built by vinhdanh, which a build may replace whole."""
MARKER_TEXT = "Thư mục này là trang do vinhdanh xây dựng; mỗi lần xây dựng thay toàn bộ nội dung của nó.\n"


class SiteDirError(Exception):
    """The site folder asked for cannot be built into; the message says why, in Vietnamese."""


def _inputs(paths: Paths) -> list[tuple[Path, str]]:
    """The inputs a site folder must keep clear of, with their names for messages."""
    inputs = [(paths.profiles, "thư mục hồ sơ"), (paths.data, "thư mục danh mục và Hội nghị"),
              (paths.content, "thư mục các trang viết tay"), (paths.theme, "thư mục giao diện"),
              (paths.config, "tệp cấu hình")]
    git = next((folder / ".git" for folder in (paths.root, *paths.root.parents) if (folder / ".git").exists()),
               paths.root / ".git")
    return [(path, label) for path, label in inputs if path is not None] + [(git, "kho Git")]


def check_site_dir(site_dir: Path, paths: Paths) -> Path:
    """The site folder `site_dir`, resolved, if a build may replace it; SiteDirError otherwise.

    It may not be, contain or lie inside an input or the Git repository, nor be or contain the project; it
    may be absent, empty, or a site a previous build marked as its own.
    """
    shown = f"Không xây dựng vào '{site_dir}'"
    advice = ("Mỗi lần xây dựng xóa và thay toàn bộ thư mục xuất, nên nó không được là, chứa hay nằm trong dữ liệu "
              "của dự án; hãy chọn thư mục khác, ví dụ 'site'.")
    site_dir = site_dir.resolve()
    if site_dir == paths.root or paths.root.is_relative_to(site_dir):
        relation = "là" if site_dir == paths.root else "chứa"
        raise SiteDirError(f"{shown}: thư mục này {relation} thư mục dự án ({paths.root}). {advice}")
    for path, label in _inputs(paths):
        path = path.resolve()
        relation = "là" if site_dir == path else "chứa" if path.is_relative_to(site_dir) else \
            "nằm trong" if site_dir.is_relative_to(path) else None
        if relation:
            name = path.relative_to(paths.root).as_posix() if path.is_relative_to(paths.root) else str(path)
            name += "/" if path.is_dir() else ""
            raise SiteDirError(f"{shown}: thư mục này {relation} {label} ({name}). {advice}")
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteDirError(f"{shown}: đó là một tệp, không phải thư mục; hãy chọn thư mục khác, ví dụ 'site'.")
    if site_dir.is_dir() and not (site_dir / MARKER).is_file() and any(site_dir.iterdir()):
        raise SiteDirError(f"{shown}: thư mục đã có tệp nhưng không phải trang do vinhdanh xây dựng (thiếu tệp "
                           f"{MARKER}), nên không bị xóa. Hãy chọn một thư mục mới hoặc trống, hoặc tự xóa thư mục "
                           "này nếu chắc chắn không cần nó.")
    return site_dir


def mark_site_dir(site_dir: Path) -> None:
    """Mark `site_dir` as a site built here, which the next build may replace."""
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def build_time(paths: Paths) -> dt.datetime:
    """The time of this build's inputs: `SOURCE_DATE_EPOCH` when set, else the newest input's modification.

    What a build writes as its time (the calendar's `DTSTAMP`, MkDocs' sitemap) comes from here, so the same
    inputs give the same site wherever and whenever they are built. The workflow sets `SOURCE_DATE_EPOCH`
    from the last commit, since a checkout's files all carry the time of the checkout.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    files = [paths.config] if paths.config else []
    for folder in filter(None, (paths.profiles, paths.data, paths.content, paths.theme)):
        files += [Path(top, name) for top, _, names in os.walk(folder) for name in names]
    newest = 0
    for path in files:
        with contextlib.suppress(OSError):  # a file gone meanwhile, a dangling link: `check` names it
            newest = max(newest, path.stat().st_mtime_ns)
    return dt.datetime.fromtimestamp(newest // 1_000_000_000, dt.UTC)


