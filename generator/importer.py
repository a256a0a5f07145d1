"""Import nominations sent by units as spreadsheets (.xlsx or .csv) into profile files.

Units fill in the blank template (`vinhdanh import --template`): one row a nominee, Vietnamese headers.
Every row is validated as `check` validates a profile (the row number is its line); valid rows become
draft profiles in `profiles/` for the editors to review, invalid rows are reported, and no existing file
is ever overwritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import warnings
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from .load import ProfileSource, load_profile
from .model import ProfileData, Registries
from .problems import Problems, visible
from .readers import Document, ReadError, decode, read_input
from .text import MAX_ID, clean_line, fold, make_id, strip_invisible

AWARD_SLOTS = 3
"""Award column groups in the template (a nominee with more awards adds them in the profile later)."""
MAX_IMPORT_BYTES = 20_000_000
"""Largest spreadsheet read: a unit's nominations take a few kilobytes, pictures pasted into it some more."""
MAX_UNPACKED_BYTES = 50_000_000
"""Most bytes the parts of an .xlsx may unpack to, pictures aside: a zip of a few kilobytes can hold gigabytes."""
MAX_ROWS = 5_000
"""Most nominations read from one file."""
MAX_COLUMNS = 100
"""Columns read (the template has fewer than 30): a sheet may claim 16,384, and its rows are filled to that."""
MAX_CELL = 32_767
"""Longest text of a cell, Excel's own limit: a longer CSV field cannot come from a spreadsheet."""

# Template header -> profile field, in the template's order: each award's four columns side by side.
COLUMNS: dict[str, str] = {
    "Họ và tên (hoặc tên tập thể)": "name",
    "Cá nhân hay tập thể": "kind",
    "Đơn vị": "unit",
    "Danh xưng": "honorific",
    "Học hàm, học vị": "prefix",
    "Năm sinh": "birth_year",
    "Chức vụ": "position",
    "Số người (tập thể)": "headcount",
    "Phong trào thi đua (cách nhau bởi dấu ;)": "movements",
    "Thành tích nổi bật (mỗi ý một dòng)": "highlights",
    **{header: key for n in range(1, AWARD_SLOTS + 1) for header, key in (
        (f"Khen thưởng {n}: danh hiệu, hình thức", f"awards.{n}.title"),
        (f"Khen thưởng {n}: số quyết định", f"awards.{n}.decision"),
        (f"Khen thưởng {n}: ngày quyết định", f"awards.{n}.date"),
        (f"Khen thưởng {n}: cấp quyết định", f"awards.{n}.issuer"),
    )},
    "Tên bài tham luận": "paper.title",
    "Tóm tắt tham luận": "paper.summary",
    "Ngày đồng ý công bố thông tin": "consent.date",
    "Hình thức lưu sự đồng ý": "consent.note",
    "Câu chuyện": "story",
}
REQUIRED = ("name", "kind", "unit")
"""Fields without which no row can be a profile: a file without their columns is refused once, not per row."""
EXAMPLE_MARK = "(ví dụ, hãy xóa dòng này)"
"""Ends the name in the template's example row: a row whose name has it is the example, never imported."""
EXAMPLE: dict[str, Any] = {
    "name": f"Nguyễn Văn An {EXAMPLE_MARK}",
    "kind": "Cá nhân",
    "unit": "Văn phòng",
    "honorific": "Ông",
    "prefix": "ThS.",
    "birth_year": 1985,
    "position": "Chuyên viên",
    "movements": "Đẩy mạnh cải cách hành chính",
    "highlights": "Rút ngắn thời gian giải quyết hồ sơ từ 15 xuống 7 ngày\nSố hóa 100% hồ sơ lưu trữ",
    "awards.1.title": "Chiến sĩ thi đua cơ sở",
    "awards.1.decision": "Quyết định số 315/QĐ-BQL",
    "awards.1.date": dt.date(2024, 12, 20),
    "awards.1.issuer": "Trưởng Ban Quản lý",
    "paper.title": "Số hóa hồ sơ một cửa",
    "consent.date": dt.date(2025, 5, 20),
    "consent.note": "Phiếu đồng ý, lưu tại Văn phòng",
    "story": "Ông An làm việc ở bộ phận một cửa từ năm 2015.",
}
"""The template's example row, by profile field: it goes under its own column whatever the columns' order."""
_BY_FOLDED = {fold(clean_line(header)): key for header, key in COLUMNS.items()}
KINDS = {"ca nhan": "individual", "individual": "individual", "tap the": "collective", "collective": "collective"}

