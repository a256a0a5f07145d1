"""What the live preview keeps in memory from one build to the next: results of pure work by their inputs.

A preview builds the whole site again on every edit, and most of that work gives what it gave last time: the
same profile file parses to the same source, the same context writes the same HTML. A `Memo` holds such
results under a key made of everything they are computed from, so an edit redoes only the work whose inputs
changed, and the result is the one a fresh build would make (a test builds both ways and compares the bytes).

A key must name every input: a fragment's key is its name, the digest of the fragments' folders and its
whole context pickled (`Memo.key`), so a value that pickles by state can never be mistaken for another;
a context that does not pickle (a function) is not kept. A build that has no memo (`vinhdanh build`, one
process a build) does the work as before.

Entries a build did not use are dropped at the end of the next (`Memo.next_build`), so memory holds about
one site's worth, however long the preview runs.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .problems import Problem, Problems

T = TypeVar("T")


class Memo:
    """Results kept between the builds of one process, by key; see the module's docstring."""

    def __init__(self) -> None:
        self._now: dict[Hashable, Any] = {}
        """What this build made or used."""
        self._last: dict[Hashable, Any] = {}
        """What the previous build made or used and this one has not yet."""
        self.hits = 0
        """Results this build found kept (for tests and the terminal)."""
        self.misses = 0
        """Results this build computed."""

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The result kept under `key`, else `make()`, kept."""
        if key in self._now:
            self.hits += 1
            return self._now[key]
        if key in self._last:
            self.hits += 1
            value = self._now[key] = self._last.pop(key)
            return value
        self.misses += 1
        value = self._now[key] = make()
        return value

    def next_build(self) -> None:
        """Start a build: what the previous build did not use is dropped."""
        self._last, self._now = self._now, {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._now) + len(self._last)

    @staticmethod
    def key(*parts: Any) -> bytes | None:
        """A key naming `parts` by their whole value (a digest of their pickle), or None when they do not
        pickle (then the result is not kept). Equal pickles mean equal values: a class is pickled by name and
        an object by its state, every field of a dataclass included."""
        buffer = io.BytesIO()
        pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        # Without the pickler's memo, an object met twice is written twice: the same values pickle the same
        # whether or not they are one object (a name shared by two fields in one build, not in the next).
        pickler.fast = True
        try:
            pickler.dump(parts)
        except (pickle.PicklingError, TypeError, AttributeError, ValueError):  # ValueError: a cycle
            return None
        return hashlib.blake2b(buffer.getbuffer(), digest_size=20).digest()


def call(memo: Memo | None, function: Callable[..., T], *args: Any, depends: tuple = ()) -> T:
    """`function(*args)`; with a memo, kept by the function's name, its arguments and `depends` (what else
    the result follows from, such as the state of a file it reads), so `function` must be pure but for those."""
    if memo is None or (key := Memo.key(function.__module__, function.__qualname__, args, depends)) is None:
        return function(*args)
    return memo.get(key, lambda: function(*args))


def call_recording(memo: Memo | None, problems: Problems, function: Callable[..., T], *args: Any) -> T:
    """`function(*args, problems)` for a function that records problems: with a memo, the result and the
    problems it recorded are kept together (`call`), and the problems recorded again when it is reused."""
    if memo is None:
        return function(*args, problems)

    def recorded(*args: Any) -> tuple[T, list[Problem]]:
        scratch = Problems(problems.root)
        return function(*args, scratch), scratch.items

    result, found = call(memo, recorded, *args, depends=(function.__module__, function.__qualname__, problems.root))
    problems.items += found
    return result
