"""The markup of the generated pages: Jinja fragments in `theme/fragments/`, autoescaped.

The render stage builds plain data (contexts) and a fragment turns it into HTML. Every value is escaped by the
engine where it is written, for the place it is written into, so text from a profile may contain `<`, `&` or
quotes and stays text; HTML that is already safe (a story, sanitised when it was loaded, or another
fragment's output) is `Markup` and passes as it is. Undefined names are errors, not empty strings.

This is an environment of our own: MkDocs' (which renders the theme's page templates) does not autoescape.
A project may override a fragment with a file of the same name in its theme's `fragments/` folder.

Filters and globals the fragments use:

- `url`: a site path (`ho-so/an/`) as a link relative to the page being written, the context's `here`; on an
  English page a page's English twin (`routes.in_lang`), unless `url("vi")` asks for the Vietnamese one;
- `safe_url`: a link written by an editor if its scheme is one the site publishes (`urls.safe_url`), else None;
- `date` (`19/6/2025`, `19 June 2025`), `instant` (`08:00, thứ Năm, 19/6/2025`), `number` (`1.250`,
  `1,250`): in the context's `lang` (Vietnamese when it has none);
- `said`: a `names.Said` text, in `<span lang="vi">` when its language is not the page's;
- `t("Xem thêm")`: interface text in the context's `lang`, from the theme's catalogue (`messages.py`);
- `tojson`: Jinja's, safe inside `<script>` (`<`, `>`, `&` and `'` escaped), keeping Vietnamese letters;
- `routes`: the module of the site's addresses (`routes.EXPLORER`, `routes.profile_src(p)`...).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from . import messages, routes, urls
from .memo import Memo
from .names import Said

FRAGMENTS = Path(__file__).resolve().parent.parent / "theme" / "fragments"
"""The fragments the generator comes with."""


@pass_context
def _url(context: Context, target: str, lang: str | None = None) -> str:
    # A page linked from an English page is its English twin when it has one; `lang="vi"` links the
    # Vietnamese page itself (the language switch, "read it in Vietnamese").
    return routes.relative(context["here"], routes.in_lang(target, lang or _lang(context)))


def _safe_url(url: str | None, schemes: str = "web", *, relative: bool = False) -> str | None:
    if not url:
        return None
    allowed = urls.WEB + urls.CONTACT if schemes == "contact" else urls.WEB
    return urls.safe_url(url, allowed, relative=relative)


def _lang(context: Context) -> str:
    return context.get("lang") or messages.DEFAULT


@pass_context
def _date(context: Context, value: dt.date | dt.datetime) -> str:
    return messages.format_date_in(value.date() if isinstance(value, dt.datetime) else value, _lang(context))


@pass_context
def _instant(context: Context, value: dt.datetime) -> str:
    return messages.format_instant_in(value, _lang(context))


@pass_context
def _number(context: Context, value: int) -> str:
    return messages.format_number_in(value, _lang(context))


def theme_folders(folders: tuple[Path, ...]) -> tuple[Path, ...]:
    """The theme folders of the fragment folders `folders` (`theme/fragments` -> `theme`)."""
    return tuple(folder.parent for folder in folders)


@pass_context
def _said(context: Context, value: Any) -> Markup | str:
    # A name or fact in another language than the page's (a Vietnamese position on an English page) is
    # marked for screen readers and search (WCAG 3.1.2).
    if isinstance(value, Said) and value.text and value.lang != _lang(context):
        return Markup('<span lang="{}">{}</span>').format(value.lang, value.text)
    return str(value)


@pass_context
def _t(context: Context, key: str, /, **values: Any) -> str:
    themes = cast(tuple[Path, ...], context.environment.globals["vd_themes"])
    return messages.catalogue(themes).translate(key, _lang(context), **values)


@lru_cache(maxsize=8)
def environment(folders: tuple[Path, ...] = (FRAGMENTS,)) -> Environment:
    """The Jinja environment of the fragments in `folders`, the first holding a name winning (one per set)."""
    env = Environment(loader=FileSystemLoader([str(f) for f in folders]), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(url=_url, safe_url=_safe_url, date=_date, instant=_instant, number=_number, said=_said)
    env.globals.update(routes=routes, t=_t, vd_themes=theme_folders(folders))
    env.policies["json.dumps_kwargs"] = {"ensure_ascii": False, "sort_keys": False}
    return env


def _stamp(folders: tuple[Path, ...]) -> str:
    """The names, sizes and modification times of the fragments in `folders`: what a kept render depends on
    besides its context (a fragment may import another, so one changed file changes them all)."""
    entries = []
    for folder in folders:
        for top, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                stat = os.stat(os.path.join(top, name))
                entries.append((top, name, stat.st_size, stat.st_mtime_ns))
    for path, _ in messages.catalogue_files(theme_folders(folders)):
        stat = os.stat(path)
        entries.append((str(path), "", stat.st_size, stat.st_mtime_ns))
    return repr(entries)


@dataclass(frozen=True)
class Templates:
    """The fragments a render writes with: the project theme's `fragments/` first, then the generator's.

    With a `memo` (the live preview's), what a fragment or macro writes is kept by its whole context and
    the fragments' files, and written again only when either changed (`memo.py`).
    """

    folders: tuple[Path, ...] = (FRAGMENTS,)
    memo: Memo | None = field(default=None, compare=False)
    """What the preview keeps between builds, if this render is one of its builds."""
    stamp: str = field(default="", compare=False)
    """The fragments' files as they were when this render began (`_stamp`), part of every kept result's key."""

    @classmethod
    def of(cls, theme: Path | None, memo: Memo | None = None) -> Templates:
        """The fragments of the project whose theme folder is `theme` (None: the generator's alone), their
        output kept in `memo` if there is one."""
        own = theme / "fragments" if theme is not None else None
        folders = (own, FRAGMENTS) if own is not None and own.is_dir() and own.resolve() != FRAGMENTS else (FRAGMENTS,)
        return cls(folders, memo, _stamp(folders) if memo is not None else "")

    def _remembered(self, make: Callable[[], Markup], *key: Any) -> Markup:
        """`make()`, kept in the memo by `key` and the fragments' files when there is a memo."""
        if self.memo is None or (digest := Memo.key(self.stamp, *key)) is None:
            return make()
        return self.memo.get(digest, make)

    def render(self, name: str, /, **context: Any) -> Markup:
        """The fragment `name` (`card.html`) written with `context`: safe HTML, to place as it is."""
        return self._remembered(lambda: Markup(environment(self.folders).get_template(name).render(context)),
                                "render", name, context)

    def t(self, key: str, lang: str, /, **values: Any) -> str:
        """The interface text `key` (its Vietnamese) in `lang`, as the fragments' `t` writes it."""
        return messages.catalogue(theme_folders(self.folders)).translate(key, lang, **values)

    def source(self, name: str) -> str:
        """The text of the fragment file `name` as it is, not rendered: a stylesheet or script that a page
        links to (`slideshow.css`), overridable by the project's theme like any fragment."""
        env = environment(self.folders)
        assert env.loader is not None
        return env.loader.get_source(env, name)[0]

    def macro(self, name: str, macro: str) -> Callable[..., Markup]:
        """The macro `macro` of the fragment `name`, to call from Python (`picture.html`'s `picture`, for the
        code that writes a picture outside a fragment): it returns safe HTML. Fetch it once per render."""
        function = getattr(environment(self.folders).get_template(name).module, macro)
        if self.memo is None:
            return function

        def call(*args: Any, **kwargs: Any) -> Markup:
            return self._remembered(lambda: function(*args, **kwargs), "macro", name, macro, args, kwargs)

        return call