_NOT_XLSX = ("không phải tệp Excel .xlsx đọc được (có thể là tệp .xls cũ, tệp có mật khẩu hoặc tệp hỏng); "
             "hãy mở bằng Excel, gỡ mật khẩu nếu có, rồi lưu lại dạng Excel Workbook (.xlsx)")


@dataclass
class ImportResult:
    """What an import did."""

    created: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Rows not imported because their profile file exists already."""


def _number(n: int) -> str:
    """A count as Vietnamese write it: 32.767."""
    return f"{n:,}".replace(",", ".")


def _cell(value: Any) -> Any:
    """A spreadsheet cell as text, a number or a truth value: dates to ISO dates, stray spaces removed."""
    if value is None or isinstance(value, (bool, int)):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    # Stray spaces (doubled, leading, non-breaking) go; line breaks stay for lists and stories.
    text = "\n".join(clean_line(line) for line in str(value).replace("\r\n", "\n").split("\n")).strip()
    return text or None


def _collect(rows: Iterable[tuple[int, Sequence[Any]]]) -> list[tuple[int, list[Any]]]:
    """The rows with something in them (a header and at most `MAX_ROWS` more), at most `MAX_COLUMNS` wide."""
    kept: list[tuple[int, list[Any]]] = []
    empty: object = None
    for number, cells in rows:
        # A sheet may hold a million empty rows: skipped as they come, never kept, and quickly (openpyxl gives
        # the rows it fills in as one shared tuple).
        if cells is empty:
            continue
        if cells.count(None) + cells.count("") == len(cells):
            empty = cells
            continue
        if len(kept) > MAX_ROWS:
            raise ReadError(f"tệp có hơn {_number(MAX_ROWS)} dòng đề cử; hãy chia thành nhiều tệp nhỏ hơn", number)
        kept.append((number, list(cells[:MAX_COLUMNS])))
    return kept


def _caused_by_defusedxml(error: BaseException | None) -> bool:
    import defusedxml

    while error is not None:
        if isinstance(error, defusedxml.DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _xlsx_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """The rows of the first sheet of an .xlsx held in `data`."""
    import openpyxl

    # openpyxl parses with defusedxml when it is installed and OPENPYXL_DEFUSEDXML is not "False": never
    # read a spreadsheet otherwise (XML entities can expand a small file into gigabytes).
    if not openpyxl.DEFUSEDXML:
        raise ReadError("không đọc tệp .xlsx khi chưa có thư viện defusedxml (chống XML độc hại); hãy chạy "
                        "`make setup` và bỏ biến môi trường OPENPYXL_DEFUSEDXML")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ReadError(_NOT_XLSX) from None
    # Reading a part stops at the size the archive declares for it, so declared sizes bound the work.
    if sum(p.file_size for p in parts if not p.filename.startswith("xl/media/")) > MAX_UNPACKED_BYTES:
        raise ReadError(f"tệp .xlsx khi giải nén quá lớn (hơn {MAX_UNPACKED_BYTES // 1_000_000} MB, không kể ảnh); "
                        "hãy chép các dòng đề cử sang mẫu trống từ `vinhdanh import --template`")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns in English about what it cannot read
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            if not book.worksheets:
                raise ReadError("tệp không có trang tính nào")
            sheet = book.worksheets[0]
            # The size a sheet declares is not trusted: rows are read as they come, and only so wide.
            sheet.reset_dimensions()
            return _collect(enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), 1))
    except ReadError:
        raise
    except Exception as error:  # openpyxl raises anything on a malformed file; a message, never a traceback
        if _caused_by_defusedxml(error):
            raise ReadError("tệp .xlsx có định nghĩa thực thể XML (DTD), điều Excel không bao giờ ghi và có thể dùng "
                            "để tấn công; hãy mở bằng Excel và lưu lại, hoặc dùng mẫu từ "
                            "`vinhdanh import --template`") from None
        raise ReadError(_NOT_XLSX) from None


def _delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most template columns, then the most columns.

    Excel writes `,` or `;` as the computer's regional settings say, and the template's headers contain both,
    so the header row is split by each candidate rather than guessed from its characters.
    """
    def score(delimiter: str) -> tuple[int, int]:
        header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        return sum(fold(clean_line(h)) in _BY_FOLDED for h in header), len(header)

    return max(",;\t", key=score)


