"""Build the whole site safely: validate everything, build into a fresh folder, then swap it in.

The previous site stays whole until the new one is complete: a failed check or build writes nothing into
the site directory, and the swap is two renames.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import mkdocs_plugin
from .validate import Paths, Site, load_site


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

    def lines(self) -> list[str]:
        """The summary in Vietnamese, one fact a line."""
        labels = {"draft": "bản nháp", "scheduled": "hẹn ngày xuất bản", "no-consent": "chưa có đồng ý công bố"}
        skipped = ", ".join(f"{n} {labels[k]}" for k, n in sorted(self.skipped.items())) or "không có"
        return [
            f"Đã xuất bản {self.published} hồ sơ; chưa xuất bản: {skipped}.",
            f"Đã tạo {self.pages} trang tự động trong {self.seconds:.1f} giây vào {self.site_dir}.",
        ]


def build_site(paths: Paths, config_file: Path, site_dir: Path) -> BuildSummary:
    """Validate, build into a temporary sibling of `site_dir`, and replace `site_dir` with it."""
    started = time.perf_counter()
    site: Site = load_site(paths)  # raises InputError before anything is written
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    try:
        pages = mkdocs_plugin.build(config_file, fresh, site)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    old = site_dir.with_name(f".{site_dir.name}.old-{fresh.name[-8:]}")
    if site_dir.exists():
        site_dir.rename(old)
    fresh.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return BuildSummary(len(site.profiles), Counter(p.status for p in site.skipped), pages,
                        time.perf_counter() - started, site_dir, site.problems.report())
