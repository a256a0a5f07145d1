"""Benchmark: `vinhdanh build` against a bare `mkdocs build` of the same generated Markdown.

For each N it generates N synthetic profiles (half with a distinct photo) into bench/work/N/, warms the
photo and font caches with one untimed build, then times, in fresh processes:

- **vinhdanh**: `vinhdanh build` (read, validate, render, MkDocs build, swap);
- **bare mkdocs**: `mkdocs build` of the Markdown and assets vinhdanh generated, written out as plain files,
  with the same theme and no vinhdanh plugin: the cost MkDocs and Material alone have for the same site.
  vinhdanh's own work includes the Pagefind search index (`on_post_build`), which the bare build lacks.

It prints medians, the ratio (the figure of merit; target at N = 1,000: at most 1.2) and the cost per
profile (linear cost keeps it flat), and writes the table to bench/RESULTS.md.

With `--against REF` it also times, in the same run and alternating with the others, `vinhdanh build` of the
code at git revision REF (exported with `git archive`, run with the same packages, its own theme, content
and configuration, the same profiles): the ratio to it says whether a change made builds slower.

    .venv/bin/python bench/build_speed.py            # N = 100, 1000, 5000
    .venv/bin/python bench/build_speed.py 100 1000   # chosen sizes
    .venv/bin/python bench/build_speed.py --against 182a3f8 1000 5000
"""

from __future__ import annotations

import json
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
WORK = REPO / "bench" / "work"
RESULTS = REPO / "bench" / "RESULTS.md"
REPEATS = {100: 5, 1000: 3, 5000: 3}

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
    config = (root / "mkdocs.yml").read_text()
    config = re.sub(r"  - vinhdanh:\n(      .*\n)+", "", config)
    config = config.replace("docs_dir: content", "docs_dir: docs").replace("custom_dir: theme", f"custom_dir: {root / 'theme'}")
    # The theme's templates take the site's addresses from routes.py, which the plugin gives them: a hook does.
    (root / "bare" / "routes_hook.py").write_text(
        f"import sys\nsys.path.insert(0, {str(REPO)!r})\nfrom generator import routes\n\n\n"
        "def on_env(env, config, files):\n    env.globals['routes'] = routes\n    return env\n", encoding="utf-8")
    config += "hooks:\n  - routes_hook.py\n"
    (root / "bare" / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "bare"


def _env(code: Path | None = None) -> dict[str, str]:
    """The benchmark's environment; `code`: the source tree whose `generator` runs (default: this one)."""
    import os

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


def timed(command: list[str], cwd: Path, code: Path | None = None) -> tuple[float, float]:
    """Run `command` in a fresh process; return (seconds, peak resident MB of that process)."""
    wrapper = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE); "
               "s = time.perf_counter() - t; "
               "sys.exit(r.stderr.decode()[-2000:]) if r.returncode else None; "
               "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
    out = subprocess.run([sys.executable, "-c", wrapper, *command], cwd=cwd, env=_env(code), check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def measure(n: int, against: Path | None = None) -> dict:
    root = WORK / str(n)
    generate(n, root)
    bin_dir = Path(sys.executable).parent
    vinhdanh = [str(bin_dir / "vinhdanh"), "build", "--site-dir", str(root / "site")]
    timed(vinhdanh, root)  # warm the photo and font caches
    bare = export_bare(root)
    mkdocs = [str(bin_dir / "mkdocs"), "build", "--site-dir", str(bare / "site")]
    commands = {"vinhdanh": (vinhdanh, root, None), "mkdocs": (mkdocs, bare, None)}
    if against is not None:
        base_root = WORK / f"{n}-{against.name}"
        generate(n, base_root, against)
        baseline = [str(bin_dir / "vinhdanh"), "build", "--site-dir", str(base_root / "site")]
        timed(baseline, base_root, against)  # its caches, warmed
        commands["baseline"] = (baseline, base_root, against)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(REPEATS.get(n, 3)):
        # Alternate them so drift in machine load hits all alike.
        for name, (command, cwd, code) in commands.items():
            runs[name].append(timed(command, cwd, code))
    result = {"n": n, "repeats": REPEATS.get(n, 3)}
    for name, values in runs.items():
        result[f"{name}_s"] = statistics.median(v[0] for v in values)
        result[f"{name}_mb"] = statistics.median(v[1] for v in values)
    result["ratio"] = result["vinhdanh_s"] / result["mkdocs_s"]
    if against is not None:
        result["baseline_ratio"] = result["vinhdanh_s"] / result["baseline_s"]
    result["ms_per_profile"] = 1000 * result["vinhdanh_s"] / n
    return result


def main(sizes: list[int], against: str | None = None) -> None:
    base = export_revision(against) if against else None
    rows = []
    for n in sizes:
        started = time.perf_counter()
        row = measure(n, base)
        rows.append(row)
        print(json.dumps(row), f"({time.perf_counter() - started:.0f} s)", flush=True)
    versus = f" | {against} build (s) | ratio to {against}" if against else ""
    table = [f"| N | runs | vinhdanh build (s){versus} | bare mkdocs build (s) | ratio | ms / profile | peak MB vinhdanh "
             "| peak MB mkdocs |",
             "|---:|---:|---:|" + ("---:|---:|" if against else "") + "---:|---:|---:|---:|---:|"]
    for r in rows:
        baseline = f" {r['baseline_s']:.2f} | {r['baseline_ratio']:.2f} |" if against else ""
        table.append(f"| {r['n']:,} | {r['repeats']} | {r['vinhdanh_s']:.2f} |{baseline} {r['mkdocs_s']:.2f} | "
                     f"{r['ratio']:.2f} | {r['ms_per_profile']:.1f} | {r['vinhdanh_mb']:.0f} | {r['mkdocs_mb']:.0f} |")
    print("\n".join(table))
    baseline_note = (f" `{against}` is the code at that git revision, timed in the same run, alternating with the "
                     "others (a ratio to it above 1 means this code builds slower)." if against else "")
    RESULTS.write_text(
        "# Build speed: vinhdanh against a bare MkDocs build\n\n"
        "Produced by `bench/build_speed.py` (medians of fresh-process runs, photos and fonts cached, "
        "both builds with the same theme and the same generated Markdown). Target at N = 1,000: ratio <= 1.2."
        f"{baseline_note}\n\n"
        f"Machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d')}.\n\n" + "\n".join(table) + "\n", encoding="utf-8")


if __name__ == "__main__":
    arguments = sys.argv[1:]
    revision = None
    if arguments[:1] == ["--against"]:
        revision, arguments = arguments[1], arguments[2:]
    main([int(a) for a in arguments] or [100, 1000, 5000], revision)