def _csv_rows(text: str) -> list[tuple[int, list[Any]]]:
    """The rows of a CSV file's text: RFC 4180 quoting (doubled quotes), delimiter `,`, `;` or tab."""
    limit = csv.field_size_limit()
    # A long field is reported with its row and column (`MAX_CELL`), not refused by the csv module.
    csv.field_size_limit(max(limit, len(text) + 1))
    reader = None
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        return _collect(enumerate(reader, 1))
    except csv.Error:
        raise ReadError("tệp CSV không đọc được từ dòng này; hãy mở bằng Excel và lưu lại dạng CSV UTF-8",
                        reader.line_num if reader else 1) from None
    finally:
        csv.field_size_limit(limit)


def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the rows with something in them, header first, of the first sheet of an .xlsx
    or of a .csv (UTF-8); cells as the file holds them.

    The file named on the command line is followed if it is a link, and read only if it is a regular file
    of at most `MAX_IMPORT_BYTES` (not a folder, a device or a FIFO, which would block).
    """
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ReadError("chỉ nhận tệp .xlsx hoặc .csv (tệp .xls cũ: mở bằng Excel rồi lưu lại dạng .xlsx)")
    data = read_input(path, Path(os.path.realpath(path)).parent, MAX_IMPORT_BYTES)
    return _xlsx_rows(data) if suffix == ".xlsx" else _csv_rows(decode(data))


def _column(headers: list[str], column: int) -> str:
    """A column as problems name it: by its header as the file writes it ("cột 'Năm sinh'"), or by its letter
    where it has none ("cột C")."""
    header = headers[column] if column < len(headers) else ""
    return f"cột '{header}'" if header else f"cột {get_column_letter(column + 1)}"


def _clean_cells(source: Path, row: int, cells: list[Any], headers: list[str], problems: Problems) -> list[Any]:
    """A row's cells cleaned (`_cell`), invisible characters removed with a warning naming the cell; a
    formula's error value or an over-long text is an error."""
    cleaned = []
    for column, value in enumerate(cells):
        if isinstance(value, str):
            where = _column(headers, column)
            if value.strip() in ERROR_CODES:
                problems.add(source, row, where, f"chứa giá trị lỗi {value.strip()} của Excel (công thức hỏng hoặc "
                             "ngày không hợp lệ); hãy gõ lại giá trị của ô")
                value = None
            elif len(value) > MAX_CELL:
                problems.add(source, row, where, f"ô dài {_number(len(value))} ký tự, quá giới hạn "
                             f"{_number(MAX_CELL)} ký tự của một ô Excel; hãy rút gọn (câu chuyện dài có thể viết "
                             "thêm vào tệp hồ sơ sau khi nhập)")
                value = None
            else:
                value, kinds = strip_invisible(value)
                if kinds:
                    problems.warn(source, row, where, f"đã xóa ký tự ẩn ({', '.join(kinds)}) trong ô; hãy kiểm tra "
                                  "lại nội dung ô")
        cleaned.append(_cell(value))
    return cleaned


_FIELD = re.compile(r"([a-z_]+)(?:\[(\d+)\])?(?:\.([a-z_]+))?")
_HEADER_OF = {key: header for header, key in COLUMNS.items()}


def _template_key(field_name: str) -> str:
    """The template's key of a profile field as problems name it: `awards[0].date` -> `awards.1.date`,
    `movements[2]` -> `movements` (one cell holds the list)."""
    match = _FIELD.fullmatch(field_name)
    if match is None:
        return field_name
    group, index, name = match.groups()
    if group == "awards" and index is not None:
        group = f"awards.{int(index) + 1}"
    return f"{group}.{name}" if name else group


def _in_cells(problems: Problems, since: int, present: dict[str, str]) -> None:
    """Rename the problems recorded since `since` (a `Problems.mark`) from profile fields to the columns of the
    spreadsheet (`present`: template key -> header as the file writes it), in words about cells."""
    for i in range(since, len(problems.items)):
        problem = problems.items[i]
        key, message = _template_key(problem.field), problem.message
        if key == "consent":  # a form of consent without its date
            key, message = "consent.date", "chưa điền, mà đã ghi hình thức lưu sự đồng ý; hãy ghi ngày đồng ý"
        elif key == "kind" and message.startswith("phải là một trong"):
            message = "phải là 'Cá nhân' hoặc 'Tập thể'"
        elif message == "thiếu trường bắt buộc":
            message = "chưa điền (bắt buộc)" if key in present else "bảng tính không có cột này; hãy thêm cột từ mẫu"
        header = present.get(key) or _HEADER_OF.get(key)
        if header:
            problems.items[i] = replace(problem, field=f"cột '{header}'", message=message)


