"""The derive stage: every file made from the published profiles and the site's address (photo renditions,
share images, QR codes), through the derived files' cache, as plain data: which derived file serves what.

`derive_site` works in two rounds (the share images are drawn from the portrait renditions of the first
round), on both cores when there is much to do, and turns every failure into a problem naming the profile
file and the line of its `photo:` (or the story's line of an image). Without a public address there are no
share images or QR codes: they print it. The second round can go on while the site is rendered (`defer`):
no input of an editor can make it fail, and what the pages say of its files (their names and sizes) is
known before they are made, so a build waits for them only when it copies them (`DerivedFiles.complete`).

`Media` gives the render stage the derived files as its fragments show them (the data of `<picture>`
elements, Open Graph tags, the share section) and records which files it placed, so the render stage
publishes what its pages refer to. The markup is the fragments' (`picture.html`, `head.html`, `share.html`).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from markupsafe import Markup

from . import photos, qr, share_images
from .derived_files import Batch, CachedFile, DerivedFileCache, Job
from .memo import Memo
from .model import Article, Profile, Site, StoryImage
from .problems import Problems
from .routes import (
    PROGRAM_QR,
    PROGRAM_SRC,
    absolute,
    page_url,
    photo_uri,
    profile_qr_uri,
    profile_src,
    share_image_uri,
    slideshow_photo_uri,
)
from .stories import IMAGE_MARKER
from .templates import Templates
from .text import initials

SIZES = {
    "thumbnail": "(max-width: 44.9375em) 47vw, 240px",
    "portrait": "(max-width: 44.9375em) 240px, 300px",
    "story": "(max-width: 44.9375em) 100vw, 700px",
}
"""CSS widths the pictures are shown at (see vinhdanh.css), for the browser to pick from `srcset`."""


_STORY_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="' + re.escape(IMAGE_MARKER) + r'(\d+)"[^>]*>')
_EMPTY_FIGURE = re.compile(r'<figure class="vd-story__figure">(?:<figcaption>[^<]*</figcaption>)?</figure>\n?')

Link = Callable[[str], str]
"""Turns a site path into a link relative to the page being written."""


@dataclass(frozen=True)
class Published:
    """A derived file placed in the site."""

    uri: str
    source: Path
    width: int
    height: int


@dataclass(frozen=True)
class Renditions:
    """The renditions of one photo: its cache entry's files."""

    key: str
    """The entry's key: its start names the published files (`<slug>-<key[:10]>-card-240.webp`)."""
    files: list[CachedFile]

    def of(self, role: str) -> list[CachedFile]:
        """The files of `role`, narrowest first."""
        names = photos.files_of(role, (f.name for f in self.files))
        return sorted((f for f in self.files if f.name in names), key=lambda f: f.width)


