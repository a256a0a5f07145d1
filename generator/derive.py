"""The derive stage: every file made from the published profiles and the site's address (photo renditions,
share images, QR codes), through the derived files' cache, as plain data: which derived file serves what.

`derive_site` works in two rounds (the share images are drawn from the portrait renditions of the first
round), on both cores when there is much to do, and turns every failure into a problem naming the profile
file and the line of its `photo:` (or the story's line of an image). Without a public address there are no
share images or QR codes: they print it.

`Media` writes the HTML of the derived files for one render (`<picture>` elements, Open Graph tags, the share
section) and records which files it placed, so the render stage publishes what its pages refer to. It moves
into templates next; the data it needs is `DerivedFiles` and `Media.picture_context`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from . import photos, qr, share_images
from .derived_files import CachedFile, DerivedFileCache, Job
from .model import Profile, Site
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
)
from .stories import IMAGE_MARKER
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
    share_images: dict[str, Published] = field(default_factory=dict)
    """Share images, by profile slug."""
    qr_codes: dict[str, Published] = field(default_factory=dict)
    """QR codes of the profile pages, by profile slug."""
    placed: dict[str, Published] = field(default_factory=dict)
    """The files published whatever the pages say (share images and QR codes), by site path."""


def share_text(profile: Profile, site: Site) -> share_images.ShareText:
    """What the share image of `profile` says."""
    award = profile.top_award
    conf = site.conference.data
    return share_images.ShareText(profile.kind_label, profile.display_name, initials(profile.name),
                                  award.wording if award else None, profile.unit.name, conf.campaign, conf.organiser)


def _written(path: Path, beside: Path) -> str:
    """`path` as its editor wrote it: relative to the folder of the file that names it."""
    return Path(os.path.relpath(path, beside.parent)).as_posix()


def derive_site(site: Site, cache: DerivedFileCache, site_url: str | None = None) -> DerivedFiles:
    """Derive the renditions, share images and QR codes of every published profile of `site`.

    A photo that cannot be derived (a corrupt file the load stage could not see from its header) is an
    error of `problems`, at the profile's `photo:` line, and nothing is derived beyond the renditions: the
    caller stops, or leaves the profile out and derives again. A story's image that cannot be derived is a
    warning at its line, and left out.
    """
    derived = DerivedFiles(site_url or None, Problems(site.root))
    problems = derived.problems
    with_photo = [p for p in site.profiles if p.photo is not None]
    jobs = {p.photo: photos.photo_job(cache, p.photo) for p in with_photo}
    story_jobs = {image.source: photos.photo_job(cache, image.source, photos.STORY_SPECS)
                  for p in site.profiles for image in p.story_images}
    entries, failures = cache.run([*jobs.values(), *story_jobs.values()], "Ảnh")
    for profile in site.profiles:
        for image in profile.story_images:
            job = story_jobs[image.source]
            if job.key in failures:
                story = image.written_in or profile.source
                problems.warn(story, image.line, "story",
                              f"ảnh '{_written(image.source, story)}': {failures[job.key]}; ảnh bị bỏ khỏi câu chuyện")
            else:
                derived.story_photos[image.source] = Renditions(job.key, entries[job.key])
    for profile in with_photo:
        job = jobs[profile.photo]
        if job.key in failures:
            problems.add(profile.source, profile.photo_line, "photo",
                         f"{failures[job.key]}: {_written(profile.photo, profile.source)}")
        else:
            derived.photos[profile.photo] = Renditions(job.key, entries[job.key])
    if problems or not derived.site_url:
        return derived

    round_two = []
    for profile in site.profiles:
        photo = derived.photos.get(profile.photo) if profile.photo else None
        text = share_text(profile, site)
        portrait = next(f.path for f in photo.files if f.name == "portrait-720.webp") if photo else None
        key = share_images.share_image_key(text, photo.key if photo else None)
        round_two.append((profile.slug, "share", Job(key, share_images.share_image_task, (text, portrait), profile.id)))
        url = absolute(derived.site_url, page_url(profile_src(profile)))
        round_two.append((profile.slug, "qr", Job(qr.qr_key(url), qr.qr_task, (url,), profile.id)))
    program = absolute(derived.site_url, page_url(PROGRAM_SRC))
    round_two.append(("", "program", Job(qr.qr_key(program), qr.qr_task, (program,), "")))
    entries, failures = cache.run((job for _, _, job in round_two), "Thẻ chia sẻ, mã QR")
    for slug, kind, job in round_two:
        if job.key in failures:  # no user input can cause this: it is a bug or a full disk
            raise OSError(f"{kind} {slug}: {failures[job.key]}")
        (file,) = entries[job.key]
        uri = share_image_uri(slug, job.key) if kind == "share" else profile_qr_uri(slug) if kind == "qr" else PROGRAM_QR
        published = derived.placed[uri] = Published(uri, file.path, file.width, file.height)
        if kind == "share":
            derived.share_images[slug] = published
        elif kind == "qr":
            derived.qr_codes[slug] = published
    return derived


@dataclass(frozen=True)
class Picture:
    """What a `<picture>` of one photo in one role shows: the data of its markup."""

    sources: list[tuple[Published, int]]
    """The WebP files with their widths, narrowest first (`srcset`)."""
    fallback: Published
    """The JPEG for browsers without WebP; its size is the picture's."""
    sizes: str
    """The CSS widths it is shown at (`SIZES`)."""


