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

from pydantic import BaseModel

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
        self._models: dict[int, tuple[BaseModel, bytes | None]] = {}
        """`model_key` of each validated model this build named, with the model (so that its id is not
        reused while it is here)."""
        self._last_models: dict[int, tuple[BaseModel, bytes | None]] = {}
        """`model_key` of the models the previous build named and this one has not yet."""

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
        self._last_models, self._models = self._models, {}
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._now) + len(self._last)

    @staticmethod
    def key(*parts: Any) -> bytes | None:
        """A key naming `parts` by their whole value (a digest of their pickle), or None when they do not
        pickle (then the result is not kept). Equal pickles mean equal values: a class is pickled by name and
        an object by its state, every field of a dataclass included."""
        buffer = io.BytesIO()
        return _digest_of(pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL), buffer, parts)

    def model_key(self, *parts: Any) -> bytes | None:
        """`key(*parts)`, the validated models in them (pydantic's) named by the key of their own pickle, made
        once per model object while the builds use it: a profile's validated fields are the same object from
        one build to the next (the memo keeps them) and its registry entries are shared by many profiles, and
        pickling a model is slow (its state is read in Python). Models are never changed once validated (the
        load stage copies one to change it), so one object keeps its key."""
        buffer = io.BytesIO()
        return _digest_of(_ModelPickler(buffer, self), buffer, parts)

    def _model_digest(self, model: BaseModel) -> bytes:
        found = self._models.get(id(model))
        if found is None or found[0] is not model:
            found = self._last_models.pop(id(model), None)
            if found is None or found[0] is not model:
                found = (model, Memo.key(model))
            self._models[id(model)] = found
        if found[1] is None:
            raise pickle.PicklingError(f"{type(model).__name__} does not pickle")
        return found[1]


def _digest_of(pickler: pickle.Pickler, buffer: io.BytesIO, parts: tuple) -> bytes | None:
    """The digest of `parts` pickled by `pickler` into `buffer`, or None when they do not pickle."""
    # Without the pickler's memo, an object met twice is written twice: the same values pickle the same
    # whether or not they are one object (a name shared by two fields in one build, not in the next).
    pickler.fast = True
    try:
        pickler.dump(parts)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError):  # ValueError: a cycle
        return None
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).digest()


def _model(digest: bytes) -> None:
    """What a model's key stands for in `Memo.model_key`'s pickles (never unpickled)."""


class _ModelPickler(pickle.Pickler):
    """`Memo.key`'s pickler, a validated model written as its key (`Memo.model_key`)."""

    def __init__(self, buffer: io.BytesIO, memo: Memo) -> None:
        super().__init__(buffer, protocol=pickle.HIGHEST_PROTOCOL)
        self._memo = memo

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            return _model, (self._memo._model_digest(obj),)
        return NotImplemented


def call(memo: Memo | None, function: Callable[..., T], *args: Any, depends: tuple = ()) -> T:
    """`function(*args)`; with a memo, kept by the function's name, its arguments and `depends` (what else
    the result follows from, such as the state of a file it reads), so `function` must be pure but for those."""
    if memo is None or (key := memo.model_key(function.__module__, function.__qualname__, args, depends)) is None:
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
