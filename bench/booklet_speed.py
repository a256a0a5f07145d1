"""Benchmark: `vinhdanh booklet` (A4) for the sample site and for synthetic sites, time, CPU, memory and size.

    .venv/bin/python bench/booklet_speed.py [SIZES...] [--repeats N]

Each size is the sample site (`sample`) or a number of synthetic profiles (`build_speed.generate`). The
photos are derived once before the rounds (the cache is warm, as on any build after the first), so a round
measures loading, the booklet's contents and the layout: a fresh process each (`vinhdanh booklet`), its wall
time, CPU time and peak memory, medians of the rounds. The load average is recorded before and after, as
the machine is shared. Results: bench/booklet.json and the table in bench/BOOKLET.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import REPO, generate  # noqa: E402

WORK = REPO / "bench" / "work" / "booklet"
TARGET_SECONDS, TARGET_MB = 120, 200


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "VINHDANH_TODAY": "2025-06-10"}


def project(size: str) -> Path:
    """The project of `size`: the repository (`sample`) or a synthetic one, its photos derived."""
    if size == "sample":
        return REPO
    root = WORK / f"p{size}"
    generate(int(size), root)
    return root


def one_round(root: Path, out: Path) -> dict:
    """One `vinhdanh booklet` in a fresh process: wall and CPU seconds, peak memory (MB), file size (MB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "-f", str(root / "mkdocs.yml"), "booklet", "-o", str(out)],
                   env=_env(), check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_mb": after.ru_maxrss / 1024, "size_mb": out.stat().st_size / 1e6}


def measure(size: str, repeats: int) -> dict:
    root = project(size)
    WORK.mkdir(parents=True, exist_ok=True)
    out = WORK / f"ky-yeu-{size}.pdf"
    one_round(root, out)  # derives the photos and QR codes into the cache: not measured
    load_before = os.getloadavg()
    rounds = [one_round(root, out) for _ in range(repeats)]
    load_after = os.getloadavg()
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout if _has("pdfinfo") else ""
    page_count = next((int(line.split()[-1]) for line in pages.splitlines() if line.startswith("Pages:")), None)
    result = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    return {"size": size, "repeats": repeats, "pages": page_count, **result, "rounds": rounds,
            "load_before": load_before, "load_after": load_after}


def _has(tool: str) -> bool:
    from shutil import which

    return which(tool) is not None


def write_table(results: list[dict]) -> str:
    lines = ["| profiles | pages | wall (median, s) | CPU (s) | peak memory (MB) | file (MB) | load average before / after |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        lines.append(f"| {r['size']} | {r['pages'] or '?'} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['rss_mb']:.0f} | "
                     f"{r['size_mb']:.1f} | {r['load_before'][0]:.1f} / {r['load_after'][0]:.1f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["sample", "1000"])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    results = [measure(size, args.repeats) for size in args.sizes]
    (REPO / "bench" / "booklet.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = write_table(results)
    print(table)
    for r in results:
        if r["size"] != "sample":
            ok = r["wall"] < TARGET_SECONDS and r["size_mb"] < TARGET_MB and r["rss_mb"] < TARGET_MB
            print(f"{r['size']} hồ sơ: {'đạt' if ok else 'CHƯA đạt'} mục tiêu (< {TARGET_SECONDS} s, < {TARGET_MB} MB).")


if __name__ == "__main__":
    main()
