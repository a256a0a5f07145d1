"""Media of the published profiles: photo renditions, share images and QR codes, and the HTML that shows them.

`Media.prepare` derives everything through the `DerivedFileCache` in two rounds (the share images are drawn
from the portrait renditions of the first round), on both cores when there is much to do, and turns every
failure into a problem naming the profile and its photo. The renderer then asks for `<picture>` elements,
Open Graph tags and the share section of a profile page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from . import photos, qr, share_images
from .derived_files import CachedFile, DerivedFileCache, Job
from .model import Profile, Site
from .problems import InputError, Problems
from .routes import PROGRAM_QR, PROGRAM_SRC, absolute, page_url, photo_uri, profile_qr_uri, share_image_uri
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


@dataclass(frozen=True)
class Published:
    """A derived file placed in the site."""

    uri: str
    source: Path
    width: int
    height: int


def share_text(profile: Profile, site: Site) -> share_images.ShareText:
    """What the share image of `profile` says."""
    award = profile.top_award
    conf = site.conference.data
    return share_images.ShareText(profile.kind_label, profile.display_name, initials(profile.name),
                                  award.wording if award else None, profile.unit.name, conf.campaign, conf.organiser)


class Media:
    """Every derived file of the published profiles, and the HTML referring to them."""

    def __init__(self, cache: DerivedFileCache, site_url: str | None = None):
        self.cache = cache
        self.site_url = site_url or None
        """The site's public address (MkDocs `site_url`); without it there are no share images or QR codes."""
        self.assets: dict[str, Published] = {}
        self.photos: dict[Path, tuple[str, list[CachedFile]]] = {}
        """Renditions by photo source: (entry key, files)."""
        self.story_photos: dict[Path, tuple[str, list[CachedFile]]] = {}
        """Renditions of the stories' images by source: (entry key, files)."""
        self.share_images: dict[str, Published] = {}
        """Share images by profile slug."""
        self.qr_codes: dict[str, Published] = {}
        """QR codes of the profile pages by profile slug."""

    # --- deriving --------------------------------------------------------------------------------------

    def prepare(self, site: Site, page_path: dict[str, str]) -> None:
        """Derive the renditions, share images and QR codes of every published profile.

        `page_path` maps profile ids to their page's site path (`ho-so/an/`). Raises InputError naming
        every photo that could not be derived (a corrupt file `check` could not see from its header); a
        story's image that cannot be derived is left out, with a warning added to `site.problems`.
        """
        problems = Problems(site.root)
        with_photo = [p for p in site.profiles if p.photo is not None]
        jobs = {p.photo: photos.photo_job(self.cache, p.photo) for p in with_photo}
        story_jobs = {image.source: photos.photo_job(self.cache, image.source, photos.STORY_SPECS)
                      for p in site.profiles for image in p.story_images}
        entries, failures = self.cache.run([*jobs.values(), *story_jobs.values()], "Ảnh")
        for profile in site.profiles:
            for image in profile.story_images:
                job = story_jobs[image.source]
                if job.key in failures:
                    story = image.written_in or profile.source
                    written = Path(os.path.relpath(image.source, story.parent)).as_posix()
                    site.problems.warn(story, image.line, "story",
                                       f"ảnh '{written}': {failures[job.key]}; ảnh bị bỏ khỏi câu chuyện")
                else:
                    self.story_photos[image.source] = (job.key, entries[job.key])
        for profile in with_photo:
            job = jobs[profile.photo]
            if job.key in failures:
                written = Path(os.path.relpath(profile.photo, profile.source.parent)).as_posix()
                problems.add(profile.source, 0, "photo", f"{failures[job.key]}: {written}")
            else:
                self.photos[profile.photo] = (job.key, entries[job.key])
        if problems:
            raise InputError(problems)
        if not self.site_url:
            return

        round_two = []
        for profile in site.profiles:
            photo = self.photos.get(profile.photo) if profile.photo else None
            text = share_text(profile, site)
            portrait = next(f.path for f in photo[1] if f.name == "portrait-720.webp") if photo else None
            key = share_images.share_image_key(text, photo[0] if photo else None)
            round_two.append((profile.slug, "share",
                              Job(key, share_images.share_image_task, (text, portrait), profile.id)))
            url = absolute(self.site_url, page_path[profile.id])
            round_two.append((profile.slug, "qr", Job(qr.qr_key(url), qr.qr_task, (url,), profile.id)))
        program = absolute(self.site_url, page_url(PROGRAM_SRC))
        round_two.append(("", "program", Job(qr.qr_key(program), qr.qr_task, (program,), "")))
        entries, failures = self.cache.run((job for _, _, job in round_two), "Thẻ chia sẻ, mã QR")
        for slug, kind, job in round_two:
            if job.key in failures:  # no user input can cause this: it is a bug or a full disk
                raise OSError(f"{kind} {slug}: {failures[job.key]}")
            (file,) = entries[job.key]
            if kind == "share":
                self.share_images[slug] = self._publish(share_image_uri(slug, job.key), file)
            elif kind == "qr":
                self.qr_codes[slug] = self._publish(profile_qr_uri(slug), file)
            else:
                self._publish(PROGRAM_QR, file)

    def _publish(self, uri: str, file: CachedFile) -> Published:
        published = Published(uri, file.path, file.width, file.height)
        self.assets[uri] = published
        return published

    def url(self, profile: Profile, role: str) -> tuple[str, int, int] | None:
        """(site path, width, height) of the smallest WebP of `role` for a profile, or None without photo.

        For places that show a thumbnail by script (search results, the explorer).
        """
        if profile.photo is None or profile.photo not in self.photos:
            return None
        key, files = self.photos[profile.photo]
        names = photos.files_of(role, (f.name for f in files))
        webps = sorted((f for f in files if f.name in names and f.name.endswith(".webp")), key=lambda f: f.width)
        if not webps:
            return None
        published = self._publish(photo_uri(f"{profile.slug}-{key[:10]}", webps[0].name), webps[0])
        return published.uri, published.width, published.height

    # --- HTML ------------------------------------------------------------------------------------------

    def picture(self, profile: Profile, role: str, link: callable, *, alt: str, css_class: str,
                lazy: bool = True, priority: bool = False) -> str | None:
        """`<picture>` with WebP sizes and a JPEG fallback for `role` (`thumbnail`, `portrait`), or None without photo.

        `link` turns a site path into a link relative to the page. Width and height are set, so the page does
        not move when the picture arrives.
        """
        if profile.photo is None or profile.photo not in self.photos:
            return None
        key, files = self.photos[profile.photo]
        return self._picture(f"{profile.slug}-{key[:10]}", files, role, link, alt=alt, css_class=css_class,
                             lazy=lazy, priority=priority)

    def story_html(self, profile: Profile, link: callable) -> str:
        """The story of `profile` with its images as `<picture>` elements (`link` as for `picture`).

        An image that could not be derived, or a marker with no image (raw HTML copying one), is left out.
        """
        def picture(match: re.Match[str]) -> str:
            index = int(match.group(1))
            if index >= len(profile.story_images):
                return ""
            image = profile.story_images[index]
            if image.source not in self.story_photos:
                return ""
            key, files = self.story_photos[image.source]
            return self._picture(f"{profile.slug}-{key[:10]}", files, "story", link, alt=image.alt,
                                 css_class="vd-story__image")

        return _EMPTY_FIGURE.sub("", _STORY_IMAGE.sub(picture, profile.story_html))

    def _picture(self, stem: str, files: list[CachedFile], role: str, link: callable, *, alt: str, css_class: str,
                 lazy: bool = True, priority: bool = False) -> str:
        widths: dict[int, str] = {}
        fallback = None
        names = photos.files_of(role, (f.name for f in files))
        for file in sorted(files, key=lambda f: f.width):
            if file.name not in names:
                continue
            published = self._publish(photo_uri(stem, file.name), file)
            if file.name.endswith(".webp"):
                widths.setdefault(file.width, published.uri)
            else:
                fallback = published
        assert fallback is not None
        srcset = ", ".join(f"{escape(link(uri))} {width}w" for width, uri in widths.items())
        loading = ' loading="lazy"' if lazy else ""
        fetch = ' fetchpriority="high"' if priority else ""
        # The picture's box has its aspect ratio from its first byte: a browser that paints the page before
        # the <img> arrives (progressive rendering) reserves the space already, so nothing below shifts.
        return (f'<picture style="aspect-ratio:{fallback.width}/{fallback.height}">'
                f'<source type="image/webp" srcset="{srcset}" sizes="{SIZES[role]}" '
                f'width="{fallback.width}" height="{fallback.height}">'
                f'<img class="{css_class}" src="{escape(link(fallback.uri))}" alt="{escape(alt)}" '
                f'width="{fallback.width}" height="{fallback.height}"{loading} decoding="async"{fetch}></picture>')

    def head(self, profile: Profile, title: str, description: str, page_path: str, site_name: str) -> str:
        """Open Graph and Twitter tags of a profile page (values escaped for attributes)."""
        tags = [("property", "og:type", "article"), ("property", "og:locale", "vi_VN"),
                ("property", "og:site_name", site_name), ("property", "og:title", title),
                ("property", "og:description", description), ("name", "twitter:title", title),
                ("name", "twitter:description", description)]
        share_image = self.share_images.get(profile.slug)
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

    def share_section(self, profile: Profile, title: str, page_path: str, link: callable) -> str:
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
        code = self.qr_codes.get(profile.slug)
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
