"""Every address of the site, in one place: the folders of its pages and files, and the links between them.

A page is named by its source path in the docs namespace (`src`, `ho-so/an.md`), as MkDocs names the pages of
`content/`, and is served at its directory URL (`page_url`: `ho-so/an/`); a file (`uri`) is served where it
is. Links between pages are relative (`relative`), so the site works under any sub-path; the few addresses
that leave the site (feeds, share images, QR codes) are absolute, under its public address (`absolute`).
"""

from __future__ import annotations

from .model import ARTICLE_CATEGORY_SLUGS, Article, Profile

# --- the folders of the pages -----------------------------------------------------------------------------
PROFILES = "ho-so"
"""One page per published profile: `ho-so/<slug>/`."""
EXEMPLARS = "dien-hinh"
"""The listing of every published profile, and of each kind (`KIND_FOLDERS`)."""
KIND_SLUGS = {"individual": "ca-nhan", "collective": "tap-the"}
"""Each kind as it appears in addresses: its listing's folder, the explorer's `?loai=ca-nhan`."""
KIND_FOLDERS = {kind: f"{EXEMPLARS}/{slug}" for kind, slug in KIND_SLUGS.items()}
"""The listing of each kind: `dien-hinh/ca-nhan/`, `dien-hinh/tap-the/`."""
UNITS = "don-vi"
"""The index of units, and one listing per unit: `don-vi/<unit id>/`."""
MOVEMENTS = "phong-trao"
"""The index of movements, and one listing per movement."""
AWARDS = "khen-thuong"
"""The index of award titles, and one listing per award title."""
EXPLORER = "kham-pha"
"""The explorer: the whole listing, which its script filters."""
CONFERENCE = "hoi-nghi"
"""The conference's pages and files."""
OPEN_DATA = "du-lieu"
"""The open data files."""
ARTICLES = "tin-bai"
"""News and stories: their paged list (`tin-bai/`, `tin-bai/trang-2/`), one page per published article
(`tin-bai/<slug>/`), a list per category (`tin-bai/chuyen-muc/<category>/`) and per year
(`tin-bai/nam/<year>/`)."""
ARTICLE_CATEGORIES_DIR = f"{ARTICLES}/chuyen-muc"
ARTICLE_YEARS_DIR = f"{ARTICLES}/nam"
RESERVED_ARTICLE_SLUGS = ("chuyen-muc", "nam")
"""Names under `tin-bai/` that no article may take (nor `trang-<n>`, a page of the list)."""

CONTEST = "cuoc-thi-viet"
"""The writing contest: the index of rounds (`cuoc-thi-viet/`), a page per round with published results
(`cuoc-thi-viet/<round>/`) and one per entry (`cuoc-thi-viet/<round>/<entry>/`)."""

# --- pages and files of their own -------------------------------------------------------------------------
COUNTDOWN_SRC = f"{CONFERENCE}/index.md"
PROGRAM_SRC = f"{CONFERENCE}/chuong-trinh.md"
EMBED_URI = f"{CONFERENCE}/nhung.html"
"""The countdown to embed in another site's page."""
CALENDAR_URI = f"{CONFERENCE}/hoi-nghi.ics"
PROGRAM_ICS_URI = f"{CONFERENCE}/chuong-trinh.ics"
PROGRAM_JSON_URI = f"{CONFERENCE}/chuong-trinh.json"
SLIDESHOW = f"{CONFERENCE}/trinh-chieu"
"""The ceremony's slideshow: a folder that works on its own, copied to a USB stick and opened from the file
system (its page, stylesheet, script, fonts and photos, linked relatively)."""
SLIDESHOW_URI = f"{SLIDESHOW}/index.html"
"""The slideshow's page (`hoi-nghi/trinh-chieu/`); `?nguoi-trinh-bay` opens it as the presenter's view."""
SLIDESHOW_CSS = f"{SLIDESHOW}/trinh-chieu.css"
SLIDESHOW_JS = f"{SLIDESHOW}/trinh-chieu.js"
SLIDESHOW_FONT_CSS = f"{SLIDESHOW}/phong-chu/phong-chu.css"
"""The `@font-face` rules of the slideshow's own copy of the fonts, beside them."""
SLIDESHOW_FONT_DIR = f"{SLIDESHOW}/phong-chu"
SLIDESHOW_PHOTO_DIR = f"{SLIDESHOW}/anh"
SLIDESHOW_ZIP = f"{CONFERENCE}/trinh-chieu.zip"
"""The slideshow's folder as one file to download (`trinh-chieu/` inside)."""
BOOKLET_URI = f"{CONFERENCE}/ky-yeu.pdf"
"""The printed booklet (kỷ yếu) of the exemplars, A4, for the delegates (`booklet.py`)."""
EXPLORER_DATA_URI = f"{EXPLORER}/ho-so.json"
"""What the explorer's script filters."""
EXPLORER_ENGLISH_URI = f"{EXPLORER}/ho-so.en.json"
"""The English names of the explorer's data (registries, positions, awards), read with `EXPLORER_DATA_URI` by the
English explorer (`en/kham-pha/`)."""
OPEN_DATA_JSON = f"{OPEN_DATA}/dien-hinh.json"
OPEN_DATA_CSV = f"{OPEN_DATA}/dien-hinh.csv"
ATOM_FEED, RSS_FEED, JSON_FEED = "feed.xml", "rss.xml", "feed.json"