class Media:
    """The HTML of the derived files, for one render; `assets` are the files it placed in the site."""

    def __init__(self, derived: DerivedFiles):
        self.derived = derived
        self.site_url = derived.site_url
        """The site's public address; without it there are no share images or QR codes."""
        self.assets: dict[str, Published] = dict(derived.placed)
        """Every derived file the pages written so far refer to, by site path."""

    def _publish(self, uri: str, file: CachedFile) -> Published:
        published = Published(uri, file.path, file.width, file.height)
        self.assets[uri] = published
        return published

    def url(self, profile: Profile, role: str) -> tuple[str, int, int] | None:
        """(site path, width, height) of the smallest WebP of `role` for a profile, or None without photo.

        For places that show a thumbnail by script (search results, the explorer).
        """
        renditions = self.derived.photos.get(profile.photo) if profile.photo else None
        webps = [f for f in renditions.of(role) if f.name.endswith(".webp")] if renditions else []
        if not webps:
            return None
        published = self._publish(photo_uri(f"{profile.slug}-{renditions.key[:10]}", webps[0].name), webps[0])
        return published.uri, published.width, published.height

    # --- HTML ------------------------------------------------------------------------------------------

    def picture(self, profile: Profile, role: str, link: Link, *, alt: str, css_class: str,
                lazy: bool = True, priority: bool = False) -> str | None:
        """`<picture>` with WebP sizes and a JPEG fallback for `role` (`thumbnail`, `portrait`), or None without photo.

        `link` turns a site path into a link relative to the page. Width and height are set, so the page does
        not move when the picture arrives.
        """
        renditions = self.derived.photos.get(profile.photo) if profile.photo else None
        if renditions is None:
            return None
        return self._picture(self.picture_context(f"{profile.slug}-{renditions.key[:10]}", renditions, role), link,
                             alt=alt, css_class=css_class, lazy=lazy, priority=priority)

    def story_html(self, profile: Profile, link: Link) -> str:
        """The story of `profile` with its images as `<picture>` elements (`link` as for `picture`).

        An image that could not be derived, or a marker with no image (raw HTML copying one), is left out.
        """
        def picture(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(profile.story_images):
                return ""
            image = profile.story_images[index]
            renditions = self.derived.story_photos.get(image.source)
            if renditions is None:
                return ""
            return self._picture(self.picture_context(f"{profile.slug}-{renditions.key[:10]}", renditions, "story"),
                                 link, alt=image.alt, css_class="vd-story__image")

        return _EMPTY_FIGURE.sub("", _STORY_IMAGE.sub(picture, profile.story_html))

    def picture_context(self, stem: str, renditions: Renditions, role: str) -> Picture:
        """The files a picture of `role` shows, placed in the site under `stem` (`<slug>-<key>`)."""
        sources: dict[int, Published] = {}
        fallback = None
        for file in renditions.of(role):
            published = self._publish(photo_uri(stem, file.name), file)
            if file.name.endswith(".webp"):
                sources.setdefault(file.width, published)
            else:
                fallback = published
        assert fallback is not None
        return Picture([(published, width) for width, published in sources.items()], fallback, SIZES[role])

    def _picture(self, picture: Picture, link: Link, *, alt: str, css_class: str, lazy: bool = True,
                 priority: bool = False) -> str:
        fallback = picture.fallback
        srcset = ", ".join(f"{escape(link(published.uri))} {width}w" for published, width in picture.sources)
        loading = ' loading="lazy"' if lazy else ""
        fetch = ' fetchpriority="high"' if priority else ""
        # The picture's box has its aspect ratio from its first byte: a browser that paints the page before
        # the <img> arrives (progressive rendering) reserves the space already, so nothing below shifts.
        return (f'<picture style="aspect-ratio:{fallback.width}/{fallback.height}">'
                f'<source type="image/webp" srcset="{srcset}" sizes="{picture.sizes}" '
                f'width="{fallback.width}" height="{fallback.height}">'
                f'<img class="{css_class}" src="{escape(link(fallback.uri))}" alt="{escape(alt)}" '
                f'width="{fallback.width}" height="{fallback.height}"{loading} decoding="async"{fetch}></picture>')

    def head(self, profile: Profile, title: str, description: str, page_path: str, site_name: str) -> str:
        """Open Graph and Twitter tags of a profile page (values escaped for attributes)."""
        tags = [("property", "og:type", "article"), ("property", "og:locale", "vi_VN"),
                ("property", "og:site_name", site_name), ("property", "og:title", title),
                ("property", "og:description", description), ("name", "twitter:title", title),
                ("name", "twitter:description", description)]
        share_image = self.derived.share_images.get(profile.slug)
        if self.site_url:
            tags.append(("property", "og:url", absolute(self.site_url, page_path)))
        if self.site_url and share_image:
            image = absolute(self.site_url, share_image.uri)
            alt = f"Thẻ giới thiệu {title}, {site_name}"
            tags += [("property", "og:image", image), ("property", "og:image:type", "image/jpeg"),
                     ("property", "og:image:width", str(share_image.width)),
                     ("property", "og:image:height", str(share_image.height)), ("property", "og:image:alt", alt),
                     ("name", "twitter:card", "summary_large_image"), ("name", "twitter:image", image),
                     ("name", "twitter:image:alt", alt)]
        else:
            tags.append(("name", "twitter:card", "summary"))
        return "".join(f'<meta {attr}="{name}" content="{escape(value)}">' for attr, name, value in tags)

    def share_section(self, profile: Profile, title: str, page_path: str, link: Link) -> str:
        """Share links (Facebook, Zalo, copy, the phone's own share sheet) and the page's QR code.

        Plain links, no third-party script; the two buttons need JavaScript and stay hidden without it.
        """
        url = absolute(self.site_url, page_path) if self.site_url else ""
        links = []
        if url:
            encoded = quote(url, safe="")
            for name, href in (("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={encoded}"),
                               ("Zalo", f"https://sp.zalo.me/share_inline?url={encoded}")):
                links.append(f'<li><a class="vd-share__link vd-share__link--{name.lower()}" href="{escape(href)}" '
                             f'target="_blank" rel="noopener noreferrer">{name}'
                             f'<span class="vd-visually-hidden"> (mở cửa sổ mới)</span></a></li>')
        data = f' data-url="{escape(url)}" data-title="{escape(title)}"'
        links.append(f'<li hidden><button type="button" class="vd-share__button" data-share="copy"{data}>'
                     "Sao chép liên kết</button></li>")
        links.append(f'<li hidden><button type="button" class="vd-share__button" data-share="native"{data}>'
                     "Chia sẻ…</button></li>")
        body = (f'<ul class="vd-share__links">{"".join(links)}</ul>'
                '<p class="vd-share__status" role="status" aria-live="polite"></p>')
        code = self.derived.qr_codes.get(profile.slug)
        # Not lazy: a lazy picture below the fold is never fetched when the page is printed from the top
        # (Ctrl+P, a PDF), and the printed page needs its QR code. It is a 1-bit PNG of about 1 KB.
        if code:
            src = escape(link(code.uri))
            body += (f'<figure class="vd-qr"><img src="{src}" alt="Mã QR dẫn tới trang của {escape(title)}" '
                     f'width="{code.width}" height="{code.height}" decoding="async">'
                     f'<figcaption>Quét mã để mở trang này. <a href="{src}" download="ma-qr-{profile.slug}.png">'
                     "Tải mã QR (PNG)</a> để in lên áp phích, standee.</figcaption></figure>")
        return (f'<section class="vd-section vd-section--share vd-share" aria-labelledby="vd-share-title">'
                f'<h2 id="vd-share-title">Chia sẻ</h2>{body}</section>')