def _profile_data(headers: list[str], cells: list[Any]) -> tuple[dict[str, Any], str]:
    """The profile fields of one row, and its story."""
    data: dict[str, Any] = {}
    awards: dict[int, dict[str, Any]] = {}
    story = ""
    for header, value in zip(headers, cells, strict=False):
        key = _BY_FOLDED.get(fold(header))
        if key is None or value is None:
            continue
        if key == "story":
            story = str(value)
        elif key == "kind":
            data["kind"] = KINDS.get(fold(str(value)), str(value))
        elif key == "movements":
            data["movements"] = [m.strip() for m in str(value).replace("\n", ";").split(";") if m.strip()]
        elif key == "highlights":
            data["highlights"] = [h.strip(" -•") for h in str(value).split("\n") if h.strip(" -•")]
        elif key.startswith("awards."):
            _, slot, name = key.split(".")
            awards.setdefault(int(slot), {})[name] = value
        elif "." in key:
            group, name = key.split(".")
            data.setdefault(group, {})[name] = value
        else:
            data[key] = value
    if awards:
        data["awards"] = [awards[n] for n in sorted(awards)]
    return data, story


def front_matter(data: ProfileData) -> dict[str, Any]:
    """The fields of a validated profile as its file writes them: numbers as numbers (`birth_year: 1990`),
    dates as ISO text (`'2024-12-20'`, quoted), text cleaned, and nothing that is only a default."""
    return data.model_dump(mode="json", exclude_defaults=True, exclude={"story"})


def write_profile(path: Path, data: dict[str, Any], story: str) -> None:
    """Write a profile file (front matter + story); refuses to replace an existing file or follow a link."""
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110) + "---\n\n" + story.strip()
    with path.open("x", encoding="utf-8") as handle:  # "x": never overwrite (nor write through a link)
        handle.write(text.rstrip() + "\n")


def _headers(source: Path, row: int, cells: list[Any], problems: Problems) -> list[str]:
    """The header row's names, cleaned like any cell; unknown and repeated columns are errors."""
    headers = [clean_line(str(h)) if h is not None else "" for h in _clean_cells(source, row, cells, [], problems)]
    unknown = [h for h in headers if h and fold(h) not in _BY_FOLDED]
    if unknown:
        problems.add(source, row, "", "cột không có trong mẫu: " + ", ".join(f"'{h}'" for h in unknown)
                     + " (dùng mẫu từ `vinhdanh import --template`)")
    seen: dict[str, int] = {}
    for column, header in enumerate(headers):
        if header and fold(header) in seen:
            first, again = get_column_letter(seen[fold(header)] + 1), get_column_letter(column + 1)
            problems.add(source, row, "", f"cột '{header}' có hai lần (cột {first} và {again}); hãy giữ một cột")
        seen.setdefault(fold(header), column)
    return headers


def _file_id(name: str, row: int, taken: dict[str, tuple[int, str]]) -> str:
    """The file name (without `.md`) of a row's profile: `make_id` of the name; a namesake of an earlier row of
    the same file gets the row number too, so that re-importing the file gives every row the same file."""
    base = make_id(name)
    found, n = base, 1
    while found in taken:
        suffix = f"-{row}" + (f"-{n}" if n > 1 else "")
        found, n = base[: MAX_ID - len(suffix)].rstrip("-") + suffix, n + 1
    return found


