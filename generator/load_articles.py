"""The load stage of articles (tin bài): read and check every file of the articles folder, as profiles are.

An article is `articles/<file>.md`: front matter (`model.ArticleData`) and a Markdown body, rendered and
sanitised by the stories' pipeline (`stories.py`). Its cover and the body's images are photos inside the
articles folder or the profiles folder (a profile's photo may be reused), checked here and derived with the
profiles' photos. The profiles it is about are named by id: an unknown id is an error, a profile not
published a warning (the article is published without the link), and an article about an individual without
consent is not published (as that person's profile is not). Every problem is recorded with its file,
line and field; a draft's are warnings, as a draft profile's.

Called by `load._gather` once every profile's status is known.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

from . import photos
from .memo import Memo, call
from .model import STATUS_LABELS, Article, ArticleData, Profile
from .problems import Problems
from .readers import Document, ReadError, check_input, parse_yaml, read_text, split_front_matter
from .routes import RESERVED_ARTICLE_SLUGS, article_src, page_url, profile_src, relative
from .schema import report_cleaned, validate_model
from .stories import StoryCache, StoryError
from .text import make_id

ARTICLE_SUFFIX = ".md"
_LIST_PAGE = re.compile(r"trang-\d+")
_HEADING = re.compile(r"<(/?)h([3-6])>")


_WORDING = (("thư mục profiles/", "thư mục tin bài hoặc thư mục hồ sơ"), ("tệp hồ sơ .md, .yml", "tệp hồ sơ hoặc tin bài"),
            ("câu chuyện", "bài"))


def _for_article(message: str) -> str:
    """A message of the stories' pipeline (written for a profile's story) in an article's words."""
    for story, article in _WORDING:
        message = message.replace(story, article)
    return message


def _promote_headings(html: str) -> str:
    """`html` with its headings one level up from `<h3>`: the stories' pipeline demotes them by one (`#` is
    `<h2>`, `##` `<h3>`) for a profile's story, which sits under its "Câu chuyện" section; an article's body
    sits right under its title, so its `##` is an `<h2>` (and a `#`, which the guide does not use, stays one)."""
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) - 1}>", html)


def discover_articles(articles_dir: Path) -> list[Path]:
    """Article files under `articles_dir` (`.md`), in a stable order; names starting with `_` or `.`, and
    README files, are skipped, and linked folders are not walked into (as for profiles)."""
    if not articles_dir.is_dir():
        return []
    found = []
    for top, folders, files in os.walk(articles_dir):
        folders[:] = [name for name in folders if not name.startswith(("_", "."))]
        for name in files:
            if name.startswith(("_", ".")) or name.lower() == "readme.md" or not name.endswith(ARTICLE_SUFFIX):
                continue
            found.append(Path(top, name))
    return sorted(found)


