"""Site search: what the index knows beyond a page's own words, and the Pagefind run over the built site.

Pagefind (pinned: 1.5 folds tone marks and NFD and ranks exact spellings first; 1.4 folded nothing) indexes
the built HTML after MkDocs has written it. Profile pages mark their content `data-pagefind-body`, so
listings, navigation and hand-written pages stay out of the index, and carry hidden blocks of *search
terms* computed here (`search_terms_context`; `search-terms.html` writes them):

- **name terms**, weighted like the name itself: the accent-free form of name words that contain `đ`
  (Pagefind folds tone and shape marks but keeps `đ` a letter of its own, so "dang" would not find "Đặng");
- **other terms**, at the weight of body text: the same folding for every other indexed word, the other
  names of the profile's unit, movements and award titles from the registries ("Phòng TNMT", the 2003-law
  wording of a title), and abbreviations with their expansions both ways ("KCNC" <-> "khu công nghệ cao").

The index is made while the engine writes the site: Pagefind runs beside it as a service
(`SearchIndexer`), fed each page as it is written, and writes the index once the site is. The live preview,
whose builds write only the pages that changed, indexes its whole folder afterwards (`build_search_index`).

Design note with measurements: docs/design/search.md.
"""

from __future__ import annotations

import base64
import contextlib
import html
import json
import os
import re
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, NoReturn

from .model import Profile
from .names import award_wording, unit_name
from .text import fold, nfc

PAGEFIND_VERSION = "1.5.2"
"""The Pagefind release the index and its browser code come from (pinned in pyproject.toml)."""

ABBREVIATIONS = {
    "KCN": "khu công nghiệp",
    "KCNC": "khu công nghệ cao",
    "CNC": "công nghệ cao",
    "BQL": "Ban Quản lý",
    "UBND": "Ủy ban nhân dân",
    "CSTĐ": "chiến sĩ thi đua",
    "LĐTT": "lao động tiên tiến",
    "TTLĐXS": "tập thể lao động xuất sắc",
    "QĐ": "quyết định",
    "DN": "doanh nghiệp",
    "TNHH": "trách nhiệm hữu hạn",
    "MTV": "một thành viên",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "NLĐ": "người lao động",
    "ĐTN": "đoàn thanh niên",
}
"""Abbreviations common in the Board's documents, and what they stand for."""

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# "QĐ-BQL", "315/QĐ-UBND". Linear: it starts only where a word starts (the look-behind) and never gives
# back letters (possessive `++`); without both, one 40,000-letter word took 30 s.
_COMPOUND = re.compile(r"(?<![^\W_])[^\W_]++(?:[-/.][^\W_]++)+", re.UNICODE)
_TAG = re.compile(r"<[^<>]*>")  # a run of "<" never makes it rescan the rest of the text


def words(text: str) -> list[str]:
    """The words of `text` (NFC), split at spaces and punctuation: "(Hòa Lạc)" -> ["Hòa", "Lạc"]."""
    return _WORD.findall(nfc(text))


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(_TAG.sub(" ", fragment))


def _folded_d_words(texts: Iterable[str]) -> list[str]:
    """Accent-free forms of the words with `đ`, as often as they occur (ranking counts occurrences)."""
    return [fold(word) for text in texts for word in [*words(text), *_COMPOUND.findall(nfc(text))]
            if "đ" in word or "Đ" in word]


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    # Cached: registry names, award wordings and positions recur on every profile that names them.
    return " ".join(words(fold(text)))


@lru_cache(maxsize=1)
def _expansion_keys() -> tuple[tuple[str, str, str], ...]:
    """(abbreviation, expansion, the expansion folded as ` key `): folded once, not once a text."""
    return tuple((short, long, f" {_key(long)} ") for short, long in ABBREVIATIONS.items())


def abbreviation_terms(texts: Iterable[str]) -> list[str]:
    """For each abbreviation in `texts` its expansion, and for each expansion its abbreviation."""
    texts = list(texts)
    found: dict[str, None] = {}
    folded = " " + " ".join(_key(t) for t in texts) + " "
    tokens = {word for text in texts for word in words(text)}
    for short, long, key in _expansion_keys():
        if short in tokens:
            found.setdefault(long, None)
        if key in folded:
            found.setdefault(short, None)
    return list(found)


def _registry_names(profile: Profile) -> list[str]:
    """Other names of the profile's unit, movements and award titles."""
    names: list[str] = []
    unit = profile.unit
    names += [unit.name, *(x for x in (unit.short_name, unit.park) if x), *unit.aliases]
    for movement in profile.movements:
        names += [movement.name, *([movement.short_name] if movement.short_name else []), *movement.aliases]
    for item in profile.awards:
        title = item.title
        names += [title.name, *(a if isinstance(a, str) else a.name for a in title.aliases)]
    return list(dict.fromkeys(names))