@dataclass
class DerivedFiles:
    """What the derive stage made for a site: which derived file serves which profile."""

    site_url: str | None
    """The public address the share images and QR codes were made for; None: there are none."""
    problems: Problems
    """What deriving found: a photo that cannot be derived is an error (the site is not derived beyond its
    renditions then), a story's image that cannot be, a warning (the image is left out)."""
    photos: dict[Path, Renditions] = field(default_factory=dict)
    """Renditions of the profiles' photos, by photo file."""
    story_photos: dict[Path, Renditions] = field(default_factory=dict)
    """Renditions of the stories' images, by image file."""
    covers: dict[Path, Renditions] = field(default_factory=dict)
    """Renditions of the articles' covers, by photo file (the stories' sizes: shown whole)."""
    slide_photos: dict[Path, Renditions] = field(default_factory=dict)
    """The slideshow's renditions of the group photos of the collectives honoured, by photo file."""
    share_images: dict[str, Published] = field(default_factory=dict)
    """Share images, by profile slug."""
    qr_codes: dict[str, Published] = field(default_factory=dict)
    """QR codes of the profile pages, by profile slug."""
    placed: dict[str, Published] = field(default_factory=dict)
    """The files published whatever the pages say (share images and QR codes), by site path."""
    _making: _Making | None = None

    @property
    def pending(self) -> frozenset[str]:
        """Site paths of the files still being made (`derive_site(..., defer=True)`): copy them after `complete`."""
        if self._making is None:
            return frozenset()
        cached = self._making.batch.entries  # until `complete`, the entries found made
        return frozenset(uri for uri, (job, _) in self._making.placed.items() if job.key not in cached)

    def complete(self) -> None:
        """Wait for the share images and QR codes still being made, then stop the workers. Raises OSError when
        one could not be made, or came out another size than the pages were given: no editor's input can
        cause that (a bug or a full disk)."""
        making, self._making = self._making, None
        if making is None:
            return
        try:
            entries, failures = making.batch.result()
        finally:
            making.batch.cache.close_workers()
        for job, published in making.placed.values():
            if job.key in failures:
                raise OSError(f"{published.uri}: {failures[job.key]}")
            (file,) = entries[job.key]
            if (file.path, file.width, file.height) != (published.source, published.width, published.height):
                raise OSError(f"{published.uri}: {file.width}x{file.height}, không phải {published.width}x"
                              f"{published.height} như các trang đã ghi")

    def abandon(self) -> None:
        """Drop the files still being made, for a build that stopped: the workers finish the job each has
        started (its entry is complete or absent) and stop."""
        making, self._making = self._making, None
        if making is not None:
            making.batch.cancel()
            making.batch.cache.close_workers(cancel=True)


@dataclass
class _Making:
    """The second round under way: its jobs, and what each makes as the pages are told of it, by site path."""

    batch: Batch
    placed: dict[str, tuple[Job, Published]]


def share_text(profile: Profile, site: Site) -> share_images.ShareText:
    """What the share image of `profile` says."""
    award = profile.top_award
    conf = site.conference.data
    return share_images.ShareText(profile.kind_label, profile.display_name, initials(profile.name),
                                  award.wording if award else None, profile.unit.name, conf.campaign, conf.organiser)


def _written(path: Path, beside: Path) -> str:
    """`path` as its editor wrote it: relative to the folder of the file that names it."""
    return Path(os.path.relpath(path, beside.parent)).as_posix()


