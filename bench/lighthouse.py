"""Benchmark: Lighthouse scores of the sample site per page type, against plain Material for MkDocs.

It builds the sample site (`vinhdanh build` of a copy of the repository's content) and, as the baseline, a
plain Material site of the same generated Markdown: `bench/build_speed.py`'s bare export with the stock
theme (no `custom_dir`, no vinhdanh CSS, JavaScript, fonts or page templates; Material's own search).
Both are served from 127.0.0.1 as GitHub Pages serves a project site: under the `site_url` path
(`/vinhdanh/`), text gzipped, missing paths answered by `404.html` with status 404.

Lighthouse (npm, pinned in package.json) drives the system chromium, for each page type on mobile
(Lighthouse's default: Moto G Power emulation, simulated slow 4G and 4x CPU slowdown) and desktop
(`--preset=desktop`), a fresh browser profile per run, the two sites alternating so that drift in machine
load hits both alike. It prints the median of each category score and of the key metrics (LCP, TBT, CLS,
total byte weight), the plain Material medians and the ratios, and writes bench/LIGHTHOUSE.md with the
audits that keep a mobile score under the target (95).

    make lighthouse                                   # 3 runs of everything (about 40 minutes on 2 cores)
    .venv/bin/python bench/lighthouse.py --runs 1 --pages home profile --form-factors mobile

Only a complete run (every page type, both form factors) rewrites bench/LIGHTHOUSE.md; its hand-written
"## Notes" section, at the end, is kept.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from build_speed import export_bare

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "LIGHTHOUSE.md"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
TODAY = "2025-06-01"  # the tests' date: before the sample conference, after the sample consents
TARGET = 95
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "best pr.", "seo": "SEO"}
METRICS = {"largest-contentful-paint": "LCP", "total-blocking-time": "TBT", "cumulative-layout-shift": "CLS",
           "total-byte-weight": "bytes"}
FORM_FACTORS = {"mobile": [], "desktop": ["--preset=desktop"]}
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
MISSING = "khong-co-trang-nay/"
"""A path no build has: the server answers it with 404.html and status 404, as GitHub Pages does."""


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    """Relative to the site root."""
    baseline: bool = True
    """Whether plain Material has a page of its own here (the embed is a file copied as is)."""


PAGES = [
    PageType("home", ""),
    PageType("profile", "ho-so/dang-thi-thu-huong/"),
    PageType("profile (collective)", "ho-so/to-smt-so-2-sao-mai/"),
    PageType("listing: exemplars", "dien-hinh/"),
    PageType("listing: units", "don-vi/"),
    PageType("listing: one unit", "don-vi/dien-tu-sao-mai/"),
    PageType("listing: movements", "phong-trao/"),
    PageType("listing: awards", "khen-thuong/"),
    PageType("explorer", "kham-pha/"),
    PageType("countdown", "hoi-nghi/"),
    PageType("program", "hoi-nghi/chuong-trinh/"),
    PageType("embed", "hoi-nghi/nhung.html", baseline=False),
    PageType("404", MISSING),
]
SHORT = {"home": "home", "profile": "profile", "profile (collective)": "collective", "listing: exemplars": "exemplars",
         "listing: units": "units", "listing: one unit": "unit", "listing: movements": "movements",
         "listing: awards": "awards", "explorer": "explorer", "countdown": "countdown", "program": "program",
         "embed": "embed", "404": "404"}
"""Names for `--pages`."""


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def find_tools() -> tuple[Path, str]:
    """Lighthouse and the chromium it drives, or exit with what to run."""
    chromium = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = []
    if not LIGHTHOUSE.exists():
        missing.append(f"Lighthouse ({LIGHTHOUSE.relative_to(REPO)})")
    if not shutil.which("node"):
        missing.append("Node.js (node)")
    if not Path(chromium).exists():
        missing.append(f"chromium ({chromium})")
    if missing:
        sys.exit(f"Missing {', '.join(missing)}: run `make browser` (or `make lighthouse`, which does).")
    return LIGHTHOUSE, chromium


# --- the two sites ------------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "VINHDANH_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}


def build_sites(work: Path) -> tuple[Path, Path]:
    """Build the sample site and the plain Material baseline under `work`; return their site folders."""
    root = work / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root)
    for name in ("content", "theme", "data", "profiles"):
        shutil.copytree(REPO / name, root / name)
    bin_dir = Path(sys.executable).parent
    subprocess.run([str(bin_dir / "vinhdanh"), "build", "--site-dir", str(work / "site")], cwd=root, env=_env(),
                   check=True, stdout=subprocess.DEVNULL)
    bare = export_bare(root)  # the generated Markdown and assets as plain files, fragments placed
    (bare / "plain.yml").write_text(plain_config((bare / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    for page in (bare / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"\A(---\n(?:.*\n)*?)template: .*\n", r"\1", text, count=1), encoding="utf-8")
    subprocess.run([str(bin_dir / "mkdocs"), "build", "--quiet", "-f", "plain.yml", "--site-dir", str(work / "plain")],
                   cwd=bare, env=_env(), check=True)
    return work / "site", work / "plain"


def plain_config(config: str) -> str:
    """The bare export's mkdocs.yml with Material's stock theme: what a plain Material site of this content is."""
    config = re.sub(r"^  (custom_dir|favicon|logo): .*\n", "", config, flags=re.M)
    config = re.sub(r"^  palette:\n(    .*\n)+", "", config, flags=re.M)
    config = re.sub(r"^extra_(javascript|css):\n(  - .*\n)+\n?", "", config, flags=re.M)
    # `font: false` stays: Google Fonts is out of reach here (no network) and would measure Google, not us.
    return re.sub(r"^plugins:\n(  #.*\n)*", "plugins:\n  - search\n", config, flags=re.M)


def site_prefix() -> str:
    """The path of `site_url` (the last one in mkdocs.yml wins, as in YAML): where GitHub Pages serves the site."""
    urls = re.findall(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return urlsplit(urls[-1]).path.rstrip("/") + "/" if urls else "/"


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as GitHub Pages serves a project site.

    Under the `site_url` path; text files gzipped (so transfer sizes are those visitors see, as in
    tests/test_browser.py); a folder without its slash redirected; anything missing answered by the
    site's 404.html with status 404.
    """

    prefix = "/"
    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics")

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url_path = unquote(urlsplit(self.path).path)
        if not url_path.startswith(self.prefix):
            return self._send(Path(self.directory) / "404.html", 404)
        path = Path(self.translate_path("/" + url_path[len(self.prefix):]))
        if path.is_dir() and not url_path.endswith("/"):
            self.send_response(301)
            self.send_header("Location", url_path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return self._send(Path(self.directory) / "404.html", 404)
        return self._send(path, 200)

    def _send(self, path: Path, status: int) -> None:
        body = path.read_bytes()
        gzipped = path.suffix in self.COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            body = gzip.compress(body, 6)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' header
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with suppress(ConnectionError):  # the browser dropped a request it no longer needs
            self.wfile.write(body)


@contextmanager
def serve(directory: Path, prefix: str) -> Iterator[str]:
    """Serve `directory` under `prefix` on a free port of 127.0.0.1; yield the site's base URL."""
    handler = type("Handler", (PagesHandler,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *args: handler(*args, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


# --- Lighthouse -----------------------------------------------------------------------------------------------


@dataclass
class Run:
    """One Lighthouse run's figures."""

    scores: dict[str, float]
    """Category scores, 0 to 100."""
    metrics: dict[str, float]
    failing: dict[str, list[dict]]
    """Category to the weighted audits that did not pass: id, title, score, weight, value, elements."""
    benchmark_index: float
    warnings: list[str]
    errored: list[str]
    """Audits Lighthouse could not run (none of them weighs in a score, or the score would be missing)."""
    as_if_found: dict[str, float]
    """Category scores as if the page had answered 200 (they differ only for the 404 page)."""


def lighthouse(url: str, form_factor: str, tools: tuple[Path, str], work: Path, *, error_status: bool) -> Run:
    """Run Lighthouse once, in a fresh browser profile, and read its report."""
    binary, chromium = tools
    profile = Path(tempfile.mkdtemp(prefix="chromium-", dir=work))
    report = profile.with_suffix(".json")
    command = [str(binary), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=" + ",".join(CATEGORIES), f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
               *FORM_FACTORS[form_factor]]
    if error_status:
        command.append("--ignore-status-code")  # otherwise Lighthouse refuses to audit a page answered with 404
    try:
        done = subprocess.run(command, env={**os.environ, "CHROME_PATH": chromium}, capture_output=True, text=True,
                              timeout=300)
    except subprocess.TimeoutExpired:
        sys.exit(f"Lighthouse hung on {url} for 5 minutes (is something fetched from outside 127.0.0.1?)")
    if done.returncode or not report.exists():
        sys.exit(f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    shutil.rmtree(profile, ignore_errors=True)
    report.unlink()
    if data.get("runtimeError"):
        sys.exit(f"Lighthouse could not audit {url}: {data['runtimeError']}")
    return read_report(data)


def read_report(data: dict) -> Run:
    audits = data["audits"]
    scores, failing = {}, {}
    for cid, category in data["categories"].items():
        if category["score"] is None:
            sys.exit(f"Lighthouse gave no {cid} score for {data['finalDisplayedUrl']}: {data.get('runWarnings')}")
        scores[cid] = 100 * category["score"]
        failing[cid] = [describe(ref["id"], audits[ref["id"]], ref["weight"]) for ref in category["auditRefs"]
                        if ref["weight"] > 0 and scored(audits[ref["id"]]) and audits[ref["id"]]["score"] < 0.9]
        if cid == "performance":  # the metrics are the weighted audits; opportunities say where time goes
            failing[cid] += [describe(ref["id"], audits[ref["id"]], 0) for ref in category["auditRefs"]
                             if ref["weight"] == 0 and scored(audits[ref["id"]]) and audits[ref["id"]]["score"] < 0.9
                             and audits[ref["id"]]["scoreDisplayMode"] == "metricSavings"]
    return Run(scores, {m: audits[m]["numericValue"] for m in METRICS}, failing,
               data["environment"]["benchmarkIndex"], [str(w) for w in data.get("runWarnings", [])],
               sorted(a for a, audit in audits.items() if audit["scoreDisplayMode"] == "error"),
               as_if_found(data))


def as_if_found(data: dict) -> dict[str, float]:
    """Category scores with the audits a 404 status fails by itself counted as passed.

    Those are the HTTP status audit and, when the only console error is the page's own 404, the console
    audit: a 404 page must answer 404, so these failures are right and say nothing about the page.
    """
    audits, url = data["audits"], data["finalDisplayedUrl"]
    passed = {"http-status-code"}
    console = (audits["errors-in-console"].get("details") or {}).get("items", [])
    if console and all((item.get("sourceLocation") or {}).get("url") == url for item in console):
        passed.add("errors-in-console")
    scores = {}
    for cid, category in data["categories"].items():
        if any(ref["id"] in passed and audits[ref["id"]]["score"] == 0 for ref in category["auditRefs"]):
            scores[cid] = 100 * category_score(category["auditRefs"], audits, passed)
        else:  # Lighthouse's own figure: it weighs unrounded metric scores, the report holds rounded ones
            scores[cid] = 100 * category["score"]
    return scores


def scored(audit: dict) -> bool:
    return audit["score"] is not None and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")


def category_score(refs: list[dict], audits: dict, passed: set[str]) -> float:
    """A category's score as Lighthouse computes it (weighted mean of scored audits), with `passed` passing."""
    kept = [(ref["weight"], 1 if ref["id"] in passed else audits[ref["id"]]["score"]) for ref in refs
            if ref["weight"] > 0 and scored(audits[ref["id"]])]
    total = sum(weight for weight, _ in kept)
    return sum(weight * score for weight, score in kept) / total if total else 1.0


def describe(audit_id: str, audit: dict, weight: float) -> dict:
    """An audit that did not pass: title, value and up to five elements or resources involved."""
    elements = []
    for item in (audit.get("details") or {}).get("items", [])[:5]:
        node = item.get("node") if isinstance(item, dict) else None
        if node:
            # axe's explanation says why, e.g. "insufficient color contrast of 3.9 (foreground color: ...)"
            why = [line.strip() for line in node.get("explanation", "").splitlines()[1:] if line.strip()][:1]
            elements.append(f"`{node.get('selector', '')}`: `{_squeeze(node.get('snippet', ''))}`"
                            + (f" ({_squeeze(why[0], 240)})" if why else ""))
        elif isinstance(item, dict) and isinstance(item.get("url"), str):
            elements.append(_short_url(item["url"]))
        elif isinstance(item, dict) and item.get("items"):  # LCP element, layout shifts: a nested table
            for sub in item["items"][:3]:
                if isinstance(sub, dict) and sub.get("node"):
                    elements.append(f"`{sub['node'].get('selector', '')}`: `{_squeeze(sub['node'].get('snippet', ''))}`")
    return {"id": audit_id, "title": audit["title"], "score": audit["score"], "weight": weight,
            "value": audit.get("displayValue", ""), "elements": elements}


def _squeeze(text: str, limit: int = 110) -> str:
    text = _short_url(re.sub(r"\s+", " ", text))
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _short_url(url: str) -> str:
    return re.sub(r"https?://127\.0\.0\.1:\d+", "", url)


# --- the benchmark -------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """The runs of one page type, form factor and site."""

    runs: list[Run] = field(default_factory=list)

    def score(self, cid: str) -> float:
        return statistics.median(run.scores[cid] for run in self.runs)

    def metric(self, name: str) -> float:
        return statistics.median(run.metrics[name] for run in self.runs)

    def score_as_if_found(self, cid: str) -> float:
        return statistics.median(run.as_if_found[cid] for run in self.runs)


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def chromium_version(chromium: str) -> str:
    out = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    return out or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each page (default 3); medians are reported")
    parser.add_argument("--pages", nargs="+", choices=list(SHORT.values()), help="page types (default: all)")
    parser.add_argument("--form-factors", nargs="+", choices=list(FORM_FACTORS), default=list(FORM_FACTORS))
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain Material site")
    args = parser.parse_args()
    pages = [p for p in PAGES if not args.pages or SHORT[p.name] in args.pages]
    tools = find_tools()
    started = time.perf_counter()
    loads: list[float] = []
    with tempfile.TemporaryDirectory(prefix="vinhdanh-lighthouse-") as tmp:
        work = Path(tmp)
        progress("Building the sample site and the plain Material baseline...")
        site_dir, plain_dir = build_sites(work)
        prefix = site_prefix()
        results: dict[tuple[str, str, str], Cell] = defaultdict(Cell)
        total = args.runs * len(args.form_factors) * sum(1 + (p.baseline and not args.no_baseline) for p in pages)
        done = 0
        with serve(site_dir, prefix) as site_url, serve(plain_dir, prefix) as plain_url:
            for run in range(1, args.runs + 1):
                for form_factor in args.form_factors:
                    for page in pages:
                        sites = [("vinhdanh", site_url)]
                        if page.baseline and not args.no_baseline:
                            sites.append(("material", plain_url))
                        for name, base in sites:
                            t = time.perf_counter()
                            result = lighthouse(base + page.path, form_factor, tools, work,
                                                error_status=page.path == MISSING)
                            results[page.name, form_factor, name].runs.append(result)
                            loads.append(os.getloadavg()[0])
                            done += 1
                            progress(f"[{done}/{total}] run {run}, {form_factor}, {page.name}, {name}: "
                                     + " ".join(f"{CATEGORIES[c]} {s:.0f}" for c, s in result.scores.items())
                                     + f" ({time.perf_counter() - t:.0f} s, load {load_average()})")
    minutes = (time.perf_counter() - started) / 60
    machine = {
        "date": time.strftime("%Y-%m-%d"),
        "cores": os.cpu_count(),
        "load": (min(loads), statistics.median(loads), max(loads)),
        "benchmark_index": statistics.median(r.benchmark_index for c in results.values() for r in c.runs),
        "lighthouse": subprocess.run([str(tools[0]), "--version"], capture_output=True, text=True).stdout.strip(),
        "chromium": chromium_version(tools[1]),
        "node": subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip(),
        "warnings": Counter(_warning(w) for c in results.values() for r in c.runs for w in r.warnings),
        "runs": sum(len(c.runs) for c in results.values()),
        "errored": sorted({a for c in results.values() for r in c.runs for a in r.errored}),
        "minutes": minutes,
    }
    tables = {ff: table(results, pages, ff, args.runs) for ff in args.form_factors}
    for form_factor, lines in tables.items():
        print(f"\n{form_factor}\n" + "\n".join(lines))
    causes = what_pulls_down(results, pages)
    others = other_failures(results, pages)
    print("\n" + "\n".join(causes + others))
    complete = len(pages) == len(PAGES) and len(args.form_factors) == len(FORM_FACTORS) and not args.no_baseline
    if complete:
        RESULTS.write_text(markdown(tables, causes, others, machine, args.runs) + kept_notes(), encoding="utf-8")
        progress(f"Wrote {RESULTS.relative_to(REPO)} ({minutes:.0f} min).")
    else:
        progress(f"Partial run ({minutes:.0f} min): {RESULTS.relative_to(REPO)} left as it was.")


def table(results: dict[tuple[str, str, str], Cell], pages: list[PageType], form_factor: str, runs: int) -> list[str]:
    """The medians of one form factor: vinhdanh's scores and metrics, plain Material's, and the ratios."""
    lines = ["| page type | path | perf | a11y | best pr. | SEO | LCP (s) | TBT (ms) | CLS | KB "
             "| Material perf / a11y / b.p. / SEO | Material LCP (s) | Material KB | LCP ratio | KB ratio |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for page in pages:
        cell = results.get((page.name, form_factor, "vinhdanh"))
        if not cell or not cell.runs:
            continue
        scores = []
        for cid in CATEGORIES:
            value = cell.score(cid)
            text = f"**{value:.0f}**" if value < TARGET else f"{value:.0f}"
            if round(cell.score_as_if_found(cid)) != round(value):
                text += f" ({cell.score_as_if_found(cid):.0f})"
            scores.append(text)
        lcp, kb = cell.metric("largest-contentful-paint") / 1000, cell.metric("total-byte-weight") / 1024
        row = [page.name, f"`/{page.path}`", *scores, f"{lcp:.2f}", f"{cell.metric('total-blocking-time'):.0f}",
               f"{cell.metric('cumulative-layout-shift'):.3f}", f"{kb:.0f}"]
        base = results.get((page.name, form_factor, "material"))
        if base and base.runs:
            base_lcp, base_kb = base.metric("largest-contentful-paint") / 1000, base.metric("total-byte-weight") / 1024
            row += [" / ".join(f"{base.score(c):.0f}" for c in CATEGORIES), f"{base_lcp:.2f}", f"{base_kb:.0f}",
                    f"{lcp / base_lcp:.2f}", f"{kb / base_kb:.2f}"]
        else:
            row += ["n/a"] * 5
        lines.append("| " + " | ".join(row) + " |")
    return lines


def what_pulls_down(results: dict[tuple[str, str, str], Cell], pages: list[PageType]) -> list[str]:
    """For each mobile score under the target: the weighted audits that did not pass, in how many runs, and
    where; then, once for all those pages, the performance opportunities Lighthouse names."""
    lines = []
    opportunities: dict[str, list[tuple[str, dict]]] = defaultdict(list)
    for page in pages:
        cell = results.get((page.name, "mobile", "vinhdanh"))
        if not cell or not cell.runs:
            continue
        for cid, label in CATEGORIES.items():
            if cell.score_as_if_found(cid) >= TARGET:
                continue
            lines.append(f"- **{page.name}** (`/{page.path}`), {label} {cell.score(cid):.0f}:")
            lines += _audits(cell, cid, indent="  ", weighted=True)
            if cid == "performance":
                for audit in _latest(cell, cid).values():
                    if not audit["weight"]:
                        opportunities[audit["id"]].append((page.name, audit))
    if not lines:
        return ["Every mobile score is at or above the target."]
    if opportunities:
        lines += ["", "Opportunities and diagnostics Lighthouse names on those pages (no weight of their own; "
                  "they explain the metrics):", ""]
        for audit_id, found in sorted(opportunities.items(), key=lambda kv: -len(kv[1])):
            audit = found[-1][1]
            value = f" ({audit['value']})" if audit["value"] else ""
            lines.append(f"- {audit['title']}{value}: `{audit_id}`, {len(found)} of those pages")
            lines += [f"  - {element}" for element in audit["elements"][:3]]
    return lines


def other_failures(results: dict[tuple[str, str, str], Cell], pages: list[PageType]) -> list[str]:
    """Audits of accessibility, best practices and SEO that fail on mobile where the score still makes the target."""
    lines = []
    for page in pages:
        cell = results.get((page.name, "mobile", "vinhdanh"))
        if not cell or not cell.runs:
            continue
        for cid, label in list(CATEGORIES.items())[1:]:
            if TARGET <= cell.score_as_if_found(cid) < 100:
                lines.append(f"- {page.name} (`/{page.path}`), {label} {cell.score(cid):.0f}:")
                lines += _audits(cell, cid, indent="  ", weighted=True,
                                 skip={"http-status-code", "errors-in-console"} if page.path == MISSING else set())
    return lines


def _latest(cell: Cell, cid: str) -> dict[str, dict]:
    """The failing audits of a cell's runs, each as in the latest run that failed it."""
    return {audit["id"]: audit for run in cell.runs for audit in run.failing[cid]}


def _audits(cell: Cell, cid: str, indent: str, weighted: bool, skip: frozenset[str] | set[str] = frozenset()
            ) -> list[str]:
    seen = Counter(audit["id"] for run in cell.runs for audit in run.failing[cid])
    latest = _latest(cell, cid)
    lines = []
    for audit_id, count in sorted(seen.items(), key=lambda kv: (-latest[kv[0]]["weight"], -kv[1])):
        audit = latest[audit_id]
        if audit_id in skip or (weighted and not audit["weight"]):
            continue
        value = f" ({audit['value']})" if audit["value"] else ""
        lines.append(f"{indent}- {audit['title']}{value}: `{audit_id}`, score {audit['score']:.2f}, "
                     f"weight {audit['weight']:g}, {count}/{len(cell.runs)} runs")
        lines += [f"{indent}  - {element}" for element in audit["elements"]]
    return lines


def _warning(text: str) -> str:
    if "(Status code: 404)" in text:
        return text + " Expected: the 404 page."
    return text


def kept_notes() -> str:
    """The hand-written analysis at the end of the results file (from "## Notes" on), kept when it is rewritten."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    start = text.find("\n## Notes\n")
    return text[start:] if start >= 0 else ""


def markdown(tables: dict[str, list[str]], causes: list[str], others: list[str], machine: dict, runs: int) -> str:
    warnings = "".join(f"\n- {w} ({n} of {machine['runs']} runs)" for w, n in machine["warnings"].items()) or " none."
    errored = ", ".join(f"`{a}`" for a in machine["errored"]) or "none"
    low, middle, high = machine["load"]
    return (
        "# Lighthouse: scores per page type, against plain Material for MkDocs\n\n"
        f"Produced by `bench/lighthouse.py` (`make lighthouse`): medians of {runs} runs per page, form factor and "
        "site, a fresh browser profile each run. The baseline is a plain Material site of the same generated "
        "Markdown (stock theme, no vinhdanh CSS, JavaScript, fonts or templates, Material's search), measured in "
        "the same run, alternating with vinhdanh. Both sites are served from 127.0.0.1 as GitHub Pages serves "
        "them (under `/vinhdanh/`, gzip, 404.html with status 404). Target: at least "
        f"{TARGET} in each category on mobile. Scores under the target are in bold.\n\n"
        f"Date {machine['date']}; {machine['cores']} cores shared with other jobs: 1-minute load average "
        f"{middle:.1f} (median of the runs; {low:.1f} to {high:.1f}). Lighthouse {machine['lighthouse']}, "
        f"{machine['chromium']}, Node {machine['node']}; Lighthouse's benchmark index (median) "
        f"{machine['benchmark_index']:.0f}; {machine['minutes']:.0f} minutes.\n\n"
        "Mobile is Lighthouse's default (Moto G Power emulation, simulated slow 4G, 4x CPU slowdown); desktop is "
        "`--preset=desktop`. KB is the total byte weight (transferred, gzip); the ratios are vinhdanh over plain "
        "Material. Performance moves between runs on a loaded machine (TBT and, through late first paints, "
        "speed index); accessibility, best practices and SEO do not. The 404 row is measured at a missing path "
        "answered with status 404, so best practices (the document's own 404 in the console) and SEO "
        "(\"successful HTTP status code\") fail an audit each, as they should: a 404 page must answer 404 and not "
        "be indexed. The score in brackets counts those two audits as passed. The embed (`nhung.html`) is a "
        "file, the same in both sites, so it has no baseline.\n\n"
        "## Mobile\n\n" + "\n".join(tables["mobile"]) + "\n\n"
        "## Desktop\n\n" + "\n".join(tables["desktop"]) + "\n\n"
        "## What pulls mobile scores under the target\n\n"
        "Every weighted audit that did not pass (score under 0.9) in any run, with the elements involved (from "
        "the latest run that failed it); for performance, the opportunities Lighthouse names.\n\n"
        + "\n".join(causes) + "\n\n"
        "## Other failing audits on mobile (scores at or above the target)\n\n"
        + ("\n".join(others) or "None.") + "\n\n"
        f"Lighthouse run warnings:{warnings}\n\n"
        f"Audits Lighthouse could not run (none weighs in a score): {errored}.\n"
    )


if __name__ == "__main__":
    main()
