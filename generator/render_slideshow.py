"""Render the ceremony's slideshow (trình chiếu): a folder of the site that works on its own.

`hoi-nghi/trinh-chieu/` holds a whole HTML document (`slideshow.html`), its stylesheet and script (the
fragments `slideshow.css` and `slideshow.js`, copied as they are), the photos and, added by the build, the
fonts: every link is relative, so the folder runs from a USB stick opened in the file system (`file://`), with
no network. The build also packs it into `hoi-nghi/trinh-chieu.zip` (`zip_folder`: the same bytes for the same
files).

A title slide, then one slide per honoured exemplar in the ceremony's order (`Conference.ceremony`, decided
by the load stage: published profiles only). Without JavaScript the page is a long scrollable list of the
slides; the script makes it a 16:9 presentation driven by the keyboard (or a clicker), with a presenter's
view in a second window (`?nguoi-trinh-bay`) kept in step. Every value is written by the autoescaped
fragment; text too long for a slide is cut here at a word, and clamped by the stylesheet.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from .derive import Media, SlidePhoto
from .model import Profile, Session, Site
from .output import Asset
from .render_conference import Moment, When, where_text
from .routes import SLIDESHOW, SLIDESHOW_CSS, SLIDESHOW_JS, SLIDESHOW_URI, relative
from .templates import Templates
from .text import initials

NAME_LIMIT, ROLE_LIMIT, LINE_LIMIT, MEMBER_LIMIT = 120, 160, 240, 60
"""Most characters of a name, a position and unit, a highlight or quote, a member's line on a slide: what
is read from the back of a hall in a few seconds (the profile's page has the rest)."""
MEMBERS_SHOWN = 12
"""Members named on a collective's slide without a group photo; more are counted."""


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a space, with "…" when cut (a word longer than the limit
    is cut inside it, so one pasted run of letters cannot overflow a slide)."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:.-") + "…"


@dataclass(frozen=True)
class TitleSlide:
    """The first slide: the conference and, when the program has one, its award item."""

    organiser: str
    campaign: str
    title: str
    ceremony: str | None
    """The award item's title ("Khen thưởng các tập thể, cá nhân..."), or None without one."""
    when: When
    where: str


@dataclass(frozen=True)
class ExemplarSlide:
    """One honoured exemplar: portrait (or group photo, or members' names), name, role, award, one line."""

    number: int
    """The slide's number, the title slide being 1: its address is `#trang-<number>`."""
    kind: str
    kind_label: str
    honorific: str | None
    name: str
    """The name with its academic prefix, cut to `NAME_LIMIT`."""
    role: str | None
    """Position and unit ("Phó Trưởng phòng Quản lý đầu tư, Phòng Quản lý đầu tư")."""
    headcount: int | None
    award: str | None
    """The highest award's wording."""
    line: str | None
    """The first highlight, else the quote."""
    quote: bool
    """Whether `line` is the quote (written as a quotation)."""
    photo: SlidePhoto | None
    photo_alt: str
    initials: str
    members: list[str]
    """A collective's members without a group photo: "Name, role", at most `MEMBERS_SHOWN`."""
    more_members: int
    """How many members are not named."""


@dataclass(frozen=True)
class ProgramNote:
    """The program item the presenter's view shows: the award item, with its times."""

    kind_label: str
    title: str
    start: Moment
    end: Moment


def honoured(site: Site) -> list[Profile]:
    """The profiles of the slideshow: the ceremony's, as far as they are in the site being built (a preview
    leaves out a profile whose photo cannot be derived)."""
    shown = site.published_by_id
    return [p for p in site.conference.ceremony if shown.get(p.id) is p]


def award_session(site: Site) -> Session | None:
    """The program's first award item, if it has one."""
    return next((s for s in site.conference.sessions if s.item.kind == "award"), None)