def derive_site(site: Site, cache: DerivedFileCache, site_url: str | None = None, *, defer: bool = False
                ) -> DerivedFiles:
    """Derive the renditions, share images and QR codes of every published profile of `site`.

    A photo that cannot be derived (a corrupt file the load stage could not see from its header) is an
    error of `problems`, at the profile's `photo:` line, and nothing is derived beyond the renditions: the
    caller stops, or leaves the profile out and derives again. A story's image that cannot be derived is a
    warning at its line, and left out. With `defer`, the share images and QR codes may still be in the making
    when it returns: the caller renders meanwhile and calls `complete` before copying them (`pending`), or
    `abandon`.
    """
    derived = DerivedFiles(site_url or None, Problems(site.root))
    problems = derived.problems
    with_photo = [(p, p.photo) for p in site.profiles if p.photo is not None]
    jobs = {photo: photos.photo_job(cache, photo) for _, photo in with_photo}
    story_jobs = {image.source: photos.photo_job(cache, image.source, photos.STORY_SPECS)
                  for p in site.profiles for image in p.story_images}
    story_jobs |= {image.source: photos.photo_job(cache, image.source, photos.STORY_SPECS)
                   for a in site.articles for image in a.body_images}
    cover_jobs = {a.cover: photos.photo_job(cache, a.cover, photos.STORY_SPECS) for a in site.articles if a.cover}
    # The photos of the contest's entries whose results are public are covers too (shown whole, story sizes).
    entries_with_photo = [e for r in site.contest if r.published for e in r.entries if e.photo is not None]
    cover_jobs |= {e.photo: photos.photo_job(cache, e.photo, photos.STORY_SPECS) for e in entries_with_photo
                   if e.photo is not None}
    # The collectives of the ceremony's slideshow show their group photo at the projector's size.
    shown = site.published_by_id
    slide_jobs = {p.photo: photos.photo_job(cache, p.photo, photos.SLIDE_SPECS) for p in site.conference.ceremony
                  if p.kind == "collective" and p.photo is not None and shown.get(p.id) is p}
    entries, failures = cache.submit([*jobs.values(), *story_jobs.values(), *cover_jobs.values(), *slide_jobs.values()],
                                     "Ảnh").result()
    for photo, job in slide_jobs.items():
        if job.key not in failures:  # else the photo's own job failed too, and says why
            derived.slide_photos[photo] = Renditions(job.key, entries[job.key])
    for profile in site.profiles:
        for image in profile.story_images:
            job = story_jobs[image.source]
            if job.key in failures:
                story = image.written_in or profile.source
                problems.warn(story, image.line, "story",
                              f"ảnh '{_written(image.source, story)}': {failures[job.key]}; ảnh bị bỏ khỏi câu chuyện")
            else:
                derived.story_photos[image.source] = Renditions(job.key, entries[job.key])
    for article in site.articles:
        for image in article.body_images:
            job = story_jobs[image.source]
            if job.key in failures:
                problems.warn(article.source, image.line, "body",
                              f"ảnh '{_written(image.source, article.source)}': {failures[job.key]}; ảnh bị bỏ khỏi bài")
            else:
                derived.story_photos[image.source] = Renditions(job.key, entries[job.key])
        if article.cover is not None:
            job = cover_jobs[article.cover]
            if job.key in failures:
                problems.add(article.source, article.cover_line, "cover",
                             f"{failures[job.key]}: {_written(article.cover, article.source)}")
            else:
                derived.covers[article.cover] = Renditions(job.key, entries[job.key])
    for entry in entries_with_photo:
        assert entry.photo is not None
        job = cover_jobs[entry.photo]
        if job.key in failures:
            problems.add(entry.source, entry.photo_line, "photo", f"{failures[job.key]}: {_written(entry.photo, entry.source)}")
        else:
            derived.covers[entry.photo] = Renditions(job.key, entries[job.key])
    for profile, photo in with_photo:
        job = jobs[photo]
        if job.key in failures:
            problems.add(profile.source, profile.photo_line, "photo", f"{failures[job.key]}: {_written(photo, profile.source)}")
        else:
            derived.photos[photo] = Renditions(job.key, entries[job.key])
    if problems or not derived.site_url:
        cache.close_workers()
        return derived

    # Each file of the second round as the pages will name it: its site path, its place in the cache once
    # made, and its size (a share image's is fixed, a QR code's follows from its address's length).
    round_two: dict[str, tuple[Job, Published]] = {}
    for profile in site.profiles:
        renditions = derived.photos.get(profile.photo) if profile.photo else None
        text = share_text(profile, site)
        portrait = next(f.path for f in renditions.files if f.name == "portrait-720.webp") if renditions else None
        key = share_images.share_image_key(text, renditions.key if renditions else None)
        uri = share_image_uri(profile.slug, key)
        round_two[uri] = (Job(key, share_images.share_image_task, (text, portrait), profile.id),
                          Published(uri, cache.path(key, share_images.FILE_NAME), share_images.WIDTH, share_images.HEIGHT))
        derived.share_images[profile.slug] = round_two[uri][1]
        url = absolute(derived.site_url, page_url(profile_src(profile)))
        uri = profile_qr_uri(profile.slug)
        round_two[uri] = _qr(cache, uri, url, profile.id)
        derived.qr_codes[profile.slug] = round_two[uri][1]
    round_two[PROGRAM_QR] = _qr(cache, PROGRAM_QR, absolute(derived.site_url, page_url(PROGRAM_SRC)), "")
    derived.placed = {uri: published for uri, (_, published) in round_two.items()}
    batch = cache.submit((job for job, _ in round_two.values()), "Thẻ chia sẻ, mã QR")
    derived._making = _Making(batch, round_two)
    if not defer:
        derived.complete()
    return derived