def profile_texts(profile: Profile) -> list[str]:
    """Every text of a profile that its page shows and the index holds, name excluded."""
    data = profile.data
    texts = [x for x in (data.position, profile.unit.name, data.quote) if x]
    texts += data.highlights
    texts += [item.wording for item in profile.awards]
    texts += [item.award.decision or "" for item in profile.awards]
    texts += [item.award.issuer or "" for item in profile.awards]
    texts += [m.name for m in profile.movements]
    texts += [m.name or "" for m in data.members] + [m.role or "" for m in data.members]
    if data.paper:
        texts += [data.paper.title, data.paper.summary or ""]
    texts.append(plain_text(profile.story_html))
    return [t for t in texts if t]


def search_terms(profile: Profile) -> tuple[list[str], list[str], list[str]]:
    """(name terms, field terms, story terms) to index with a profile, beyond the words its page shows.

    Field terms are the profile's structured facts (position, unit, movements, award titles) under all
    their registry names, weighted above the story so a unit or title outranks a passing mention.
    """
    name_terms = list(dict.fromkeys(_folded_d_words([profile.name, profile.data.prefix or ""])))
    name_terms += [t for t in abbreviation_terms([profile.name]) if t not in name_terms]
    fields = [*([profile.data.position] if profile.data.position else []), *_registry_names(profile),
              *(item.wording for item in profile.awards)]
    fields += abbreviation_terms(fields)
    fields = list(dict.fromkeys(fields))
    fields += [t for t in dict.fromkeys(_folded_d_words(fields)) if t not in fields]
    # The rest of the page: its words with "đ" folded as often as they occur (ranking counts them).
    texts = profile_texts(profile)
    story = [t for t in abbreviation_terms(texts) if t not in fields] + _folded_d_words(texts)
    return name_terms, fields, story


NAME_WEIGHT = 7.0
"""Pagefind's own weight of an `h1`: the accent-free name counts as much as the name."""
FIELD_WEIGHT = 3.0
"""Facts of the profile: between the name (7) and the story (1)."""


@dataclass(frozen=True)
class SearchTerms:
    """Hidden search terms and result metadata placed inside a profile's content (`search-terms.html`)."""

    meta: list[tuple[str, str]]
    """Pagefind's metadata of the result, (key, value): its title, thumbnail, kind, unit, highest award."""
    terms: list[tuple[float | None, list[str]]]
    """Terms with their Pagefind weight (None: body text's): name terms, field terms, story terms."""


def search_terms_context(profile: Profile, title: str, image: str | None, lang: str = "vi",
                         kind: str | None = None) -> SearchTerms:
    """What the index holds of a profile's page in `lang` beyond its words, and the metadata its result shows.

    `title` is the result's title, `image` the site-relative URL of the thumbnail shown beside it, `kind` the
    profile's kind in `lang` (its Vietnamese label by default). `image` is
    stored as `photo`, not Pagefind's `image`: Pagefind fills `image` itself from the page's first picture
    (the QR code, for a profile without a photo), with an address from the server root, not the site's.
    An English page adds the accent-free name (a visitor without a Vietnamese keyboard types "nguyen van
    duong") and its facts' Vietnamese names (its English ones are on the page); its story is the Vietnamese
    page's.
    """
    award = profile.top_award
    meta = {"title": title, "photo": image, "kind": kind or profile.kind_label, "unit": unit_name(profile.unit, lang, short=True).text,
            "award": award_wording(award, lang).text if award else None}
    names, fields, story = search_terms(profile)
    if lang != "vi":  # the English names are on the page itself; its story is the Vietnamese page's
        unaccented = fold(title)
        names, story = [unaccented, *(t for t in names if t != unaccented)], []
    weighted = zip((NAME_WEIGHT, FIELD_WEIGHT, None), (names, fields, story), strict=True)
    return SearchTerms([(key, value) for key, value in meta.items() if value],
                       [(weight, terms) for weight, terms in weighted if terms])


# --- the index ------------------------------------------------------------------------------------------

class SearchIndexError(RuntimeError):
    """Pagefind could not index the built site."""


def pagefind_executable() -> Path:
    """The Pagefind binary shipped by the `pagefind[bin]` package."""
    try:
        from pagefind_bin import get_executable
    except ImportError as error:  # pragma: no cover - the dependency is pinned
        raise SearchIndexError("thiếu gói 'pagefind[bin]'; hãy chạy 'make setup'") from error
    return Path(get_executable())


