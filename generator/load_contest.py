"""The load stage of the writing contest (cuộc thi viết): read and check its rounds and entries, as articles.

A round is a folder `contest/<round>/` with a round file `dot-thi.yml` (`model.ContestRoundData`) and one
file per entry, `<entry>.md` (front matter `model.ContestEntryData` and the text, rendered and sanitised by
the stories' pipeline). A round's entries are public only once the jury has decided: `published: true`, and
`results_on` (if written) reached.

The exemplar an entry is about is a profile id (`profile`: unknown is an error with a guess, a profile with
errors or not published a warning, and the page then names it without a link) or a name (`about`). An
optional photo (`photo`, in the contest or the profiles folder) is checked as an article's cover and derived
with the covers once its round is public. The
author is a person: the name is published only with a `consent` date (Law 91/2025, as for profiles); without
one the entry is still published, its author shown as "(chưa công bố)" and the unit alone (the entry is the
unit's work as much as the author's, and the jury's result is public).

Called by `load._gather` once every profile's status is known.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from .load_articles import profile_guess, read_front_matter, resolve_cover
from .memo import Memo
from .model import STATUS_LABELS, ContestEntry, ContestEntryData, ContestRound, ContestRoundData, Profile
from .problems import Problem, Problems
from .readers import Document, ReadError, parse_yaml, read_text
from .schema import report_cleaned, validate_model
from .stories import StoryCache, StoryError
from .text import fold, make_id

ROUND_FILE = "dot-thi.yml"
"""The round file of each round's folder."""


class _EntryTargets:
    """What an entry's relative links and images point to: nothing (links to web addresses only)."""

    def link(self, path: str, anchor: str) -> tuple[str | None, str]:
        return None, "bài dự thi chỉ liên kết được tới địa chỉ web (ghi mã hồ sơ ở trường 'profile')"

    def image(self, path: str) -> tuple[Path | None, str]:
        return None, "bài dự thi chưa nhận ảnh trong bài"


def _for_entry(message: str) -> str:
    """A message of the stories' pipeline (written for a profile's story) in an entry's words."""
    return message.replace(" hoặc tệp hồ sơ .md, .yml", "").replace("câu chuyện", "bài")


def discover_rounds(contest_dir: Path) -> list[Path]:
    """The round folders of `contest_dir`, in a stable order (names starting with `_` or `.` skipped)."""
    if not contest_dir.is_dir():
        return []
    return sorted(p for p in contest_dir.iterdir()
                  if p.is_dir() and not p.is_symlink() and not p.name.startswith(("_", ".")))


def _check_profile(path: Path, line: int, value: str, by_id: dict[str, Profile], failed: Mapping[str, str],
                   problems: Problems, field: str = "profile") -> None:
    """Check the profile id `value` of `field` (the exemplar's, or the author's), as `load_articles` does an
    article's."""
    profile = by_id.get(value)
    if profile is None and value in failed:
        problems.warn(path, line, field, f"hồ sơ '{value}' có lỗi (xem {failed[value]}); bài dự thi không liên "
                      "kết tới hồ sơ này cho tới khi sửa xong lỗi")
    elif profile is None:
        problems.add(path, line, field, f"không có hồ sơ nào có mã '{value}'{profile_guess(value, by_id, failed)}")
    elif profile.status != "published":
        problems.warn(path, line, field, f"hồ sơ '{profile.name}' chưa được xuất bản "
                      f"({STATUS_LABELS[profile.status]}); bài dự thi không liên kết tới hồ sơ này")


def _resolve_photo(path: Path, doc: Document, written: str, folders: tuple[Path, Path], problems: Problems,
                   memo: Memo | None) -> Path | None:
    """The entry's photo `written`, resolved and checked as an article's cover (`resolve_cover`), its problems
    worded for an entry."""
    scratch = Problems(problems.root)
    found = resolve_cover(path, doc, written, folders, scratch, memo, "photo")
    for item in scratch.items:
        problems.items.append(Problem(item.path, item.line, item.field, item.message.replace("ảnh đại diện", "ảnh")
                                      .replace("thư mục tin bài", "thư mục cuộc thi viết")
                                      .replace("tệp tin bài", "tệp bài dự thi"), item.level))
    return found