# --- the folders of the files -----------------------------------------------------------------------------
PHOTO_DIR = "assets/anh"
"""Renditions: `<slug>-<key>-<rendition>` (content-addressed, cached for a year by servers)."""
SHARE_DIR = "assets/chia-se"
"""Share images: `<slug>-<key>.jpg` (content-addressed)."""
QR_DIR = "assets/qr"
"""QR codes: `ho-so/<slug>.png` for each profile page, `chuong-trinh.png` for the program."""
PROGRAM_QR = f"{QR_DIR}/chuong-trinh.png"
"""QR code of the conference's program page, for the printed program and the hall's standees."""
FONT_DIR = "assets/fonts"
FONT_CSS = "assets/stylesheets/fonts.css"
"""The `@font-face` rules of the self-hosted fonts (its URLs are relative to it: `../fonts/`)."""
SCRIPT = "assets/javascripts/vinhdanh.js"
"""The theme's own script (countdowns, reading aids, share buttons)."""
FAVICON = "assets/images/favicon.svg"


# --- addresses of things ----------------------------------------------------------------------------------

def profile_src(profile: Profile) -> str:
    """Source path of a profile's page."""
    return f"{PROFILES}/{profile.slug}.md"


def article_src(article: Article) -> str:
    """Source path of an article's page."""
    return f"{ARTICLES}/{article.slug}.md"


def contest_round_src(round_id: str) -> str:
    """Source path of the page of a round of the writing contest."""
    return f"{CONTEST}/{round_id}/index.md"


def contest_entry_src(round_id: str, entry_id: str) -> str:
    """Source path of the page of an entry of the writing contest."""
    return f"{CONTEST}/{round_id}/{entry_id}.md"


def article_category_base(category: str) -> str:
    """Folder of the paged list of a category of articles (a key of `model.ARTICLE_CATEGORIES`)."""
    return f"{ARTICLE_CATEGORIES_DIR}/{ARTICLE_CATEGORY_SLUGS[category]}"


def article_year_base(year: int) -> str:
    """Folder of the paged list of the articles of `year`."""
    return f"{ARTICLE_YEARS_DIR}/{year}"


def unit_src(unit_id: str) -> str:
    """Source path of a unit's listing."""
    return f"{UNITS}/{unit_id}.md"


def movement_src(movement_id: str) -> str:
    """Source path of a movement's listing."""
    return f"{MOVEMENTS}/{movement_id}.md"


def award_src(title_id: str) -> str:
    """Source path of an award title's listing."""
    return f"{AWARDS}/{title_id}.md"


def index_src(folder: str) -> str:
    """Source path of a folder's index page: `dien-hinh` -> `dien-hinh/index.md`."""
    return f"{folder}/index.md"


