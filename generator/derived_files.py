"""The derived files' cache: every file made from the inputs (photo renditions, share images, QR codes), kept
on disk between builds and made again only when an input or a setting changes.

An *entry* is named by the hash of its inputs and settings (`make_key`), so an unchanged photo costs a `stat`
on the next build, and entries not used by a build are pruned. A *job* says how to make an entry: a
module-level function and its arguments, run in this process or, when there is much to do, on both cores.
`run` makes a set of entries and returns; `submit` starts them and returns a `Batch` to wait for, so that the
build can go on (rendering pages) while the workers make files it needs only when it copies them.

Several builds may share the cache (`vinhdanh build` while `vinhdanh serve` rebuilds): files are written
under unique temporary names and renamed into place, each build holds a shared lock on the cache while it
uses it, and a prune takes the exclusive lock without waiting, so it is skipped while another build runs.
A cache folder several projects share (the test suite's builds share one) holds a file named `SHARED_NAME`,
and no build prunes it: the entries one project no longer uses may be another's.
"""

from __future__ import annotations

import concurrent.futures
import fcntl
import hashlib
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TextIO

import PIL

from .readers import ReadError, check_input, read_input

SETTINGS_VERSION = "3"
"""Bump to invalidate every cached entry when a derivation changes (a share image's drawing has its own
`share_images.LAYOUT_VERSION`)."""
SETTINGS = f"{SETTINGS_VERSION}|Pillow {PIL.__version__}"
"""Part of every cache key: every derived file is encoded by Pillow, and a new Pillow may encode other bytes."""


@dataclass(frozen=True)
class DerivedFile:
    """One file a job made, before it is stored in the cache."""

    name: str
    """Its name inside the entry: `card-360.webp`, `share.jpg`, `qr.png`."""
    data: bytes
    width: int
    height: int


def describe_failure(error: BaseException) -> str:
    """Vietnamese reason a job failed, for a job that says nothing better (`Job.describe`)."""
    if isinstance(error, ReadError):  # an input changed since it was checked
        return error.message
    return f"{type(error).__name__}: {error}"


@dataclass(frozen=True)
class Job:
    """One cache entry to make: `task(*args)` returns its files. `task` must be a module-level function."""

    key: str
    """Hash of every input and setting of the derivation; names the entry."""
    task: Callable[..., list[DerivedFile]]
    args: tuple
    label: str
    """What the job is about, for messages: the photo's path or the profile's id."""
    describe: Callable[[BaseException], str] = describe_failure
    """The Vietnamese reason a failure of `task` gives an editor (`photos.describe_failure` for a photo)."""


@dataclass(frozen=True)
class CachedFile:
    """One file of a cache entry, ready to publish."""

    path: Path
    name: str
    width: int
    height: int