class _BodyTargets:
    """What the relative links and images of an article's body point to (`stories.Targets`): links to
    profile files become links to their pages, links to other articles' files to theirs; images are photos
    inside the articles or the profiles folder."""

    def __init__(self, article: Article, folders: tuple[Path, Path], profiles_by_file: dict[Path, Profile],
                 articles_by_file: dict[Path, Article], failed: Callable[[Path], bool] = lambda path: False):
        self.article = article
        self.base = article.source.parent
        self.folders = folders
        self.profiles_by_file = profiles_by_file
        self.articles_by_file = articles_by_file
        self.failed = failed
        """Whether a file is a profile file with errors."""

    def _inside(self, written: str) -> tuple[Path, Path] | None:
        """The path `written` names from the article's folder and the folder it lies in, if one of ours."""
        decoded = unquote(written)
        if "\x00" in decoded:
            return None
        path = Path(os.path.normpath(self.base / decoded))
        folder = next((f for f in self.folders if path.is_relative_to(f)), None)
        return (path, folder) if folder is not None else None

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        if Path(unquote(path)).suffix.lower() not in (".md", ".yml", ".yaml"):
            return None, "chỉ liên kết được tới tệp hồ sơ, tệp tin bài hoặc địa chỉ web"
        found = self._inside(path)
        if found is None:
            return None, "tệp nằm ngoài thư mục tin bài và thư mục hồ sơ"
        try:
            target = found[0].resolve()
        except (OSError, RuntimeError):
            return None, "không đọc được đường dẫn"
        here = page_url(article_src(self.article))
        profile = self.profiles_by_file.get(target)
        other = self.articles_by_file.get(target)
        if profile is not None:
            if profile.status != "published":
                return None, f"hồ sơ '{profile.name}' chưa được xuất bản ({STATUS_LABELS[profile.status]})"
            url = relative(here, page_url(profile_src(profile)))
        elif other is not None:
            if other.status != "published":
                return None, f"tin bài '{other.title}' chưa được xuất bản ({STATUS_LABELS[other.status]})"
            url = relative(here, page_url(article_src(other)))
        elif self.failed(target):
            return None, "hồ sơ ở tệp này có lỗi (xem các lỗi của tệp ấy) nên chưa có trang"
        else:
            return None, "không có hồ sơ hay tin bài nào ở tệp này"
        return url + (f"#{anchor}" if anchor else ""), ""

    def image(self, path: str) -> tuple[Path | None, str]:
        found = self._inside(path)
        if found is None:
            return None, "ảnh phải nằm trong thư mục tin bài hoặc thư mục hồ sơ"
        target, folder = found
        try:
            check_input(target, folder, photos.MAX_PHOTO_BYTES)
        except ReadError as error:
            return None, error.message
        resolved = target.resolve()
        message = photos.inspect_photo(resolved)
        return (None, message) if message else (resolved, "")


def resolve_cover(path: Path, doc: Document, written: str, folders: tuple[Path, Path],
                  problems: Problems, memo: Memo | None, field_name: str = "cover") -> Path | None:
    """The cover photo `written` in the article at `path` (its field `field_name`), resolved and checked; None
    after recording why."""
    line = doc.line_of((field_name,))

    def refuse(message: str) -> None:
        problems.add(path, line, field_name, message)

    if "://" in written or written.startswith(("//", "data:")):
        refuse("ảnh đại diện phải là tệp trong thư mục tin bài hoặc thư mục hồ sơ, không dùng đường dẫn web")
        return None
    candidate = Path(written)
    if candidate.is_absolute():
        refuse(f"đường dẫn ảnh đại diện phải là đường dẫn tương đối so với tệp tin bài: {written}")
        return None
    normal = Path(os.path.normpath(path.parent / candidate))
    folder = next((f for f in folders if normal.is_relative_to(f)), None)
    if folder is None:
        refuse(f"ảnh đại diện phải nằm trong thư mục tin bài hoặc thư mục hồ sơ: {written}")
        return None
    try:
        resolved = normal.resolve()
    except (OSError, RuntimeError):
        refuse(f"không đọc được tệp ảnh đại diện (liên kết tắt vòng hoặc đường dẫn không hợp lệ): {written}")
        return None
    if not resolved.exists():
        refuse(f"không tìm thấy tệp ảnh đại diện: {written}")
        return None
    if not resolved.is_relative_to(folder):
        refuse(f"ảnh đại diện trỏ ra ngoài thư mục {folder.name}/ (liên kết tắt không được phép): {written}")
        return None
    check = call(memo, photos.check_photo, resolved, folder, depends=(_state(resolved),))
    if check.error or check.warning:
        record = problems.add if check.error else problems.warn
        record(path, line, field_name, f"{check.error or check.warning}: {written}")
    return None if check.error else resolved


def _state(path: Path) -> tuple[int, ...] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def profile_guess(value: str, by_id: Mapping[str, Profile], failed: Mapping[str, str]) -> str:
    """A "did you mean" hint for the unknown profile id `value`, among the loaded profiles and the profile files
    with errors (whose ids are the ones an editor most likely meant while fixing them), or ""."""
    guess = difflib.get_close_matches(value, [*by_id, *failed], n=1, cutoff=0.6)
    if not guess:
        return ""
    if guess[0] in by_id:
        return f"; có phải ý bạn là '{guess[0]}' ({by_id[guess[0]].name})?"
    return f"; có phải ý bạn là '{guess[0]}' (hồ sơ đang có lỗi, xem {failed[guess[0]]})?"