def import_nominations(source: Path, profiles_dir: Path, registries: Registries, today: dt.date,
                       problems: Problems) -> ImportResult:
    """Validate every row of `source`; write the valid, new ones as draft profiles (only if all are valid)."""
    result = ImportResult()
    try:
        rows = read_rows(source)
    except ReadError as error:
        problems.add(source, error.line, "", error.message)
        return result
    if not rows:
        problems.add(source, 0, "", "tệp không có dòng nào; dùng mẫu từ `vinhdanh import --template`")
        return result
    (header_row, header_cells), *body = rows
    headers = _headers(source, header_row, header_cells, problems)
    present = {key: header for header in headers if (key := _BY_FOLDED.get(fold(header)))}
    if not present:
        # Every row would only repeat "missing field": say once what is wrong.
        problems.add(source, header_row, "", "không có cột nào của mẫu: dòng đầu tiên phải là dòng tên cột của mẫu "
                     "(dùng mẫu từ `vinhdanh import --template`; tệp CSV phân cách bằng dấu phẩy hoặc chấm phẩy)")
        return result
    missing = [header for header, key in COLUMNS.items() if key in REQUIRED and key not in present]
    if missing:
        problems.add(source, header_row, "", "thiếu cột bắt buộc " + ", ".join(f"'{h}'" for h in missing)
                     + " (dùng mẫu từ `vinhdanh import --template`)")
        return result
    pending = []
    taken: dict[str, tuple[int, str]] = {}  # file id -> first row and name that has it
    for row, raw in body:
        cells = _clean_cells(source, row, raw, headers, problems)
        if all(c is None for c in cells):
            continue
        data, story = _profile_data(headers, cells)
        if fold(EXAMPLE_MARK) in fold(str(data.get("name", ""))):
            result.skipped.append(f"dòng {row}: dòng ví dụ của mẫu")
            continue
        data["draft"] = True  # editors review before publishing
        doc = Document(data, {(): row})  # every field of the row reports the row's number as its line
        before, mark = len(problems), problems.mark()
        profile = load_profile(ProfileSource(source, doc, story, source), registries, profiles_dir, today, problems)
        _in_cells(problems, mark, present)
        if profile is None or len(problems) > before:
            continue
        file_id = _file_id(profile.name, row, taken)
        if file_id != make_id(profile.name):
            first_row, first_name = taken[make_id(profile.name)]
            problems.warn(source, row, f"cột '{present['name']}'", f"trùng tên với dòng {first_row} ('{first_name}'), "
                          f"nên được ghi vào {file_id}.md: nếu là một người, hãy xóa một trong hai tệp hồ sơ")
        taken[file_id] = (row, profile.name)
        target = profiles_dir / f"{file_id}.md"
        if any(os.path.lexists(target.with_suffix(s)) for s in (".md", ".yml", ".yaml")):
            result.skipped.append(f"dòng {row}: đã có {target.name}, không ghi đè")
            continue
        pending.append((target, front_matter(profile.data), story))
    if problems:
        return result
    try:
        profiles_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        problems.add(profiles_dir, 0, "", f"không tạo được thư mục hồ sơ: {error.strerror}")
        return result
    for target, data, story in pending:
        try:
            write_profile(target, data, story)
        except FileExistsError:  # created meanwhile by someone else: theirs is kept
            result.skipped.append(f"{target.name}: vừa được tạo trong lúc nhập, không ghi đè")
        except OSError as error:
            problems.add(target, 0, "", f"không ghi được tệp: {error.strerror}")
        else:
            result.created.append(target)
    return result


def report(problems: Problems, source: Path) -> str:
    """Every problem of an import, one a line, then the summary (`Problems.report`); those of the spreadsheet
    located as Excel shows them: `de-cu.xlsx: dòng 4, cột 'Năm sinh': phải là số nguyên`."""
    sheet = problems.relative(source)
    lines = problems.report().splitlines()
    for i, problem in enumerate(problems.sorted()):  # the order `report` printed them in
        if problem.path == sheet and problem.line:
            where = f"dòng {problem.line}" + (f", {problem.field}" if problem.field else "")
            level = "" if problem.level == "error" else "cảnh báo: "
            lines[i] = visible(f"{sheet}: {where}: {level}{problem.message}")
    return "\n".join(lines)


def write_template(path: Path) -> None:
    """The blank nomination template with its Vietnamese headers and one example row (`EXAMPLE`, which
    imports cleanly once its name loses `EXAMPLE_MARK`, and is skipped while it has it)."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.Workbook()
    (sheet,) = book.worksheets  # a new workbook's one sheet
    sheet.title = "De cu"
    sheet.append(list(COLUMNS))
    sheet.append([EXAMPLE.get(key) for key in COLUMNS.values()])
    for cell in sheet[2]:
        if isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"  # as Vietnamese write dates, not Excel's default ISO
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="A3161D")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column in range(1, len(COLUMNS) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 24
    sheet.freeze_panes = "B2"
    with path.open("xb") as handle:  # "x": never overwrite
        book.save(handle)