def exemplar_slide(profile: Profile, number: int, site: Site, media: Media) -> ExemplarSlide:
    """The slide of `profile`; places its photo in the slideshow's folder through `media`."""
    data = profile.data
    unit = profile.unit.name
    # A position that already names the unit ("Chuyên viên Phòng …") is not followed by it again.
    if data.position and unit.casefold() in data.position.casefold():
        unit = ""
    role = ", ".join(x for x in (data.position, unit) if x and x != data.name) or None
    line, quote = (data.highlights[0], False) if data.highlights else (data.quote, True) if data.quote else (None, False)
    photo = media.slide_photo(profile, lambda uri: relative(SLIDESHOW_URI, uri))
    members: list[str] = []
    if profile.kind == "collective" and photo is None:
        published = site.published_by_id
        for member in data.members:
            # A member whose own profile is not published is named only by the name the collective wrote.
            linked = published.get(member.profile) if member.profile else None
            name = linked.display_name if linked else member.name
            if name:
                members.append(cut(f"{name}, {member.role}" if member.role else name, MEMBER_LIMIT))
    top = profile.top_award
    kind_word = "chân dung" if profile.kind == "individual" else "tập thể"
    return ExemplarSlide(
        number=number, kind=profile.kind, kind_label=profile.kind_label, honorific=data.honorific,
        name=cut(profile.display_name, NAME_LIMIT), role=cut(role, ROLE_LIMIT) if role else None,
        headcount=data.headcount, award=top.wording if top else None,
        line=cut(line, LINE_LIMIT) if line else None, quote=quote, photo=photo,
        photo_alt=data.photo_alt or f"Ảnh {kind_word} {profile.name}", initials=initials(profile.name),
        members=members[:MEMBERS_SHOWN], more_members=max(0, len(members) - MEMBERS_SHOWN))


def render_slideshow(site: Site, media: Media, templates: Templates) -> list[Asset]:
    """The slideshow's page, stylesheet and script (its photos are placed in `media`, its fonts added by the
    build)."""
    conference = site.conference
    conf = conference.data
    session = award_session(site)
    zone = conference.zone
    title = TitleSlide(conf.organiser, conf.campaign, conf.title, session.title if session else None,
                       When.of(conference), where_text(conf))
    slides = [exemplar_slide(p, number, site, media) for number, p in enumerate(honoured(site), start=2)]
    program = ProgramNote(session.kind_label, session.title, Moment.at(session.start.astimezone(zone)),
                          Moment.at(session.end.astimezone(zone))) if session else None
    html = templates.render("slideshow.html", here=SLIDESHOW_URI, title=title, slides=slides, program=program,
                            total=len(slides) + 1)
    return [Asset(SLIDESHOW_URI, content=(html + "\n").encode()),
            Asset(SLIDESHOW_CSS, content=templates.source("slideshow.css").encode()),
            Asset(SLIDESHOW_JS, content=templates.source("slideshow.js").encode())]


ZIP_TIME = (1980, 1, 1, 0, 0, 0)
"""Every entry's time in the zip: the format's first day, so that the same files give the same bytes."""
_STORED = (".webp", ".jpg", ".png", ".woff2", ".zip")
"""Compressed already: stored as they are (deflating them again costs time and saves nothing)."""


def zip_folder(files: dict[str, bytes], folder: str = SLIDESHOW) -> bytes:
    """The files under `folder` (site paths to their bytes) as a zip holding the folder by its last name
    (`trinh-chieu/index.html`): entries sorted, fixed times and permissions, so the same files give the same
    bytes on every build."""
    top = folder.rstrip("/").rsplit("/", 1)[-1]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(files):
            if not path.startswith(folder + "/"):
                continue
            info = zipfile.ZipInfo(f"{top}/{path[len(folder) + 1:]}", ZIP_TIME)
            info.create_system = 3  # Unix, so the permissions below are read, whoever unpacks it
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_STORED if path.endswith(_STORED) else zipfile.ZIP_DEFLATED
            archive.writestr(info, files[path], compresslevel=6)
    return out.getvalue()
