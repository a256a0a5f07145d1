"""Golden snapshot of the sample site: every page and file of a build, so a change of code shows exactly
which output it changes.

`tests/golden/manifest.txt` lists every file of the built sample site with the hash of its content;
`tests/golden/files/` holds the text files (pages, feeds, data, calendars), normalised so that a diff reads
one tag a line and white space does not count. The site is built as of a fixed day and build time.

    python -m tests.golden          # rebuild the snapshot after an intended change, then review `git diff`
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.publish import BuildSummary

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
TODAY = "2025-06-01"
BUILD_TIME = "1748710800"
"""SOURCE_DATE_EPOCH of the snapshot's build: 2025-06-01 00:00 in Hanoi."""
TEXT = {".html", ".xml", ".json", ".ics", ".csv", ".txt", ".css", ".svg"}
"""Suffixes kept as text in the snapshot; any other file is known by its hash."""
_SPACE = re.compile(r"\s+")
_BETWEEN_TAGS = re.compile(r">\s*<")


def normalise(path: str, data: bytes) -> bytes:
    """The content of a site file as the snapshot keeps it: text normalised, anything else as it is."""
    suffix = Path(path).suffix
    if suffix not in TEXT:
        return data
    text = data.decode("utf-8")
    if suffix == ".json":
        return (json.dumps(json.loads(text), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    if suffix in (".html", ".xml", ".svg"):
        text = _BETWEEN_TAGS.sub(">\n<", _SPACE.sub(" ", text).strip())
    return (text.replace("\r\n", "\n").rstrip("\n") + "\n").encode()


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of the built `site`, by its site path, normalised."""
    return {path.relative_to(site).as_posix(): normalise(path.name, path.read_bytes())
            for path in sorted(site.rglob("*")) if path.is_file()}


def manifest(files: dict[str, bytes]) -> str:
    """One line a file: its path and the hash of its (normalised) content."""
    return "".join(f"{hashlib.sha256(data).hexdigest()[:16]}  {path}\n" for path, data in files.items())


def build_sample(into: Path, cache: Path | None = None) -> tuple[Path, BuildSummary]:
    """Build the repository's sample project as of the snapshot's day and build time into `into`, with its
    derived files and fonts in `cache` (None: the project's own); return the site folder and the build's
    summary."""
    from generator.load import Paths
    from generator.publish import build_site

    root = into / "project"
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("content", "theme", "data", "profiles", "articles", "contest"):
        shutil.copytree(REPO / name, root / name)
    if cache is not None:
        from tests.helpers import use_cache

        use_cache(root, cache)
    saved = {key: os.environ.get(key) for key in ("VINHDANH_TODAY", "SOURCE_DATE_EPOCH")}
    os.environ.update(VINHDANH_TODAY=TODAY, SOURCE_DATE_EPOCH=BUILD_TIME)
    try:
        summary = build_site(Paths.at(root), root / "mkdocs.yml", root / "site")
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return root / "site", summary


def write(files: dict[str, bytes], golden: Path = GOLDEN) -> None:
    """Replace the snapshot in `golden` with `files`."""
    shutil.rmtree(golden, ignore_errors=True)
    for path, data in files.items():
        if Path(path).suffix in TEXT:
            target = golden / "files" / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    (golden / "manifest.txt").write_text(manifest(files), encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        files = snapshot(build_sample(Path(tmp))[0])
        write(files)
    print(f"{len(files)} tệp; ảnh chụp ở {GOLDEN.relative_to(REPO)}. Xem lại bằng `git diff -- tests/golden`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