def _read_entry(path: Path, contest_dir: Path, folders: tuple[Path, Path], by_id: dict[str, Profile],
                failed: Mapping[str, str], problems: Problems, stories: StoryCache,
                memo: Memo | None) -> ContestEntry | None:
    """The entry at `path` checked and its text rendered; None when it has errors (recorded)."""
    read = read_front_matter(path, contest_dir, problems,
                             "tên bài (title), tác giả (author), đơn vị (unit), ngày nhận bài (received)")
    if read is None:
        return None
    doc, body, body_line = read
    before = len(problems)
    for field in ("profile", "author_profile"):
        written = doc.data.get(field)
        if isinstance(written, str):
            _check_profile(path, doc.line_of((field,)), written, by_id, failed, problems, field)
    data = validate_model(ContestEntryData, doc, path, problems)
    author = by_id.get(data.author_profile) if data is not None and data.author_profile else None
    if data is not None and author is not None and fold(author.name) != fold(data.author):
        problems.warn(path, doc.line_of(("author",)), "author", f"tên tác giả '{data.author}' khác tên trong hồ sơ "
                      f"'{author.id}' ('{author.name}'): hãy kiểm tra author_profile")
    if data is not None and not data.profile and not data.about:
        problems.add(path, doc.line_of(()), "profile", "hãy ghi mã hồ sơ điển hình được viết về (profile) hoặc "
                     "tên người, tập thể được viết về (about)")
    photo = None
    if data is not None and data.photo:
        photo = _resolve_photo(path, doc, data.photo, folders, problems, memo)
        if not data.photo_alt:
            problems.add(path, doc.line_of(("photo",)), "photo_alt", "ảnh cần mô tả cho người khiếm thị (photo_alt), "
                         "ví dụ 'photo_alt: Chị Lê Thị Hằng trao đổi với đồng nghiệp'")
    if data is not None and not body.strip():
        problems.add(path, body_line, "body", "bài dự thi chưa có nội dung: hãy chép bài bên dưới dòng '---' thứ hai")
    if data is None or len(problems) > before:
        return None
    try:
        story = stories.render(body, _EntryTargets())
    except StoryError as error:
        problems.add(path, body_line + max(error.line, 1) - 1, "body", _for_entry(error.message))
        return None
    for note in story.notes:
        problems.warn(path, body_line + max(note.line, 1) - 1, "body", _for_entry(note.message))
    return ContestEntry(data=data, id=make_id(path.stem, data.title), source=path, body_html=story.html, photo=photo,
                        photo_line=doc.line_of(("photo",)) if photo else 0)


def _one_per_id(entries: list[ContestEntry], problems: Problems) -> list[ContestEntry]:
    """The entries of a round whose ids (their pages' addresses) are their own: two files whose names make the
    same address ("Bài 1.md", "bai-1.md") would publish one page over the other, so the second is an error."""
    first: dict[str, ContestEntry] = {}
    kept = []
    for entry in entries:
        other = first.setdefault(entry.id, entry)
        if other is not entry:
            problems.add(entry.source, 1, "", f"tên tệp cho cùng địa chỉ '{entry.id}' với "
                         f"{problems.relative(other.source)}; hãy đổi tên tệp")
            continue
        kept.append(entry)
    return kept


def load_contest(contest_dir: Path, profiles_dir: Path, profiles: list[Profile], today: dt.date, problems: Problems,
                 stories: StoryCache, memo: Memo | None = None,
                 failed: Mapping[str, str] | None = None) -> list[ContestRound]:
    """Every round of `contest_dir` whose round file passed its checks, with its entries that passed theirs;
    `profiles` are every profile that passed its checks, with its status; `failed` maps the ids of profile
    files with errors to their paths."""
    by_id = {p.id: p for p in profiles}
    contest_dir = contest_dir.resolve() if contest_dir.is_dir() else contest_dir
    folders = (contest_dir, profiles_dir.resolve())
    rounds = []
    taken: dict[str, Path] = {}
    for folder in discover_rounds(contest_dir):
        round_file = folder / ROUND_FILE
        entries = sorted(p for p in folder.iterdir() if p.suffix == ".md" and p.is_file()
                         and not p.name.startswith(("_", ".")) and p.name.lower() != "readme.md")
        if not round_file.is_file():
            problems.add(folder, 0, "", f"thiếu tệp {ROUND_FILE} (tên đợt thi, đã công bố kết quả chưa)")
            continue
        try:
            doc = parse_yaml(read_text(round_file, contest_dir))
        except ReadError as error:
            problems.add(round_file, error.line, "", error.message)
            continue
        report_cleaned(doc, round_file, problems)
        data = validate_model(ContestRoundData, doc, round_file, problems)
        read = [_read_entry(p, contest_dir, folders, by_id, failed or {}, problems, stories, memo) for p in entries]
        if data is None:
            continue
        round_id = make_id(folder.name, data.title)
        if round_id in taken:
            problems.add(round_file, 1, "", f"thư mục đợt thi trùng địa chỉ '{round_id}' với "
                         f"{problems.relative(taken[round_id])}; hãy đổi tên thư mục")
            continue
        taken[round_id] = folder
        contest_round = ContestRound(data=data, id=round_id, source=round_file,
                                     entries=sorted(_one_per_id([e for e in read if e is not None], problems),
                                                    key=ContestEntry.sort_key))
        contest_round.published = data.published and (data.results_on is None or data.results_on <= today)
        rounds.append(contest_round)
    # Newest round first: round folders are named by year or date, so by name descending.
    return sorted(rounds, key=lambda r: r.id, reverse=True)
