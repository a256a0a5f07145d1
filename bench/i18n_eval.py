"""Evaluation of mkdocs-static-i18n for the English edition (issue 16; docs/design/english.md): build times.

    pip install --target /tmp/i18n --no-deps mkdocs-static-i18n==1.3.1   # never into the project
    .venv/bin/python bench/i18n_eval.py --i18n-path /tmp/i18n [--repeats 3]

Copies the sample site into a scratch folder, adds the plugin to a second mkdocs.yml (`vi` default, `en`
under /en/, Material's language from the plugin) with one hand-written English page, and measures in the
same run, each a median of `--repeats` rounds after one warm-up (the photo cache warm):

- `mkdocs build` of the sample site as it is (the baseline), and with the plugin;
- a live-preview rebuild after one profile's text changed (`Preview.build`, the memoised dirty build of
  `vinhdanh serve`), without and with the plugin.

mkdocs-static-i18n 1.3.1 crashes on generated pages (their `abs_src_path` is None) and drops those whose
source lies outside `docs_dir` ("Unhandled file case", ultrabug/mkdocs-static-i18n#263): the measured
builds run with `patch_i18n`, which keeps a generated file and gives it the localised address. Without it
there is no build to measure. It prints the times and their ratios to the baseline.
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
I18N_PLUGIN = """  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - {locale: vi, default: true, name: Tiếng Việt, build: true}
        - locale: en
          name: English
          build: true
          site_name: Honouring exemplars
          theme: {language: en}
          nav_translations: {Trang chủ: Home, Giới thiệu: About, Hội nghị: Conference}
"""
PATCH = """
import copy, os, sys
sys.path.insert(0, {bench!r})
from i18n_eval import patch_i18n
patch_i18n({root!r})
from mkdocs.__main__ import cli
sys.exit(cli())
"""


def patch_i18n(root: str) -> None:
    """Let mkdocs-static-i18n keep generated files: count them as files of `docs_dir` and keep the File
    (its content, its class) with the localised address the plugin computed for a stand-in."""
    from mkdocs_static_i18n import reconfigure, suffix

    original_relative, original_create = reconfigure.is_relative_to, suffix.create_i18n_file
    cache = os.path.join(root, ".cache")

    def is_relative_to(src: str | None, dest: str) -> bool:
        return src is None or src.startswith(cache) or original_relative(src, dest)

    def create_i18n_file(file, current, default, languages, config):  # type: ignore[no-untyped-def]
        new = original_create(file, current, default, languages, config)
        if getattr(file, "generated_by", None) is None:
            return new
        clone = copy.copy(file)
        clone.dest_uri, clone.url, clone.abs_dest_path = new.dest_uri, new.url, new.abs_dest_path
        clone.alternates = {current: clone}
        for name in ("locale", "locale_alternate_of", "localization", "norm_src_uri"):
            setattr(clone, name, getattr(new, name))
        return clone

    reconfigure.is_relative_to = is_relative_to
    suffix.create_i18n_file = create_i18n_file


def scratch_copy(into: Path) -> Path:
    """The committed sample site in `into`, with `mkdocs-i18n.yml` and an English about page."""
    root = into / "site-copy"
    root.mkdir()
    archive = subprocess.run(["git", "archive", "HEAD"], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs-i18n.yml").write_text(config.replace("      data_dir: data\n", "      data_dir: data\n" + I18N_PLUGIN, 1),
                                          encoding="utf-8")
    about = (root / "content/gioi-thieu.md").read_text(encoding="utf-8")
    (root / "content/gioi-thieu.en.md").write_text(about.replace("title: Giới thiệu", "title: About"), encoding="utf-8")
    return root


def timed(command: list[str], root: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def preview_rebuilds(root: Path, config: str, repeats: int, i18n: bool) -> list[float]:
    """Times of `repeats` preview rebuilds, each after one profile's story changed (in a child process)."""
    code = f"""
import sys, time
from pathlib import Path
sys.path.insert(0, {str(REPO / 'bench')!r})
if {i18n!r}:
    from i18n_eval import patch_i18n
    patch_i18n({str(root)!r})
from generator.mkdocs_plugin import Preview
site = Path({str(root)!r}) / "preview-{int(i18n)}"
shutil = __import__("shutil"); shutil.rmtree(site, ignore_errors=True); site.mkdir()
preview = Preview(Path({str(root)!r}) / {config!r}, site, url="http://127.0.0.1:8000/vinhdanh/")
preview.build(); preview.wait_for_search()
profile = Path({str(root)!r}) / "profiles/hoang-van-son.md"
text = profile.read_text(encoding="utf-8")
for i in range({repeats} + 1):
    profile.write_text(text + f"\\n\\nThêm một câu {{i}}.\\n", encoding="utf-8")
    started = time.perf_counter(); preview.build(); print(time.perf_counter() - started)
    preview.wait_for_search()
profile.write_text(text, encoding="utf-8")
"""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *([os.environ["I18N_PATH"]] if i18n else [])]),
           "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, text=True)
    return [float(line) for line in out.stdout.split()][1:]  # the first rebuild warms the memo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--i18n-path", required=True, help="folder mkdocs-static-i18n is installed in (--target)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    os.environ["I18N_PATH"] = args.i18n_path
    with tempfile.TemporaryDirectory(prefix="i18n-eval-") as folder:
        root = scratch_copy(Path(folder))
        env = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
        env_i18n = {**env, "PYTHONPATH": os.pathsep.join([str(root), args.i18n_path])}
        plain = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out-plain"]
        patched = [sys.executable, "-c", PATCH.format(bench=str(REPO / "bench"), root=str(root)),
                   "build", "-q", "--no-strict", "-f", "mkdocs-i18n.yml", "-d", "out-i18n"]
        timed(plain, root, env)  # warm-up: derives the photos into the cache both builds share
        timed(patched, root, env_i18n)
        rows = {"build": [], "build + i18n": []}  # type: dict[str, list[float]]
        for _ in range(args.repeats):  # interleaved, so a change of the machine's load hits both
            rows["build"].append(timed(plain, root, env))
            rows["build + i18n"].append(timed(patched, root, env_i18n))
        rows["preview rebuild"] = preview_rebuilds(root, "mkdocs.yml", args.repeats, i18n=False)
        rows["preview rebuild + i18n"] = preview_rebuilds(root, "mkdocs-i18n.yml", args.repeats, i18n=True)
        pages = {name: sum(1 for _ in (root / name).rglob("*.html")) for name in ("out-plain", "out-i18n")}
        shutil.rmtree(root / "out-plain"), shutil.rmtree(root / "out-i18n")
    print(f"load average {os.getloadavg()[0]:.2f}; HTML files: {pages['out-plain']} plain, {pages['out-i18n']} with i18n")
    for baseline, other in (("build", "build + i18n"), ("preview rebuild", "preview rebuild + i18n")):
        base, then = statistics.median(rows[baseline]), statistics.median(rows[other])
        print(f"{baseline:24} median {base:6.2f} s  {rows[baseline]}")
        print(f"{other:24} median {then:6.2f} s  ratio {then / base:.2f}x  {[round(t, 2) for t in rows[other]]}")


if __name__ == "__main__":
    main()
