"""Shared fixtures: small projects in tmp_path built from the repository's config, theme and registries,
the sample site built once, and the browsers. Builds share what makes them slow: one cache of fonts and
derived files for the whole run, and MkDocs' compiled templates. What tests import by name is in
`tests/helpers.py`."""

from __future__ import annotations

import fcntl
import functools
import inspect
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
import pytest
from mkdocs.theme import Theme

from generator import fonts
from generator.load import DEFAULT_CACHE
from generator.publish import BuildSummary
from tests.golden import build_sample
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, TODAY, Project, new_project, serve, share_cache


class _CompiledTemplates(jinja2.BytecodeCache):
    """Jinja templates compiled once per worker, kept in memory. An entry is keyed by the template's file and
    holds the hash of its source, so a template a test changes (a broken theme) is compiled again."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.entries:
            bucket.bytecode_from_string(self.entries[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.entries[bucket.key] = bucket.bytecode_to_string()


@pytest.fixture(scope="session", autouse=True)
def compiled_theme_templates() -> Iterator[None]:
    """MkDocs makes a new Jinja environment for each build, which compiles Material's templates again: a
    third of a small build's time. The builds of a worker share their compiled templates instead."""
    cache = _CompiledTemplates()
    get_env = Theme.get_env

    def get_env_with_cache(theme: Theme) -> jinja2.Environment:
        env = get_env(theme)
        env.bytecode_cache = cache
        return env

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Theme, "get_env", get_env_with_cache)
        yield


@pytest.fixture(scope="session")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that all its xdist workers share (each has its own temporary folder in it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def shared_cache(run_folder: Path) -> Path:
    """The cache folder (derived files, fonts) that the run's test projects share, so that a build test
    subsets the fonts and derives a photo only when no test did before. All workers share it: builds hold
    the cache's lock while they use it and write its files atomically, and a shared cache is never pruned
    (one test's prune would delete another's files). The fonts are made here, once."""
    cache = share_cache(run_folder / "shared-cache")
    fonts.build_faces(cache / "fonts")
    return cache


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest,
            shared_cache: Path) -> Project:
    """An empty project (no profiles) with the repository's configuration and registries, whose builds use
    the shared cache; with the `own_cache` marker, its own (in `.cache/vinhdanh`, the fonts copied in)."""
    own = request.node.get_closest_marker("own_cache") is not None
    project = new_project(tmp_path / "project", None if own else shared_cache)
    if own:
        shutil.copytree(shared_cache / "fonts", project.root / DEFAULT_CACHE / "fonts")
    monkeypatch.setenv("VINHDANH_TODAY", TODAY.isoformat())
    return project


@pytest.fixture(scope="session")
def sample_site(run_folder: Path, shared_cache: Path) -> tuple[Path, BuildSummary]:
    """The repository's whole sample project as of `TODAY`, built once per run for the tests that only read
    the result, the golden snapshot's among them. The first worker to need it builds it while the others
    wait (a lock), then they read where it is from `sample.pickle`."""
    with (run_folder / "sample.lock").open("ab") as lock:
        fcntl.flock(lock.fileno(), fcntl.LOCK_EX)  # released when the file is closed
        built = run_folder / "sample.pickle"
        if built.exists():
            return pickle.loads(built.read_bytes())
        result = build_sample(Path(tempfile.mkdtemp(prefix="sample-", dir=run_folder)), shared_cache)
        built.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Chromium with a profile of its own, as a visitor's browser: one context whose pages share storage."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield context
        context.close()


@pytest.fixture(scope="module")
def chromium():
    """Chromium itself, for tests that open contexts of their own (a clock, a time zone, no JavaScript)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def sample_url(sample_site):
    """The sample site served on a local port (no 404 page, no sub-path: what search and the explorer need)."""
    with serve(sample_site[0]) as url:
        yield url


# --- The `browser` marker ----------------------------------------------------------------------------------
# `pytest -m "not browser"` is the run that gates publication (the workflow's check job, `make test-core`),
# on a machine without the tools `make browser` installs. A test that uses one of them must carry the marker;
# this finds those that do not, by what their code or their fixtures' code names, before anything runs.
_BROWSER_TOOLS = re.compile(r"\b(sync_playwright|CHROMIUM|VNU|AXE|pdftotext|pdftoppm)\b")


@functools.cache
def _source(function: Any) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = []
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("browser") is not None:
            continue
        fixtures = [definition.func for definitions in item._fixtureinfo.name2fixturedefs.values()
                    for definition in definitions]
        if any(_BROWSER_TOOLS.search(_source(function)) for function in (item.function, *fixtures)):
            unmarked.append(item.nodeid)
    if unmarked:
        raise pytest.UsageError("These tests use chromium, Java, poppler or npm's packages but lack the `browser` "
                                "marker (`pytestmark = BROWSER` or `browser_test` from tests.helpers):\n  "
                                + "\n  ".join(unmarked))