def _check_profiles(path: Path, doc: Document, by_id: dict[str, Profile], problems: Problems,
                    failed: Mapping[str, str]) -> dict[str, int]:
    """Check the ids of `profiles` (read from the raw data, so that a file with other problems has them
    checked in the same run); the line of each id. `failed`: the ids of profile files with errors, and their
    paths (such an id is a warning, as a draft's is: the profile's own errors are reported)."""
    raw = doc.data.get("profiles")
    if not isinstance(raw, list):
        return {}
    lines: dict[str, int] = {}
    for i, value in enumerate(raw):
        if not isinstance(value, str):
            continue  # the schema reports it
        line = doc.line_of(("profiles", i))
        lines.setdefault(value, line)
        profile = by_id.get(value)
        if profile is None and value in failed:
            problems.warn(path, line, f"profiles[{i}]",
                          f"hồ sơ '{value}' có lỗi (xem {failed[value]}); bài viết không liên kết tới hồ sơ này cho "
                          "tới khi sửa xong lỗi")
        elif profile is None:
            problems.add(path, line, f"profiles[{i}]",
                         f"không có hồ sơ nào có mã '{value}'{profile_guess(value, by_id, failed)}")
        elif profile.status == "no-consent":
            problems.warn(path, line, f"profiles[{i}]",
                          f"'{profile.name}' chưa có đồng ý công bố thông tin cá nhân: bài viết chưa được đăng cho tới "
                          "khi hồ sơ có ngày đồng ý (consent), hoặc bỏ người này khỏi 'profiles' và khỏi bài")
        elif profile.status != "published":
            problems.warn(path, line, f"profiles[{i}]",
                          f"hồ sơ '{profile.name}' chưa được xuất bản ({STATUS_LABELS[profile.status]}); bài viết "
                          "không liên kết tới hồ sơ này cho tới khi hồ sơ được xuất bản")
    return lines


def read_front_matter(path: Path, folder: Path, problems: Problems,
                      fields: str) -> tuple[Document, str, int] | None:
    """The front matter of the Markdown file at `path` (inside `folder`) as a mapping, its body and the line
    the body starts at; None, with the problem recorded, when it cannot be read, has no front matter (the
    message names `fields`, what it should hold) or is not a mapping."""
    try:
        front, body, body_line = split_front_matter(read_text(path, folder))
    except ReadError as error:
        problems.add(path, error.line, "", error.message)
        return None
    if front is None:
        problems.add(path, 1, "", f"thiếu phần thông tin đầu tệp (front matter) giữa hai dòng '---': {fields}")
        return None
    try:
        doc = parse_yaml(front, line_offset=1)
    except ReadError as error:
        problems.add(path, error.line, "", error.message)
        return None
    report_cleaned(doc, path, problems)
    if not isinstance(doc.data, dict):
        problems.add(path, doc.line_of(()), "", "phần thông tin phải là các dòng 'khóa: giá trị'")
        return None
    return doc, body, body_line


def _read_article(path: Path, articles_dir: Path, folders: tuple[Path, Path], by_id: dict[str, Profile],
                  failed: Mapping[str, str], today: dt.date, problems: Problems,
                  memo: Memo | None) -> tuple[Article, str, int] | None:
    """The article at `path` checked, with its body's Markdown and the line the body starts at; None when it
    has errors (recorded)."""
    read = read_front_matter(path, articles_dir, problems,
                             "tiêu đề (title), ngày (date), tác giả (author), chuyên mục (category)")
    if read is None:
        return None
    doc, body, body_line = read
    mark = problems.mark()
    before = len(problems)
    lines = _check_profiles(path, doc, by_id, problems, failed)
    data = validate_model(ArticleData, doc, path, problems)
    cover = None
    if data is not None and data.cover:
        cover = resolve_cover(path, doc, data.cover, folders, problems, memo)
        if not data.cover_alt:
            problems.add(path, doc.line_of(("cover",)), "cover_alt",
                         "ảnh đại diện cần mô tả cho người khiếm thị (cover_alt), ví dụ 'cover_alt: Chị Lê Thị Hằng "
                         "trao đổi với đồng nghiệp'")
    if data is not None and not body.strip() and not data.draft:
        problems.add(path, body_line, "body", "tin bài chưa có nội dung: hãy viết bài bên dưới dòng '---' thứ hai")
    if doc.data.get("draft") is True:
        problems.downgrade(mark)  # a draft is work in progress: it never blocks the others
    if data is None or len(problems) > before:
        return None
    article = Article(data=data, id=data.id or make_id(path.stem, data.title), source=path, cover=cover,
                      cover_line=doc.line_of(("cover",)) if cover else 0, profile_lines=lines,
                      id_line=doc.line_of(("id",)) if data.id else 1)
    if data.draft:
        article.status = "draft"
    elif any(by_id[i].status == "no-consent" for i in data.profiles if i in by_id):
        # Law 91/2025: nothing about a person is published without their consent, an article neither.
        article.status = "no-consent"
    elif article.publish_date > today:
        article.status = "scheduled"
    return article, body, body_line