# No `force_language`: Pagefind makes one index per `<html lang>` (vi, en) in one bundle, and the browser
# loads the index of the page's language (docs/design/english.md, "Search").
_EXCLUDED = (".vd-awards caption", ".vd-awards thead")
"""Left out of the index: table captions and headings repeat the name and column labels on every profile."""


def build_search_index(site_dir: Path) -> Path:
    """Index the built site in `site_dir` into `site_dir/pagefind/`; return that folder. Pagefind reads every
    HTML file of the folder (in the file system's order, which numbers the pages of the index)."""
    out = SearchIndexRun(site_dir).run()
    assert out is not None  # never stopped
    return out


class SearchIndexRun:
    """Pagefind indexing the site in `site_dir` (`build_search_index`) in a process of its own, which another
    thread may stop: the live preview's next build does not wait for the index of a folder it rewrites."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._stopped = False

    def run(self) -> Path | None:
        """Index the site; the index folder, or None when `stop` was called (what it wrote is then partial).
        Raises SearchIndexError when Pagefind fails, or cannot be started."""
        executable = pagefind_executable()
        command = [str(executable), "--site", str(self.site_dir), "--output-subdir", "pagefind", "--silent"]
        for selector in _EXCLUDED:
            command += ["--exclude-selectors", selector]
        with self._lock:
            if self._stopped:
                return None
            try:
                self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            except OSError as error:  # seen once under heavy load: EFAULT from the kernel when starting it
                raise SearchIndexError(f"Không chạy được Pagefind ({executable}): {error.strerror}") from None
        stdout, stderr = self._process.communicate()
        if self._stopped:
            return None
        if self._process.returncode != 0:
            raise SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {(stderr or stdout).strip()}")
        return _written(self.site_dir / "pagefind")

    def stop(self) -> None:
        """Stop the indexing, if it runs: `run` returns None."""
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()


def _written(out: Path) -> Path:
    if not (out / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind không ghi {out / 'pagefind.js'}")
    _sort_languages(out / "pagefind-entry.json")
    return out


def _sort_languages(entry: Path) -> None:
    """Pagefind's entry file with its languages in the order of their codes: it writes them in the order of a
    hash map, which differs from one run to the next once a site has two (vi, en), and the same site must
    make the same files. Nothing else changes: the key order and spacing are Pagefind's."""
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(entry.read_bytes())
        languages = data.get("languages")
        if isinstance(languages, dict) and list(languages) != sorted(languages):
            data["languages"] = dict(sorted(languages.items()))
            entry.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


_BODY = "data-pagefind-body"
# The attribute in a start tag (text cannot hold a "<" unescaped). One in a comment or script would count too:
# then, on a site where no element has it, pages without it would be left out of the index.
_BODY_ELEMENT = re.compile(r"<[^<>]*\sdata-pagefind-body[\s=/>]")


def page_url(path: str) -> str:
    """The address Pagefind 1.5 gives the page at `path` in the site folder, as its command line does from the
    file's path ("ho-so/an/index.html" -> "/ho-so/an/"): not percent-encoded."""
    if path == "index.html" or path.endswith("/index.html"):
        path = path[:-len("index.html")]
    return "/" + path