def _qr(cache: DerivedFileCache, uri: str, url: str, label: str) -> tuple[Job, Published]:
    """The job of the QR code of `url`, published at `uri`, and the file it makes."""
    key = qr.qr_key(url)
    side = qr.qr_side(url)
    return Job(key, qr.qr_task, (url,), label), Published(uri, cache.path(key, qr.FILE_NAME), side, side)


@dataclass(frozen=True)
class Picture:
    """A `<picture>` of one photo in one role, as `picture.html` writes it: links relative to its page."""

    srcset: list[tuple[str, int]]
    """The WebP files' links with their widths, narrowest first."""
    src: str
    """The link of the JPEG for browsers without WebP."""
    width: int
    """The JPEG's width, the picture's own (with `height`, its box before it arrives)."""
    height: int
    sizes: str
    """The CSS widths it is shown at (`SIZES`), for the browser to pick from `srcset`."""


@dataclass(frozen=True)
class SlidePhoto:
    """A photo on the slideshow: one WebP (the browsers of a hall's computer all read it), link relative."""

    src: str
    width: int
    height: int


@dataclass(frozen=True)
class ShareLink:
    """A link that shares a page on a network (a plain link: no third-party script)."""

    network: str
    """Its name as shown, `Facebook`; lowercase, the link's CSS modifier."""
    href: str


LOCALES = {"vi": "vi_VN", "en": "en_GB"}
"""Open Graph's locale of each language of the site (British spelling in English)."""


@dataclass(frozen=True)
class Share:
    """What the share section of a profile page (`share.html`) offers."""

    url: str
    """The page's public address, what the buttons copy or share; empty without the site's address."""
    title: str
    """The page's title, shared with its address and read in the QR code's description."""
    links: list[ShareLink]
    """Links to networks' share pages; none without the site's address."""
    qr: Published | None
    """The QR code of the page's address (its `uri` a site path); None without the site's address."""
    download: str
    """The file name the QR code is downloaded as."""


@dataclass(frozen=True)
class MetaTag:
    """A `<meta>` tag of a page's head: `<meta property="og:title" content="...">`."""

    attribute: str
    """`property` (Open Graph) or `name` (Twitter)."""
    name: str
    content: str


_T = TypeVar("_T")


class _Unkeyed(Exception):
    """A profile with no `Media.token` (it does not pickle): a result made from it is made, never kept."""


