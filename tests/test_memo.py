"""What the live preview keeps between builds (`memo.py`): kept by every input, reused, then dropped."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.memo import Memo, call, call_recording
from generator.problems import Problems


@dataclass(frozen=True)
class Card:
    name: str
    tags: list[str]


def test_a_result_is_reused_only_for_equal_inputs():
    memo, made = Memo(), []

    def shout(card: Card) -> str:
        made.append(card.name)
        return card.name.upper()

    assert call(memo, shout, Card("An", ["a"])) == "AN"
    assert call(memo, shout, Card("An", ["a"])) == "AN"  # an equal value, another object
    assert call(memo, shout, Card("An", ["b"])) == "AN"  # a field deep inside differs
    assert made == ["An", "An"]
    assert (memo.hits, memo.misses) == (1, 2)


def test_what_a_build_did_not_use_is_dropped_at_the_next():
    memo = Memo()
    memo.get(b"a", lambda: 1)
    memo.get(b"b", lambda: 2)
    memo.next_build()
    assert memo.get(b"a", lambda: 0) == 1  # kept from the previous build
    memo.next_build()
    assert len(memo) == 1  # "b" was not used by the last build
    assert memo.get(b"b", lambda: 3) == 3


def test_a_value_that_does_not_pickle_is_never_kept():
    memo = Memo()
    assert Memo.key(lambda: None) is None
    assert call(memo, len, [lambda: None]) == 1
    assert call(memo, len, [lambda: None, 2]) == 2
    assert len(memo) == 0


def test_a_file_s_state_is_part_of_the_key(tmp_path):
    memo, path = Memo(), tmp_path / "a.txt"
    path.write_text("một")
    read = lambda: call(memo, Path.read_text, path, depends=(path.stat().st_size,))  # noqa: E731
    assert read() == "một"
    path.write_text("hai nữa")
    assert read() == "hai nữa"


def test_problems_are_recorded_again_when_a_result_is_reused(tmp_path):
    memo = Memo()

    def check(value: int, problems: Problems) -> int:
        problems.warn(tmp_path / "p.md", value, "name", "lạ")
        return value * 2

    first, second = Problems(tmp_path), Problems(tmp_path)
    assert call_recording(memo, first, check, 3) == 6
    assert call_recording(memo, second, check, 3) == 6
    assert memo.hits == 1
    assert [str(p) for p in second.items] == [str(p) for p in first.items] == ["p.md:3: name: cảnh báo: lạ"]


def test_equal_values_have_one_key_whether_or_not_they_are_one_object():
    name = "".join(["Nguyễn ", "Văn An"])  # built at run time: not the interned literal
    shared = Card(name, [name])
    apart = Card("".join(["Nguyễn ", "Văn An"]), ["Nguyễn Văn An"])
    assert shared.tags[0] is shared.name and apart.tags[0] is not apart.name
    assert Memo.key(shared) == Memo.key(apart)


class Tag(BaseModel):
    name: str
    parts: list[str]


def test_a_model_named_by_its_own_key_keys_as_its_value(monkeypatch):
    memo = Memo()
    an, also_an, binh = Tag(name="An", parts=["a"]), Tag(name="An", parts=["a"]), Tag(name="An", parts=["b"])
    assert memo.model_key(Card("x", []), an) == memo.model_key(Card("x", []), also_an)  # equal, other objects
    assert memo.model_key(Card("x", []), an) != memo.model_key(Card("x", []), binh)  # a field deep inside
    assert memo.model_key(an) != memo.model_key(Card("An", ["a"]))  # another type with the same state
    assert memo.model_key(lambda: None, an) is None
    # Pickled once per object while the builds name it: the next build names it by the key it has.
    pickled = []
    monkeypatch.setattr(Memo, "key", staticmethod(lambda *parts: pickled.append(parts) or b"k"))
    memo.next_build()
    memo.model_key(an)
    memo.next_build()
    memo.model_key(an)
    assert pickled == []
    memo.next_build()
    memo.next_build()  # not named by the last build: dropped
    memo.model_key(an)
    assert pickled == [(an,)]