def listing_src(base: str, number: int) -> str:
    """Source path of page `number` of the paged listing `base`: `base/index.md`, then `base/trang-2.md`..."""
    return index_src(base) if number == 1 else f"{base}/trang-{number}.md"


def photo_uri(stem: str, file_name: str) -> str:
    """Where a rendition is published: `stem` names the profile and the photo's content (`<slug>-<key>`)."""
    return f"{PHOTO_DIR}/{stem}-{file_name}"


def slideshow_photo_uri(stem: str, file_name: str) -> str:
    """Where the slideshow's copy of a rendition is published, inside its folder."""
    return f"{SLIDESHOW_PHOTO_DIR}/{stem}-{file_name}"


def share_image_uri(slug: str, key: str) -> str:
    """Where a profile's share image is published; the key's start changes with its content."""
    return f"{SHARE_DIR}/{slug}-{key[:10]}.jpg"


def profile_qr_uri(slug: str) -> str:
    """Where the QR code of a profile's page is published."""
    return f"{QR_DIR}/{PROFILES}/{slug}.png"


# --- links ------------------------------------------------------------------------------------------------

def page_url(src_uri: str) -> str:
    """Directory URL of a page source: `ho-so/an.md` -> `ho-so/an/`, `index.md` -> ``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative(from_url: str, to_url: str) -> str:
    """Relative link from the page at `from_url` to `to_url` (both site-relative, without `..`; `./` is the root,
    as MkDocs names the home page).

    Worked out on the path segments alone: `posixpath.relpath` asks the file system for the current
    folder on every call, and a large site makes tens of thousands of links.
    """
    base = [part for part in from_url.split("/")[:-1] if part not in ("", ".")]  # the page's folder
    parts = [part for part in to_url.split("/") if part not in ("", ".")]
    folders = len(parts) if to_url.endswith("/") else len(parts) - 1  # a file's name is not a folder to share
    common = 0
    while common < min(len(base), folders) and base[common] == parts[common]:
        common += 1
    link = "/".join([".."] * (len(base) - common) + parts[common:])
    if to_url.endswith("/") or not to_url:
        return link + "/" if link else "./"
    return link or "./"


def absolute(site_url: str, path: str) -> str:
    """Absolute URL of a site path (`ho-so/an/`) under `site_url` (which may include a sub-path)."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


# --- languages --------------------------------------------------------------------------------------------

ENGLISH = "en"
"""The folder of the English edition: `/en/` + the Vietnamese page's path (docs/design/english.md)."""
ENGLISH_SECTIONS = (EXEMPLARS, PROFILES, UNITS, MOVEMENTS, AWARDS, EXPLORER, CONFERENCE, "gioi-thieu")
"""The first folders of the pages that have an English twin, besides the home page. News, stories and the
writing contest are Vietnamese only: an English page links the Vietnamese ones."""


def page_lang(path: str) -> str:
    """The language of the page at `path` (a source path or a URL): `en` under `en/`, else `vi`."""
    return ENGLISH if path == ENGLISH or path.startswith(ENGLISH + "/") else "vi"


def has_english(path: str) -> bool:
    """Whether the Vietnamese page at `path` (a URL `ho-so/an/`, or a source path) has an English twin."""
    if path in ("", "./", "index.md"):
        return True
    first = path.split("/", 1)[0].removesuffix(".md")
    return first in ENGLISH_SECTIONS and not path.startswith(SLIDESHOW) and "." not in path.removesuffix(".md")


def in_lang(path: str, lang: str) -> str:
    """The page at `path` (a Vietnamese page's URL or source path) in `lang`: `ho-so/an/` -> `en/ho-so/an/` for
    English when that page has a twin; anything else (a file, a Vietnamese-only page) as it is."""
    if lang != ENGLISH or not has_english(path):
        return path
    return f"{ENGLISH}/" if path in ("", "./") else f"{ENGLISH}/{path}"


def vietnamese(path: str) -> str:
    """The Vietnamese page of the English page at `path` (`en/ho-so/an/` -> `ho-so/an/`); other paths as they are."""
    if path == ENGLISH or path == ENGLISH + "/":
        return ""
    return path.removeprefix(ENGLISH + "/")
