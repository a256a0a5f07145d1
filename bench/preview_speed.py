"""Benchmark: how long after an edit the live preview shows it, `vinhdanh serve` against bare `mkdocs serve`.

It generates N synthetic profiles (default 1,000) into bench/work/N/ as `build_speed.py` does (the same
profiles, and the same untimed build that fills the photo and font caches), exports the generated Markdown
and assets for the bare server (`build_speed.export_bare`, the project's plugins minus vinhdanh, no search),
and starts both servers on free local ports:

- **vinhdanh**: `vinhdanh serve -a 127.0.0.1:PORT` in the project (it watches profiles/, data/, content/ and
  mkdocs.yml, and logs "Đã cập nhật bản xem trước trong X giây." when a rebuild is done);
- **bare mkdocs**: `mkdocs serve -a 127.0.0.1:PORT` of the exported Markdown ("Documentation built in X
  seconds").

Then, in interleaved rounds (vinhdanh, bare, vinhdanh, bare, ...), for each edit it writes the file and polls
the served page every 50 ms until it shows the new text, and records the seconds from the write until then,
the seconds until the server reported the rebuild done, and the 1-minute load average. Before the next edit
it waits for the server to finish that rebuild and be quiet. The edits, each with a new marker word:

- **profile**: one profile's name (profiles/pK.md); polled: that profile's page;
- **registry**: the name of the unit most profiles belong to (data/units.yml); polled: the page of a profile
  of that unit;
- **page**: a hand-written page (content/gioi-thieu.md, a paragraph appended); polled: that page.

The bare server gets the same change in the exported files: the old text replaced by the new one in every
exported .md, .json and .csv file that has it (for the page, the page itself). `mkdocs serve` rebuilds the
whole site on any change, so its figure hardly depends on the edit.

Writes the table (medians and minimums of the rounds) to bench/PREVIEW.md, keeping anything below its
`<!-- notes -->` line. Every edited file is restored at the end.

    .venv/bin/python bench/preview_speed.py                # N = 1000, 3 rounds
    .venv/bin/python bench/preview_speed.py 100 --repeats 5
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from build_speed import WORK, _env, export_bare, generate, timed

REPO = Path(__file__).resolve().parent.parent
PREVIEW = REPO / "bench" / "PREVIEW.md"
NOTES = "<!-- notes -->"
POLL_SECONDS = 0.05
TIMEOUT_SECONDS = 600
QUIET_SECONDS = 1.0
TEXT_FILES = (".md", ".json", ".csv")
FAILED = re.compile(r"Chưa xây dựng được bản xem trước|Aborted with|Error: ")
"""What the servers print when a build fails (vinhdanh's preview; MkDocs)."""


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A preview server in a process of its own, with its output lines timestamped by a reader thread."""

    def __init__(self, name: str, command: list[str], cwd: Path, port: int, done: str) -> None:
        self.name = name
        self.port = port
        self.done = re.compile(done)
        """A line that says a build is finished."""
        self.lines: list[tuple[float, str]] = []
        self.process = subprocess.Popen([*command, "-a", f"127.0.0.1:{port}"], cwd=cwd, env=_env(),
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.perf_counter(), line.rstrip()))

    def builds_done(self) -> list[float]:
        """When each finished build was reported."""
        return [t for t, line in list(self.lines) if self.done.search(line)]

    def url(self, route: str) -> str:
        # Both serve under the path of the site's address, as MkDocs does (site_url: .../vinhdanh/).
        return f"http://127.0.0.1:{self.port}/vinhdanh/{route}"

    def page(self, route: str) -> str | None:
        try:
            with urllib.request.urlopen(self.url(route), timeout=10) as response:
                return response.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def wait_for(self, route: str, text: str, since: float) -> float:
        """Seconds from `since` until the page at `route` has `text` (polled every 50 ms)."""
        while time.perf_counter() - since < TIMEOUT_SECONDS:
            if self.process.poll() is not None:
                self.fail("stopped")
            if any(t > since and FAILED.search(line) for t, line in list(self.lines)):
                self.fail("the build after the edit failed")
            if (body := self.page(route)) is not None and text in body:
                return time.perf_counter() - since
            time.sleep(POLL_SECONDS)
        self.fail(f"{self.url(route)} did not show {text!r} within {TIMEOUT_SECONDS} s")
        raise AssertionError  # not reached

    def wait_quiet(self, since: float) -> float | None:
        """Wait until a build finished after `since` and the output has been quiet for a second; the seconds
        from `since` to that build's report (None if it never came)."""
        deadline = time.perf_counter() + TIMEOUT_SECONDS
        while time.perf_counter() < deadline:
            if self.process.poll() is not None:
                self.fail("stopped")
            done = [t for t in self.builds_done() if t > since]
            last = self.lines[-1][0] if self.lines else 0
            if done and time.perf_counter() - last > QUIET_SECONDS:
                return done[0] - since
            time.sleep(POLL_SECONDS)
        return None

    def fail(self, why: str) -> None:
        tail = "\n".join(line for _, line in self.lines[-40:])
        self.stop()
        sys.exit(f"{self.name} server: {why}. Its last lines:\n{tail}")

    def stop(self) -> None:
        """Ctrl+C, as a user stops it (the preview then removes its temporary site); killed if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclasses.dataclass
class Edit:
    """One scenario's change, for one server: the file, its original text, how to change it, and the page."""

    path: Path
    original: str
    old: str
    route: str

    def apply(self, marker: str) -> None:
        """Write the file with the change marked by `marker` (a word the page then shows)."""
        raise NotImplementedError

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")


@dataclasses.dataclass
class Replace(Edit):
    """`old` replaced by `old marker` (the whole text: a name, a unit's name)."""

    others: list[tuple[Path, str]] = dataclasses.field(default_factory=list)
    """Further files to change alike, with their original text (the bare export's copies)."""

    def apply(self, marker: str) -> None:
        new = f"{self.old} {marker}"
        self.path.write_text(self.original.replace(self.old, new), encoding="utf-8")
        for path, original in self.others:
            path.write_text(original.replace(self.old, new), encoding="utf-8")

    def restore(self) -> None:
        self.path.write_text(self.original, encoding="utf-8")
        for path, original in self.others:
            path.write_text(original, encoding="utf-8")


@dataclasses.dataclass
class Append(Edit):
    """A paragraph appended to a page."""

    def apply(self, marker: str) -> None:
        self.path.write_text(f"{self.original.rstrip()}\n\nĐoạn thêm {marker}.\n", encoding="utf-8")


def _bare_copies(docs: Path, text: str) -> list[tuple[Path, str]]:
    """The exported files that have `text`, with their content."""
    found = []
    for path in sorted(docs.rglob("*")):
        if path.suffix in TEXT_FILES and text in (content := path.read_text(encoding="utf-8")):
            found.append((path, content))
    return found


def scenarios(root: Path, bare: Path) -> dict[str, dict[str, Edit]]:
    """The three edits, for each server."""
    profiles = root / "profiles"
    fronts = {p: p.read_text(encoding="utf-8") for p in sorted(profiles.glob("*.md"), key=lambda p: int(p.stem[1:]))}
    unit_of = {p: re.search(r"^unit: (\S+)", text, re.M).group(1) for p, text in fronts.items()}
    # One profile: the 8th (not featured on the home page, so its page is the only one with its own card).
    profile = list(fronts)[min(7, len(fronts) - 1)]
    name = re.search(r"^name: (.+)$", fronts[profile], re.M).group(1)
    route = f"ho-so/{profile.stem}/"
    # The unit most profiles belong to, seen on the page of one of them.
    units_file = root / "data" / "units.yml"
    units_text = units_file.read_text(encoding="utf-8")
    unit, _ = Counter(unit_of.values()).most_common(1)[0]
    unit_name = re.search(rf"^  - id: {re.escape(unit)}\n    name: (.+)$", units_text, re.M).group(1)
    member = next(p for p, u in unit_of.items() if u == unit and p != profile)
    member_route = f"ho-so/{member.stem}/"
    for page in (bare / "docs" / f"ho-so/{profile.stem}.md", bare / "docs" / f"ho-so/{member.stem}.md"):
        if not page.is_file():
            sys.exit(f"{page} not found: where do profile pages go now? Update preview_speed.scenarios.")
    page = root / "content" / "gioi-thieu.md"
    bare_page = bare / "docs" / "gioi-thieu.md"
    return {
        "profile": {
            "vinhdanh": Replace(profile, fronts[profile], f"name: {name}", route),
            "bare": Replace(bare / "docs" / f"ho-so/{profile.stem}.md", "", name, route),
        },
        "registry": {
            "vinhdanh": Replace(units_file, units_text, f"    name: {unit_name}", member_route),
            "bare": Replace(bare / "docs" / f"ho-so/{member.stem}.md", "", unit_name, member_route),
        },
        "page": {
            "vinhdanh": Append(page, page.read_text(encoding="utf-8"), "", "gioi-thieu/"),
            "bare": Append(bare_page, bare_page.read_text(encoding="utf-8"), "", "gioi-thieu/"),
        },
    }


def _prepare_bare(edits: dict[str, dict[str, Edit]], bare: Path) -> None:
    """The bare server's replacements change every exported file that has the old text."""
    for edit in (e["bare"] for e in edits.values()):
        if isinstance(edit, Replace):
            copies = _bare_copies(bare / "docs", edit.old)
            edit.original = next(c for p, c in copies if p == edit.path)
            edit.others = [(p, c) for p, c in copies if p != edit.path]


def measure(n: int, repeats: int) -> dict:
    root = WORK / str(n)
    generate(n, root)
    bin_dir = Path(sys.executable).parent
    timed([str(bin_dir / "vinhdanh"), "build", "--site-dir", str(root / "site")], root)  # the caches, warmed
    bare = export_bare(root)
    edits = scenarios(root, bare)
    _prepare_bare(edits, bare)
    servers = {
        "vinhdanh": Server("vinhdanh", [str(bin_dir / "vinhdanh"), "serve"], root, free_port(),
                           r"Đã cập nhật bản xem trước"),
        "bare": Server("bare mkdocs", [str(bin_dir / "mkdocs"), "serve", "-f", "mkdocs.yml"], bare, free_port(),
                       r"Documentation built in"),
    }
    results: dict[tuple[str, str], list[tuple[float, float | None, float]]] = {}
    counter = 0
    try:
        started = time.perf_counter()
        for name, server in servers.items():
            server.wait_quiet(started - 1)
            if server.page("gioi-thieu/") is None:
                server.fail("no page after its first build")
            print(f"{name} serving at {server.url('')} after {time.perf_counter() - started:.0f} s", flush=True)
        for round_ in range(repeats):
            for scenario, pair in edits.items():
                for key, server in servers.items():
                    edit = pair[key]
                    counter += 1
                    marker = f"Benchedit{counter}"
                    load = os.getloadavg()[0]
                    since = time.perf_counter()
                    edit.apply(marker)
                    shown = server.wait_for(edit.route, marker, since)
                    reported = server.wait_quiet(since)
                    results.setdefault((scenario, key), []).append((shown, reported, load))
                    print(f"  round {round_ + 1}: {scenario} on {key}: shown after {shown:.2f} s, build reported "
                          f"after {reported if reported is None else round(reported, 2)} s, load {load:.2f}",
                          flush=True)
    finally:
        for pair in edits.values():
            for edit in pair.values():
                edit.restore()
        for server in servers.values():
            server.stop()
    return {"n": n, "repeats": repeats, "results": results}


def write_preview(measured: dict) -> str:
    """bench/PREVIEW.md with the table, keeping its notes; the table."""
    labels = {"profile": "one profile's name", "registry": "a unit's name (data/units.yml)",
              "page": "a hand-written page (content/)"}
    servers = {"vinhdanh": "`vinhdanh serve`", "bare": "bare `mkdocs serve`"}
    table = ["| edit | server | runs | median s until shown | min s | ratio to bare | median s until build reported "
             "| load (1 min) |", "|---|---|---:|---:|---:|---:|---:|---|"]
    results = measured["results"]
    for scenario, label in labels.items():
        for key, server in servers.items():
            values = results[(scenario, key)]
            shown = [v[0] for v in values]
            reported = [v[1] for v in values if v[1] is not None]
            loads = [v[2] for v in values]
            # Paired, as the rounds ran: each vinhdanh edit against the bare one right after it.
            ratio = statistics.median(a[0] / b[0] for a, b in zip(values, results[(scenario, "bare")], strict=True))
            reported_cell = f"{statistics.median(reported):.2f}" if reported else "-"
            table.append(f"| {label} | {server} | {len(values)} | {statistics.median(shown):.2f} | {min(shown):.2f} | "
                         f"{ratio:.2f} | {reported_cell} | {min(loads):.1f}-{max(loads):.1f} |")
    notes = ""
    if PREVIEW.is_file() and NOTES in (text := PREVIEW.read_text(encoding="utf-8")):
        notes = text.split(NOTES, 1)[1].lstrip("\n")
    n = measured["n"]
    PREVIEW.write_text(
        f"# Preview speed: seconds from an edit until the served page shows it, {n:,} profiles\n\n"
        "Produced by `bench/preview_speed.py` (its docstring says exactly what each edit is). Both servers run "
        "side by side on the same synthetic profiles (bare: the Markdown and assets vinhdanh generated, the "
        "project's plugins minus vinhdanh, no search); the edits alternate between them, "
        f"{measured['repeats']} rounds. *Shown*: from writing the file until the page, polled every 50 ms, has "
        "the new text. *Build reported*: until the server logged that its rebuild was done. Load: the 1-minute "
        "load average when each edit was written (lowest-highest); the machine is shared with other work.\n\n"
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}; {time.strftime('%Y-%m-%d %H:%M')}.\n\n"
        + "\n".join(table) + f"\n\n{NOTES}\n\n" + notes, encoding="utf-8")
    return "\n".join(table)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000, help="number of profiles (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="interleaved rounds (default 3)")
    args = parser.parse_args()
    print(write_preview(measure(args.n, args.repeats)))


if __name__ == "__main__":
    main()