class SearchIndexer:
    """Pagefind as a service beside the engine (its `--service` mode): each page is handed over as the engine
    writes it (`add`), and Pagefind reads it on the other core while the engine renders the next; `write`
    adds the site's other HTML files and writes the index. The index is the one Pagefind's command line
    makes of the written folder, but for the order of its pages, which is the engine's here (the file
    system's there): the same site gives the same index on any machine.

    The protocol is Pagefind's own, the one its Python package speaks: requests and answers are JSON in
    base64, each followed by a comma, on the service's standard input and output, answered in order. The
    package itself waits 0.1 s before reading each answer (a minute and a half for a thousand pages), so it
    is not used. No thread: the service reads and writes its pipes on threads of its own, and answers are
    read here once `WINDOW` of them are due, so that an error stops the build soon after the page that
    caused it. The service starts with the first page; `write` or `close` ends it.
    """

    WINDOW = 32
    """Answers left unread at most (each a few hundred bytes)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.added: set[str] = set()
        """Paths in the site folder of the pages handed over."""
        self.held_back: list[str] = []
        """Pages handed over without a `data-pagefind-body` element, not sent (yet): see `add`."""
        self.has_body = False
        """Whether a page sent has a `data-pagefind-body` element."""
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._index = 0
        self._sent = 0
        self._answered = 0
        self._unread = bytearray()

    def add(self, path: str, html: str) -> None:
        """Index the page written at `path` in the site folder (posix), whose HTML is `html`.

        Once any page has a `data-pagefind-body` element (every profile has), Pagefind leaves out the pages
        without one, but only when it writes the index: it reads and holds them all until then, a tenth of
        its memory at 10,000 profiles. Such a page is held back here, and sent by `write` only if no page
        has that element after all. A page that merely names the attribute (in its text) is sent.
        """
        self.added.add(path)
        if _BODY not in html:
            self.held_back.append(path)
            return
        self.has_body = self.has_body or _BODY_ELEMENT.search(html) is not None
        self._add(path, html)

    def _add(self, path: str, html: str) -> None:
        if self._process is None:
            self._start()
        self._send({"type": "AddFile", "index_id": self._index, "file_path": None, "url": page_url(path),
                    "file_contents": html})
        while self._sent - self._answered > self.WINDOW:
            self._answer("IndexedFile")

    def write(self, meanwhile: Callable[[], None] | None = None) -> Path:
        """Add the HTML files of the site folder that were not handed over (the 404 page, copied HTML files),
        in the order of their paths, as Pagefind's command line would read them; write the index into
        `site_dir/pagefind/` and end the service. Returns that folder. `meanwhile` is called while Pagefind
        builds the index."""
        try:
            for path in sorted(p.relative_to(self.site_dir).as_posix() for p in self.site_dir.rglob("*.html")):
                if path not in self.added and (self.site_dir / path).is_file():
                    self.add(path, self._read(path))
            if not self.has_body:  # Pagefind indexes every page's <body>
                for path in self.held_back:
                    self._add(path, self._read(path))
            if self._process is None:
                self._start()  # no HTML at all: Pagefind writes its code and an empty index all the same
            # The files come back here to be written: the service's own writing (`WriteFiles`) answers
            # before its last writes reach the disk, and it exits at the end of its input without them.
            self._send({"type": "GetFiles", "index_id": self._index})
            if meanwhile is not None:
                meanwhile()
            while self._answered < self._sent - 1:
                self._answer("IndexedFile")
            files = self._answer("GetFiles")["files"]
        finally:
            self.close()
        out = self.site_dir / "pagefind"
        for file in files:
            path = out / file["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))
        return _written(out)

    def _read(self, path: str) -> str:
        return (self.site_dir / path).read_bytes().decode("utf-8", "replace")

    def close(self) -> None:
        """End the service, which exits at the end of its input, and wait for it."""
        process, self._process = self._process, None
        if process is not None:
            with contextlib.suppress(OSError):
                process.stdin.close()  # type: ignore[union-attr]
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover - it exits at the end of its input
                process.kill()
                process.wait()
            process.stdout.close()  # type: ignore[union-attr]
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _start(self) -> None:
        executable = pagefind_executable()
        # A file, not a pipe: nobody reads it until something goes wrong.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `close`
        try:
            self._process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                             stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as error:
            self.close()
            raise SearchIndexError(f"Không chạy được Pagefind ({executable}): {error.strerror}") from None
        # The command line's options (`build_search_index`), in the service's words.
        self._send({"type": "NewIndex", "config": {"exclude_selectors": list(_EXCLUDED)}})
        self._index = self._answer("NewIndex")["index_id"]

    def _send(self, payload: dict) -> None:
        assert self._process is not None and self._process.stdin is not None
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}, ensure_ascii=False).encode()
        try:
            self._process.stdin.write(base64.b64encode(message) + b",")
            self._process.stdin.flush()
        except OSError:  # it stopped; what it printed says why
            self._fail("")

    def _answer(self, *expected: str) -> dict:
        """The next answer, which must be of one of the `expected` types."""
        assert self._process is not None and self._process.stdout is not None
        searched = 0
        while (end := self._unread.find(b",", searched)) < 0:
            searched = len(self._unread)
            chunk = os.read(self._process.stdout.fileno(), 1 << 20)
            if not chunk:
                self._fail("")
            self._unread += chunk
        with memoryview(self._unread) as view:  # no copy: the index's files come in one answer
            message = base64.b64decode(view[:end])
        del self._unread[:end + 1]
        self._answered += 1
        payload = json.loads(message).get("payload") or {}
        del message
        if payload.get("type") not in expected:
            self._fail(str(payload.get("message") or payload))
        return payload

    def _fail(self, message: str) -> NoReturn:
        """Stop the service and raise SearchIndexError with `message` and what it printed."""
        if self._process is not None:
            self._process.kill()
        printed = ""
        if self._stderr is not None:
            self._stderr.seek(0)
            printed = self._stderr.read().decode("utf-8", "replace").strip()
        self.close()
        reason = "; ".join(part for part in (message, printed) if part) or "Pagefind dừng giữa chừng"
        raise SearchIndexError(f"Pagefind không tạo được chỉ mục tìm kiếm: {reason}")