def make_key(*parts: object) -> str:
    """Cache key of a derivation from its inputs (bytes, digests, settings)."""
    digest = hashlib.sha256(SETTINGS.encode())
    for part in parts:
        digest.update(b"\x1f" + (part if isinstance(part, bytes) else repr(part).encode()))
    return digest.hexdigest()[:24]


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` under a unique temporary name, then rename it into place: a reader in another build
    sees the whole old file or the whole new one, never half of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def entry_file(directory: Path, key: str, name: str) -> Path:
    """Where the file `name` of the entry `key` of the cache in `directory` is (or will be, once made)."""
    return directory / f"{key}.{name}"


def _store(directory: Path, key: str, task: Callable[..., list[DerivedFile]], args: tuple) -> list[dict]:
    """Run one job and store its files, the manifest last (an entry with a manifest is complete)."""
    outputs = task(*args)
    manifest = []
    for output in outputs:
        write_atomic(entry_file(directory, key, output.name), output.data)
        manifest.append({"name": output.name, "width": output.width, "height": output.height})
    write_atomic(directory / f"{key}.json", json.dumps(manifest).encode())
    return manifest


class Progress:
    """`Ảnh: [██████░░░░░░] 120/1000 · 35/giây · còn khoảng 25 giây` on one terminal line, redrawn at most
    five times a second; silent when stderr is not a terminal or in CI (their logs would fill with it)."""

    WIDTH = 20
    """Cells of the bar."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and self.stream.isatty() and not os.environ.get("CI")
        self.started = self.shown = time.perf_counter()

    def line(self, elapsed: float) -> str:
        """What the line says after `elapsed` seconds."""
        filled = self.WIDTH * self.done // max(self.total, 1)
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        rate = self.done / max(elapsed, 1e-9)
        text = f"{self.label}: [{bar}] {self.done}/{self.total} · {rate:.0f}/giây"
        if self.done < self.total and self.done and elapsed > 1:
            left = (self.total - self.done) / rate
            text += f" · còn khoảng {left:.0f} giây" if left < 90 else f" · còn khoảng {left / 60:.0f} phút"
        return text

    def step(self) -> None:
        """One more job done."""
        self.done += 1
        now = time.perf_counter()
        if self.enabled and (now - self.shown > 0.2 or self.done == self.total):
            self.shown = now
            # The spaces clear what a longer line before left on the terminal.
            self.stream.write(f"\r{self.line(now - self.started):<80}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


PARALLEL_MIN = 6
"""Fewer cold jobs than this run in this process: starting workers costs more than they save."""


WORKER_MODULES = ["generator.photos", "generator.share_images", "generator.qr"]
"""The modules of the jobs' tasks, imported once by the fork server, so that its workers start with them."""


def pool_context() -> multiprocessing.context.BaseContext:
    """How the cache's workers (and the booklet's process) are started."""
    # forkserver: workers do not inherit the threads of `mkdocs serve` (fork with threads can deadlock).
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # Each worker is forked from the server with Pillow and the tasks imported, rather than importing them
        # itself (a quarter of a second each); only the first build of a process starts the server.
        context.set_forkserver_preload(["__main__", *WORKER_MODULES])  # `__main__`: the default, kept
        return context
    return multiprocessing.get_context("spawn")


_MANIFESTS: dict[tuple[Path, str], list[CachedFile]] = {}
"""The manifests read by this process, by cache folder and key (`DerivedFileCache._manifest`): the live
preview reads each once, not on every edit."""

LOCK_NAME = ".lock"
"""The file of the cache's advisory lock, in the cache folder."""
SHARED_NAME = "SHARED"
"""A file whose presence in the cache folder marks it as shared by several projects: never pruned."""


@dataclass
class DerivedFileCache:
    """Derived files on disk under `directory`, in entries named by the hash of their inputs and settings.

    Using the cache (`source_digest`, `run`) takes a shared lock on it, held until `release` or `prune`:
    call one of them once the build has copied the files it needs.
    """

    directory: Path
    workers: int = field(default_factory=lambda: min(2, os.cpu_count() or 1))
    """Processes for cold derivations (the machine has two cores)."""
    used: set[str] = field(default_factory=set)
    """Keys of the entries used since this cache was opened: the others are stale."""
    _digests: dict[str, list] | None = None
    _digests_changed: bool = False
    _digests_used: set[str] = field(default_factory=set)
    _lock: BinaryIO | None = None
    _pool: concurrent.futures.ProcessPoolExecutor | None = None

    def path(self, key: str, name: str) -> Path:
        """Where the file `name` of the entry `key` is (or will be, once its job is done)."""
        return entry_file(self.directory, key, name)

    def hold(self) -> None:
        """Take the shared lock, waiting while another build prunes (a moment)."""
        if self._lock is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            lock = (self.directory / LOCK_NAME).open("ab")
            fcntl.flock(lock.fileno(), fcntl.LOCK_SH)
            self._lock = lock

    def release(self) -> None:
        """Let go of the cache: its files may be pruned by another build from now on. Jobs not started yet are
        dropped."""
        self.close_workers(cancel=True)
        if self._lock is not None:
            self._lock.close()  # closing the file releases its lock
            self._lock = None

    # Source digests, memoised by (size, mtime, inode) so that a warm build reads no photo.
    def source_digest(self, path: Path, limit: int) -> str:
        """Content hash of an input file of at most `limit` bytes, read as `readers.read_input` reads it inside
        its own folder (ReadError otherwise: a link, a FIFO, a larger file)."""
        self.hold()
        if self._digests is None:
            index = self.directory / "sources.json"
            try:
                self._digests = json.loads(index.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._digests = {}
        stat = check_input(path, path.parent, limit)
        self._digests_used.add(str(path))
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        known = self._digests.get(str(path))
        if known and known[:3] == signature:
            return known[3]
        digest = hashlib.sha256(read_input(path, path.parent, limit)).hexdigest()
        self._digests[str(path)] = [*signature, digest]
        self._digests_changed = True
        return digest

    def run(self, jobs: Iterable[Job], label: str = "Ảnh") -> tuple[dict[str, list[CachedFile]], dict[str, str]]:
        """Make the entries of `jobs` that are not cached yet; return (files by key, failures by key).

        A failure is the Vietnamese reason a job could not be done; the other jobs still run. The workers are
        closed when it returns.
        """
        try:
            return self.submit(jobs, label).result()
        finally:
            self.close_workers()

    def submit(self, jobs: Iterable[Job], label: str = "Ảnh") -> Batch:
        """Start making the entries of `jobs` that are not cached yet, on both cores when there are many: the
        returned `Batch` waits for them. Until `close_workers` (or `release`, `prune`), the workers stay for
        the next batch, so that a build's rounds of jobs start them once."""
        self.hold()
        entries: dict[str, list[CachedFile]] = {}
        todo: dict[str, Job] = {}
        for job in jobs:
            self.used.add(job.key)
            if job.key in entries or job.key in todo:
                continue
            manifest = self._manifest(job.key)
            if manifest is None:
                todo[job.key] = job
            else:
                entries[job.key] = manifest
        self._save_digests()
        futures: dict[concurrent.futures.Future, Job] = {}
        if len(todo) >= PARALLEL_MIN and self.workers > 1:
            if self._pool is None:
                self._pool = concurrent.futures.ProcessPoolExecutor(self.workers, mp_context=pool_context())
            futures = {self._pool.submit(_store, self.directory, job.key, job.task, job.args): job
                       for job in todo.values()}
            todo = {}
        return Batch(self, label, entries, list(todo.values()), futures)

    def close_workers(self, cancel: bool = False) -> None:
        """Stop the worker processes, once what they were given is done (`cancel`: what has not started is
        dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=cancel)
            self._pool = None

    def _collect(self, job: Job, error: BaseException | None, entries: dict, failures: dict) -> None:
        if error is not None:
            failures[job.key] = job.describe(error)
            return
        manifest = self._manifest(job.key)
        if manifest is None:
            failures[job.key] = "không lưu được tệp đã xử lý vào bộ nhớ đệm"
        else:
            entries[job.key] = manifest

    def _manifest(self, key: str) -> list[CachedFile] | None:
        """The files of the entry `key`, or None when it is not made (or was pruned): its manifest, read once
        a process (an entry's files never change, its name being the hash of their inputs), and its files
        looked for every time."""
        files = _MANIFESTS.get((self.directory, key))
        if files is None:
            try:
                items = json.loads((self.directory / f"{key}.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            files = [CachedFile(self.path(key, i["name"]), i["name"], i["width"], i["height"]) for i in items]
        if not all(os.path.exists(f.path) for f in files):
            _MANIFESTS.pop((self.directory, key), None)
            return None
        _MANIFESTS[(self.directory, key)] = files
        return files

    def _save_digests(self) -> None:
        if not self._digests_changed:
            return
        self._digests_changed = False
        write_atomic(self.directory / "sources.json", json.dumps(self._digests, sort_keys=True).encode())

    def prune(self) -> int | None:
        """Release the cache and delete the files of entries this build did not use; return how many.

        Call it when the build no longer needs the cache (its files are copied into the site). Only done
        when no other build uses the cache (the exclusive lock, taken without waiting); otherwise nothing is
        deleted and None is returned: a later build prunes. A shared cache (`SHARED_NAME`) is never pruned
        (None).
        """
        self.release()
        if not self.directory.is_dir():
            return 0
        if (self.directory / SHARED_NAME).exists():
            return None
        with (self.directory / LOCK_NAME).open("ab") as lock:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return None
            removed = 0
            for path in self.directory.iterdir():
                if path.name in ("sources.json", LOCK_NAME):
                    continue
                # A temporary file is a leftover of a build that stopped: no other build is writing now.
                if path.name.startswith(".") or path.name.split(".", 1)[0] not in self.used:
                    path.unlink()
                    removed += 1
            if self._digests:
                kept = {p: v for p, v in self._digests.items() if p in self._digests_used}
                self._digests_changed |= len(kept) != len(self._digests)
                self._digests = kept
                self._save_digests()
        return removed


@dataclass
class Batch:
    """Jobs of a cache under way (`DerivedFileCache.submit`); `result` waits for them."""

    cache: DerivedFileCache
    label: str
    entries: dict[str, list[CachedFile]]
    """The entries found cached, then those made."""
    todo: list[Job]
    """The cold jobs to run in this process, when `result` is asked for (too few for the workers)."""
    futures: dict[concurrent.futures.Future, Job]
    """The cold jobs given to the workers."""
    started: float = field(default_factory=time.perf_counter)

    def result(self) -> tuple[dict[str, list[CachedFile]], dict[str, str]]:
        """Wait for every job; return (files by key, failures by key), as `DerivedFileCache.run`."""
        failures: dict[str, str] = {}
        progress = Progress(self.label, len(self.todo) + len(self.futures))
        progress.started = self.started  # the rate counts the jobs done before this wait began
        for job in self.todo:
            try:
                _store(self.cache.directory, job.key, job.task, job.args)
                error = None
            except Exception as exc:  # noqa: BLE001 - reported as a problem naming the file
                error = exc
            self.cache._collect(job, error, self.entries, failures)
            progress.step()
        for future in concurrent.futures.as_completed(self.futures):
            self.cache._collect(self.futures[future], future.exception(), self.entries, failures)
            progress.step()
        self.todo, self.futures = [], {}
        return self.entries, failures

    def cancel(self) -> None:
        """Drop the jobs not started yet; those running finish (their entries are complete or absent)."""
        for future in self.futures:
            future.cancel()
        self.todo = []