def load_articles(articles_dir: Path, profiles_dir: Path, profiles: list[Profile], profile_files: dict[Path, Profile],
                  today: dt.date, problems: Problems, stories: StoryCache, memo: Memo | None = None,
                  failed: Mapping[str, str] | None = None) -> list[Article]:
    """Every article of `articles_dir` that passed its checks (published or not), in file order, its body
    rendered. `profiles` are every profile that passed theirs, with their status; `profile_files` them by
    their files (resolved), for the body's links; `stories` renders the bodies (kept between builds);
    `failed` maps the ids of profile files with errors to their paths."""
    articles_dir = articles_dir.resolve() if articles_dir.is_dir() else articles_dir
    folders = (articles_dir, profiles_dir.resolve())
    by_id = {p.id: p for p in profiles}
    read: list[tuple[Article, str, int]] = []
    for path in discover_articles(articles_dir):
        found = _read_article(path, articles_dir, folders, by_id, failed or {}, today, problems, memo)
        if found is not None:
            read.append(found)
    articles = _check_across([article for article, _, _ in read], problems)
    kept = {id(a) for a in articles}
    by_file = {article.source.resolve(): article for article in articles}
    failed_paths = frozenset((failed or {}).values())

    def failed_file(path: Path) -> bool:
        return problems.relative(path) in failed_paths
    for article, body, body_line in read:
        if id(article) not in kept:
            continue
        try:
            story = stories.render(body, _BodyTargets(article, folders, profile_files, by_file, failed_file))
        except StoryError as error:
            record = problems.warn if article.status == "draft" else problems.add
            record(article.source, body_line + max(error.line, 1) - 1, "body", _for_article(error.message))
            kept.discard(id(article))
            continue
        article.body_html = _promote_headings(story.html)
        article.body_images = [replace(image, line=body_line + max(image.line, 1) - 1, written_in=article.source)
                               for image in story.images]
        for note in story.notes:
            problems.warn(article.source, body_line + max(note.line, 1) - 1, "body", _for_article(note.message))
    return [a for a in articles if id(a) in kept]


def _check_across(articles: list[Article], problems: Problems) -> list[Article]:
    """Rules across files: one article per id (so per address), and no id an address of the lists takes.
    Returns the articles that pass (a draft that breaks them is left out with a warning)."""
    kept = []
    first: dict[str, Article] = {}
    for article in articles:
        record = problems.warn if article.status == "draft" else problems.add
        line = article.id_line
        if article.id in RESERVED_ARTICLE_SLUGS or _LIST_PAGE.fullmatch(article.id):
            record(article.source, line, "id", f"mã '{article.id}' trùng với đường dẫn của danh sách tin bài; "
                   "hãy đổi tên tệp hoặc đặt mã (id) khác")
            continue
        other = first.setdefault(article.id, article)
        if other is not article:
            record(article.source, line, "id", f"trùng mã tin bài '{article.id}' với "
                   f"{problems.relative(other.source)} ('{other.title}'); hãy đặt mã (id) khác")
            continue
        kept.append(article)
    return kept


def published_articles(articles: list[Article]) -> tuple[list[Article], list[Article]]:
    """(published, not published) of `articles`, each newest first."""
    ordered = sorted(articles, key=Article.sort_key)
    return [a for a in ordered if a.status == "published"], [a for a in ordered if a.status != "published"]