class Media:
    """The derived files as the fragments show them, for one render; `assets` are the files it placed.

    Pictures: `picture_context(profile, role, link)` is the data of a `<picture>` (its links relative to
    the page, made by `link`), for a fragment to write with the `picture` macro of `picture.html`
    (`{% import "picture.html" as pictures %}{{ pictures.picture(photo, alt="", css_class="vd-card__photo") }}`);
    `picture(...)` writes it at once, for code that places a picture itself. Either records the files.
    """

    def __init__(self, derived: DerivedFiles, templates: Templates):
        self.derived = derived
        self.site_url = derived.site_url
        """The site's public address; without it there are no share images or QR codes."""
        self.assets: dict[str, Published] = dict(derived.placed)
        """Every derived file the pages written so far refer to, by site path."""
        self._templates = templates
        self._picture = templates.macro("picture.html", "picture")
        self._placed: dict[tuple[str, str], tuple[list[tuple[str, int]], Published, list[Published]]] = {}
        """The files of each picture placed so far by (stem, role): their site paths and widths, the JPEG, and
        every file."""
        self._recording: list[dict[str, Published]] = []
        """The files placed inside each open `_recorded` block, innermost last."""
        self._tokens: dict[int, tuple[Profile, bytes | None]] = {}
        """`token` of each profile asked for, with the profile (so that its id is not reused)."""

    def _publish(self, uri: str, file: CachedFile) -> Published:
        published = Published(uri, file.path, file.width, file.height)
        self._note(published)
        return published

    def _note(self, *published: Published) -> None:
        """`published` placed in the site, and in every open recording."""
        for target in (self.assets, *self._recording):
            target.update((p.uri, p) for p in published)

    # --- kept results (the live preview) -------------------------------------------------------------------

    def token(self, profile: Profile) -> bytes:
        """What a kept result's key names `profile` by (`kept`): a digest of the profile and of every derived
        file of it this object can place (its photo's renditions, its story's images, its share image and QR
        code), computed once a render. Only for `kept`'s key, which is not made when one does not pickle."""
        found = self._tokens.get(id(profile))
        if found is None:
            derived = self.derived
            inputs = (derived.photos.get(profile.photo) if profile.photo else None,
                      derived.slide_photos.get(profile.photo) if profile.photo else None,
                      [derived.story_photos.get(image.source) for image in profile.story_images],
                      derived.share_images.get(profile.slug), derived.qr_codes.get(profile.slug))
            memo = self._templates.memo
            key = memo.model_key(profile, inputs) if memo is not None else Memo.key(profile, inputs)
            found = self._tokens[id(profile)] = (profile, key)
        if found[1] is None:
            raise _Unkeyed(profile.id)
        return found[1]

    def kept(self, make: Callable[[], _T], key: Callable[[], tuple]) -> _T:
        """`make()`; in the live preview, kept in its memo by `key()`, the site's address and the fragments'
        files, and the derived files it placed placed again when it is reused.

        `key()` must name everything `make` reads: plain values, and profiles by `token` (which names their
        derived files); `make` may place the derived files of those profiles only."""
        memo = self._templates.memo
        try:
            digest = Memo.key(self._templates.stamp, self.site_url, *key()) if memo is not None else None
        except _Unkeyed:  # a profile that does not pickle: nothing made from it is kept
            digest = None
        if memo is None or digest is None:
            return make()

        def made() -> tuple[_T, list[Published]]:
            with self._recorded() as placed:
                value = make()
            return value, list(placed.values())

        value, placed = memo.get(digest, made)
        self._note(*placed)
        return value

    @contextlib.contextmanager
    def _recorded(self) -> Iterator[dict[str, Published]]:
        """The files placed inside the block, by site path: those an earlier page placed first included."""
        placed: dict[str, Published] = {}
        self._recording.append(placed)
        try:
            yield placed
        finally:
            self._recording.pop()

    def url(self, profile: Profile, role: str) -> tuple[str, int, int] | None:
        """(site path, width, height) of the smallest WebP of `role` for a profile, or None without photo.

        For places that show a thumbnail by script (search results, the explorer).
        """
        renditions = self.derived.photos.get(profile.photo) if profile.photo else None
        webps = [f for f in renditions.of(role) if f.name.endswith(".webp")] if renditions else []
        if renditions is None or not webps:
            return None
        published = self._publish(photo_uri(f"{profile.slug}-{renditions.key[:10]}", webps[0].name), webps[0])
        return published.uri, published.width, published.height

    # --- pictures --------------------------------------------------------------------------------------

    def picture_context(self, profile: Profile, role: str, link: Link) -> Picture | None:
        """The `<picture>` of the photo of `profile` in `role` (`thumbnail`, `portrait`), or None without photo.

        `link` turns a site path into a link relative to the page it is written in.
        """
        renditions = self.derived.photos.get(profile.photo) if profile.photo else None
        if renditions is None:
            return None
        return self._place(f"{profile.slug}-{renditions.key[:10]}", renditions, role, link)

    def picture(self, profile: Profile, role: str, link: Link, *, alt: str, css_class: str,
                lazy: bool = True, priority: bool = False) -> Markup | None:
        """`<picture>` with WebP sizes and a JPEG fallback for `role`, or None without photo: the `picture`
        macro of `picture.html` with `picture_context`. Width and height are set, so the page does not move
        when the picture arrives; `priority` asks for it first (the picture that paints the page)."""
        picture = self.picture_context(profile, role, link)
        if picture is None:
            return None
        return self._picture(picture, alt=alt, css_class=css_class, lazy=lazy, priority=priority)

    def slide_photo(self, profile: Profile, link: Link) -> SlidePhoto | None:
        """The photo of `profile` on the ceremony's slideshow, or None without photo: a collective's group
        photo at the projector's size (`photos.SLIDE_SPECS`), an individual's widest portrait. Its file is
        placed in the slideshow's own folder, which works on its own."""
        renditions = self.derived.photos.get(profile.photo) if profile.photo else None
        slide = self.derived.slide_photos.get(profile.photo) if profile.photo and profile.kind == "collective" else None
        chosen, role = (slide, "slide") if slide is not None else (renditions, "portrait")
        webps = [f for f in chosen.of(role) if f.name.endswith(".webp")] if chosen is not None else []
        if chosen is None or not webps:
            return None
        file = max(webps, key=lambda f: (f.width, f.name))  # of two the same width, the same bytes: either
        published = self._publish(slideshow_photo_uri(f"{profile.slug}-{chosen.key[:10]}", file.name), file)
        return SlidePhoto(link(published.uri), published.width, published.height)

    def story_html(self, profile: Profile, link: Link) -> Markup:
        """The story of `profile` with its images as `<picture>` elements (`link` as for `picture`).

        An image that could not be derived, or a marker with no image (raw HTML copying one), is left out.
        """
        return self._with_pictures(profile.slug, profile.story_html, profile.story_images, link)

    def article_html(self, article: Article, link: Link) -> Markup:
        """The body of `article` with its images as `<picture>` elements, as `story_html`."""
        return self._with_pictures(f"tin-bai-{article.slug}", article.body_html, article.body_images, link)

    def _with_pictures(self, stem: str, html: str, images: list[StoryImage], link: Link) -> Markup:
        """Sanitised story HTML with its image markers replaced by `<picture>` elements (files named `stem-…`)."""
        def picture(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(images):
                return ""
            image = images[index]
            renditions = self.derived.story_photos.get(image.source)
            if renditions is None:
                return ""
            return self._picture(self._place(f"{stem}-{renditions.key[:10]}", renditions, "story", link),
                                 alt=image.alt, css_class="vd-story__image")

        # The story's HTML was sanitised by nh3 when it was loaded (`stories.py`); its image markers are
        # replaced by the output of `picture.html`. Both are safe HTML: the only place a story becomes Markup.
        return Markup(_EMPTY_FIGURE.sub("", _STORY_IMAGE.sub(picture, html)))

    def cover_context(self, article: Article, link: Link, sizes: str | None = None) -> Picture | None:
        """The `<picture>` of the cover of `article`, or None without one; `sizes` as shown (default: the
        stories' width)."""
        renditions = self.derived.covers.get(article.cover) if article.cover else None
        if renditions is None:
            return None
        picture = self._place(f"tin-bai-{article.slug}-{renditions.key[:10]}", renditions, "story", link)
        return replace(picture, sizes=sizes) if sizes else picture

    def photo_context(self, source: Path | None, stem: str, link: Link, sizes: str | None = None) -> Picture | None:
        """The `<picture>` of a photo derived as a cover (`covers`: an entry of the writing contest's), its
        files named `stem-…`; None without one."""
        renditions = self.derived.covers.get(source) if source else None
        if renditions is None:
            return None
        picture = self._place(f"{stem}-{renditions.key[:10]}", renditions, "story", link)
        return replace(picture, sizes=sizes) if sizes else picture

    def cover_url(self, article: Article, smallest: bool = True) -> str | None:
        """Site path of the narrowest WebP of the cover of `article` (search results), or with `smallest`
        false of its JPEG (what other apps show when the page is shared); None without a cover."""
        renditions = self.derived.covers.get(article.cover) if article.cover else None
        if renditions is None:
            return None
        files = renditions.of("story")
        chosen = next((f for f in files if f.name.endswith(".webp")), None) if smallest else \
            next((f for f in files if not f.name.endswith(".webp")), None)
        if chosen is None:
            return None
        return self._publish(photo_uri(f"tin-bai-{article.slug}-{renditions.key[:10]}", chosen.name), chosen).uri

    def _place(self, stem: str, renditions: Renditions, role: str, link: Link) -> Picture:
        """The picture of `role` of `renditions`, its files placed in the site under `stem` (`<slug>-<key>`)."""
        placed = self._placed.get((stem, role))
        if placed is None:  # placed once, though a profile's card is on many listings
            sources: dict[int, Published] = {}
            fallback = None
            every = []
            for file in renditions.of(role):
                published = self._publish(photo_uri(stem, file.name), file)
                every.append(published)
                if file.name.endswith(".webp"):
                    sources.setdefault(file.width, published)
                else:
                    fallback = published
            assert fallback is not None
            placed = self._placed[(stem, role)] = ([(p.uri, width) for width, p in sources.items()], fallback, every)
        elif self._recording:
            self._note(*placed[2])  # placed by an earlier page: this one places it too, if it is kept
        widths, fallback, _ = placed
        return Picture([(link(uri), width) for uri, width in widths], link(fallback.uri), fallback.width,
                       fallback.height, SIZES[role])

    # --- sharing ---------------------------------------------------------------------------------------

    def meta_tags(self, profile: Profile, title: str, description: str, page_path: str, site_name: str,
                  lang: str = "vi") -> list[MetaTag]:
        """Open Graph and Twitter tags of a profile page in `lang` (`head.html`), with its share image if there
        is one (the Vietnamese card, on English pages too)."""
        tags = [MetaTag("property", "og:type", "article"), MetaTag("property", "og:locale", LOCALES[lang]),
                MetaTag("property", "og:site_name", site_name), MetaTag("property", "og:title", title),
                MetaTag("property", "og:description", description), MetaTag("name", "twitter:title", title),
                MetaTag("name", "twitter:description", description)]
        share_image = self.derived.share_images.get(profile.slug)
        if self.site_url:
            tags.append(MetaTag("property", "og:url", absolute(self.site_url, page_path)))
        if self.site_url and share_image:
            image = absolute(self.site_url, share_image.uri)
            alt = f"Thẻ giới thiệu {title}, {site_name}" if lang == "vi" else f"Card of {title}, {site_name}"
            tags += [MetaTag("property", "og:image", image), MetaTag("property", "og:image:type", "image/jpeg"),
                     MetaTag("property", "og:image:width", str(share_image.width)),
                     MetaTag("property", "og:image:height", str(share_image.height)),
                     MetaTag("property", "og:image:alt", alt), MetaTag("name", "twitter:card", "summary_large_image"),
                     MetaTag("name", "twitter:image", image), MetaTag("name", "twitter:image:alt", alt)]
        else:
            tags.append(MetaTag("name", "twitter:card", "summary"))
        return tags

    def share(self, profile: Profile, title: str, page_path: str, qr: bool = True) -> Share:
        """The share section of a profile page (`share.html`): links to share it and, unless `qr` is false (an
        English page: the printed code is the Vietnamese page's), its QR code."""
        url = absolute(self.site_url, page_path) if self.site_url else ""
        links = []
        if url:
            encoded = quote(url, safe="")
            links = [ShareLink("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded}"),
                     ShareLink("Zalo", f"https://sp.zalo.me/share_inline?url={encoded}")]
        return Share(url, title, links, self.derived.qr_codes.get(profile.slug) if qr else None,
                     f"ma-qr-{profile.slug}.png")
